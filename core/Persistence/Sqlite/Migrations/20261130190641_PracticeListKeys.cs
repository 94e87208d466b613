using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.Sqlite.Migrations
{
    /// <summary>
    /// The review list's sort and filter keys as columns of <c>practices</c>, each indexed with the number: the title
    /// folded for sorting, the country and region codes. Copied from the answers by triggers, so every writer (the
    /// intake, the review edits, a merge, an erasure's <c>ExecuteUpdate</c>, a bulk load) keeps them right; the
    /// practices already stored get theirs here. SQLite's <c>lower()</c> folds ASCII only: the other letters of the
    /// eight languages are folded by <c>replace()</c>, a few letters per step (the same table as the PostgreSQL migration's).
    /// </summary>
    public partial class PracticeListKeys : Migration
    {
        // Each letter of the first string becomes the letter at the same place in the second (lower case, no diacritics).
        private const string Accented = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïðñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłŃńŅņŇňŉŊŋŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžΆΈΉΊΌΎΏΐΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩΪΫάέήίΰςϊϋόύώ";
        private const string Plain = "aaaaaaceeeeiiiidnoooooouuuuyaaaaaaceeeeiiiidnoooooouuuuyyaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjkkllllllllllnnnnnnnnnoooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzαεηιουωιαβγδεζηθικλμνξοπρστυφχψωιυαεηιυσιυουω";
        private static readonly (string Letter, string Folded)[] Ligatures = [("Æ", "ae"), ("Þ", "th"), ("ß", "ss"), ("æ", "ae"), ("þ", "th"), ("Ĳ", "ij"), ("ĳ", "ij"), ("Œ", "oe"), ("œ", "oe")];
        internal const string KeyQuestions = "('title', 'country', 'region')";

        // The replacements go in steps of a few letters, each an UPDATE of the rows holding one of them: one expression
        // of 233 nested replace() calls would overflow the parser stack of the sqlite3 shell (about 30 levels), which
        // then could not open the database at all.
        private const int LettersPerStep = 12;

        private static IEnumerable<(string Letters, string Expression)> FoldSteps()
        {
            var pairs = Accented.Select((letter, i) => (Letter: letter.ToString(), Folded: Plain[i].ToString())).Concat(Ligatures).ToList();
            for (var start = 0; start < pairs.Count; start += LettersPerStep)
            {
                var step = pairs.Skip(start).Take(LettersPerStep).ToList();
                var expression = "\"TitleKey\"";
                foreach (var (letter, folded) in step)
                {
                    expression = $"replace({expression}, '{letter}', '{folded}')";
                }
                yield return (string.Concat(step.Select(p => p.Letter)), expression);
            }
        }

        // Folds the title keys of the practices that <paramref name="where"/> selects, once "TitleKey" holds lower(trim(title)).
        internal static string Fold(string where) => string.Join("\n", FoldSteps()
            .Select(step => $"UPDATE \"practices\" SET \"TitleKey\" = {step.Expression} WHERE {where} AND \"TitleKey\" GLOB '*[{step.Letters}]*';")
            .Append($"UPDATE \"practices\" SET \"TitleKey\" = substr(\"TitleKey\", 1, 100) WHERE {where} AND length(\"TitleKey\") > 100;"));

        // A code stored as a JSON string ("IT"); anything else (null, not a string, too long) gives "".
        internal static string Code(string json) =>
            $"CASE WHEN {json} LIKE '\"%\"' AND length({json}) BETWEEN 3 AND 18 THEN substr({json}, 2, length({json}) - 2) ELSE '' END";

        // Every key of one practice, from its answers.
        private static string Keys(string practiceId) => $"""
            "TitleKey" = coalesce((SELECT lower(trim(a."Original")) FROM "answers" AS a WHERE a."PracticeId" = {practiceId} AND a."QuestionId" = 'title'), ''),
            "CountryCode" = coalesce((SELECT {Code("a.\"ValueJson\"")} FROM "answers" AS a WHERE a."PracticeId" = {practiceId} AND a."QuestionId" = 'country'), ''),
            "RegionCode" = coalesce((SELECT {Code("a.\"ValueJson\"")} FROM "answers" AS a WHERE a."PracticeId" = {practiceId} AND a."QuestionId" = 'region'), '')
            """;

        // The key of the answer row (NEW) written, or (Clear) the key of the answer row (OLD) gone.
        private static string SetKeys(string row) => $"""
            UPDATE "practices" SET
                "TitleKey" = CASE WHEN {row}."QuestionId" = 'title' THEN coalesce(lower(trim({row}."Original")), '') ELSE "TitleKey" END,
                "CountryCode" = CASE WHEN {row}."QuestionId" = 'country' THEN {Code(row + ".\"ValueJson\"")} ELSE "CountryCode" END,
                "RegionCode" = CASE WHEN {row}."QuestionId" = 'region' THEN {Code(row + ".\"ValueJson\"")} ELSE "RegionCode" END
            WHERE "Id" = {row}."PracticeId";
            """;

        private static string Set(string row) => SetKeys(row) + "\n" + Fold($"\"Id\" = {row}.\"PracticeId\" AND {row}.\"QuestionId\" = 'title'");

        internal static string Clear(string row) => $"""
            UPDATE "practices" SET
                "TitleKey" = CASE WHEN {row}."QuestionId" = 'title' THEN '' ELSE "TitleKey" END,
                "CountryCode" = CASE WHEN {row}."QuestionId" = 'country' THEN '' ELSE "CountryCode" END,
                "RegionCode" = CASE WHEN {row}."QuestionId" = 'region' THEN '' ELSE "RegionCode" END
            WHERE "Id" = {row}."PracticeId";
            """;

        // The triggers as this migration made them (LeanPracticeKeyTriggers made them lighter; its Down makes them again).
        internal static void CreateTriggers(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_keys_answer_added AFTER INSERT ON "answers" WHEN NEW."QuestionId" IN {KeyQuestions} BEGIN
                    {Set("NEW")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_keys_answer_changed AFTER UPDATE OF "Original", "ValueJson", "PracticeId", "QuestionId" ON "answers"
                WHEN OLD."QuestionId" IN {KeyQuestions} OR NEW."QuestionId" IN {KeyQuestions} BEGIN
                    {Clear("OLD")}
                    {Set("NEW")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER practice_keys_answer_removed AFTER DELETE ON "answers" WHEN OLD."QuestionId" IN {KeyQuestions} BEGIN
                    {Clear("OLD")}
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CountryCode",
                table: "practices",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "RegionCode",
                table: "practices",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TitleKey",
                table: "practices",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql($"UPDATE \"practices\" SET {Keys("\"practices\".\"Id\"")};");
            migrationBuilder.Sql(Fold("\"TitleKey\" <> ''"));
            CreateTriggers(migrationBuilder);

            migrationBuilder.CreateIndex(
                name: "IX_practices_CountryCode_Number",
                table: "practices",
                columns: new[] { "CountryCode", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_practices_RegionCode_Number",
                table: "practices",
                columns: new[] { "RegionCode", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_practices_TitleKey_Number",
                table: "practices",
                columns: new[] { "TitleKey", "Number" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_keys_answer_removed;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_keys_answer_changed;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS practice_keys_answer_added;");

            migrationBuilder.DropIndex(
                name: "IX_practices_CountryCode_Number",
                table: "practices");

            migrationBuilder.DropIndex(
                name: "IX_practices_RegionCode_Number",
                table: "practices");

            migrationBuilder.DropIndex(
                name: "IX_practices_TitleKey_Number",
                table: "practices");

            // EF Core's DropColumn rebuilds the table on SQLite, which the view practice_search_documents forbids; the
            // columns are in no index, view or trigger any more, so SQLite drops them in place.
            migrationBuilder.Sql("ALTER TABLE \"practices\" DROP COLUMN \"CountryCode\";");

            migrationBuilder.Sql("ALTER TABLE \"practices\" DROP COLUMN \"RegionCode\";");

            migrationBuilder.Sql("ALTER TABLE \"practices\" DROP COLUMN \"TitleKey\";");
        }
    }
}
