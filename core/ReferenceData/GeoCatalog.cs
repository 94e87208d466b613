using System.Text.Json;
using Regin.Core.Normalisation;

namespace Regin.Core.ReferenceData;

public sealed record Country(string Code, IReadOnlyDictionary<string, string> Names, bool Eu)
{
    /// <summary>The country's own languages among the 8 (countries.json "languages"): its places' and bodies' words are
    /// theirs ("Kreis Lippe", "Comune di Bari"), whatever the chat's language. Empty when none is one of the 8.</summary>
    public IReadOnlyList<string> OwnLanguages { get; init; } = [];

    public string NameIn(string language) =>
        Names.TryGetValue(language, out var name) ? name : Names.TryGetValue(Languages.Default, out var english) ? english : Code;
}

public sealed record Region(string Code, int Level, string Country, string Name, IReadOnlyList<string> Aliases);

/// <summary>
/// European countries and NUTS 2021 regions (ReferenceData/*.json), looked up by code or by any of their names,
/// whatever the case, accents or a leading article ("l'Italia", "η Ελλάδα", "Región de Murcia").
/// </summary>
public sealed class GeoCatalog
{
    private readonly Dictionary<string, Country> _countriesByKey = new();
    private readonly Dictionary<string, Country> _countriesByCode = new(StringComparer.OrdinalIgnoreCase);
    // ISO alpha-3 codes ("IRL", "DEU"), known only as typed in capitals: in lower case several are words ("and", "arm", "lie").
    private readonly AsTypedNames<Country> _countriesByAlpha3;
    private readonly AsTypedNames<Country> _countriesBySign;
    private readonly AsTypedNames<Region> _regionsAsTyped;
    // Names read only as the whole answer, or after a region's word ("Emilia", "Regione Emilia"): anywhere else a first name.
    private readonly Dictionary<string, Region> _regionsAlone = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Region> _regionsByCode = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<Region>> _regionsByKey = new();
    // The bare names of names the catalogue qualifies in brackets ("Leer (Ostfriesland)": "leer"), known only beside a
    // designator ("Landkreis Leer"): alone, "leer" is the German for empty.
    private readonly Dictionary<string, List<Region>> _regionsByBareKey = new();
    // The level-0 region of each country (its NUTS code: EL for Greece), for a practice run nationwide.
    private readonly Dictionary<string, Region> _nations = new(StringComparer.OrdinalIgnoreCase);

