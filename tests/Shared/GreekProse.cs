using System.Text.Json;

namespace Regin.Testing;

/// <summary>
/// Real Greek prose of any length up to ~20,000 characters: the Greek locale's help texts and guidelines, each once, in
/// the file's order. Not one word repeated: the database compresses that away, and a long answer's real size is what
/// a test of a long answer needs (5,000 characters are about 9,500 UTF-8 bytes here).
/// </summary>
public static class GreekProse
{
    private static readonly Lazy<string> All = new(Load);

    /// <summary>The first <paramref name="length"/> characters, ending on a letter (a trailing space would be trimmed).</summary>
    public static string Of(int length)
    {
        var text = All.Value;
        if (length > text.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"The Greek locale holds {text.Length} characters of prose.");
        }
        var cut = text[..length].TrimEnd();
        return cut.Length == length ? cut : cut + new string('α', length - cut.Length);
    }

    private static string Load()
    {
        using var stream = typeof(Regin.Core.Questionnaire.QuestionnaireLoader).Assembly.GetManifestResourceStream("Regin.Core.locales.el.json")
            ?? throw new InvalidOperationException("The Greek locale is not embedded in Regin.Core.");
        using var document = JsonDocument.Parse(stream);
        var sentences = new List<string>();
        Walk(document.RootElement);
        return string.Join(" ", sentences.Distinct());

        void Walk(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String when element.GetString() is { Length: > 60 } s && !s.Contains('{') && s.Any(c => c is >= '\u0370' and <= '\u03FF'):
                    sentences.Add(s.Replace('\n', ' '));
                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        Walk(property.Value);
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Walk(item);
                    }
                    break;
            }
        }
    }
}
