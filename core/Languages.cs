using System.Text.Json;

namespace Regin.Core;

/// <summary>
/// The languages of the questionnaire (one per locale file shipped in Regin.Core), and how a locale such as "pt-BR"
/// maps onto them.
/// </summary>
public static class Languages
{
    public const string Default = "en";

    /// <summary>The codes of the shipped locale files: the default first, then the structure file's order, then by code.</summary>
    public static readonly IReadOnlyList<string> All = ShippedLanguages();

    public static bool IsSupported(string? code) => code is not null && All.Contains(code, StringComparer.OrdinalIgnoreCase);

    /// <summary>"el-GR" → "el", "pt-BR" → "pt", "sv_SE" → "sv"; null when the locale is not one of the languages.</summary>
    public static string? FromLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return null;
        }
        var code = locale.Trim().Split('-', '_')[0].ToLowerInvariant();
        return IsSupported(code) ? code : null;
    }

    private static List<string> ShippedLanguages()
    {
        const string prefix = "Regin.Core.locales.";
        var assembly = typeof(Languages).Assembly;
        var codes = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
            .Select(name => name[prefix.Length..^".json".Length])
            .ToList();
        using var stream = assembly.GetManifestResourceStream("Regin.Core.questionnaire.json");
        var order = new List<string>();
        if (stream is not null)
        {
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.TryGetProperty("language_order", out var list))
            {
                order.AddRange(list.EnumerateArray().Select(e => e.GetString() ?? ""));
            }
        }
        int Rank(string code) => code == Default ? -1 : order.IndexOf(code) is var i and >= 0 ? i : int.MaxValue;
        return codes.OrderBy(Rank).ThenBy(code => code, StringComparer.Ordinal).ToList();
    }
}