    public GeoCatalog(IEnumerable<CountryRecord> countries, IEnumerable<RegionRecord> regions, PlaceWords? placeWords = null)
    {
        PlaceWords = placeWords ?? PlaceWords.None;
        var countryNames = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        var alpha3Codes = new List<(string, Country)>();
        var signs = new List<(string, Country)>();
        foreach (var record in countries)
        {
            var country = new Country(record.Code.ToUpperInvariant(), record.Names, record.Eu) { OwnLanguages = record.Languages ?? [] };
            _countriesByCode[country.Code] = country;
            if (record.Alpha3 is { Length: 3 } alpha3)
            {
                alpha3Codes.Add((alpha3.ToUpperInvariant(), country));
            }
            signs.AddRange((record.Signs ?? []).Select(sign => (sign, country)));
            countryNames[country.Code] = [.. record.Native ?? [], .. record.Aliases ?? []];
            foreach (var name in record.Names.Values.Concat(record.Native ?? []).Concat(record.Aliases ?? []).Append(record.Code))
            {
                _countriesByKey.TryAdd(TextKey.Fold(name), country);
            }
        }
        _countriesByAlpha3 = new AsTypedNames<Country>(alpha3Codes);
        _countriesBySign = new AsTypedNames<Country>(signs);
        var regionsAsTyped = new List<(string, Region)>();
        // ISO says GR, Eurostat says EL; UK is the common short form of GB.
        AddCountryCodeAlias("EL", "GR");
        AddCountryCodeAlias("UK", "GB");

        foreach (var record in regions)
        {
            var aliases = record.Aliases ?? [];
            if (record.Level == 0 && _countriesByCode.TryGetValue(record.Country, out var nation))
            {
                // A country as a region ("Deutschland", "Germany", "Γερμανία") is known by every name of the country.
                aliases = [.. aliases, .. nation.Names.Values, .. countryNames.GetValueOrDefault(nation.Code, [])];
            }
            var region = new Region(record.Code.ToUpperInvariant(), record.Level, record.Country.ToUpperInvariant(), record.Name, aliases.Distinct().ToList());
            _regionsByCode[region.Code] = region;
            regionsAsTyped.AddRange((record.AsTyped ?? []).Select(name => (name, region)));
            foreach (var name in record.Alone ?? [])
            {
                _regionsAlone.TryAdd(TextKey.Fold(name), region);
            }
            if (region.Level == 0)
            {
                _nations[region.Country] = region;
                _nations.TryAdd(region.Code, region);
            }
            foreach (var name in region.Aliases.Prepend(region.Name).SelectMany(NameVariants))
            {
                Add(_regionsByKey, TextKey.Fold(name), region);
                if (BareName(name) is { } bare)
                {
                    Add(_regionsByBareKey, TextKey.Fold(bare), region);
                }
            }
        }
        _regionsAsTyped = new AsTypedNames<Region>(regionsAsTyped);

        static void Add(Dictionary<string, List<Region>> index, string key, Region region)
        {
            if (key.Length == 0)
            {
                return;
            }
            if (!index.TryGetValue(key, out var list))
            {
                index[key] = list = [];
            }
            if (!list.Contains(region))
            {
                list.Add(region);
            }
        }
    }

    public PlaceWords PlaceWords { get; }

    /// <summary>The level-0 region of a country (by its ISO or NUTS code: GR or EL), or null.</summary>
    public Region? NationOf(string? country) =>
        country is null ? null
        : _nations.TryGetValue(country, out var nation) ? nation
        : CountryByCode(country) is { } known && _nations.TryGetValue(known.Code, out nation) ? nation
        : null;

    /// <summary>The one NUTS level-2 region of a country that has only one (Malta MT00, Cyprus CY00, Luxembourg LU00), or
    /// null: every place of such a country lies in it.</summary>
    public Region? OnlyRegionOf(string? country)
    {
        if (NationOf(country) is not { } nation)
        {
            return null;
        }
        var regions = _regionsByCode.Values.Where(r => r.Level == 2 && r.Country == nation.Country).Take(2).ToList();
        return regions.Count == 1 ? regions[0] : null;
    }

    /// <summary>The regions a bracket-qualified name is known by bare ("leer" for "Leer (Ostfriesland)"): only to be
    /// looked up when the answer wrote a designator before it.</summary>
    public IReadOnlyList<Region> FindRegionsByBareName(string key) =>
        _regionsByBareKey.TryGetValue(key, out var found) ? found.OrderByDescending(r => r.Level).ToList() : [];

    // "Leer (Ostfriesland)" → "Leer"; "Centro (ES)" → "Centro".
    private static string? BareName(string name)
    {
        var open = name.IndexOf('(', StringComparison.Ordinal);
        return open > 0 && name.TrimEnd().EndsWith(')') ? name[..open].Trim() : null;
    }

    public IEnumerable<Country> Countries => _countriesByCode.Values.Distinct();
    public IEnumerable<Region> Regions => _regionsByCode.Values;

    public static GeoCatalog LoadEmbedded()
    {
        var assembly = typeof(GeoCatalog).Assembly;
        using var countries = assembly.GetManifestResourceStream("Regin.Core.countries.json")!;
        using var regions = assembly.GetManifestResourceStream("Regin.Core.nuts2021.json")!;
        using var placeWords = assembly.GetManifestResourceStream("Regin.Core.place_words.json")!;
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        var countryFile = JsonSerializer.Deserialize<CountryFile>(countries, options)
            ?? throw new InvalidDataException("countries.json is empty.");
        var regionFile = JsonSerializer.Deserialize<RegionFile>(regions, options)
            ?? throw new InvalidDataException("nuts2021.json is empty.");
        var placeWordsFile = JsonSerializer.Deserialize<PlaceWords.PlaceWordsFile>(placeWords, options)
            ?? throw new InvalidDataException("place_words.json is empty.");
        return new GeoCatalog(countryFile.Countries, regionFile.Regions, PlaceWords.From(placeWordsFile));
    }

