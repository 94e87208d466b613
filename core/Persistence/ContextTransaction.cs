using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Regin.Core.Persistence;

/// <summary>
/// The transaction a context's statements run in: EF Core's (<see cref="Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade.CurrentTransaction"/>),
/// or one begun on its connection without EF Core (a kept SQLite chat turn: <see cref="Sqlite.SqliteTurnTransaction"/>).
/// Every writer that asks whether one is open, or which, asks here.
/// </summary>
public static class ContextTransaction
{
    /// <summary>The open transaction of <paramref name="db"/>'s connection, if any.</summary>
    public static DbTransaction? Of(DbContext db) =>
        db is ReginDbContext { OwnTransaction: { } own } ? own : db.Database.CurrentTransaction?.GetDbTransaction();

    /// <summary>Whether <paramref name="db"/>'s connection is in a transaction (EF Core's or its own).</summary>
    public static bool IsOpen(DbContext db) => db is ReginDbContext { OwnTransaction: not null } || db.Database.CurrentTransaction is not null;
}
