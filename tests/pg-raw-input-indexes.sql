-- Copies of raw_inputs with other index sets, for tests/pg-turn-replay.sh (session 39, issue 12: what each of the raw
-- input's indexes costs a kept turn). Each copy has raw_inputs' columns, identity, defaults, primary key, foreign key to
-- practices and the unique (Channel, DedupKey) the turn's ON CONFLICT needs; then the indexes its variant keeps:
-- conv = ("ConversationId"), prac = ("PracticeId"), recv = the mail-only partial IX_raw_inputs_received,
-- convoff/pracoff = the same two with deduplicate_items = off. A variant's turn is tests/pg-turn.sql writing to its copy:
--   for v in all noconv noprac norecv nosecond dedupoff; do
--     sed "s/INSERT INTO raw_inputs /INSERT INTO raw_inputs_$v /" tests/pg-turn.sql > /tmp/turn-$v.sql; done
--   REPLAY_SETUP=tests/pg-raw-input-indexes.sql tests/pg-turn-replay.sh /tmp/turn-all.sql /tmp/turn-noconv.sql ...
-- (the replay empties every raw_inputs* table before each run).
DO $$
DECLARE v text; sets text[][] := ARRAY[
  ['all',      'conv,prac,recv'],
  ['noconv',   'prac,recv'],
  ['noprac',   'conv,recv'],
  ['norecv',   'conv,prac'],
  ['nosecond', 'recv'],
  ['dedupoff', 'convoff,pracoff,recv']];
  i int; t text; parts text;
BEGIN
  FOR i IN 1 .. array_length(sets, 1) LOOP
    t := 'raw_inputs_' || sets[i][1]; parts := sets[i][2];
    EXECUTE format('CREATE TABLE %I (LIKE raw_inputs INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION)', t);
    EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY ("Id")', t);
    EXECUTE format('ALTER TABLE %I ADD FOREIGN KEY ("PracticeId") REFERENCES practices ("Id") ON DELETE SET NULL', t);
    EXECUTE format('CREATE UNIQUE INDEX ON %I ("Channel", "DedupKey")', t);
    IF parts ~ '\mconv\M' THEN EXECUTE format('CREATE INDEX ON %I ("ConversationId")', t); END IF;
    IF parts ~ '\mprac\M' THEN EXECUTE format('CREATE INDEX ON %I ("PracticeId")', t); END IF;
    IF parts ~ '\mconvoff\M' THEN EXECUTE format('CREATE INDEX ON %I ("ConversationId") WITH (deduplicate_items = off)', t); END IF;
    IF parts ~ '\mpracoff\M' THEN EXECUTE format('CREATE INDEX ON %I ("PracticeId") WITH (deduplicate_items = off)', t); END IF;
    IF parts ~ '\mrecv\M' THEN EXECUTE format('CREATE INDEX ON %I ("Channel", "Id") WHERE "Outcome" = ''received'' AND "Channel" = ''email''', t); END IF;
  END LOOP;
END $$;
