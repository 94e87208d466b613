using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RawInputBytesOwnTable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "raw_input_contents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
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

            // Every stored input's bytes moved to their own row, then the column dropped.
            migrationBuilder.Sql("INSERT INTO raw_input_contents (\"Id\", \"Content\") SELECT \"Id\", \"Content\" FROM raw_inputs;");

            migrationBuilder.DropColumn(
                name: "Content",
                table: "raw_inputs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "Content",
                table: "raw_inputs",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.Sql("UPDATE raw_inputs SET \"Content\" = (SELECT c.\"Content\" FROM raw_input_contents c WHERE c.\"Id\" = raw_inputs.\"Id\");");

            migrationBuilder.DropTable(
                name: "raw_input_contents");
        }
    }
}
