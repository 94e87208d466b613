-- Session 39's prototype, for pgbench only (tests/pg-turn-replay.sh creates it; no migration, the host never calls it): the
-- kept turn of tests/pg-turn.sql as ONE server-side call (PL/pgSQL), to see what the ~10 statements' per-statement
-- overhead (Parse/Bind/Execute, a portal each, the protocol's messages) costs the server. The same writes and checks in the
-- same order, so the same locks (the conversation's advisory lock, the practice's row, the answer, its log line, the
-- chat state's row, the raw input's unique key), and the same errors as regin_expect_rows (SQLSTATE RG409, "... was
-- changed by another writer (batch statement N)"), raised inline (a PERFORM of regin_expect_rows is one more query a check).
-- The kept chat state rows are checked as one count over the keys and their ETags, the open draft as pg-turn.sql does.
-- Measured (README "Chat turn", session 39): 0.01-0.03 ms of server CPU a turn less than the statements (~0.30 ms):
-- not worth a second path for the kept turn. A SQL-language function (planned at every call) cost 2.8x the statements.
CREATE OR REPLACE FUNCTION regin_kept_turn_replay(
    practice uuid, question text, original text, other_text text, actor text, value_json text, event_question text,
    state_key text, raw_channel text, raw_content bytea, raw_content_type text, raw_conversation text, raw_dedup text,
    kept_keys text[], kept_etags text[], contributor_channel text, contributor_id text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(42), set_config('synchronous_commit', 'off', true);
    UPDATE practices SET "ConcurrencyStamp" = gen_random_uuid(), "UpdatedAt" = now() WHERE "Id" = practice;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN RAISE EXCEPTION 'practice was changed by another writer (batch statement 3)' USING ERRCODE = 'RG409'; END IF;
    INSERT INTO answers ("PracticeId", "QuestionId", "Original", "OtherText", "UpdatedAt", "UpdatedBy", "ValueJson")
        VALUES (practice, question, original, other_text, now(), actor, value_json);
    INSERT INTO practice_events ("Actor", "At", "Kind", "NewValue", "OldValue", "PracticeId", "QuestionId", "Reason")
        VALUES (actor, now(), 'answer_set', value_json, NULL, practice, event_question, NULL);
    UPDATE chat_state SET "Document" = "Document", "ETag" = md5(random()::text), "UpdatedAt" = now() WHERE "Key" = state_key;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN RAISE EXCEPTION 'chat state was changed by another writer (batch statement 7)' USING ERRCODE = 'RG409'; END IF;
    INSERT INTO raw_inputs ("Attempts", "Channel", "Content", "ContentType", "ConversationId", "DedupKey", "LeaseExpiresAt", "Outcome", "OutcomeDetail", "PracticeId", "ReceivedAt")
        VALUES (0, raw_channel, raw_content, raw_content_type, raw_conversation, raw_dedup, NULL, 'received', NULL, practice, now())
        ON CONFLICT ("Channel", "DedupKey") DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN RAISE EXCEPTION 'raw input was changed by another writer (batch statement 9)' USING ERRCODE = 'RG409'; END IF;
    SELECT count(*) INTO n FROM chat_state AS s JOIN unnest(kept_keys, kept_etags) AS k(key, etag) ON s."Key" = k.key AND s."ETag" = k.etag;
    IF n <> cardinality(kept_keys) THEN RAISE EXCEPTION 'chat state was changed by another writer (batch statement 10)' USING ERRCODE = 'RG409'; END IF;
    SELECT count(*) INTO n FROM (SELECT p."Id" FROM practices AS p WHERE p."Id" IN (SELECT i."PracticeId" FROM contributor_identities AS i
        WHERE i."Channel" = contributor_channel AND i."ExternalId" = contributor_id) AND p."Status" IN ('draft', 'needs_changes')
        ORDER BY p."Number" DESC LIMIT 1) AS d WHERE d."Id" = practice;
    IF n = 0 THEN RAISE EXCEPTION 'open draft was changed by another writer (batch statement 11)' USING ERRCODE = 'RG409'; END IF;
END $$;
