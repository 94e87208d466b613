using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// The review list's tables are never read by parallel workers. The list's statements read a few thousand rows at
    /// most (a capped count stops at 10,001, a page at 50), and a Gather node costs more than it saves there: starting the
    /// workers and passing 10,001 rows through their queues made the broad search's capped count (a sequential scan of
    /// <c>practices</c> looking each number up in the search's marks) 75–160 ms instead of 14 ms at 100,000 practices on
    /// a busy 2-core machine, and a parallel index-only scan did the same in session 7 (3 → 120 ms). A table's own
    /// <c>parallel_workers</c> setting travels with the table (template copies, dumps, any connection pooler), where a
    /// session setting would need every connection to carry it.
    /// </summary>
    public partial class ListScansNotParallel : Migration
    {
        private static readonly string[] Tables = ["practices", "practice_search", "practice_codes"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"ALTER TABLE {table} SET (parallel_workers = 0);");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"ALTER TABLE {table} RESET (parallel_workers);");
            }
        }
    }
}
