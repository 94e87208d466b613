namespace Regin.Core.Persistence;

/// <summary>Functions that queries may use and that each provider translates (see <see cref="ReginDatabaseProvider.ConfigureModel"/>).</summary>
public static class ReginDbFunctions
{
    /// <summary>
    /// An instant in an order the database can sort by itself, with an index: PostgreSQL sorts its timestamps; SQLite
    /// keeps them as ISO text, which sorts chronologically because every time the application writes is UTC.
    /// </summary>
    public static DateTimeOffset Chronological(DateTimeOffset at) =>
        throw new InvalidOperationException("ReginDbFunctions.Chronological is for database queries only.");
}
