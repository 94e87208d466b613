using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// The review list's country + status filter reads one range of an index on (<c>CountryCode</c>, <c>Status</c>,
    /// <c>Number</c>), in number order: with the country's index alone, Italy + education + submitted read Italy's 10,543
    /// practices to find ~4,000 submitted (100,000 practices, SQLite: 44–52 ms through the host, session 55). Both columns
    /// are indexed already, so on PostgreSQL a chat turn's UPDATE that leaves them stays heap-only (README "Review at
    /// 100,000 practices").
    /// </summary>
    public partial class PracticeCountryStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_practices_CountryCode_Status_Number",
                table: "practices",
                columns: new[] { "CountryCode", "Status", "Number" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_practices_CountryCode_Status_Number",
                table: "practices");
        }
    }
}
