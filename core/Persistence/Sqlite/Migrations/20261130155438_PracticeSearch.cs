using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.Sqlite.Migrations
{
    /// <summary>
    /// The review list's search: an FTS5 table with one row per practice (rowid = the practice's number), the words of
    /// all its answers, case and diacritics folded (unicode61, remove_diacritics 2), with prefix indexes for words typed
    /// in part. unicode61 folds the diacritics of Latin letters only, so the Greek accents (tonos, dialytika) are folded
    /// by the view <c>practice_search_documents</c> before the words reach it (and by the provider in the words
    /// searched). Contentless (the words are in <c>answers</c> already). Kept in step by triggers, so every writer (the
    /// intake, the review edits, a merge, a raw <c>ExecuteDelete</c>) keeps it right; a bulk load pauses them inside
    /// its transaction (a row in <c>practice_search_paused</c>) and indexes its practices once at the end.
    /// </summary>
    public partial class PracticeSearch : Migration
    {
        // The Greek letters with tonos or dialytika and their plain letter.
        private const string GreekAccented = "άέήίόύώϊϋΐΰΆΈΉΊΌΎΏΪΫ";
        private const string GreekPlain = "αεηιουωιυιυΑΕΗΙΟΥΩΙΥ";

        private static string FoldGreek(string expression)
        {
            for (var i = 0; i < GreekAccented.Length; i++)
            {
                expression = $"replace({expression}, '{GreekAccented[i]}', '{GreekPlain[i]}')";
            }
            return expression;
        }

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE practice_search USING fts5(
                    document, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
                """);
            migrationBuilder.Sql($"""
                CREATE VIEW practice_search_documents AS
                SELECT p."Id" AS practice_id, p."Number" AS number,
                    {FoldGreek("(SELECT group_concat(a.\"Original\", ' ') FROM \"answers\" AS a WHERE a.\"PracticeId\" = p.\"Id\")")} AS document
                FROM "practices" AS p;
                """);
            migrationBuilder.Sql("CREATE TABLE practice_search_paused (paused INTEGER NOT NULL);");
            migrationBuilder.Sql("INSERT INTO practice_search (rowid, document) SELECT number, document FROM practice_search_documents;");
            // One practice's row, written again from its answers (none when the practice is gone).
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
            migrationBuilder.Sql("""
                CREATE TRIGGER practice_search_practice_removed AFTER DELETE ON "practices" BEGIN
                    DELETE FROM practice_search WHERE rowid = OLD."Number";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_practice_removed;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_answer_removed;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_answer_changed;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_search_answer_added;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS practice_search_paused;");
            migrationBuilder.Sql("DROP VIEW IF EXISTS practice_search_documents;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS practice_search;");
        }
    }
}
