using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// A search found in most practices is paged without reading all its matches (<c>ReviewQueries</c>: a search with no
    /// other filter). <c>regin_search_numbers_below(words, enough)</c> reads the English configuration's matches through
    /// its partial GIN index, then the other eight's at once (as <c>regin_search_numbers</c> reads all nine), and returns
    /// their numbers, or NULL as soon as there are <c>enough</c>: the count of a search found in 98% of 100,000
    /// practices then reads one language's part of the index (12,000 matches) instead of all of it (98,000 matches and
    /// the heap row of each: 60–100 ms), and a narrower search reads its matches once, as before.
    /// <c>regin_search_matches(practice, words)</c> tests one practice on its own row with its own configuration, for a
    /// page walked along the sort's index; its COST makes the planner apply it after every cheaper condition.
    /// </summary>
    public partial class SearchCountedByLanguage : Migration
    {
        private static readonly string[] Configurations = ["en", "fr", "de", "es", "it", "pt", "sv", "el", "simple"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Two static statements, each plan kept by PL/pgSQL: English first (its partial index's predicate written out), then
            // the other eight at once (a BitmapOr, as in regin_search_numbers). One statement per configuration would visit the
            // heap once each: every configuration's rows are spread over all of the table's pages (9 × 3,000 at 100,000).
            var others = string.Join("\n            OR ", Configurations.Skip(1).Select(c => $"(config = 'regin_{c}'::regconfig AND document @@ to_tsquery('regin_{c}', words))"));
            migrationBuilder.Sql($"""
                CREATE FUNCTION regin_search_numbers_below(words text, enough integer) RETURNS integer[] LANGUAGE plpgsql STABLE
                SET enable_seqscan = off SET jit = off AS $$
                DECLARE
                    numbers integer[];
                BEGIN
                    SELECT coalesce(array_agg(number), ARRAY[]::integer[]) INTO numbers FROM practice_search
                    WHERE config = 'regin_{Configurations[0]}'::regconfig AND document @@ to_tsquery('regin_{Configurations[0]}', words);
                    IF cardinality(numbers) >= enough THEN RETURN NULL; END IF;
                    SELECT numbers || coalesce(array_agg(number), ARRAY[]::integer[]) INTO numbers FROM practice_search
                    WHERE {others};
                    IF cardinality(numbers) >= enough THEN RETURN NULL; END IF;
                    RETURN numbers;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION regin_search_matches(practice uuid, words text) RETURNS boolean LANGUAGE sql STABLE COST 1000 AS $$
                    SELECT EXISTS (SELECT 1 FROM practice_search AS s WHERE s.practice_id = practice AND s.document @@ to_tsquery(s.config, words))
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS regin_search_matches(uuid, text);");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS regin_search_numbers_below(text, integer);");
        }
    }
}
