namespace Regin.Core.Normalisation.Matching;

/// <summary>
/// A list of words and phrases of the vocabulary, as comparison keys (with the other spellings of their letters),
/// found whole or inside the words of an answer, longest first.
/// </summary>
public sealed class PhraseSet
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    // The first words of the phrases of several words: most words open none, and are looked up once.
    private readonly HashSet<string> _firstWords = new(StringComparer.Ordinal);
    private int _maxWords;
    // A phrase that is no member where a word of its set follows it in the same words, before another member: the negation of
    // "ne … que" ("n'a qu'un rôle de conseil": only advisory, no denial).
    private readonly Dictionary<string, PhraseSet> _turnedBy = new(StringComparer.Ordinal);
    // How far after such a phrase its turning word is looked for: a clause's words.
    private const int TurnWithin = 6;

    public PhraseSet(IEnumerable<string> phrases, IReadOnlyList<string[]> spellings, IEnumerable<NegationFrame>? turned = null)
    {
        foreach (var group in (turned ?? []).GroupBy(t => t.Negation, StringComparer.Ordinal))
        {
            var turns = new PhraseSet(group.Select(t => t.Turn), spellings);
            foreach (var key in Spellings.Keys(group.Key, spellings))
            {
                _turnedBy[key] = turns;
            }
        }
        foreach (var phrase in phrases)
        {
            foreach (var key in Spellings.Keys(phrase, spellings))
            {
                if (key.Length > 0 && _keys.Add(key))
                {
                    _maxWords = Math.Max(_maxWords, key.Count(c => c == ' ') + 1);
                    if (key.IndexOf(' ', StringComparison.Ordinal) is > 0 and var space)
                    {
                        _firstWords.Add(key[..space]);
                    }
                }
            }
        }
    }

    public static readonly PhraseSet Empty = new([], []);

    public bool Contains(string key) => _keys.Contains(key);

    /// <summary>Whether <paramref name="word"/> is the first word of a phrase of several words.</summary>
    public bool OpensPhrase(string word) => _firstWords.Contains(word);

    public IReadOnlyCollection<string> Keys => _keys;

    /// <summary>How many words, from <paramref name="start"/>, make the longest phrase of the set; 0 when none does.</summary>
    public int LongestAt(IReadOnlyList<string> words, int start)
    {
        for (var length = Math.Min(_maxWords, words.Count - start); length > 0; length--)
        {
            var candidate = length == 1 ? words[start] : string.Join(' ', words.Skip(start).Take(length));
            if (_keys.Contains(candidate) && !(_turnedBy.TryGetValue(candidate, out var turns) && TurnAfter(words, start + length, turns) is not null))
            {
                return length;
            }
        }
        return 0;
    }

    /// <summary>
    /// The words of a frame that makes the phrase at <paramref name="start"/> no member ("n'" and "qu'" of "n'a qu'un rôle"):
    /// its own words and its turning word's, each saying nothing by itself; empty when there is none.
    /// </summary>
    public IEnumerable<int> TurnedWordsAt(IReadOnlyList<string> words, int start)
    {
        if (_turnedBy.Count == 0)
        {
            return []; // most sets and languages have no frames: every answer's words pass here
        }
        for (var length = Math.Min(_maxWords, words.Count - start); length > 0; length--)
        {
            var candidate = length == 1 ? words[start] : string.Join(' ', words.Skip(start).Take(length));
            if (_keys.Contains(candidate) && _turnedBy.TryGetValue(candidate, out var turns) && TurnAfter(words, start + length, turns) is var (at, turn))
            {
                return Enumerable.Range(start, length).Concat(Enumerable.Range(at, turn));
            }
        }
        return [];
    }

    // Where a word of turns follows within a clause's words, before another member ("ne … pas que" stays a denial); null when none.
    private (int At, int Length)? TurnAfter(IReadOnlyList<string> words, int from, PhraseSet turns)
    {
        for (var i = from; i < words.Count && i < from + TurnWithin; i++)
        {
            if (turns.LongestAt(words, i) is > 0 and var length)
            {
                return (i, length);
            }
            if (_keys.Contains(words[i]) || (_firstWords.Contains(words[i]) && LongestAt(words, i) > 0))
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>True when one of the phrases occurs in <paramref name="words"/>.</summary>
    public bool OccursIn(IReadOnlyList<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (LongestAt(words, i) > 0)
            {
                return true;
            }
        }
        return false;
    }
}
