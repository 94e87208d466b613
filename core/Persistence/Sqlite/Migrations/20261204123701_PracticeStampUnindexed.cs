using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.Sqlite.Migrations
{
    /// <summary>
    /// SQLite drops the practices' (UpdatedAt, Number) index, as PostgreSQL did in session 25 (PracticeUpdatesHot): each
    /// chat turn stamps its practice's UpdatedAt, which moved the practice's entry in that index (one page more in the
    /// log at every turn's commit, two where the old entry lay apart from the newest). Its one reader, the review's sort
    /// by update, reads the table instead.
    /// </summary>
    public partial class PracticeStampUnindexed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_practices_UpdatedAt_Number",
                table: "practices");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_practices_UpdatedAt_Number",
                table: "practices",
                columns: new[] { "UpdatedAt", "Number" });
        }
    }
}
