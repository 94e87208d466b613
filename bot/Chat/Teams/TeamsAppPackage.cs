using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Regin.Core;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Chat.Teams;

/// <summary>
/// The Teams app package (manifest.json, schema 1.19, name and descriptions in the 8 languages through
/// localizationInfo, a 192x192 colour icon and a 32x32 transparent outline icon), made from configuration and the
/// questionnaire's texts. The build writes it to bin/.../teams/regin-teams-app.zip.
/// </summary>
public static class TeamsAppPackage
{
    public const string ManifestVersion = "1.19";
    public const string DefaultFileName = "regin-teams-app.zip";
    /// <summary>The manifest id used when neither Teams:AppId nor MicrosoftAppId is set (local development).</summary>
    public const string DevelopmentAppId = "5f0c2d7e-3b9a-4c1e-9a57-2e4b8d6f1a30";

    public static readonly IReadOnlyList<string> MessageKeys = ["teams.name_short", "teams.name_full", "teams.description_short", "teams.description_full"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Build(QuestionnaireDefinition questionnaire, TeamsAppOptions options, string microsoftAppId, string publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(options);
        string Text(string key, string language) => questionnaire.Messages[key].In(language);

        var botId = Guid.TryParse(microsoftAppId, out var bot) ? bot.ToString() : Guid.Empty.ToString();
        var appId = Guid.TryParse(options.AppId, out var app) ? app.ToString() : Guid.TryParse(microsoftAppId, out _) ? botId : DevelopmentAppId;
        var website = string.IsNullOrWhiteSpace(options.WebsiteUrl) ? publicBaseUrl.TrimEnd('/') : options.WebsiteUrl;
        var domains = options.ValidDomains.Count > 0 ? options.ValidDomains : [new Uri(website).Host];
        var others = Languages.All.Where(l => l != Languages.Default).ToList();

        var manifest = new JsonObject
        {
            ["$schema"] = $"https://developer.microsoft.com/en-us/json-schemas/teams/v{ManifestVersion}/MicrosoftTeams.schema.json",
            ["manifestVersion"] = ManifestVersion,
            ["version"] = options.Version,
            ["id"] = appId,
            ["developer"] = new JsonObject
            {
                ["name"] = options.DeveloperName,
                ["websiteUrl"] = website,
                ["privacyUrl"] = string.IsNullOrWhiteSpace(options.PrivacyUrl) ? website + "/privacy" : options.PrivacyUrl,
                ["termsOfUseUrl"] = string.IsNullOrWhiteSpace(options.TermsOfUseUrl) ? website + "/terms" : options.TermsOfUseUrl,
            },
            ["name"] = new JsonObject { ["short"] = Text("teams.name_short", Languages.Default), ["full"] = Text("teams.name_full", Languages.Default) },
            ["description"] = new JsonObject { ["short"] = Text("teams.description_short", Languages.Default), ["full"] = Text("teams.description_full", Languages.Default) },
            ["icons"] = new JsonObject { ["color"] = "color.png", ["outline"] = "outline.png" },
            ["accentColor"] = options.AccentColor,
            ["bots"] = new JsonArray(new JsonObject
            {
                ["botId"] = botId,
                ["scopes"] = new JsonArray("personal"),
                ["supportsFiles"] = false,
                ["isNotificationOnly"] = false,
            }),
            ["validDomains"] = new JsonArray(domains.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray()),
            ["localizationInfo"] = new JsonObject
            {
                ["defaultLanguageTag"] = Languages.Default,
                ["additionalLanguages"] = new JsonArray(others.Select(l => (JsonNode)new JsonObject { ["languageTag"] = l, ["file"] = $"{l}.json" }).ToArray()),
            },
        };

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(archive, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, Indented));
            foreach (var language in others)
            {
                var localisation = new JsonObject
                {
                    ["$schema"] = $"https://developer.microsoft.com/en-us/json-schemas/teams/v{ManifestVersion}/MicrosoftTeams.Localization.schema.json",
                    ["name.short"] = Text("teams.name_short", language),
                    ["name.full"] = Text("teams.name_full", language),
                    ["description.short"] = Text("teams.description_short", language),
                    ["description.full"] = Text("teams.description_full", language),
                };
                Add(archive, $"{language}.json", JsonSerializer.SerializeToUtf8Bytes(localisation, Indented));
            }
            Add(archive, "color.png", ColourIcon(options.AccentColor));
            Add(archive, "outline.png", OutlineIcon());
        }
        return zip.ToArray();
    }

    /// <summary>192x192: the accent colour with a white speech bubble.</summary>
    internal static byte[] ColourIcon(string accent)
    {
        var background = ParseColour(accent);
        return PngWriter.Draw(192, 192, (x, y) =>
        {
            var inBubble = InRoundedRectangle(x, y, 40, 48, 152, 128, 18) || InTriangle(x, y, (64, 126), (100, 126), (60, 158));
            var inLine = inBubble && y is >= 76 and <= 84 or >= 98 and <= 106 && x is >= 62 and <= 130;
            return inLine ? background : inBubble ? 0xFFFFFFFFu : background;
        });
    }

    /// <summary>32x32: a white outline of the same bubble on transparency.</summary>
    internal static byte[] OutlineIcon() => PngWriter.Draw(32, 32, (x, y) =>
    {
        var outer = InRoundedRectangle(x, y, 4, 6, 28, 22, 4) || InTriangle(x, y, (9, 21), (15, 21), (8, 28));
        var inner = InRoundedRectangle(x, y, 6, 8, 26, 20, 3);
        return outer && !inner ? 0xFFFFFFFFu : 0x00000000u;
    });

    private static bool InRoundedRectangle(int x, int y, int left, int top, int right, int bottom, int radius)
    {
        if (x < left || x > right || y < top || y > bottom)
        {
            return false;
        }
        var cx = Math.Clamp(x, left + radius, right - radius);
        var cy = Math.Clamp(y, top + radius, bottom - radius);
        return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius;
    }

    private static bool InTriangle(int x, int y, (int X, int Y) a, (int X, int Y) b, (int X, int Y) c)
    {
        static int Side((int X, int Y) p, (int X, int Y) q, int x, int y) => (q.X - p.X) * (y - p.Y) - (q.Y - p.Y) * (x - p.X);
        var d1 = Side(a, b, x, y);
        var d2 = Side(b, c, x, y);
        var d3 = Side(c, a, x, y);
        return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
    }

    private static uint ParseColour(string hex) =>
        hex is ['#', ..] && hex.Length == 7 && uint.TryParse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb)
            ? (rgb << 8) | 0xFF
            : 0x1F5FA8FFu;

    private static void Add(ZipArchive archive, string name, byte[] content)
    {
        var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
        using var stream = entry.Open();
        stream.Write(content);
    }
}
