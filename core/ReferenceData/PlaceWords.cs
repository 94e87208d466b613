using Regin.Core.Normalisation;

namespace Regin.Core.ReferenceData;

/// <summary>
/// The words around a place name as officials type them (ReferenceData/place_words.json), folded: administrative
/// designators and their abbreviations ("Lkr.", "Prov."), words before or after a place that do not name it ("in ganz",
/// "y alrededores"), and the phrases for a whole country ("bundesweit", "todo o país"). Data, so that a word found in
/// real answers is added to the list, not to the code.
/// </summary>
public sealed class PlaceWords
{
    public static readonly PlaceWords None = new([], [], [], [], [], []);

    public PlaceWords(IEnumerable<string> designators, IEnumerable<string> before, IEnumerable<string> after,
        IEnumerable<string> nationwide, IEnumerable<string> nationwideSuffixes, IEnumerable<string> generic,
        IReadOnlyDictionary<string, Dictionary<string, string>>? numbered = null, IEnumerable<string>? seatsOfGovernment = null)
    {
        SeatsOfGovernment = (seatsOfGovernment ?? []).Select(code => code.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        Numbered = (numbered ?? new Dictionary<string, Dictionary<string, string>>()).ToDictionary(
            pair => pair.Key.ToUpperInvariant(),
            pair => (IReadOnlyDictionary<string, string>)pair.Value.ToDictionary(n => TextKey.Fold(n.Key), n => n.Value, StringComparer.Ordinal),
            StringComparer.Ordinal);
        Generic = Folded(generic).ToHashSet(StringComparer.Ordinal);
        Designators = Folded(designators).SelectMany(key => key.Split(' ')).ToHashSet(StringComparer.Ordinal);
        // Longest first, so that "in ganz" is taken whole before "in".
        Before = Folded(before).OrderByDescending(key => key.Length).ToList();
        After = Folded(after).OrderByDescending(key => key.Length).ToList();
        Nationwide = Folded(nationwide).ToHashSet(StringComparer.Ordinal);
        NationwideSuffixes = Folded(nationwideSuffixes).OrderByDescending(key => key.Length).ToList();
    }

    /// <summary>Single folded words ("lkr", "landratsamt").</summary>
    public IReadOnlySet<string> Designators { get; }

    public IReadOnlyList<string> Before { get; }

    public IReadOnlyList<string> After { get; }

    public IReadOnlySet<string> Nationwide { get; }

    public IReadOnlyList<string> NationwideSuffixes { get; }

    /// <summary>
    /// Areas known by their number, per country (ISO code): French départements as people say them ("le 93":
    /// Seine-Saint-Denis). Folded number → the area's name, which the catalogue knows.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Numbered { get; }

    /// <summary>
    /// NUTS codes of the regions that hold a state's capital ("AT13" Wien, "DE3" Berlin): a ministry named with one of them
    /// is as likely the state's as the region's.
    /// </summary>
    public IReadOnlySet<string> SeatsOfGovernment { get; }

    /// <summary>Region names that are plain words ("norte", "centro"): only ever a region of the practice's country.</summary>
    public IReadOnlySet<string> Generic { get; }

    /// <summary>Every language's words together: officials mix languages, and no list's word names a place.</summary>
    public static PlaceWords From(PlaceWordsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var languages = file.Languages.Values.ToList();
        return new PlaceWords(
            languages.SelectMany(l => l.Designators ?? []),
            languages.SelectMany(l => l.Before ?? []),
            languages.SelectMany(l => l.After ?? []),
            languages.SelectMany(l => l.Nationwide ?? []),
            languages.SelectMany(l => l.NationwideSuffixes ?? []),
            file.Generic ?? [],
            file.Numbered,
            file.SeatsOfGovernment);
    }

    private static IEnumerable<string> Folded(IEnumerable<string> words) =>
        words.Select(TextKey.Fold).Where(key => key.Length > 0).Distinct(StringComparer.Ordinal);

    public sealed record PlaceWordsFile(string Source, Dictionary<string, LanguagePlaceWords> Languages, string[]? Generic,
        Dictionary<string, Dictionary<string, string>>? Numbered = null,
        [property: System.Text.Json.Serialization.JsonPropertyName("seats_of_government")] string[]? SeatsOfGovernment = null);

    public sealed record LanguagePlaceWords(
        string[]? Designators,
        string[]? Before,
        string[]? After,
        string[]? Nationwide,
        [property: System.Text.Json.Serialization.JsonPropertyName("nationwide_suffixes")] string[]? NationwideSuffixes);
}
