using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace Regin.Core.Persistence;

/// <summary>
/// Both providers keep their migrations in Regin.Core, each in its own folder and namespace
/// (Persistence/Sqlite/Migrations, Persistence/PostgreSql/Migrations): EF Core sees only the configured provider's.
/// </summary>
#pragma warning disable EF1001 // MigrationsAssembly is EF's own implementation, extended here only to filter by namespace.
internal sealed class ProviderMigrationsAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    private readonly string _namespace = options.FindExtension<ReginDatabaseOptionsExtension>()?.Provider.MigrationsNamespace
        ?? throw new InvalidOperationException("The context was configured without ReginDatabaseProvider.Configure.");
    private readonly Type _contextType = currentContext.Context.GetType();
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;
    private ModelSnapshot? _snapshot;
    private bool _snapshotFound;

    public override IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations ??= base.Migrations
        .Where(m => m.Value.Namespace == _namespace)
        .ToDictionary(m => m.Key, m => m.Value);

    public override ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (!_snapshotFound)
            {
                var type = Assembly.GetTypes()
                    .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(ModelSnapshot)) && t.Namespace == _namespace
                        && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType)
                    .SingleOrDefault();
                _snapshot = type is null ? null : (ModelSnapshot)Activator.CreateInstance(type)!;
                _snapshotFound = true;
            }
            return _snapshot;
        }
    }
}
#pragma warning restore EF1001
