using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Regin.Bot.Chat.Teams;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Tests.Chat;

public sealed class TeamsAppPackageTests
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    private static Dictionary<string, byte[]> Unzip(byte[] package)
    {
        using var archive = new ZipArchive(new MemoryStream(package));
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    private static (int Width, int Height) PngSize(byte[] png) =>
        (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));

    [Fact]
    public void The_package_has_a_1_19_manifest_localised_in_eight_languages_and_both_icons()
    {
        var options = new TeamsAppOptions { WebsiteUrl = "https://regin.example.eu", Version = "1.2.3" };
        var files = Unzip(TeamsAppPackage.Build(Questionnaire, options, "8a4e1c9b-1111-4222-8333-444455556666", "http://localhost:3978"));

        var manifest = JsonNode.Parse(files["manifest.json"])!;
        Assert.Equal("1.19", manifest["manifestVersion"]!.GetValue<string>());
        Assert.Equal("1.2.3", manifest["version"]!.GetValue<string>());
        Assert.Equal("8a4e1c9b-1111-4222-8333-444455556666", manifest["bots"]![0]!["botId"]!.GetValue<string>());
        Assert.Equal("regin.example.eu", manifest["validDomains"]![0]!.GetValue<string>());
        Assert.Equal("REGIN intake", manifest["name"]!["short"]!.GetValue<string>());
        Assert.True(manifest["description"]!["short"]!.GetValue<string>().Length <= 80);
        var additional = manifest["localizationInfo"]!["additionalLanguages"]!.AsArray();
        Assert.Equal(["fr", "de", "es", "it", "el", "pt", "sv"], additional.Select(l => l!["languageTag"]!.GetValue<string>()));
        foreach (var language in additional)
        {
            var localised = JsonNode.Parse(files[language!["file"]!.GetValue<string>()])!;
            Assert.Equal(Questionnaire.Messages["teams.name_short"].In(language["languageTag"]!.GetValue<string>()), localised["name.short"]!.GetValue<string>());
            Assert.True(localised["description.short"]!.GetValue<string>().Length <= 80);
            Assert.True(localised["name.short"]!.GetValue<string>().Length <= 30);
        }
        Assert.Equal((192, 192), PngSize(files["color.png"]));
        Assert.Equal((32, 32), PngSize(files["outline.png"]));
    }

    [Fact]
    public void The_build_writes_the_package_beside_the_bot()
    {
        var built = Path.Combine(Path.GetDirectoryName(typeof(TeamsAppPackage).Assembly.Location)!, "..", "..", "..", "..", "..", "bot", "bin");
        var zips = Directory.Exists(built) ? Directory.GetFiles(built, TeamsAppPackage.DefaultFileName, SearchOption.AllDirectories) : [];

        Assert.NotEmpty(zips);
        Assert.Contains("manifest.json", Unzip(File.ReadAllBytes(zips[0])).Keys);
    }
}
