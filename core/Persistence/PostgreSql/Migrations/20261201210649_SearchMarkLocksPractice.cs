using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Regin.Core.Persistence.PostgreSql.Migrations
{
    /// <summary>
    /// An answer marks its practice's search document stale only while holding the practice's row. Before, two answers to
    /// one draft at once could deadlock (PostgreSQL 40P01, seen in CI): the first inserted its answer and took the mark's
    /// key in <c>practice_search_stale</c>, then waited for the practice row to write its concurrency stamp; the second
    /// had that row already (its title answer's list-key trigger updates <c>practices</c>) and waited for the mark's key.
    /// Taking the row first puts every writer of a practice in one queue, on one lock: whoever holds a mark holds the
    /// row, so nobody waits for a mark while holding the row. It costs nothing new: every transaction that records an
    /// answer also writes the practice's stamp, which takes the same row lock until commit.
    /// </summary>
    public partial class SearchMarkLocksPractice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION regin_search_mark() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_TABLE_NAME = 'practices' THEN
                        INSERT INTO practice_search_stale VALUES (NEW."Id") ON CONFLICT DO NOTHING;
                        RETURN NULL;
                    END IF;
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        PERFORM 1 FROM "practices" WHERE "Id" = OLD."PracticeId" FOR NO KEY UPDATE;
                        INSERT INTO practice_search_stale VALUES (OLD."PracticeId") ON CONFLICT DO NOTHING;
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        PERFORM 1 FROM "practices" WHERE "Id" = NEW."PracticeId" FOR NO KEY UPDATE;
                        INSERT INTO practice_search_stale VALUES (NEW."PracticeId") ON CONFLICT DO NOTHING;
                    END IF;
                    RETURN NULL;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION regin_search_mark() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_TABLE_NAME = 'practices' THEN
                        INSERT INTO practice_search_stale VALUES (NEW."Id") ON CONFLICT DO NOTHING;
                        RETURN NULL;
                    END IF;
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        INSERT INTO practice_search_stale VALUES (OLD."PracticeId") ON CONFLICT DO NOTHING;
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        INSERT INTO practice_search_stale VALUES (NEW."PracticeId") ON CONFLICT DO NOTHING;
                    END IF;
                    RETURN NULL;
                END $$;
                """);
        }
    }
}
