using System.Runtime.CompilerServices;
using Npgsql;

namespace Regin.Core.Persistence.PostgreSql;

/// <summary>The rehearsal database on PostgreSQL (<see cref="OpenRehearsalDatabaseAsync"/>).</summary>
public sealed partial class PostgreSqlDatabaseProvider
{
    /// <summary>The application name of a rehearsal's session (pg_stat_activity shows it).</summary>
    public const string RehearsalApplicationName = "regin-rehearsal";

    // The rehearsal sessions of this process, each with the random number its advisory lock keys are mixed with (static:
    // a context may have been configured with another instance of the provider).
    private static readonly ConditionalWeakTable<System.Data.Common.DbConnection, StrongBox<long>> Rehearsals = [];

    /// <summary>
    /// A session of its own (not pooled) on the real database in which every table of the schema is shadowed by an empty
    /// temporary copy of it (<c>CREATE TEMP TABLE t (LIKE schema.t INCLUDING ALL)</c>: its columns, defaults, collations,
    /// checks, indexes and identity columns with sequences of their own), with the same foreign keys and triggers between
    /// the copies, and every other sequence of the schema shadowed by an unread temporary one of the same name (the
    /// practice numbers', <see cref="PracticeNumberSequence"/>). PostgreSQL looks a table name up in the session's temporary schema first, and the statements of EF Core,
    /// of this provider and of the triggers' functions name their tables without a schema, so every statement of a unit of
    /// work runs through Npgsql's, EF Core's and this provider's own code as a real turn's does (batches, savepoints,
    /// identity values returned, triggers and their functions, automatic preparation), on the copies: nothing is written to
    /// a real table and no real sequence advances. No other session sees the copies (they are dropped when this one ends),
    /// and no row of theirs is ever locked by it; an advisory lock it takes (<see cref="SerialiseAsync"/>) is mixed with a
    /// random number of this session's, so no other host ever waits for it. A rolled-back transaction on the real tables was
    /// the other way: but a rehearsal runs a chat turn by turn (each turn reads what the one before stored), a new draft
    /// takes the practice number's lock that other hosts wait for, and identity values would be used up.
    /// </summary>
    public override async Task<System.Data.Common.DbConnection?> OpenRehearsalDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(WithAutoPrepare(ConnectionString))
        {
            Pooling = false,
            Enlist = false,
            ApplicationName = RehearsalApplicationName,
        }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (var shadow = new NpgsqlCommand(ShadowSchema, connection))
            {
                await shadow.ExecuteNonQueryAsync(cancellationToken);
            }
            Rehearsals.AddOrUpdate(connection, new StrongBox<long>(BitConverter.ToInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The advisory lock key of <paramref name="name"/> on <paramref name="db"/>'s connection: a rehearsal's own where it is one.</summary>
    private static long LockKeyOn(ReginDbContext db, string name)
    {
        var key = LockKey(name);
        return Rehearsals.TryGetValue(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(db.Database), out var salt) ? key ^ salt.Value : key;
    }

    /// <summary>
    /// One round trip: the definitions of the schema's foreign keys and triggers are read while the real tables are still
    /// the ones their unqualified names find (so <c>pg_get_constraintdef</c> and the pretty <c>pg_get_triggerdef</c> write them
    /// unqualified), then the copies are made, and
    /// the same definitions, run again, now name the copies; the schema's own sequences get temporary namesakes. A column
    /// default that takes a value from a sequence other than a copied identity column's (none in this schema) would keep
    /// the real sequence's name inside the copy and advance it: it is refused, and the warm-up reports it and starts the
    /// host without a rehearsal. (The practice number is drawn by a statement that names its sequence unqualified, so
    /// the rehearsal's draws go to its own.)
    /// </summary>
    private const string ShadowSchema = """
        DO $rehearsal$
        DECLARE
            item record;
            later text[] := '{}';
            statement text;
        BEGIN
            FOR item IN
                SELECT format('ALTER TABLE pg_temp.%I ADD CONSTRAINT %I %s', c.relname, k.conname, pg_get_constraintdef(k.oid)) AS sql
                FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                WHERE c.relnamespace = current_schema()::regnamespace AND k.contype = 'f'
                UNION ALL
                SELECT pg_get_triggerdef(t.oid, true)
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal
            LOOP
                later := later || item.sql;
            END LOOP;
            IF EXISTS (
                SELECT 1 FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
                WHERE c.relnamespace = current_schema()::regnamespace AND pg_get_expr(d.adbin, d.adrelid) LIKE '%nextval(%')
            THEN
                RAISE EXCEPTION 'a column''s default takes a value from a shared sequence: no rehearsal on copies';
            END IF;
            FOR item IN
                SELECT c.relname FROM pg_class c
                WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
                ORDER BY c.oid
            LOOP
                EXECUTE format('CREATE TEMP TABLE %I (LIKE %I.%I INCLUDING ALL)', item.relname, current_schema(), item.relname);
            END LOOP;
            -- A sequence of the schema's own (not an identity column's, which LIKE copies): a temporary one of the same
            -- name, which the statements' unqualified nextval finds first (the practice numbers'), left unread.
            FOR item IN
                SELECT c.relname, format_type(s.seqtypid, NULL) AS type FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
                WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'S'
                AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
            LOOP
                EXECUTE format('CREATE TEMP SEQUENCE %I AS %s', item.relname, item.type);
            END LOOP;
            FOREACH statement IN ARRAY later
            LOOP
                EXECUTE statement;
            END LOOP;
        END
        $rehearsal$;
        """;
}
