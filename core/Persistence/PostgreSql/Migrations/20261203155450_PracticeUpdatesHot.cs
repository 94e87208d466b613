using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// A chat turn's UPDATE of its practice (the concurrency stamp and <c>UpdatedAt</c>) is heap-only (HOT): no column
    /// it changes is indexed any more. The index on (<c>UpdatedAt</c>, <c>Number</c>) made every turn's UPDATE write a
    /// new entry into each of the table's 7 indexes (9 WAL records; 1 now) and leave dead entries for VACUUM. The
    /// review's sort by update reads the table (a top-N sort; at 100,000 practices it stays well inside the list's
    /// budget, README "Review at 100,000 practices"); every other sort keeps its index. The table's pages keep a tenth
    /// free for the new versions of their rows (fillfactor 90: pages written from now on), so an update finds room on
    /// its own page. SQLite keeps its index (no HOT there).
    /// </summary>
    public partial class PracticeUpdatesHot : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_practices_UpdatedAt_Number",
                table: "practices");
            migrationBuilder.Sql("ALTER TABLE practices SET (fillfactor = 90);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE practices RESET (fillfactor);");
            migrationBuilder.CreateIndex(
                name: "IX_practices_UpdatedAt_Number",
                table: "practices",
                columns: new[] { "UpdatedAt", "Number" });
        }
    }
}
