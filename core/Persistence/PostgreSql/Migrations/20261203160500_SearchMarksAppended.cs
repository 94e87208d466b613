using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// The search marks (migration <see cref="SearchIndexedOffTurn"/>) are appended, not upserted. Before, every answer
    /// written took its practice's row (<c>FOR NO KEY UPDATE</c>, so that the mark's key in <c>practice_search_stale</c>
    /// could not deadlock two writers: <see cref="SearchMarkLocksPractice"/>) and then upserted the practice's one mark
    /// with its transaction id (<c>INSERT ... ON CONFLICT DO UPDATE</c>, a speculative insertion or a locked update): a
    /// chat turn's answer paid ~3 WAL records and a conflict check for it. Now a mark is a plain row (the practice's
    /// id, no key: nothing to wait for, so no row lock is needed), written once per practice and transaction (the
    /// transaction's last marked practice is kept in the setting <c>regin.search_marked</c>, local to the transaction
    /// and undone with a rolled back savepoint; the answers' triggers check it in their WHEN, so a mail's or a merge's
    /// further answers call no function at all). <c>regin_search_index</c> reads the marks of up to <c>most</c> practices
    /// (the rows themselves, by their <c>ctid</c>), writes their documents from what is committed when it writes them,
    /// and removes exactly the marks it read: a writer's mark committed meanwhile, or not committed yet, is a row the
    /// round never saw and stays for the next round, so no answer is left out of the index. It forgets the transaction's
    /// marked practice (a search catching up inside a writing transaction removes that transaction's marks: its later
    /// answers mark again).
    /// </summary>
    public partial class SearchMarksAppended : Migration
    {
        // As the migration SearchByLanguage writes a document.
        private const string Document = """
            to_tsvector(regin_search_config(p."Language"),
                regexp_replace(coalesce(string_agg(a."Original", ' '), ''), '[[:punct:]«»‹›–—‐“”‘’‚„…·¿¡]', ' ', 'g'))
            """;

        private const string IndexerLock = SearchIndexedOffTurn.IndexerLock;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The marks kept as they are (one row per practice).
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS practice_search_answer_added ON "answers";
                DROP TRIGGER IF EXISTS practice_search_answer_changed ON "answers";
                DROP TRIGGER IF EXISTS practice_search_answer_removed ON "answers";
                DROP TRIGGER IF EXISTS practice_search_language ON "practices";
                ALTER TABLE practice_search_stale DROP CONSTRAINT practice_search_stale_pkey;
                ALTER TABLE practice_search_stale DROP COLUMN marked;
                CREATE INDEX practice_search_stale_practice ON practice_search_stale (practice_id);
                """);
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION regin_search_mark() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    practice uuid;
                    marked text;
                BEGIN
                    IF TG_TABLE_NAME = 'practices' THEN
                        practice := NEW."Id";
                    ELSIF TG_OP = 'DELETE' THEN
                        practice := OLD."PracticeId";
                    ELSE
                        IF TG_OP = 'UPDATE' AND OLD."PracticeId" IS DISTINCT FROM NEW."PracticeId" THEN
                            INSERT INTO practice_search_stale (practice_id) VALUES (OLD."PracticeId");
                        END IF;
                        practice := NEW."PracticeId";
                    END IF;
                    IF current_setting('regin.search_marked', true) IS DISTINCT FROM practice::text THEN
                        INSERT INTO practice_search_stale (practice_id) VALUES (practice);
                        -- An assignment, not PERFORM: evaluated as a simple expression, without a query of its own.
                        marked := set_config('regin.search_marked', practice::text, true);
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER practice_search_answer_added AFTER INSERT ON "answers" FOR EACH ROW
                    WHEN (current_setting('regin.search_marked', true) IS DISTINCT FROM NEW."PracticeId"::text)
                    EXECUTE FUNCTION regin_search_mark();
                CREATE TRIGGER practice_search_answer_changed AFTER UPDATE OF "Original", "PracticeId" ON "answers" FOR EACH ROW
                    WHEN (OLD."Original" IS DISTINCT FROM NEW."Original" OR OLD."PracticeId" IS DISTINCT FROM NEW."PracticeId")
                    EXECUTE FUNCTION regin_search_mark();
                CREATE TRIGGER practice_search_answer_removed AFTER DELETE ON "answers" FOR EACH ROW
                    WHEN (current_setting('regin.search_marked', true) IS DISTINCT FROM OLD."PracticeId"::text)
                    EXECUTE FUNCTION regin_search_mark();
                CREATE TRIGGER practice_search_language AFTER UPDATE OF "Language" ON "practices" FOR EACH ROW
                    WHEN (OLD."Language" IS DISTINCT FROM NEW."Language") EXECUTE FUNCTION regin_search_mark();
                """);
            // One statement reads the marks of up to `most` practices (one snapshot); the documents are written by a later
            // statement (a later snapshot: everything those marks stand for is committed by then); the marks removed are
            // the rows read, by their ctid (nothing updates a mark, and only an indexer, one at a time, removes one).
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION regin_search_index(most integer, wait boolean) RETURNS integer LANGUAGE plpgsql AS $$
                DECLARE
                    ids uuid[];
                    marks tid[];
                BEGIN
                    IF wait THEN
                        PERFORM pg_advisory_xact_lock({IndexerLock});
                    ELSIF NOT pg_try_advisory_xact_lock({IndexerLock}) THEN
                        RETURN -1;
                    END IF;
                    PERFORM set_config('regin.search_marked', '', true);
                    SELECT array_agg(DISTINCT s.practice_id), array_agg(s.ctid) INTO ids, marks
                    FROM practice_search_stale AS s
                    WHERE s.practice_id IN (SELECT DISTINCT m.practice_id FROM practice_search_stale AS m ORDER BY m.practice_id LIMIT most);
                    IF ids IS NULL THEN
                        RETURN 0;
                    END IF;
                    INSERT INTO practice_search (practice_id, number, config, document)
                    SELECT p."Id", p."Number", regin_search_config(p."Language"), {Document}
                    FROM "practices" AS p LEFT JOIN "answers" AS a ON a."PracticeId" = p."Id"
                    WHERE p."Id" = ANY (ids)
                    GROUP BY p."Id", p."Number", p."Language"
                    ORDER BY p."Id"
                    ON CONFLICT (practice_id) DO UPDATE SET number = EXCLUDED.number, config = EXCLUDED.config, document = EXCLUDED.document;
                    DELETE FROM practice_search_stale WHERE ctid = ANY (marks);
                    RETURN cardinality(ids);
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to one keyed mark per practice (SearchIndexedOffTurn, SearchMarkLocksPractice).
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS practice_search_answer_added ON "answers";
                DROP TRIGGER IF EXISTS practice_search_answer_changed ON "answers";
                DROP TRIGGER IF EXISTS practice_search_answer_removed ON "answers";
                DROP TRIGGER IF EXISTS practice_search_language ON "practices";
                DELETE FROM practice_search_stale AS s USING practice_search_stale AS t
                    WHERE s.practice_id = t.practice_id AND s.ctid > t.ctid;
                DROP INDEX practice_search_stale_practice;
                ALTER TABLE practice_search_stale ADD PRIMARY KEY (practice_id);
                ALTER TABLE practice_search_stale ADD COLUMN marked bigint NOT NULL DEFAULT 0;
                """);
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION regin_search_mark() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    practice uuid;
                BEGIN
                    IF TG_TABLE_NAME = 'practices' THEN
                        practice := NEW."Id";
                    ELSIF TG_OP = 'DELETE' THEN
                        practice := OLD."PracticeId";
                    ELSE
                        IF TG_OP = 'UPDATE' AND OLD."PracticeId" IS DISTINCT FROM NEW."PracticeId" THEN
                            PERFORM 1 FROM "practices" WHERE "Id" = OLD."PracticeId" FOR NO KEY UPDATE;
                            INSERT INTO practice_search_stale AS s (practice_id, marked) VALUES (OLD."PracticeId", txid_current())
                            ON CONFLICT (practice_id) DO UPDATE SET marked = EXCLUDED.marked WHERE s.marked <> EXCLUDED.marked;
                        END IF;
                        practice := NEW."PracticeId";
                    END IF;
                    PERFORM 1 FROM "practices" WHERE "Id" = practice FOR NO KEY UPDATE;
                    INSERT INTO practice_search_stale AS s (practice_id, marked) VALUES (practice, txid_current())
                    ON CONFLICT (practice_id) DO UPDATE SET marked = EXCLUDED.marked WHERE s.marked <> EXCLUDED.marked;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER practice_search_answer_added AFTER INSERT ON "answers" FOR EACH ROW EXECUTE FUNCTION regin_search_mark();
                CREATE TRIGGER practice_search_answer_changed AFTER UPDATE OF "Original", "PracticeId" ON "answers" FOR EACH ROW
                    WHEN (OLD."Original" IS DISTINCT FROM NEW."Original" OR OLD."PracticeId" IS DISTINCT FROM NEW."PracticeId")
                    EXECUTE FUNCTION regin_search_mark();
                CREATE TRIGGER practice_search_answer_removed AFTER DELETE ON "answers" FOR EACH ROW EXECUTE FUNCTION regin_search_mark();
                CREATE TRIGGER practice_search_language AFTER UPDATE OF "Language" ON "practices" FOR EACH ROW
                    WHEN (OLD."Language" IS DISTINCT FROM NEW."Language") EXECUTE FUNCTION regin_search_mark();
                """);
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION regin_search_index(most integer, wait boolean) RETURNS integer LANGUAGE plpgsql AS $$
                DECLARE
                    ids uuid[];
                    marks bigint[];
                BEGIN
                    IF wait THEN
                        PERFORM pg_advisory_xact_lock({IndexerLock});
                    ELSIF NOT pg_try_advisory_xact_lock({IndexerLock}) THEN
                        RETURN -1;
                    END IF;
                    SELECT array_agg(m.practice_id ORDER BY m.practice_id), array_agg(m.marked ORDER BY m.practice_id) INTO ids, marks
                    FROM (SELECT practice_id, marked FROM practice_search_stale ORDER BY practice_id LIMIT most) AS m;
                    IF ids IS NULL THEN
                        RETURN 0;
                    END IF;
                    INSERT INTO practice_search (practice_id, number, config, document)
                    SELECT p."Id", p."Number", regin_search_config(p."Language"), {Document}
                    FROM "practices" AS p LEFT JOIN "answers" AS a ON a."PracticeId" = p."Id"
                    WHERE p."Id" = ANY (ids)
                    GROUP BY p."Id", p."Number", p."Language"
                    ORDER BY p."Id"
                    ON CONFLICT (practice_id) DO UPDATE SET number = EXCLUDED.number, config = EXCLUDED.config, document = EXCLUDED.document;
                    DELETE FROM practice_search_stale WHERE practice_id IN (
                        SELECT s.practice_id FROM practice_search_stale AS s JOIN unnest(ids, marks) AS t(id, marked)
                            ON s.practice_id = t.id AND s.marked = t.marked
                        FOR UPDATE OF s SKIP LOCKED);
                    RETURN cardinality(ids);
                END $$;
                """);
        }
    }
}
