using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Regin.Core.Review;

namespace Regin.Core.Persistence;

public sealed class ReginDbContext(DbContextOptions<ReginDbContext> options) : IdentityDbContext<ReviewerUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    /// <summary>The hosts' Data Protection key ring: every host of one database signs and reads the same cookies and tokens.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Practice> Practices => Set<Practice>();
    public DbSet<Answer> Answers => Set<Answer>();
    public DbSet<Flag> Flags => Set<Flag>();
    public DbSet<ContributorIdentity> ContributorIdentities => Set<ContributorIdentity>();
    public DbSet<PracticeEvent> PracticeEvents => Set<PracticeEvent>();
    public DbSet<RawInput> RawInputs => Set<RawInput>();
    public DbSet<PracticeReview> PracticeReviews => Set<PracticeReview>();
    public DbSet<PracticeAssessment> PracticeAssessments => Set<PracticeAssessment>();
    public DbSet<ContributorNotification> ContributorNotifications => Set<ContributorNotification>();
    public DbSet<MailOutboxMessage> MailOutbox => Set<MailOutboxMessage>();
    public DbSet<ImapCursor> ImapCursors => Set<ImapCursor>();
    public DbSet<WorkerLease> WorkerLeases => Set<WorkerLease>();
    public DbSet<AppSecret> AppSecrets => Set<AppSecret>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // The researchers' sign-in (ASP.NET Core Identity) lives in the same database.
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        ApplyReginConfigurations(modelBuilder);
        this.Provider().ConfigureModel(modelBuilder);
    }

    private static void ApplyReginConfigurations(ModelBuilder modelBuilder) =>
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
