using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Regin.Core.Persistence;

/// <summary>
/// A compiled query (EF.CompileAsyncQuery) per EF Core model: a compiled query is tied to the model it first ran with,
/// and one process may hold two models (SQLite and PostgreSQL side by side in the tests).
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConcurrentDictionary<IModel, TQuery> _queries = new();

    public TQuery For(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return _queries.GetOrAdd(db.Model, _ => compile());
    }
}
