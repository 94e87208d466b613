using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.Tests.WebChat;
using Regin.Core.Localisation;
using Regin.Core.Persistence;
using Regin.Core.Privacy;

namespace Regin.Bot.Tests.Privacy;

/// <summary>
/// A contributor asks for their data in the chat, over the local Direct Line: "my data" gives the summary and the JSON
/// file; "erase my data" asks first (a negation keeps everything), a yes erases, and afterwards their address, name
/// and chat id are nowhere in the database file.
/// </summary>
public sealed class ChatRightsTests(ReginApplication app) : IClassFixture<ReginApplication>
{
    [Theory]
    [InlineData("de", "de-DE", "meine daten", "meine Daten löschen", "nicht einverstanden", "ja")]
    [InlineData("el", "el-GR", "τα δεδομένα μου", "διαγραφή των δεδομένων μου", "δεν συμφωνώ", "ναι")]
    [InlineData("fr", "fr-FR", "mes données", "effacer mes données", "je ne suis pas d'accord", "oui")]
    public async Task A_contributor_gets_a_copy_and_erases_their_data_in_the_chat(string lang, string locale, string copyWords, string eraseWords, string no, string yes)
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var name = $"Eleni Qwxz{unique}";
        var address = $"eleni.{unique}@example.org";
        var texts = app.Services.GetRequiredService<Texts>();
        var http = app.CreateClient();
        var client = await DirectLineClient.StartFromPageAsync(http, locale);
        var user = client.UserId;
        Assert.Equal("contact_name", DirectLineClient.QuestionOf(await client.PollAsync()));
        await client.PostAsync(DirectLineClient.Message(name, user, locale: locale));
        await client.PostAsync(DirectLineClient.Message("Regione Test " + unique, user, locale: locale));
        await client.PostAsync(DirectLineClient.Message(address, user, locale: locale));
        Assert.Equal("contact_phone", DirectLineClient.QuestionOf(await client.PollAsync()));

        // "my data": the summary in the chat and the whole copy as a JSON file.
        await client.PostAsync(DirectLineClient.Message(copyWords, user, locale: locale));
        var copy = (await client.PollAsync()).Single(a => a?["attachments"] is JsonArray { Count: > 0 } files && (string?)files[0]!["contentType"] == "application/json")!;
        var text = (string)copy["text"]!;
        Assert.StartsWith(texts.Get(RightsMessageKeys.CopyIntro, lang, ("practices", 1)), text, StringComparison.Ordinal);
        Assert.Contains(name, text, StringComparison.Ordinal);
        var url = (string)copy["attachments"]![0]!["contentUrl"]!;
        Assert.StartsWith("data:application/json;base64,", url, StringComparison.Ordinal);
        var json = JsonNode.Parse(Convert.FromBase64String(url["data:application/json;base64,".Length..]))!;
        Assert.Equal($"webchat:{user}", (string)json["chat_user"]!);
        var practice = json["practices"]![0]!;
        Assert.Equal(address, (string)practice["practice"]!["answers"]!["contact_email"]!["value"]!);
        Assert.Contains(practice["raw_inputs"]!.AsArray(), r => ((string)r!["content"]!).Contains(address, StringComparison.Ordinal));

        // "erase my data": asked first; a negation in the contributor's language keeps everything.
        await client.PostAsync(DirectLineClient.Message(eraseWords, user, locale: locale));
        Assert.Contains(Escaped(texts.Get(RightsMessageKeys.EraseConfirm, lang)), (await client.PollAsync()).ToJsonString(), StringComparison.Ordinal);
        await client.PostAsync(DirectLineClient.Message(no, user, locale: locale));
        Assert.Contains(texts.Get(RightsMessageKeys.EraseCancelled, lang), DirectLineClient.BotTexts(await client.PollAsync()));
        var reference = await app.WithDbAsync(db => db.Practices.Where(p => p.ContributorEmail == address).Select(p => p.Number).SingleAsync());

        await client.PostAsync(DirectLineClient.Message(eraseWords, user, locale: locale));
        await client.PollAsync();
        await client.PostAsync(DirectLineClient.Message(yes, user, locale: locale));
        Assert.Contains(texts.Get(RightsMessageKeys.Erased, lang, ("practices", 1)), DirectLineClient.BotTexts(await client.PollAsync()));

        var marker = texts.Get(ContributorErasure.MarkerMessageKey, lang);
        var (email, identities, contactName, logged) = await app.WithDbAsync(async db =>
        {
            var erased = await db.Practices.AsNoTracking().Include(p => p.Answers).Include(p => p.Identities).Include(p => p.Events).SingleAsync(p => p.Number == reference);
            return (erased.ContributorEmail, erased.Identities.Count, erased.Answers.Single(a => a.QuestionId == "contact_name").Original,
                erased.Events.Single(e => e.Kind == ContributorErasure.EventKind));
        });
        Assert.Null(email);
        Assert.Equal(0, identities);
        Assert.Equal(marker, contactName);
        Assert.Equal("webchat:contributor", logged.Actor);
        Assert.Equal("chat", (string)JsonNode.Parse(logged.NewValue!)!["requested_by"]!);
        foreach (var secret in new[] { address, name, user })
        {
            AssertNotInDatabaseFile(secret);
        }
    }

    /// <summary>The tables and columns that hold <paramref name="secret"/>, to say where it was left.</summary>
    private string Where(string secret)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={app.DatabasePath}");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var hits = new List<string>();
        foreach (var table in tables)
        {
            var columns = new List<string>();
            using (var info = connection.CreateCommand())
            {
                info.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
                using var reader = info.ExecuteReader();
                while (reader.Read())
                {
                    columns.Add(reader.GetString(0));
                }
            }
            foreach (var column in columns)
            {
                using var count = connection.CreateCommand();
                count.CommandText = $"SELECT count(*) FROM \"{table}\" WHERE instr(CAST(\"{column}\" AS TEXT), $secret) > 0";
                count.Parameters.AddWithValue("$secret", secret);
                if (Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    hits.Add($"{table}.{column}");
                }
            }
        }
        return hits.Count == 0 ? "in no live row (free space or an old page)" : string.Join(", ", hits);
    }

    private static string Escaped(string text) => JsonValue.Create(text)!.ToJsonString()[1..^1];

    private void AssertNotInDatabaseFile(string secret)
    {
        var needle = Encoding.UTF8.GetBytes(secret);
        foreach (var path in new[] { app.DatabasePath, app.DatabasePath + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Assert.True(copy.ToArray().AsSpan().IndexOf(needle) < 0, $"\"{secret}\" is still in {Path.GetFileName(path)}: {Where(secret)}");
        }
    }
}

internal static class ReginApplicationDb
{
    public static async Task<T> WithDbAsync<T>(this ReginApplication app, Func<ReginDbContext, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<ReginDbContext>());
    }
}
