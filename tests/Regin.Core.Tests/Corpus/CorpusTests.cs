using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;
using Xunit.Abstractions;

namespace Regin.Core.Tests.Corpus;

/// <summary>
/// What people really type, in the 8 languages (Corpus/{lang}.tsv: question, text, expected value, country):
/// synonyms, inflections, typos, negations, fillers. Expected values: a code, codes joined by commas (any order),
/// true/false, "ask" (must be asked again, never stored), "skip" (no answer to an optional question: "n/a", "keine
/// Angabe", "je préfère ne pas le donner"), "flag" (kept as written with no value and flagged for a researcher: "Lummerland"),
/// and a trailing "?" for a guess to confirm.
/// Prints the accuracy per language and question type; fails below 98% in any language.
/// </summary>
public class CorpusTests(ITestOutputHelper output)
{
    private const double Required = 0.98;

    public sealed record Case(string Language, string Question, string Text, string Expected, string? Country);

    public static IReadOnlyList<Case> Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Corpus");
        var cases = new List<Case>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.tsv").Order(StringComparer.Ordinal))
        {
            var language = Path.GetFileNameWithoutExtension(file);
            foreach (var line in File.ReadLines(file, Encoding.UTF8).Skip(1).Where(l => l.Trim().Length > 0))
            {
                var columns = line.Split('\t');
                cases.Add(new Case(language, columns[0], columns[1], columns[2], columns.Length > 3 && columns[3].Length > 0 ? columns[3] : null));
            }
        }
        return cases;
    }

    public static string Kind(QuestionType type) => type switch
    {
        QuestionType.MoneyEur or QuestionType.Integer => "amount",
        _ => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(type.ToString()),
    };

    [Fact]
    public void Every_language_reads_at_least_98_percent_of_what_people_type()
    {
        var cases = Load();
        Assert.True(cases.Count >= 320, $"The corpus has {cases.Count} answers; it needs at least 320.");
        var results = new List<(Case Case, string Kind, bool Pass, string Got)>();
        foreach (var c in cases)
        {
            Assert.True(TestCore.Normaliser.TryGetQuestion(c.Question, out var question), $"{c.Language}: unknown question {c.Question}");
            var context = c.Country is null ? null : new NormalisationContext { Country = c.Country };
            var answer = TestCore.Normalise(c.Question, c.Text, c.Language, context);
            results.Add((c, Kind(question.Type), Passes(c.Expected, answer), Describe(answer)));
        }
        var kinds = results.Select(r => r.Kind).Distinct().Order(StringComparer.Ordinal).ToList();
        var languages = results.Select(r => r.Case.Language).Distinct().ToList();
        var table = new StringBuilder();
        table.AppendLine($"| language | {string.Join(" | ", kinds)} | all |");
        table.AppendLine($"|---|{string.Concat(kinds.Select(_ => "---|"))}---|");
        foreach (var language in languages)
        {
            var row = results.Where(r => r.Case.Language == language).ToList();
            table.Append($"| {language} |");
            foreach (var kind in kinds)
            {
                var cell = row.Where(r => r.Kind == kind).ToList();
                table.Append(cell.Count == 0 ? " - |" : $" {cell.Count(r => r.Pass)}/{cell.Count} |");
            }
            table.AppendLine($" {Percent(row.Count(r => r.Pass), row.Count)} ({row.Count(r => r.Pass)}/{row.Count}) |");
        }
        table.AppendLine($"| all | {string.Join(" | ", kinds.Select(k => $"{results.Count(r => r.Kind == k && r.Pass)}/{results.Count(r => r.Kind == k)}"))} | {Percent(results.Count(r => r.Pass), results.Count)} |");
        output.WriteLine(table.ToString());
        foreach (var miss in results.Where(r => !r.Pass))
        {
            output.WriteLine($"MISS {miss.Case.Language} {miss.Case.Question}: \"{miss.Case.Text}\" expected {miss.Case.Expected}, got {miss.Got}");
        }
        var below = languages
            .Select(l => (Language: l, Rate: results.Where(r => r.Case.Language == l).Average(r => r.Pass ? 1.0 : 0.0)))
            .Where(x => x.Rate < Required)
            .ToList();
        Assert.True(below.Count == 0, "Below 98%: " + string.Join(", ", below.Select(b => $"{b.Language} {b.Rate:P1}")) + "\n" + table);
    }

    private static string Percent(int pass, int total) => (100.0 * pass / total).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static bool Passes(string expected, NormalisedAnswer answer)
    {
        if (expected == "ask")
        {
            return !answer.Ok && !answer.Declined;
        }
        if (expected == "skip")
        {
            return answer.Declined;
        }
        if (expected == "flag")
        {
            return answer.Ok && answer.Value is null && !answer.NeedsConfirmation && answer.Flags.Count > 0;
        }
        var guess = expected.EndsWith('?');
        var value = guess ? expected[..^1] : expected;
        if (!answer.Ok || answer.NeedsConfirmation != guess)
        {
            return false;
        }
        return answer.Value switch
        {
            JsonArray array => array.Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal)
                .SequenceEqual(value.Split(',').Order(StringComparer.Ordinal)),
            JsonValue v when v.TryGetValue<bool>(out var flag) => value == (flag ? "true" : "false"),
            JsonValue v when v.TryGetValue<string>(out var text) => text == value,
            JsonValue v when v.TryGetValue<long>(out var whole) => long.TryParse(value, CultureInfo.InvariantCulture, out var e) && e == whole,
            JsonValue v when v.TryGetValue<decimal>(out var number) => decimal.TryParse(value, CultureInfo.InvariantCulture, out var e) && e == number,
            _ => false,
        };
    }

    public static string Describe(NormalisedAnswer answer) =>
        answer.Ok
            ? (answer.Value?.ToJsonString() ?? "null") + (answer.NeedsConfirmation ? " (to confirm)" : "") + (answer.OtherText is { } o ? $" other=\"{o}\"" : "")
            : "refused: " + answer.Error;
}
