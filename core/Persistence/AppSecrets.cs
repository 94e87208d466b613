using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Persistence;

/// <summary>
/// Keys the application makes for itself: random bytes created once, on first use, and kept in the database so every
/// process (and every restart) uses the same one. When two processes create it at once, the first insert wins and the
/// other reads it back.
/// </summary>
public static class AppSecretStore
{
    public static async Task<byte[]> GetOrCreateAsync(ReginDbContext db, string name, int bytes, DateTime utcNow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var existing = await db.AppSecrets.AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return existing;
        }
        var row = new AppSecret { Name = name, Value = RandomNumberGenerator.GetBytes(bytes), CreatedAt = utcNow };
        db.AppSecrets.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return row.Value;
        }
        catch (DbUpdateException)
        {
            return await db.AppSecrets.AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).FirstAsync(cancellationToken);
        }
        finally
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }
}
