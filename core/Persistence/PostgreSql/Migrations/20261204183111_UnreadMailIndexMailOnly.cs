using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// The unread mail's partial index (UnreadMailIndex) holds the e-mail channel's rows only, as on SQLite since its own
    /// UnreadMailIndexMailOnly: a chat turn's raw input is stored "received" and stays so, and each one added an index
    /// entry (and its WAL record) at every turn that no reader reads, kept for as long as the row. The mail reader's
    /// queries name the e-mail channel as a constant, which implies the filter.
    /// </summary>
    public partial class UnreadMailIndexMailOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_raw_inputs_received",
                table: "raw_inputs");

            migrationBuilder.CreateIndex(
                name: "IX_raw_inputs_received",
                table: "raw_inputs",
                columns: new[] { "Channel", "Id" },
                filter: "\"Outcome\" = 'received' AND \"Channel\" = 'email'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_raw_inputs_received",
                table: "raw_inputs");

            migrationBuilder.CreateIndex(
                name: "IX_raw_inputs_received",
                table: "raw_inputs",
                columns: new[] { "Channel", "Id" },
                filter: "\"Outcome\" = 'received'");
        }
    }
}
