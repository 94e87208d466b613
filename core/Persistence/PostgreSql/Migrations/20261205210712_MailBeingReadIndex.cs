using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// The mail being read (a reader's lease held), indexed apart: a watcher starting looks for the leases a dead worker
    /// left, and with only the index of unread mail the query walked the primary key of every input ever kept (0.3–4 s
    /// on a database of 204,000 inputs, session 40). Few rows are being read at any time, so the index stays small.
    /// </summary>
    public partial class MailBeingReadIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_raw_inputs_processing",
                table: "raw_inputs",
                columns: new[] { "Channel", "Id" },
                filter: "\"Outcome\" = 'processing' AND \"Channel\" = 'email'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_raw_inputs_processing",
                table: "raw_inputs");
        }
    }
}
