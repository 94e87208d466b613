using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// The search looks a practice up with its own language's configuration only, through a GIN index per configuration.
    /// Before, the words were read by all nine configurations and OR-ed against one index: the planner, which prices a
    /// row's tsvector test as if it were free, read the whole table for a broad search (every document unpacked from
    /// TOAST: 1.2 s at 100,000 practices), and the short stems some configurations make of a word ("peer" is 'pe' to the
    /// French stemmer, a prefix of every word in "pe") matched practices in other languages. Each row of
    /// <c>practice_search</c> now carries its practice's number and configuration (written by the same deferred refresh),
    /// and <c>regin_search_numbers(words)</c> returns the numbers found, reading the partial indexes (a BitmapOr of nine
    /// scans, each over one language's documents) with sequential scans turned off inside it.
    /// </summary>
    public partial class SearchByLanguage : Migration
    {
        private static readonly string[] Configurations = ["en", "fr", "de", "es", "it", "pt", "sv", "el", "simple"];

        // As the migration PracticeSearch writes a document, with the practice's number and configuration beside it.
        private const string Document = """
            to_tsvector(regin_search_config(p."Language"),
                regexp_replace(coalesce(string_agg(a."Original", ' '), ''), '[[:punct:]«»‹›–—‐“”‘’‚„…·¿¡]', ' ', 'g'))
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE practice_search ADD COLUMN number integer, ADD COLUMN config regconfig;
                UPDATE practice_search AS s SET number = p."Number", config = regin_search_config(p."Language")
                FROM "practices" AS p WHERE p."Id" = s.practice_id;
                DROP INDEX IF EXISTS practice_search_document;
                """);
            foreach (var configuration in Configurations)
            {
                migrationBuilder.Sql($"CREATE INDEX practice_search_{configuration} ON practice_search USING gin (document) WHERE config = 'regin_{configuration}'::regconfig;");
            }
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION regin_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
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
            // words: a tsquery's text ('peer:* & communicators:*'), read by each configuration for its own documents.
            // A SQL function with SET clauses is planned on its own, with those settings: the bitmap scans of the indexes,
            // never a sequential scan that unpacks every document.
            migrationBuilder.Sql($"""
                CREATE FUNCTION regin_search_numbers(words text) RETURNS integer[] LANGUAGE sql STABLE
                SET enable_seqscan = off SET jit = off AS $$
                    SELECT coalesce(array_agg(number), ARRAY[]::integer[]) FROM practice_search
                    WHERE {string.Join("\n        OR ", Configurations.Select(c => $"(config = 'regin_{c}'::regconfig AND document @@ to_tsquery('regin_{c}', words))"))}
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS regin_search_numbers(text);");
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION regin_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
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
            foreach (var configuration in Configurations)
            {
                migrationBuilder.Sql($"DROP INDEX IF EXISTS practice_search_{configuration};");
            }
            migrationBuilder.Sql("""
                CREATE INDEX practice_search_document ON practice_search USING gin (document);
                ALTER TABLE practice_search DROP COLUMN config, DROP COLUMN number;
                """);
        }
    }
}
