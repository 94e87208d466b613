using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// The answers' (question, value) index holds the values of at most 500 characters only: PostgreSQL refused a long
    /// Greek description's entry (above its 2,704 bytes a btree entry), and with it the whole turn. The same on SQLite,
    /// which has no such limit, so that one model serves both (and long texts are no longer written twice there).
    /// </summary>
    public partial class ShortAnswerValuesIndexed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_answers_QuestionId_ValueJson",
                table: "answers");

            migrationBuilder.CreateIndex(
                name: "IX_answers_QuestionId_ValueJson",
                table: "answers",
                columns: new[] { "QuestionId", "ValueJson" },
                filter: "length(\"ValueJson\") <= 500");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_answers_QuestionId_ValueJson",
                table: "answers");

            migrationBuilder.CreateIndex(
                name: "IX_answers_QuestionId_ValueJson",
                table: "answers",
                columns: new[] { "QuestionId", "ValueJson" });
        }
    }
}
