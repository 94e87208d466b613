using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MailDoorOutboxCursorLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "raw_inputs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseExpiresAt",
                table: "raw_inputs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "app_secrets",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Value = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_app_secrets", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "imap_cursors",
                columns: table => new
                {
                    Mailbox = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    UidValidity = table.Column<long>(type: "INTEGER", nullable: false),
                    LastUid = table.Column<long>(type: "INTEGER", nullable: false),
                    BacklogUid = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imap_cursors", x => x.Mailbox);
                });

            migrationBuilder.CreateTable(
                name: "mail_outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DedupKey = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    PracticeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RawInputId = table.Column<long>(type: "INTEGER", nullable: true),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClaimedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mail_outbox", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mail_outbox_practices_PracticeId",
                        column: x => x.PracticeId,
                        principalTable: "practices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "worker_leases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AcquiredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_worker_leases", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_mail_outbox_CreatedAt",
                table: "mail_outbox",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_mail_outbox_DedupKey",
                table: "mail_outbox",
                column: "DedupKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mail_outbox_PracticeId",
                table: "mail_outbox",
                column: "PracticeId");

            migrationBuilder.CreateIndex(
                name: "IX_mail_outbox_Recipient_CreatedAt",
                table: "mail_outbox",
                columns: new[] { "Recipient", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_mail_outbox_State_NextAttemptAt",
                table: "mail_outbox",
                columns: new[] { "State", "NextAttemptAt" });

            // Replies and the IMAP cursor leave raw_inputs (which holds only what people sent us) for their own tables.
            migrationBuilder.Sql("""
                INSERT INTO mail_outbox (DedupKey, Recipient, PracticeId, RawInputId, MessageId, Content, State, Attempts, NextAttemptAt, LastError, CreatedAt, ClaimedAt, SentAt)
                SELECT DedupKey, lower(coalesce(ConversationId, '')), PracticeId, NULL, NULL, Content,
                       CASE Outcome WHEN 'pending' THEN 'pending' WHEN 'sent' THEN 'sent' ELSE 'failed' END,
                       CASE Outcome WHEN 'pending' THEN 0 ELSE 1 END,
                       substr(ReceivedAt, 1, 19), OutcomeDetail, substr(ReceivedAt, 1, 19), NULL,
                       CASE Outcome WHEN 'sent' THEN substr(ReceivedAt, 1, 19) ELSE NULL END
                FROM raw_inputs WHERE Channel = 'email-out' ORDER BY Id;
                """);
            migrationBuilder.Sql("""
                INSERT INTO imap_cursors (Mailbox, UidValidity, LastUid, BacklogUid, UpdatedAt)
                SELECT DedupKey,
                       CAST(substr(t, 1, instr(t, ' ') - 1) AS INTEGER),
                       CAST(substr(r, 1, instr(r, ' ') - 1) AS INTEGER),
                       CAST(substr(r, instr(r, ' ') + 1) AS INTEGER),
                       substr(ReceivedAt, 1, 19)
                FROM (SELECT DedupKey, ReceivedAt, CAST(Content AS TEXT) AS t, substr(CAST(Content AS TEXT), instr(CAST(Content AS TEXT), ' ') + 1) AS r
                      FROM raw_inputs WHERE Channel = 'imap-cursor');
                """);
            migrationBuilder.Sql("DELETE FROM raw_inputs WHERE Channel IN ('email-out', 'imap-cursor');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "app_secrets");

            migrationBuilder.DropTable(
                name: "imap_cursors");

            migrationBuilder.DropTable(
                name: "mail_outbox");

            migrationBuilder.DropTable(
                name: "worker_leases");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "raw_inputs");

            migrationBuilder.DropColumn(
                name: "LeaseExpiresAt",
                table: "raw_inputs");
        }
    }
}
