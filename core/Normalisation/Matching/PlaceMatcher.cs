using Regin.Core.ReferenceData;

namespace Regin.Core.Normalisation.Matching;

/// <summary>
/// Countries and regions as people write them: the exact name in any language (GeoCatalog), then without the
/// administrative prefixes of the vocabulary ("Región de Murcia", "Regione Puglia", "Land Brandenburg"), then by
/// the stems of the answer's language ("Περιφέρεια Κεντρικής Μακεδονίας" ~ "Κεντρική Μακεδονία"), then one or
/// two slips of typing away ("Pugila", "Sweeden"), which are only candidates to confirm.
/// The stem and typo indexes are built once, at start.
/// </summary>
public sealed partial class PlaceMatcher
{
    private readonly GeoCatalog _geo;
    private readonly MatchingVocabulary _words;
    private readonly HashSet<string> _allPrefixes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, List<Region>>> _regionStems = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Dictionary<string, Country>> _countryStems = new(StringComparer.OrdinalIgnoreCase);
    private readonly TypoIndex<Region> _regionTypos = new();
    private readonly TypoIndex<Country> _countryTypos = new();
    // Every region name's words without prefixes, for names written with abbreviations ("Prov. Aut. di Trento").
    private readonly List<(string[] Words, List<Region> Regions)> _regionWords = [];

    public PlaceMatcher(GeoCatalog geo, MatchingVocabulary words)
    {
        _geo = geo;
        _words = words;
        foreach (var language in words.All)
        {
            foreach (var key in language.PlacePrefixes.Keys)
            {
                foreach (var word in key.Split(' '))
                {
                    _allPrefixes.Add(word);
                }
            }
        }
        foreach (var language in words.All)
        {
            var regionStems = _regionStems[language.Language] = new(StringComparer.Ordinal);
            var countryStems = _countryStems[language.Language] = new(StringComparer.Ordinal);
            foreach (var (key, regions) in geo.RegionKeys)
            {
                var stem = language.Stem(GeoCatalog.Strip(key, _allPrefixes));
                if (stem.Length == 0)
                {
                    continue;
                }
                if (!regionStems.TryGetValue(stem, out var list))
                {
                    regionStems[stem] = list = [];
                }
                list.AddRange(regions.Where(r => !list.Contains(r)));
            }
            foreach (var (key, country) in geo.CountryKeys)
            {
                countryStems.TryAdd(language.Stem(key), country);
            }
        }
        foreach (var (key, regions) in geo.RegionKeys)
        {
            var stripped = GeoCatalog.Strip(key, _allPrefixes);
            foreach (var region in regions)
            {
                _regionTypos.Add(stripped, region);
            }
            if (stripped.Length > 0)
            {
                _regionWords.Add((stripped.Split(' '), regions));
            }
        }
        foreach (var (key, country) in geo.CountryKeys)
        {
            _countryTypos.Add(key, country);
        }
    }

    public IReadOnlySet<string> Prefixes => _allPrefixes;

    public Country? FindCountry(string text, string language)
    {
        var country = FindCountryWhole(text, language);
        if (country is not null || !HasDetail(text, out var parts))
        {
            return country;
        }
        // "Deutschland (Bayern)", "Sverige/Sweden": the parts that name a country must all name the same one.
        var named = parts.Select(part => FindCountryWhole(part, language)).OfType<Country>().Distinct().ToList();
        return named.Count == 1 ? named[0] : null;
    }

    private Country? FindCountryWhole(string text, string language)
    {
        var country = _geo.FindCountry(text, _allPrefixes);
        if (country is not null)
        {
            return country;
        }
        var key = GeoCatalog.Strip(TextKey.Fold(text), _allPrefixes);
        var words = _words.For(language);
        return key.Length > 0 && _countryStems[words.Language].TryGetValue(words.Stem(key), out country) ? country : null;
    }

    /// <summary>The countries one or two slips of typing away, nearest first (several when they are as near).</summary>
    public IReadOnlyList<Country> CountryTypos(string text) =>
        _countryTypos.Nearest(GeoCatalog.Strip(TextKey.Fold(text), _allPrefixes)).Distinct().ToList();

    /// <summary>The regions the text names, level 2 before level 1 (exact name, without prefixes, or by stems).</summary>
    public IReadOnlyList<Region> FindRegions(string text, string language)
    {
        var found = FindRegionsWhole(text, language);
        return found.Count > 0 || !HasDetail(text, out var parts) ? found : FindRegionsInParts(parts, language);
    }

