using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Regin.Core.Review;

namespace Regin.Core.Persistence;

public sealed class ReginDbContext(DbContextOptions<ReginDbContext> options) : IdentityDbContext<ReviewerUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    /// <summary>The provider the options were made with (read once: <see cref="ReginDatabaseProviderExtensions.Provider"/> is asked for it on every turn).</summary>
    internal ReginDatabaseProvider? ConfiguredProvider { get; } = options.FindExtension<ReginDatabaseOptionsExtension>()?.Provider;

    /// <summary>
    /// A transaction begun on the context's connection without EF Core (<see cref="Sqlite.SqliteTurnTransaction"/>), which
    /// EF Core's <c>CurrentTransaction</c> does not know; found through <see cref="ContextTransaction"/>.
    /// </summary>
    internal System.Data.Common.DbTransaction? OwnTransaction { get; set; }

    /// <summary>
    /// A kept PostgreSQL chat turn's transaction, begun by a BEGIN sent with its first statement (<see cref="PostgreSql.PostgreSqlTurnTransaction"/>):
    /// the session is in it, but neither EF Core nor Npgsql holds a transaction object; found through <see cref="ContextTransaction"/>.
    /// </summary>
    internal object? OwnBegun { get; set; }

    /// <summary>The hosts' Data Protection key ring: every host of one database signs and reads the same cookies and tokens.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Practice> Practices => Set<Practice>();
    public DbSet<Answer> Answers => Set<Answer>();
    public DbSet<PracticeCode> PracticeCodes => Set<PracticeCode>();
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
        using var detected = DetectChangesOnce();
        GuardAppendOnly();
        using var write = ChangeTracker.HasChanges() ? this.Provider().EnterWrite(this) : null;
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        using var detected = DetectChangesOnce();
        GuardAppendOnly();
        // This process's writers queue here (without a thread each) rather than in the database's busy retries.
        await using var write = ChangeTracker.HasChanges() ? await this.Provider().EnterWriteAsync(this, cancellationToken) : null;
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// The tracked entity with this key, if any, without a scan of every tracked entity for changes (DbSet.Local and
    /// EntityEntry.Collection detect changes on each call, which a chat turn did a dozen times).
    /// </summary>
    public TEntity? FindTracked<TEntity, TKey>(TKey key, Func<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<TEntity>, bool>? where = null)
        where TEntity : class
    {
#pragma warning disable EF1001 // The state manager's count: nothing tracked, nothing to find (a chat turn's untracked
        // draft: the local view made to find nothing cost it ~4 µs, session 51). Anything tracked: the same look-up as before.
        if (((Microsoft.EntityFrameworkCore.Internal.IDbContextDependencies)this).StateManager.Count == 0)
        {
            return null;
        }
#pragma warning restore EF1001
        using var detected = WithoutAutoDetect();
        var entry = Set<TEntity>().Local.FindEntry(key);
        return entry is not null && (where is null || where(entry)) ? entry.Entity : null;
    }

    /// <summary>
    /// Changes are detected once for a save: the append-only guard, the save itself and whoever listens to SavingChanges
    /// (the chat turn's unit of work) see the same detected state instead of each scanning every tracked entity again.
    /// </summary>
    private AutoDetectScope DetectChangesOnce()
    {
        if (ChangeTracker.AutoDetectChangesEnabled)
        {
            ChangeTracker.DetectChanges();
        }
        return WithoutAutoDetect();
    }

    private AutoDetectScope WithoutAutoDetect()
    {
        var scope = new AutoDetectScope(ChangeTracker, ChangeTracker.AutoDetectChangesEnabled);
        ChangeTracker.AutoDetectChangesEnabled = false;
        return scope;
    }

    private readonly struct AutoDetectScope(Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker tracker, bool enabled) : IDisposable
    {
        public void Dispose() => tracker.AutoDetectChangesEnabled = enabled;
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
