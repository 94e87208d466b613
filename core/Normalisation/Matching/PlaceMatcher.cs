using Regin.Core.ReferenceData;

namespace Regin.Core.Normalisation.Matching;

/// <summary>
/// Countries and regions as people write them: the exact name in any language (GeoCatalog), then without the
/// administrative prefixes of the vocabulary ("Región de Murcia", "Regione Puglia", "Land Brandenburg"), then by
/// the stems of the answer's language ("Περιφέρεια Κεντρικής Μακεδονίας" ~ "Κεντρική Μακεδονία"), then one or
/// two slips of typing away ("Pugila", "Sweeden"), which are only candidates to confirm. The words officials put
/// around a name (GeoCatalog.PlaceWords: "Lkr. Leer", "in ganz NRW", "Madrid y alrededores", "deutschlandweit") are
/// left out when the name alone is not found. The stem and typo indexes are built once, at start.
/// </summary>
public sealed partial class PlaceMatcher
{
    private readonly GeoCatalog _geo;
    private readonly MatchingVocabulary _words;
    private readonly HashSet<string> _allPrefixes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, List<Region>>> _regionStems = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Dictionary<string, Country>> _countryStems = new(StringComparer.OrdinalIgnoreCase);
    // With each region its key: a typo must begin as its name does ("Lummerland" is no slip for "Ammerland").
    private readonly TypoIndex<(string Key, Region Region)> _regionTypos = new();
    // Every region's name as its slips are looked for (prefixes left out): a name typed exactly is no slip.
    private readonly HashSet<string> _regionNames = new(StringComparer.Ordinal);
    private readonly PlaceWords _placeWords;
    private readonly TypoIndex<Country> _countryTypos = new();
    // Every region name's words without prefixes, for names written with abbreviations ("Prov. Aut. di Trento").
    private readonly List<(string[] Words, List<Region> Regions)> _regionWords = [];
    // Greek regions by the one greeklish spelling of their Latin names (Romanised): "Krhth", "Attikh", "Kentrikh Makedonia".
    private readonly Dictionary<string, List<Region>> _romanisedRegions = new(StringComparer.Ordinal);

