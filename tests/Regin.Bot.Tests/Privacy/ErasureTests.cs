using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.Tests.Review;
using Regin.Core.Localisation;
using Regin.Core.Persistence.Entities;
using Regin.Core.Privacy;
using Regin.Core.Review;
using Regin.Testing;

namespace Regin.Bot.Tests.Privacy;

/// <summary>
/// A researcher erases a contributor by e-mail address on /review/contributors (confirmation step, then the outcome);
/// afterwards the address, the name, the phone number and the chat id appear nowhere in the database: on SQLite in the
/// bytes of the database file and its write-ahead log, on PostgreSQL in any text or bytea column of any table.
/// </summary>
public abstract class ErasureTests<TApplication>(TApplication app) : IClassFixture<TApplication>
    where TApplication : ReviewApplication
{
    [Theory]
    [InlineData("de")]
    [InlineData("el")]
    [InlineData("fr")]
    public async Task A_researcher_erases_an_address_and_it_is_nowhere_in_the_database_afterwards(string lang)
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var address = $"Maria.Erased.{unique}@Example.org";
        // A name with letters beyond ASCII, as contributors' names are: JSON as stored escapes them ("J\u00FCrgen"), and
        // an answer or a log entry holding the name escaped was left as it was (review43).
        var name = lang switch { "de" => $"Jürgen Weiß{unique}", "el" => $"Νίκος Αντωνίου{unique}", _ => $"Hélène Dubois{unique}" };
        var phone = $"+30 21 0{unique[..6].Select(c => (char)('0' + c % 10)).Aggregate("", (s, c) => s + c)}";
        var chatUser = $"dl_{unique}chatuser";
        var conversation = $"conv-{unique}";
        var seeded = await SeedAsync(lang, address, name, phone, chatUser, conversation);
        var researcher = await app.SignedInAsync();

        var screen = await researcher.GetStringAsync("/review/contributors?email=" + Uri.EscapeDataString(address));
        Assert.Contains("id=\"contributor-erase-form\"", screen, StringComparison.Ordinal);
        var token = ReviewApplication.TokenAsync(researcher, "/review/contributors?email=" + Uri.EscapeDataString(address));
        var question = await ReviewApplication.PostFormAsync(researcher, "/review/contributors/erase", await token, ("email", address.ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.OK, question.StatusCode);
        var questionHtml = await question.Content.ReadAsStringAsync();
        Assert.Contains("id=\"contributor-erase-question\"", questionHtml, StringComparison.Ordinal);
        Assert.Contains(seeded.Reference, questionHtml, StringComparison.Ordinal);
        // Nothing is erased before the confirmation.
        Assert.Equal(address, await app.WithDbAsync(db => db.Practices.Where(p => p.Id == seeded.Id).Select(p => p.ContributorEmail).SingleAsync()));

        var refused = await ReviewApplication.PostFormAsync(researcher, "/review/contributors/erase", "", ("email", address), ("confirm", "yes"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var done = await ReviewApplication.PostFormAsync(researcher, "/review/contributors/erase", await ReviewApplication.TokenAsync(researcher, "/review/contributors"),
            ("email", address.ToUpperInvariant()), ("confirm", "yes"));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var doneHtml = await done.Content.ReadAsStringAsync();
        Assert.Contains("data-practices=\"1\"", doneHtml, StringComparison.Ordinal);
        Assert.Contains("data-raw-inputs=\"4\"", doneHtml, StringComparison.Ordinal);
        Assert.Contains("data-identities=\"2\"", doneHtml, StringComparison.Ordinal);

        // The practice stays, with its content and "[erased]" contacts in its language; the log says who erased and when.
        var texts = app.Services.GetRequiredService<Texts>();
        var marker = texts.Get(ContributorErasure.MarkerMessageKey, lang);
        var (practice, events) = await app.WithDbAsync(async db => (
            await db.Practices.AsNoTracking().Include(p => p.Answers).Include(p => p.Identities).SingleAsync(p => p.Id == seeded.Id),
            await db.PracticeEvents.AsNoTracking().Where(e => e.PracticeId == seeded.Id && e.Kind == ContributorErasure.EventKind).ToListAsync()));
        Assert.Null(practice.ContributorEmail);
        Assert.Empty(practice.Identities);
        Assert.All(ContributorErasure.ContactQuestions, q => Assert.Equal(marker, practice.Answers.Single(a => a.QuestionId == q).Original));
        Assert.Equal(seeded.Title, practice.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.Equal($"Zusammen mit {marker}", practice.Answers.Single(a => a.QuestionId == "description").Original);
        Assert.Equal($"Zusammen mit {marker}", JsonSerializer.Deserialize<string>(practice.Answers.Single(a => a.QuestionId == "description").ValueJson!));
        var logged = Assert.Single(events);
        Assert.Equal("researcher:" + ReviewApplication.ResearcherEmail, logged.Actor);
        var counts = JsonNode.Parse(logged.NewValue!)!;
        Assert.Equal("researcher", (string)counts["requested_by"]!);
        Assert.Equal(4, (int)counts["raw_inputs"]!);

        // The unrelated practice keeps its contributor.
        Assert.NotNull(await app.WithDbAsync(db => db.Practices.Where(p => p.Id == seeded.OtherId).Select(p => p.ContributorEmail).SingleAsync()));

        foreach (var secret in new[] { address, name, phone, chatUser })
        {
            await AssertNowhereAsync(secret);
            // And as JSON writes it, where it escapes letters beyond ASCII and "+".
            var escaped = JsonSerializer.Serialize(secret)[1..^1];
            if (escaped != secret)
            {
                await AssertNowhereAsync(escaped);
            }
        }
    }

    private sealed record Seeded(Guid Id, string Reference, string Title, Guid OtherId);

    /// <summary>A practice of the contributor with everything that may hold them, and another contributor's practice.</summary>
    private async Task<Seeded> SeedAsync(string lang, string address, string name, string phone, string chatUser, string conversation)
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: lang, change: p =>
        {
            p.ContributorEmail = address;
            p.Identities.Clear();
            p.Identities.Add(new ContributorIdentity { Channel = Channels.Email, ExternalId = address.ToLowerInvariant() });
            p.Identities.Add(new ContributorIdentity { Channel = "webchat", ExternalId = chatUser });
            ReviewApplication.Set(p, "contact_email", JsonSerializer.Serialize(address), address);
            ReviewApplication.Set(p, "contact_name", JsonSerializer.Serialize(name), name);
            ReviewApplication.Set(p, "contact_phone", JsonSerializer.Serialize(phone), phone);
            ReviewApplication.Set(p, "description", JsonSerializer.Serialize($"Zusammen mit {name}"), $"Zusammen mit {name}");
        });
        var other = await app.NewPracticeAsync(PracticeStatus.Submitted, language: lang);
        var title = practice.Answers.Single(a => a.QuestionId == "title").Original;
        var now = DateTimeOffset.UtcNow;
        var lower = address.ToLowerInvariant();
        // A quoted-printable body splits the address over a soft line break and writes "@" as "=40".
        var split = address.Length / 2;
        var mail = $"Return-Path: <{lower}>\r\nFrom: \"{name}\" <{address}>\r\nTo: practices@regin.test\r\nSubject: Praxis\r\nMessage-ID: <{Guid.NewGuid():N}@example.org>\r\n" +
            $"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nKontakt: {address[..split].Replace("@", "=40", StringComparison.Ordinal)}=\r\n{address[split..].Replace("@", "=40", StringComparison.Ordinal)}\r\nTel. {phone}\r\n";
        var activity = new JsonObject
        {
            ["type"] = "message", ["id"] = "a1", ["channelId"] = "webchat", ["text"] = address,
            ["from"] = new JsonObject { ["id"] = chatUser, ["name"] = name, ["role"] = "user" },
            ["conversation"] = new JsonObject { ["id"] = conversation },
        }.ToJsonString();
        await app.WithDbAsync(async db =>
        {
            db.RawInputs.Add(new RawInput { PracticeId = practice.Id, Channel = "email", DedupKey = $"mid:{lower}-1", ConversationId = lower, ContentType = "message/rfc822", Content = Encoding.UTF8.GetBytes(mail), ReceivedAt = now, Outcome = "processed", OutcomeDetail = $"from {lower}" });
            db.RawInputs.Add(new RawInput { PracticeId = practice.Id, Channel = "webchat", DedupKey = $"{conversation}|a1", ConversationId = conversation, ContentType = "application/json", Content = Encoding.UTF8.GetBytes(activity), ReceivedAt = now });
            // A mail that named no practice (an ignored one), and a chat message of the conversation filed with none.
            db.RawInputs.Add(new RawInput { Channel = "email", DedupKey = $"sha256:{Guid.NewGuid():N}", ConversationId = lower, ContentType = "message/rfc822", Content = Encoding.UTF8.GetBytes($"From: <{address.ToUpperInvariant()}>\r\nSubject: hi\r\n\r\nhello\r\n"), ReceivedAt = now, Outcome = "ignored" });
            db.RawInputs.Add(new RawInput { Channel = "webchat", DedupKey = $"{conversation}|a0", ConversationId = conversation, ContentType = "application/json", Content = Encoding.UTF8.GetBytes(activity.Replace("\"a1\"", "\"a0\"", StringComparison.Ordinal)), ReceivedAt = now });
            db.PracticeEvents.Add(new PracticeEvent { PracticeId = practice.Id, At = now, Actor = $"email:{lower}", Kind = "answer_set", QuestionId = "contact_email", NewValue = JsonSerializer.Serialize(address) });
            db.PracticeEvents.Add(new PracticeEvent { PracticeId = practice.Id, At = now, Actor = $"webchat:{chatUser}", Kind = "answer_set", QuestionId = "description", NewValue = JsonSerializer.Serialize($"Zusammen mit {name}") });
            db.Flags.Add(new Flag { PracticeId = practice.Id, Reason = "sender_not_authenticated", Detail = $"{lower}: dkim=fail", CreatedAt = now });
            db.MailOutbox.Add(new MailOutboxMessage { DedupKey = $"limit:{lower}:x", Recipient = lower, PracticeId = practice.Id, Content = Encoding.UTF8.GetBytes($"To: {address}\r\n\r\nDear {name}"), CreatedAt = now.UtcDateTime, NextAttemptAt = now.UtcDateTime, State = MailOutboxStates.Sent });
            db.ContributorNotifications.Add(new ContributorNotification { PracticeId = practice.Id, Kind = "changes_requested", Channel = Channels.Email, Recipient = lower, Language = lang, PracticeReference = practice.Reference, Message = $"Dear {name}", CreatedBy = "researcher:x", CreatedAt = now });
            db.Set<ChatStateItem>().Add(new ChatStateItem { Key = $"webchat/users/{chatUser}", Document = "{\"Language\":\"de\"}", ETag = "1", UpdatedAt = now });
            db.Set<ChatStateItem>().Add(new ChatStateItem { Key = $"webchat/conversations/{conversation}/users/{chatUser}", Document = $"{{\"PracticeId\":\"{practice.Id}\"}}", ETag = "1", UpdatedAt = now });
            db.Set<ChatStateItem>().Add(new ChatStateItem { Key = $"webchat/conversations/{conversation}/owner", Document = $"{{\"UserId\":\"{chatUser}\"}}", ETag = "1", UpdatedAt = now });
            db.Set<DirectLineConversation>().Add(new DirectLineConversation { Id = conversation, UserId = chatUser, Locale = lang, CreatedAt = now, UpdatedAt = now });
            db.Set<DirectLineActivity>().Add(new DirectLineActivity { ConversationId = conversation, Watermark = 1, ActivityId = conversation + "|1", Json = activity, CreatedAt = now });
            return await db.SaveChangesAsync();
        });
        return new Seeded(practice.Id, practice.Reference, title, other.Id);
    }

    private async Task AssertNowhereAsync(string secret)
    {
        if (app.DatabaseFile is { } file)
        {
            // The bytes of the database and of its write-ahead log, as UTF-8, case ignored.
            foreach (var path in new[] { file, file + "-wal" }.Where(File.Exists))
            {
                byte[] bytes;
                await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                {
                    using var copy = new MemoryStream();
                    await stream.CopyToAsync(copy);
                    bytes = copy.ToArray();
                }
                var needle = Encoding.UTF8.GetBytes(secret.ToLowerInvariant());
                var lowered = Lower(bytes);
                var at = lowered.AsSpan().IndexOf(needle);
                // Lower() lowers ASCII only: a Greek name is also looked for as written.
                at = at >= 0 ? at : bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret));
                Assert.True(at < 0, $"\"{secret}\" is still in {Path.GetFileName(path)} at byte {at} (page {at / 4096}): {(at < 0 ? "" : Encoding.UTF8.GetString(bytes, Math.Max(0, at - 120), Math.Min(300, bytes.Length - Math.Max(0, at - 120))))}");
            }
            return;
        }
        var found = await app.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            var columns = new List<(string Table, string Column, string Type)>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'bytea', 'jsonb', 'json', 'character')";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
                }
            }
            // (The bytes in the input's row on PostgreSQL: migration RawInputBytesInRow.)
            Assert.Contains(columns, c => c.Table == "raw_inputs" && c.Column == "Content");
            var hits = new List<string>();
            foreach (var (table, column, type) in columns)
            {
                await using var command = connection.CreateCommand();
                // bytea's escape format doubles a backslash and writes bytes beyond ASCII as octal: the bytes are also
                // looked for as they are (a name beyond ASCII, as written).
                var value = type == "bytea" ? $"encode(\"{column}\", 'escape')" : $"\"{column}\"::text";
                command.CommandText = type == "bytea"
                    ? $"SELECT count(*) FROM \"{table}\" WHERE strpos(lower({value}), @needle) > 0 OR position(@bytes in \"{column}\") > 0"
                    : $"SELECT count(*) FROM \"{table}\" WHERE strpos(lower({value}), @needle) > 0";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "needle";
                parameter.Value = type == "bytea" ? secret.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal) : secret.ToLowerInvariant();
                command.Parameters.Add(parameter);
                if (type == "bytea")
                {
                    var bytes = command.CreateParameter();
                    bytes.ParameterName = "bytes";
                    bytes.Value = Encoding.UTF8.GetBytes(secret);
                    command.Parameters.Add(bytes);
                }
                if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    hits.Add($"{table}.{column}");
                }
            }
            return hits;
        });
        Assert.True(found.Count == 0, $"\"{secret}\" is still in {string.Join(", ", found)}");
    }

    /// <summary>ASCII letters lowered; the other bytes (UTF-8 of Greek and accented letters) as they are, as the secrets are written.</summary>
    private static byte[] Lower(byte[] bytes)
    {
        var lowered = new byte[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            lowered[i] = bytes[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(bytes[i] + 32) : bytes[i];
        }
        return lowered;
    }
}

public sealed class ErasureTestsOnSqlite(ReviewApplication app) : ErasureTests<ReviewApplication>(app);

public sealed class ErasureTestsOnPostgreSql(PostgreSqlReviewApplication app) : ErasureTests<PostgreSqlReviewApplication>(app);
