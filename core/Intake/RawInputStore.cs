using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Intake;

/// <summary>
/// Every input exactly as received (a mail's bytes, a chat activity's JSON), kept before anything reads it, and each
/// one once: the same input (same channel and key) arriving again is recognised, so the caller never processes it twice.
/// </summary>
public sealed class RawInputStore(ReginDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Stores the input now, on its own, before it is processed (a mail: whatever happens next, its bytes are kept).
    /// IsNew is false when the same input was stored before; Input is then the stored one.
    /// </summary>
    public async Task<(RawInput Input, bool IsNew)> StoreAsync(RawInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var existing = await db.RawInputs.FirstOrDefaultAsync(r => r.Channel == input.Channel && r.DedupKey == input.DedupKey, cancellationToken);
        if (existing is not null)
        {
            return (existing, false);
        }
        input.ReceivedAt = input.ReceivedAt == default ? clock.GetUtcNow() : input.ReceivedAt;
        if (db.Provider().WriteInPiecesFrom is { } large && input.Content.Length >= large)
        {
            return await StoreLargeAsync(input, cancellationToken);
        }
        db.RawInputs.Add(input);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (input, true);
        }
        catch (DbUpdateException)
        {
            // The same input arrived twice at once; the other writer stored it.
            db.Entry(input).State = EntityState.Detached;
            existing = await db.RawInputs.AsNoTracking().FirstAsync(r => r.Channel == input.Channel && r.DedupKey == input.DedupKey, cancellationToken);
            return (existing, false);
        }
    }

    /// <summary>
    /// A large input (a mail with a 30 MB scan): its row is inserted without the bytes, which are then written into it
    /// in pieces, in one transaction (the caller's, or one of its own: the row never exists without its bytes). EF Core
    /// neither binds nor snapshots the bytes (each would be a copy of the whole): the input comes back untracked.
    /// </summary>
    private async Task<(RawInput Input, bool IsNew)> StoreLargeAsync(RawInput input, CancellationToken cancellationToken)
    {
        var content = input.Content;
        await using var transaction = !ContextTransaction.IsOpen(db) ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        input.Content = [];
        db.RawInputs.Add(input);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            // Into the bytes' own row (its key is the input's id), which nothing updates afterwards: SQLite keeps the zeroed
            // blob, the last column of that row, virtual, and writes the pieces straight to its pages.
            var property = db.Model.FindEntityType(typeof(RawInput))!.FindProperty(nameof(RawInput.Content))!;
            var table = property.GetTableColumnMappings().Single().TableMapping.Table;
            var column = property.GetColumnName(StoreObjectIdentifier.Table(table.Name, table.Schema))!;
            await db.Provider().WriteInPiecesAsync(db, table.Name, column, input.Id, content, cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (DbUpdateException)
        {
            // The same input arrived twice at once; the other writer stored it.
            db.Entry(input).State = EntityState.Detached;
            input.Content = content;
            return (await db.RawInputs.AsNoTracking().FirstAsync(r => r.Channel == input.Channel && r.DedupKey == input.DedupKey, cancellationToken), false);
        }
        finally
        {
            db.Entry(input).State = EntityState.Detached;
            input.Content = content;
        }
        return (input, true);
    }

    private static readonly CompiledPerModel<Func<ReginDbContext, string, string, CancellationToken, Task<bool>>> Received = new(() =>
        EF.CompileAsyncQuery((ReginDbContext db, string channel, string key, CancellationToken cancellationToken) =>
            db.RawInputs.Any(r => r.Channel == channel && r.DedupKey == key)));

    /// <summary>
    /// False when the same input was stored before (the caller must not process it again); otherwise its time of receipt
    /// is set. With <see cref="AddToUnit"/>, the two steps of storing it in the caller's unit of work (a chat turn).
    /// </summary>
    public async Task<bool> IsNewAsync(RawInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await Received.For(db)(db, input.Channel, input.DedupKey, cancellationToken))
        {
            return false;
        }
        input.ReceivedAt = input.ReceivedAt == default ? clock.GetUtcNow() : input.ReceivedAt;
        return true;
    }

    /// <summary>
    /// Adds the input (known new by <see cref="IsNewAsync"/>) to the caller's unit of work, to be stored when it saves:
    /// a chat turn adds it once it knows the practice, so it is inserted once, filed, in the turn's transaction.
    /// </summary>
    public void AddToUnit(RawInput input) => db.RawInputs.Add(input);

    /// <summary>
    /// As <see cref="StoreInUnitAsync"/>, but the INSERT waits on the unit's connection to go with its next statement, or
    /// with its COMMIT (<see cref="ConnectionPrelude"/>, <see cref="WriteBatch.ExecuteAndCommitAsync"/>): a unit whose
    /// replies leave only after its commit (a chat turn answered in the HTTP response) needs no round trip of its own for
    /// it. <paramref name="repeated"/> runs when the INSERT finds the input stored before (when it ran, or before the COMMIT
    /// it went with: the database fails that statement, so nothing of the unit is committed); it should throw, to undo the
    /// unit. The input's <see cref="RawInput.Id"/> is not read back. False, with nothing done, where the provider sends no
    /// statements in batches (SQLite) or the bytes go in pieces: the caller stores it now.
    /// </summary>
    public async Task<bool> StoreWithUnitsNextStatementAsync(RawInput input, UnitTransaction unit, Action repeated, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(repeated);
        if (WriteBatch.For(db) is null || db.Provider().WriteInPiecesFrom is { } large && input.Content.Length >= large)
        {
            return false;
        }
        if (!ContextTransaction.IsOpen(db) && unit.Join is null)
        {
            // No owner commits it (outside a unit of work): the caller stores it now.
            return false;
        }
        await using (var own = await unit.BeginUnlessOpenAsync(cancellationToken))
        {
            if (own is not null)
            {
                // (Its owner began none: nothing written yet, rolled back as it ends.)
                return false;
            }
        }
        input.ReceivedAt = input.ReceivedAt == default ? clock.GetUtcNow() : input.ReceivedAt;
        var model = new ModelStatements(db);
        var statement = model.InsertWithSplitRowLater(model.StoreOf<RawInput>(nameof(RawInput.Content)), [nameof(RawInput.Channel), nameof(RawInput.DedupKey)],
            nameof(RawInput.Id), input, "raw input", inserted =>
            {
                if (inserted == 0)
                {
                    repeated();
                }
            });
        if (statement is null)
        {
            return false;
        }
        ConnectionPrelude.Add(db.Database.GetDbConnection(), statement);
        return true;
    }

    /// <summary>
    /// Stores the input in the caller's unit of work (<see cref="UnitTransaction"/>: a chat turn's one transaction), now,
    /// unless an input with its channel and key is stored already: false then, and nothing is written. Statements
    /// prepared from the model (<c>INSERT ... ON CONFLICT DO NOTHING RETURNING</c>, then the bytes' own row), nothing
    /// tracked: the way a chat turn stores its message, once it knows the practice.
    /// </summary>
    public async Task<bool> StoreInUnitAsync(RawInput input, UnitTransaction unit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(unit);
        input.ReceivedAt = input.ReceivedAt == default ? clock.GetUtcNow() : input.ReceivedAt;
        await using var own = await unit.BeginUnlessOpenAsync(cancellationToken);
        if (db.Provider().WriteInPiecesFrom is { } large && input.Content.Length >= large)
        {
            var (_, isNew) = await StoreAsync(input, cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
            return isNew;
        }
        var model = new ModelStatements(db);
        string[] key = [nameof(RawInput.Channel), nameof(RawInput.DedupKey)];
        var bytes = model.StoreOf<RawInput>(nameof(RawInput.Content));
        // Where the bytes have a row of their own and the provider can, both rows in one statement (a model that keeps the
        // bytes in the input's row, as PostgreSQL's since RawInputBytesInRow, has no second row: the INSERT below).
        await using (var both = model.InsertWithSplitRow<RawInput>(bytes, key, nameof(RawInput.Id)))
        {
            if (both is not null)
            {
                if (await both.InsertReturningAsync(input, cancellationToken) is not { } stored)
                {
                    return false;
                }
                input.Id = Convert.ToInt64(stored, System.Globalization.CultureInfo.InvariantCulture);
                if (own is not null)
                {
                    await own.CommitAsync(cancellationToken);
                }
                return true;
            }
        }
        await using var insert = model.Insert<RawInput>(onConflictDoNothing: key, returning: nameof(RawInput.Id));
        if (await insert.InsertReturningAsync(input, cancellationToken) is not { } id)
        {
            return false;
        }
        input.Id = Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
        if (bytes.Name != model.Entity<RawInput>().GetTableName() || bytes.Schema != model.Entity<RawInput>().GetSchema())
        {
            // The bytes in their own row (see RawInputConfiguration), in the same transaction.
            await using var content = model.InsertInto<RawInput>(bytes);
            await content.InsertAsync(input, cancellationToken);
        }
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }
        return true;
    }
}
