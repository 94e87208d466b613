using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Persistence;

/// <summary>
/// Set-based changes of raw inputs. On SQLite a raw input is split over two tables (its row, and its bytes in a row of
/// their own: see <c>RawInputConfiguration.SplitBytes</c>), which EF Core's <c>ExecuteDelete</c> does not delete from:
/// both are deleted here, the bytes first, with the names from the model (on PostgreSQL the bytes are in the row).
/// </summary>
public static class RawInputRows
{
    private const int IdsPerStatement = 500;

    /// <summary>
    /// Replaces the bytes of raw input <paramref name="id"/> (an erasure: the only change a raw input's bytes ever get).
    /// EF Core's <c>ExecuteUpdate</c> of a split-off column writes SQL PostgreSQL refuses.
    /// </summary>
    public static Task<int> SetContentAsync(ReginDbContext db, long id, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(content);
        var model = new ModelStatements(db);
        var contents = model.StoreOf<RawInput>(nameof(RawInput.Content));
        var sql = "UPDATE " + model.Table(contents) + " SET " + model.Column<RawInput>(nameof(RawInput.Content), contents) + " = {0} WHERE "
            + model.Column<RawInput>(nameof(RawInput.Id), contents) + " = {1}";
        return db.Database.ExecuteSqlRawAsync(sql, [content, id], cancellationToken);
    }

    /// <summary>Deletes the raw inputs <paramref name="ids"/> with their bytes (in the caller's transaction, if any); the number of inputs deleted.</summary>
    public static async Task<int> DeleteAsync(ReginDbContext db, IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ids);
        var model = new ModelStatements(db);
        var contents = model.StoreOf<RawInput>(nameof(RawInput.Content));
        var split = contents.Name != model.Entity<RawInput>().GetTableName() || contents.Schema != model.Entity<RawInput>().GetSchema();
        var deleted = 0;
        foreach (var chunk in ids.Chunk(IdsPerStatement))
        {
            // Numbers only, written by the invariant culture: nothing of the caller's reaches the text.
            var list = string.Join(", ", chunk.Select(id => id.ToString(CultureInfo.InvariantCulture)));
            var bytes = "DELETE FROM " + model.Table(contents) + " WHERE " + model.Column<RawInput>(nameof(RawInput.Id), contents) + " IN (" + list + ")";
            var rows = "DELETE FROM " + model.Table<RawInput>() + " WHERE " + model.Column<RawInput>(nameof(RawInput.Id)) + " IN (" + list + ")";
            if (split)
            {
                await db.Database.ExecuteSqlRawAsync(bytes, cancellationToken);
            }
            deleted += await db.Database.ExecuteSqlRawAsync(rows, cancellationToken);
        }
        return deleted;
    }
}
