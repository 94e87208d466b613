using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.Sqlite.Migrations
{
    /// <summary>
    /// The search document of a practice is written once per transaction instead of once per answer row. Before, each
    /// answer inserted or changed deleted and re-inserted its practice's whole document (a mail of 30 answers indexed
    /// its practice 30 times, each time a longer document). Now the triggers only mark the practice in
    /// <c>practice_search_pending</c> (one small row, written once per practice), and the marked practices are indexed
    /// once, just before the transaction commits (<see cref="Regin.Core.Persistence.Sqlite.SqliteSearchIndex"/>, an
    /// EF Core interceptor); the search indexes whatever is still marked before it reads (a writer that committed
    /// without EF Core, or without a transaction), so it is never behind. The bulk load's pause is gone: marking is
    /// cheap and the commit indexes each loaded practice once.
    /// </summary>
    public partial class SearchOncePerCommit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_answer_removed;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_answer_changed;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_answer_added;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS practice_search_paused;");
            migrationBuilder.Sql("CREATE TABLE practice_search_pending (practice_id TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;");
            // No conflict clause: an outer INSERT OR ... would impose its own on the trigger's statements.
            static string Mark(string practiceId) => $"""
                    INSERT INTO practice_search_pending (practice_id) SELECT {practiceId}
                    WHERE NOT EXISTS (SELECT 1 FROM practice_search_pending WHERE practice_id = {practiceId});
                """;
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_search_answer_added AFTER INSERT ON "answers" BEGIN
                {Mark("NEW.\"PracticeId\"")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_search_answer_changed AFTER UPDATE OF "Original", "PracticeId" ON "answers" BEGIN
                {Mark("OLD.\"PracticeId\"")}
                {Mark("NEW.\"PracticeId\"")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_search_answer_removed AFTER DELETE ON "answers" BEGIN
                {Mark("OLD.\"PracticeId\"")}
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Index what is still marked, then go back to the triggers that rebuild a practice's row per answer.
            migrationBuilder.Sql("""
                DELETE FROM practice_search WHERE rowid IN
                    (SELECT p."Number" FROM practice_search_pending AS s JOIN "practices" AS p ON p."Id" = s.practice_id);
                INSERT INTO practice_search (rowid, document)
                SELECT number, document FROM practice_search_documents WHERE practice_id IN (SELECT practice_id FROM practice_search_pending);
                """);
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_answer_removed;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_answer_changed;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_answer_added;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS practice_search_pending;");
            migrationBuilder.Sql("CREATE TABLE practice_search_paused (paused INTEGER NOT NULL);");
            static string Refresh(string practiceId) => $"""
                    DELETE FROM practice_search WHERE rowid = (SELECT "Number" FROM "practices" WHERE "Id" = {practiceId});
                    INSERT INTO practice_search (rowid, document)
                    SELECT number, document FROM practice_search_documents WHERE practice_id = {practiceId};
                """;
            const string Unpaused = "WHEN NOT EXISTS (SELECT 1 FROM practice_search_paused)";
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_search_answer_added AFTER INSERT ON "answers" {Unpaused} BEGIN
                {Refresh("NEW.\"PracticeId\"")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_search_answer_changed AFTER UPDATE OF "Original", "PracticeId" ON "answers" {Unpaused} BEGIN
                {Refresh("OLD.\"PracticeId\"")}
                {Refresh("NEW.\"PracticeId\"")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_search_answer_removed AFTER DELETE ON "answers" {Unpaused} BEGIN
                {Refresh("OLD.\"PracticeId\"")}
                END;
                """);
        }
    }
}
