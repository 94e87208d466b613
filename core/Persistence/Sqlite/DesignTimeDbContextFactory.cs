using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Regin.Core.Persistence.Sqlite;

/// <summary>Lets `dotnet ef migrations add` build the model without starting a host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ReginDbContext>
{
    public ReginDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<ReginDbContext>)new DbContextOptionsBuilder<ReginDbContext>().UseReginSqlite("Data Source=obj/design-time.db").Options);
}
