using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// The triggers keeping <c>practice_codes</c> (migration <see cref="PracticeCodes"/>) cost about 0.46 ms per answer row
    /// to <c>integration_areas</c> or <c>target_groups</c> at 100,000 practices (INSERT of 379 such rows in a transaction
    /// rolled back: 183 ms with the trigger, 9 ms without) and a function call for every other answer: the rebuild was a
    /// LANGUAGE sql function called from PL/pgSQL, planned again at every call. Now:
    /// <list type="bullet">
    /// <item>an answer to one of the two questions written for the first time adds its codes (a new answer row held no
    /// codes before; the review's stay), as SQLite does since <c>CodesAddedOnInsert</c>;</item>
    /// <item>edits and removals still rebuild the practice's codes, in PL/pgSQL (its statements' plans kept for the
    /// session);</item>
    /// <item>three triggers on the answers, each with its WHEN, so the other answers call no function at all.</item>
    /// </list>
    /// </summary>
    public partial class LeanCodeTriggers : Migration
    {
        private static readonly string Questions = PracticeCodes.Questions;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION regin_codes_refresh(practice uuid) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM "practice_codes" WHERE "PracticeId" = practice;
                    INSERT INTO "practice_codes" ("PracticeId", "Kind", "Code") {PracticeCodes.Codes("practice")}
                    ON CONFLICT DO NOTHING;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION regin_codes_answer_added() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "practice_codes" ("PracticeId", "Kind", "Code")
                    SELECT DISTINCT NEW."PracticeId", CASE NEW."QuestionId" WHEN 'integration_areas' THEN 'area' ELSE 'group' END, c.code
                    FROM regin_json_codes(NEW."ValueJson") AS c(code)
                    ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql($"""
                DROP TRIGGER IF EXISTS practice_codes_answers ON "answers";
                CREATE TRIGGER practice_codes_answer_added AFTER INSERT ON "answers" FOR EACH ROW
                    WHEN (NEW."QuestionId" IN {Questions}) EXECUTE FUNCTION regin_codes_answer_added();
                CREATE TRIGGER practice_codes_answer_changed AFTER UPDATE OF "ValueJson", "QuestionId", "PracticeId" ON "answers" FOR EACH ROW
                    WHEN (OLD."QuestionId" IN {Questions} OR NEW."QuestionId" IN {Questions}) EXECUTE FUNCTION regin_codes_changed();
                CREATE TRIGGER practice_codes_answer_removed AFTER DELETE ON "answers" FOR EACH ROW
                    WHEN (OLD."QuestionId" IN {Questions}) EXECUTE FUNCTION regin_codes_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS practice_codes_answer_removed ON "answers";
                DROP TRIGGER IF EXISTS practice_codes_answer_changed ON "answers";
                DROP TRIGGER IF EXISTS practice_codes_answer_added ON "answers";
                DROP FUNCTION IF EXISTS regin_codes_answer_added();
                CREATE TRIGGER practice_codes_answers AFTER INSERT OR DELETE OR UPDATE OF "ValueJson", "QuestionId", "PracticeId" ON "answers"
                    FOR EACH ROW EXECUTE FUNCTION regin_codes_changed();
                """);
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION regin_codes_refresh(practice uuid) RETURNS void LANGUAGE sql AS $$
                    DELETE FROM "practice_codes" WHERE "PracticeId" = practice;
                    INSERT INTO "practice_codes" ("PracticeId", "Kind", "Code") {PracticeCodes.Codes("practice")}
                    ON CONFLICT DO NOTHING;
                $$;
                """);
        }
    }
}
