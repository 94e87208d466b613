using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.Sqlite.Migrations
{
    /// <summary>
    /// SQLite's partial index of unread mail (UnreadMailIndex) holds the e-mail channel's rows only: a chat turn's raw
    /// input is stored "received" and stays so, and each added an entry that no reader reads (one page more in the log
    /// at every chat turn's commit). The mail reader's queries ask for the e-mail channel, which implies the filter.
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
