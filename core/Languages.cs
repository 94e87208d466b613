namespace Regin.Core;

/// <summary>The 8 languages of the questionnaire, and how a locale such as "pt-BR" maps onto them.</summary>
public static class Languages
{
    public const string Default = "en";

    public static readonly IReadOnlyList<string> All = ["en", "fr", "de", "es", "it", "el", "pt", "sv"];

    public static bool IsSupported(string? code) => code is not null && All.Contains(code, StringComparer.OrdinalIgnoreCase);

    /// <summary>"el-GR" → "el", "pt-BR" → "pt", "sv_SE" → "sv"; null when the locale is not one of the 8.</summary>
    public static string? FromLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return null;
        }
        var code = locale.Trim().Split('-', '_')[0].ToLowerInvariant();
        return IsSupported(code) ? code : null;
    }
}
