using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// New practices take their numbers from a sequence (PostgreSqlDatabaseProvider.TakePracticeNumber) instead of
    /// MAX + 1 under an advisory lock held to the commit. Not in the EF model (one model for both providers; SQLite has
    /// no sequences and keeps MAX + 1 under its writer lock). The sequence carries on after the largest number stored;
    /// untouched on an empty table, so that it stays unread.
    /// </summary>
    public partial class PracticeNumberSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE SEQUENCE practice_numbers AS integer;
                SELECT setval('practice_numbers', MAX("Number")) FROM practices HAVING MAX("Number") >= 1;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP SEQUENCE practice_numbers;");
        }
    }
}
