using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Regin.Core.Persistence;

/// <summary>Carries the <see cref="ReginDatabaseProvider"/> in a context's options, so any code holding a context can ask it.</summary>
internal sealed class ReginDatabaseOptionsExtension(ReginDatabaseProvider provider) : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    public ReginDatabaseProvider Provider { get; } = provider;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(ReginDatabaseOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        private new ReginDatabaseOptionsExtension Extension => (ReginDatabaseOptionsExtension)base.Extension;

        public override bool IsDatabaseProvider => false;

        public override string LogFragment => $"Regin:{Extension.Provider.Name} ";

        // The migrations assembly reads the namespace at construction: one internal service provider per provider kind.
        public override int GetServiceProviderHashCode() => Extension.Provider.MigrationsNamespace.GetHashCode(StringComparison.Ordinal);

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) =>
            other is ExtensionInfo info && info.Extension.Provider.MigrationsNamespace == Extension.Provider.MigrationsNamespace;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["Regin:Provider"] = Extension.Provider.Name;
    }
}
