using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// The review list's sort and filter keys as columns of <c>practices</c> (collation "C", as SQLite compares), each
    /// indexed with the number: the title folded for sorting, the country and region codes. Copied from the answers by
    /// triggers, so every writer (the intake, the review edits, a merge, an erasure, a bulk load) keeps them right; the
    /// practices already stored get theirs here. The folding is the SQLite migration's table (not <c>unaccent</c>, nor
    /// the locale's <c>lower()</c>), so both providers sort alike.
    /// </summary>
    public partial class PracticeListKeys : Migration
    {
        // Each letter of the first string becomes the letter at the same place in the second (lower case, no diacritics).
        private const string Accented = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïðñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłŃńŅņŇňŉŊŋŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžΆΈΉΊΌΎΏΐΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩΪΫάέήίΰςϊϋόύώ";
        private const string Plain = "aaaaaaceeeeiiiidnoooooouuuuyaaaaaaceeeeiiiidnoooooouuuuyyaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjkkllllllllllnnnnnnnnnoooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzαεηιουωιαβγδεζηθικλμνξοπρστυφχψωιυαεηιυσιυουω";
        private static readonly (string Letter, string Folded)[] Ligatures = [("Æ", "ae"), ("Þ", "th"), ("ß", "ss"), ("æ", "ae"), ("þ", "th"), ("Ĳ", "ij"), ("ĳ", "ij"), ("Œ", "oe"), ("œ", "oe")];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CountryCode",
                table: "practices",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "RegionCode",
                table: "practices",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "TitleKey",
                table: "practices",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.Sql($"""
                CREATE FUNCTION regin_title_key(title text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT left({Ligatures.Aggregate($"translate(lower(btrim(title)), '{Accented}', '{Plain}')", (text, pair) => $"replace({text}, '{pair.Letter}', '{pair.Folded}')")}, 100)
                $$;
                """);
            // A code stored as a JSON string ("IT"); anything else (null, not a string, too long) gives "".
            migrationBuilder.Sql("""
                CREATE FUNCTION regin_code(json text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT CASE WHEN json LIKE '"%"' AND length(json) BETWEEN 3 AND 18 THEN substr(json, 2, length(json) - 2) ELSE '' END
                $$;
                """);
            migrationBuilder.Sql("""
                UPDATE "practices" AS p SET
                    "TitleKey" = coalesce((SELECT regin_title_key(a."Original") FROM "answers" AS a WHERE a."PracticeId" = p."Id" AND a."QuestionId" = 'title'), ''),
                    "CountryCode" = coalesce((SELECT regin_code(a."ValueJson") FROM "answers" AS a WHERE a."PracticeId" = p."Id" AND a."QuestionId" = 'country'), ''),
                    "RegionCode" = coalesce((SELECT regin_code(a."ValueJson") FROM "answers" AS a WHERE a."PracticeId" = p."Id" AND a."QuestionId" = 'region'), '');
                """);
            // The key of the answer row written (NEW), after clearing the key of the row replaced or removed (OLD).
            migrationBuilder.Sql("""
                CREATE FUNCTION regin_practice_keys() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."QuestionId" IN ('title', 'country', 'region') THEN
                        UPDATE "practices" SET
                            "TitleKey" = CASE WHEN OLD."QuestionId" = 'title' THEN '' ELSE "TitleKey" END,
                            "CountryCode" = CASE WHEN OLD."QuestionId" = 'country' THEN '' ELSE "CountryCode" END,
                            "RegionCode" = CASE WHEN OLD."QuestionId" = 'region' THEN '' ELSE "RegionCode" END
                        WHERE "Id" = OLD."PracticeId";
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."QuestionId" IN ('title', 'country', 'region') THEN
                        UPDATE "practices" SET
                            "TitleKey" = CASE WHEN NEW."QuestionId" = 'title' THEN coalesce(regin_title_key(NEW."Original"), '') ELSE "TitleKey" END,
                            "CountryCode" = CASE WHEN NEW."QuestionId" = 'country' THEN regin_code(NEW."ValueJson") ELSE "CountryCode" END,
                            "RegionCode" = CASE WHEN NEW."QuestionId" = 'region' THEN regin_code(NEW."ValueJson") ELSE "RegionCode" END
                        WHERE "Id" = NEW."PracticeId";
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            // Three triggers, each with its WHEN, so the other answers (most of them) call no function at all.
            migrationBuilder.Sql("""
                CREATE TRIGGER practice_keys_answer_added AFTER INSERT ON "answers" FOR EACH ROW
                    WHEN (NEW."QuestionId" IN ('title', 'country', 'region')) EXECUTE FUNCTION regin_practice_keys();
                CREATE TRIGGER practice_keys_answer_changed AFTER UPDATE OF "Original", "ValueJson", "PracticeId", "QuestionId" ON "answers" FOR EACH ROW
                    WHEN (OLD."QuestionId" IN ('title', 'country', 'region') OR NEW."QuestionId" IN ('title', 'country', 'region')) EXECUTE FUNCTION regin_practice_keys();
                CREATE TRIGGER practice_keys_answer_removed AFTER DELETE ON "answers" FOR EACH ROW
                    WHEN (OLD."QuestionId" IN ('title', 'country', 'region')) EXECUTE FUNCTION regin_practice_keys();
                """);

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
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS practice_keys_answer_removed ON "answers";
                DROP TRIGGER IF EXISTS practice_keys_answer_changed ON "answers";
                DROP TRIGGER IF EXISTS practice_keys_answer_added ON "answers";
                DROP FUNCTION IF EXISTS regin_practice_keys();
                DROP FUNCTION IF EXISTS regin_code(text);
                DROP FUNCTION IF EXISTS regin_title_key(text);
                """);

            migrationBuilder.DropIndex(
                name: "IX_practices_CountryCode_Number",
                table: "practices");

            migrationBuilder.DropIndex(
                name: "IX_practices_RegionCode_Number",
                table: "practices");

            migrationBuilder.DropIndex(
                name: "IX_practices_TitleKey_Number",
                table: "practices");

            migrationBuilder.DropColumn(
                name: "CountryCode",
                table: "practices");

            migrationBuilder.DropColumn(
                name: "RegionCode",
                table: "practices");

            migrationBuilder.DropColumn(
                name: "TitleKey",
                table: "practices");
        }
    }
}
