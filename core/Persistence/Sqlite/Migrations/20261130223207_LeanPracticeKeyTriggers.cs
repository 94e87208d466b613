using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.Sqlite.Migrations
{
    /// <summary>
    /// The list keys' triggers of <see cref="PracticeListKeys"/>, lighter: SQLite runs a row trigger as a sub-program
    /// whose frame (a register for every value of every statement of its body) is allocated and cleared for each row,
    /// before its WHEN clause is even looked at. The title's folding (22 UPDATEs of nested replace calls) in the answers'
    /// triggers made every answer row written cost about 1 ms, whatever its question (40× a row without it: the mail
    /// ingest's writer spent most of its time there). The answers' triggers now copy the keys only; the folding is a
    /// trigger of its own on <c>practices."TitleKey"</c>, run when a title key holding a letter beyond ASCII (or too
    /// long) is written. Same keys, same writers covered. (It relies on SQLite's default of recursive_triggers off:
    /// its own updates of the key do not run it again.)
    /// </summary>
    public partial class LeanPracticeKeyTriggers : Migration
    {
        // The key of the answer row written, one UPDATE per key: a practice's row is updated (and the folding's trigger
        // run) only for the key the row holds.
        private static string SetKeys(string row) => $"""
            UPDATE "practices" SET "TitleKey" = coalesce(lower(trim({row}."Original")), '') WHERE "Id" = {row}."PracticeId" AND {row}."QuestionId" = 'title';
            UPDATE "practices" SET "CountryCode" = {PracticeListKeys.Code(row + ".\"ValueJson\"")} WHERE "Id" = {row}."PracticeId" AND {row}."QuestionId" = 'country';
            UPDATE "practices" SET "RegionCode" = {PracticeListKeys.Code(row + ".\"ValueJson\"")} WHERE "Id" = {row}."PracticeId" AND {row}."QuestionId" = 'region';
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_keys_answer_added;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_keys_answer_changed;");
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_keys_answer_added AFTER INSERT ON "answers" WHEN NEW."QuestionId" IN {PracticeListKeys.KeyQuestions} BEGIN
                    {SetKeys("NEW")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_keys_answer_changed AFTER UPDATE OF "Original", "ValueJson", "PracticeId", "QuestionId" ON "answers"
                WHEN OLD."QuestionId" IN {PracticeListKeys.KeyQuestions} OR NEW."QuestionId" IN {PracticeListKeys.KeyQuestions} BEGIN
                    {PracticeListKeys.Clear("OLD")}
                    {SetKeys("NEW")}
                END;
                """);
            // '[^ -~]': any character outside printable ASCII.
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_title_key_folded AFTER UPDATE OF "TitleKey" ON "practices"
                WHEN NEW."TitleKey" GLOB '*[^ -~]*' OR length(NEW."TitleKey") > 100 BEGIN
                    {PracticeListKeys.Fold("\"Id\" = NEW.\"Id\"")}
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_title_key_folded;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_keys_answer_removed;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_keys_answer_changed;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_keys_answer_added;");
            PracticeListKeys.CreateTriggers(migrationBuilder);
        }
    }
}
