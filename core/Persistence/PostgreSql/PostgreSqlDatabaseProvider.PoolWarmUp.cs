using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Regin.Core.Persistence.PostgreSql;

/// <summary>The pool's sessions opened and prepared at the end of the chat warm-up (<see cref="WarmPoolAsync"/>).</summary>
public sealed partial class PostgreSqlDatabaseProvider
{
    /// <summary>
    /// Opens as many sessions as the host's pool holds (<c>Maximum Pool Size</c>, 25 by default) at once, through the host's
    /// own contexts (so into the pool its turns take sessions from), and prepares on each the statements the rehearsal's session
    /// has prepared (Npgsql's automatic preparation, read from <c>pg_prepared_statements</c> with their parameter types);
    /// then gives them back to the pool, which keeps them (Npgsql keeps a session's prepared statements across its uses,
    /// and uses one for a command of the same text and parameter types). The statements name their tables unqualified,
    /// so on a real session they name the real tables: prepared (parsed, analysed, planned), never run. Without it the
    /// first turns after a start opened the sessions and ran their statements unprepared on cold sessions (each
    /// statement's first five runs on each of 25 sessions: every chat's first answers). A statement that does not
    /// prepare on the real tables is left out. The pool keeps them while they are used, and closes those left idle for its
    /// <c>Connection Idle Lifetime</c> (300 s by default; Npgsql's pruning): a host that gets no chat in its first minutes
    /// opens and prepares its sessions again as before.
    /// </summary>
    public override async Task<(int Sessions, int Statements)> WarmPoolAsync(System.Data.Common.DbConnection rehearsal, Func<ReginDbContext> newContext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rehearsal);
        ArgumentNullException.ThrowIfNull(newContext);
        var statements = new List<(string Sql, string[] Types)>();
        await using (var read = new NpgsqlCommand("SELECT statement, parameter_types::text[] FROM pg_prepared_statements WHERE NOT from_sql", (NpgsqlConnection)rehearsal))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                statements.Add((reader.GetString(0), reader.GetFieldValue<string[]>(1)));
            }
        }
        var sessions = new NpgsqlConnectionStringBuilder(WithPoolSize(ConnectionString, DefaultMaxPoolSize)).MaxPoolSize;
        var contexts = Enumerable.Range(0, sessions).Select(_ => newContext()).ToList();
        try
        {
            // All open at once: one after another, the pool would hand the same session back each time.
            var prepared = await Task.WhenAll(contexts.Select(db => PrepareOnAsync(db, statements, cancellationToken)));
            return (sessions, prepared.Sum());
        }
        finally
        {
            foreach (var db in contexts)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static async Task<int> PrepareOnAsync(ReginDbContext db, IReadOnlyList<(string Sql, string[] Types)> statements, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var prepared = 0;
        foreach (var (sql, types) in statements)
        {
            // The text as the server got it ($1, $2 ...): positional parameters of the types it was prepared with.
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var type in types)
            {
                command.Parameters.Add(new NpgsqlParameter { DataTypeName = type });
            }
            try
            {
                await command.PrepareAsync(cancellationToken);
                prepared++;
            }
            catch (Exception e) when (e is PostgresException or NotSupportedException or ArgumentException or InvalidOperationException or InvalidCastException)
            {
                // Left out (a type Npgsql does not name so, a statement the real schema refuses): the turn prepares it itself.
                if (connection.FullState.HasFlag(System.Data.ConnectionState.Broken))
                {
                    break;
                }
            }
        }
        return prepared;
    }
}
