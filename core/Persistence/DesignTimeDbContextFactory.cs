using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Regin.Core.Persistence;

/// <summary>
/// Lets `dotnet ef migrations add` build the model without starting a host, for either provider:
/// `-- --provider PostgreSQL` (after the tool's own arguments) picks PostgreSQL; SQLite otherwise.
/// No database is opened when a migration is added.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ReginDbContext>
{
    public ReginDbContext CreateDbContext(string[] args)
    {
        var index = Array.FindIndex(args, a => a is "--provider" or "-p");
        var provider = index >= 0 && index + 1 < args.Length ? args[index + 1] : Environment.GetEnvironmentVariable("Database__Provider");
        var connectionString = ReginDatabaseProvider.Create(provider, "Data Source=obj/design-time.db") is PostgreSql.PostgreSqlDatabaseProvider
            ? Environment.GetEnvironmentVariable("ConnectionStrings__Regin") ?? "Host=localhost;Database=regin_design_time"
            : "Data Source=obj/design-time.db";
        return new ReginDbContext((DbContextOptions<ReginDbContext>)ReginDatabaseProvider.Create(provider, connectionString)
            .Configure(new DbContextOptionsBuilder<ReginDbContext>()).Options);
    }
}
