using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Testing;

namespace Regin.Core.Tests.Persistence;

/// <summary>A real database of one provider (a SQLite file, or a PostgreSQL database), migrated from empty, deleted at the end of the test.</summary>
internal sealed class StoreDatabase : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private StoreDatabase(TestDatabase database) => _database = database;

    public TestDatabase Database => _database;

    public ReginDbContext NewContext() => new(_database.ContextOptions());

    /// <summary>A fresh database, migrated unless <paramref name="migrate"/> is false (a migration test takes it from empty).</summary>
    public static async Task<StoreDatabase> CreateAsync(string provider, bool migrated = true, bool migrate = true)
    {
        var database = new StoreDatabase(await TestDatabase.CreateAsync(provider, migrated));
        if (migrate)
        {
            await using var db = database.NewContext();
            await db.Provider().MigrateAsync(db, NullLogger.Instance);
        }
        return database;
    }

    public IntakeService Intake(ReginDbContext db, TimeProvider? clock = null, OpenDraftCache? drafts = null) =>
        new(db, TestCore.Normaliser, clock ?? TimeProvider.System, NullLogger<IntakeService>.Instance, drafts);

    /// <summary>The intake of a chat turn: drafts held untracked and written by <see cref="PracticeRowWriter"/> (dispose the writer with the context).</summary>
    public IntakeService UntrackedIntake(ReginDbContext db, OpenDraftCache drafts, out PracticeRowWriter rows, TimeProvider? clock = null)
    {
        var unit = new UnitTransaction(db);
        rows = new PracticeRowWriter(db, unit);
        return new(db, TestCore.Normaliser, clock ?? TimeProvider.System, NullLogger<IntakeService>.Instance, drafts, rows, unit);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
