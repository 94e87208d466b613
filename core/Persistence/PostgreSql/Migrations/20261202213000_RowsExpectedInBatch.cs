using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// <c>regin_expect_rows(rows, what, statement)</c>: fails the statement (SQLSTATE <c>RG409</c>, "<c>what</c> was changed by
    /// another writer (batch statement <c>statement</c>)") when <c>rows</c> is 0 (Npgsql names no failed command of a batch:
    /// the host finds it by its number). A chat turn sends its last writes and its COMMIT in one batch: a write whose row
    /// count the host used to check after it ran (the chat state's UPDATE by its ETag, the message's INSERT that finds it
    /// stored before) is then written as a WITH that calls this on its count, so the database fails it, and the COMMIT
    /// after it in the batch does not run, where the host's check would have come after the commit
    /// (<c>ConnectionPrelude.Statement.CheckedSql</c>). No model change.
    /// </summary>
    public partial class RowsExpectedInBatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION regin_expect_rows(rows bigint, what text, statement integer) RETURNS bigint LANGUAGE plpgsql AS $$
                BEGIN
                    IF rows = 0 THEN
                        RAISE EXCEPTION '% was changed by another writer (batch statement %)', what, statement USING ERRCODE = 'RG409';
                    END IF;
                    RETURN rows;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS regin_expect_rows(bigint, text, integer);");
        }
    }
}
