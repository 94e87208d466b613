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

    /// <summary>
    /// The byte of <paramref name="marks"/> at <paramref name="position"/> (counted from 1) as a number, read without
    /// scanning what comes before it (SQLite: <c>unicode(substr(blob, n, 1))</c>; PostgreSQL: <c>get_byte(bytea, n - 1)</c>).
    /// </summary>
    public static int ByteAt(byte[] marks, int position) =>
        throw new InvalidOperationException("ReginDbFunctions.ByteAt is for database queries only.");

    /// <summary>
    /// The first <paramref name="count"/> bytes of <paramref name="bytes"/>, cut by the database so that only they travel
    /// (a mail's raw source shown on the practice page may be 50 MB). <c>substr(bytes, 1, count)</c> on both providers:
    /// SQLite's substr counts bytes of a blob, PostgreSQL has substr(bytea, int, int).
    /// </summary>
    public static byte[] Prefix(byte[] bytes, int count) =>
        throw new InvalidOperationException("ReginDbFunctions.Prefix is for database queries only.");

    /// <summary>
    /// <paramref name="id"/> itself, hidden from its column's indexes where the provider would otherwise read one to
    /// find the rows (SQLite: <c>trim(id, '')</c>, which removes nothing): a filter on it is then tested row by row while
    /// the query reads another index (the sort's). PostgreSQL chooses by its statistics: the column as it is.
    /// </summary>
    public static Guid Unindexed(Guid id) =>
        throw new InvalidOperationException("ReginDbFunctions.Unindexed is for database queries only.");

    /// <summary>
    /// <paramref name="value"/> itself, hidden from its column's indexes as <see cref="Unindexed(Guid)"/>: an equality on a
    /// column of few values (a status, a language, a country) tested row by row on a narrow range of another index.
    /// </summary>
    public static string Unindexed(string value) =>
        throw new InvalidOperationException("ReginDbFunctions.Unindexed is for database queries only.");

    /// <summary>
    /// Whether the practice <paramref name="practiceId"/> holds every word of <paramref name="words"/> (the provider's own
    /// query text, <see cref="ReginDatabaseProvider.SearchQueryText"/>), tested on that practice's row of the full-text
    /// index alone: for a page walked along a sort's index when a search is known to match many practices, so that its
    /// matches need not all be read. PostgreSQL only (<c>regin_search_matches</c>, migration SearchCountedByLanguage).
    /// </summary>
    public static bool HasWords(Guid practiceId, string words) =>
        throw new InvalidOperationException("ReginDbFunctions.HasWords is for database queries only.");
}
