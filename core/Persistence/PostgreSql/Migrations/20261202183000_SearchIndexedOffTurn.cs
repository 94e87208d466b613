using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// The search documents are written off the writers' path. Before, a deferred trigger rebuilt the document of every
    /// practice a transaction marked at its commit: on every chat answer, <c>to_tsvector</c> over all of the practice's
    /// answers (17% of the server's CPU in a turn, growing with the practice). Now a writer only marks the practice in
    /// <c>practice_search_stale</c>, with the id of its transaction (<c>marked</c>), and <c>regin_search_index(most, wait)</c>
    /// writes the documents of up to <c>most</c> marked practices and removes their marks: called by the hosts'
    /// background indexer (<c>PostgreSqlSearchIndexer</c>) soon after commits, and by a search before it reads (so a
    /// search is never behind). A mark is removed only while it still holds the transaction id read before the documents
    /// were written and no writer holds it (<c>SKIP LOCKED</c>): a writer that marked the practice again meanwhile, or is
    /// still writing it, leaves its mark for the next call, and no answer is ever left out of the index. One indexer at a
    /// time across hosts (a transaction advisory lock: the others skip their turn, or wait with <c>wait</c>). The marks
    /// now do nothing when nothing they feed changed: an UPDATE that leaves the text and the practice as they were, a
    /// practice inserted (its answers mark it) or updated without a new language.
    /// </summary>
    public partial class SearchIndexedOffTurn : Migration
    {
        // As the migration SearchByLanguage writes a document.
        private const string Document = """
            to_tsvector(regin_search_config(p."Language"),
                regexp_replace(coalesce(string_agg(a."Original", ' '), ''), '[[:punct:]«»‹›–—‐“”‘’‚„…·¿¡]', ' ', 'g'))
            """;

        /// <summary>The indexer's advisory lock: the two-key form, apart from the application's single 64-bit keys.</summary>
        internal const string IndexerLock = "hashtext('regin'), hashtext('search-index')";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS practice_search_refresh ON practice_search_stale;
                DROP FUNCTION IF EXISTS regin_search_refresh();
                DROP TRIGGER IF EXISTS practice_search_answers ON "answers";
                DROP TRIGGER IF EXISTS practice_search_language ON "practices";
                ALTER TABLE practice_search_stale ADD COLUMN marked bigint NOT NULL DEFAULT 0;
                """);
            // The practice's row first (see SearchMarkLocksPractice), then the mark with this transaction's id; the
            // conflicting mark is locked to the commit even when it holds that id already (ON CONFLICT DO UPDATE locks it).
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
            // Each statement of a PL/pgSQL function takes its own snapshot: the documents are written from answers committed
            // after the marks were read, and a mark is removed only if it still holds the id read (a writer that marked the
            // practice since, committed or not, keeps it) and no writer holds it now. A practice gone has no document (its
            // row went with it) and loses its mark. -1: another indexer holds the lock (and wait is false).
            migrationBuilder.Sql($"""
                CREATE FUNCTION regin_search_index(most integer, wait boolean) RETURNS integer LANGUAGE plpgsql AS $$
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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Whatever is still marked is indexed first; then the deferred refresh of SearchByLanguage and the marks of
            // SearchMarkLocksPractice come back.
            migrationBuilder.Sql("""
                SELECT regin_search_index(2147483647, true);
                DROP FUNCTION regin_search_index(integer, boolean);
                DROP TRIGGER IF EXISTS practice_search_answer_added ON "answers";
                DROP TRIGGER IF EXISTS practice_search_answer_changed ON "answers";
                DROP TRIGGER IF EXISTS practice_search_answer_removed ON "answers";
                DROP TRIGGER IF EXISTS practice_search_language ON "practices";
                DELETE FROM practice_search_stale;
                ALTER TABLE practice_search_stale DROP COLUMN marked;
                """);
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION regin_search_mark() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_TABLE_NAME = 'practices' THEN
                        INSERT INTO practice_search_stale VALUES (NEW."Id") ON CONFLICT DO NOTHING;
                        RETURN NULL;
                    END IF;
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        PERFORM 1 FROM "practices" WHERE "Id" = OLD."PracticeId" FOR NO KEY UPDATE;
                        INSERT INTO practice_search_stale VALUES (OLD."PracticeId") ON CONFLICT DO NOTHING;
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        PERFORM 1 FROM "practices" WHERE "Id" = NEW."PracticeId" FOR NO KEY UPDATE;
                        INSERT INTO practice_search_stale VALUES (NEW."PracticeId") ON CONFLICT DO NOTHING;
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql($"""
                CREATE FUNCTION regin_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM practice_search_stale WHERE practice_id = NEW.practice_id;
                    INSERT INTO practice_search (practice_id, number, config, document)
                    SELECT p."Id", p."Number", regin_search_config(p."Language"), {Document}
                    FROM "practices" AS p LEFT JOIN "answers" AS a ON a."PracticeId" = p."Id"
                    WHERE p."Id" = NEW.practice_id
                    GROUP BY p."Id", p."Number", p."Language"
                    ON CONFLICT (practice_id) DO UPDATE SET number = EXCLUDED.number, config = EXCLUDED.config, document = EXCLUDED.document;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER practice_search_answers AFTER INSERT OR DELETE OR UPDATE OF "Original", "PracticeId" ON "answers"
                    FOR EACH ROW EXECUTE FUNCTION regin_search_mark();
                CREATE TRIGGER practice_search_language AFTER INSERT OR UPDATE OF "Language" ON "practices"
                    FOR EACH ROW EXECUTE FUNCTION regin_search_mark();
                CREATE CONSTRAINT TRIGGER practice_search_refresh AFTER INSERT ON practice_search_stale
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION regin_search_refresh();
                """);
        }
    }
}
