using System.Net;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Regin.Bot.Tests.Review;
using Regin.Bot.Tests.WebChat;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;
using Regin.Testing;

namespace Regin.Bot.Tests.ScaleOut;

/// <summary>
/// Two bot host processes on one PostgreSQL database, started at the same moment on an empty database (they migrate it
/// once), with the chat notification worker on in both. No DirectLine:Secret: tokens are signed with the key ring in the
/// database, so a token one host issued is good on the other; and so is the web chat user's cookie.
/// </summary>
public sealed class TwoBotHosts : IAsyncLifetime
{
    private static readonly TimeSpan StartDeadline = Eventually.Deadline; // two starts at once on a busy 2-core machine (wait on /healthz)

    public static readonly TimeSpan StreamFallback = TimeSpan.FromMinutes(10);

    public TestDatabase Database { get; private set; } = null!;

    public BotHostProcess A { get; private set; } = null!;

    public BotHostProcess B { get; private set; } = null!;

    /// <summary>From the two starts to both hosts' first 200 on /healthz (written to a test's output).</summary>
    public TimeSpan StartedIn { get; private set; }

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(TestProviders.PostgreSql, migrated: false);
        var settings = new Dictionary<string, string?>(Database.Settings)
        {
            ["Review:Admin:Email"] = ReviewApplication.AdminEmail,
            ["Review:Admin:Password"] = ReviewApplication.AdminPassword,
            ["Chat:NotificationPollSeconds"] = "1",
            ["DirectLine:PostsPerMinute"] = "10000",
            ["DirectLine:StartsPerMinute"] = "10000",
            // A stream rereads the database after this much silence (its only fallback): the longest allowed, so that
            // within a test only the LISTEN/NOTIFY signal can bring another host's append in time.
            ["DirectLine:StreamKeepAlive"] = StreamFallback.ToString(),
            // No chat warm-up (its own tests are ChatWarmUpTests): it rehearses the whole questionnaire in 8 languages
            // on PostgreSQL temporary tables and prepares the pool's sessions before /healthz says ready, which nothing
            // here needs; two hosts doing it at once at a load of ~75 on 2 cores did not answer within the start deadline
            // (session 43, all 9 cases failed in the fixture).
            ["Chat:WarmUp"] = "false",
        };
        var clock = Stopwatch.StartNew();
        var starting = new[] { BotHostProcess.StartAsync(settings, StartDeadline), BotHostProcess.StartAsync(settings, StartDeadline) };
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            // The host that did start must not outlive the failed fixture.
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }
            await Database.DisposeAsync();
            throw;
        }
        (A, B) = (starting[0].Result, starting[1].Result);
        StartedIn = clock.Elapsed;
    }

    public HttpClient Client(BotHostProcess host, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = host.Address };

    public async Task<T> WithDbAsync<T>(Func<ReginDbContext, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var db = new ReginDbContext(Database.ContextOptions());
        return await read(db);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (A is not null)
            {
                await A.DisposeAsync();
            }
        }
        finally
        {
            try
            {
                if (B is not null)
                {
                    await B.DisposeAsync();
                }
            }
            finally
            {
                if (Database is not null)
                {
                    await Database.DisposeAsync();
                }
            }
        }
    }
}

