using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// The review's sort by update reads an index again, without undoing <see cref="PracticeUpdatesHot"/>: the day (UTC)
    /// of a practice's last change, a column PostgreSQL computes from <c>UpdatedAt</c>, indexed. A chat turn's UPDATE
    /// stays heap-only unless it is the practice's first change of the day (the day is the only indexed column it can
    /// change). The sort reads the index a day at a time and sorts each day it reaches by the time (an incremental sort)
    /// instead of a top-N sort of the whole table (PostgreSqlDatabaseProvider.OrderByUpdate; README "Review at 100,000
    /// practices"). Adding a stored column rewrites the table once (100,000 practices: seconds).
    /// </summary>
    public partial class PracticeUpdatedDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "UpdatedDay",
                table: "practices",
                type: "date",
                nullable: true,
                computedColumnSql: "(\"UpdatedAt\" AT TIME ZONE 'UTC')::date",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_practices_UpdatedDay",
                table: "practices",
                column: "UpdatedDay");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_practices_UpdatedDay",
                table: "practices");

            migrationBuilder.DropColumn(
                name: "UpdatedDay",
                table: "practices");
        }
    }
}
