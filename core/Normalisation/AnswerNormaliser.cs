// Over 400 lines because it is the one entry point for every question type (text, choice, yes/no, date, number, money, country, region, e-mail, phone): each branch is short and they share the checks.
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MimeKit;
using Regin.Core.Localisation;
using Regin.Core.Normalisation.Matching;
using Regin.Core.Presentation;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;

namespace Regin.Core.Normalisation;

/// <summary>
/// Turns what a contributor wrote for one question into a clean value, per the rules of questionnaire.md,
/// whatever the channel. Refusals and notes are in the contributor's language and say what was expected.
/// </summary>
public sealed partial class AnswerNormaliser
{
    /// <summary>Answers longer than this are refused before any other work (a 1 MB paste costs nothing).</summary>
    public const int HardLimit = 20_000;

    private readonly QuestionnaireDefinition _questionnaire;
    private readonly Texts _texts;
    private readonly GeoCatalog _geo;
    private readonly DateParser _dates;
    private readonly NumberParser _numbers;
    private readonly ValueFormatter _formatter;
    private readonly Dictionary<string, Question> _questions;
    private readonly Dictionary<string, ChoiceMatcher> _choices = new();
    private readonly MatchingVocabulary _words;
    private readonly YesNoReader _yesNo;
    private readonly DeclineReader _declines;
    private readonly PlaceMatcher _places;
    // The words that name an e-mail question in any language ("correo", "adresse", "indirizzo", "email"), from its labels
    // and aliases: "mi correo es lucia@…" introduces the address, "maria rossi@…" does not.
    private readonly Dictionary<string, HashSet<string>> _namesOfAddress = [];
    private readonly Dictionary<(string Question, string Language), PhraseSet> _leadIns = [];
    private readonly Dictionary<(string Question, string Language), PhraseSet> _leadOuts = [];
    private readonly Dictionary<(string Question, string Language), PhraseSet> _selfDescriptions = [];
    private readonly Dictionary<(string Question, string Language), PhraseSet> _orgLinks = [];
    private readonly Dictionary<(string Question, string Language), PhraseSet> _kindLinks = [];
    private readonly Dictionary<(string Question, string Language), PhraseSet> _placeLinks = [];
    // Per language, the words an organisation's name opens with: the kinds' name words and the kinds' synonyms ("câmara
    // municipal", "comune", "ayuntamiento", "mairie"): after a kind link they make what follows an organisation.
    private readonly Dictionary<string, PhraseSet> _organisationOpeners = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Question, string Language), PhraseSet> _ours = [];
    private readonly Dictionary<(string Question, string Language), PhraseSet> _oursWith = [];
    private readonly Dictionary<(string Question, string Language), PhraseSet> _regionItself = [];
    private readonly Dictionary<(string Question, string Language), PhraseSet> _municipalityItself = [];
    // The stems of a question's origin words ("Ukrainians", "afghani"), per language: see OriginsAlone.
    private readonly Dictionary<(string Question, string Language), HashSet<string>> _origins = [];
    // "in", "en", "em" per language (folded): before a country's name in a list of areas or groups, where it happens.
    private readonly Dictionary<string, HashSet<string>> _placeIn = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>"as above", "wie oben", "como he dicho", "idem": the vocabulary's <c>same_words</c>, folded.</summary>
    private readonly HashSet<string> _sameWords;
    // Every language's closing words ("kind regards", "cordiali saluti"), folded: a pasted answer ends before them (PastedText).
    private readonly HashSet<string> _signOffs;
    // Every language's words for a kind of organisation ("council", "Gemeinde", "comune"), folded.
    private readonly HashSet<string> _organisationWords;

    public AnswerNormaliser(QuestionnaireDefinition questionnaire, GeoCatalog geo)
    {
        _questionnaire = questionnaire;
        _texts = new Texts(questionnaire);
        _geo = geo;
        // Every index (spellings, stems, typo lists) is built here, once: the normaliser is a singleton.
        _words = new MatchingVocabulary(questionnaire);
        _numbers = new NumberParser(questionnaire.Vocabulary);
        _dates = new DateParser(questionnaire.Vocabulary, _words, _numbers);
        _formatter = new ValueFormatter(questionnaire, geo);
        _questions = questionnaire.Questions.ToDictionary(q => q.Id);
        _organisationWords = questionnaire.Vocabulary.OrganisationWords.All.SelectMany(TextKey.Words).ToHashSet(StringComparer.Ordinal);
        _signOffs = questionnaire.Vocabulary.SignOffs.All.Select(TextKey.Fold).Where(signOff => signOff.Length > 0).ToHashSet(StringComparer.Ordinal);
        _sameWords = questionnaire.Vocabulary.SameWords.All.Select(TextKey.Fold).Where(same => same.Length > 0).ToHashSet(StringComparer.Ordinal);
        _places = new PlaceMatcher(geo, _words);
        foreach (var question in questionnaire.Questions.Where(q => q.IsChoice))
        {
            _choices[question.Id] = new ChoiceMatcher(question, questionnaire.Vocabulary, _words, _places.NamesAPlace, _places.NamesARegionAsWritten, _places.IsDesignator,
                _places.IsPlainRegionName);
        }
        _yesNo = new YesNoReader(_words, QuestionNames.Of(questionnaire));
        _declines = new DeclineReader(_words);
        foreach (var question in questionnaire.Questions)
        {
            KeepPhrases(_leadIns, question.Id, question.LeadIns);
            KeepPhrases(_leadOuts, question.Id, question.LeadOuts);
            KeepPhrases(_selfDescriptions, question.Id, question.SelfDescriptions);
            KeepPhrases(_orgLinks, question.Id, question.OrgLinks);
            KeepPhrases(_kindLinks, question.Id, question.KindLinks);
            KeepPhrases(_placeLinks, question.Id, question.PlaceLinks);
            KeepPhrases(_ours, question.Id, question.Ours);
            KeepPhrases(_oursWith, question.Id, question.OursWith);
            KeepPhrases(_regionItself, question.Id, question.RegionItself);
            KeepPhrases(_municipalityItself, question.Id, question.MunicipalityItself);
            foreach (var (language, origins) in question.Origins)
            {
                _origins[(question.Id, language)] = origins.SelectMany(TextKey.Words).Select(_words.For(language).Stem).ToHashSet(StringComparer.Ordinal);
            }
        }
        if (questionnaire.Questions.FirstOrDefault(q => q.Id == OrganisationKindQuestion) is { } kinds)
        {
            foreach (var language in questionnaire.Languages.Select(l => l.Code))
            {
                var openers = (kinds.Choices ?? []).Where(c => c.Code != "other").SelectMany(c => c.Synonyms.TryGetValue(language, out var synonyms) ? synonyms : [])
                    .Concat(kinds.NameWords.TryGetValue(language, out var names) ? names : []);
                _organisationOpeners[language] = new PhraseSet(openers, _words.For(language).Spellings);
            }
        }
        foreach (var (language, list) in questionnaire.Vocabulary.PlaceIn)
        {
            _placeIn[language] = list.Select(TextKey.Fold).ToHashSet(StringComparer.Ordinal);
        }
        foreach (var question in questionnaire.Questions.Where(q => q.Type == QuestionType.Email))
        {
            _namesOfAddress[question.Id] = question.Label.Values.Concat(question.Aliases.All)
                .SelectMany(TextKey.Words).Where(w => w.Length >= 4).ToHashSet(StringComparer.Ordinal);
        }
    }

    /// <summary>The vocabulary of every language as the matchers read it (spellings, negations, fillers ...).</summary>
    public MatchingVocabulary Words => _words;

    /// <summary>How a yes/no answer is read ("of course", "je ne suis pas contre", "yes, but …"): the consent question's reader.</summary>
    public YesNoReader YesNo => _yesNo;

    public QuestionnaireDefinition Questionnaire => _questionnaire;
    public GeoCatalog Geo => _geo;

    // A question's phrases per language, spelled as the language allows: lead-ins, closing words, "same as above".
    private void KeepPhrases(Dictionary<(string Question, string Language), PhraseSet> into, string questionId, LocalizedWords phrasesByLanguage)
    {
        foreach (var (language, phrases) in phrasesByLanguage)
        {
            into[(questionId, language)] = new PhraseSet(phrases, _words.For(language).Spellings);
        }
    }

    public bool TryGetQuestion(string id, out Question question) => _questions.TryGetValue(id, out question!);

    /// <summary>
    /// The parts left out of a choice answer as restating its subject (<see cref="ChoiceMatch.Restating"/>) that name only where
    /// people come from (the question's <c>origins</c>, articles aside: "Ukrainians", "die Ukrainer"), when no other part of the
    /// answer names an origin: "IPAs and Ukrainians" names two groups, "rifugiati ucraini e afghani" the refugees' origins.
    /// </summary>
    private List<string> OriginsAlone(Question question, IReadOnlyList<string> restating, string value, string language)
    {
        if (restating.Count == 0 || !_origins.TryGetValue((question.Id, language), out var origins))
        {
            return [];
        }
        var local = _words.For(language);
        bool IsOrigin(string word) => origins.Contains(local.Stem(word));
        var alone = restating.Where(part => TextKey.Words(part) is { Length: > 0 } words
            && words.All(word => IsOrigin(word) || local.LeadingArticles.Contains(word)) && words.Any(IsOrigin)).ToList();
        return TextKey.Words(value).Count(IsOrigin) > alone.Sum(part => TextKey.Words(part).Count(IsOrigin)) ? [] : alone;
    }

    /// <summary>The option code of a regional authority among an organisation's kinds.</summary>
    private const string RegionalAuthority = "regional_authority";

    /// <summary>
    /// Whether an organisation's name reads, where its kind is asked, as a regional authority ("Regione Emilia-Romagna",
    /// "Region Skåne", "Περιφέρεια Κρήτης"): no guess; the region's own name may be left over under Other.
    /// </summary>
    private bool IsRegionalAuthority(string organisation, string language) => KindOf(organisation, language) == RegionalAuthority;

    /// <summary>The option code of a local authority among an organisation's kinds.</summary>
    private const string LocalAuthority = "local_authority";

    /// <summary>
    /// The kind an organisation's name reads as plainly where its kind is asked ("Câmara Municipal do Porto": local_authority,
    /// "Verein Willkommen": ngo): no guess; the place's own name may be left over under Other. Null otherwise.
    /// </summary>
    private string? KindOf(string organisation, string language) =>
        _questionnaire.Questions.FirstOrDefault(q => q.Type == QuestionType.Choice && q.ChoiceList.Any(c => c.Code == RegionalAuthority)) is { } kind
        && Normalise(kind.Id, organisation, language) is { Ok: true, NeedsConfirmation: false, Value: JsonValue code }
        && code.GetValue<string>() is { } read && read != "other" ? read : null;

    /// <summary>
    /// "My name is Siobhan O'Brien", "Jag heter Karin Lindqvist", "ich arbeite bei der Stadt Köln", "το έργο λέγεται …": the
    /// answer to a text question without the words of its language that introduce it (the question's <c>lead_ins</c>), as
    /// typed; the whole text when they are all there is.
    /// </summary>
    public string WithoutLeadIn(Question question, string text, string language)
    {
        var start = AnswerStart(question, text, language);
        var end = AnswerEnd(question, text, language).End;
        return end > start ? text[start..end].Trim() : text;
    }

    /// <summary>
    /// Whether the name <paramref name="text"/> gives at the person's name <paramref name="questionId"/> (past its lead-in, before a
    /// comma, bracket or spaced dash that sets a remark apart) holds a word no person's name holds (vocabulary
    /// <c>not_in_names</c>: "für", "for", "pour", "για"): "Deutschkurse für Asylwerber im Bezirk Landeck", the practice's title
    /// typed where the name is asked (session 49: stored as the contributor's name).
    /// </summary>
    public bool ReadsAsAPhrase(string questionId, string text, string language)
    {
        if (!_questions.TryGetValue(questionId, out var question) || !question.PersonName)
        {
            return false;
        }
        language = Languages.IsSupported(language) ? language.ToLowerInvariant() : Languages.Default;
        var name = WithoutLeadIn(question, Clean(text, keepLines: false), language);
        var apart = System.Text.RegularExpressions.Regex.Match(name, @"[,;(\[]|\s[-–—]\s");
        var words = TextKey.Words(apart.Success ? name[..apart.Index] : name);
        var notInNames = _words.For(language).NotInNames;
        if (Enumerable.Range(0, words.Length).Any(i => notInNames.LongestAt(words, i) > 0))
        {
            return true;
        }
        // "Sprachcafe Graz - Deutsch lernen im Grätzl": a title and its subtitle after a spaced dash (session 51: stored as the
        // name "Sprachcafe Graz" with a remark). A post after the dash ("- Referent für Integration") is the name's remark.
        if (!apart.Success || apart.Value.Trim() is not ("-" or "–" or "—"))
        {
            return false;
        }
        var subtitle = TextKey.Words(name[(apart.Index + apart.Length)..]);
        return !subtitle.Any(_words.For(language).IsRoleWord) && Enumerable.Range(0, subtitle.Length).Any(i => notInNames.LongestAt(subtitle, i) > 0);
    }

    /// <summary>
    /// The answer after a lead-in of two words or more that opens <paramref name="text"/> ("il mio nome è Giulia Ferri",
    /// "ich heiße Anna", "je m'appelle Claire"), or null: a one-word lead-in ("sono", "name") opens too many sentences to
    /// name the question by itself.
    /// </summary>
    public string? AfterLongLeadIn(Question question, string text, string language)
    {
        var start = AnswerStart(question, text, language);
        return start > 0 && TextKey.Words(text[..start]).Length >= 2 ? text[start..].Trim() : null;
    }

    /// <summary>Whether a text opens with words that introduce an answer to the question ("my name is …"), or ends with words
    /// that close one ("Karin Lindqvist här"): an answer, not talk.</summary>
    public bool HasLeadInOrOut(Question question, string text, string language) =>
        AnswerStart(question, text, language) > 0 || AnswerEnd(question, text, language).End < text.Length;

    /// <summary>
    /// The date answer names a period of two ends ("2019–2021", "Σεπτ. 2020 έως σήμερα"): the start date takes its first,
    /// and the end date, asked next, may take its last.
    /// </summary>
    public bool IsPeriod(string text, string language) => PeriodText(text, language) is not null;

    /// <summary>
    /// The whole answer gives nothing of its own, a phrase that fits any question: a none, a decline, a no or an unsure ("nn
    /// c'è", "we don't have one", "pas pour l'instant", "weiß nicht").
    /// </summary>
    public bool GivesNothing(string text, string language) => _declines.IsDecline(text, language) || _declines.IsNone(text, language)
        || _declines.IsNo(text, language) || _declines.IsUnsure(text, language);

    /// <summary>
    /// The words of the date answer that name a period of two ends: the whole answer, or the clause before a semicolon
    /// (Greek's raised dot) whose facts after it are remarks ("Empezó en marzo de 2019 y sigue en marcha; presupuesto de
    /// 120.000 € al año", as the dates read them); null when it names one date.
    /// </summary>
    public string? PeriodText(string text, string language)
    {
        var cleaned = Clean(Storable(text), keepLines: false);
        if (_dates.IsPeriod(cleaned, language))
        {
            return cleaned;
        }
        var clause = cleaned.IndexOfAny([';', '\u00b7', '\u0387']) is > 0 and var at ? cleaned[..at].Trim() : cleaned;
        if (clause != cleaned && _dates.IsPeriod(clause, language))
        {
            return clause;
        }
        return OngoingAfterComma(cleaned, language);
    }

    /// <summary>
    /// The facts pasted after a semicolon (Greek's raised dot) of an answer that takes one value, each part between commas
    /// as typed: "budget €120.000 a year" and "co-funded by AMIF" of "Started in March 2019; budget €120.000 a year,
    /// co-funded by AMIF". A comma with no space after it is no separator ("€ 80.000,- pro Jahr", "1,2 Mio. €").
    /// </summary>
    public IReadOnlyList<string> PastedFacts(string text)
    {
        if (text.AsSpan().IndexOfAny(";\u00b7\u0387\u037e") < 0)
        {
            return []; // most answers: read at every question asked after them, so nothing is cleaned for nothing
        }
        var cleaned = Clean(Storable(text), keepLines: false);
        var opening = FactsOpening().Match(cleaned);
        return opening.Success && opening.Index > 0 ? FactsAfter(cleaned, opening) : [];
    }

    /// <summary>
    /// The clauses of a long text that hold a digit, as typed, where one may be another question's value ("environ 300
    /// personnes par an" of "Le projet a touché environ 300 personnes par an, dont 40 % de femmes."): the text cut at the end
    /// of a sentence, a semicolon, a new line and a comma followed by a space (not "1.200", "1,2"); twelve words at most each.
    /// </summary>
    public IReadOnlyList<string> ClausesWithDigits(string text) =>
        [.. ClauseEnd().Split(text).Select(clause => clause.Trim().TrimEnd('.', '!', '?').Trim())
            .Where(clause => clause.Any(char.IsAsciiDigit) && TextKey.Words(clause).Length <= 12)];


    /// <summary>A German gender marker between a word and its feminine ending: the star, colon, underscore or slash (with a hyphen).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=\p{Ll})(?:[*:_·]|/-?)(?=in(?:nen)?\b)")]
    private static partial System.Text.RegularExpressions.Regex GenderMarker();
    [GeneratedRegex(@"[.!?;\u00b7\u0387](?:\s|$)|,\s|\n")]
    private static partial Regex ClauseEnd();

    /// <summary>
    /// The facts pasted into a date answer, after a semicolon as <see cref="PastedFacts(string)"/> reads them or after a
    /// comma that closes a whole date with its year ("Feb 2021, budget €80k a year", "1.3.2019, € 80.000,- a year"); a
    /// comma inside the date opens nothing ("Feb 1, 2021": "Feb 1" has no year).
    /// </summary>
    public IReadOnlyList<string> PastedFactsAfterDate(string text, string language)
    {
        if (PastedFacts(text) is { Count: > 0 } facts)
        {
            return facts;
        }
        if (!text.Contains(", ", StringComparison.Ordinal))
        {
            return [];
        }
        var cleaned = Clean(Storable(text), keepLines: false);
        var comma = FactSeparator().Match(cleaned);
        return comma.Success && comma.Index > 0 && YearOf().IsMatch(cleaned[..comma.Index])
            && _dates.Parse(cleaned[..comma.Index], allowOngoing: false, language, DateParser.PeriodEnd.Start, out _) == DateParser.Outcome.Date
            ? FactsAfter(cleaned, comma)
            : [];
    }

    private static string[] FactsAfter(string cleaned, Match opening) =>
        [.. FactSeparator().Split(cleaned[(opening.Index + opening.Length)..]).Select(p => p.Trim().TrimEnd('.').Trim()).Where(p => p.Any(char.IsLetterOrDigit))];

    [GeneratedRegex(@"(?<!\d)\d{4}(?!\d)")]
    private static partial Regex YearOf();

    // Greek's raised dot only before a space: Catalan writes "l·l" inside words ("col·legi").
    [GeneratedRegex(@";|\u0387|\u00b7(?=\s)")]
    private static partial Regex FactsOpening();

    [GeneratedRegex(@";|\u0387|\u00b7(?=\s)|,\s+")]
    private static partial Regex FactSeparator();

    /// <summary>
    /// "Started in March 2019, still running", "März 2019, läuft noch", "Μάρτιος 2019, συνεχίζεται": a date, a comma and an
    /// "ongoing" phrase closing the answer, typed at the start date, is a period running to now whose end is that phrase
    /// (the end was asked blank). At the end date the same comma opens a remark on the end ("Dezember 2025, läuft noch" stays
    /// December 2025), so the phrase, not the whole answer, is what the end date reads. Null otherwise.
    /// </summary>
    public string? OngoingAfterComma(string text, string language)
    {
        var cleaned = Clean(Storable(text), keepLines: false);
        // Facts pasted after a semicolon are remarks, as for any period ("marzo 2019, todavía en marcha; presupuesto …").
        cleaned = cleaned.IndexOfAny([';', '\u00b7', '\u0387']) is > 0 and var at ? cleaned[..at].Trim() : cleaned;
        var comma = cleaned.IndexOf(',', StringComparison.Ordinal);
        if (comma <= 0 || cleaned[(comma + 1)..].Trim() is not { Length: > 0 } runsOn || !_dates.IsOngoing(runsOn, language))
        {
            return OngoingAfterAnd(cleaned, language);
        }
        return _dates.Parse(cleaned[..comma], allowOngoing: false, language, DateParser.PeriodEnd.Start, out _) == DateParser.Outcome.Date ? runsOn : null;
    }

    /// <summary>
    /// "desde 2019 y seguimos", "seit 2019 und läuft weiter", "since 2019 and still running", "dal 2019 e continua": a date, the
    /// language's "and" and an "ongoing" phrase closing the answer (session 45: the start was stored and the "still running" lost;
    /// a comma was needed). The phrase as typed; null otherwise.
    /// </summary>
    private string? OngoingAfterAnd(string cleaned, string language)
    {
        var words = TextKey.Words(cleaned);
        var spans = TextKey.WordSpans(cleaned);
        if (spans.Count != words.Length || words.Length < 3)
        {
            return null;
        }
        var and = _words.For(language).And;
        for (var i = 1; i < words.Length - 1; i++)
        {
            if (and.LongestAt(words, i) is > 0 and var length && i + length < words.Length
                && cleaned[spans[i + length].Start.Value..].Trim() is { Length: > 0 } runsOn && _dates.IsOngoing(runsOn, language)
                && YearOf().IsMatch(cleaned[..spans[i].Start.Value])
                && _dates.Parse(cleaned[..spans[i].Start.Value].Trim(), allowOngoing: false, language, DateParser.PeriodEnd.Start, out _) == DateParser.Outcome.Date)
            {
                return runsOn;
            }
        }
        return null;
    }

    /// <summary>
    /// The organisation typed with the answer and left out of it ("Petra Vogel vom Landratsamt Kassel", "Petra Vogel
    /// (Landratsamt Kassel)", "John Murphy, Project Officer, Cork County Council": "Landratsamt Kassel", "Project Officer,
    /// Cork County Council"), as typed; null when there is none.
    /// </summary>
    public string? JoinedOrganisation(Question question, string text, string language)
    {
        var cleaned = Clean(Storable(text), keepLines: false);
        var start = AnswerStart(question, cleaned, language);
        var (end, organisation) = AnswerEnd(question, cleaned[start..], language);
        if (organisation is not { } at || end == 0 || WithoutClosingStop(cleaned[(start + at)..].Trim().TrimEnd(')', ']', ' ')) is not { Length: > 0 } joined)
        {
            return null;
        }
        // "Project Officer, Cork County Council": a role before the organisation is no part of it.
        var parts = joined.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        // "Δρ. Νικος Γεωργιου, ερευνητης", "Karin Lindqvist, enhetschef": a post names no organisation, even one a word away
        // from an organisation's kind ("ερευνητης" was offered as the contributor's organisation, near "ερευνητικό κέντρο").
        bool IsPost(string part) => part.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(_words.For(language).IsRoleWord);
        var first = Array.FindIndex(parts, part => !IsPost(part) && IsOrganisation(part, language));
        if (first < 0 && parts.All(IsPost))
        {
            // "ana costa, tecnica de servico social da CM de Braga" (chatplay46): the organisation after the post's link.
            return OrganisationIn(question, parts[^1], language);
        }
        return first > 0 ? string.Join(", ", parts[first..]) : joined;
    }

    // A full stop closing the words, not one of an abbreviation's ("Willkommen in Gifhorn e.V.": the organisation was "… e.V").
    private static string WithoutClosingStop(string words)
    {
        var trimmed = words.TrimEnd();
        var last = trimmed[(trimmed.LastIndexOf(' ') + 1)..];
        return (last.EndsWith('.') && last[..^1].Contains('.', StringComparison.Ordinal) ? trimmed : trimmed.TrimEnd('.')).Trim();
    }

    // Where the answer ends before the words that close it ("… här", "… here", "… am Apparat") or before an organisation
    // joined to it ("… from Cork County Council", "… vom Landratsamt Kassel", "…, Landratsamt Kassel", "… (Cork County
    // Council)"), or the text's length; and where that organisation starts.
    private (int End, int? Organisation) AnswerEnd(Question question, string text, string language)
    {
        var leadOuts = _leadOuts.GetValueOrDefault((question.Id, language));
        var orgLinks = _orgLinks.GetValueOrDefault((question.Id, language));
        var descriptions = _selfDescriptions.GetValueOrDefault((question.Id, language));
        var kindLinks = _kindLinks.GetValueOrDefault((question.Id, language));
        var placeLinks = _placeLinks.GetValueOrDefault((question.Id, language));
        if (leadOuts is null && orgLinks is null && descriptions is null && kindLinks is null && placeLinks is null)
        {
            return (text.Length, null);
        }
        var words = TextKey.Words(text);
        var spans = TextKey.WordSpans(text);
        if (spans.Count != words.Length)
        {
            return (text.Length, null);
        }
        // "Verein Integrationshaus, wir sind eine NGO in Wien", "Cork Migrant Centre - we're a small charity": after a comma,
        // a spaced dash or a bracket, "we are …" describes the organisation named before it (kept in the original words).
        for (var at = 1; descriptions is not null && at < words.Length - 1; at++)
        {
            if (descriptions.LongestAt(words, at) is > 0 and var length && at + length < words.Length
                && text[spans[at - 1].End..spans[at].Start] is var between && (between.Contains(',') || between.Contains('(')
                    || between.Contains(" - ", StringComparison.Ordinal) || between.Contains('–') || between.Contains('—')))
            {
                return (spans[at - 1].End.Value, null);
            }
        }
        // The longest closing phrase that ends the text, with words of the answer before it; or a link after two words of
        // the answer at least, to words that start with a capital (a name: "from the start" stays), or in lower case to words
        // that read as a kind of organisation ("petra vogel vom landkreis göttingen": the name kept all of it).
        for (var at = 1; at < words.Length; at++)
        {
            if (PlaceLinkAt(question, placeLinks, kindLinks, text, words, spans, at, language) > 0)
            {
                // "je suis Marie Dubois de Lyon", "ich bin Anna Keller aus Graz": the place is no part of the name (offered at
                // the region when it comes).
                return (spans[at].Start.Value > 0 ? text[..spans[at].Start.Value].TrimEnd(' ', ',', '-', '–', '—').Length : 0, null);
            }
            var closes = leadOuts?.LongestAt(words, at) == words.Length - at;
            var link = 0;
            if (closes || at >= 2 && orgLinks?.LongestAt(words, at) is > 0 and var joins && at + joins < words.Length
                   && (char.IsUpper(text[spans[at + joins].Start]) || IsOrganisation(text[spans[at + joins].Start..], language)) && (link = joins) > 0
                || at >= 2 && KindLinkAt(kindLinks, words, at, language) is > 0 and var kind && at + kind < words.Length
                   // "Claire Martin, cheffe de service de la mairie": after a comma, a bracket or a dash the separator tells.
                   && text[..spans[at].Start].IndexOfAny([',', '(', '–', '—']) < 0 && !text[..spans[at].Start].Contains(" - ", StringComparison.Ordinal)
                   && IsOrganisation(text[spans[at + kind].Start..], language) && (link = kind) > 0)
            {
                var end = spans[at].Start.Value;
                while (end > 0 && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] is ',' or '-' or '–' or '—'))
                {
                    end--;
                }
                return (end, closes ? null : spans[at + link].Start.Value);
            }
        }
        return orgLinks is null ? (text.Length, null) : AfterSeparator(text, language, orgLinks, kindLinks, placeLinks);
    }

    /// <summary>
    /// The place typed after the name (<paramref name="question"/>'s <c>place_links</c>): "Braga" of "sou a marta ribeiro de
    /// braga", "Graz" of "ich bin Anna Keller aus Graz", as typed; null when there is none.
    /// </summary>
    public string? PlaceAfterName(Question question, string text, string language)
    {
        if (!_placeLinks.TryGetValue((question.Id, language), out var placeLinks))
        {
            return null;
        }
        var cleaned = Clean(Storable(text), keepLines: false);
        var words = TextKey.Words(cleaned);
        var spans = TextKey.WordSpans(cleaned);
        if (spans.Count != words.Length)
        {
            return null;
        }
        var kindLinks = _kindLinks.GetValueOrDefault((question.Id, language));
        for (var at = 2; at < words.Length; at++)
        {
            if (PlaceLinkAt(question, placeLinks, kindLinks, cleaned, words, spans, at, language) is > 0 and var link)
            {
                return Place(cleaned[spans[at + link].Start.Value..]);
            }
        }
        return null;
    }

    /// <summary>
    /// The name without the organisation typed after it, once that organisation is the answer to its own question: "joana costa"
    /// of "joana costa da AMI" when the organisation is "AMI", "Giulia Rossi" of "Giulia Rossi dell'Arci Bari" and "Arci Bari";
    /// only after a link word of the name's question (its org, kind or place links) and with two words of the name before it;
    /// null otherwise ("Ana Maria da Silva" and the organisation "Silva": after a name's particle one plain word is a surname).
    /// </summary>
    public string? NameWithoutOrganisation(Question question, string name, string organisation, string language)
    {
        var orgWords = TextKey.Words(organisation);
        var words = TextKey.Words(name);
        var spans = TextKey.WordSpans(name);
        if (orgWords.Length == 0 || spans.Count != words.Length || words.Length < orgWords.Length + 2
            || !words.AsSpan(words.Length - orgWords.Length).SequenceEqual(orgWords))
        {
            return null;
        }
        var end = words.Length - orgWords.Length;
        if (Separator().Match(name[spans[end - 1].End..spans[end].Start]).Success)
        {
            // "Mary Byrne, Tallaght Welcome" once "Tallaght Welcome" is the organisation: the words after the comma were it.
            return name[..spans[end - 1].End.Value].TrimEnd();
        }
        if (words.Length < orgWords.Length + 3)
        {
            return null;
        }
        // After a name's own particle ("da", "de", "di"), one word that reads as no organisation is a surname: "Ana Maria da Silva"
        // and the organisation "Silva" keeps it. An acronym ("AMI"), two words or more, or a kind ("Cáritas") is the organisation.
        var spelled = organisation.Trim();
        var looksLikeOne = orgWords.Length > 1 || spelled.Count(char.IsLetter) >= 2 && spelled.Where(char.IsLetter).All(char.IsUpper)
            || IsOrganisation(spelled, language);
        foreach (var links in looksLikeOne ? new[] { _orgLinks, _kindLinks, _placeLinks } : [_orgLinks])
        {
            if (!links.TryGetValue((question.Id, language), out var set))
            {
                continue;
            }
            for (var length = 1; length <= 3 && end - length >= 2; length++)
            {
                if (set.LongestAt(words, end - length) == length)
                {
                    var cut = name[..spans[end - length].Start.Value].TrimEnd(' ', ',', '-', '–', '—');
                    return cut.Length > 0 ? cut : null;
                }
            }
        }
        return null;
    }

    private static string Place(string rest) => rest.Trim().TrimEnd('.', '!', ')', ' ').Trim();

    // The length of a place link at a word ("de" of "sono Giulia Rossi di Bari", "aus" of "Anna Keller aus Graz") when two words
    // of the name at least come before it (after the lead-in) and all that follows is the name of a place the catalogue knows
    // ("Bari", "Graz", "Thessaloniki"); or 0. A link that is also a name's own particle (a kind link: "de", "da", "di") only
    // after a lead-in ("sou a …", "je suis …"): "María Ponce de León", "Ana Maria de Sousa" typed alone stay whole. No place
    // after a comma, a bracket or a dash (the separator path reads what follows).
    private int PlaceLinkAt(Question question, PhraseSet? placeLinks, PhraseSet? kindLinks, string text, string[] words, IReadOnlyList<Range> spans, int at, string language)
    {
        if (placeLinks is null || at < 2 || placeLinks.LongestAt(words, at) is not (> 0 and var link) || at + link >= words.Length
            || words.Length - at - link > 4)
        {
            return 0;
        }
        var before = text[..spans[at].Start.Value];
        if (before.IndexOfAny([',', '(', '–', '—', ';']) >= 0 || before.Contains(" - ", StringComparison.Ordinal))
        {
            return 0;
        }
        var nameStart = AnswerStart(question, text, language);
        if (Enumerable.Range(0, at).Count(i => spans[i].Start.Value >= nameStart) < 2
            || nameStart == 0 && kindLinks is not null && kindLinks.LongestAt(words, at) > 0)
        {
            return 0;
        }
        var place = Place(text[spans[at + link].Start.Value..]);
        return place.Length > 0 && _places.NamesAPlace(place, language) && !IsOrganisation(place, language) ? link : 0;
    }

    // The length of a kind link at a word ("da", "del", "de la") when the words after it open with an organisation's kind or
    // name word ("câmara municipal", "comune", "ayuntamiento"), or 0: "Maria da Silva", "João do Carmo" stay whole.
    private int KindLinkAt(PhraseSet? kindLinks, string[] words, int at, string language)
    {
        if (kindLinks?.LongestAt(words, at) is not (> 0 and var link) || at + link >= words.Length
            || !_organisationOpeners.TryGetValue(language, out var openers))
        {
            return 0;
        }
        // "de la" before "diputación": the longest link; "de" alone when "la …" opens nothing.
        for (var length = link; length > 0; length--)
        {
            if (kindLinks.Contains(length == 1 ? words[at] : string.Join(' ', words, at, length)) && at + length < words.Length
                && openers.LongestAt(words, at + length) > 0)
            {
                return length;
            }
        }
        return 0;
    }

    // "Petra Vogel, Landratsamt Kassel", "Petra Vogel (Landratsamt Kassel)", "Dr. Petra Vogel - Landratsamt Kassel": where a
    // question may have an organisation joined to its answer (it has org_links), what follows a comma, a bracket or a
    // spaced dash after two words at least is that organisation when it reads as a kind of one (as the lead organisation's
    // type question reads it); "García López, María José", "Vogel, Petra", "Anna Berg (she/her)" stay whole.
    // A link word after the separator that opens a capitalised name is no part of the organisation: "Ana Ruiz, de la Junta de
    // Andalucía" offers "Junta de Andalucía" ("¿Quería decir de la Junta de Andalucía?" asked for the link kept, session 47).
    private (int End, int? Organisation) AfterSeparator(string text, string language, params PhraseSet?[] links)
    {
        var separator = Separator().Match(text);
        if (!separator.Success || TextKey.Words(text[..separator.Index]).Length < 2 || !_questions.ContainsKey(OrganisationKindQuestion))
        {
            return (text.Length, null);
        }
        var start = separator.Index + separator.Length;
        var rest = text[start..].Trim().TrimEnd(')', ']', '.').Trim();
        if (rest.Length == 0)
        {
            return (text.Length, null);
        }
        var known = IsOrganisation(rest, language);
        // After a comma in fr, es, it, pt (no org_links: "de", "da", "della" are parts of names there) the words may be given
        // names written surname first, often two ("Ruiz García, Ana María", "García López, María José"): only a kind read.
        var comma = separator.Value is "," or ";";
        if (!known && (comma && links[0]?.Keys.Count is null or 0 || !NamedLikeAnOrganisation(rest, language)))
        {
            return (text.Length, null);
        }
        var words = TextKey.Words(rest);
        var spans = TextKey.WordSpans(rest);
        var link = spans.Count == words.Length ? links.Max(set => set?.LongestAt(words, 0) ?? 0) : 0;
        if (link > 0 && link < words.Length && char.IsUpper(rest[spans[link].Start]))
        {
            start += text[start..].Length - text[start..].TrimStart().Length + spans[link].Start.Value;
        }
        // "Mary Byrne, Tallaght Welcome" as "Byrne, Mary Anne": after a comma, words no vocabulary knows may be given names,
        // so the answer stays whole and they are only offered; the name loses them once they are the organisation.
        return (known || !comma ? separator.Index : text.Length, start);
    }

    /// <summary>
    /// Whether the words after a name's separator are an organisation's own name that no vocabulary knows ("Tallaght Welcome",
    /// "Clondalkin Welcome Project", "Willkommen in Gifhorn e.V."): two words to eight, the first and last of them with a
    /// capital and every word of four letters or more too, no post ("Project Officer") and no place the catalogue knows
    /// ("Co. Galway": the contributor's town, not an organisation).
    /// </summary>
    private bool NamedLikeAnOrganisation(string rest, string language)
    {
        var words = TextKey.Words(rest);
        var spans = TextKey.WordSpans(rest);
        if (words.Length is < 2 or > 8 || spans.Count != words.Length || rest.Any(char.IsAsciiDigit) || rest.Contains('@', StringComparison.Ordinal)
            || words.Any(_words.For(language).IsRoleWord) || _places.NamesAPlace(rest, language))
        {
            return false;
        }
        bool Capital(Range span) => char.IsUpper(rest[span.Start]);
        return Capital(spans[0]) && Capital(spans[^1]) && spans.All(span => Capital(span) || rest[span].Length < 4);
    }

    /// <summary>
    /// Whether a short text is a bare list of organisations: two items or more between commas, semicolons or the language's
    /// "and" words, six words at most each, two of them at least reading as a kind of organisation ("Comune di Bari, Caritas,
    /// ASL", "Stadt Graz, Caritas und AMS", "CPAS, Croix-Rouge et Forem"): the partners, typed where something else is asked.
    /// </summary>
    public bool ListsOrganisations(string text, string language)
    {
        if (text.Contains('\n', StringComparison.Ordinal) || TextKey.Words(text).Length > 16)
        {
            return false;
        }
        var and = _words.For(language).And;
        // "tillsammans med Arbetsförmedlingen och Röda korset", "zusammen mit der Caritas und dem Jobcenter": a list opened by the
        // lead organisation's "with" words (its ours_with) is the same list (session 50: refused at the role but in Portuguese).
        var opening = TextKey.Words(text);
        var openingSpans = TextKey.WordSpans(text);
        if (_oursWith.TryGetValue((LeadOrganisationQuestion, language), out var with) && openingSpans.Count == opening.Length
            && with.LongestAt(opening, 0) is > 0 and var withLength && withLength < opening.Length)
        {
            text = text[openingSpans[withLength].Start.Value..];
        }
        var items = new List<string>();
        foreach (var part in text.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var words = TextKey.Words(part);
            var spans = TextKey.WordSpans(part);
            var start = 0;
            for (var i = 1; spans.Count == words.Length && i < words.Length; i++)
            {
                if (and.LongestAt(words, i) is > 0 and var length && i + length < words.Length)
                {
                    items.Add(part[spans[start].Start.Value..spans[i - 1].End.Value]);
                    start = i + length;
                    i += length - 1;
                }
            }
            items.Add(start == 0 ? part : part[spans[start].Start.Value..]);
        }
        return items.Count >= 2 && items.All(item => TextKey.Words(item).Length is > 0 and <= 6)
            && items.Count(item => IsOrganisation(item, language)) >= 2;
    }

    /// <summary>
    /// "ci occupiamo noi di tutto", "on s'occupe de tout nous-mêmes", "wir machen alles selbst", "we do everything
    /// ourselves" where the lead organisation is asked: a short sentence (at most 8 words, no digits) in which the
    /// contributor's organisation speaks of itself (a word that is both one of the question's <c>ours</c> and one of the
    /// language's <c>self_openers</c>: "noi", "nous", "wir", "we", "εμείς") and that names no one else (no capital after its
    /// first letter, no "and" nor <c>ours_with</c>: "wir mit der caritas" has its own reading). Session 49: such sentences
    /// were stored as the name of a new organisation.
    /// </summary>
    private bool SaysItIsOurs(string value, string questionId, PhraseSet ours, string language)
    {
        var words = TextKey.Words(value);
        if (words.Length is < 2 or > 8 || value.Skip(1).Any(char.IsUpper) || value.Any(char.IsDigit))
        {
            return false;
        }
        var vocabulary = _words.For(language);
        var joiners = _oursWith.GetValueOrDefault((questionId, language));
        if (words.Any(w => vocabulary.And.Contains(w)) || joiners?.OccursIn(words) == true)
        {
            return false;
        }
        return words.Any(w => ours.Contains(w) && vocabulary.SelfOpeners.Contains(w));
    }

    // "galway city partnership again", "Landratsamt Rosenheim (dito)", "galway city partnership" in lower case where the lead
    // organisation is asked (the lead's en play, session 59: stored as typed, "again" and all): the contributor's organisation
    // named again, alone or with a same word after it (vocabulary same_words), is theirs as they first wrote it.
    private bool NamesOursAgain(string value, string ours)
    {
        var words = TextKey.Words(value);
        var name = TextKey.Words(ours);
        return name.Length > 0 && words.Length >= name.Length && words.AsSpan(0, name.Length).SequenceEqual(name)
            && (words.Length == name.Length || _sameWords.Contains(string.Join(' ', words[name.Length..])));
    }

    // "εμεις, η ΠΚΜ", "nosotros (CARM)", "us, the Region" where the lead organisation is asked (the lead's play, session 55:
    // stored as typed): the contributor's own words, then, after a comma, a bracket or a dash, their organisation said short,
    // by its initials ("ΠΚΜ" for "Περιφέρεια Κεντρικής Μακεδονίας") or by a word or two of its name. Anything else after
    // them ("εμείς, με την Άρσις") is not this.
    private bool OursBesideItsShortName(string value, string ours, PhraseSet phrases, string language)
    {
        var cut = value.IndexOfAny([',', '(', '–', '—', ':']) is >= 0 and var mark ? mark
            : value.IndexOf(" - ", StringComparison.Ordinal);
        if (cut <= 0 || !phrases.Contains(TextKey.Fold(value[..cut])))
        {
            return false;
        }
        var apposition = value[(cut + 1)..].Trim().TrimStart('-').TrimEnd(')', '.', ' ').Trim();
        var words = TextKey.Words(apposition);
        if (words.Length == 0 || words.Length > 3 || apposition.Any(char.IsDigit))
        {
            return false;
        }
        var vocabulary = _words.For(language);
        var content = words.SkipWhile((word, i) => i < words.Length - 1 && (vocabulary.LeadingArticles.LongestAt([word], 0) > 0 || vocabulary.Fillers.LongestAt([word], 0) > 0)).ToArray();
        // Each word a word of the name, or of its stem ("regionen" for "Region Skåne").
        var name = TextKey.Words(ours);
        var stems = name.Select(word => WordStemmer.Stem(word, language)).ToHashSet(StringComparer.Ordinal);
        return content.Length is 1 or 2 && content.Length < name.Length && content.All(word => word.Length >= 3 && (name.Contains(word, StringComparer.Ordinal) || stems.Contains(WordStemmer.Stem(word, language))))
            || content.Length == 1 && InitialsOf(content[0], ours, language);
    }

    // "ΠΚΜ" for "Περιφέρεια Κεντρικής Μακεδονίας", "CARM" for "Comunidad Autónoma de la Región de Murcia": two to six letters
    // that are the initials of consecutive words of the name, its short words ("de", "la", "of") counted or left out.
    private bool InitialsOf(string word, string name, string language)
    {
        if (word.Length is < 2 or > 6)
        {
            return false;
        }
        var vocabulary = _words.For(language);
        var all = TextKey.Words(name);
        var content = all.Where(w => w.Length > 2 && vocabulary.LeadingArticles.LongestAt([w], 0) == 0).ToArray();
        return string.Concat(all.Select(w => w[0])).Contains(word, StringComparison.Ordinal)
            || string.Concat(content.Select(w => w[0])).Contains(word, StringComparison.Ordinal);
    }

    // "a camara", "die Volkshilfe" where the lead organisation is asked and the contributor works at "Camara municipal de
    // coimbra", "Volkshilfe OÖ": one or two words (an article before them aside), each a word of their organisation's name and
    // fewer than it has, are that organisation said short (session 45's Portuguese run: stored as "a camara"). The whole name
    // their organisation has before a comma, typed with no article ("Umeå kommun" from "Umea kommun, arbetsmarknadsenheten"),
    // is that body itself, not the contributor's unit after the comma (session 57's Swedish play: the unit was stored as the lead organisation).
    private bool ShortFor(string value, string ours, string language)
    {
        var fillers = _words.For(language).Fillers;
        var oursWords = TextKey.Words(ours);
        var words = TextKey.Words(value);
        var content = words.SkipWhile((word, i) => i < words.Length - 1 && fillers.LongestAt([word], 0) > 0).ToArray();
        var name = ours.IndexOf(',', StringComparison.Ordinal) is > 0 and var comma ? TextKey.Words(ours[..comma]) : oursWords;
        return content.Length is 1 or 2 && content.Length < oursWords.Length
            && content.All(word => word.Length >= 3 && oursWords.Contains(word, StringComparer.Ordinal))
            && !(content.Length == words.Length && name.SequenceEqual(content, StringComparer.Ordinal))
            // "Kanton Zürich" from "Fachstelle Integration Kanton Zürich" (session 58's Zurich play): the body the unit's name
            // ends with, typed whole with its place, is that body; "County Council" alone is still said short.
            && !(content.Length == words.Length && content.Length == 2 && content.Length < name.Length
                 && name[^2..].SequenceEqual(content, StringComparer.Ordinal) && content.Any(word => !_organisationWords.Contains(word)));
    }

    /// <summary>
    /// A long text without its own question's label typed before a colon ("Ziel: Jugendliche sollen Anschluss finden",
    /// "objetivos: ensinar português", "Contexto: …"): up to three words before the colon, each that is no filler sharing a stem
    /// with a word of the label; the text as it is otherwise ("Sprache: Kurse 2x pro Woche" at the activities).
    /// </summary>
    private string WithoutOwnLabel(Question question, string value, string language)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon > 60 || value[(colon + 1)..].Trim() is not { Length: > 0 } rest || TextKey.Words(value[..colon]) is not { Length: > 0 and <= 3 } before)
        {
            return value;
        }
        var fillers = _words.For(language).Fillers;
        var label = TextKey.Words(question.Label.In(language)).Select(word => WordStemmer.Stem(word, language)).ToHashSet(StringComparer.Ordinal);
        var content = before.Where(word => fillers.LongestAt([word], 0) == 0).ToList();
        return content.Count > 0 && content.All(word => label.Contains(WordStemmer.Stem(word, language))) ? rest : value;
    }

    /// <summary>
    /// Whether <paramref name="typed"/> (the words after a yes at "Did you mean CM Evora?") is a fuller name of the organisation
    /// <paramref name="offered"/>: more words, sharing one of its words of three letters or more that is no filler (the place,
    /// the name: "camara municipal de evora", "Magistrat der Stadt Graz"), no address nor number, and reading as an
    /// organisation. Session 50: the yes was read alone, the short form stored and the name typed after it lost.
    /// </summary>
    public bool FullerNameOf(string offered, string typed, string language)
    {
        var offeredWords = TextKey.Words(offered);
        var typedWords = TextKey.Words(typed);
        if (typedWords.Length <= offeredWords.Length || typedWords.Length > 12 || typed.Contains('@', StringComparison.Ordinal)
            || typed.Contains('\n', StringComparison.Ordinal) || typed.Any(char.IsAsciiDigit))
        {
            return false;
        }
        var fillers = _words.For(language).Fillers;
        return offeredWords.Any(word => word.Length >= 3 && fillers.LongestAt([word], 0) == 0 && typedWords.Contains(word, StringComparer.Ordinal))
            && IsOrganisation(typed, language);
    }

    /// <summary>
    /// What a yes adds to an answer offered for a list ("oui + la mission locale", "yes, and the ETB", "ja und die Diakonie" at
    /// "You wrote earlier: «…». Take it here?"): the rest after the yes when a "+" or "&amp;" stands between them, or the words
    /// after the language's "and" opening the rest, as typed; null when the rest adds nothing.
    /// </summary>
    public string? AddedAfterYes(string between, string rest, string language)
    {
        if (between.AsSpan().IndexOfAny('+', '&') >= 0)
        {
            return rest;
        }
        var words = TextKey.Words(rest);
        var spans = TextKey.WordSpans(rest);
        if (words.Length < 2 || spans.Count != words.Length)
        {
            return null;
        }
        var length = _words.For(language).And.LongestAt(words, 0);
        return length > 0 && length < words.Length ? rest[spans[length].Start.Value..].Trim() : null;
    }

    // Whether words read as a kind of organisation (an option other than "Other", or options to pick from: "Ministerium").
    // A public body of no level said ("Cork ETB", "la ASL": kept under Other, which level asked) is an organisation too.
    public bool IsOrganisation(string words, string language)
    {
        var kind = Normalise(OrganisationKindQuestion, words, language);
        return kind.NeedsConfirmation && kind.Candidates.Count > 0
            || kind is { Ok: true, Value: JsonValue code } && code.GetValue<string>() != "other"
            || kind is { Ok: true, OtherText: not null } && _choices.TryGetValue(OrganisationKindQuestion, out var matcher)
                && matcher.Match(words, language) is { Codes.Count: 0 } match && match.Shared.Any(name => name.Codes.Contains("other"));
    }

    /// <summary>
    /// Whether the words are a place's name as the catalogue has it, or name a region of NUTS level 1 or 2 by the name of its own government ("Regione Puglia", "Land
    /// Niedersachsen", "Junta de Andalucía", "Region Skåne": a regional authority whose words, administrative ones left out,
    /// are a name of the region): the region itself, where an authority named by a place inside it ("Comune di Bari",
    /// "Landkreis Osnabrück", "Galway County Council": a city or county the catalogue knows as its region's) is not.
    /// </summary>
    public bool NamesTheRegionItself(string words, string language) =>
        // A name the catalogue has as it is typed ("lisboa", "Bari": a place, though a kind of organisation reads in it).
        _geo.FindRegions(words).Count > 0
        || _geo.FindRegions(words, _places.Prefixes).Any(region => region.Level is 1 or 2) && IsRegionalAuthority(words, language);

    /// <summary>
    /// The words of one group's count (vocabulary <c>per_group</c>: "pro Kurs", "per course", "par session") in a message with
    /// no number, as typed: "nein, das ist die Zahl pro Kurs" says the count just given was one course's. Null otherwise.
    /// </summary>
    public string? PerGroupWithoutNumber(string text, string language, long? count = null)
    {
        var words = TextKey.Words(text);
        var spans = TextKey.WordSpans(text);
        // "nein, 15 pro Kurs", "no, that's 15 per course" right after 15 was given: the same number, said to be one group's
        // (session 50: stored at the funding sources). Another number is another fact.
        var numbers = GroupNumbers().Matches(Digits.ToAscii(text));
        if ((numbers.Count > 0 && !(numbers.Count == 1 && count is { } given && numbers[0].Value == given.ToString(CultureInfo.InvariantCulture)))
            || words.Length is 0 or > 16 || spans.Count != words.Length)
        {
            return null;
        }
        var perGroup = _words.For(language).PerGroup;
        for (var i = 0; i < words.Length; i++)
        {
            if (perGroup.LongestAt(words, i) is > 0 and var length)
            {
                return text[spans[i].Start.Value..spans[i + length - 1].End.Value];
            }
        }
        return null;
    }

    [GeneratedRegex(@"\d+(?:[.,'\u00a0 ]\d{3})*")]
    private static partial Regex GroupNumbers();

    /// <summary>
    /// A count of people said to be one group's in a few words ("that's 15 per course", "sono 15 per corso"): one number, and
    /// a <c>per_group</c> phrase (see <see cref="PerGroupWithoutNumber"/>); the words from the number on, or null. Typed after a
    /// no right after another count ("no, 15 per course" after 40, session 50: the no alone was read at the next question).
    /// </summary>
    public string? CountPerGroup(string text, string language)
    {
        var ascii = Digits.ToAscii(text);
        return GroupNumbers().Matches(ascii) is { Count: 1 } numbers && ascii.Length == text.Length
            && long.TryParse(numbers[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && PerGroupWithoutNumber(text, language, count) is not null
            ? text[numbers[0].Index..].Trim()
            : null;
    }

    /// <summary>
    /// The number of groups in a few words that count courses or groups, not people ("4 Kurse", "4 courses", "on a fait 4
    /// sessions", "4 corsi": one number, then a word of the vocabulary's <c>per_group</c> nouns, six words at most); null
    /// otherwise. Where the total is asked after a count per group, it is no count of people (session 50).
    /// </summary>
    public long? GroupsCounted(string text, string language)
    {
        var words = TextKey.Words(Digits.ToAscii(text));
        if (words.Length is < 2 or > 6 || GroupNumbers().Matches(Digits.ToAscii(text)) is not { Count: 1 } numbers
            || !long.TryParse(numbers[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var groups) || groups is < 1 or > 1000)
        {
            return null;
        }
        var nouns = _words.For(language).PerGroup.Keys.Select(key => key.Split(' ')[^1]).Select(noun => WordStemmer.Stem(noun, language))
            .ToHashSet(StringComparer.Ordinal);
        var at = Array.IndexOf(words, numbers[0].Value);
        // "Kurse", "corsi", "sessions": the noun's plural, by its stem or as the noun with an ending of two letters at most.
        var plain = _words.For(language).PerGroup.Keys.Select(key => key.Split(' ')[^1]).ToList();
        return at >= 0 && words.Skip(at + 1).Take(2).Any(word => nouns.Contains(WordStemmer.Stem(word, language))
            || plain.Any(noun => word.StartsWith(noun, StringComparison.Ordinal) && word.Length - noun.Length <= 2)) ? groups : null;
    }

    /// <summary>
    /// <paramref name="language"/>, then the own languages of the practice's <paramref name="country"/> (countries.json): a
    /// place's and a body's words are its country's ("Kreis Lippe", "Comune di Bari", "Provincia di Bari" in an English or a
    /// French chat were read by English or French words only).
    /// </summary>
    public IReadOnlyList<string> WithCountryLanguages(string language, string? country) =>
        _geo.CountryByCode(country) is { OwnLanguages.Count: > 0 } known ? [language, .. known.OwnLanguages.Where(own => own != language)] : [language];

    // One kind of organisation read with no guess and no post among the words ("Göteborgs stad"; not "ερευνητης", a post near
    // "ερευνητικό κέντρο").
    public bool NamesAnOrganisationPlainly(string words, string language) =>
        !TextKey.Words(words).Any(_words.For(language).IsRoleWord)
        && Normalise(OrganisationKindQuestion, words, language) is { Ok: true, NeedsConfirmation: false, Value: JsonValue code } && code.GetValue<string>() != "other";

    /// <summary>
    /// The organisation one part of an answer names: the part itself when it reads as a kind of organisation and names no post
    /// ("LK Osnabrück", "CM de Braga", "Doras Luimní"), else the words after a link inside a post ("CM de Braga" of "tecnica de
    /// servico social da CM de Braga", "Landratsamt Kassel" of "Referentin beim Landratsamt Kassel"); null otherwise.
    /// </summary>
    public string? OrganisationIn(Question question, string part, string language)
    {
        part = part.Trim().Trim('(', ')', '[', ']', '.', ' ');
        var words = TextKey.Words(part);
        var spans = TextKey.WordSpans(part);
        if (words.Length == 0 || spans.Count != words.Length || part.Contains('@') || part.Count(char.IsAsciiDigit) >= 4)
        {
            return null;
        }
        var post = words.Any(_words.For(language).IsRoleWord);
        var orgLinks = _orgLinks.GetValueOrDefault((question.Id, language));
        if (!post && orgLinks?.LongestAt(words, 0) is > 0 and var opening && opening < words.Length
            && part[spans[opening].Start..].Trim() is { Length: > 0 } linked && IsOrganisation(linked, language))
        {
            // "hi, I'm Aoife Byrne from Galway City Partnership, aoife.byrne@gcp.ie": the link opens the part after the name
            // (session 59: "Did you mean from Galway City Partnership?").
            return linked;
        }
        if (!post && IsOrganisation(part, language))
        {
            return part;
        }
        var kindLinks = _kindLinks.GetValueOrDefault((question.Id, language));
        for (var at = 1; at < words.Length; at++)
        {
            var link = KindLinkAt(kindLinks, words, at, language) is > 0 and var kind ? kind : orgLinks?.LongestAt(words, at) ?? 0;
            if (link > 0 && at + link < words.Length && part[spans[at + link].Start..].Trim() is { Length: > 0 } rest && IsOrganisation(rest, language))
            {
                return rest;
            }
        }
        return null;
    }

    /// <summary>The question whose options are the kinds of organisation: it tells an organisation joined to a name.</summary>
    private const string OrganisationKindQuestion = "lead_organisation_type";
    private const string LeadOrganisationQuestion = "lead_organisation";
    private const string RoleQuestion = "regional_authority_role";
    private const string ContactOrganisationQuestion = "contact_organisation";

    /// <summary>
    /// The partners named after the contributor's own organisation where <paramref name="questionId"/> asks for an
    /// organisation: "nous (CPAS) avec le CRIPEL", "wir mit der Caritas und der VHS", "we with the ETB", "vi tillsammans med
    /// Arbetsförmedlingen": one of the question's <c>ours</c> phrases opening the answer (an abbreviation in brackets after
    /// it), then one of its <c>ours_with</c> ("avec", "mit", "together with"), then the partners, returned as typed without
    /// the articles before them ("CRIPEL"); null otherwise. The answer is the contributor's own organisation (session 43:
    /// the sentence was kept whole as the lead organisation's name).
    /// </summary>
    public string? PartnersBesideOurs(string questionId, string text, string language)
    {
        if (!_ours.TryGetValue((questionId, language), out var ours) || !_oursWith.TryGetValue((questionId, language), out var joiners)
            || text.Contains('\n', StringComparison.Ordinal))
        {
            return null;
        }
        var words = TextKey.Words(text);
        var spans = TextKey.WordSpans(text);
        if (spans.Count != words.Length || ours.LongestAt(words, 0) is not (> 0 and var at) || at >= words.Length)
        {
            return null;
        }
        if (text[spans[at - 1].End..spans[at].Start].Contains('(', StringComparison.Ordinal))
        {
            // "nous (CPAS)": the organisation's own short name, in brackets.
            var close = text.IndexOf(')', spans[at].Start.Value);
            if (close < 0)
            {
                return null;
            }
            while (at < words.Length && spans[at].Start.Value < close)
            {
                at++;
            }
        }
        if (at >= words.Length || joiners.LongestAt(words, at) is not (> 0 and var join) || at + join >= words.Length)
        {
            return null;
        }
        var fillers = _words.For(language).Fillers;
        var first = at + join;
        while (first < words.Length - 1 && fillers.Contains(words[first]))
        {
            first++;
        }
        var partners = text[spans[first].Start..].Trim().TrimEnd('.', ')', ' ');
        return partners.Length > 0 ? partners : null;
    }

    /// <summary>
    /// Whether <paramref name="value"/>, typed at the regional authority's role, speaks of the contributor's organisation ("we",
    /// "nós", "wir", "nous", "noi": <c>we_words</c>; pt "nos" without its accent, also "in the", only first or last; a verb
    /// said by "we" where the subject goes unwritten, "lideramos", "coordiniamo": <c>we_verb_endings</c>) and not
    /// of the region (no <c>region_itself</c> words), where the contributor's organisation reads plainly as another kind than
    /// a regional authority ("Câmara Municipal do Porto", "Stadt Graz") and is not named by a region of NUTS level 1 or 2
    /// ("Stadt Wien" is a Land's government too). Their own part says nothing of the region's: "lideramos nós" was stored as the region leading.
    /// </summary>
    private bool SpeaksOfItselfNotTheRegion(string value, string language, NormalisationContext? context)
    {
        if (context?.ContactOrganisation is not { Length: > 0 } ours)
        {
            return false;
        }
        var words = TextKey.Words(value);
        var spans = TextKey.WordSpans(value);
        var vocabulary = _words.For(language);
        var written = _questionnaire.Vocabulary.WeWords.TryGetValue(language, out var forms) ? forms : [];
        // pt "nos" is "in the" as well as "nós" without its accent: so typed, it is "we" first or last only ("lideramos nos").
        bool Unaccented(int i) => vocabulary.Fillers.Contains(words[i]) && spans.Count == words.Length
            && value[spans[i]].ToLowerInvariant() == words[i] && written.Any(form => TextKey.Fold(form) == words[i] && form.ToLowerInvariant() != words[i]);
        var we = false;
        for (var i = 0; i < words.Length && !we; i++)
        {
            // "lideramos", "coordiniamo", "συντονίζουμε": a verb said by "we" where the subject goes unwritten (we_verb_endings).
            // Unaccented and first, before a "we" verb only ("nos coordenamos"): "nos últimos anos" (in the last years) opens many
            // a Portuguese sentence about the region.
            we = vocabulary.WeWords.LongestAt(words, i) is > 0 and var length
                && (length > 1 || !Unaccented(i) || i == 0 && (words.Length == 1 || vocabulary.IsWeVerb(words[1])) || i + length == words.Length)
                // Opening the answer only (after fillers or a clitic: "lo coordinamos"): "nos últimos anos", "como ya dijimos",
                // "préstamos" inside a sentence about the region are no "we".
                || (vocabulary.IsWeVerb(words[i]) && words.Take(i).All(w => w.Length <= 2 || vocabulary.Fillers.Contains(w)));
        }
        if (!we || _regionItself.TryGetValue((LeadOrganisationQuestion, language), out var region) && region.OccursIn(words))
        {
            return false;
        }
        return KindOf(ours, language) is { } kind && kind != RegionalAuthority && !NamesARegionByItsName(ours);
    }

    /// <summary>
    /// The clauses of <paramref name="value"/> at the regional authority's role that do not speak of the contributor's own
    /// organisation (<see cref="SpeaksOfItselfNotTheRegion"/>), joined; null unless some do and some do not. Clauses end at a
    /// comma or semicolon, before an "and" followed by a "we" word ("la regione finanzia e noi gestiamo"), or before a
    /// <c>contrasts</c> or <c>whereas</c> word ("la regione finanzia mentre noi gestiamo").
    /// </summary>
    private string? WithoutOurClauses(string value, string language, NormalisationContext? context) =>
        OurClauses(value, language, context) is var (theirs, _) ? string.Join(", ", theirs) : null;

    /// <summary>The clauses of <see cref="WithoutOurClauses"/>: theirs and ours, each at least one; null otherwise.</summary>
    private (List<string> Theirs, List<string> Ours)? OurClauses(string value, string language, NormalisationContext? context)
    {
        var words = TextKey.Words(value);
        var spans = TextKey.WordSpans(value);
        if (spans.Count != words.Length)
        {
            return null;
        }
        var vocabulary = _words.For(language);
        var cuts = new List<int>();
        for (var i = 1; i < words.Length; i++)
        {
            // Before an "and" followed by "we"; before a "but" or a "while" word ("the region funds while we manage", "la région
            // finance mais c'est nous qui gérons", "die Region finanziert, während wir umsetzen"), which sets two parties' parts
            // against each other (session 57: read as one clause, and refused as "we").
            if (vocabulary.And.LongestAt(words, i) is > 0 and var and && i + and < words.Length && vocabulary.WeWords.LongestAt(words, i + and) > 0
                || vocabulary.Contrasts.LongestAt(words, i) > 0 || vocabulary.Whereas.LongestAt(words, i) > 0)
            {
                cuts.Add(spans[i].Start.GetOffset(value.Length));
            }
        }
        cuts.Add(value.Length);
        var clauses = new List<string>();
        var start = 0;
        foreach (var cut in cuts)
        {
            clauses.AddRange(value[start..cut].Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            start = cut;
        }
        if (clauses.Count < 2)
        {
            return null;
        }
        var theirs = clauses.Where(clause => !SpeaksOfItselfNotTheRegion(clause, language, context)).ToList();
        return theirs.Count > 0 && theirs.Count < clauses.Count ? (theirs, clauses.Except(theirs).ToList()) : null;
    }

    /// <summary>
    /// What in <paramref name="value"/>, typed about the choice <paramref name="questionId"/>, sets apart the part it speaks of:
    /// at the regional authority's role, the clauses of "we" that <see cref="WithoutOurClauses"/> leaves out ("c'est nous qui
    /// finançons en fait, la région n'a qu'un rôle de conseil": "c'est nous qui finançons en fait"), joined, or null; and whether
    /// an <c>only</c> word is in it ("the region only advises").
    /// </summary>
    public (string? Ours, bool Only) SetApart(string questionId, string value, string language, NormalisationContext? context)
    {
        ArgumentNullException.ThrowIfNull(value);
        var only = _words.For(language).Only.OccursIn(TextKey.Words(value));
        return (questionId == RoleQuestion && OurClauses(value, language, context) is var (_, ours) ? string.Join(", ", ours) : null, only);
    }

    // Whether a run of up to three of an organisation's words is the very name of a region of NUTS level 1 or 2 ("Stadt Wien
    // MA 17": Wien, a city that is a Land; not "Stadt Graz", whose place is in Steiermark).
    private bool NamesARegionByItsName(string organisation)
    {
        var words = TextKey.Words(organisation);
        for (var length = 1; length <= 3; length++)
        {
            for (var start = 0; start + length <= words.Length; start++)
            {
                var run = string.Join(' ', words, start, length);
                if (_geo.FindRegions(run).Any(region => region.Level is 1 or 2 && TextKey.Fold(region.Name) == run))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// The kind the contributor's organisation says it is where the organisation's kind is asked: after a <c>we_are</c> phrase
    /// opening the answer, the words up to a comma ("nous sommes une association", "wir sind ein Verein, die Stadt zahlt"), read
    /// as one kind; else, where the answer opens with a <c>we_words</c> word ("wir machen das gemeinsam mit der Caritas", "noi,
    /// insieme alla caritas") and says no kind of its own, the kind the contributor's organisation's name reads as ("Stadt
    /// Graz": local authority). Null otherwise: the kinds of the partners named after "we" are not the lead's.
    /// </summary>
    private string? KindWeSay(string value, string language, NormalisationContext? context)
    {
        var words = TextKey.Words(value);
        var spans = TextKey.WordSpans(value);
        var vocabulary = _words.For(language);
        if (words.Length == 0 || spans.Count != words.Length)
        {
            return null;
        }
        if (vocabulary.WeAre.LongestAt(words, 0) is > 0 and var are && are < words.Length)
        {
            var rest = value[spans[are].Start.Value..];
            var said = rest[..(rest.IndexOfAny([',', ';', '.']) is >= 0 and var end ? end : rest.Length)].Trim();
            if (said.Length > 0 && KindOf(said, language) is { } kind)
            {
                return kind;
            }
        }
        if (vocabulary.WeWords.LongestAt(words, 0) is > 0 && context?.ContactOrganisation is { Length: > 0 } ours)
        {
            return KindOf(ours, language);
        }
        return null;
    }

    /// <summary>
    /// The organisation and the partners one answer names where <paramref name="questionId"/> asks for an organisation (the
    /// chat's lead organisation, the mail door's Q05): the contributor's own words and the partners after one of the
    /// question's <c>ours_with</c> ("nous (CPAS) avec le CRIPEL": "nous (CPAS)" and "CRIPEL", see <see cref="PartnersBesideOurs"/>),
    /// or an organisation's name and the partners after an <c>ours_with</c> phrase of two words or more ("a camara com apoio
    /// da cruz vermelha e do ACM", "Caritas in Zusammenarbeit mit der Stadt Graz", "Δήμος Λέσβου σε συνεργασία με την ΜΚΟ
    /// Αλληλεγγύη"): the organisation as typed without the comma or dash before the phrase, the partners without the articles
    /// after it. A one-word joiner ("com", "mit", "with") splits only after the contributor's own words: in a name it is the
    /// name's ("Stiftung mit Herz"). Null when the answer names no partners so. Session 51: the whole sentence was kept as the
    /// lead organisation's name, and the partners question asked blank.
    /// </summary>
    public (string Organisation, string Partners)? OrganisationAndPartners(string questionId, string text, string language)
    {
        if (PartnersBesideOurs(questionId, text, language) is { } besideOurs)
        {
            var at = text.IndexOf(besideOurs, StringComparison.Ordinal);
            var before = at > 0 ? text[..at] : text;
            var ownWords = TextKey.Words(before);
            var ownSpans = TextKey.WordSpans(before);
            var joiners = _oursWith[(questionId, language)];
            // The contributor's own words end where the joiner starts.
            for (var i = 1; i < ownWords.Length; i++)
            {
                if (joiners.LongestAt(ownWords, i) > 0)
                {
                    return (before[..ownSpans[i].Start.Value].Trim().TrimEnd(',', '-', '–', ' '), besideOurs);
                }
            }
            return null;
        }
        if (!_oursWith.TryGetValue((questionId, language), out var with) || text.Contains('\n', StringComparison.Ordinal))
        {
            return null;
        }
        var words = TextKey.Words(text);
        var spans = TextKey.WordSpans(text);
        if (spans.Count != words.Length)
        {
            return null;
        }
        var fillers = _words.For(language).Fillers;
        foreach (var itself in new[] { _municipalityItself, _regionItself })
        {
            // "a camara, com a JRS e o ACM", "la mairie avec le CPAS", "die Stadt, mit der Caritas" (session 53: kept whole): the
            // municipality or the region said as its own staff say it, then a joiner of any length.
            if (itself.TryGetValue((questionId, language), out var said) && said.LongestAt(words, 0) is > 0 and var at && at < words.Length
                && with.LongestAt(words, at) is > 0 and var join && at + join < words.Length)
            {
                var first = at + join;
                while (first < words.Length - 1 && fillers.Contains(words[first]))
                {
                    first++;
                }
                return (text[..spans[at - 1].End.Value].Trim(), text[spans[first].Start.Value..].Trim().TrimEnd('.', ')', ' '));
            }
        }
        for (var i = 1; i < words.Length - 1; i++)
        {
            if (with.LongestAt(words, i) is not (>= 2 and var length) || i + length >= words.Length)
            {
                continue;
            }
            var first = i + length;
            while (first < words.Length - 1 && fillers.Contains(words[first]))
            {
                first++;
            }
            var organisation = text[..spans[i].Start.Value].Trim().TrimEnd(',', '-', '–', '(', ' ');
            var partners = text[spans[first].Start.Value..].Trim().TrimEnd('.', ')', ' ');
            return organisation.Length > 0 && partners.Length > 0 ? (organisation, partners) : null;
        }
        return null;
    }

    /// <summary>
    /// The whole years a practice ran, from its start to its end date as answered (both dates, not "ongoing"): the months
    /// between them, the first and the last counted, in years rounded (March 2021 to December 2023: 34 months, 3 years), or
    /// the years counted where a date has no month (2021 to 2023: 3). Null when either is unknown or the end is not after
    /// the start.
    /// </summary>
    private static int? YearsOfThePeriod(NormalisationContext? context)
    {
        if (context is not { StartDate: { Length: >= 4 } start, EndDate: { Length: >= 4 } end }
            || !int.TryParse(start[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var startYear)
            || !int.TryParse(end[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var endYear))
        {
            return null;
        }
        var years = start.Length >= 7 && end.Length >= 7
            && int.TryParse(start[5..7], NumberStyles.None, CultureInfo.InvariantCulture, out var startMonth)
            && int.TryParse(end[5..7], NumberStyles.None, CultureInfo.InvariantCulture, out var endMonth)
            ? (int)Math.Round(((endYear * 12 + endMonth) - (startYear * 12 + startMonth) + 1) / 12.0, MidpointRounding.AwayFromZero)
            : endYear - startYear + 1;
        return years >= 2 ? years : null;
    }

    /// <summary>
    /// An organisation's name as it is offered, a short form opening it written out (<c>organisation_abbreviations</c>): "ayto
    /// de murcia", "Ayto. Murcia": "Ayuntamiento de Murcia"; "c.m. do porto": "Câmara Municipal do Porto"; "LK Harburg":
    /// "Landkreis Harburg". The words after it typed in lower case take a capital, link words (<c>fillers</c>) aside. As typed
    /// where no short form opens it ("CM Evora": which of "de", "do", "da" is not known).
    /// </summary>
    public string OrganisationWrittenOut(string organisation, string language)
    {
        language = Languages.IsSupported(language) ? language.ToLowerInvariant() : Languages.Default;
        var words = TextKey.Words(organisation);
        var spans = TextKey.WordSpans(organisation);
        if (!_questionnaire.Vocabulary.OrganisationAbbreviations.TryGetValue(language, out var entries) || spans.Count != words.Length)
        {
            return organisation;
        }
        var fillers = _words.For(language).Fillers;
        foreach (var entry in entries)
        {
            if (new PhraseSet(entry[1..], []).LongestAt(words, 0) is not (> 0 and var length) || length >= words.Length)
            {
                continue;
            }
            // "ayto de murcia": the link typed is the one written out ("Ayuntamiento de" + "murcia", not "de de").
            var full = entry[0].Trim();
            if (TextKey.Words(full) is [.., var link] && link == words[length] && full.LastIndexOf(' ') is > 0 and var space)
            {
                full = full[..space];
            }
            var rest = new System.Text.StringBuilder(organisation[spans[length].Start.Value..]);
            var offset = spans[length].Start.Value;
            for (var i = length; i < words.Length; i++)
            {
                if (i > length && organisation[spans[i - 1].End..spans[i].Start].IndexOfAny([',', ';', '(', '-', '–']) >= 0)
                {
                    break; // the name's own words only: "Ayto. de Murcia, servicios sociales"
                }
                var typed = organisation[spans[i]];
                if (!fillers.Contains(words[i]) && typed.All(char.IsLetter) && typed == typed.ToLowerInvariant())
                {
                    rest[spans[i].Start.Value - offset] = char.ToUpperInvariant(typed[0]);
                }
            }
            return full + " " + rest.ToString().TrimEnd();
        }
        return organisation;
    }

    /// <summary>
    /// An organisation typed by its short form alone where an organisation is asked ("CARM", "ΠΚΜ", "Regione ER", "CD93",
    /// "VGR"; session 57: stored as typed), written out where the product knows it: a short form of a whole name in
    /// <c>organisation_abbreviations</c> (an entry whose written-out words are a name: two words or more, the last no link word
    /// such as "de", unlike "Landkreis" or "Ayuntamiento de", which open a name), or the initials of every word, or of every
    /// content word, of the contributor's organisation given earlier ("OFII" for "Office français de l'immigration et de
    /// l'intégration"). Null otherwise: an unknown short form is stored as typed, never guessed. Dotted initials ("C.A.R.M.",
    /// "B.A.M.F.", "V.G.R."; session 58: read as four words) are the short form without the dots.
    /// </summary>
    public string? OrganisationShortFormWrittenOut(string typed, string language, string? earlier = null)
    {
        language = Languages.IsSupported(language) ? language.ToLowerInvariant() : Languages.Default;
        var words = TextKey.Words(DottedInitials().IsMatch(typed) ? typed.Replace(".", "", StringComparison.Ordinal) : typed);
        if (words.Length is 0 or > 3 || typed.Length > 20)
        {
            return null;
        }
        var fillers = _words.For(language).Fillers;
        if (_questionnaire.Vocabulary.OrganisationAbbreviations.TryGetValue(language, out var entries))
        {
            foreach (var entry in entries)
            {
                var full = TextKey.Words(entry[0]);
                if (full.Length >= 2 && !fillers.Contains(full[^1]) && new PhraseSet(entry[1..], []).LongestAt(words, 0) == words.Length)
                {
                    return entry[0].Trim();
                }
            }
        }
        if (earlier is { Length: > 0 } && words is [{ Length: >= 2 and <= 6 }] && TextKey.Words(earlier).Length > 1)
        {
            var all = TextKey.Words(earlier);
            var vocabulary = _words.For(language);
            var content = all.Where(w => w.Length > 2 && vocabulary.LeadingArticles.LongestAt([w], 0) == 0 && !fillers.Contains(w));
            if (string.Concat(all.Select(w => w[0])) == words[0] || string.Concat(content.Select(w => w[0])) == words[0])
            {
                return earlier;
            }
        }
        return null;
    }

    /// <summary>Initials with a dot after each, two letters or more ("C.A.R.M.", "b.a.m.f", "Π.Κ.Μ.").</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(\p{L}\.\s?){1,7}\p{L}\.?\s*$")]
    private static partial System.Text.RegularExpressions.Regex DottedInitials();

    /// <summary>
    /// The partners a sentence named, as a list ("Caritas und dem ISOP, die Stadt zahlt": "Caritas, ISOP"): split at commas,
    /// semicolons and the language's <c>and</c> words, each partner without the articles and joiners before it (the language's
    /// <c>fillers</c>: dem, du, della, do, τον …), and without a part after a comma that names the regional authority's role
    /// ("die Stadt zahlt", "la région finance": said of the role, not a partner). Session 51: "Caritas und dem ISOP" was offered
    /// with its article inside, and "die Stadt zahlt" as a partner. The words as typed when nothing is left.
    /// </summary>
    public string PartnersList(string partners, string language)
    {
        language = Languages.IsSupported(language) ? language.ToLowerInvariant() : Languages.Default;
        var words = _words.For(language);
        var list = new List<string>();
        var pieces = partners.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var piece in pieces)
        {
            if (list.Count > 0 && NamesTheRole(piece))
            {
                break;
            }
            var pieceWords = TextKey.Words(piece);
            var spans = TextKey.WordSpans(piece);
            if (spans.Count != pieceWords.Length)
            {
                list.Add(piece);
                continue;
            }
            // A relative clause describes the partner before it ("universidad de murcia que evalua el programa", "Cope Galway,
            // which runs the classes"): the partner is the name, the clause and its own list are left out (kept in the answer
            // typed). A relative word that is also an article (de "die", "der") is the next partner's: "Caritas, die Diakonie".
            var clause = Enumerable.Range(0, pieceWords.Length).FirstOrDefault(at => OpensAClause(at), -1);
            if (clause == 0 && list.Count > 0)
            {
                continue;
            }
            var length = clause > 0 ? clause : pieceWords.Length;
            // Each partner runs up to the next "and" word (not its first word) or the piece's end; an "and" opening the piece
            // is the list's last comma's ("Cope Galway, which runs the classes, and the HSE").
            var start = words.And.LongestAt(pieceWords, 0) is > 0 and var and && and < length ? and : 0;
            var i = start;
            while (start < length)
            {
                var joiner = i < length && i > start ? words.And.LongestAt(pieceWords, i) : 0;
                if (i < length && joiner == 0)
                {
                    i++;
                    continue;
                }
                var first = start;
                while (first < i - 1 && words.Fillers.LongestAt(pieceWords, first) is > 0 and var filler && first + filler < i)
                {
                    first += filler;
                }
                if (first < i)
                {
                    list.Add(piece[spans[first].Start..spans[i - 1].End].Trim());
                }
                start = i + joiner;
                i = start;
            }

            // A relative word typed in lower case (a name's own is written with a capital: "Migrants Who Care").
            bool OpensAClause(int at) => words.Relatives.LongestAt(pieceWords, at) > 0 && !words.LeadingArticles.Contains(pieceWords[at])
                && piece[spans[at]] is var typed && typed == typed.ToLowerInvariant();
        }
        return list.Count > 0 ? string.Join(", ", list) : partners;

        bool NamesTheRole(string piece) =>
            Normalise(RoleQuestion, piece, language) is { Ok: true, OtherText: null, Value: JsonArray { Count: > 0 } codes }
            && codes.All(code => code?.GetValue<string>() is { } value && value != "none" && value != "other");
    }

    /// <summary>
    /// What an organisation's answer says it is after its name ("Verein Integrationshaus, wir sind eine NGO in wien": "eine NGO
    /// in wien"): the words after one of the question's <c>self_descriptions</c> that follows a comma, a spaced dash or a
    /// bracket, as typed; null when the answer holds none. Left out of the name (see AnswerEnd), offered at the organisation's
    /// type by the chat.
    /// </summary>
    public string? SelfDescription(string questionId, string text, string language)
    {
        if (!_selfDescriptions.TryGetValue((questionId, language), out var descriptions))
        {
            return null;
        }
        var words = TextKey.Words(text);
        var spans = TextKey.WordSpans(text);
        if (spans.Count != words.Length)
        {
            return null;
        }
        for (var at = 1; at < words.Length - 1; at++)
        {
            if (descriptions.LongestAt(words, at) is > 0 and var length && at + length < words.Length
                && text[spans[at - 1].End..spans[at].Start] is var between && (between.Contains(',') || between.Contains('(')
                    || between.Contains(" - ", StringComparison.Ordinal) || between.Contains('–') || between.Contains('—')))
            {
                return text[spans[at + length].Start..].Trim().TrimEnd('.', ')', ' ');
            }
        }
        return null;
    }

    // Where the answer starts after its lead-in (its first word as typed), or 0.
    private int AnswerStart(Question question, string text, string language)
    {
        if (!_leadIns.TryGetValue((question.Id, language), out var leadIns))
        {
            return 0;
        }
        var words = TextKey.Words(text);
        // "hola soy Ana Ruiz", "hallo ich bin Anna Schulz", "hi im Aoife": a greeting typed without its comma before the lead-in
        // is part of the lead-in (the chat leaves out only a greeting clause; "hola soy Ana Ruiz" was stored as the name).
        var greeting = _words.For(language).Greetings.LongestAt(words, 0);
        var length = greeting > 0 && greeting < words.Length && leadIns.LongestAt(words, greeting) is > 0 and var afterGreeting
            ? greeting + afterGreeting
            : leadIns.LongestAt(words, 0);
        if (length == 0 || length >= words.Length)
        {
            return 0;
        }
        var spans = TextKey.WordSpans(text);
        if (spans.Count != words.Length)
        {
            return 0;
        }
        // After the lead-in's last word, past spaces and the punctuation that ends it ("my name is: …", "heißt - …"), but not
        // past an opening quote or bracket of the answer.
        var start = spans[length - 1].End.Value;
        while (start < text.Length && (char.IsWhiteSpace(text[start]) || text[start] is ':' or ',' or ';' or '-' or '–' or '—' or '.'))
        {
            start++;
        }
        return start;
    }

    /// <summary>
    /// The text, past a greeting and the question's lead-in ("hi, I'm …"), opens with the words of talk about oneself ("I'd like
    /// to", "wir möchten", "vorrei", "θέλω", and after "I'm" / "sono": "interested", "interessata"): no person's name.
    /// </summary>
    private bool TalksAboutSelf(Question question, string text, string language)
    {
        var words = TextKey.Words(text);
        var vocabulary = _words.For(language);
        var at = vocabulary.Greetings.LongestAt(words, 0);
        if (_leadIns.TryGetValue((question.Id, language), out var leadIns))
        {
            at += leadIns.LongestAt(words, at);
        }
        return at < words.Length && vocabulary.SelfOpeners.LongestAt(words, at) > 0;
    }

    public NormalisedAnswer Normalise(string questionId, string? text, string language, NormalisationContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(questionId);
        language = Languages.IsSupported(language) ? language.ToLowerInvariant() : Languages.Default;
        var original = Storable(text ?? "");
        if (!_questions.TryGetValue(questionId, out var question))
        {
            return NormalisedAnswer.Refuse(questionId, Truncate(original), Message(MessageKeys.UnknownQuestion, language, ("question", questionId)));
        }
        if (original.Length > HardLimit)
        {
            return NormalisedAnswer.Refuse(questionId, Truncate(original),
                Message(MessageKeys.TooLong, language, ("length", original.Length), ("max", question.MaxLength)));
        }
        // Long texts keep their paragraphs; lists keep their lines, which separate the items; so do e-mail addresses (a line
        // break sets an address apart from the next line's words).
        var cleaned = Clean(PastedText.WithoutSignature(original, _signOffs), keepLines: question.Type is QuestionType.Longtext or QuestionType.Multi or QuestionType.Email);
        if (question.Type != QuestionType.Longtext)
        {
            // A long text may open and close with a quotation; any other answer wrapped whole in quotes was pasted so.
            cleaned = PastedText.Unquoted(cleaned);
        }
        if (cleaned.Length == 0)
        {
            return Refuse(MessageKeys.Empty);
        }
        if (cleaned.Length > question.MaxLength)
        {
            return Refuse(MessageKeys.TooLong, ("length", cleaned.Length), ("max", question.MaxLength));
        }
        if (question.Type is not (QuestionType.Text or QuestionType.Longtext))
        {
            // "２０１９", "٢٠١٩", "４５．０００ €", "Ｄｅｕｔｓｃｈｌａｎｄ": read as typed on a Latin keyboard (the words are kept as written).
            cleaned = Digits.ToAscii(cleaned);
            if (language == "de")
            {
                // "Asylbewerber*innen", "Teilnehmer:innen", "Helfer_innen", "Mitarbeiter/-innen": one word, read as the written-out
                // feminine plural (chatplay48: the star split it, and "innen in den dezentralen Unterkünften" was kept under Other).
                cleaned = GenderMarker().Replace(cleaned, "");
            }
        }
        var result = Read(cleaned);
        // Not for counts: "300 famiglie (circa 900 persone)" has the figure asked for in its remark, so it is asked again.
        // Not where an end date asks which of its readings is meant ("hasta dic 2025, luego se renueva": ongoing, or December 2025).
        if (!result.Ok && question.Type is QuestionType.Date or QuestionType.DateOrOngoing or QuestionType.MoneyEur
            && !(result.NeedsConfirmation && question.Type == QuestionType.DateOrOngoing)
            && WithoutRemarks(cleaned) is { } remarked)
        {
            // "300.000 € (di cui 50% FAMI)", "ongoing (funded until 2025)", "até dezembro de 2025, com possibilidade de
            // prorrogação": the value, and a remark beside it that the original words keep.
            result = remarked.Read;
            if (question.Type is QuestionType.Date or QuestionType.DateOrOngoing && DateBeyondInRemarks(remarked.Remarks, remarked.Read) is { } beyond)
            {
                // "2025 (verlängert bis 2026)", "2019 (Pilotphase seit 2017)": a remark names a later end (an earlier start)
                // than the value; read as a period, its end for an end: offered to be confirmed, never the first taken silently.
                result = Guess([new AnswerCandidate(JsonValue.Create(beyond.Iso), _formatter.Date(beyond.Iso, language))], MessageKeys.Date);
            }
            if (question.Type == QuestionType.MoneyEur && result is { Ok: true, NeedsConfirmation: false } && TakenAmount(result) is { } amount
                && LargerAmountInRemarks(remarked.Remarks, amount) is { } larger)
            {
                // "45k, 135k in total", "€45,000 per year, €135,000 overall": a remark names a larger amount than the one
                // before it, and the budget asked for is the total; both offered to choose from (the first was stored,
                // silently; lang47). A smaller one is a part of it ("80.000 €, davon 20.000 € Eigenmittel") and stays a remark.
                AnswerCandidate[] both = [new(JsonValue.Create(amount), _formatter.Euros(amount, language)),
                    new(JsonValue.Create(larger), _formatter.Euros(larger, language))];
                result = NormalisedAnswer.Refuse(questionId, original,
                    Message(MessageKeys.NumberWhich, language, ("candidates", string.Join(", ", both.Select(c => c.Display))))) with
                {
                    NeedsConfirmation = true,
                    Candidates = both,
                };
            }
        }
        if ((!result.Ok || result.OtherText is not null) && question.Type is not (QuestionType.Text or QuestionType.Longtext or QuestionType.Yesno)
            && DeclinedHead(cleaned) is { } clause)
        {
            // "n/a, still going" at the end date: the clause after the decline is the answer. "none, volunteer run" at the
            // funding, "no lo sabemos, es cofinanciado": a decline, then why; the original words keep the why (lang44).
            var read = question.Type is QuestionType.Date or QuestionType.DateOrOngoing ? Read(clause) : null;
            if (read is { Ok: true, OtherText: null, NeedsConfirmation: false })
            {
                result = read;
            }
            else if (!question.Required && !StartsWithContrast(clause))
            {
                return NormalisedAnswer.Decline(questionId, original, Message(MessageKeys.Declined, language));
            }
        }
        if (!result.Ok && question.Type is not (QuestionType.Text or QuestionType.Longtext or QuestionType.Yesno)
            && SameHead(cleaned) is { } afterSame && Read(afterSame) is { Ok: true } sameRead)
        {
            // "as above, march 2022", "wie oben, Sept. 2021", "como ya dije, 2019" (chatplay46: refused as no date): the words
            // saying it was given before, then the value; the original words keep them.
            result = sameRead;
        }
        // "not yet", "noch nicht", "όχι ακόμα" whole at the end date are "ongoing", not "not sure yet" ("vet inte än" still is).
        if (question.Required && question.Type is not (QuestionType.Longtext or QuestionType.Yesno)
            && !(question.Type == QuestionType.DateOrOngoing && _words.For(language).Ongoing.Contains(TextKey.Fold(cleaned)))
            && _declines.IsUnsure(cleaned, language))
        {
            // "weiß nicht", "honestly no idea" where a required choice, place or date is asked: not "None" guessed from
            // "keine Ahnung", not a bare "needs an answer", but how to go on without knowing for sure. At a required name or
            // title too (the lead's Malmö play, session 54: "vet inte än" was stored as the practice's title); a long text
            // keeps it ("not sure yet" is what the results so far are).
            return Refuse(MessageKeys.RequiredUnsure);
        }
        if (question.Required && question.Type is QuestionType.Text or QuestionType.Longtext && DeclineReader.IsOnlyDashes(cleaned))
        {
            // "-", "…", "/" where the practice is to be described says nothing: a required text needs words ("None" to the
            // challenges faced, "not sure yet" to the results are answers, and kept).
            return Refuse(MessageKeys.Required);
        }
        if (question.Required && question.Type is QuestionType.Text or QuestionType.Longtext && DeclineReader.IsPlaceholder(cleaned))
        {
            // "x", "a", "asdf", "xxx" typed to get past the practice's title or the contact's name (session 40: they were
            // stored as the answer): asked again with the words shown; the raw input keeps them.
            return Refuse(MessageKeys.Placeholder, ("text", cleaned));
        }
        if (question.Type is QuestionType.Text or QuestionType.Longtext
            && (_words.For(language).Yes.Contains(TextKey.Fold(cleaned)) || _words.For(language).IsOnlyAssent(cleaned)
                || (question.Required && _declines.IsNo(cleaned, language))))
        {
            // A yes alone answers no text question, optional ones too (session 43's Spanish run: "si", meant for the consent,
            // was stored as how the practice is monitored); a no alone at an optional one skips it, as below.
            // "si", "ok", "ja", "ναι" alone where a name, the title or a required long text is asked (session 41: "si" was
            // stored as the context, typed as if a yes were awaited) answers nothing; nor does "non", "Nein", "nej" (session 40:
            // "non" was stored as the title), at a long text too (session 43: every required long text asks for a description
            // or tips, none is a yes/no question since the transferability asks for tips; "None" to the challenges faced is an
            // answer and kept). Asked again with what the question needs (it said "looks like a placeholder"); the raw input
            // keeps the words. Only the whole answer: "Nord", "Nova Vida", "no challenges" are answers.
            // Nor does a yes in several words, "si vale", "yes ok", "ja gut", "ok let's go" (session 45: "si vale", typed to the
            // welcome, was stored as the name).
            return Refuse(MessageKeys.OwnWords, ("text", cleaned), ("label", question.Label.In(language)));
        }
        if (question.Required && question.Type == QuestionType.Text
            && (_declines.IsDecline(cleaned, language) || _declines.IsNone(cleaned, language)))
        {
            // "no tengo", "hab ich nicht", "je n'en ai pas", "n/a" where the organisation, the contact's name or the title is
            // asked (session 43: "no tengo", meant for the phone, was stored as the organisation's name): no name, and the
            // question needs one. Not at a long text: "None" to the challenges faced is that contributor's answer.
            return Refuse(MessageKeys.Required);
        }
        // A guess through a typing slip is no answer when the whole answer is a decline: "no funding" is not "EU funding".
        var guessedOverDecline = result.NeedsConfirmation && _declines.IsDecline(cleaned, language);
        // "no funding", "no budget" at the regional authority's role, a choice with its own "No role" (session 59: "This question
        // needs an answer"): a none of the everyday words that is not that option denies a role, no decline; the options again.
        var deniesAnOption = question.IsChoice && !result.Ok && !result.NeedsConfirmation && question.ChoiceList.Any(c => c.Code == NoneCode)
            && _declines.IsNone(cleaned, language) && !_words.For(language).Declines.Contains(TextKey.Fold(cleaned));
        if (!deniesAnOption && _declines.Declines(cleaned, language, question, valid: result.Ok && result.OtherText is null && !guessedOverDecline))
        {
            // "no", "n/a", "je préfère ne pas le donner": no answer. An optional question stays blank (the chat skips it);
            // a required one says it needs an answer rather than what a phone number looks like.
            return question.Required
                ? Refuse(MessageKeys.Required)
                : NormalisedAnswer.Decline(questionId, original, Message(MessageKeys.Declined, language));
        }
        return result.Ok ? CrossCheck(result) : result;

        // The value read without its remarks: first those in brackets, then a clause after the first comma or semicolon
        // ("Dezember 2025, Verlängerung geplant"), or after a spaced dash when no digit follows it ("juin 2021 - mars 2019"
        // is a period) or "ongoing" is before it; the value before it must hold a digit ("next year, if funded" stays unread, as it was) or be
        // "ongoing". Null when neither leaves a readable value.
        // The words after a first clause that is wholly a decline, a none or a no ("n/a", "none", "vet inte", "não"), before
        // a comma or a semicolon; null when the answer does not open so.
        string? DeclinedHead(string value)
        {
            var comma = value.IndexOfAny([',', ';']);
            if (comma <= 0)
            {
                return null;
            }
            var head = value[..comma];
            var tail = value[(comma + 1)..].Trim();
            return tail.Length > 0 && (_declines.IsDecline(head, language) || _declines.IsNo(head, language) || _declines.IsNone(head, language)
                || _declines.IsUnsure(head, language)) ? tail : null;
        }

        // "as above, march 2022": a same-word phrase before the first comma or colon, and the words after it.
        string? SameHead(string value)
        {
            var comma = value.IndexOfAny([',', ':', ';']);
            if (comma <= 0 || !_sameWords.Contains(TextKey.Fold(value[..comma])))
            {
                return null;
            }
            var tail = value[(comma + 1)..].Trim();
            return tail.Length > 0 ? tail : null;
        }

        // "but", "aber", "pero" opening the clause: "none, but AMIF from next year" says more than none.
        bool StartsWithContrast(string value)
        {
            var words = TextKey.Fold(value).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var vocabulary = _words.For(language);
            return vocabulary.But.LongestAt(words, 0) > 0 || vocabulary.Contrasts.LongestAt(words, 0) > 0;
        }

        (NormalisedAnswer Read, IReadOnlyList<string> Remarks)? WithoutRemarks(string value)
        {
            var remarks = Remark().Matches(value).Select(m => m.Value[1..^1]).ToList();
            var withoutBrackets = Remark().Replace(value, " ").Trim();
            if (withoutBrackets.Length > 0 && withoutBrackets != value && Read(withoutBrackets) is { Ok: true } read)
            {
                return (read, remarks);
            }
            var clause = TrailingClause().Match(withoutBrackets);
            if (!clause.Success || clause.Index == 0)
            {
                return WithoutContrast(withoutBrackets, remarks);
            }
            var head = withoutBrackets[..clause.Index].Trim();
            var tail = withoutBrackets[(clause.Index + clause.Length)..];
            var dash = clause.Value.Trim() is not ("," or ";" or "\u00b7" or "\u0387");
            if (Read(head) is not { Ok: true } headRead)
            {
                return WithoutContrast(withoutBrackets, remarks);
            }
            // "still running, funded till end of 2025": an "ongoing" needs no digit, and after it a dash opens no period
            // ("ongoing - funded until end of 2026" was unreadable).
            var ongoing = IsOngoing(headRead);
            return (!dash || ongoing || !tail.Any(char.IsAsciiDigit)) && (head.Any(char.IsAsciiDigit) || ongoing)
                ? (headRead, [.. remarks, tail])
                : WithoutContrast(withoutBrackets, remarks);
        }

        static bool IsOngoing(NormalisedAnswer read) =>
            read.Value is JsonValue value && value.TryGetValue<string>(out var text) && text == Ongoing;

        // The value before the first "but" word ("mais", "aber", "pero", "ma", "αλλά", "mas", "men") and the clause from it
        // a remark, as after a comma (lang45/46: "décembre 2025 mais sans doute prolongé" was refused, "décembre 2025, sans
        // doute prolongé" read). The value before it must hold a digit or be "ongoing"; null otherwise.
        (NormalisedAnswer Read, IReadOnlyList<string> Remarks)? WithoutContrast(string value, List<string> remarks)
        {
            var but = _words.For(language).But;
            foreach (Match word in Regex.Matches(value, @"\S+"))
            {
                if (word.Index == 0 || but.LongestAt(TextKey.Fold(value[word.Index..]).Split(' ', StringSplitOptions.RemoveEmptyEntries), 0) == 0)
                {
                    continue;
                }
                var head = value[..word.Index].Trim().TrimEnd(',', ';', '-', '\u2013', '\u2014').Trim();
                if (head.Length == 0 || Read(head) is not { Ok: true } headRead)
                {
                    return null;
                }
                return head.Any(char.IsAsciiDigit) || IsOngoing(headRead) ? (headRead, [.. remarks, value[word.Index..].Trim()]) : null;
            }
            return null;
        }

        // The amount read: the value, or a yearly amount kept as typed ("€45k a year, 135k in total": the flag's detail).
        static decimal? TakenAmount(NormalisedAnswer read) =>
            read.Value is JsonValue taken && taken.TryGetValue<decimal>(out var amount) ? amount
            : read.Value is null && read.Flags.FirstOrDefault(f => f.Reason == FlagReasons.AmountPerYear)?.Detail is { } detail
              && decimal.TryParse(detail, NumberStyles.Number, CultureInfo.InvariantCulture, out var yearly) ? yearly : null;

        // The largest amount in euro a remark names beyond the one read without remarks, or null.
        decimal? LargerAmountInRemarks(IReadOnlyList<string> remarks, decimal taken)
        {
            decimal? larger = null;
            foreach (var remark in remarks)
            {
                if (remark.Any(char.IsAsciiDigit) && Read(remark) is { Ok: true, Value: JsonValue value } && value.TryGetValue<decimal>(out var other)
                    && other > taken && (larger is null || other > larger))
                {
                    larger = other;
                }
            }
            return larger;
        }

        // The date a remark names beyond the one read without remarks (later for an end, earlier for a start), or null.
        PartialDate? DateBeyondInRemarks(IReadOnlyList<string> remarks, NormalisedAnswer read)
        {
            if (read.Value?.GetValue<string>() is not { } iso || !PartialDate.TryParseIso(iso, out var taken))
            {
                return null; // "ongoing (funded until 2025)": still ongoing
            }
            var end = question.Type == QuestionType.DateOrOngoing ? DateParser.PeriodEnd.End : DateParser.PeriodEnd.Start;
            PartialDate? beyond = null;
            foreach (var remark in remarks)
            {
                foreach (var date in _dates.DatesIn(remark, language, end))
                {
                    var further = end == DateParser.PeriodEnd.End ? date.CompareTo(beyond ?? taken) > 0 : date.CompareTo(beyond ?? taken) < 0;
                    if (further)
                    {
                        beyond = date;
                    }
                }
            }
            return beyond;
        }

        // "we run it ourselves", "wir selbst", "same as above" where the lead organisation is asked: the contributor's own.
        // "the region itself", "la regione stessa", "η ίδια η περιφέρεια" (session 41: kept as typed): the contributor's own
        // organisation where it is a regional authority ("Regione Emilia-Romagna"); at a city council or an NGO the words
        // stay as typed (which region's body is meant is theirs to say, a researcher reads it).
        string? OurOrganisation(string value) =>
            context?.ContactOrganisation is not { Length: > 0 } ours ? null
            : _ours.TryGetValue((question.Id, language), out var phrases)
              && (phrases.Contains(TextKey.Fold(value)) || ShortFor(value, ours, language) || SaysItIsOurs(value, question.Id, phrases, language)
                  || OursBesideItsShortName(value, ours, phrases, language)) ? ours
            : NamesOursAgain(value, ours) ? ours
            : _regionItself.TryGetValue((question.Id, language), out var itself) && itself.Contains(TextKey.Fold(value)) && IsRegionalAuthority(ours, language) ? ours
            // "a câmara", "la mairie", "die Stadt", "il comune" (session 53): the contributor's own where it is a local authority.
            : _municipalityItself.TryGetValue((question.Id, language), out var municipality) && municipality.Contains(TextKey.Fold(value))
              && KindOf(ours, language) == LocalAuthority ? ours
            : PartnersBesideOurs(question.Id, value, language) is not null ? ours
            : null;

        // The name past its lead-in with its capitals (PersonNameCased); a lead-in alone ("my name is") as typed.
        string CasedName(string value) =>
            AnswerStart(question, value, language) is var start && AnswerEnd(question, value, language).End is var end && end > start
                ? PersonNameCased(value[start..end].Trim(), _words.For(language)) : value;

        NormalisedAnswer Read(string value) => question.Type switch
        {
            QuestionType.Text when question.PersonName && (TalksAboutSelf(question, value, language) || ReadsAsAPhrase(question.Id, value, language)) =>
                // "I'd like to add our project", "ich möchte ein Projekt eintragen", "quiero registrar una práctica" where the name
                // is asked (the first thing a new contributor types), or the practice's title ("Deutschkurse für Asylwerber im
                // Bezirk Landeck"): no name; it was stored as theirs.
                Refuse(MessageKeys.NotAName),
            // "Karin Lindqvist, Göteborgs stad": an organisation after the comma is no remark (its lower-case "stad" read as a
            // post); the name ends before it (AnswerEnd), and the chat offers it at the organisation.
            QuestionType.Text when question.PersonName && PersonWithRemark(value, _words.For(language)) is var (name, remark)
                && !(remark.Count(char.IsAsciiDigit) < 4 && !remark.Contains('@') && !remark.Contains(',') && NamesAnOrganisationPlainly(remark, language)) =>
                // "Ana Ruiz (investigadora)", "Ana Ruiz, investigadora", "Dr. Petra Schulz": the name, and the role or title
                // beside it.
                Accept(JsonValue.Create(CasedName(name))) with
                {
                    Warnings = [Message(MessageKeys.AnswerCondition, language, ("condition", remark))],
                    Flags = [new AnswerFlag(FlagReasons.AnswerRemark, remark)],
                },
            // "2021-01", "12/2023", "40" where an organisation is asked (webchat50's play: "2021-01", typed one question behind,
            // was stored as the lead organisation's name): no letter, no name; said, nothing stored.
            QuestionType.Text when question.Id is LeadOrganisationQuestion or ContactOrganisationQuestion && value.Any(char.IsDigit) && !value.Any(char.IsLetter) =>
                Refuse(MessageKeys.OrganisationNotANumber),
            // "CARM", "ΠΚΜ", "VGR", or the initials of the contributor's organisation at the lead: written out, the short form
            // shown beside it ("Anotado: Comunidad Autónoma de la Región de Murcia (CARM)"); the original keeps it.
            QuestionType.Text when question.Id is LeadOrganisationQuestion or ContactOrganisationQuestion
                && OrganisationShortFormWrittenOut(value, language, question.Id == LeadOrganisationQuestion ? context?.ContactOrganisation : null) is { } full =>
                Accept(JsonValue.Create(full)) with { ShortForm = value.Trim() },
            // "Cope Galway with support from the HSE": the organisation without its partners (offered at the partners). The
            // contributor's own words with partners ("nous (CPAS) avec le CRIPEL") are their organisation, or kept as typed
            // before it is known.
            QuestionType.Text when PartnersBesideOurs(question.Id, value, language) is null && OrganisationAndPartners(question.Id, value, language) is { } split =>
                Accept(JsonValue.Create(OurOrganisation(split.Organisation) ?? WithoutLeadIn(question, split.Organisation, language))),
            QuestionType.Text when question.PersonName => Accept(JsonValue.Create(CasedName(value))),
            QuestionType.Text => Accept(JsonValue.Create(OurOrganisation(value) ?? WithoutLeadIn(question, value, language))),
            QuestionType.Longtext => Accept(JsonValue.Create(WithoutOwnLabel(question, value, language))),
            QuestionType.Email => Email(value),
            QuestionType.Phone => Phone(value),
            QuestionType.Url => Url(value),
            QuestionType.Date or QuestionType.DateOrOngoing => Date(value),
            QuestionType.Integer => Integer(value),
            QuestionType.MoneyEur => Money(value),
            QuestionType.Country => CountryAnswer(value),
            QuestionType.Region => RegionAnswer(value),
            QuestionType.Choice or QuestionType.Multi => ChoiceAnswer(value),
            QuestionType.Yesno => YesNo(value),
            _ => throw new InvalidOperationException($"No normaliser for {question.Type}."),
        };

        NormalisedAnswer Accept(JsonNode? value) => NormalisedAnswer.Accept(questionId, original, value);

        NormalisedAnswer Refuse(string key, params (string, object?)[] args) =>
            NormalisedAnswer.Refuse(questionId, original, Message(key, language, args));

        NormalisedAnswer Email(string value)
        {
            if (value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                value = value["mailto:".Length..]; // copied from a link
            }
            if (ReadAddress(value) is { } address)
            {
                return AcceptAddress(address);
            }
            // "maria.rossi(at)regione.lombardia.it", as signatures hide it from robots.
            if (!value.Contains('@') && ObfuscatedAt().IsMatch(value))
            {
                var shown = ObfuscatedDot().Replace(ObfuscatedAt().Replace(value, "@"), ".");
                if (ReadAddress(shown) is { } revealed)
                {
                    return AcceptAddress(revealed);
                }
                value = shown; // "mi correo es lucia.garcia arroba …": the address is looked for among the words below
            }
            // "jan.svensson@skane.se / 040-123456": one address among other words is the answer (the words are kept).
            // The address must stand apart ("maria rossi@example.org" is not "rossi@example.org").
            // So does an address inside a sentence pasted from a signature or a report ("Please contact me at lea@… for any
            // questions.", "Für Rückfragen bin ich unter petra@… erreichbar.": were refused).
            var addresses = AddressLike().Matches(value);
            var found = addresses
                .Where(m => (addresses.Count == 1 && InSentence(value[..m.Index], value[(m.Index + m.Length)..]))
                    || ((StandsApart(value[..m.Index], atEnd: true) || Introduces(value[..m.Index]))
                        && StandsApart(value[(m.Index + m.Length)..], atEnd: false)))
                .Select(m => ReadAddress(m.Value.TrimEnd('.', '!', '?')) ?? ReadAddress(m.Value)).OfType<string>()
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return found.Count == 1 ? AcceptAddress(found[0]) : Refuse(MessageKeys.Email);
        }

        // "lea@caritаs.de" with a Cyrillic "а": mail to it goes to a look-alike of the organisation's domain.
        NormalisedAnswer AcceptAddress(string address) =>
            address.Split('@', '.').Any(MixesAlphabets) ? Refuse(MessageKeys.EmailDeceptive) : Accept(JsonValue.Create(address));

        // "mi correo es lucia@…", "il mio indirizzo è mario@…", "my email is lea@…": the words before the address name it, and
        // only fillers ("es", "è", "is") stand between that name and the address.
        bool Introduces(string before)
        {
            var names = _namesOfAddress.GetValueOrDefault(questionId);
            var words = TextKey.Words(before);
            var fillers = _words.For(language).Fillers;
            for (var i = words.Length - 1; i >= 0; i--)
            {
                if (names?.Contains(words[i]) == true)
                {
                    return true;
                }
                if (!fillers.Contains(words[i]))
                {
                    return false;
                }
            }
            return false;
        }

        // A sentence around the address: three words before it, the last a filler ("at", "à", "a", "em", "στο", "på") or with
        // a word after it ("… unter petra@… erreichbar."), or two words after it. A name typed with a space runs into the
        // address instead ("maria rossi@…", "correo de maria rossi@…" are not "rossi@…"); digits after it are no words.
        bool InSentence(string before, string after)
        {
            var (words, following) = (TextKey.Words(before), TextKey.Words(after).Count(w => w.Any(char.IsLetter)));
            return following >= 2 || (words.Length >= 3 && (following >= 1 || _words.For(language).Fillers.Contains(words[^1])));
        }

        // A line break sets an address apart whatever the next line says ("lea@caritas.de⏎Bcc: other@x.org" holds two
        // addresses, and is refused as such: the second was taken alone).
        static bool StandsApart(string beside, bool atEnd)
        {
            var space = atEnd ? beside[beside.TrimEnd().Length..] : beside[..(beside.Length - beside.TrimStart().Length)];
            beside = beside.Trim();
            return beside.Length == 0 || space.Contains('\n') || space.Contains('\r') || AddressSeparators.Contains(atEnd ? beside[^1] : beside[0]);
        }

        // “fiona@glasgow.gov.uk” pasted in quotes above a signature: MimeKit takes the quotes into the address (session 58).
        static string? ReadAddress(string value) =>
            PastedText.Unquoted(value) is var address && !address.Contains('\n') && MailboxAddress.TryParse(address, out var mailbox)
            && IsPlausibleAddress(mailbox.Address) ? mailbox.Address : null;

        NormalisedAnswer Phone(string value)
        {
            var start = value.IndexOfAny(PhoneStart);
            if (start > 0 && IsPhonePrefix(value[..start], language))
            {
                value = value[start..]; // "Tel. 06 1234 5678", "τηλ.: 210 1234567", "tfn 040-12 34 56"
            }
            // A remark in words beside the number ("(mobil)", "(ore 9-13)") stays in the original words, not in the number;
            // "(0)" and "(+39)" are part of it.
            value = Remark().Replace(value, remark => remark.Value.Any(char.IsLetter) ? " " : remark.Value).Trim();
            // "(+351) 213 456 789", "(+49) 221 …": the country code in brackets, as many write it, is the number's prefix.
            value = BracketedCountryCode().Replace(value, "${code} ");
            var extension = "";
            if (PhoneTail().Match(value) is { Success: true } tail)
            {
                if (tail.Groups["digits"].Success && IsPhoneWord(tail.Groups["word"].Value, w => w.PhoneExtensions))
                {
                    // "ext. 125", "poste 42", "εσωτ. 125", "ankn. 12", "x12": the extension is kept as typed.
                    extension = " " + WhitespaceRun().Replace(value[tail.Groups["word"].Index..].Trim(), " ");
                    value = tail.Groups["number"].Value;
                }
                else if (!tail.Groups["digits"].Success && IsPhoneWord(tail.Groups["word"].Value, w => w.PhonePrefixes))
                {
                    value = tail.Groups["number"].Value; // "070-123 45 67 mobil"
                }
            }
            var digits = value.Count(char.IsAsciiDigit);
            if (!PhonePattern().IsMatch(value) || digits is < 6 or > 17)
            {
                return Refuse(MessageKeys.Phone);
            }
            var phone = WhitespaceRun().Replace(value.Trim(), " ");
            if (phone.StartsWith("00", StringComparison.Ordinal))
            {
                phone = "+" + phone[2..];
            }
            // One format for every number libphonenumber knows as valid: E.164 ("+33388156867"), the words typed stay the
            // original. "+33 3 88 15 68 67" and "0033 3 88…" carry their country; "03 88 15 68 67" is read for the practice's
            // country when it is answered, else for the country of the contributor's e-mail domain (.fr), else kept as typed
            // (the chat asks the phone before the country: IntakeService converts it when the country is answered).
            if ((phone.StartsWith('+') ? InternationalPhone(phone, null) : InternationalPhone(phone, context?.Country) ?? InternationalPhone(phone, context?.ContactCountry)) is { } e164)
            {
                phone = e164;
            }
            return Accept(JsonValue.Create(phone + extension));
        }

        NormalisedAnswer Url(string value)
        {
            // "https://www.skane.se/integration." at the end of a sentence: the full stop is the sentence's, not the address's.
            value = value.TrimEnd('.', ',', ';', ':', '!', '?');
            if (ReadUrl(value) is { } uri)
            {
                return Deceptive(uri) ? Refuse(MessageKeys.UrlDeceptive) : Accept(JsonValue.Create(uri.AbsoluteUri));
            }
            // "www.skane.se/integration, ver también facebook": one address among other words is the answer (the words are kept).
            var read = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
                .Select(word => word.Trim(',', ';', '.', ':', '!', '?', '(', ')', '"', '\'', '\u00ab', '\u00bb', '\u201c', '\u201d'))
                .Where(word => word.Contains('.') && !word.Contains('@'))
                .Select(ReadUrl).OfType<Uri>().ToList();
            if (read.Any(Deceptive))
            {
                return Refuse(MessageKeys.UrlDeceptive);
            }
            var found = read.Select(u => u.AbsoluteUri).Distinct(StringComparer.Ordinal).ToList();
            return found.Count == 1 ? Accept(JsonValue.Create(found[0])) : Refuse(MessageKeys.Url);
        }

        // A published link that shows one place and leads to another: "https://www.regione.puglia.it@evil.example" (a user
        // name before the host), or a host name that mixes alphabets ("regiоne" with a Cyrillic о): never stored.
        static bool Deceptive(Uri uri) => uri.UserInfo.Length > 0 || uri.Host.Split('.').Any(MixesAlphabets);

        static bool MixesAlphabets(string label)
        {
            var (latin, greek, cyrillic) = (false, false, false);
            foreach (var c in label)
            {
                latin |= c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '\u00c0' and <= '\u024f';
                greek |= c is >= '\u0370' and <= '\u03ff' or >= '\u1f00' and <= '\u1fff';
                cyrillic |= c is >= '\u0400' and <= '\u052f';
            }
            return (latin ? 1 : 0) + (greek ? 1 : 0) + (cyrillic ? 1 : 0) > 1;
        }

        static Uri? ReadUrl(string value)
        {
            // "http//x.eu", "https:/x.eu", "http;//x.eu": a slip in the scheme's punctuation.
            var candidate = SchemeSlip().Replace(value.Trim().Trim('<', '>'), "${scheme}://");
            if (candidate.StartsWith("www.", StringComparison.OrdinalIgnoreCase) || BareDomain().IsMatch(candidate))
            {
                // "www.x.eu" and "juntadeandalucia.es/acoge" as people write them: the secure address.
                candidate = "https://" + candidate;
            }
            return candidate.Any(char.IsWhiteSpace)
                || !Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https")
                || !(uri.Host.Contains('.') || uri.IsLoopback)
                ? null
                : uri;
        }

        NormalisedAnswer Date(string value)
        {
            var ongoingAllowed = question.Type == QuestionType.DateOrOngoing;
            // A date that may be "ongoing" is when something ended: of a period ("2018/19", "Q3 2019") it takes the end.
            var end = ongoingAllowed ? DateParser.PeriodEnd.End : DateParser.PeriodEnd.Start;
            // "next year", "bis Ende nächsten Jahres", "l'anno scorso": read against the day the answer is given and shown
            // back to be confirmed ("Did you mean December 2027?"); "until today" for an end is still "ongoing".
            if (context?.Today is { } today && _dates.TryReadRelative(value, language, today, end, out var relative, out var isToday)
                && !(isToday && ongoingAllowed && _dates.IsOngoing(value, language)))
            {
                return Guess([DateCandidate(relative)], MessageKeys.Date);
            }
            if (WhichDate() is { } which)
            {
                return which;
            }
            if (ongoingAllowed && RenewedAfter() is { } renewed)
            {
                // "hasta dic 2025, luego se renueva", "bis 12/2025, wird dann verlängert" (session 50: the date stored, silently
                // past or near): renewed after that date, the practice may run on; whether it does is asked, "ongoing" first.
                return NormalisedAnswer.Refuse(questionId, original, Message(MessageKeys.DateRenewed, language, ("date", _formatter.Date(renewed.Iso, language)))) with
                {
                    NeedsConfirmation = true,
                    Candidates = [new AnswerCandidate(JsonValue.Create(Ongoing), _formatter.Date(Ongoing, language)), DateCandidate(renewed)],
                };
            }
            if (ongoingAllowed && PlannedEnd() is { } planned)
            {
                // "läuft noch bis mindestens Ende 2025", "still running, at least until end of 2025", "toujours en cours, au moins
                // jusqu'à fin 2025" (session 43: stored as ended in December 2025): an end date is when the practice ended, or
                // "ongoing" (the questionnaire's contract); one still running with no end known yet, only the earliest, is
                // ongoing, that date a remark kept beside it for the researchers.
                return Accept(JsonValue.Create(Ongoing)) with
                {
                    Warnings = [Message(MessageKeys.AnswerCondition, language, ("condition", planned))],
                    Flags = [new AnswerFlag(FlagReasons.AnswerRemark, planned)],
                };
            }
            if (ongoingAllowed && context?.Today is { } now && _dates.TryReadEndBesideOngoing(value, language, now, out var stated))
            {
                // "ongoing till end of next year": the end stated, shown back to be confirmed as any relative date.
                return Guess([DateCandidate(stated)], MessageKeys.Date);
            }
            return _dates.Parse(value, ongoingAllowed, language, end, out var date) switch
            {
                DateParser.Outcome.Date => Accept(JsonValue.Create(date.Iso)),
                DateParser.Outcome.Ongoing => Accept(JsonValue.Create(Ongoing)),
                DateParser.Outcome.DoesNotExist => Refuse(MessageKeys.DateNotExist, ("date", value)),
                // "12/31/2025": no 31st month, but the 31st of December: offered to be confirmed.
                DateParser.Outcome.MonthFirst => Guess([DateCandidate(date)], MessageKeys.DateNotExist),
                // "März 22", "03/22": March 2022, offered to be confirmed.
                DateParser.Outcome.ShortYear => Guess([DateCandidate(date)], ongoingAllowed ? MessageKeys.DateOrOngoing : MessageKeys.Date),
                // "de 2023 à 2021", "dal 2023 al 2021": the period put in order, its start (or end) offered to be confirmed.
                // The message says why ("2024 to 2021" was "Did you mean 2024?" alone, the contributor left to guess what was wrong).
                DateParser.Outcome.Reversed => Reversed(date),
                // "Septmber 2023", "décmbre 2023": the month a name typed with a slip is nearest to, offered to be confirmed.
                DateParser.Outcome.MonthGuessed => Guess([DateCandidate(date)], ongoingAllowed ? MessageKeys.DateOrOngoing : MessageKeys.Date),
                // "fin de l'année scolaire", "fine dell'anno scolastico", "fin de curso": the month it ends is asked for, as
                // a school or financial year ends in different months from place to place (it was refused as no date).
                _ when _dates.NamesTerm(value) && !_dates.IsOngoing(value, language) => Refuse(MessageKeys.DateTerm),
                _ => Refuse(ongoingAllowed ? MessageKeys.DateOrOngoing : MessageKeys.Date),
            };

            // The date before a comma (or a dash, a semicolon) followed by the words of an extension or a renewal as the clause's
            // verb (two words at most before them) with no date after them ("hasta dic 2025, luego se renueva", "until Dec 2025,
            // then it gets renewed"): that date; null otherwise ("extended to June 2026" names its end, read as it is; "até
            // dezembro de 2025, com possibilidade de prorrogação" is a remark on the date).
            PartialDate? RenewedAfter()
            {
                var words = TextKey.Words(value);
                var spans = TextKey.WordSpans(value);
                var extended = _words.For(language).Extended;
                if (spans.Count != words.Length)
                {
                    return null;
                }
                for (var i = 1; i < words.Length; i++)
                {
                    if (extended.LongestAt(words, i) is not (> 0 and var length))
                    {
                        continue;
                    }
                    var cut = value.LastIndexOfAny([',', ';', '–', '(', '-'], spans[i].Start.Value);
                    if (cut <= 0 || value[spans[i].Start.Value..].Any(char.IsDigit) || TextKey.Words(value[cut..spans[i].Start.Value]) is var verb && verb.Length > 2
                        || Enumerable.Range(0, verb.Length).Any(at => _words.For(language).Unsure.LongestAt(verb, at) > 0))
                    {
                        // "fino a dic 2025, forse proroga", "bis Dez. 2025, vielleicht Verlängerung": an extension only maybe to
                        // come is a remark on the date, as "com possibilidade de prorrogação" is; the date stands (lang52).
                        return null;
                    }
                    return _dates.Parse(value[..cut].Trim(), allowOngoing: false, language, end, out var before) == DateParser.Outcome.Date ? before : null;
                }
                return null;
            }

            // The words after an "ongoing" opening the answer ("läuft noch", "still running", "toujours en cours") when they name a
            // date as the earliest end ("at least until", "mindestens bis", "au moins jusqu'à") or the end planned for now ("for
            // now until", "vorerst bis", "por ahora hasta": date_for_now; session 54), as typed from their first word;
            // null otherwise: "ongoing until 2027", "en cours jusqu'en 2027" name the end planned, and stay that end.
            string? PlannedEnd()
            {
                var spans = TextKey.WordSpans(value);
                var words = TextKey.Words(value);
                if (spans.Count != words.Length || _words.For(language).Ongoing.LongestAt(words, 0) is not (> 0 and var opening)
                    || opening >= words.Length || value[..spans[opening - 1].End].Any(char.IsDigit))
                {
                    return null;
                }
                var rest = value[spans[opening].Start..].Trim();
                var restWords = TextKey.Words(rest);
                // "for now until", "vorerst bis", "por ahora hasta", "pour l'instant jusqu'à" (date_for_now): the end planned so far.
                return (_words.For(language).AtLeast.OccursIn(restWords) || _words.For(language).PlannedForNow.OccursIn(restWords))
                    && _dates.DatesIn(rest, language, end).Count > 0 ? rest : null;
            }

            AnswerCandidate DateCandidate(PartialDate guessed) => new(JsonValue.Create(guessed.Iso), _formatter.Date(guessed.Iso, language));

            // A period typed the wrong way round ("de 2024 à 2021"): the end asked for, in order, offered with both ends and
            // the reason, so the contributor sees what was put right (lang47).
            NormalisedAnswer Reversed(PartialDate asked)
            {
                var guess = Guess([DateCandidate(asked)], ongoingAllowed ? MessageKeys.DateOrOngoing : MessageKeys.Date);
                var other = end == DateParser.PeriodEnd.Start ? DateParser.PeriodEnd.End : DateParser.PeriodEnd.Start;
                if (_dates.Parse(value, allowOngoing: false, language, other, out var otherEnd) != DateParser.Outcome.Reversed)
                {
                    return guess;
                }
                var (first, last) = end == DateParser.PeriodEnd.Start ? (asked, otherEnd) : (otherEnd, asked);
                return guess with
                {
                    Confirmation = Message(MessageKeys.DateReversed, language,
                        ("candidate", _formatter.Date(asked.Iso, language)), ("start", _formatter.Date(first.Iso, language)), ("end", _formatter.Date(last.Iso, language))),
                };
            }

            // "2021 o 2022", "marzo o aprile 2022", "2021 or 2022": two dates said, one asked for; both offered to choose from (or
            // another typed), never one taken ("o" was a filler in Spanish and Italian, and the two a period: its start or end).
            NormalisedAnswer? WhichDate()
            {
                var words = _words.For(language);
                var folded = TextKey.Words(value);
                var spans = TextKey.WordSpans(value);
                if (folded.Length < 3 || folded.Length != spans.Count || !words.Or.OccursIn(folded))
                {
                    return null;
                }
                for (var i = 1; i < folded.Length - 1; i++)
                {
                    var length = words.Or.LongestAt(folded, i);
                    if (length == 0 || i + length >= folded.Length)
                    {
                        continue;
                    }
                    var before = value[..spans[i].Start.Value];
                    var after = value[spans[i + length - 1].End.Value..];
                    if (_dates.Parse(after, allowOngoing: false, language, end, out var second) != DateParser.Outcome.Date)
                    {
                        return null;
                    }
                    // "marzo o aprile 2022": a month without its year shares the year after it.
                    if (_dates.Parse(before, allowOngoing: false, language, end, out var first) != DateParser.Outcome.Date
                        && (before.Any(char.IsAsciiDigit) || second.Month is null
                            || _dates.Parse(before + " " + second.Year.ToString(CultureInfo.InvariantCulture), allowOngoing: false, language, end, out first) != DateParser.Outcome.Date))
                    {
                        return null;
                    }
                    if (first.Equals(second))
                    {
                        return null;
                    }
                    List<AnswerCandidate> candidates = [DateCandidate(first), DateCandidate(second)];
                    return NormalisedAnswer.Refuse(questionId, original,
                        Message(MessageKeys.DateWhich, language, ("candidates", string.Join(", ", candidates.Select(c => c.Display))))) with
                    {
                        NeedsConfirmation = true,
                        Candidates = candidates,
                    };
                }
                return null;
            }
        }

        // "50-60", "300 famiglie (circa 900 persone)": one number is asked for and several were given; they are offered
        // to choose from (or another number may be typed), never one taken silently.
        // yearsAside: a year written as years are ("seit 2022") is no count to choose from while two counts are left.
        NormalisedAnswer? WhichNumber(string value, Func<NumberParser.Reading, JsonNode?> valueOf, Func<decimal, string> display, bool yearsAside = false)
        {
            var candidates = new List<AnswerCandidate>();
            var readings = _numbers.ReadEach(value, language);
            if (yearsAside && readings.Count(r => !IsYearTyped(r.Reading, r.Typed)) >= 2)
            {
                readings = readings.Where(r => !IsYearTyped(r.Reading, r.Typed)).ToList();
            }
            // "30.000 € (2023) + 45.000 € (2024)": parts added up; their total is offered first.
            if (readings.Count > 1 && value.Count(c => c == '+') == readings.Count - 1 && !value.TrimStart().StartsWith('+')
                && readings.Select(r => r.Reading.Currency).Distinct().Count() == 1)
            {
                var sum = readings.Sum(r => r.Reading.Value);
                if (valueOf(new NumberParser.Reading(sum, readings[0].Reading.Currency)) is { } total)
                {
                    candidates.Add(new AnswerCandidate(total, display(sum)));
                }
            }
            foreach (var (reading, _) in readings)
            {
                if (valueOf(reading) is not { } node)
                {
                    return null;
                }
                if (!candidates.Any(c => JsonNode.DeepEquals(c.Value, node)))
                {
                    candidates.Add(new AnswerCandidate(node, display(reading.Value)));
                }
            }
            return candidates.Count < 2 ? null : NormalisedAnswer.Refuse(questionId, original,
                Message(MessageKeys.NumberWhich, language, ("candidates", string.Join(", ", candidates.Select(c => c.Display))))) with
            {
                NeedsConfirmation = true,
                Candidates = candidates,
            };
        }

        NormalisedAnswer Integer(string value)
        {
            var outcome = _numbers.TryRead(value, out var reading, language);
            if (outcome == NumberParser.Outcome.Ambiguous && CountBesideYears(value) is { } count)
            {
                (outcome, reading) = (NumberParser.Outcome.Number, count);
            }
            if (outcome == NumberParser.Outcome.Ambiguous && PersonsBesideHouseholds(value) is { } persons)
            {
                // "40 familles soit 150 personnes", "50 familias, unas 180 personas": the people reached are the persons, not
                // the households; offered to confirm (both were offered to choose from; lang48).
                return Guess([new AnswerCandidate(JsonValue.Create((long)persons.Value), _formatter.Number(persons.Value, language))], MessageKeys.Integer);
            }
            if (outcome == NumberParser.Outcome.Ambiguous && TotalAmongCounts(value) is { } whole)
            {
                // "γυρω στα 120 τον χρονο, πανω απο 300 συνολικα", "ca. 120 pro Jahr, insgesamt über 300": the count a total word
                // stands beside is the people reached; offered to confirm (the three numbers, the year too, were offered).
                return Guess([new AnswerCandidate(JsonValue.Create((long)whole.Value), _formatter.Number(whole.Value, language))], MessageKeys.Integer);
            }
            if (outcome == NumberParser.Outcome.Ambiguous && WhichNumber(value, r =>
                    r.Value >= 0 && r.Value == decimal.Truncate(r.Value) && r.Value <= long.MaxValue ? JsonValue.Create((long)r.Value) : null,
                    n => _formatter.Number(n, language), yearsAside: true) is { } which)
            {
                return which;
            }
            if (outcome == NumberParser.Outcome.Unreadable && _numbers.ReadWords(value, language) is { } inWords)
            {
                // "une centaine de familles": the words stay in the original; "septante-cinq mille euros" is an amount.
                return _numbers.TryReadWords(value, language, out var amount) && amount.Currency is not null
                    ? Refuse(MessageKeys.Integer)
                    : HouseholdsAlone(value) ? Households(value)
                    : Accept(JsonValue.Create((long)inWords));
            }
            // An amount of money is no count of people ("Budget € 80.000,- pro Jahr" was 80,000 people reached).
            if (outcome != NumberParser.Outcome.Number || reading.Value != decimal.Truncate(reading.Value)
                || reading.Value > long.MaxValue || reading.Currency is not null)
            {
                return Refuse(MessageKeys.Integer);
            }
            if (reading.Value < 0)
            {
                return Refuse(MessageKeys.Negative);
            }
            if (_words.For(language).PerGroup is var perGroup && TextKey.Words(value) is var folded
                && Enumerable.Range(0, folded.Length).Any(i => perGroup.LongestAt(folded, i) > 0))
            {
                // "ca. 40 TN pro Kurs", "12 corsisti per corso", "15 formandos por turma": one group's count is not the number of
                // people reached; kept as typed and flagged for a researcher, as a yearly amount at the budget is (it was
                // stored as the people reached; lang48). "200 personas al año" stays a count: the question takes a year's.
                return Accept(null) with
                {
                    Warnings = [Message(MessageKeys.CountPerGroup, language)],
                    Flags = [new AnswerFlag(FlagReasons.CountPerGroup, ((long)reading.Value).ToString(CultureInfo.InvariantCulture))],
                };
            }
            if (!HouseholdsAlone(value) && CountPeriod(value) is { } period)
            {
                // "ca 60 kvinnor per termin", "about 40 people a month", "unas 200 personas al mes" (session 55: offered as 60
                // people reached, the term lost): the number is the count, its period kept beside it as a remark for the
                // researchers (the words typed keep both), as a planned end is beside "ongoing".
                return Accept(JsonValue.Create((long)reading.Value)) with
                {
                    Warnings = [Message(MessageKeys.AnswerCondition, language, ("condition", period))],
                    Flags = [new AnswerFlag(FlagReasons.AnswerRemark, period)],
                };
            }
            return HouseholdsAlone(value) ? Households(value) : Accept(JsonValue.Create((long)reading.Value));
        }

        // The period a count is given per ("per termin", "a month", "al mes": count_periods; "per year", "al año", "το χρόνο":
        // per_year), as typed, or null. A year's count left the year out (session 56: "120 par an" was stored as 120 bare), though
        // the question does not say over what time: the year is a remark as a month is.
        string? CountPeriod(string value)
        {
            var words = _words.For(language);
            var folded = TextKey.Words(value);
            var spans = TextKey.WordSpans(value);
            for (var i = 0; i < folded.Length && spans.Count == folded.Length; i++)
            {
                // "im Jahr 2023" names a year, no period ("rund 1.200 Geflüchtete im Jahr 2023 erreicht").
                if (Math.Max(words.CountPeriods.LongestAt(folded, i), words.PerYear.LongestAt(folded, i)) is > 0 and var length
                    && !(i + length < folded.Length && int.TryParse(folded[i + length], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                        && year is >= DateParser.MinYear and <= DateParser.MaxYear))
                {
                    return value[spans[i].Start..spans[i + length - 1].End];
                }
            }
            return null;
        }

        // "about 120 families", "300 οικογένειες", "une centaine de familles": households, no number of people. Kept as typed
        // and flagged, the people asked; once given, the families stay beside them as a remark (they were the people reached;
        // lang53).
        NormalisedAnswer Households(string typed) => Accept(null) with
        {
            Warnings = [Message(MessageKeys.CountHouseholds, language, ("text", typed.Trim()))],
            Flags = [new AnswerFlag(FlagReasons.CountHouseholds, typed.Trim())],
        };

        // One number, a household word right after it (vocabulary households: "about 120 families", "300 nuclei familiari"); a
        // number in words, a household word among them ("une centaine de familles", "ein Dutzend Familien").
        bool HouseholdsAlone(string value)
        {
            if (!value.Any(char.IsDigit))
            {
                var folded = TextKey.Words(value);
                return Enumerable.Range(0, folded.Length).Any(i => _words.For(language).Households.LongestAt(folded, i) > 0);
            }
            // Years aside ("40 Familien seit 2019", "depuis 2021, 450 familles"); an approximate ending glued to the digits is no
            // word ("ett 20-tal familjer", "40αριά οικογένειες", "une 40aine de foyers" were 20 and 40 people).
            value = NumberParser.WithoutApproximateEnding(value);
            var numbers = System.Text.RegularExpressions.Regex.Matches(Digits.ToAscii(value), @"(?<![\d.,])\d+(?:[.,'\u00a0 ]\d{3})*")
                .Where(number => !(number.Value.Length == 4 && int.Parse(number.Value, CultureInfo.InvariantCulture) is >= DateParser.MinYear and <= DateParser.MaxYear))
                .ToList();
            if (numbers.Count != 1)
            {
                return false;
            }
            // A filler between them too: "une 40aine de foyers", "20 of the families".
            var after = TextKey.Words(value[(numbers[0].Index + numbers[0].Length)..]);
            var words = _words.For(language);
            var start = 0;
            while (start < Math.Min(2, after.Length - 1) && words.Fillers.Contains(after[start]))
            {
                start++;
            }
            return after.Length > 0 && words.Households.LongestAt(after, start) > 0;
        }

        // The persons' number beside a number of households ("40 familles soit 150 personnes", "40 οικογένειες, δηλαδή 150
        // άτομα"): of two numbers, the one not followed by a household word (vocabulary households), when it is larger and no
        // year; null otherwise.
        NumberParser.Reading? PersonsBesideHouseholds(string value)
        {
            var readings = _numbers.ReadEach(value, language);
            if (readings.Count != 2 || readings.Any(r => r.Reading.Currency is not null))
            {
                return null;
            }
            var households = _words.For(language).Households;
            var at = 0;
            var counted = new bool[2];
            for (var i = 0; i < 2; i++)
            {
                var index = value.IndexOf(readings[i].Typed, at, StringComparison.Ordinal);
                if (index < 0)
                {
                    return null;
                }
                at = index + readings[i].Typed.Length;
                var after = TextKey.Words(value[at..]);
                counted[i] = after.Length > 0 && households.LongestAt(after, 0) > 0;
            }
            if (counted[0] == counted[1])
            {
                return null;
            }
            var (persons, personsTyped) = readings[counted[0] ? 1 : 0];
            var homes = readings[counted[0] ? 0 : 1].Reading;
            var year = personsTyped.Length == 4 && personsTyped.All(char.IsAsciiDigit) && persons.Value is >= DateParser.MinYear and <= DateParser.MaxYear;
            return !year && persons.Value > homes.Value && persons.Value == decimal.Truncate(persons.Value) ? persons : null;
        }

        // "environ 2 300 personnes accompagnées depuis 2019", "seit 2019 rund 1.200 Teilnehmende": a year written as years are
        // (four digits from 1900 to 2100, no separator, no currency) beside one other number says when, not how many; the other
        // is the count (2,019 was offered as a count to choose from). Two numbers besides the years stay a question.
        NumberParser.Reading? CountBesideYears(string value)
        {
            var readings = _numbers.ReadEach(value, language);
            var counts = readings.Where(r => !IsYearTyped(r.Reading, r.Typed)).ToList();
            return counts.Count == 1 && readings.Count > 1 ? counts[0].Reading : null;
        }

        // Of two counts or more (years aside), the one a total word (vocabulary totals: "in total", "insgesamt", "συνολικά")
        // stands beside, within three words and before the next number: "120 a year, over 300 in total since 2022" is 300.
        // Null when no count, or more than one, is so marked.
        NumberParser.Reading? TotalAmongCounts(string value)
        {
            var totals = _words.For(language).Totals;
            var readings = _numbers.ReadEach(value, language);
            var places = new List<(int Start, int End)>(readings.Count);
            var at = 0;
            foreach (var (_, typed) in readings)
            {
                var index = value.IndexOf(typed, at, StringComparison.Ordinal);
                if (index < 0)
                {
                    return null;
                }
                places.Add((index, index + typed.Length));
                at = index + typed.Length;
            }
            NumberParser.Reading? marked = null;
            var counts = 0;
            for (var i = 0; i < readings.Count; i++)
            {
                if (IsYearTyped(readings[i].Reading, readings[i].Typed) || readings[i].Reading.Currency is not null)
                {
                    continue;
                }
                counts++;
                // The words beside it, up to the next number or a comma, whichever comes first: "120 pro Jahr, insgesamt über 300".
                var from = i == 0 ? 0 : places[i - 1].End;
                var to = i + 1 < readings.Count ? places[i + 1].Start : value.Length;
                var beforeText = value[from..places[i].Start];
                var afterText = value[places[i].End..to];
                var before = TextKey.Words(beforeText[(beforeText.LastIndexOfAny([',', ';']) + 1)..]);
                var after = TextKey.Words(afterText.IndexOfAny([',', ';']) is >= 0 and var cut ? afterText[..cut] : afterText);
                if (Marks(before[Math.Max(0, before.Length - 3)..]) || Marks(after[..Math.Min(3, after.Length)]))
                {
                    if (marked is not null)
                    {
                        return null;
                    }
                    marked = readings[i].Reading;
                }
            }
            return counts >= 2 && marked is { } total && total.Value == decimal.Truncate(total.Value) && total.Value is >= 0 and <= long.MaxValue ? total : null;

            bool Marks(string[] words) => Enumerable.Range(0, words.Length).Any(k => totals.LongestAt(words, k) > 0);
        }

        // A year written as years are: four digits from 1900 to 2100, no separator, no currency.
        static bool IsYearTyped(NumberParser.Reading reading, string typed) => reading.Currency is null && typed.Length == 4
            && typed.All(char.IsAsciiDigit) && reading.Value is >= DateParser.MinYear and <= DateParser.MaxYear;

        // Cents at most, and no scale left from a multiplier: "1,2 Mio. €" is stored 1200000 as "120.000 €" is (was 1200000.0).
        static decimal Euros(decimal amount) => decimal.Round(amount, 2) / 1.00000000000000000000000000m;

        NormalisedAnswer Money(string value)
        {
            if (EuroBeside(value) is { } euros)
            {
                // "£80k (about €95k)", "CHF 1'200'000 (ca. 1,1 Mio. €)": the contributor gave the amount in euro too (it was
                // kept in the other currency for a researcher to convert).
                return Accept(JsonValue.Create(Euros(euros)));
            }
            if (_numbers.StatesNoMoney(value))
            {
                // "we have 3 staff and 12 volunteers" at the budget (chatplay46: offered as €3 or €12; "3 staff" was €3): a number is
                // an amount where the sentence says money or the number stands alone.
                return Refuse(MessageKeys.MoneyNotStated);
            }
            var outcome = _numbers.TryRead(value, out var reading, language);
            if (outcome == NumberParser.Outcome.Ambiguous && WhichNumber(value, r =>
                    r.Value >= 0 && r.Currency is null or "EUR" ? JsonValue.Create(Euros(r.Value)) : null,
                    n => _formatter.Euros(decimal.Round(n, 2), language)) is { } which)
            {
                return which;
            }
            if (outcome == NumberParser.Outcome.Unreadable && _numbers.TryReadWords(value, language, out var inWords))
            {
                outcome = NumberParser.Outcome.Number; // "cent mille euros": the words stay in the original
                reading = inWords;
            }
            if (outcome != NumberParser.Outcome.Number)
            {
                return Refuse(MessageKeys.Money);
            }
            if (reading.Value < 0)
            {
                return Refuse(MessageKeys.Negative);
            }
            if (reading.Currency is { } currency and not "EUR")
            {
                // Kept as written for a researcher to convert; never silently taken as euro.
                return Accept(null) with
                {
                    Warnings = [Message(MessageKeys.MoneyCurrency, language, ("currency", currency))],
                    Flags = [new AnswerFlag(FlagReasons.CurrencyNotEuro, currency)],
                };
            }
            var (years, yearly) = YearlyAmount(value);
            // "rund 45 Tsd pro Jahr" where the start and the end are known (session 51: kept as typed and flagged): the years
            // between them, said with the total offered.
            years ??= yearly ? YearsOfThePeriod(context) : null;
            if (yearly && years is { } span)
            {
                // "45 000 € par an sur 3 ans", "€45,000 a year over three years": the total budget asked for is the yearly amount
                // times the years, offered to confirm (the yearly amount was stored as the total, silently; lang47, years in
                // words since lang48).
                var perYear = Euros(reading.Value);
                var total = Euros(perYear * span);
                var shown = _formatter.Euros(total, language);
                return Accept(JsonValue.Create(total)) with
                {
                    NeedsConfirmation = true,
                    Candidates = [new AnswerCandidate(JsonValue.Create(total), shown)],
                    Confirmation = Message(MessageKeys.MoneyPerYear, language,
                        ("amount", _formatter.Euros(perYear, language)), ("years", span), ("total", shown)),
                };
            }
            if (yearly)
            {
                // "ca. 20.000 € pro Jahr", "€40k/yr", "περίπου 10.000 ευρώ το χρόνο": a yearly amount without its years is no
                // total budget. Kept as typed and flagged for a researcher (the yearly amount in the detail), as an amount in
                // another currency is; it was stored as the total (lang48, the rule agreed with the mail side).
                return Accept(null) with
                {
                    Warnings = [Message(MessageKeys.MoneyYearly, language)],
                    Flags = [new AnswerFlag(FlagReasons.AmountPerYear, Euros(reading.Value).ToString(CultureInfo.InvariantCulture))],
                };
            }
            return Accept(JsonValue.Create(Euros(reading.Value)));
        }

        // Whether an amount is given per year ("par an", "pro Jahr", "€/año", vocabulary per_year or a slash before a year
        // word; "im Jahr 2023" is a year), and the number of years (2 to 10) named beside it, in digits or in words ("sur 3
        // ans", "Laufzeit zwei Jahre", "για δύο χρόνια"); null when none, or two numbers of years, are named.
        // "20.000 € al año durante 3 años" read in another language than its own (a mail whose language was taken as another, a
        // line pasted into a chat in another language): the yearly words of every language are read, the answer's own first, each
        // language's per-year and years words together (session 49: the mail stored 20 000 € where the chat offered 60 000 €).
        (int? Years, bool Yearly) YearlyAmount(string value)
        {
            var own = YearlyAmountIn(value, language);
            if (own.Yearly)
            {
                return own;
            }
            foreach (var other in Languages.All.Where(l => !l.Equals(language, StringComparison.OrdinalIgnoreCase)))
            {
                if (YearlyAmountIn(value, other) is { Yearly: true } read)
                {
                    return read;
                }
            }
            return own;
        }

        (int? Years, bool Yearly) YearlyAmountIn(string value, string language)
        {
            var words = _words.For(language);
            var folded = TextKey.Words(value);
            int? years = null;
            var yearsAt = -1;
            var several = false;
            for (var i = 0; i + 1 < folded.Length; i++)
            {
                var n = folded[i] is { Length: 1 or 2 } digits && digits.All(char.IsAsciiDigit)
                    ? (i == 0 || !folded[i - 1].All(char.IsAsciiDigit) ? int.Parse(digits, CultureInfo.InvariantCulture) : (int?)null)
                    : words.YearNumbers.TryGetValue(folded[i], out var named) ? named : null;
                if (n is { } count && words.Years.LongestAt(folded, i + 1) > 0)
                {
                    several |= years is not null && years != count;
                    years = count;
                    yearsAt = i + 1;
                }
            }
            if (several || years is not (>= 2 and <= 10))
            {
                years = null;
            }
            for (var i = 0; i < folded.Length; i++)
            {
                var length = words.PerYear.LongestAt(folded, i);
                // "im Jahr 2023", "per l'anno scolastico 2023/24": a year within two words after says which year, not each year;
                // the start of a period of years does not ("par an de 2023 à 2025").
                if (length > 0 && (yearsAt < i || yearsAt >= i + length) && !Enumerable.Range(i + length, 2).Any(j => j < folded.Length
                        && IsYear(folded[j]) && !(j + 2 < folded.Length && NumberParser.YearSpanJoins.Contains(folded[j + 1]) && IsYear(folded[j + 2]))))
                {
                    return (years, true);
                }
            }
            foreach (Match slash in SlashWord().Matches(value))
            {
                if (words.Years.Contains(TextKey.Fold(slash.Groups[1].Value)))
                {
                    return (years, true); // "45.000 €/anno per 3 anni", "€40k/yr"
                }
            }
            return (years, false);
        }

        static bool IsYear(string word) => word is { Length: 4 } && word.All(char.IsAsciiDigit);

        // The amount in euro in a remark in brackets beside an amount in another currency, or null.
        decimal? EuroBeside(string value)
        {
            var outside = Remark().Replace(value, " ").Trim();
            if (outside.Length == 0 || outside == value
                || _numbers.TryRead(outside, out var foreign, language) != NumberParser.Outcome.Number || foreign.Currency is null or "EUR")
            {
                return null;
            }
            foreach (Match remark in Remark().Matches(value))
            {
                if (_numbers.TryRead(remark.Value[1..^1], out var beside, language) == NumberParser.Outcome.Number && beside is { Currency: "EUR", Value: > 0 })
                {
                    return beside.Value;
                }
            }
            return null;
        }

        NormalisedAnswer CountryAnswer(string value)
        {
            var country = _places.FindCountry(value, language);
            if (country is not null)
            {
                return Accept(JsonValue.Create(country.Code));
            }
            if (_places.CountriesSideBySide(value, language) is { Count: > 1 } several)
            {
                // "AUT / DEU", "Suisse / France": a practice across borders, for a question of one country. The countries are
                // offered to pick from (it was "I do not recognise this country"); the others can go in later answers.
                var candidates = several.Select(c => new AnswerCandidate(JsonValue.Create(c.Code), c.NameIn(language))).ToList();
                return NormalisedAnswer.Refuse(questionId, original,
                    Message(MessageKeys.CountryWhich, language, ("candidates", string.Join(", ", candidates.Select(c => c.Display))))) with
                {
                    NeedsConfirmation = true,
                    Candidates = candidates,
                };
            }
            if (_places.CountryBySign(value) is { } signed)
            {
                // "D", "A", "SLO": the sign a German or an Austrian writes before a postcode (the lead's Ravensburg play,
                // session 56: "I do not recognise this country"); offered to confirm, never taken outright.
                return Guess([Named(signed)], MessageKeys.Country);
            }
            if (CountryOfPlace(value) is { } placed)
            {
                // "Evora, Alentejo", "Graz", "Sicilia": the place typed at the country (a form asks the town first); its
                // country is offered to confirm (it was "I do not recognise this country"); the chat offers the place at the region.
                var candidate = new AnswerCandidate(JsonValue.Create(placed.Code), placed.NameIn(language));
                return Accept(candidate.Value.DeepClone()) with
                {
                    NeedsConfirmation = true,
                    Candidates = [candidate],
                    Confirmation = Message(MessageKeys.CountryOfPlace, language, ("place", value), ("country", candidate.Display)),
                };
            }
            var near = _places.CountryTypos(value);
            return near.Count == 0
                ? Refuse(MessageKeys.Country)
                : Guess(near.Select(Named).ToList(), MessageKeys.Country);
        }

        // A country offered to confirm, named with its code ("Deutschland (DE)").
        AnswerCandidate Named(Country country) => new(JsonValue.Create(country.Code), $"{country.NameIn(language)} ({country.Code})");

        // The one country of the regions (or of the district's city) a place names, as typed, no plain word ("Norte"); null
        // when it names none or places in several countries ("Limburg": Belgium and the Netherlands).
        Country? CountryOfPlace(string value)
        {
            if (_places.IsGenericName(value))
            {
                return null;
            }
            var regions = _places.FindRegions(value, language);
            if (regions.Count == 0)
            {
                regions = _places.FindRegionsOfDistrict(value, language);
            }
            var countries = regions.Where(r => r.Level > 0).Select(r => _geo.CountryByCode(r.Country)).Distinct().ToList();
            return countries is [{ } only] ? only : null;
        }

        // A slip of typing: one candidate is taken, to be confirmed; several are asked about.
        NormalisedAnswer Guess(IReadOnlyList<AnswerCandidate> candidates, string refusal)
        {
            if (candidates.Count == 1)
            {
                return Accept(candidates[0].Value.DeepClone()) with
                {
                    NeedsConfirmation = true,
                    Candidates = candidates,
                    Confirmation = Message(MessageKeys.DidYouMean, language, ("candidate", candidates[0].Display)),
                };
            }
            var shown = candidates.Take(5).ToList();
            return NormalisedAnswer.Refuse(questionId, original,
                Message(MessageKeys.DidYouMeanOneOf, language, ("candidates", string.Join(", ", shown.Select(c => c.Display))))) with
            {
                NeedsConfirmation = true,
                Candidates = shown,
            };
        }

        NormalisedAnswer RegionAnswer(string value)
        {
            var candidates = _places.FindRegions(value, language);
            var country = context?.Country is { } code ? _geo.CountryByCode(code)?.Code ?? code.ToUpperInvariant() : null;
            if (candidates.Count == 0 || (country is not null && !candidates.Any(r => SameCountry(r.Country, country))))
            {
                // "le 93": a French département by its number (were kept as unknown); "prov. MI": an Italian province's sigla,
                // offered to confirm, also where the letters are another country's code ("AT" Asti, "BG" Bergamo in Italy).
                var (numbered, byLetters) = _places.FindNumberedArea(value, country);
                if (byLetters && numbered.Count > 0)
                {
                    return Guess(numbered.Select(r => new AnswerCandidate(JsonValue.Create(r.Code), $"{r.Name} ({r.Code})")).ToList(), MessageKeys.RegionUnknown);
                }
                candidates = numbered.Count > 0 ? numbered : candidates;
            }
            if (candidates.Count == 0)
            {
                // "bundesweit", "nationwide", "todo o país": the practice's country as a whole, its NUTS level 0 ("DE").
                if (_places.IsNationwide(value) && _geo.NationOf(country) is { } nation)
                {
                    return Accept(JsonValue.Create(nation.Code));
                }
                var near = _places.RegionTypos(value, r => country is null || SameCountry(r.Country, country));
                if (near.Count > 0)
                {
                    // A country (level 0) by its name in the language: "Did you mean Greece (EL)?", not "Ελλάδα (EL)".
                    return Guess(near.Select(r => new AnswerCandidate(JsonValue.Create(r.Code), $"{(r.Level == 0 ? CountryName(r.Country, language) : r.Name)} ({r.Code})")).ToList(), MessageKeys.RegionUnknown);
                }
                // "Berlin-Neukölln", "Lyon 8e": a district lies in its city's region.
                candidates = _places.FindRegionsOfDistrict(value, language);
                if (candidates.Count == 0 && _places.RegionTyposAtTheEnd(value, r => country is null || SameCountry(r.Country, country)) is { Count: > 0 } atTheEnd)
                {
                    // "seit 2019 in ganz niedersachen": a slip in the region's name closing a sentence, a guess to confirm.
                    return Guess(atTheEnd.Select(r => new AnswerCandidate(JsonValue.Create(r.Code), $"{(r.Level == 0 ? CountryName(r.Country, language) : r.Name)} ({r.Code})")).ToList(), MessageKeys.RegionUnknown);
                }
            }
            var inCountry = country is null ? candidates : candidates.Where(r => SameCountry(r.Country, country)).ToList();
            if (inCountry.Count > 0 && (country is not null || inCountry.Select(r => r.Country).Distinct().Count() == 1))
            {
                // "all of ireland": NUTS names Ireland's one level-1 region "Ireland" (IE0), as it names the country; the
                // country's name is the whole country (IE), as "all of Italy" is IT (lang44).
                var chosen = inCountry[0];
                if (chosen.Level == 1 && inCountry.FirstOrDefault(r => r.Level == 0 && r.Country == chosen.Country) is { } nation)
                {
                    chosen = nation;
                }
                return Accept(JsonValue.Create(chosen.Code));
            }
            // "Norte" in Spain is no region of Portugal's to ask about: a plain word, kept and flagged below.
            if (country is not null && candidates.Count > 0 && !_places.IsGenericName(value))
            {
                var region = candidates[0];
                return Refuse(MessageKeys.RegionCountry,
                    ("region", value), ("region_country", CountryName(region.Country, language)), ("country", CountryName(country, language)));
            }
            if (candidates.Count == 0 && _geo.OnlyRegionOf(country) is { } only)
            {
                // "Ħal Far open centre" in Malta: a place the catalogue does not know, in a country of one NUTS 2 region (MT00,
                // CY00, LU00), lies in that region (session 49: it was kept as unknown); the words stay in the original.
                return Accept(JsonValue.Create(only.Code));
            }
            // "Scotland", "Greater Manchester" in the United Kingdom: a country with no NUTS regions (no longer in NUTS 2021, or
            // never) has no code to find; the reply says so, not that the region was not recognised (session 58's Irish/UK play).
            var noNuts = country is not null && _geo.NationOf(country) is null && _geo.CountryByCode(country) is not null;
            return Accept(null) with
            {
                Warnings = [noNuts ? Message(MessageKeys.RegionNoNuts, language, ("country", CountryName(country!, language))) : Message(MessageKeys.RegionUnknown, language)],
                Flags = [new AnswerFlag(FlagReasons.RegionUnknown, value)],
            };
        }

        // "fondi provinciali", "bilancio provinciale": a province's money. In the autonomous provinces (Bolzano ITH1, Trento ITH2)
        // the province is the NUTS 2 region, so its budget is the regional budget; elsewhere a province is a local body (session
        // 40: it was kept under Other). Each such phrase is read as that option's code; null when there is none.
        string? WithProvincialFundsNamed(string value)
        {
            var phrases = _words.For(language).ProvincialFunds;
            var folded = TextKey.Words(value);
            var spans = TextKey.WordSpans(value);
            if (folded.Length != spans.Count || folded.Length == 0)
            {
                return null;
            }
            var code = context?.Region is { } region && ProvinceRegions.Contains(region) ? "regional_budget" : "local_budget";
            var text = new StringBuilder();
            var copied = 0;
            for (var i = 0; i < folded.Length; i++)
            {
                var length = phrases.LongestAt(folded, i);
                if (length > 0)
                {
                    text.Append(value, copied, spans[i].Start.Value - copied).Append(code);
                    copied = spans[i + length - 1].End.Value;
                    i += length - 1;
                }
            }
            return copied == 0 ? null : text.Append(value, copied, value.Length - copied).ToString();
        }

        // "Eigenmittel der Stadt", "kommunens egna medel", "fonds propres": an organisation's own money is the budget of the
        // owner named in the same item (the city's: local), else the lead organisation's (a region's: regional; an NGO's:
        // private); each such item is read as that option's code (the answer's words are kept as typed). Null: none, or
        // nobody's money known (as before: the options' own words decide).
        string? WithOwnFundsNamed(string value, out bool guessed)
        {
            guessed = false;
            var words = _words.For(language);
            var folded = TextKey.Words(value);
            var spans = TextKey.WordSpans(value);
            if (folded.Length != spans.Count || folded.Length == 0)
            {
                return null;
            }
            var text = new StringBuilder();
            var copied = 0;
            for (var i = 0; i < folded.Length;)
            {
                var length = words.OwnFunds.LongestAt(folded, i);
                if (length == 0)
                {
                    i++;
                    continue;
                }
                // The item the words stand in: between separators (",", "/", "+", "and") around them.
                var first = i;
                while (first > 0 && spans[first - 1].End.Value >= copied && !ItemBreak(spans[first - 1].End.Value, spans[first].Start.Value)
                    && words.And.LongestAt(folded, first - 1) == 0)
                {
                    first--;
                }
                var last = i + length;
                while (last < folded.Length && !ItemBreak(spans[last - 1].End.Value, spans[last].Start.Value) && words.And.LongestAt(folded, last) == 0)
                {
                    last++;
                }
                var itemStart = spans[first].Start.Value;
                var itemEnd = spans[last - 1].End.Value;
                var owner = value[itemStart..spans[i].Start.Value] + " " + value[spans[i + length - 1].End.Value..itemEnd];
                var code = OwnerBudget(owner) ?? LeadBudget();
                if (code is null && context?.LeadOrganisationType is null)
                {
                    // Nobody's money known (no lead organisation yet): most likely the region's, whose officials answer, but
                    // only a guess to confirm; every language read it its own way ("own funds" regional, "fonds propres" Other).
                    code = "regional_budget";
                    guessed = true;
                }
                if (code is not null)
                {
                    text.Append(value, copied, itemStart - copied).Append(code);
                    copied = itemEnd;
                }
                i = last;
            }
            return copied == 0 ? null : text.Append(value, copied, value.Length - copied).ToString();

            bool ItemBreak(int from, int to) => value.AsSpan(from, to - from).IndexOfAny(",;\n/&+") >= 0;

            // The owner named by a public level ("der Stadt": local), else by its kind of organisation as the lead organisation's
            // type reads it ("de l'asso", "des Vereins", "της ΑΜΚΕ": an NGO's own money is private; it was the region's, to confirm).
            string? OwnerBudget(string owner) => owner.Any(char.IsLetter)
                ? _choices[questionId].Match(owner, language).Codes.FirstOrDefault(code => code is "regional_budget" or "local_budget" or "national_budget")
                    ?? (_choices.TryGetValue(OrganisationKindQuestion, out var kinds) && kinds.Match(owner, language) is { Codes.Count: 1, Unrecognised.Count: 0 } kind
                        ? BudgetOf(kind.Codes[0]) : null)
                : null;

            string? LeadBudget() => BudgetOf(context?.LeadOrganisationType);

            static string? BudgetOf(string? kind) => kind switch
            {
                "regional_authority" => "regional_budget",
                "local_authority" => "local_budget",
                "national_authority" => "national_budget",
                "ngo" or "migrant_organisation" or "private_sector" => "private",
                _ => null,
            };
        }

        // The national option read and its regional twin, when the national one was named only by a word the locale lists as
        // the region's own once a region is named beside it ("ministry", "ministère", "ministerio"), and a region is named.
        (string National, string Regional)? RegionalTwin(IReadOnlyList<string> codes, string value)
        {
            if (!question.RegionalWhenNamed.TryGetValue(language, out var names) || names.Length == 0
                || codes.FirstOrDefault(code => code.StartsWith("national_", StringComparison.Ordinal)) is not { } national)
            {
                return null;
            }
            var regional = "regional_" + national["national_".Length..];
            var stems = names.SelectMany(TextKey.Words).Select(word => WordStemmer.Stem(word, language)).ToHashSet(StringComparer.Ordinal);
            var words = TextKey.Words(value);
            var rest = words.Where(word => !stems.Contains(WordStemmer.Stem(word, language))).ToList();
            if (rest.Count == words.Length || !question.ChoiceList.Any(choice => choice.Code == regional)
                || !_places.NamesARegionWithin(value, language)
                || _choices[questionId].Match(string.Join(' ', rest), language).Codes.Contains(national))
            {
                return null;
            }
            return (national, regional);
        }

        // "lavoro in Italia", "emploi en France", "emploi en Bretagne", "migrants in Skåne": where the practice works, not a
        // choice ("Italia" was read as the Italian language) nor words left under Other. Null when no country or region
        // (NUTS level 1 or 2, by its whole name) is named after "in", "en", "em".
        string? WithoutPlaceNamed(string value)
        {
            if (!_placeIn.TryGetValue(language, out var prepositions))
            {
                return null;
            }
            var words = PlaceInWord().Matches(value);
            for (var i = 0; i + 1 < words.Count; i++)
            {
                if (!prepositions.Contains(TextKey.Fold(words[i].Value)))
                {
                    continue;
                }
                for (var length = Math.Min(3, words.Count - i - 1); length >= 1; length--)
                {
                    var last = words[i + length];
                    var name = value[words[i + 1].Index..(last.Index + last.Length)];
                    // A place's name goes on past no list separator: "en parte FSE, el ayuntamiento" named no Greece ("FSE, el"
                    // read as a country with its code after a comma), and the ESF was dropped, silently (lang46's miss).
                    if (name.AsSpan().IndexOfAny(",;()/") >= 0)
                    {
                        continue;
                    }
                    if ((_places.FindCountry(name, language) is not null && TextKey.Words(name).Length == length)
                        || _places.NamesARegion(name, language))
                    {
                        var rest = (value[..words[i].Index] + value[(last.Index + last.Length)..]).Trim();
                        return rest.Any(char.IsLetterOrDigit) ? rest : null;
                    }
                }
            }
            return null;
        }

        NormalisedAnswer ChoiceAnswer(string value)
        {
            value = NumberedList.WithoutNumbers(value);
            if (questionId == RoleQuestion && WithoutOurClauses(value, language, context) is { } regions)
            {
                // "la comunidad financia, nosotros lo gestionamos" (session 56: read whole, the region funding and leading): the
                // clause of "we" speaks of the contributor's organisation, the region's role is in the others.
                value = regions;
            }
            if (questionId == RoleQuestion && SpeaksOfItselfNotTheRegion(value, language, context))
            {
                // "lideramos nós", "wir leiten das" from a city's official (session 53: stored as the region leading): about them.
                return Refuse(MessageKeys.RoleOfTheRegion);
            }
            if (questionId == OrganisationKindQuestion && KindWeSay(value, language, context) is { } ourKind)
            {
                // "nous sommes une association"; "wir machen das gemeinsam mit der Caritas" from "Stadt Graz" (session 53: NGO or
                // local authority was asked, from the partners' names).
                return Accept(JsonValue.Create(ourKind));
            }
            var ownFundsGuessed = false;
            if (questionId == FundingSources && WithOwnFundsNamed(value, out ownFundsGuessed) is { } owned)
            {
                value = owned;
            }
            if (questionId == FundingSources && WithProvincialFundsNamed(value) is { } provincial)
            {
                value = provincial;
            }
            if (question.Type == QuestionType.Multi && WithoutPlaceNamed(value) is { } here)
            {
                value = here;
            }
            var options = OptionList(question, language);
            var single = question.Type == QuestionType.Choice;
            JsonNode Codes(IEnumerable<string> list) =>
                single ? JsonValue.Create(list.First())! : new JsonArray(list.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
            // An answer offered to pick from: the codes as they would be stored, shown by their labels.
            AnswerCandidate Offer(IEnumerable<string> list)
            {
                var value = Codes(list.Distinct());
                return new AnswerCandidate(value, ChoiceLabels(question, value, language));
            }
            if (question.Type == QuestionType.Multi && AllOptionsBut(value) is { } leftOut)
            {
                // "all of the above", "alle Bereiche", "όλα", "tutti", "all areas except housing": every option but "Other",
                // "None" and those left out, offered to be confirmed (it was kept under Other in the contributor's words, asked
                // again, or "except housing" read as housing).
                var every = Accept(Codes(question.ChoiceList.Select(c => c.Code).Where(code => code is not ("other" or NoneCode) && !leftOut.Contains(code))));
                var labels = ChoiceLabels(question, every.Value!, language);
                return every with
                {
                    NeedsConfirmation = true,
                    Candidates = [new AnswerCandidate(every.Value!.DeepClone(), labels)],
                    Confirmation = Message(MessageKeys.DidYouMean, language, ("candidate", labels)),
                };
            }
            var match = _choices[questionId].Match(value, language);
            var codes = match.Codes;
            var unrecognised = match.Unrecognised;
            if (question.HasOther && !single && OriginsAlone(question, match.Restating, value, language) is { Count: > 0 } groups)
            {
                // "IPAs and Ukrainians", "Frauen und Ukrainer", "asylsökande o ukrainare" (lang58): people named only by where
                // they come from, beside groups named without an origin, are a group of their own, kept under Other to confirm as
                // any group not known (they were a detail of the group before them, dropped unseen).
                unrecognised = [.. unrecognised, .. groups];
            }
            if (single && codes.Count > 1)
            {
                // "kommunalt bolag", "κοινωφελής επιχείρηση του δήμου": the words fit two options; they are offered to pick
                // from (buttons in the chat), never one taken silently.
                var offered = codes.Select(code => Offer([code])).ToList();
                return NormalisedAnswer.Refuse(questionId, original,
                    Message(MessageKeys.ChoiceWhich, language, ("candidates", string.Join(", ", offered.Select(c => c.Display))))) with
                {
                    NeedsConfirmation = true,
                    Candidates = offered,
                };
            }
            if (match.Shared.FirstOrDefault(name => !name.Codes.Any(codes.Contains)) is { } levels
                && levels.Codes.FirstOrDefault(code => code.StartsWith("regional_", StringComparison.Ordinal)) is { } regional
                && levels.Codes.Any(code => code.StartsWith("national_", StringComparison.Ordinal))
                && _places.NamesARegionWithin(value, language))
            {
                // "Sozialministerium Baden-Württemberg": a ministry named with its region is the region's (a German Land's),
                // where "Sozialministerium" alone may be the state's (Austria's federal one).
                codes = [.. codes.Where(code => code != "other"), regional];
                unrecognised = [.. unrecognised.Where(words => !_places.NamesARegionWithin(words, language))];
            }
            if (RegionalTwin(codes, value) is { } twin)
            {
                // "Ministry of Social Affairs of Baden-Württemberg": a ministry named with its region is the region's, where
                // "Ministry of Migration and Asylum" is the state's; the region's name is a detail of it, not another option.
                codes = [.. codes.Select(code => code == twin.National ? twin.Regional : code).Distinct()];
                unrecognised = [.. unrecognised.Where(words => !_places.NamesARegionWithin(words, language))];
                if (unrecognised.Count == 0)
                {
                    codes = [.. codes.Where(code => code != "other")];
                }
            }
            if (single && match.Shared.FirstOrDefault(name => name.Codes.Contains("other") && !name.Codes.Any(codes.Contains)) is { } level
                && codes.All(code => code == "other"))
            {
                // "öffentliche Verwaltung", "pubblica amministrazione", "ASL": a public body of no level said. Kept under Other in
                // the contributor's words, as any name not known, and the levels offered to pick in a word ("regional"), which
                // replaces the Other (it was asked to confirm Other among every option, and en "local" was no option).
                return Accept(Codes(["other"])) with
                {
                    OtherText = value,
                    Warnings = [OtherWarning(question, value, language)],
                    Flags = [new AnswerFlag(FlagReasons.ChoiceUnrecognised, value)],
                };
            }
            if (match.Shared.FirstOrDefault(name => !name.Codes.Any(codes.Contains)) is { } shared)
            {
                // "ΕΣΠΑ", "fondi strutturali": a name for several options (ESF+ or ERDF) is never taken as one of them; the
                // contributor picks (with the options named beside it; "both" too where several may be chosen).
                var kept = single ? [] : codes.Where(code => code != "other").ToList();
                List<AnswerCandidate> offered = [.. shared.Codes.Select(code => Offer([.. kept, code]))];
                if (!single)
                {
                    offered.Add(Offer([.. kept, .. shared.Codes]));
                }
                return NormalisedAnswer.Refuse(questionId, original, Message(MessageKeys.ChoiceShared, language,
                    ("name", shared.Name), ("candidates", string.Join(", ", shared.Codes.Select(code => ChoiceLabels(question, JsonValue.Create(code)!, language)))))) with
                {
                    NeedsConfirmation = true,
                    Candidates = offered,
                };
            }
            if (!single && codes.Count > 1 && codes.Contains(NoneCode))
            {
                // "No role" and a role at once ("la Regione non finanzia il progetto" reads both): ask, never store a contradiction.
                return Refuse(MessageKeys.ChoiceNoneAlone, ("none", ChoiceLabels(question, JsonValue.Create(NoneCode)!, language)));
            }
            NormalisedAnswer Checked(NormalisedAnswer answer) => match.Guessed.Count == 0 && !ownFundsGuessed ? answer : answer with
            {
                NeedsConfirmation = true,
                Candidates = [new AnswerCandidate(answer.Value!.DeepClone(), ChoiceLabels(question, answer.Value!, language))],
                Confirmation = Message(MessageKeys.DidYouMean, language, ("candidate", ChoiceLabels(question, answer.Value!, language))),
            };
            // The options named, offered to confirm ("Did you mean …?"): where words beside them were left unread.
            NormalisedAnswer NamedToConfirm()
            {
                var named = Accept(Codes(codes));
                var labels = ChoiceLabels(question, named.Value!, language);
                return named with
                {
                    NeedsConfirmation = true,
                    Candidates = [new AnswerCandidate(named.Value!.DeepClone(), labels)],
                    Confirmation = Message(MessageKeys.DidYouMean, language, ("candidate", labels)),
                };
            }
            if (unrecognised.Count == 0 && codes.Count > 0 && !single && match.Restating.Count > 0 && !question.HasOther)
            {
                // "la Région finance et s'occupe", "fördert und übernimmt": a taking-on verb left alone beside a role names
                // none; with no Other to keep it under, the roles named are offered to confirm, never the verb dropped unseen
                // (the words stay in the original).
                return NamedToConfirm();
            }
            if (unrecognised.Count == 0 && codes.Count > 0)
            {
                return Checked(Accept(Codes(codes)));
            }
            if (codes.Count == 0 && TextKey.Words(value).Length <= 2 && _yesNo.Read(value, language) == YesNoVerdict.Yes)
            {
                // "sí", "sim", "ja tack" alone where options are asked: a yes to something else (a hurried contributor
                // confirming what was never asked), no option; the options again (it was kept under Other as "sí").
                return Refuse(single ? MessageKeys.Choice : MessageKeys.ChoiceSeveral, ("options", options));
            }
            var other = string.Join(", ", unrecognised);
            if (!question.HasOther && codes.Count > 0 && match.UnreadParts.Count >= 2 && match.UnreadParts.Count > match.NamingParts)
            {
                // "acogida, vivienda, empleo y un poco de apoyo psicologico", "IPAS centre managers, Cork ETB, the county council,
                // Nasc and the HSE" at the regional authority's role (session 45): most of the list names nothing the options
                // know, one word of one part did ("apoyo", "managers"). Offering that one option ("Did you mean Indirect:
                // support?") guessed from a word in passing; the unread words are said back with the options (and, refused,
                // offered where they read: a list of organisations at the partners).
                return Refuse(MessageKeys.ChoiceMostlyUnread, ("text", string.Join(", ", match.UnreadParts)), ("options", options));
            }
            if (single && codes.Count == 1)
            {
                // "il Comune di Bari": the choice is clear; the name that came with it is kept beside it.
                return Checked(Accept(Codes(codes)) with { OtherText = other });
            }
            if (!question.HasOther && !single && codes.Count > 0
                && unrecognised.All(words => _places.NamesARegionWithin(words, language)))
            {
                // "Land NRW fördert", "Region Skåne finansierar": the region named is the one asked about, the subject of the
                // role, not words the options left unread (it was asked back to confirm).
                return Checked(Accept(Codes(codes)));
            }
            if (!question.HasOther && !single && codes.Count > 0)
            {
                // "Förderung und Beratung übers Kompetenzzentrum": the options named are taken, to be confirmed, since the words around
                // them named nothing the options know and there is no "other" to keep them under (the words are kept as written).
                return NamedToConfirm();
            }
            if (!question.HasOther || unrecognised.Count == 0)
            {
                return Refuse(single ? MessageKeys.Choice : MessageKeys.ChoiceSeveral, ("options", options));
            }
            var withOther = codes.Contains("other") ? codes : [.. codes, "other"];
            return Checked(Accept(Codes(single ? ["other"] : withOther)) with
            {
                OtherText = other,
                Warnings = [Message(MessageKeys.ChoiceOther, language, ("text", other), ("options", options))],
                Flags = [new AnswerFlag(FlagReasons.ChoiceUnrecognised, other)],
            });
        }

        // The options an answer of "all" leaves out: none for "all of the above", those named after "except"; null when the
        // answer is no "all" or what follows "except" names anything but options.
        IReadOnlyList<string>? AllOptionsBut(string value)
        {
            var local = _words.For(language);
            var words = TextKey.Words(value);
            var all = local.AllOptions.LongestAt(words, 0);
            if (all == 0)
            {
                return null;
            }
            if (all == words.Length)
            {
                return [];
            }
            var except = local.AllExcept.LongestAt(words, all);
            var spans = TextKey.WordSpans(value);
            if (except == 0 || all + except >= words.Length || spans.Count != words.Length)
            {
                return null;
            }
            var rest = _choices[questionId].Match(value[spans[all + except].Start..], language);
            return rest.Codes.Count > 0 && rest.Unrecognised.Count == 0 && rest.Guessed.Count == 0 && !rest.Codes.Contains("other")
                ? rest.Codes : null;
        }

        NormalisedAnswer YesNo(string value)
        {
            // Never a guess: "maybe", "yes and no" or an unknown word is asked again, so consent is never assumed.
            var verdict = _yesNo.Read(value, language, out var condition);
            if (verdict == YesNoVerdict.Unsure)
            {
                // "not yet", "weiß ich noch nicht", "πρέπει να ρωτήσω": undecided, told that nothing is published without a yes
                // and that the answer may wait; anything else unreadable is asked for as yes or no.
                return Refuse(_words.For(language).Unsure.OccursIn(TextKey.Words(value)) ? MessageKeys.YesNoUndecided : MessageKeys.YesNo);
            }
            var answer = Accept(JsonValue.Create(verdict == YesNoVerdict.Yes));
            // "yes, but not my phone number": the reservation is said back and flagged, for a researcher to honour.
            return condition is null ? answer : answer with
            {
                Warnings = [Message(MessageKeys.AnswerCondition, language, ("condition", condition))],
                Flags = [new AnswerFlag(FlagReasons.AnswerWithCondition, condition)],
            };
        }

        NormalisedAnswer CrossCheck(NormalisedAnswer answer)
        {
            var error = CrossFieldError(questionId, answer.Value, context ?? NormalisationContext.Empty, language);
            return error is null ? answer : answer with { Error = error, Value = null, Warnings = [], Flags = [] };
        }
    }

    /// <summary>
    /// What the contributor is told of words kept under Other at <paramref name="question"/>: which levels a public body of
    /// no level said may be ("pubblica amministrazione": regional, local or national), or every option to pick from.
    /// </summary>
    public string OtherWarning(Question question, string kept, string language)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (question.Type == QuestionType.Choice && _choices.TryGetValue(question.Id, out var matcher)
            && matcher.Match(kept, language) is { Codes.Count: 0 } match
            && match.Shared.FirstOrDefault(name => name.Codes.Contains("other")) is { } level)
        {
            return Message(MessageKeys.ChoiceOtherLevel, language, ("text", kept),
                ("levels", string.Join(", ", level.Codes.Where(code => code != "other").Select(code => ChoiceLabels(question, JsonValue.Create(code)!, language)))));
        }
        return Message(MessageKeys.ChoiceOther, language, ("text", kept), ("options", OptionList(question, language)));
    }

    /// <summary>The choice that excludes every other one of its question ("No role").</summary>
    public const string NoneCode = "none";
    private const string FundingSources = "funding_sources";

    /// <summary>
    /// The NUTS 2 regions whose province is the government between the State and the municipalities (the autonomous provinces
    /// of Bolzano and Trento; the twelve Dutch provinces, session 41): a province's money there is the region's. Belgium's
    /// provinces are NUTS 2 regions too, but a tier below the Regions and Communities (which hold integration policy): local,
    /// as Spain's and Italy's other provinces.
    /// </summary>
    private static readonly HashSet<string> ProvinceRegions =
        new(["ITH1", "ITH2", "NL11", "NL12", "NL13", "NL21", "NL22", "NL23", "NL32", "NL34", "NL35", "NL36", "NL41", "NL42"], StringComparer.Ordinal);

    /// <summary>The value written to mean "ongoing" in a date_or_ongoing answer.</summary>
    public const string Ongoing = "ongoing";

    /// <summary>The rules between answers: the region lies in the country, the end is not before the start.</summary>
    public string? CrossFieldError(string questionId, JsonNode? value, NormalisationContext context, string language)
    {
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        switch (questionId)
        {
            case "country" when text is not null && _geo.RegionByCode(context.Region) is { } region && !SameCountry(region.Country, text):
                return Message(MessageKeys.RegionCountry, language,
                    ("region", region.Name), ("region_country", CountryName(region.Country, language)), ("country", CountryName(text, language)));
            case "region" when text is not null && context.Country is { } country && _geo.RegionByCode(text) is { } r && !SameCountry(r.Country, country):
                return Message(MessageKeys.RegionCountry, language,
                    ("region", r.Name), ("region_country", CountryName(r.Country, language)), ("country", CountryName(country, language)));
            case "end_date" when text is not null && text != Ongoing && IsBefore(text, context.StartDate):
                return Message(MessageKeys.EndBeforeStart, language, ("end", _formatter.Date(text, language)), ("start", _formatter.Date(context.StartDate!, language)));
            case "start_date" when text is not null && context.EndDate is { } end && end != Ongoing && IsBefore(end, text):
                return Message(MessageKeys.EndBeforeStart, language, ("end", _formatter.Date(end, language)), ("start", _formatter.Date(text, language)));
            default:
                return null;
        }
    }

    private static string ChoiceLabels(Question question, JsonNode value, string language)
    {
        string Label(string? code) => question.ChoiceList.FirstOrDefault(c => c.Code == code)?.Label.In(language) ?? code ?? "";
        return value is JsonArray array ? string.Join(", ", array.Select(n => Label(n?.GetValue<string>()))) : Label(value.GetValue<string>());
    }

    /// <summary>"1. Regional authority, 2. Local authority, ..." in the language, as the options are shown.</summary>
    public static string OptionList(Question question, string language) =>
        string.Join(", ", question.ChoiceList.Select((c, i) => $"{i + 1}. {c.Label.In(language)}"));

    public string Message(string key, string language, params (string, object?)[] args) => _texts.Get(key, language, args);

    private string CountryName(string code, string language) => _geo.CountryByCode(code)?.NameIn(language) ?? code;

    // NUTS writes Greece EL, ISO writes GR.
    private bool SameCountry(string nutsCountry, string isoCountry) =>
        string.Equals(_geo.CountryByCode(nutsCountry)?.Code ?? nutsCountry, _geo.CountryByCode(isoCountry)?.Code ?? isoCountry, StringComparison.OrdinalIgnoreCase);

    private static bool IsBefore(string end, string? start) =>
        start is not null && PartialDate.TryParseIso(end, out var e) && PartialDate.TryParseIso(start, out var s) && e.CompareTo(s) < 0;

    private static bool IsPlausibleAddress(string address)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.Any(char.IsWhiteSpace))
        {
            return false;
        }
        var domain = address[(at + 1)..];
        return domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..", StringComparison.Ordinal);
    }

    /// <summary>
    /// NFC, no control or invisible characters, single spaces; new lines kept (at most one blank line) only in long texts.
    /// </summary>
    public static string Clean(string text, bool keepLines)
    {
        // Text below U+0300 (ASCII, Latin-1, Latin Extended) is in NFC already, alone or in any sequence: ICU's
        // normalisation, most of cleaning an answer, is asked only when a character might change.
        var composed = text.AsSpan().ContainsAnyInRange('\u0300', '\uffff') ? text.Normalize(NormalizationForm.FormC) : text;
        var normalised = composed.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var builder = new StringBuilder(normalised.Length);
        foreach (var c in normalised)
        {
            if (c == '\n')
            {
                builder.Append(keepLines ? '\n' : ' ');
            }
            else if (char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                builder.Append(c == '\t' ? ' ' : '\0');
            }
            else
            {
                builder.Append(c);
            }
        }
        var withoutControls = builder.Replace("\0", "").ToString();
        var lines = withoutControls.Split('\n').Select(line => CollapseWhitespace(line).Trim());
        var joined = string.Join('\n', lines);
        return BlankLines().Replace(joined, "\n\n").Trim();
    }

    /// <summary>
    /// The contributor's words as they may be stored and shown: without the control characters no one types (NUL, which
    /// PostgreSQL refuses in text and a mail of 2026 carried; ESC, which a terminal takes for a command), and with a lone
    /// half of a surrogate pair (which no encoding can write) made U+FFFD. Tabs and line breaks stay, and so do the
    /// invisible format characters, which the review screens reveal.
    /// </summary>
    internal static string Storable(string text)
    {
        var at = IndexOfUnstorable(text);
        if (at < 0)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, at);
        for (var i = at; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append('\uFFFD');
            }
            else if (!IsUnstorableControl(c))
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static int IndexOfUnstorable(string text)
    {
        for (var i = text.AsSpan().IndexOfAny(MaybeUnstorable); i >= 0 && i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c) || IsUnstorableControl(c))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Controls and surrogates: most answers have none, and are given back as they are after one vectorised scan.</summary>
    private static readonly System.Buffers.SearchValues<char> MaybeUnstorable = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(i => (char)i).Where(c => c is not ('\t' or '\n' or '\r')), .. Enumerable.Range(0x7F, 0x21).Select(i => (char)i), .. Enumerable.Range(0xD800, 0x800).Select(i => (char)i)]);

    private static bool IsUnstorableControl(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..1000];

    /// <summary>
    /// Every run of the characters of <see cref="WhitespaceRun"/> made one space, as <c>WhitespaceRun().Replace(line, " ")</c>
    /// makes it; a line with no such run but single spaces (most) is given back as it is, without the regular
    /// expression's replacement of every space by a space (a fifth of normalising a mail's answers).
    /// </summary>
    internal static string CollapseWhitespace(string line)
    {
        var run = false;
        var changes = false;
        foreach (var c in line)
        {
            var space = IsRunSpace(c);
            if (space && (run || c != ' '))
            {
                changes = true;
                break;
            }
            run = space;
        }
        if (!changes)
        {
            return line;
        }
        var builder = new StringBuilder(line.Length);
        run = false;
        foreach (var c in line)
        {
            if (IsRunSpace(c))
            {
                if (!run)
                {
                    builder.Append(' ');
                }
                run = true;
            }
            else
            {
                builder.Append(c);
                run = false;
            }
        }
        return builder.ToString();
    }

    // The class of WhitespaceRun: [ \t\u00a0\u2000-\u200a\u202f\u205f\u3000].
    private static bool IsRunSpace(char c) =>
        c is ' ' or '\t' or '\u00a0' or '\u202f' or '\u205f' or '\u3000' or (>= '\u2000' and <= '\u200a');

    /// <summary>
    /// A person's name typed all in lower case ("anna lindqvist", "jean-pierre dupont", "maria dos santos", "sean o'brien")
    /// with the capitals a name is written with: each word's first letter, after a hyphen or an apostrophe too, the language's
    /// <c>name_particles</c> ("dos", "van", "d'") left lower case past the name's first word (session 55: stored in lower case).
    /// A name with any capital ("ANNA de Vries", "Jan van der Berg"), a digit or an address is kept as typed.
    /// </summary>
    internal static string PersonNameCased(string name, LanguageWords words)
    {
        if (!name.Any(char.IsLetter) || name.Any(char.IsUpper) || name.Any(char.IsDigit) || name.Contains('@'))
        {
            return name;
        }
        var cased = new StringBuilder(name);
        var firstWord = true;
        for (var i = 0; i < cased.Length;)
        {
            if (!char.IsLetter(cased[i]))
            {
                firstWord &= !char.IsWhiteSpace(cased[i]) || i == 0;
                i++;
                continue;
            }
            var end = i;
            while (end < cased.Length && (char.IsLetter(cased[end]) || char.GetUnicodeCategory(cased[end]) == UnicodeCategory.NonSpacingMark))
            {
                end++;
            }
            if (firstWord || !words.NameParticles.Contains(TextKey.Fold(cased.ToString(i, end - i))))
            {
                cased[i] = char.ToUpperInvariant(cased[i]);
            }
            i = end;
        }
        return cased.ToString();
    }

    /// <summary>
    /// A person's name typed with a role or a title beside it: "Ana Ruiz (investigadora)", "Ana Ruiz, investigadora",
    /// "Hélène Dubois - cheffe de service", "Dr. Petra Schulz", "Prof. Dr. Stefan Braun", "Dott.ssa Anna Verdi, responsabile
    /// progetti": the name alone, and the remarks (in the order written, joined by a comma). Null when there is none.
    /// "Evans, Tom" and "Ruiz García, Ana María" are names written surname first (after the comma, capitalised name
    /// words only); a title alone is no name and is kept whole.
    /// </summary>
    internal static (string Name, string Remark)? PersonWithRemark(string value, LanguageWords words)
    {
        var remarks = new List<string>();
        var name = value.Trim();
        if (NameRemark().Match(name) is { Success: true } bracketed)
        {
            name = bracketed.Groups["name"].Value.Trim();
            remarks.Add(bracketed.Groups["remark"].Value.Trim());
        }
        var tokens = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var titles = 0;
        while (titles < tokens.Length - 1 && words.PersonTitles.Contains(LanguageWords.TitleKey(tokens[titles].TrimEnd(','))))
        {
            titles++;
        }
        if (titles > 0)
        {
            remarks.Insert(0, string.Join(' ', tokens[..titles]).TrimEnd(','));
            name = string.Join(' ', tokens[titles..]);
        }
        if (RoleAfterName().Match(name) is { Success: true } role && role.Groups["name"].Value.Trim() is var before
            && before.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 2
            && IsRole(role.Groups["role"].Value.Trim(), before, byDash: !name[role.Groups["name"].Length..role.Groups["role"].Index].Contains(',')))
        {
            name = before;
            remarks.Insert(titles > 0 ? 1 : 0, role.Groups["role"].Value.Trim());
        }
        return remarks.Count == 0 || !name.Any(char.IsLetter) ? null : (name, string.Join(", ", remarks));

        // "investigadora", "jefa de servicio", "Referent für Integration", "Dra.": a role or a title, not a given name ("Tom",
        // "Ana María", "María de la Cruz": capitalised but for the particles of names). Lower case says nothing when the name
        // itself was typed in lower case ("ruiz garcia, ana").
        // After a spaced dash only a post named by its words is a remark: "Welcome Desk – primeira acolhida", "Καφέ γλώσσας -
        // Μαθαίνω ελληνικά" are a title and its subtitle, kept whole (session 51: the lower-case words after the dash were read
        // as a post, and "Sprachcafe Graz" kept as the name).
        bool IsRole(string after, string nameBefore, bool byDash)
        {
            var parts = after.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || !after.Any(char.IsLetter))
            {
                return false;
            }
            if (parts.All(p => words.PersonTitles.Contains(LanguageWords.TitleKey(p))) || after.Any(char.IsDigit))
            {
                return true;
            }
            // "Maria Rossi, Project Lead", "Jürgen Weber, Sachgebietsleiter Integration": a post written with capitals (as German
            // writes every noun) is named by its words; given names are not.
            return parts.Any(words.IsRoleWord)
                || (!byDash && nameBefore.Any(char.IsUpper) && parts.Any(p => char.IsLower(p[0]) && !NameParticles.Contains(TextKey.Fold(p))));
        }
    }

    // The small words inside names ("María de la Cruz", "Ursula von der Leyen", "João dos Santos"): lower case, yet a name.
    private static readonly HashSet<string> NameParticles = new(StringComparer.Ordinal)
    {
        "de", "del", "della", "delle", "dei", "di", "da", "das", "dos", "do", "du", "des", "la", "le", "lo", "van", "von", "der",
        "den", "ten", "ter", "zu", "y", "i", "e", "af", "al", "el", "bin", "ben",
    };

    // A name, then a role after a comma or a spaced dash: "Ana Ruiz, investigadora", "Hélène Dubois - cheffe de service".
    [GeneratedRegex(@"^(?<name>[^,]*?\p{L}[^,]*?)\s*(?:,|\s[-–—]\s)\s*(?<role>.*\p{L}.*)$")]
    private static partial Regex RoleAfterName();

    // A name with letters, then one remark in brackets closing the answer: "Ana Ruiz (investigadora)". Not pronouns, written
    // with a slash ("Anna Berg (she/her)"): they say how to address the person, and stay with the name.
    [GeneratedRegex(@"^(?<name>[^()]*\p{L}[^()]*?)\s*\((?<remark>[^()/]*\p{L}[^()/]*)\)\s*$")]
    private static partial Regex NameRemark();

    [GeneratedRegex(@"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"^\+?[\d\s().\-/]+$")]
    private static partial Regex PhonePattern();

    /// <summary>
    /// A phone number typed without its country code, in E.164 ("+33388156867") when it is a valid number of
    /// <paramref name="country"/> (ISO code; libphonenumber's metadata: the trunk prefix dropped where the country dials one,
    /// kept in Italy), else null (no country known, or a number that country does not have: it stays as typed).
    /// </summary>
    internal static string? InternationalPhone(string national, string? country)
    {
        var util = PhoneNumbers.PhoneNumberUtil.GetInstance();
        if (national.StartsWith('+'))
        {
            // A number with its country code is valid or not whatever country the practice is in ("+353 87 123 4567").
            try
            {
                var number = util.Parse(national, "ZZ");
                return util.IsValidNumber(number) ? util.Format(number, PhoneNumbers.PhoneNumberFormat.E164) : null;
            }
            catch (PhoneNumbers.NumberParseException)
            {
                return null;
            }
        }
        if (country is not { Length: 2 })
        {
            return null;
        }
        var region = country.ToUpperInvariant() switch { "EL" => "GR", "UK" => "GB", var code => code }; // NUTS spells two differently
        try
        {
            var number = util.Parse(national, region);
            return util.IsValidNumberForRegion(number, region) ? util.Format(number, PhoneNumbers.PhoneNumberFormat.E164) : null;
        }
        catch (PhoneNumbers.NumberParseException)
        {
            return null;
        }
    }

    /// <summary>
    /// The country an e-mail address's domain names (ISO code, "GB" for .uk), or null: no address, a generic domain (.eu,
    /// .org, .com) or a country's domain sold for its letters (.io, .co, .me, .tv…), which says nothing of where a phone is.
    /// </summary>
    public static string? EmailCountry(string? email)
    {
        if (email is null)
        {
            return null;
        }
        var at = email.LastIndexOf('@');
        var dot = email.LastIndexOf('.');
        if (at < 0 || dot < at || email.Length - dot != 3)
        {
            return null;
        }
        var code = email[(dot + 1)..].ToUpperInvariant() switch { "UK" => "GB", var tld => tld };
        return !code.All(char.IsAsciiLetter) || VanityDomains.Contains(code) || !PhoneNumbers.PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(code) ? null : code;
    }

    private static readonly HashSet<string> VanityDomains = ["IO", "CO", "ME", "TV", "AI", "LY", "FM", "TO", "WS", "CC", "GG", "SH", "AC", "AM", "NU", "TK", "VC", "MS", "LA", "SO", "ST", "BZ", "IM"];

    private static readonly char[] PhoneStart = ['+', '(', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

    /// <summary>
    /// Words before a phone number that only say what it is: a phone word ("Tel.", "joignable au"), or one followed by the
    /// language's fillers alone ("mon portable c'est le 06 …", "mi teléfono es el 612 …", "il mio numero è 333 …", "o meu
    /// número é 912 …": were refused as not being a number).
    /// </summary>
    private bool IsPhonePrefix(string prefix, string language)
    {
        if (IsPhoneWord(prefix, w => w.PhonePrefixes))
        {
            return true;
        }
        var words = TextKey.Words(prefix);
        var fillers = _words.For(language).Fillers;
        for (var i = words.Length - 1; i >= 0; i--)
        {
            if (IsPhoneWord(words[i], w => w.PhonePrefixes))
            {
                return true;
            }
            if (!fillers.Contains(words[i]))
            {
                return false;
            }
        }
        return false;
    }

    private bool IsPhoneWord(string text, Func<LanguageWords, PhraseSet> words)
    {
        var key = TextKey.Fold(text);
        return key.Length > 0 && _words.All.Any(w => words(w).Contains(key));
    }

    [GeneratedRegex(@"^\(\s*(?<code>\+\d{1,4})\s*\)\s*")]
    private static partial Regex BracketedCountryCode();

    /// <summary>A phone number then one word, with digits after it (an extension: "ext. 125") or without (a kind: "mobil").</summary>
    [GeneratedRegex(@"^(?<number>\+?[\d\s().\-/]*\d[\s().\-/]*?)[\s,;]*(?<word>\p{L}+)\.?(?:\s*:?\s*(?<digits>\d{1,6}))?$")]
    private static partial Regex PhoneTail();

    // What sets an organisation apart from a name typed before it: a comma, a semicolon, an opening bracket, a bar, a spaced dash or slash.
    [GeneratedRegex(@",|;|\(|\[|\||\s[-\u2013\u2014/]\s")]
    private static partial Regex Separator();

    /// <summary>A remark in brackets beside a value: "(di cui 50% FAMI)", "[approx.]".</summary>
    [GeneratedRegex(@"\([^()]*\)|\[[^\[\]]*\]")]
    private static partial Regex Remark();

    // Where a remark after the value begins: a comma (not a decimal one between digits: "1,5 Mio. €"), a semicolon (Greek's
    // is the raised dot, "… συνεχίζεται· προϋπολογισμός …", U+0387 typed and U+00B7 once normalised), or a dash between spaces.
    [GeneratedRegex(@"(?<!\d),|,(?!\d)|;|\u0387|\u00b7(?=\s)|\s[-\u2013\u2014]\s")]
    private static partial Regex TrailingClause();

    /// <summary>
    /// "(at)", "[at]", "{at}", " at ", "[AT]" for the @ of an address hidden from robots, and the languages' own names for
    /// it in brackets: "(arobase)", "(arroba)", "(chiocciola)", "(snabel-a)", "(Klammeraffe)", or spaced as " at " is
    /// ("lucia.garcia arroba juntadeandalucia.es", "m.rossi chiocciola regione.puglia.it": were refused).
    /// </summary>
    [GeneratedRegex(@"\s*[\(\[\{]\s*(?:at|arobase|arroba|chiocciola|snabel-a|klammeraffe)\s*[\)\]\}]\s*|\s+(?:at|arobase|arroba|chiocciola)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex ObfuscatedAt();

    /// <summary>"(dot)", " dot ", and in brackets "(punkt)", "(point)", "(punto)", "(ponto)", "(τελεία)".</summary>
    [GeneratedRegex(@"\s*[\(\[\{]\s*(?:dot|punkt|point|punto|ponto|τελεία|τελεια)\s*[\)\]\}]\s*|\s+dot\s+", RegexOptions.IgnoreCase)]
    private static partial Regex ObfuscatedDot();

    private const string AddressSeparators = ":;,/|()<>[]-\u2013\u2014";

    /// <summary>Something shaped like an address inside other words.</summary>
    [GeneratedRegex(@"[^\s<>(),;:""'/\[\]]+@[^\s<>(),;:""'/\[\]]+")]
    private static partial Regex AddressLike();

    [GeneratedRegex(@"^(?<scheme>https?)(?::/(?!/)|;//|//)", RegexOptions.IgnoreCase)]
    private static partial Regex SchemeSlip();

    /// <summary>A host name without a scheme ("regione.puglia.it", "skane.se/integration"): labels, then a top-level domain of letters.</summary>
    [GeneratedRegex(@"^(?:[\p{L}\d](?:[\p{L}\d-]*[\p{L}\d])?\.)+\p{L}{2,24}(?:[/?#]\S*)?$")]
    private static partial Regex BareDomain();

    [GeneratedRegex(@"[\p{L}\p{M}][\p{L}\p{M}'’\-]*")]
    private static partial Regex PlaceInWord();

    /// <summary>A word right after a slash: "€/an", "€/año", "€ / Jahr".</summary>
    [GeneratedRegex(@"/\s*(\p{L}+)")]
    private static partial Regex SlashWord();
}

