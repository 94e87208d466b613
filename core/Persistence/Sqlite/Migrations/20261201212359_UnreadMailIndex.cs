using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class UnreadMailIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_raw_inputs_received",
                table: "raw_inputs",
                columns: new[] { "Channel", "Id" },
                filter: "\"Outcome\" = 'received'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_raw_inputs_received",
                table: "raw_inputs");
        }
    }
}
