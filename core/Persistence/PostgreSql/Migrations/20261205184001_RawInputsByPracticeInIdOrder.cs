using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// Two query plans over <c>raw_inputs</c> on a database with months of chat (session 40, measured on 2,000 practices
    /// and 204,000 inputs):
    /// <list type="bullet">
    /// <item>A practice's inputs indexed in id order, (PracticeId, Id) in place of (PracticeId): "its last input" (the
    /// reminders' Max(Id) for every stalled draft, the contributor router's newest input) is one descent to the end of
    /// the practice's range. With PracticeId alone the planner walked the primary key back from the newest input of all,
    /// filtering by practice: 93,000 rows for each of 533 stalled drafts, 20 s a reminder poll, up to 1.2 s a route.</item>
    /// <item>Statistics of the channel and the outcome together: chat inputs are stored "received" and stay so, so the
    /// two columns' own statistics made "e-mail and received" look like 1 row in 8 and the mail reader's next unread
    /// rows (ORDER BY Id LIMIT 50) a short walk of the primary key; with no unread mail it read the whole table
    /// (204,000 rows, 1.1 s) at every ingest run's last look, instead of the partial index of unread mail.</item>
    /// </list>
    /// </summary>
    public partial class RawInputsByPracticeInIdOrder : Migration
    {
        private const string ChannelOutcomeStatistics = "raw_inputs_channel_outcome";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_raw_inputs_PracticeId_Id",
                table: "raw_inputs",
                columns: new[] { "PracticeId", "Id" });

            migrationBuilder.DropIndex(
                name: "IX_raw_inputs_PracticeId",
                table: "raw_inputs");

            // Read by the planner after the next ANALYZE: run here, so the plans hold from the start.
            migrationBuilder.Sql($"CREATE STATISTICS {ChannelOutcomeStatistics} (mcv) ON \"Channel\", \"Outcome\" FROM raw_inputs;");
            migrationBuilder.Sql("ANALYZE raw_inputs;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"DROP STATISTICS IF EXISTS {ChannelOutcomeStatistics};");

            migrationBuilder.CreateIndex(
                name: "IX_raw_inputs_PracticeId",
                table: "raw_inputs",
                column: "PracticeId");

            migrationBuilder.DropIndex(
                name: "IX_raw_inputs_PracticeId_Id",
                table: "raw_inputs");
        }
    }
}
