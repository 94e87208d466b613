using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
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
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseExpiresAt",
                table: "raw_inputs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "app_secrets",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Value = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_app_secrets", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "imap_cursors",
                columns: table => new
                {
                    Mailbox = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    UidValidity = table.Column<long>(type: "bigint", nullable: false),
                    LastUid = table.Column<long>(type: "bigint", nullable: false),
                    BacklogUid = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imap_cursors", x => x.Mailbox);
                });

            migrationBuilder.CreateTable(
                name: "mail_outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DedupKey = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Recipient = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    PracticeId = table.Column<Guid>(type: "uuid", nullable: true),
                    RawInputId = table.Column<long>(type: "bigint", nullable: true),
                    MessageId = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClaimedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
                    Name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Holder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AcquiredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
