using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;

namespace Regin.Core.Presentation;

/// <summary>How much of a stored value to show.</summary>
public enum ValueStyle
{
    /// <summary>For the contributor (chat, mail replies): "marzo 2019", "240.000 €", "Puglia (ITF4)".</summary>
    Plain,

    /// <summary>For researchers (review screens, CSV labels): the code after each coded value, "Italia [IT]".</summary>
    WithCodes,
}

/// <summary>
/// The one way a stored value is shown to people, in their language, as that language writes it: choice labels,
/// country names, months by name ("marzo 2019", "15. März 2019"), "ongoing" in words ("in corso"), yes/no in words,
/// numbers and euros with the language's separators ("1 250", "240.000 €"). The conventions come from the culture
/// each locale file names; the words ("in corso", "Sì") from its vocabulary. Chat, mail replies, the review screens
/// and the CSV labels all show values through it.
/// </summary>
public sealed partial class ValueFormatter
{
    private readonly QuestionnaireDefinition _questionnaire;
    private readonly GeoCatalog _geo;
    private readonly Dictionary<string, Question> _questions;
    private readonly ConcurrentDictionary<string, Conventions> _conventions = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Normalisation.Matching.PhraseSet> _approximately = new(StringComparer.OrdinalIgnoreCase);

    public ValueFormatter(QuestionnaireDefinition questionnaire, GeoCatalog geo)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(geo);
        _questionnaire = questionnaire;
        _geo = geo;
        _questions = questionnaire.Questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
    }

    /// <summary>The value of <paramref name="questionId"/> as stored (JSON), as one line: list items joined by "; ".</summary>
    public string Format(string questionId, string? valueJson, string language, ValueStyle style = ValueStyle.Plain) =>
        _questions.TryGetValue(questionId, out var question) ? Format(question, valueJson, language, style) : valueJson ?? "";

    public string Format(Question question, string? valueJson, string language, ValueStyle style = ValueStyle.Plain) =>
        string.Join("; ", Items(question, valueJson, language, style));

    public string Format(Question question, JsonNode? value, string language, ValueStyle style = ValueStyle.Plain) =>
        string.Join("; ", Items(question, value, language, style));

    /// <summary>
    /// A stored answer shown as <see cref="Format(Question, string?, string, ValueStyle)"/> does, except a phone: shown with the
    /// contributor's grouping of <paramref name="typed"/> ("+43 1 4000 81510", where the plan's format is "+43 1 400081510").
    /// </summary>
    public string FormatAsTyped(Question question, string? valueJson, string? typed, string language, ValueStyle style = ValueStyle.Plain)
    {
        ArgumentNullException.ThrowIfNull(question);
        return question.Type == QuestionType.Phone && typed is not null && valueJson is not null
            && JsonNode.Parse(valueJson) is JsonValue value && value.TryGetValue<string>(out var stored)
            ? Phone(stored, typed)
            : Approximate(question, typed, Format(question, valueJson, language, style), language);
    }

    /// <summary>
    /// A count or an amount typed as an approximation ("environ 150", "ca. 40.000 €", "περίπου 150": the vocabulary's
    /// <c>approximately</c> of any language before its first digit) is shown with the reader's language's first such word
    /// ("about 150"): the contract stores the number alone, the words stay in the original (lang50).
    /// </summary>
    private string Approximate(Question question, string? typed, string shown, string language)
    {
        var digit = typed?.AsSpan().IndexOfAnyInRange('0', '9') ?? -1;
        if (question.Type is not (QuestionType.Integer or QuestionType.MoneyEur) || shown.Length == 0 || typed is null || digit <= 0)
        {
            return shown;
        }
        var before = TextKey.Words(typed[..digit]);
        var approximately = _questionnaire.Vocabulary.Approximately;
        var said = approximately.Keys.Any(l => _approximately.GetOrAdd(l, l => new Normalisation.Matching.LanguageWords(l, _questionnaire.Vocabulary).Approximately).OccursIn(before));
        return said && approximately.In(language) is { Count: > 0 } words ? $"{words[0]} {shown}" : shown;
    }

    /// <summary>Each item of the value on its own (one for a single value, one per choice of a multi).</summary>
    public IReadOnlyList<string> Items(Question question, string? valueJson, string language, ValueStyle style = ValueStyle.Plain) =>
        valueJson is null ? [] : Items(question, JsonNode.Parse(valueJson), language, style);

    public IReadOnlyList<string> Items(Question question, JsonNode? value, string language, ValueStyle style = ValueStyle.Plain)
    {
        ArgumentNullException.ThrowIfNull(question);
        return value switch
        {
            null => [],
            JsonArray array => array.Where(item => item is not null).Select(item => One(question, item!, language, style)).ToList(),
            _ => [One(question, value, language, style)],
        };
    }

    /// <summary>Yes or no in words, with a capital: "Sì", "Nej".</summary>
    private string RegionName(Region region, string language) =>
        // A practice run nationwide (NUTS level 0) is shown by the country's name in the reader's language.
        region.Level == 0 && _geo.CountryByCode(region.Country) is { } country ? country.NameIn(language)
        : language == "el" && !region.Name.Any(IsGreek) ? region.Aliases.FirstOrDefault(alias => alias.Any(IsGreek)) ?? region.Name : region.Name;

    private static bool IsGreek(char c) => c is >= '\u0370' and <= '\u03ff' or >= '\u1f00' and <= '\u1fff';

    public string YesNo(bool value, string language)
    {
        var words = (value ? _questionnaire.Vocabulary.Yes : _questionnaire.Vocabulary.No).In(language);
        return Capitalise(words.Count > 0 ? words[0] : value.ToString(), ConventionsOf(language).Culture);
    }

    /// <summary>A stored date ("2019", "2019-03", "2019-03-15") or "ongoing" as the language writes it.</summary>
    public string Date(string stored, string language)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored == AnswerNormaliser.Ongoing)
        {
            var words = _questionnaire.Vocabulary.Ongoing.In(language);
            return words.Count > 0 ? words[0] : stored;
        }
        var conventions = ConventionsOf(language);
        var parts = stored.Split('-');
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1 or > 9999)
        {
            return stored;
        }
        if (parts.Length == 1)
        {
            return year.ToString(CultureInfo.InvariantCulture);
        }
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12)
        {
            return stored;
        }
        if (parts.Length == 2)
        {
            return new DateTime(year, month, 1).ToString(conventions.MonthYear, conventions.Culture);
        }
        return int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateTime(year, month, day).ToString(conventions.DayMonthYear, conventions.Culture)
            : stored;
    }

    /// <summary>A count with the language's group separator: "1,250", "1 250", "1.250".</summary>
    public string Number(decimal value, string language)
    {
        var culture = ConventionsOf(language).Culture;
        return value.ToString(value == decimal.Truncate(value) ? "N0" : "N2", culture);
    }

    /// <summary>An amount in euros as the language writes it: "€240,000", "240.000 €", "240 000 €".</summary>
    public string Euros(decimal value, string language)
    {
        var conventions = ConventionsOf(language);
        return value.ToString(value == decimal.Truncate(value) ? "C0" : "C2", conventions.Euro);
    }

    private string One(Question question, JsonNode node, string language, ValueStyle style)
    {
        var text = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        string WithCode(string shown, string code) => style == ValueStyle.WithCodes ? $"{shown} [{code}]" : shown;
        switch (question.Type)
        {
            case QuestionType.Choice or QuestionType.Multi when text is not null:
                return WithCode(question.ChoiceList.FirstOrDefault(c => c.Code == text)?.Label.In(language) ?? text, text);
            case QuestionType.Country when text is not null:
                return WithCode(_geo.CountryByCode(text)?.NameIn(language) ?? text, text);
            case QuestionType.Region when text is not null:
                // Region names are the official ones, in no particular language: the code tells them apart. A Greek reader
                // is shown the Greek name ("Βόρειο Αιγαίο", not NUTS's transliteration "Voreio Aigaio") where there is one.
                return _geo.RegionByCode(text) is { } region
                    ? style == ValueStyle.WithCodes ? $"{RegionName(region, language)} [{text}]" : $"{RegionName(region, language)} ({text})"
                    : text;
            case QuestionType.Yesno when node.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return YesNo(node.GetValueKind() == JsonValueKind.True, language);
            case QuestionType.Date or QuestionType.DateOrOngoing when text is not null:
                return Date(text, language);
            case QuestionType.Integer when DecimalOf(node) is { } count:
                return Number(count, language);
            case QuestionType.MoneyEur when DecimalOf(node) is { } amount:
                return Euros(amount, language);
            case QuestionType.Phone when text is not null:
                return Phone(text);
            default:
                return text ?? node.ToJsonString();
        }
    }

    /// <summary>
    /// A phone stored in E.164 ("+353871234567") shown grouped as its country writes it ("+353 87 123 4567"), an extension
    /// after it as typed ("+33 1 23 45 67 89 poste 42"); a number kept as typed (no country known) is shown as typed.
    /// </summary>
    public static string Phone(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!stored.StartsWith('+'))
        {
            return stored;
        }
        var end = stored.AsSpan(1).IndexOfAnyExcept("0123456789");
        var length = end < 0 ? stored.Length : end + 1;
        if (length < 8)
        {
            return stored;
        }
        var util = PhoneNumbers.PhoneNumberUtil.GetInstance();
        try
        {
            var number = util.Parse(stored[..length], "ZZ");
            return util.IsValidNumber(number) ? util.Format(number, PhoneNumbers.PhoneNumberFormat.INTERNATIONAL) + stored[length..] : stored;
        }
        catch (PhoneNumbers.NumberParseException)
        {
            return stored;
        }
    }

    /// <summary>
    /// A phone stored in E.164 shown with the groups of digits the contributor typed ("+43 1 4000 81510", "0541 501-0":
    /// "+49 541 501-0", "087 123 4567": "+353 87 123 4567"), when the digits typed are the stored number's, with its country
    /// code ("+43", "0043", "+43 (0)") or its trunk zero before them, and make two groups or more; else as <see
    /// cref="Phone(string)"/> shows it (grouped by the country's plan). Session 47: "+43 1 4000 81510" was shown "+43 1
    /// 400081510", the Vienna official's extension run into the number.
    /// </summary>
    public static string Phone(string stored, string typed)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(typed);
        var planned = Phone(stored);
        var end = stored.AsSpan(1).IndexOfAnyExcept("0123456789");
        var length = end < 0 ? stored.Length : end + 1;
        if (!stored.StartsWith('+') || length < 8)
        {
            return planned;
        }
        string code;
        try
        {
            code = PhoneNumbers.PhoneNumberUtil.GetInstance().Parse(stored[..length], "ZZ").CountryCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (PhoneNumbers.NumberParseException)
        {
            return planned;
        }
        var national = stored[(1 + code.Length)..length];
        // The runs of digits typed, each with the separator typed before it ("-" kept, any other a space).
        var runs = new List<(string Digits, char Before)>();
        var before = ' ';
        for (var i = 0; i < typed.Length;)
        {
            if (!char.IsAsciiDigit(typed[i]))
            {
                before = typed[i] is '-' ? '-' : before is '-' ? '-' : ' ';
                i++;
                continue;
            }
            var start = i;
            while (i < typed.Length && char.IsAsciiDigit(typed[i]))
            {
                i++;
            }
            runs.Add((typed[start..i], runs.Count == 0 ? ' ' : before));
            before = ' ';
        }
        var digits = string.Concat(runs.Select(run => run.Digits));
        foreach (var prefix in new[] { "00" + code + "0", "00" + code, code + "0", code, "0", "" })
        {
            if (!digits.StartsWith(prefix + national, StringComparison.Ordinal))
            {
                continue;
            }
            // Leave the prefix's digits out, then take runs up to the national number's end, which must end a run.
            var skip = prefix.Length;
            var taken = new List<(string Digits, char Before)>();
            var count = 0;
            foreach (var run in runs)
            {
                var part = run.Digits;
                if (skip > 0)
                {
                    var cut = Math.Min(skip, part.Length);
                    skip -= cut;
                    part = part[cut..];
                    if (part.Length == 0)
                    {
                        continue;
                    }
                }
                if (count >= national.Length)
                {
                    break;
                }
                taken.Add((part, taken.Count == 0 ? ' ' : run.Before));
                count += part.Length;
            }
            if (count != national.Length || taken.Count < 2)
            {
                return planned;
            }
            var shown = new System.Text.StringBuilder("+").Append(code);
            foreach (var (part, sep) in taken)
            {
                shown.Append(sep).Append(part);
            }
            return shown.Append(stored.AsSpan(length)).ToString();
        }
        return planned;
    }

    /// <summary>A JSON number, whether parsed (JsonElement) or built from an int, a long or a decimal.</summary>
    private static decimal? DecimalOf(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.Number
        && decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private Conventions ConventionsOf(string language) => _conventions.GetOrAdd(language, code =>
    {
        var info = _questionnaire.Languages.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase))
            ?? _questionnaire.Languages.First(l => l.Code == _questionnaire.DefaultLanguage);
        var culture = CultureInfo.GetCultureInfo(info.Culture);
        var euro = (NumberFormatInfo)culture.NumberFormat.Clone();
        euro.CurrencySymbol = "€";
        var formats = culture.DateTimeFormat;
        // The long date without its weekday: "dddd, d 'de' MMMM 'de' yyyy" → "d 'de' MMMM 'de' yyyy".
        var dayMonthYear = Weekday().Replace(formats.LongDatePattern, "").Trim(' ', ',');
        return new Conventions(culture, euro, formats.YearMonthPattern, dayMonthYear);
    });

    private static string Capitalise(string word, CultureInfo culture) =>
        word.Length == 0 ? word : char.ToUpper(word[0], culture) + word[1..];

    [GeneratedRegex(@"d{4}\s*,?\s*|,?\s*d{4}")]
    private static partial Regex Weekday();

    private sealed record Conventions(CultureInfo Culture, NumberFormatInfo Euro, string MonthYear, string DayMonthYear);
}
