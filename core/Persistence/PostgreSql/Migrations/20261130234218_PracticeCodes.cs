using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// The review list's area and target-group filters read <c>practice_codes</c> (one row per practice, kind and code,
    /// indexed both ways) instead of the JSON arrays of the answers and reviews. Triggers on the answers (the two
    /// questions only), the reviews and the practices keep it for every writer; the migration fills it for the
    /// practices already stored. A code is a string of the JSON array (or the JSON string) of either source; text that
    /// is not JSON gives none.
    /// </summary>
    public partial class PracticeCodes : Migration
    {
        internal const string Questions = "('integration_areas', 'target_groups')";

        internal static string Codes(string practiceId) => $"""
            SELECT DISTINCT s.practice_id, s.kind, c.code
            FROM (
                SELECT a."PracticeId" AS practice_id, CASE a."QuestionId" WHEN 'integration_areas' THEN 'area' ELSE 'group' END AS kind, a."ValueJson" AS json
                FROM "answers" AS a WHERE a."QuestionId" IN {Questions}{(practiceId is null ? "" : $" AND a.\"PracticeId\" = {practiceId}")}
                UNION ALL SELECT r."PracticeId", 'area', r."IntegrationAreasJson" FROM "practice_reviews" AS r{(practiceId is null ? "" : $" WHERE r.\"PracticeId\" = {practiceId}")}
                UNION ALL SELECT r."PracticeId", 'group', r."TargetGroupsJson" FROM "practice_reviews" AS r{(practiceId is null ? "" : $" WHERE r.\"PracticeId\" = {practiceId}")}
            ) AS s CROSS JOIN LATERAL regin_json_codes(s.json) AS c(code)
            WHERE EXISTS (SELECT 1 FROM "practices" AS p WHERE p."Id" = s.practice_id)
            """;
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "practice_codes",
                columns: table => new
                {
                    PracticeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Code = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_practice_codes", x => new { x.PracticeId, x.Kind, x.Code });
                });

            migrationBuilder.CreateIndex(
                name: "IX_practice_codes_Kind_Code_PracticeId",
                table: "practice_codes",
                columns: new[] { "Kind", "Code", "PracticeId" });

            migrationBuilder.Sql("""
                CREATE FUNCTION regin_json_codes(json text) RETURNS SETOF text LANGUAGE plpgsql IMMUTABLE AS $$
                DECLARE
                    doc jsonb;
                BEGIN
                    IF json IS NULL THEN
                        RETURN;
                    END IF;
                    BEGIN
                        doc := json::jsonb;
                    EXCEPTION WHEN others THEN
                        RETURN;
                    END;
                    IF jsonb_typeof(doc) = 'array' THEN
                        RETURN QUERY SELECT e.value #>> '{}' FROM jsonb_array_elements(doc) AS e(value) WHERE jsonb_typeof(e.value) = 'string';
                    ELSIF jsonb_typeof(doc) = 'string' THEN
                        RETURN NEXT doc #>> '{}';
                    END IF;
                END $$;
                """);
            migrationBuilder.Sql($"""
                CREATE FUNCTION regin_codes_refresh(practice uuid) RETURNS void LANGUAGE sql AS $$
                    DELETE FROM "practice_codes" WHERE "PracticeId" = practice;
                    INSERT INTO "practice_codes" ("PracticeId", "Kind", "Code") {Codes("practice")}
                    ON CONFLICT DO NOTHING;
                $$;
                """);
            migrationBuilder.Sql($"""
                CREATE FUNCTION regin_codes_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_TABLE_NAME = 'practices' THEN
                        DELETE FROM "practice_codes" WHERE "PracticeId" = OLD."Id";
                        RETURN NULL;
                    END IF;
                    IF TG_TABLE_NAME = 'practice_reviews' THEN
                        IF TG_OP IN ('UPDATE', 'DELETE') THEN
                            PERFORM regin_codes_refresh(OLD."PracticeId");
                        END IF;
                        IF TG_OP IN ('INSERT', 'UPDATE') THEN
                            PERFORM regin_codes_refresh(NEW."PracticeId");
                        END IF;
                        RETURN NULL;
                    END IF;
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        IF OLD."QuestionId" IN {Questions} THEN
                            PERFORM regin_codes_refresh(OLD."PracticeId");
                        END IF;
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        IF NEW."QuestionId" IN {Questions} THEN
                            PERFORM regin_codes_refresh(NEW."PracticeId");
                        END IF;
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql($"INSERT INTO \"practice_codes\" (\"PracticeId\", \"Kind\", \"Code\") {Codes(null)};");
            migrationBuilder.Sql("""
                CREATE TRIGGER practice_codes_answers AFTER INSERT OR DELETE OR UPDATE OF "ValueJson", "QuestionId", "PracticeId" ON "answers"
                    FOR EACH ROW EXECUTE FUNCTION regin_codes_changed();
                CREATE TRIGGER practice_codes_reviews AFTER INSERT OR DELETE OR UPDATE OF "IntegrationAreasJson", "TargetGroupsJson", "PracticeId" ON "practice_reviews"
                    FOR EACH ROW EXECUTE FUNCTION regin_codes_changed();
                CREATE TRIGGER practice_codes_practices AFTER DELETE ON "practices"
                    FOR EACH ROW EXECUTE FUNCTION regin_codes_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS practice_codes_practices ON "practices";
                DROP TRIGGER IF EXISTS practice_codes_reviews ON "practice_reviews";
                DROP TRIGGER IF EXISTS practice_codes_answers ON "answers";
                DROP FUNCTION IF EXISTS regin_codes_changed();
                DROP FUNCTION IF EXISTS regin_codes_refresh(uuid);
                DROP FUNCTION IF EXISTS regin_json_codes(text);
                """);
            migrationBuilder.DropTable(
                name: "practice_codes");
        }
    }
}