    public Country? CountryByCode(string? code) =>
        code is not null && _countriesByCode.TryGetValue(code, out var country) ? country : null;

    /// <summary>
    /// The region whose short name known only as typed ("NÖ", "NÖ.", "ER"), or whose name read only alone ("Emilia"), is the
    /// whole answer, or follows a region's word of four letters or more among <paramref name="prefixes"/> ("Regione ER",
    /// "Regione Emilia", "Land NÖ"; not after an article or "di"); else null.
    /// </summary>
    public Region? RegionAsTyped(string text, IReadOnlySet<string>? prefixes = null)
    {
        var trimmed = text.Trim().TrimEnd('.');
        if (Alone(trimmed) is { } whole)
        {
            return whole;
        }
        var words = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var skipped = 0;
        var designated = false;
        while (prefixes is not null && skipped < words.Length - 1 && TextKey.Fold(words[skipped].TrimEnd('.')) is var key && prefixes.Contains(key))
        {
            designated |= key.Length >= 4;
            skipped++;
        }
        return designated ? Alone(string.Join(' ', words[skipped..])) : null;

        Region? Alone(string name) =>
            _regionsAsTyped.TryWhole(name, out var region) || _regionsAlone.TryGetValue(TextKey.Fold(name), out region) ? region : null;
    }

    public Region? RegionByCode(string? code) =>
        code is not null && _regionsByCode.TryGetValue(code, out var region) ? region : null;

    /// <summary>The country a contributor means by <paramref name="text"/>, or null.</summary>
    /// <param name="text">What the contributor wrote.</param>
    /// <param name="prefixes">Folded words that may precede a name without being part of it (articles,
    /// "Region", "Regione", "Περιφέρεια": the place_prefixes of the vocabulary); dropped when the exact name is not found.</param>
    public Country? FindCountry(string text, IReadOnlySet<string>? prefixes = null)
    {
        var trimmed = text.Trim();
        // "IRL", "DEU", "SWE" (were "I do not recognise this country"); a flag pasted as the answer, "🇩🇪".
        if (_countriesByAlpha3.TryWhole(trimmed, out var byAlpha3))
        {
            return byAlpha3;
        }
        if (FlagCode(trimmed) is { } flagged && _countriesByCode.TryGetValue(flagged, out var byFlag))
        {
            return byFlag;
        }
        var key = TextKey.Fold(text);
        if (_countriesByKey.TryGetValue(key, out var country))
        {
            return country;
        }
        var stripped = Strip(key, prefixes);
        return stripped.Length > 0 && stripped != key && _countriesByKey.TryGetValue(stripped, out country) ? country : null;
    }

    /// <summary>
    /// The country whose international vehicle sign is the whole answer as typed ("D", "A", "SLO": what a German or an
    /// Austrian writes before a postcode), or null. Never read as the country outright: offered to confirm.
    /// </summary>
    public Country? CountryBySign(string text) => _countriesBySign.TryWhole(text, out var country) ? country : null;

    /// <summary>The countries whose alpha-3 codes stand among the words as typed ("the DEU office": DE; "AUT / DEU": AT, DE).</summary>
    public IReadOnlyList<Country> CountriesByAlpha3Within(string text) => _countriesByAlpha3.Within(text).Distinct().ToList();

