using System.Text.RegularExpressions;

namespace Regin.Core.Normalisation;

/// <summary>
/// Short names known only as typed, in their capitals, as whole words: a country's alpha-3 code ("DEU", "IRL": in lower
/// case some are words, "and", "arm") and a choice's synonym marked so ("LA": "la" is an article in fr, es, it). One reading
/// for both: no letter or digit on either side, and no word with a capital right after it, which makes the letters part of
/// a longer name ("LA County" is Los Angeles, "LA Galaxy" a football club).
/// </summary>
public sealed class AsTypedNames<T>
{
    private readonly Dictionary<string, T> _values = new(StringComparer.Ordinal);
    private readonly Regex? _names;

    public AsTypedNames(IEnumerable<(string Name, T Value)> names)
    {
        foreach (var (name, value) in names)
        {
            if (name.Trim() is { Length: > 0 } trimmed)
            {
                _values.TryAdd(trimmed, value);
            }
        }
        // Not compiled, not ignoring case: a few hundred short names at most, read in a short answer.
        _names = _values.Count == 0 ? null : new Regex(
            $@"(?<![\p{{L}}\p{{N}}])(?:{string.Join('|', _values.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape))})(?![\p{{L}}\p{{N}}])(?!\s+\p{{Lu}})",
            RegexOptions.CultureInvariant);
    }

    /// <summary>The value of the whole answer, trimmed, when it is one of the names as typed ("DEU").</summary>
    public bool TryWhole(string text, out T value) => _values.TryGetValue(text.Trim(), out value!);

    /// <summary>The values of the names found among the words, in order ("the DEU office": DE; "AUT / DEU": AT, DE).</summary>
    public IReadOnlyList<T> Within(string text)
    {
        if (_names is null)
        {
            return [];
        }
        var found = new List<T>();
        foreach (Match match in _names.Matches(text))
        {
            found.Add(_values[match.Value]);
        }
        return found;
    }

    /// <summary>The text with each name found replaced ("the LA" → "the Local authority").</summary>
    public string Replace(string text, Func<T, string> replacement) =>
        _names is null ? text : _names.Replace(text, match => replacement(_values[match.Value]));
}