    /// <summary>
    /// The region of a city written with its district: "Berlin-Neukölln", "Hamburg-Altona" (the parts of a hyphenated
    /// name, read as <see cref="FindRegionsInParts"/> reads a detail in brackets), "Lyon 8e", "Marseille 3e
    /// arrondissement", "Wien 10. Bezirk", "Roma Municipio VIII" (the place before a district's number). For a name that
    /// neither names a region whole nor is a slip of typing away from one: "Sachsen-Anhald" is Sachsen-Anhalt, not Sachsen.
    /// </summary>
    public IReadOnlyList<Region> FindRegionsOfDistrict(string text, string language)
    {
        var numbered = DistrictNumber().Match(text);
        if (numbered.Success && FindRegionsWhole(text[..numbered.Index], language) is { Count: > 0 } city)
        {
            return city;
        }
        var parts = text.Split(['-', '\u2010', '\u2011'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 1 ? FindRegionsInParts(parts, language) : [];
    }

    // A district's number after the place: " 8e", " 3ème", " 10.", " XVIII", " 2nd" (arabic or roman, with its ordinal mark).
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=\S)\s+(?:\d{1,2}|[IVXLC]{1,6})(?:e|er|ème|eme|re|o|º|°|ª|\.|st|nd|rd|th)?(?=[\s,]|$)")]
    private static partial System.Text.RegularExpressions.Regex DistrictNumber();

    /// <summary>
    /// A region written with a detail beside it: "Nouvelle-Aquitaine (Bordeaux)", "Bayern (Oberbayern)", "Attica -
    /// Athens". The parts that name no region (a city, a district) are details; the parts that do must lie on one line
    /// of NUTS levels, and the most precise is the answer. Two regions side by side ("Lombardia / Piemonte") name none:
    /// the answer is kept as written for a researcher, never cut down to one of them.
    /// </summary>
    private IReadOnlyList<Region> FindRegionsInParts(IReadOnlyList<string> parts, string language)
    {
        var named = parts.Select(part => FindRegionsWhole(part, language)).Where(regions => regions.Count > 0).ToList();
        if (named.Count == 0)
        {
            return [];
        }
        // Within or equal to a region of every naming part: "DE21" is within "DE2".
        return named.SelectMany(regions => regions).Distinct()
            .Where(candidate => named.All(regions => regions.Any(r => candidate.Code.StartsWith(r.Code, StringComparison.OrdinalIgnoreCase))))
            .OrderByDescending(r => r.Level)
            .ToList();
    }

    /// <summary>
    /// The parts of a place written with a detail: split at brackets, slashes, commas, semicolons and dashes between
    /// spaces (a hyphen inside a name, "Baden-Württemberg", is not a split).
    /// </summary>
    private static bool HasDetail(string text, out IReadOnlyList<string> parts)
    {
        parts = DetailSeparator().Split(text).Select(part => part.Trim()).Where(part => part.Length > 0).ToList();
        return parts.Count > 1;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[()\[\]/,;]|\s[-–—]\s|\s[–—]|[–—]\s")]
    private static partial System.Text.RegularExpressions.Regex DetailSeparator();

    private IReadOnlyList<Region> FindRegionsWhole(string text, string language)
    {
        var found = _geo.FindRegions(text, _allPrefixes);
        if (found.Count > 0)
        {
            return found;
        }
        var key = GeoCatalog.Strip(TextKey.Fold(text), _allPrefixes);
        var words = _words.For(language);
        return key.Length > 0 && _regionStems[words.Language].TryGetValue(words.Stem(key), out var list)
            ? list.OrderByDescending(r => r.Level).ToList()
            : FindAbbreviated(text);
    }

    /// <summary>
    /// A name written with abbreviated words, each ending in a dot: "Β. Αιγαίο", "Prov. Aut. di Trento", "Com. de
    /// Madrid", "Mecklenburg-Vorp.", "N. Aegean". An abbreviation stands for a word it begins; one that begins an
    /// administrative prefix ("Reg.", "Prov.") may stand for that prefix and be left out. One word at least must be
    /// whole, so that "Sud." (a full stop) is not read as "Südtirol".
    /// </summary>
    private List<Region> FindAbbreviated(string text)
    {
        var typed = new List<(string Word, bool Abbreviated)>();
        foreach (System.Text.RegularExpressions.Match match in AbbreviatedWord().Matches(text))
        {
            foreach (var word in TextKey.Words(match.Groups["word"].Value))
            {
                typed.Add((word, false));
            }
            if (typed.Count > 0 && match.Groups["dot"].Success)
            {
                typed[^1] = (typed[^1].Word, true);
            }
        }
        if (!typed.Any(t => t.Abbreviated))
        {
            return [];
        }
        typed.RemoveAll(t => !t.Abbreviated && _allPrefixes.Contains(t.Word));
        // Decided once per word, not once per region name: "Reg." may stand for "regione" and be left out.
        var standsForPrefix = typed.Select(t => t.Abbreviated && _allPrefixes.Any(p => p.StartsWith(t.Word, StringComparison.Ordinal))).ToArray();
        var found = new List<Region>();
        foreach (var (name, regions) in _regionWords)
        {
            if (Matches(name))
            {
                found.AddRange(regions.Where(r => !found.Contains(r)));
            }
        }
        return found.OrderByDescending(r => r.Level).ToList();

        bool Matches(string[] name)
        {
            var at = 0;
            var whole = 0;
            for (var t = 0; t < typed.Count; t++)
            {
                var (word, abbreviated) = typed[t];
                if (at < name.Length && name[at] == word)
                {
                    at++;
                    whole++;
                }
                else if (at < name.Length && abbreviated && name[at].StartsWith(word, StringComparison.Ordinal))
                {
                    at++;
                }
                else if (!standsForPrefix[t])
                {
                    return false;
                }
            }
            return at == name.Length && whole > 0;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<word>[\p{L}\p{M}\p{Nd}]+)(?<dot>\.)?")]
    private static partial System.Text.RegularExpressions.Regex AbbreviatedWord();

    /// <summary>The regions one or two slips of typing away (in <paramref name="country"/> when given), level 2 first.</summary>
    public IReadOnlyList<Region> RegionTypos(string text, Func<Region, bool> inCountry)
    {
        var key = GeoCatalog.Strip(TextKey.Fold(text), _allPrefixes);
        var near = _regionTypos.Nearest(key, inCountry).ToList();
        // A level-1 region with the same name as its level-2 region (Berlin DE3 and DE30) is one candidate.
        var level2 = near.Where(r => r.Level == 2).ToList();
        return (level2.Count > 0 ? level2 : near).Distinct().ToList();
    }
}
