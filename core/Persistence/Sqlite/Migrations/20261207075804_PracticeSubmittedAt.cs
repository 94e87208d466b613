using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.Sqlite.Migrations
{
    /// <summary>
    /// The review list's filter by submission date reads a range of an index on (<c>SubmittedAt</c>, <c>Number</c>):
    /// without it the list's count of a month's submissions read every practice (100,000 practices, SQLite: 118 ms,
    /// session 52). SubmittedAt changes once, at the submission, so on PostgreSQL a chat turn's UPDATE stays heap-only
    /// (README "Review at 100,000 practices").
    /// </summary>
    public partial class PracticeSubmittedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_practices_SubmittedAt_Number",
                table: "practices",
                columns: new[] { "SubmittedAt", "Number" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_practices_SubmittedAt_Number",
                table: "practices");
        }
    }
}
