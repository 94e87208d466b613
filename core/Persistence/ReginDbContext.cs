using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Persistence;

public sealed class ReginDbContext(DbContextOptions<ReginDbContext> options) : DbContext(options)
{
    public DbSet<Practice> Practices => Set<Practice>();
    public DbSet<Answer> Answers => Set<Answer>();
    public DbSet<Flag> Flags => Set<Flag>();
    public DbSet<ContributorIdentity> ContributorIdentities => Set<ContributorIdentity>();
    public DbSet<PracticeEvent> PracticeEvents => Set<PracticeEvent>();
    public DbSet<RawInput> RawInputs => Set<RawInput>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ReginDbContext).Assembly, type => type.Namespace == typeof(Configurations.PracticeConfiguration).Namespace);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAppendOnly();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardAppendOnly();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // The event log and the raw inputs' bytes are history: they are added, never rewritten.
    private void GuardAppendOnly()
    {
        foreach (var entry in ChangeTracker.Entries<PracticeEvent>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("The practice event log is append-only: an event cannot be changed or deleted.");
            }
        }
        foreach (var entry in ChangeTracker.Entries<RawInput>())
        {
            if (entry.State == EntityState.Deleted || (entry.State == EntityState.Modified && entry.Property(r => r.Content).IsModified))
            {
                throw new InvalidOperationException("Raw inputs are kept as received: they cannot be changed or deleted.");
            }
        }
    }
}
