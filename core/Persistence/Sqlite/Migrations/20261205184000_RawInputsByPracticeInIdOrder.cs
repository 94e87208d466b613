using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.Sqlite.Migrations
{
    /// <summary>
    /// A practice's inputs indexed as (PracticeId, Id), as on PostgreSQL (where "the last input of a practice" walked the
    /// primary key without it). Here the same entries as before: SQLite's index on PracticeId already ended each entry
    /// with the row id, which is Id, and read a practice's last input from it; only the model's name changes.
    /// </summary>
    public partial class RawInputsByPracticeInIdOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_raw_inputs_PracticeId",
                table: "raw_inputs");

            migrationBuilder.CreateIndex(
                name: "IX_raw_inputs_PracticeId_Id",
                table: "raw_inputs",
                columns: new[] { "PracticeId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_raw_inputs_PracticeId_Id",
                table: "raw_inputs");

            migrationBuilder.CreateIndex(
                name: "IX_raw_inputs_PracticeId",
                table: "raw_inputs",
                column: "PracticeId");
        }
    }
}
