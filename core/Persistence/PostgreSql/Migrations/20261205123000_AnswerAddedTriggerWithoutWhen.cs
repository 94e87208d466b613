using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// An answer added calls one trigger function, with no WHEN, instead of three triggers each with its WHEN (the codes,
    /// <see cref="LeanCodeTriggers"/>; the list keys, <see cref="PracticeListKeys"/>; the search mark,
    /// <see cref="SearchMarksAppended"/>). PostgreSQL reads a trigger's WHEN from its stored text and prepares it (the
    /// planner's constant folding and the expression's compilation) once in every statement that may fire it, before it
    /// tests a row: a chat turn's answer, one row in its own statement, paid that three times, about 0.05 ms of the
    /// server's CPU in a turn of ~0.35 ms replayed alone (tests/pg-turn.sql). One WHEN joining the three conditions costs
    /// as much as the three (measured), so there is none: the function tests the same conditions itself, in the same
    /// order as the three triggers fired (by name: codes, keys, search), and does what each did. Edits and removals keep
    /// their triggers (a chat turn does not make them). A statement adding many answers calls the function for every
    /// row where the search mark's WHEN skipped the rows after a practice's first: a call that tests three conditions.
    /// </summary>
    public partial class AnswerAddedTriggerWithoutWhen : Migration
    {
        private const string Codes = PracticeCodes.Questions;
        private const string Keys = "('title', 'country', 'region')";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($$"""
                CREATE FUNCTION regin_answer_added() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    marked text;
                BEGIN
                    IF NEW."QuestionId" IN {{Codes}} THEN
                        INSERT INTO "practice_codes" ("PracticeId", "Kind", "Code")
                        SELECT DISTINCT NEW."PracticeId", CASE NEW."QuestionId" WHEN 'integration_areas' THEN 'area' ELSE 'group' END, c.code
                        FROM regin_json_codes(NEW."ValueJson") AS c(code)
                        ON CONFLICT DO NOTHING;
                    ELSIF NEW."QuestionId" IN {{Keys}} THEN
                        UPDATE "practices" SET
                            "TitleKey" = CASE WHEN NEW."QuestionId" = 'title' THEN coalesce(regin_title_key(NEW."Original"), '') ELSE "TitleKey" END,
                            "CountryCode" = CASE WHEN NEW."QuestionId" = 'country' THEN regin_code(NEW."ValueJson") ELSE "CountryCode" END,
                            "RegionCode" = CASE WHEN NEW."QuestionId" = 'region' THEN regin_code(NEW."ValueJson") ELSE "RegionCode" END
                        WHERE "Id" = NEW."PracticeId";
                    END IF;
                    IF current_setting('regin.search_marked', true) IS DISTINCT FROM NEW."PracticeId"::text THEN
                        INSERT INTO practice_search_stale (practice_id) VALUES (NEW."PracticeId");
                        -- An assignment, not PERFORM: evaluated as a simple expression, without a query of its own.
                        marked := set_config('regin.search_marked', NEW."PracticeId"::text, true);
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("""
                DROP TRIGGER practice_codes_answer_added ON "answers";
                DROP TRIGGER practice_keys_answer_added ON "answers";
                DROP TRIGGER practice_search_answer_added ON "answers";
                CREATE TRIGGER practice_answer_added AFTER INSERT ON "answers" FOR EACH ROW EXECUTE FUNCTION regin_answer_added();
                DROP FUNCTION regin_codes_answer_added();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($$"""
                CREATE FUNCTION regin_codes_answer_added() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "practice_codes" ("PracticeId", "Kind", "Code")
                    SELECT DISTINCT NEW."PracticeId", CASE NEW."QuestionId" WHEN 'integration_areas' THEN 'area' ELSE 'group' END, c.code
                    FROM regin_json_codes(NEW."ValueJson") AS c(code)
                    ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;
                DROP TRIGGER practice_answer_added ON "answers";
                DROP FUNCTION regin_answer_added();
                CREATE TRIGGER practice_codes_answer_added AFTER INSERT ON "answers" FOR EACH ROW
                    WHEN (NEW."QuestionId" IN {{Codes}}) EXECUTE FUNCTION regin_codes_answer_added();
                CREATE TRIGGER practice_keys_answer_added AFTER INSERT ON "answers" FOR EACH ROW
                    WHEN (NEW."QuestionId" IN {{Keys}}) EXECUTE FUNCTION regin_practice_keys();
                CREATE TRIGGER practice_search_answer_added AFTER INSERT ON "answers" FOR EACH ROW
                    WHEN (current_setting('regin.search_marked', true) IS DISTINCT FROM NEW."PracticeId"::text)
                    EXECUTE FUNCTION regin_search_mark();
                """);
        }
    }
}
