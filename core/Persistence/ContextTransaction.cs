using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Regin.Core.Persistence;

/// <summary>
/// The transaction a context's statements run in: EF Core's (<see cref="Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade.CurrentTransaction"/>),
/// or one begun on its connection without EF Core (a kept SQLite chat turn: <see cref="Sqlite.SqliteTurnTransaction"/>; a kept
/// PostgreSQL chat turn: <see cref="PostgreSql.PostgreSqlTurnTransaction"/>, whose BEGIN goes with its first statement and which
/// has no driver object: <see cref="Of"/> is null for it, its statements run on the session's transaction).
/// Every writer that asks whether one is open, or which, asks here.
/// </summary>
public static class ContextTransaction
{
    /// <summary>The open transaction of <paramref name="db"/>'s connection, if any.</summary>
    public static DbTransaction? Of(DbContext db) =>
        db is ReginDbContext { OwnTransaction: { } own } ? own : db.Database.CurrentTransaction?.GetDbTransaction();

    /// <summary>Whether <paramref name="db"/>'s connection is in a transaction (EF Core's or its own).</summary>
    public static bool IsOpen(DbContext db) =>
        db is ReginDbContext { OwnTransaction: not null } or ReginDbContext { OwnBegun: not null } || db.Database.CurrentTransaction is not null;

    /// <summary>
    /// What tells <paramref name="db"/>'s transaction of the moment from another (statements and waits that belong to one):
    /// its driver transaction, or the turn's own PostgreSQL transaction, which has none; null outside a transaction.
    /// </summary>
    public static object? Identity(DbContext db) =>
        db is ReginDbContext { OwnBegun: { } begun } ? begun : Of(db);
}
