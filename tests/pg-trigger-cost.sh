#!/usr/bin/env bash
# Cost of the answers' triggers per row on PostgreSQL: the answers of 200 practices copied onto 200 new practices, in a
# transaction rolled back, with each set of triggers disabled in turn (ALTER TABLE ... DISABLE TRIGGER, rolled back too).
# Usage: trigger-bench.sh "psql connection args" [rounds]
set -euo pipefail
conn="$1"; rounds="${2:-3}"
variant() { # name, statements disabling triggers
cat <<SQL
\\echo variant $1
BEGIN;
CREATE TEMP TABLE bench_src ON COMMIT DROP AS SELECT p."Id" AS old_id, gen_random_uuid() AS new_id, (2000000 + row_number() OVER (ORDER BY p."Number"))::int AS num FROM practices p WHERE p."Number" BETWEEN 5001 AND 5200;
INSERT INTO practices ("Id","Number","Status","Language","Channels","ContributorEmail","CreatedAt","UpdatedAt","SubmittedAt","ConcurrencyStamp")
  SELECT s.new_id, s.num, p."Status", p."Language", p."Channels", p."ContributorEmail", p."CreatedAt", p."UpdatedAt", p."SubmittedAt", gen_random_uuid() FROM bench_src s JOIN practices p ON p."Id" = s.old_id;
SET CONSTRAINTS ALL IMMEDIATE;
SET CONSTRAINTS ALL DEFERRED;
$2
\\timing on
\\echo other
INSERT INTO answers SELECT s.new_id, a."QuestionId", a."ValueJson", a."Original", a."OtherText", a."UpdatedAt", a."UpdatedBy" FROM bench_src s JOIN answers a ON a."PracticeId" = s.old_id WHERE a."QuestionId" NOT IN ('integration_areas', 'target_groups');
\\echo codes
INSERT INTO answers SELECT s.new_id, a."QuestionId", a."ValueJson", a."Original", a."OtherText", a."UpdatedAt", a."UpdatedBy" FROM bench_src s JOIN answers a ON a."PracticeId" = s.old_id WHERE a."QuestionId" IN ('integration_areas', 'target_groups');
\\echo edit
UPDATE answers SET "ValueJson" = "ValueJson" WHERE "PracticeId" IN (SELECT new_id FROM bench_src) AND "QuestionId" IN ('integration_areas', 'target_groups');
\\echo commit
SET CONSTRAINTS ALL IMMEDIATE;
\\timing off
ROLLBACK;
SQL
}
no_codes=$(cat <<'SQL'
DO $$ DECLARE t name; BEGIN FOR t IN SELECT tgname FROM pg_trigger WHERE tgrelid = 'answers'::regclass AND tgname LIKE 'practice_codes%' LOOP EXECUTE format('ALTER TABLE answers DISABLE TRIGGER %I', t); END LOOP; END $$;
SQL
)
{
for r in $(seq 1 "$rounds"); do
  variant none 'ALTER TABLE answers DISABLE TRIGGER USER;'
  variant all ''
  variant no-codes "$no_codes"
  variant no-search "${no_codes//practice_codes/practice_search}"
done
} | psql $conn -q 2>&1 | awk '/^variant/ {v=$2} /^(other|codes|edit|commit)$/ {w=$1} /^Time:/ {print v, w, $2}' | sort | awk '{k=$1" "$2; if (!(k in m) || $3 < m[k]) m[k]=$3; n[k]++} END {for (k in m) printf "%-20s min %8.2f ms of %d\n", k, m[k], n[k]}' | sort