public sealed class TwoHostsTests(TwoBotHosts hosts, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<TwoBotHosts>
{
    private const string Request = "Per favore aggiunga il budget.";

    /// <summary>
    /// A page token from <paramref name="issuer"/>, used to start the conversation on <paramref name="starter"/>; the user
    /// is the one <paramref name="issuer"/> assigned (bound into the token), whatever the start request's body says.
    /// </summary>
    private async Task<(string ConversationId, string Token, string UserId)> StartWebChatAsync(BotHostProcess issuer, BotHostProcess starter, string locale)
    {
        using var page = hosts.Client(issuer);
        var issued = (await (await page.PostAsync(new Uri("/webchat/token", UriKind.Relative), null)).Content.ReadFromJsonAsync<JsonObject>())!;
        var userId = issued["userId"]!.GetValue<string>();
        using var other = hosts.Client(starter);
        var client = await DirectLineClient.StartAsync(other, issued["token"]!.GetValue<string>(), "someone-else", locale);
        Assert.Equal(issued["conversationId"]!.GetValue<string>(), client.ConversationId);
        return (client.ConversationId, client.Token, userId);
    }

    [Fact]
    public async Task Migrated_once_and_both_hosts_name_the_provider()
    {
        output.WriteLine($"both hosts ready in {hosts.StartedIn.TotalSeconds:F1} s");
        foreach (var host in new[] { hosts.A, hosts.B })
        {
            using var client = hosts.Client(host);
            var health = (await client.GetFromJsonAsync<JsonObject>(new Uri("/healthz", UriKind.Relative)))!;
            Assert.Equal("PostgreSQL", health["provider"]!.GetValue<string>());
        }
        var applied = await hosts.WithDbAsync(db => db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(applied.Distinct().Count(), applied.Count());
        Assert.Empty(await hosts.WithDbAsync(db => db.Database.GetPendingMigrationsAsync()));
    }

    [Fact]
    public async Task A_web_chat_conversation_alternating_between_hosts_completes_with_nothing_lost_or_doubled()
    {
        var (conversationId, token, user) = await StartWebChatAsync(hosts.A, hosts.B, "it-IT");
        using var httpA = hosts.Client(hosts.A);
        using var httpB = hosts.Client(hosts.B);
        DirectLineClient[] clients = [DirectLineClient.Resume(httpA, conversationId, token), DirectLineClient.Resume(httpB, conversationId, token)];

        var posted = 0;
        var confirmed = false;
        JsonArray activities = await clients[0].PollAsync();
        for (var turn = 0; turn < 40; turn++)
        {
            var last = activities.LastOrDefault(a => a?["from"]?["role"]?.GetValue<string>() == "bot");
            var questionId = last?["channelData"]?["questionId"]?.GetValue<string>();
            string answer;
            if (questionId is null)
            {
                if (posted == 0 || confirmed)
                {
                    break;
                }
                answer = "sì"; // yes to "submit now?" (Web Chat shows it as a card; typing works everywhere)
                confirmed = true;
            }
            else
            {
                answer = ItalianAnswer(questionId);
            }
            // Turns alternate between the hosts; each host's poll starts where the other left off.
            var client = clients[turn % 2];
            var reader = clients[(turn + 1) % 2];
            await client.PostAsync(DirectLineClient.Message(answer, user, locale: "it-IT"));
            posted++;
            activities = await client.PollAsync();
            await reader.PollAsync();
        }

        var practice = await hosts.WithDbAsync(db => db.Practices.Include(p => p.Answers)
            .SingleAsync(p => db.ContributorIdentities.Any(i => i.PracticeId == p.Id && i.Channel == "webchat" && i.ExternalId == user)));
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
        Assert.Equal(31, practice.Answers.Count);
        Assert.Equal("\"ITF4\"", practice.Answers.Single(a => a.QuestionId == "region").ValueJson);

        // Every message once in the raw-input log and once in the transcript; every turn answered once, no apology.
        var raw = await hosts.WithDbAsync(db => db.RawInputs.CountAsync(r => r.Channel == "webchat" && r.ConversationId == conversationId && r.PracticeId == practice.Id));
        Assert.Equal(posted, raw);
        var transcript = DirectLineClient.Resume(httpB, conversationId, token);
        var all = await transcript.PollAsync();
        Assert.Equal(posted, all.Count(a => a?["from"]?["role"]?.GetValue<string>() == "user"));
        var watermarks = all.Select(a => a!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(watermarks.Count, watermarks.Distinct().Count());
    }

    [Fact]
    public async Task First_answers_of_many_chats_at_once_on_both_hosts_make_one_draft_each_with_distinct_numbers()
    {
        // Twelve chats, half on each host, all answering their first question at the same moment: each makes a new
        // draft, whose number comes from the database's sequence without a lock held to the turn's commit.
        var on = Enumerable.Range(0, 12).Select(i => i % 2 == 0 ? hosts.A : hosts.B).ToList();
        var chats = await Task.WhenAll(on.Select(host => StartWebChatAsync(host, host, "it-IT")));
        var http = on.Select(host => hosts.Client(host)).ToList();
        try
        {
            var clients = chats.Select((chat, i) => DirectLineClient.Resume(http[i], chat.ConversationId, chat.Token)).ToList();
            await Task.WhenAll(clients.Select(client => client.PollAsync()));
            await Task.WhenAll(clients.Select((client, i) => client.PostAsync(DirectLineClient.Message("Maria Rossi", chats[i].UserId, locale: "it-IT"))));
            // Every chat was answered with its next question.
            foreach (var client in clients)
            {
                var last = (await client.PollAsync()).LastOrDefault(a => a?["from"]?["role"]?.GetValue<string>() == "bot");
                Assert.Equal("contact_organisation", last?["channelData"]?["questionId"]?.GetValue<string>());
            }
        }
        finally
        {
            http.ForEach(client => client.Dispose());
        }

        var users = chats.Select(chat => chat.UserId).ToList();
        var numbers = await hosts.WithDbAsync(db => db.Practices
            .Where(p => db.ContributorIdentities.Any(i => i.PracticeId == p.Id && i.Channel == "webchat" && users.Contains(i.ExternalId)))
            .Select(p => p.Number).ToListAsync());
        Assert.Equal(12, numbers.Count);
        Assert.Equal(12, numbers.Distinct().Count());
    }

    // The answers an Italian contributor gives, by question (the first item of a choice).
    internal static string ItalianAnswer(string questionId) => questionId switch
    {
        "contact_name" => "Maria Rossi",
        // No place in the contributor's organisation: the region would be offered from "Regione Puglia" (session 47).
        "contact_organisation" => "Assessorato al Welfare",
        "lead_organisation" or "partners" => "Regione Puglia",
        "contact_email" => "maria.rossi@regione.puglia.it",
        "contact_phone" => "+39 080 540 1111",
        "title" => "Sportelli di accoglienza per i nuovi arrivati",
        "country" => "Italia",
        "region" => "Puglia",
        "start_date" => "03/2019",
        "end_date" => "2023-12",
        "beneficiaries_count" => "1.250",
        "budget_eur" => "€120k",
        "website" => "www.regione.puglia.it",
        "consent_publish" => "sì",
        "lead_organisation_type" or "regional_authority_role" or "integration_areas" or "target_groups" or "funding_sources" => "1",
        _ => "I nuovi arrivati non sapevano dove trovare aiuto; la regione ha aperto degli sportelli.",
    };

    [Fact]
    public async Task A_Bot_Framework_conversation_alternating_between_hosts_over_api_messages_completes_with_nothing_lost_or_doubled()
    {
        var conversation = "bf-" + Guid.NewGuid().ToString("N");
        var user = "bf-user-" + Guid.NewGuid().ToString("N");
        using var httpA = hosts.Client(hosts.A);
        using var httpB = hosts.Client(hosts.B);
        HttpClient[] clients = [httpA, httpB];
        var turns = 0;
        async Task<JsonArray> SendAsync(string text)
        {
            // Each turn on the other host (Bot Framework's endpoint, replies in the response): the state the other wrote.
            using var response = await clients[turns++ % 2].PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), new JsonObject
            {
                ["type"] = "message",
                ["id"] = Guid.NewGuid().ToString("N"),
                ["channelId"] = "webchat",
                ["serviceUrl"] = "http://localhost/",
                ["deliveryMode"] = "expectReplies",
                ["locale"] = "it-IT",
                ["from"] = new JsonObject { ["id"] = user, ["role"] = "user" },
                ["recipient"] = new JsonObject { ["id"] = "regin-bot" },
                ["conversation"] = new JsonObject { ["id"] = conversation },
                ["text"] = text,
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["activities"]!.AsArray();
        }

        var replies = await SendAsync("Ciao");
        var confirmed = false;
        for (var turn = 0; turn < 60; turn++)
        {
            var questionId = replies.LastOrDefault(a => a?["channelData"]?["questionId"] is not null)?["channelData"]!["questionId"]!.GetValue<string>();
            if (questionId is null)
            {
                if (confirmed)
                {
                    break;
                }
                confirmed = true;
                replies = await SendAsync("sì"); // yes to "submit now?"
                continue;
            }
            replies = await SendAsync(ItalianAnswer(questionId));
        }

        var practice = await hosts.WithDbAsync(db => db.Practices.Include(p => p.Answers)
            .SingleAsync(p => db.ContributorIdentities.Any(i => i.PracticeId == p.Id && i.Channel == "webchat" && i.ExternalId == user)));
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
        Assert.Equal(31, practice.Answers.Count);
        Assert.Equal("\"ITF4\"", practice.Answers.Single(a => a.QuestionId == "region").ValueJson);
        Assert.True(turns > 30, $"{turns} turns");
        // Every message once in the raw-input log, on whichever host took it.
        Assert.Equal(turns, await hosts.WithDbAsync(db => db.RawInputs.CountAsync(r => r.ConversationId == conversation)));
    }

    [Fact]
    public async Task Two_turns_of_one_conversation_at_the_same_instant_on_two_hosts_are_both_answered_in_turn()
    {
        for (var round = 0; round < 3; round++)
        {
            var (conversationId, token, user) = await StartWebChatAsync(hosts.B, hosts.A, "en-GB");
            using var httpA = hosts.Client(hosts.A);
            using var httpB = hosts.Client(hosts.B);
            var onA = DirectLineClient.Resume(httpA, conversationId, token);
            var onB = DirectLineClient.Resume(httpB, conversationId, token);
            await onA.PollAsync();

            // The first two questions (name, organisation) take any text: both answers must be kept, one per question.
            await Task.WhenAll(
                onA.PostAsync(DirectLineClient.Message("Anna Berg", user, locale: "en-GB")),
                onB.PostAsync(DirectLineClient.Message("Region Skane", user, locale: "en-GB")));

            var answers = await hosts.WithDbAsync(db => db.Answers
                .Where(a => db.ContributorIdentities.Any(i => i.PracticeId == a.PracticeId && i.Channel == "webchat" && i.ExternalId == user))
                .ToDictionaryAsync(a => a.QuestionId, a => a.Original));
            Assert.Equal(["contact_name", "contact_organisation"], answers.Keys.Order());
            Assert.Equal(["Anna Berg", "Region Skane"], answers.Values.Order());
            var activities = await onB.PollAsync();
            Assert.Equal("contact_email", DirectLineClient.QuestionOf(activities));
        }
    }

    [Fact]
    public async Task A_researcher_signed_in_on_one_host_posts_a_form_on_the_other_and_the_message_is_sent_once()
    {
        var (conversationId, token, user) = await StartWebChatAsync(hosts.A, hosts.A, "it-IT");
        using var httpA = hosts.Client(hosts.A);
        var chat = DirectLineClient.Resume(httpA, conversationId, token);
        await chat.PostAsync(DirectLineClient.Message("Giulia Rossi", user, locale: "it-IT"));
        var practiceId = await hosts.WithDbAsync(async db =>
        {
            var id = await db.ContributorIdentities.Where(i => i.Channel == "webchat" && i.ExternalId == user).Select(i => i.PracticeId).SingleAsync();
            await db.Practices.Where(p => p.Id == id).ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, PracticeStatus.Submitted));
            return id;
        });
        var reference = Practice.FormatReference(await hosts.WithDbAsync(db => db.Practices.Where(p => p.Id == practiceId).Select(p => p.Number).SingleAsync()));

        // Signed in on A (cookie and antiforgery protected with the shared key ring) ...
        var cookies = new CookieContainer();
        using var researcherOnA = hosts.Client(hosts.A, cookies);
        using var researcherOnB = hosts.Client(hosts.B, cookies);
        var signedIn = await ReviewApplication.SignInAsync(researcherOnA, ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        // ... the form comes from A, and is posted to B.
        var path = $"/review/practices/{reference}";
        var page = await researcherOnA.GetStringAsync(new Uri(path, UriKind.Relative));
        var response = await ReviewApplication.PostFormAsync(researcherOnB, path + "/request-changes", await ReviewApplication.TokenAsync(researcherOnA, path),
            ("message", Request), ("version", ReviewApplication.Version(page)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await researcherOnB.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);

        // Both hosts' workers look every second: the message is claimed by one, sent once.
        var deadline = DateTime.UtcNow + Eventually.Deadline;
        ContributorNotification notification;
        while (true)
        {
            notification = await hosts.WithDbAsync(db => db.ContributorNotifications.AsNoTracking().SingleAsync(n => n.PracticeId == practiceId));
            if (notification.State == ContributorNotificationStates.Sent || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(200);
        }
        Assert.True(notification.State == ContributorNotificationStates.Sent, $"{notification.State}: {notification.Error}\n{hosts.A.Output}\n{hosts.B.Output}");
        Assert.Equal(1, notification.Attempts);
        var texts = DirectLineClient.BotTexts(await DirectLineClient.Resume(hosts.Client(hosts.B), conversationId, token).PollAsync());
        Assert.Single(texts, t => t.Contains(Request, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stream_on_host_B_receives_the_reply_to_a_message_posted_on_host_A_by_notification()
    {
        var (conversationId, token, user) = await StartWebChatAsync(hosts.A, hosts.A, "en-GB");
        using var httpA = hosts.Client(hosts.A);
        using var httpB = hosts.Client(hosts.B);
        var onA = DirectLineClient.Resume(httpA, conversationId, token);
        await onA.PollAsync();
        // Host B's stream, from the current watermark: it sends nothing until something is appended.
        var reconnect = await DirectLineClient.Resume(httpB, conversationId, token).SendAsync(HttpMethod.Get, $"/conversations/{conversationId}?watermark={onA.Watermark}", token);
        Assert.Equal(HttpStatusCode.OK, reconnect.StatusCode);
        var resumed = (await reconnect.Content.ReadFromJsonAsync<JsonObject>())!;
        await using var stream = await StreamClient.ConnectAsync(resumed["streamUrl"]!.GetValue<string>());
        // Whether the append commits before the stream has subscribed (its first read finds it) or after (the notice wakes it), nothing is missed.

        await onA.PostAsync(DirectLineClient.Message("Nora Notified", user, locale: "en-GB"));
        var committed = Stopwatch.StartNew();
        var received = await stream.ReceiveUntilAsync(a => QuestionOf(a) == "contact_organisation");
        output.WriteLine($"first reply on host B {committed.Elapsed.TotalMilliseconds:F0} ms after the POST on host A returned (its first read or the notice)");
        Assert.Contains(received, a => a["text"]?.GetValue<string>() == "Nora Notified");

        // The stream has sent a set, so it is past its first read: from here it reads again only when told (for another
        // host's append, by PostgreSQL's NOTIFY), after a full set (500 activities) or after a keep-alive frame (its
        // fallback, every 10 minutes here). The reply to the second message coming with no keep-alive frame before it is
        // therefore the notice's doing, however long a loaded machine took (the wait has the deadline of any real
        // condition; the time is printed, not asserted: "within a minute" stood in for this until session 58).
        await onA.PostAsync(DirectLineClient.Message("nordic refugee council", user, locale: "en-GB"));
        committed.Restart();
        received = await stream.ReceiveUntilAsync(a => QuestionOf(a) == "contact_email");
        output.WriteLine($"second reply on host B {committed.Elapsed.TotalMilliseconds:F0} ms after the POST on host A returned, {stream.KeepAlives} keep-alive frames (fallback: {TwoBotHosts.StreamFallback})");
        Assert.Equal(0, stream.KeepAlives);
        Assert.Contains(received, a => a["text"]?.GetValue<string>() == "nordic refugee council");
    }

    private static string? QuestionOf(JsonObject activity) =>
        activity["from"]?["role"]?.GetValue<string>() == "bot" ? activity["channelData"]?["questionId"]?.GetValue<string>() : null;

    [Fact]
    public async Task A_turn_tells_the_other_hosts_once_when_it_commits_at_its_last_position()
    {
        var (conversationId, token, user) = await StartWebChatAsync(hosts.A, hosts.A, "en-GB");
        using var httpA = hosts.Client(hosts.A);
        var onA = DirectLineClient.Resume(httpA, conversationId, token);
        await onA.PollAsync();
        var heard = new System.Collections.Concurrent.ConcurrentQueue<string>();
        // A listener of its own, as another host's: every notice of this conversation, in the order PostgreSQL delivers them.
        await using var listener = new Npgsql.NpgsqlConnection(hosts.Database.ConnectionString);
        await listener.OpenAsync();
        listener.Notification += (_, e) =>
        {
            if (e.Payload.EndsWith(" " + conversationId, StringComparison.Ordinal))
            {
                heard.Enqueue(e.Payload);
            }
        };
        await using (var listen = new Npgsql.NpgsqlCommand($"LISTEN {Regin.Bot.DirectLine.PostgreSqlActivityAppendedSignal.Channel}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        await onA.PostAsync(DirectLineClient.Message("Nora Notified", user, locale: "en-GB"));
        var turn = await onA.PollAsync();
        var last = long.Parse(onA.Watermark, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(turn.Count >= 2, $"the message and at least one reply: {turn.ToJsonString()}");
        // The turn's notice was sent with its commit, before the POST returned; it is delivered to the listener by now or
        // soon: wait for it (deadline), then for anything more a listener could still get from this turn.
        using (var deadline = new CancellationTokenSource(Eventually.Deadline))
        {
            while (heard.IsEmpty)
            {
                await listener.WaitAsync(deadline.Token);
            }
        }
        // Nothing else of the turn can follow (its one transaction is committed); a round trip on the listening session
        // takes any notice still queued for it.
        await using (var ping = new Npgsql.NpgsqlCommand("SELECT 1", listener))
        {
            await ping.ExecuteScalarAsync();
        }

        // One notice for the message and its replies (it used to be one per append: the message, then the replies), at the
        // turn's last position.
        var notice = Assert.Single(heard);
        Assert.Equal(last, long.Parse(notice.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_web_chat_user_cookie_set_by_host_A_is_read_by_host_B()
    {
        var cookies = new CookieContainer();
        using var onA = hosts.Client(hosts.A, cookies);
        using var onB = hosts.Client(hosts.B, cookies);
        var first = (await (await onA.PostAsync(new Uri("/webchat/token", UriKind.Relative), null)).Content.ReadFromJsonAsync<JsonObject>())!;
        var second = (await (await onB.PostAsync(new Uri("/webchat/token", UriKind.Relative), null)).Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(first["userId"]!.GetValue<string>(), second["userId"]!.GetValue<string>());
        Assert.NotEqual(first["conversationId"]!.GetValue<string>(), second["conversationId"]!.GetValue<string>());
    }
}
