namespace Regin.Core.Persistence;

/// <summary>
/// The numbers of the practices a search found, looked up in the full-text index once (sorted here; no duplicates): the
/// list's statements (its capped count, its page) read them from parameters instead of evaluating the search again.
/// </summary>
public sealed class SearchMatches
{
    public SearchMatches(int[] numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        Array.Sort(numbers); // PostgreSQL's array comes in the heap's order (SQLite's in the index's: already sorted)
        Numbers = numbers;
        Count = numbers.Length;
    }

    private SearchMatches(int atLeast)
    {
        Numbers = [];
        Count = atLeast;
        IsComplete = false;
    }

    /// <summary>A search found in at least <paramref name="count"/> practices, which were not all read (no numbers).</summary>
    public static SearchMatches AtLeast(int count) => new(count);

    public int[] Numbers { get; }

    /// <summary>The number of matches; when not <see cref="IsComplete"/>, the least it may be.</summary>
    public int Count { get; } = -1;

    /// <summary>Whether <see cref="Numbers"/> holds every match (else only <see cref="Count"/> is known: at least that many).</summary>
    public bool IsComplete { get; } = true;

    /// <summary>The most a practice's number may be for <see cref="Marks"/> (one byte per number).</summary>
    public const int MaxMarkedNumber = 10_000_000;

    /// <summary>
    /// One byte per practice number, the digit '1' where the search matched (byte n, counted from 1, is practice n), '0'
    /// elsewhere; null when a number is beyond <see cref="MaxMarkedNumber"/>: a practice met while walking an index is
    /// looked up by reading one byte of a parameter (<see cref="ReginDbFunctions.ByteAt"/>), so a broad search neither
    /// reads nor sorts its matches.
    /// </summary>
    public byte[]? Marks()
    {
        if (Numbers.Length == 0)
        {
            return [];
        }
        if (Numbers[^1] > MaxMarkedNumber || Numbers[0] < 1)
        {
            return null;
        }
        var marks = new byte[Numbers[^1]];
        marks.AsSpan().Fill((byte)'0');
        foreach (var number in Numbers)
        {
            marks[number - 1] = (byte)'1';
        }
        return marks;
    }

    /// <summary>The value of <see cref="ReginDbFunctions.ByteAt"/> for a practice the search matched.</summary>
    public const int Marked = '1';
}

/// <summary>A search's matches as one row: their numbers as a JSON array (SQLite).</summary>
internal sealed class SearchMatchList
{
    public string Json { get; set; } = "[]";
}

/// <summary>The same on PostgreSQL (an int[]).</summary>
internal sealed class SearchMatchArray
{
    /// <summary>Null from <c>regin_search_numbers_below</c>: at least as many matches as asked for, not read.</summary>
    public int[]? Numbers { get; set; }
}
