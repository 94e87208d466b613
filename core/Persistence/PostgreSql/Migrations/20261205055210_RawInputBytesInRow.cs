using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// A raw input's bytes back in its own row (PostgreSQL only; SQLite keeps them apart, see
    /// <c>RawInputConfiguration.SplitBytes</c>): the second table cost every chat turn a second row, its index entry, the
    /// foreign key's check and its lock of the input's row (3 of a turn's 20 WAL records). PostgreSQL keeps a large value
    /// out of line (TOAST) and an update of the row's other columns copies only its pointer. Every stored input's bytes
    /// are moved, then the table dropped; the column takes no default, so an INSERT never stores an input without its bytes.
    /// </summary>
    public partial class RawInputBytesInRow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "Content",
                table: "raw_inputs",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0]);

            // Every stored input's bytes moved into its row (each value keeps its compression), then the table dropped.
            migrationBuilder.Sql("UPDATE raw_inputs SET \"Content\" = c.\"Content\" FROM raw_input_contents c WHERE c.\"Id\" = raw_inputs.\"Id\";");
            migrationBuilder.Sql("ALTER TABLE raw_inputs ALTER COLUMN \"Content\" DROP DEFAULT;");

            migrationBuilder.DropTable(
                name: "raw_input_contents");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "raw_input_contents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_raw_input_contents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_raw_input_contents_raw_inputs_Id",
                        column: x => x.Id,
                        principalTable: "raw_inputs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql("INSERT INTO raw_input_contents (\"Id\", \"Content\") SELECT \"Id\", \"Content\" FROM raw_inputs;");

            migrationBuilder.DropColumn(
                name: "Content",
                table: "raw_inputs");
        }
    }
}