    public PlaceMatcher(GeoCatalog geo, MatchingVocabulary words)
    {
        _geo = geo;
        _words = words;
        _placeWords = geo.PlaceWords;
        _allPrefixes.UnionWith(_placeWords.Designators);
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
                _regionTypos.Add(stripped, (stripped, region));
            }
            _regionNames.Add(stripped);
            if (stripped.Length > 0)
            {
                _regionWords.Add((stripped.Split(' '), regions));
            }
        }
        foreach (var (key, country) in geo.CountryKeys)
        {
            _countryTypos.Add(key, country);
        }
        foreach (var (key, regions) in geo.RegionKeys)
        {
            var greek = regions.Where(r => r.Country is "EL" or "GR" or "CY").ToList();
            if (greek.Count > 0 && Romanised.IsLatin(key) && Romanised.PlaceKey(GeoCatalog.Strip(key, _allPrefixes)) is { Length: > 0 } canonical)
            {
                var list = _romanisedRegions.TryGetValue(canonical, out var known) ? known : _romanisedRegions[canonical] = [];
                list.AddRange(greek.Where(r => !list.Contains(r)));
            }
        }
    }

    public IReadOnlySet<string> Prefixes => _allPrefixes;

    public Country? FindCountry(string text, string language)
    {
        // "in Deutschland", "toute la France", "hela Sverige": the words around the name left out.
        var country = FindCountryWhole(text, language)
            ?? WithoutSurroundings(TextKey.Fold(text)).Select(inner => FindCountryWhole(inner, language)).FirstOrDefault(found => found is not null)
            // "the DEU office": an alpha-3 code as typed among other words, when the codes there name one country.
            ?? (_geo.CountriesByAlpha3Within(text) is [var byCode] ? byCode : null);
        if (country is not null || !HasDetail(text, out var parts))
        {
            return country;
        }
        // "Deutschland (Bayern)", "Sverige/Sweden": the parts that name a country must all name the same one.
        var named = parts.Select(part => FindCountryWhole(part, language)).OfType<Country>().Distinct().ToList();
        return named.Count == 1 ? named[0] : null;
    }

    /// <summary>
    /// The countries named side by side, each part one country ("AUT / DEU", "Austria / Germany", "Österreich und
    /// Deutschland"), when there are two or more: a practice run across borders, for a question that takes one. Empty when
    /// a part names no country or all parts name the same one ("Sverige/Sweden" is <see cref="FindCountry"/>'s).
    /// </summary>
    public IReadOnlyList<Country> CountriesSideBySide(string text, string language)
    {
        var parts = HasDetail(text, out var detail) ? detail : AroundAnd(text, language);
        var named = parts.Select(part => FindCountryWhole(part, language) ?? (_geo.CountriesByAlpha3Within(part) is [var byCode] ? byCode : null)).ToList();
        return parts.Count > 1 && named.All(country => country is not null) && named.Distinct().Count() > 1
            ? named.OfType<Country>().Distinct().ToList()
            : [];
    }

    // The words before and after the language's first "and" ("Österreich und Deutschland"); none without one.
    private List<string> AroundAnd(string text, string language)
    {
        var words = TextKey.Words(text);
        var and = _words.For(language).And;
        for (var i = 1; i < words.Length - 1; i++)
        {
            if (and.LongestAt(words, i) is > 0 and var length && i + length < words.Length)
            {
                return [string.Join(' ', words[..i]), string.Join(' ', words[(i + length)..])];
            }
        }
        return [];
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
    /// <summary>The country whose vehicle sign ("D", "A", "SLO") is the whole answer as typed, or null.</summary>
    public Country? CountryBySign(string text) => _geo.CountryBySign(text);

    public IReadOnlyList<Country> CountryTypos(string text) =>
        _countryTypos.Nearest(GeoCatalog.Strip(TextKey.Fold(text), _allPrefixes)).Distinct().ToList();

    /// <summary>
    /// The regions the text names, level 2 before level 1 before the country (exact name, without prefixes, or by
    /// stems; with a detail beside it; then without the words around it: "in ganz NRW", "Madrid y alrededores",
    /// "toute la France", "bayernweit").
    /// </summary>
    public IReadOnlyList<Region> FindRegions(string text, string language)
    {
        // "NÖ" (Niederösterreich): a short name known only as typed (lang45 kept it as unknown; as an alias, "no" named it);
        // "Emilia", "Regione ER": a name read only whole or after a region's word (lang55: "Emilia" is a first name too).
        if (_geo.RegionAsTyped(text, _allPrefixes) is { } asTyped)
        {
            return [asTyped];
        }
        var found = FindRegionsAmidWords(text, language);
        if (found.Count == 0 && Contracted(text) is { } whole)
        {
            return FindRegionsAmidWords(whole, language);
        }
        found = found.Count > 0 || !HasDetail(text, out var parts) ? found : FindRegionsInParts(parts, language);
        // "Krhth", "Attikh", "Anatoliki Makedonia kai Thraki": greeklish spelt another way than the names' (η as "h"), read
        // again in the one spelling, only in Greek and only when nothing was found as typed.
        // In the genitive too, as Greek writes a region after "Περιφέρεια": "Perifereia Kritis", "Kentrikis Makedonias" (lang54:
        // they were guesses to confirm, "Περιφέρεια Κρήτης" was read).
        if (found.Count == 0 && _words.For(language).Romanised && Romanised.IsLatin(text)
            && GeoCatalog.Strip(TextKey.Fold(text), _allPrefixes) is var greeklish
            && Romanised.Nominatives(greeklish).Prepend(greeklish).Select(form => _romanisedRegions.GetValueOrDefault(Romanised.PlaceKey(form)))
                .FirstOrDefault(regions => regions is not null) is { } romanised)
        {
            return romanised.OrderByDescending(r => r.Level).ToList();
        }
        return found.Count > 0 ? found : BeforeCountryNamedAfter(text, language);
    }

    /// <summary>
    /// "west of ireland", "Galway Ireland", "Alsace en France": the regions named before a country typed after them, with or
    /// without a short word joining the two (they were kept as unknown regions; with a comma the country is a detail and was
    /// read: "Galway, Ireland"). None when the text is the country alone or the words before it name no region.
    /// </summary>
    private IReadOnlyList<Region> BeforeCountryNamedAfter(string text, string language)
    {
        var spans = TextKey.WordSpans(text);
        for (var tail = 1; tail <= Math.Min(3, spans.Count - 1); tail++)
        {
            var at = spans[^tail].Start.Value;
            if (FindCountryWhole(text[at..], language) is null)
            {
                continue;
            }
            if (FindRegionsAmidWords(text[..at], language) is { Count: > 0 } before)
            {
                return before;
            }
            // The joining word ("of", "en", "in", "de", "της"): short, and words before it.
            if (spans.Count - tail >= 2 && text[spans[^(tail + 1)]].Length <= 4
                && FindRegionsAmidWords(text[..spans[^(tail + 1)].Start.Value], language) is { Count: > 0 } joined)
            {
                return joined;
            }
        }
        return [];
    }

    /// <summary>
    /// The one place name that a name contracted with a slash stands for, as Greek writes long names ("Θεσ/νίκη":
    /// Θεσσαλονίκη, "Αλεξ/πολη": Αλεξανδρούπολη): the name that begins with the part before the slash and ends with the part
    /// after it; null when none or several do, or when the text is no such contraction.
    /// </summary>
    private string? Contracted(string text)
    {
        if (SlashContraction().Match(text.Trim()) is not { Success: true } match)
        {
            return null;
        }
        var (head, tail) = (TextKey.Fold(match.Groups["head"].Value), TextKey.Fold(match.Groups["tail"].Value));
        var names = _geo.Regions.SelectMany(region => region.Aliases.Prepend(region.Name))
            .Where(name => TextKey.Fold(name) is var key && key.Length > head.Length + tail.Length
                && key.StartsWith(head, StringComparison.Ordinal) && key.EndsWith(tail, StringComparison.Ordinal))
            .DistinctBy(TextKey.Fold)
            .Take(2)
            .ToList();
        return names.Count == 1 ? names[0] : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<head>\p{L}{2,})/(?<tail>\p{L}{2,})$")]
    private static partial System.Text.RegularExpressions.Regex SlashContraction();

    /// <summary>The regions a name names whole, or once the words around it are left out.</summary>
    private IReadOnlyList<Region> FindRegionsAmidWords(string text, string language)
    {
        var found = FindRegionsWhole(text, language);
        if (found.Count > 0)
        {
            return found;
        }
        var key = TextKey.Fold(text);
        foreach (var inner in WithoutSurroundings(key).Prepend(key))
        {
            // The text whole was looked up above; only its ending is left to try.
            if (!ReferenceEquals(inner, key) && FindRegionsWhole(inner, language) is { Count: > 0 } within)
            {
                return within;
            }
            // "deutschlandweit", "NRW-weit", "bayernweit": the name before the ending.
            foreach (var suffix in _placeWords.NationwideSuffixes)
            {
                if (inner.Length > suffix.Length + 2 && inner.EndsWith(suffix, StringComparison.Ordinal)
                    && FindRegionsWhole(inner[..^suffix.Length].Trim(), language) is { Count: > 0 } named)
                {
                    return named;
                }
            }
        }
        return [];
    }

    /// <summary>
    /// Whether a run of up to four words of a longer text names a region at NUTS level 1 or 2 ("Sozialministerium
    /// Baden-Württemberg", "Ministerium für Integration des Landes Oberösterreich"): a plain word that is also a region's
    /// name ("Nord", "Centro") does not count, nor a region that holds a state's capital ("Sozialministerium Wien") or has a country's name ("Luxemburg").
    /// </summary>
    public bool NamesARegionWithin(string text, string language)
    {
        var words = TextKey.Words(text);
        var spans = TextKey.WordSpans(text);
        for (var length = Math.Min(4, words.Length); length >= 1; length--)
        {
            for (var start = 0; start + length <= words.Length; start++)
            {
                var run = string.Join(' ', words, start, length);
                // "Sozialministerium NRW", "Ministerium MV": a region's short name typed in capitals names it, by its exact
                // name only (a shorter run in lower case is a plain word: "mv", "nrw" of nothing).
                var abbreviation = length == 1 && spans.Count == words.Length && run.Length is 2 or 3
                    && text[spans[start]] is var typed && typed.All(char.IsUpper);
                // A two-letter country code ("MV": the Maldives) is no country beside a ministry's name.
                if ((run.Length >= 4 || abbreviation) && !IsGenericName(run) && (abbreviation || FindCountryWhole(run, language) is null)
                    && (abbreviation ? _geo.FindRegions(run, _allPrefixes) : FindRegionsWhole(run, language))
                        .Any(region => region.Level is 1 or 2 && !_placeWords.SeatsOfGovernment.Contains(region.Code)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>Whether the text names a place the catalogue knows at any level ("göttingen", "bologna", "αττικής", "skåne"),
    /// and is no region name that is a plain word ("Norte", "Centro") nor a country.</summary>
    public bool NamesAPlace(string text, string language) =>
        TextKey.Words(text).Length is > 0 and <= 4 && !IsGenericName(text) && FindCountryWhole(text, language) is null
        && FindRegionsWhole(text, language).Count > 0;

    /// <summary>Whether a word opens a place's name without being one ("Land", "Regione", "Περιφέρεια", "Landkreis").</summary>
    public bool IsDesignator(string word) => _allPrefixes.Contains(TextKey.Fold(word));

    /// <summary>Whether the text is a region's own name or alias as the catalogue writes it, accents and case aside, not by its
    /// stem ("Toscana", "Emilia-Romagna", "Κρήτη"; not "toscani", "Κρήτης"), and no country.</summary>
    public bool NamesARegionAsWritten(string text) =>
        TextKey.Words(text).Length is > 0 and <= 4 && !IsGenericName(text) && _geo.FindRegions(text, _allPrefixes).Any(region => region.Level > 0);

    /// <summary>Whether the text, whole, names a region of NUTS level 1 or 2 ("Bretagne", "Skåne", "Emilia-Romagna"), and
    /// is no region name that is a plain word ("Norte", "Centro").</summary>
    public bool NamesARegion(string text, string language) =>
        !IsGenericName(text) && FindRegionsWhole(text, language).Any(region => region.Level is 1 or 2);

    /// <summary>Whether the text is a region's name that is a plain word ("Norte", "Centro", "Nord") and names a region
    /// (abbreviations aside): a place only where something else says so ("FSE+ Norte").</summary>
    public bool IsPlainRegionName(string text) =>
        TextKey.Words(text).Length is > 0 and <= 2 && _placeWords.Generic.Contains(GeoCatalog.Strip(TextKey.Fold(text), _allPrefixes))
        && _geo.FindRegions(text, _allPrefixes).Any(region => region.Level > 0);

    /// <summary>
    /// Whether the text is a region name that is a plain word ("Norte", "Região Centro", "Nord"), or an abbreviation of
    /// three to five capitals, dotted or not ("CAM", "P.A.T.", "CVL": an official's short name for their own region;
    /// "CAM" in Italy may be Campania, not Madrid): it names a region of the practice's country or none, never one abroad
    /// to ask about.
    /// </summary>
    public bool IsGenericName(string text) =>
        _placeWords.Generic.Contains(GeoCatalog.Strip(TextKey.Fold(text), _allPrefixes))
        || text.Replace(".", "", StringComparison.Ordinal).Trim() is { Length: >= 3 and <= 5 } abbreviation && abbreviation.All(char.IsAsciiLetterUpper);

    /// <summary>
    /// An area of the practice's country by its number or letters, as people say it ("le 93", "dans le 13", "dépt 2A",
    /// "93"; an Italian province's sigla "MI", "prov. BO"): the regions its name names (place_words.json "numbered"), and
    /// whether it was letters alone, which count only as typed in capitals and are offered to confirm, not taken ("NO"
    /// may be a refusal, "no" is one). Empty for any other text, and when no country is known.
    /// </summary>
    public (IReadOnlyList<Region> Regions, bool ByLetters) FindNumberedArea(string text, string? country)
    {
        if (country is null || !_placeWords.Numbered.TryGetValue(country.ToUpperInvariant(), out var numbered))
        {
            return ([], false);
        }
        var words = TextKey.Words(text);
        var last = words.Length - 1;
        if (last < 0 || !numbered.TryGetValue(words[last], out var name)
            || !words[..last].All(w => NumberLeadIns.Contains(w) || _placeWords.Designators.Contains(w) || _placeWords.Before.Contains(w)))
        {
            return ([], false);
        }
        var byLetters = words[last].All(char.IsLetter);
        var typedLast = text.Split([' ', '(', ')', '.', ',', '-'], StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        if (byLetters && !typedLast.All(char.IsUpper))
        {
            return ([], false);
        }
        return (_geo.FindRegions(name, _allPrefixes), byLetters);
    }

    // Words before an area's number that name nothing: "le 93", "dans le 93", "département n° 93", "provincia di RC".
    private static readonly HashSet<string> NumberLeadIns = new(["le", "la", "du", "departement", "dept", "n", "no", "numero", "provincia", "di"], StringComparer.Ordinal);

    /// <summary>
    /// Whether the text says "the whole country" without naming it: "bundesweit", "nationwide", "todo o país",
    /// "σε όλη τη χώρα" (the country is the practice's).
    /// </summary>
    public bool IsNationwide(string text)
    {
        var key = TextKey.Fold(text);
        return _placeWords.Nationwide.Contains(key) || WithoutSurroundings(key).Any(_placeWords.Nationwide.Contains);
    }

    /// <summary>
    /// The folded text with ever more of the words around a place left out, a word list's phrase at a time from the
    /// start, then from the end: "in ganz nrw" gives "ganz nrw", "nrw". The text itself is not among them.
    /// </summary>
    private IEnumerable<string> WithoutSurroundings(string key)
    {
        var current = key;
        for (var changed = true; changed && current.Length > 0;)
        {
            changed = false;
            foreach (var before in _placeWords.Before)
            {
                if (current.Length > before.Length && current.StartsWith(before, StringComparison.Ordinal) && current[before.Length] == ' ')
                {
                    current = current[(before.Length + 1)..];
                    changed = true;
                    yield return current;
                    break;
                }
            }
            foreach (var after in _placeWords.After)
            {
                if (current.Length > after.Length && current.EndsWith(after, StringComparison.Ordinal) && current[^(after.Length + 1)] == ' ')
                {
                    current = current[..^(after.Length + 1)];
                    changed = true;
                    yield return current;
                    break;
                }
            }
        }
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
        // A hyphenated word of a sentence that names a region whole is that region ("c'est plutôt la Nouvelle-Aquitaine" is
        // FRI): split at its hyphen, the sentence's other words are a detail and "Aquitaine" alone named FRI1.
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.AsSpan().IndexOfAny('-', '\u2010', '\u2011') > 0 && word.Length < text.Trim().Length
                && FindRegionsWhole(word.Trim('.', ',', ';', '!', '?', '"', '\'', '«', '»'), language) is { Count: > 0 } named)
            {
                return named;
            }
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
        var named = parts.Select(part => FindRegionsAmidWords(part, language)).Where(regions => regions.Count > 0).ToList();
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
        var folded = TextKey.Fold(text);
        var key = GeoCatalog.Strip(folded, _allPrefixes);
        var words = _words.For(language);
        if (key.Length > 0 && _regionStems[words.Language].TryGetValue(words.Stem(key), out var list))
        {
            return list.OrderByDescending(r => r.Level).ToList();
        }
        // "Landkreis Leer", "Lkr. Leer": a bracket-qualified name ("Leer (Ostfriesland)") by its bare name, as a
        // designator stands before it.
        if (key.Length > 0 && key != folded && _geo.FindRegionsByBareName(key) is { Count: > 0 } designated)
        {
            return designated;
        }
        // "C.A.M.", "P.A.T.", "R.A.M.": an abbreviation written with a dot after each letter is the abbreviation.
        if (folded.Length >= 3 && folded.Split(' ') is { Length: >= 2 } letters && letters.All(l => l.Length == 1)
            && _geo.FindRegions(string.Concat(letters), _allPrefixes) is { Count: > 0 } initials)
        {
            return initials;
        }
        // "R. A. Açores", "C. A. de Madrid": a designator written as dotted initials, spaced, before the name.
        if (SpacedInitials().Match(text) is { Success: true } spaced
            && _geo.FindRegions(string.Concat(spaced.Groups["letter"].Captures.Select(c => c.Value)) + " " + spaced.Groups["name"].Value, _allPrefixes) is { Count: > 0 } afterInitials)
        {
            return afterInitials;
        }
        return FindAbbreviated(text);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(?:(?<letter>\p{Lu})\.\s*){2,5}(?<name>\p{L}.*)$")]
    private static partial System.Text.RegularExpressions.Regex SpacedInitials();

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
        var near = RegionTyposOf(key, inCountry);
        // "Southern regoin", "Regoine Puglia": the slip is in the designator beside the name, which is then left out.
        return near.Count > 0 || WithoutSlippedDesignator(key) is not { } bare ? near : RegionTyposOf(bare, inCountry);
    }

    /// <summary>
    /// "seit 2019 in ganz niedersachen": a sentence of three words or more whose last one to three words are a region's
    /// name one slip away (the whole was kept as an unknown region); only when those words are six letters or more. Asked
    /// last, when nothing else reads the text (a region named exactly after other words is found before). A region's name
    /// typed exactly at the end is no slip: the text was left unread for another reason, most often a second place named
    /// before it ("Lombardia e Piemonte", "Bayern und Hessen" offered only the last, to confirm; now kept and flagged as
    /// "Lombardia, Piemonte" is, lang45), unless those words name the same region.
    /// </summary>
    public IReadOnlyList<Region> RegionTyposAtTheEnd(string text, Func<Region, bool> inCountry)
    {
        var words = GeoCatalog.Strip(TextKey.Fold(text), _allPrefixes).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 3)
        {
            return [];
        }
        for (var tail = Math.Min(3, words.Length - 1); tail >= 1; tail--)
        {
            var name = string.Join(' ', words[^tail..]);
            if (_regionNames.Contains(name))
            {
                // Unless the words before it name the same region, one slip away ("Attikh kai Peiraias": Piraeus is in Attica).
                var head = words[..^tail];
                if (head.Length > 1 && head[^1].Length <= 3)
                {
                    head = head[..^1];
                }
                var same = RegionTyposOf(string.Join(' ', head), inCountry);
                return RegionTyposOf(name, inCountry).Where(same.Contains).ToList();
            }
            if (name.Count(char.IsLetter) >= 6 && RegionTyposOf(name, inCountry) is { Count: > 0 } near)
            {
                return near;
            }
        }
        return [];
    }

    private static readonly F23.StringSimilarity.OptimalStringAlignment Slip = new();

    /// <summary>The key without its first or last word when that word is one slip of typing away from a designator of five
    /// letters or more ("regoin" for "region"); null when neither is.</summary>
    private string? WithoutSlippedDesignator(string key)
    {
        var words = key.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2)
        {
            return null;
        }
        bool Slipped(string word) => word.Length >= 5 && _allPrefixes.Any(p => p.Length >= 5 && Slip.Distance(word, p) == 1);
        return Slipped(words[^1]) ? string.Join(' ', words[..^1]) : Slipped(words[0]) ? string.Join(' ', words[1..]) : null;
    }

    private List<Region> RegionTyposOf(string key, Func<Region, bool> inCountry)
    {
        var near = _regionTypos.Nearest(key, entry => inCountry(entry.Region))
            .Where(entry => key.Length > 0 && entry.Key.Length > 0 && (entry.Key[0] == key[0] || (key.Length > 1 && entry.Key[0] == key[1] && entry.Key.Length > 1 && entry.Key[1] == key[0])))
            .Select(entry => entry.Region)
            .ToList();
        // A level-1 region with the same name as its level-2 region (Berlin DE3 and DE30) is one candidate.
        var level2 = near.Where(r => r.Level == 2).ToList();
        return (level2.Count > 0 ? level2 : near).Distinct().ToList();
    }
}