    /// <summary>
    /// The regions <paramref name="text"/> may name: a NUTS code (a level-3 code gives its level-2 region; a country's
    /// code in capitals, "DE", its level-0 region), or a name. Level-2 regions come before level-1 ones, and those
    /// before the country.
    /// </summary>
    public IReadOnlyList<Region> FindRegions(string text, IReadOnlySet<string>? prefixes = null)
    {
        var trimmed = text.Trim();
        // Only in capitals: "de", "no", "it" are words.
        if (trimmed.Length == 2 && char.IsAsciiLetterUpper(trimmed[0]) && char.IsAsciiLetterUpper(trimmed[1]) && NationOf(trimmed) is { } nation)
        {
            return [nation];
        }
        var compact = trimmed.Replace(" ", "", StringComparison.Ordinal);
        if (compact.Length is >= 3 and <= 5 && char.IsAsciiLetter(compact[0]) && char.IsAsciiLetter(compact[1]))
        {
            if (_regionsByCode.TryGetValue(compact, out var byCode))
            {
                return [byCode];
            }
            if (compact.Length == 5 && _regionsByCode.TryGetValue(compact[..4], out var parent))
            {
                return [parent];
            }
        }
        var key = TextKey.Fold(trimmed);
        if (!_regionsByKey.TryGetValue(key, out var found))
        {
            var stripped = Strip(key, prefixes);
            if (stripped.Length == 0 || !_regionsByKey.TryGetValue(stripped, out found))
            {
                return [];
            }
        }
        return found.OrderByDescending(r => r.Level).ToList();
    }

    /// <summary>The two letters a flag emoji spells with its two regional indicator symbols ("🇸🇪": SE), or null.</summary>
    private static string? FlagCode(string text)
    {
        const int first = 0x1F1E6; // REGIONAL INDICATOR SYMBOL LETTER A
        var letters = new System.Text.StringBuilder(2);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is >= first and <= first + 25)
            {
                letters.Append((char)('A' + (rune.Value - first)));
            }
            else if (rune.Value != 0xFE0F && !System.Text.Rune.IsWhiteSpace(rune))
            {
                return null;
            }
        }
        return letters.Length == 2 ? letters.ToString() : null;
    }

    private void AddCountryCodeAlias(string alias, string code)
    {
        if (_countriesByCode.TryGetValue(code, out var country))
        {
            _countriesByCode.TryAdd(alias, country);
            _countriesByKey.TryAdd(TextKey.Fold(alias), country);
        }
    }

    // "Valle d'Aosta/Vallée d'Aoste" is known by each of its halves.
    private static IEnumerable<string> NameVariants(string name) =>
        name.Contains('/') ? name.Split('/').Append(name) : [name];

    /// <summary>The folded names of every region (its name and aliases), each with its regions.</summary>
    public IEnumerable<KeyValuePair<string, List<Region>>> RegionKeys => _regionsByKey;

    /// <summary>The folded names of every country (names in the 8 languages, native names, aliases, codes).</summary>
    public IEnumerable<KeyValuePair<string, Country>> CountryKeys => _countriesByKey;

    public static string Strip(string key, IReadOnlySet<string>? prefixes) =>
        prefixes is null || prefixes.Count == 0 ? key : string.Join(' ', key.Split(' ').Where(word => !prefixes.Contains(word)));

    /// <param name="Signs">International vehicle signs where they differ from the ISO codes ("D", "A", "SLO"), read only
    /// whole and in capitals, offered to confirm.</param>
    public sealed record CountryRecord(string Code, Dictionary<string, string> Names, string[]? Native, string[]? Aliases, bool Eu, string? Alpha3 = null,
        string[]? Languages = null, string[]? Signs = null);

    /// <param name="AsTyped">Short names known only as typed, in their capitals and letters ("NÖ": folded it is "no", which
    /// would name Lower Austria wherever a contributor types "no").</param>
    /// <param name="Alone">Names read only as the whole answer or after a region's word ("Emilia": a first name in any other
    /// text, so no alias).</param>
    public sealed record RegionRecord(string Code, int Level, string Country, string Name, string[]? Aliases, string[]? AsTyped = null, string[]? Alone = null);

    private sealed record CountryFile(string Source, List<CountryRecord> Countries);

    private sealed record RegionFile(string Source, List<RegionRecord> Regions);
}
