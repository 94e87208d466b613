using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReviewSortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_practices_Status",
                table: "practices");

            migrationBuilder.DropIndex(
                name: "IX_practices_UpdatedAt",
                table: "practices");

            migrationBuilder.CreateIndex(
                name: "IX_practices_Status_Number",
                table: "practices",
                columns: new[] { "Status", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_practices_UpdatedAt_Number",
                table: "practices",
                columns: new[] { "UpdatedAt", "Number" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_practices_Status_Number",
                table: "practices");

            migrationBuilder.DropIndex(
                name: "IX_practices_UpdatedAt_Number",
                table: "practices");

            migrationBuilder.CreateIndex(
                name: "IX_practices_Status",
                table: "practices",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_practices_UpdatedAt",
                table: "practices",
                column: "UpdatedAt");
        }
    }
}
