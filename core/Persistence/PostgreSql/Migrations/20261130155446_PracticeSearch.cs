using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// The review list's search: one tsvector per practice (table <c>practice_search</c>, GIN index) over the words of
    /// all its answers, built with the text search configuration of the practice's language (<c>regin_en</c> ...
    /// <c>regin_sv</c>: PostgreSQL's stemmer of that language after <c>unaccent</c>; Greek stems where PostgreSQL has
    /// a <c>greek</c> configuration (16 and later), else its words are kept whole, as for any other language).
    /// Triggers keep it right for every writer: a change to an answer (or to the practice's language) marks the
    /// practice in <c>practice_search_stale</c>, and a deferred trigger rebuilds each marked practice once, at commit.
    /// </summary>
    public partial class PracticeSearch : Migration
    {
        // A practice's document: its answers' words. Punctuation becomes space first, so that a word reads the same in
        // the document as alone in a search (PostgreSQL's parser reads "x-123" as x and -123, "a@b.org" as one token).
        private const string Document = """
            to_tsvector(regin_search_config(p."Language"),
                regexp_replace(coalesce(string_agg(a."Original", ' '), ''), '[[:punct:]«»‹›–—‐“”‘’‚„…·¿¡]', ' ', 'g'))
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS unaccent;");
            migrationBuilder.Sql("""
                DO $$
                DECLARE
                    pair text[];
                    dictionary text;
                BEGIN
                    FOREACH pair SLICE 1 IN ARRAY ARRAY[
                        ['en', 'english'], ['fr', 'french'], ['de', 'german'], ['es', 'spanish'], ['it', 'italian'],
                        ['pt', 'portuguese'], ['sv', 'swedish'], ['el', 'greek'], ['simple', 'simple']]
                    LOOP
                        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_ts_config WHERE cfgname = pair[2]) THEN
                            pair[2] := 'simple';
                        END IF;
                        dictionary := CASE WHEN pair[2] = 'simple' THEN 'simple' ELSE pair[2] || '_stem' END;
                        EXECUTE format('CREATE TEXT SEARCH CONFIGURATION regin_%s (COPY = pg_catalog.%I)', pair[1], pair[2]);
                        EXECUTE format('ALTER TEXT SEARCH CONFIGURATION regin_%s ALTER MAPPING FOR hword, hword_part, word WITH unaccent, %I',
                            pair[1], dictionary);
                    END LOOP;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION regin_search_config(language text) RETURNS regconfig LANGUAGE sql STABLE AS $$
                    SELECT CASE language
                        WHEN 'en' THEN 'regin_en' WHEN 'fr' THEN 'regin_fr' WHEN 'de' THEN 'regin_de' WHEN 'es' THEN 'regin_es'
                        WHEN 'it' THEN 'regin_it' WHEN 'pt' THEN 'regin_pt' WHEN 'sv' THEN 'regin_sv' WHEN 'el' THEN 'regin_el'
                        ELSE 'regin_simple' END::regconfig
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE practice_search (
                    practice_id uuid PRIMARY KEY REFERENCES "practices" ("Id") ON DELETE CASCADE,
                    document tsvector NOT NULL);
                CREATE INDEX practice_search_document ON practice_search USING gin (document);
                CREATE TABLE practice_search_stale (practice_id uuid PRIMARY KEY);
                """);
            migrationBuilder.Sql($"""
                INSERT INTO practice_search (practice_id, document)
                SELECT p."Id", {Document}
                FROM "practices" AS p LEFT JOIN "answers" AS a ON a."PracticeId" = p."Id"
                GROUP BY p."Id", p."Language";
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION regin_search_mark() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_TABLE_NAME = 'practices' THEN
                        INSERT INTO practice_search_stale VALUES (NEW."Id") ON CONFLICT DO NOTHING;
                        RETURN NULL;
                    END IF;
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        INSERT INTO practice_search_stale VALUES (OLD."PracticeId") ON CONFLICT DO NOTHING;
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        INSERT INTO practice_search_stale VALUES (NEW."PracticeId") ON CONFLICT DO NOTHING;
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql($"""
                CREATE FUNCTION regin_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM practice_search_stale WHERE practice_id = NEW.practice_id;
                    INSERT INTO practice_search (practice_id, document)
                    SELECT p."Id", {Document}
                    FROM "practices" AS p LEFT JOIN "answers" AS a ON a."PracticeId" = p."Id"
                    WHERE p."Id" = NEW.practice_id
                    GROUP BY p."Id", p."Language"
                    ON CONFLICT (practice_id) DO UPDATE SET document = EXCLUDED.document;
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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS practice_search_language ON "practices";
                DROP TRIGGER IF EXISTS practice_search_answers ON "answers";
                DROP TABLE IF EXISTS practice_search_stale;
                DROP TABLE IF EXISTS practice_search;
                DROP FUNCTION IF EXISTS regin_search_refresh();
                DROP FUNCTION IF EXISTS regin_search_mark();
                DROP FUNCTION IF EXISTS regin_search_config(text);
                DROP TEXT SEARCH CONFIGURATION IF EXISTS regin_en, regin_fr, regin_de, regin_es, regin_it, regin_pt, regin_sv, regin_el, regin_simple;
                """);
        }
    }
}
