using F23.StringSimilarity;

namespace Regin.Core.Normalisation.Matching;

/// <summary>
/// Finds the keys one or two typing slips away from a typed key (optimal string alignment: a letter missing,
/// added, changed, or two letters swapped). Short keys get no slack: "Lazio" never becomes "Lario".
/// A cheap letter-set check skips most keys before the distance is computed.
/// </summary>
public sealed class TypoIndex<T>
{
    private static readonly OptimalStringAlignment Distance = new();
    private readonly List<(string Key, ulong Letters, T Item)> _entries = [];

    public void Add(string key, T item)
    {
        if (key.Length >= MinimumLength)
        {
            _entries.Add((key, Letters(key), item));
        }
    }

    public const int MinimumLength = 4;

    /// <summary>How many slips a key of this length may carry: none under 4 letters, one up to 7, two from 8.</summary>
    public static int Allowed(int length) => length < MinimumLength ? 0 : length < 8 ? 1 : 2;

    /// <summary>The items whose key is nearest to <paramref name="key"/>, within the slips allowed; empty when none is.</summary>
    public IReadOnlyList<T> Nearest(string key, Func<T, bool>? accept = null)
    {
        var allowed = Allowed(key.Length);
        if (allowed == 0)
        {
            return [];
        }
        var letters = Letters(key);
        var best = allowed + 1;
        var found = new List<T>();
        foreach (var (candidate, candidateLetters, item) in _entries)
        {
            if (Math.Abs(candidate.Length - key.Length) > allowed
                || System.Numerics.BitOperations.PopCount(letters ^ candidateLetters) > 2 * allowed
                || (accept is not null && !accept(item)))
            {
                continue;
            }
            var distance = (int)Distance.Distance(key, candidate);
            if (distance > Math.Min(allowed, Allowed(candidate.Length)) || distance > best)
            {
                continue;
            }
            if (distance < best)
            {
                best = distance;
                found.Clear();
            }
            if (!found.Contains(item))
            {
                found.Add(item);
            }
        }
        return found;
    }

    private static ulong Letters(string key)
    {
        ulong bits = 0;
        foreach (var c in key)
        {
            if (c != ' ')
            {
                bits |= 1UL << (c % 64);
            }
        }
        return bits;
    }
}
