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
