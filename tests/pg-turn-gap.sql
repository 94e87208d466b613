-- tests/pg-turn.sql with a pause of 0.7 ms after each turn (the host's time between two turns of a speed.sh run):
-- the session sleeps between its turns, as it does in the run, instead of taking the next batch at once.
-- A PostgreSQL chat turn's statements as the host sends them (session 33: a kept turn that stores an answer, taken from
-- the server's log of tests/speed.sh turn), for pgbench on a migrated database: one pipelined batch on one session (the
-- host's one round trip: lock and commit setting, the practice's stamp, the answer, its log line, the progress, the raw
-- input, the checks of what the host kept, COMMIT), every statement prepared (-M prepared, as Npgsql's automatic
-- preparation). The profile is not written (an answer changes neither its language nor its conversation); the owner and
-- the profile are checked by one count. Session 32's two-batch turn that read its state: git show 2fc03cd:tests/pg-turn.sql.
-- Session 36: the raw input is one row with its bytes (migration RawInputBytesInRow), checked by the database as it goes
-- with the COMMIT; its bytes' own row before that (a second INSERT in the WITH): git show 7bce310:tests/pg-turn.sql.
-- Fixed values instead of parameters: pgbench reads ":name" as a variable, so the texts avoid colons.
-- Session 39: BEGIN inside the pipeline (Npgsql sends it with the turn's first statement: one round trip), and the raw
-- input's key unique by a UUID (a random number met a stored one every few thousand turns: the run aborted).
-- Setup, once (a draft, its contributor, the conversation's state):
--   INSERT INTO practices ("Id", "Number", "Status", "Language", "Channels", "CreatedAt", "UpdatedAt", "ConcurrencyStamp")
--     VALUES ('7e87c350-a615-4469-a607-65eb1989663d', 1, 'draft', 'en', 'webchat', now(), now(), gen_random_uuid());
--   INSERT INTO contributor_identities ("Channel", "ExternalId", "PracticeId") VALUES ('webchat', 'turn-user-1', '7e87c350-a615-4469-a607-65eb1989663d');
--   INSERT INTO chat_state VALUES ('webchat/conversations/c1/users/u1', '{}', 'e', now()), ('webchat/users/u1', '{}', 'e', now()),
--     ('webchat/conversations/c1/owner', '{}', 'e', now());
-- Or tests/pg-turn-replay.sh, which makes a migrated throw-away database, this setup, and alternates scripts (session 39).
-- Run: pgbench -n -M prepared -c 1 -t 2500 -f tests/pg-turn.sql "host=... port=... user=regin dbname=regin"
-- (with pg_stat_statements: the server's execution a turn; the backend's CPU: /proc of the postmaster's ended children).
\startpipeline
BEGIN;
SELECT pg_advisory_xact_lock(42), set_config('synchronous_commit', 'off', true);
WITH changed AS (UPDATE practices SET "ConcurrencyStamp" = gen_random_uuid(), "UpdatedAt" = now() WHERE "Id" = '7e87c350-a615-4469-a607-65eb1989663d' RETURNING 1) SELECT regin_expect_rows(count(*), 'practice', 3) FROM changed;
INSERT INTO answers ("PracticeId", "QuestionId", "Original", "OtherText", "UpdatedAt", "UpdatedBy", "ValueJson") VALUES ('7e87c350-a615-4469-a607-65eb1989663d', gen_random_uuid()::text, 'www.example.org', NULL, now(), 'webchat|turn-user-d97960785e494f1ca73380432d4f9d14', '"https://www.example.org/"');
INSERT INTO practice_events ("Actor", "At", "Kind", "NewValue", "OldValue", "PracticeId", "QuestionId", "Reason") VALUES ('webchat|turn-user-d97960785e494f1ca73380432d4f9d14', now(), 'answer_set', '"https://www.example.org/"', NULL, '7e87c350-a615-4469-a607-65eb1989663d', 'website', NULL);
WITH changed AS (UPDATE chat_state SET "Document" = "Document", "ETag" = md5(random()::text), "UpdatedAt" = now() WHERE "Key" = 'webchat/conversations/c1/users/u1' RETURNING 1) SELECT regin_expect_rows(count(*), 'chat state', 7) FROM changed;
WITH changed AS (INSERT INTO raw_inputs ("Attempts", "Channel", "Content", "ContentType", "ConversationId", "DedupKey", "LeaseExpiresAt", "Outcome", "OutcomeDetail", "PracticeId", "ReceivedAt") VALUES (0, 'webchat', '\x7b2274797065223a226d657373616765222c226964223a226562613034363037366665333431323862623962396663663863333334653265222c226368616e6e656c4964223a2277656263686174222c227365727669636555726c223a2268747470733a2f2f6c6f61642e696e76616c69642f222c2264656c69766572794d6f6465223a226578706563745265706c696573222c226c6f63616c65223a22656e2d5553222c2266726f6d223a7b226964223a227475726e2d757365722d6439373936303738356534393466316361373333383034333264346639643134222c22726f6c65223a2275736572227d2c22726563697069656e74223a7b226964223a22726567696e2d626f74227d2c22636f6e766572736174696f6e223a7b226964223a227475726e2d3534633037623162343534623461326439316235373362383261333133323436227d2c2274657874223a227777772e6578616d706c652e6f7267227d'::bytea, 'application/json', 'turn-54c07b1b454b4a2d91b573b82a313246', 'turn-54c07b1b454b4a2d91b573b82a313246|' || gen_random_uuid(), NULL, 'received', NULL, '7e87c350-a615-4469-a607-65eb1989663d', now()) ON CONFLICT ("Channel", "DedupKey") DO NOTHING RETURNING 1) SELECT regin_expect_rows(count(*), 'raw input', 9) FROM changed;
SELECT regin_expect_rows(count(*) / 2, 'chat state', 10) FROM chat_state WHERE ("Key" = 'webchat/conversations/c1/owner' AND "ETag" = 'e') OR ("Key" = 'webchat/users/u1' AND "ETag" = 'e');
SELECT regin_expect_rows(count(*), 'open draft', 11) FROM (SELECT p."Id", p."ConcurrencyStamp" FROM practices AS p WHERE p."Id" IN (SELECT i."PracticeId" FROM contributor_identities AS i WHERE i."Channel" = 'webchat' AND i."ExternalId" = 'turn-user-1') AND p."Status" IN ('draft', 'needs_changes') ORDER BY p."Number" DESC LIMIT 1) AS d WHERE d."Id" = '7e87c350-a615-4469-a607-65eb1989663d';
COMMIT;
\endpipeline
\sleep 700 us
