using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.Sqlite.Migrations
{
    /// <summary>
    /// The review list's area and target-group filters read <c>practice_codes</c> (one row per practice, kind and code,
    /// indexed both ways) instead of the JSON arrays of the answers and reviews. Triggers on the answers (the two
    /// questions only), the reviews and the practices keep it for every writer; the migration fills it for the
    /// practices already stored. A code is a string of the JSON array (or the JSON string) of either source.
    /// </summary>
    public partial class PracticeCodes : Migration
    {
        internal const string Questions = "('integration_areas', 'target_groups')";

        // The codes of one practice (or of every practice when practiceId is null), from both sources.
        private static string Codes(string practiceId) => $"""
            SELECT DISTINCT s.practice_id, s.kind, j.value
            FROM (
                SELECT a."PracticeId" AS practice_id, CASE a."QuestionId" WHEN 'integration_areas' THEN 'area' ELSE 'group' END AS kind, a."ValueJson" AS json
                FROM "answers" AS a WHERE a."QuestionId" IN {Questions}{(practiceId is null ? "" : $" AND a.\"PracticeId\" = {practiceId}")}
                UNION ALL SELECT r."PracticeId", 'area', r."IntegrationAreasJson" FROM "practice_reviews" AS r{(practiceId is null ? "" : $" WHERE r.\"PracticeId\" = {practiceId}")}
                UNION ALL SELECT r."PracticeId", 'group', r."TargetGroupsJson" FROM "practice_reviews" AS r{(practiceId is null ? "" : $" WHERE r.\"PracticeId\" = {practiceId}")}
            ) AS s, json_each(CASE WHEN json_valid(s.json) THEN s.json ELSE '[]' END) AS j
            WHERE j.type = 'text' AND EXISTS (SELECT 1 FROM "practices" AS p WHERE p."Id" = s.practice_id)
            """;

        internal static string Refresh(string practiceId) => $"""
                DELETE FROM "practice_codes" WHERE "PracticeId" = {practiceId};
                INSERT INTO "practice_codes" ("PracticeId", "Kind", "Code") {Codes(practiceId)};
            """;
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "practice_codes",
                columns: table => new
                {
                    PracticeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Code = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_practice_codes", x => new { x.PracticeId, x.Kind, x.Code });
                });

            migrationBuilder.CreateIndex(
                name: "IX_practice_codes_Kind_Code_PracticeId",
                table: "practice_codes",
                columns: new[] { "Kind", "Code", "PracticeId" });

            migrationBuilder.Sql($"INSERT INTO \"practice_codes\" (\"PracticeId\", \"Kind\", \"Code\") {Codes(null)};");
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_codes_answer_added AFTER INSERT ON "answers" WHEN NEW."QuestionId" IN {Questions} BEGIN
                {Refresh("NEW.\"PracticeId\"")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_codes_answer_changed AFTER UPDATE OF "ValueJson", "QuestionId", "PracticeId" ON "answers"
                WHEN OLD."QuestionId" IN {Questions} OR NEW."QuestionId" IN {Questions} BEGIN
                {Refresh("OLD.\"PracticeId\"")}
                {Refresh("NEW.\"PracticeId\"")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_codes_answer_removed AFTER DELETE ON "answers" WHEN OLD."QuestionId" IN {Questions} BEGIN
                {Refresh("OLD.\"PracticeId\"")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_codes_review_added AFTER INSERT ON "practice_reviews" BEGIN
                {Refresh("NEW.\"PracticeId\"")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_codes_review_changed AFTER UPDATE OF "IntegrationAreasJson", "TargetGroupsJson", "PracticeId" ON "practice_reviews" BEGIN
                {Refresh("OLD.\"PracticeId\"")}
                {Refresh("NEW.\"PracticeId\"")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_codes_review_removed AFTER DELETE ON "practice_reviews" BEGIN
                {Refresh("OLD.\"PracticeId\"")}
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER practice_codes_practice_removed AFTER DELETE ON "practices" BEGIN
                    DELETE FROM "practice_codes" WHERE "PracticeId" = OLD."Id";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "answer_added", "answer_changed", "answer_removed", "review_added", "review_changed", "review_removed", "practice_removed" })
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS practice_codes_{trigger};");
            }
            migrationBuilder.DropTable(
                name: "practice_codes");
        }
    }
}
