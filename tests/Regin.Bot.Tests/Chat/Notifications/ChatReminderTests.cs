using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Regin.Bot.Tests.WebChat;
using Regin.Core.Localisation;
using Regin.Core.Persistence;
using Regin.Core.Questionnaire;
using Regin.Core.Reminders;
using Regin.Core.Review;

namespace Regin.Bot.Tests.Chat.Notifications;

/// <summary>
/// A web chat draft that stalls gets a reminder in its conversation (a proactive message on the local Direct Line),
/// in the draft's language, from the bot host's own scheduler and chat sender; "no reminders" stops them.
/// </summary>
/// <remarks>Run on both providers: <see cref="ChatReminderTestsOnSqlite"/>, <see cref="ChatReminderTestsOnPostgreSql"/>.</remarks>
public abstract class ChatReminderTests<TApplication>
    where TApplication : ReginApplication, new()
{
    private const string Secret = "remind-secret-62d0b9f4e17a3c8d55";

    private static WebApplicationFactory<Program> Host(ReginApplication app) => app.WithWebHostBuilder(builder =>
    {
        builder.UseSetting("DirectLine:Secret", Secret);
        // Seconds instead of days, so the test sees the whole cycle.
        builder.UseSetting("Reminders:FirstAfter", "00:00:02");
        builder.UseSetting("Reminders:Every", "00:00:02");
        builder.UseSetting("Reminders:Max", "1");
        builder.UseSetting("Reminders:QuietHours", "");
        builder.UseSetting("Reminders:PollSeconds", "0.2");
        builder.UseSetting("Chat:NotificationPollSeconds", "1");
    });

    [Theory]
    [InlineData("de-DE", "Europe/Berlin", "Sie haben vor", "{0} von 31 Fragen ist beantwortet", "{0} von 31 Fragen sind beantwortet", "keine Erinnerungen", "Sie erhalten keine Erinnerungen mehr zu")]
    [InlineData("it-IT", "Europe/Rome", "Ha iniziato", "ha risposto a {0} domanda su 31", "ha risposto a {0} domande su 31", "niente promemoria", "non riceverà più promemoria per")]
    [InlineData("el-GR", "Europe/Athens", "Ξεκινήσατε", "έχετε απαντήσει σε {0} από τις 31 ερωτήσεις", "έχετε απαντήσει σε {0} από τις 31 ερωτήσεις", "χωρίς υπενθυμίσεις", "δεν θα λαμβάνετε πλέον υπενθυμίσεις")]
    public async Task A_stalled_chat_draft_is_reminded_in_its_conversation_and_no_reminders_stops_them(
        string locale, string timeZone, string started, string progressOne, string progressOther, string stopWords, string acknowledgement)
    {
        // A database of its own: the scheduler looks at every draft of it.
        await using var app = new TApplication();
        var host = Host(app);
        var user = $"user-remind-{locale}";
        var client = await DirectLineClient.StartAsync(host.CreateClient(), Secret, user, locale);
        await client.PostAsync(WithTimeZone(DirectLineClient.Message("Maria Papadopoulou", user, locale: locale), timeZone));
        await client.PollAsync();
        var (practiceId, reference) = await WithDbAsync(host, db => db.ContributorIdentities.Where(i => i.Channel == "webchat" && i.ExternalId == user)
            .Join(db.Practices, i => i.PracticeId, p => p.Id, (i, p) => new { p.Id, p.Number }).SingleAsync()
            .ContinueWith(t => (t.Result.Id, Regin.Core.Persistence.Entities.Practice.FormatReference(t.Result.Number)), TaskScheduler.Default));

        // The contributor says nothing more: the reminder comes into the conversation by itself.
        var reminder = await WaitForBotTextAsync(client, t => t.Contains(reference, StringComparison.Ordinal) && t.Contains(started, StringComparison.Ordinal));
        // On a busy machine the draft (saved first, to take its number) may be seen before its first answer is: the count
        // is whatever was saved when the reminder was written, in the right singular or plural form.
        var answered = await WithDbAsync(host, db => db.Answers.CountAsync(a => a.PracticeId == practiceId));
        var count = ProgressCount(reminder, progressOne, progressOther);
        Assert.True(count is not null && count <= answered, $"{answered} answers; the reminder: {reminder}");
        Assert.Contains(stopWords, reminder, StringComparison.Ordinal);
        // The message is in the transcript a moment before its outbox row is marked sent.
        var row = await SentReminderAsync(host, practiceId);
        Assert.Equal(locale[..2], row.Language);
        Assert.Equal(1, await WithDbAsync(host, db => db.PracticeEvents.CountAsync(e => e.PracticeId == practiceId && e.Kind == ReminderScheduler.EventKind)));

        // "no reminders" in their language: acknowledged, recorded, and no reminder is due any more, however long they wait.
        await client.PostAsync(DirectLineClient.Message(stopWords, user, locale: locale));
        var acknowledged = await WaitForBotTextAsync(client, t => t.Contains(acknowledgement, StringComparison.Ordinal));
        Assert.Contains(reference, acknowledged, StringComparison.Ordinal);
        Assert.Equal(1, await WithDbAsync(host, db => db.PracticeEvents.CountAsync(e => e.PracticeId == practiceId && e.Kind == DraftReminderStops.EventKind)));
        Assert.NotNull(await WithDbAsync(host, db => db.Set<DraftReminder>().Where(r => r.PracticeId == practiceId).Select(r => r.StoppedAt).SingleAsync()));
        var later = await WithDbAsync(host, db => new ReminderScheduler(db, host.Services.GetRequiredService<Texts>(), host.Services.GetRequiredService<QuestionnaireDefinition>(),
            Options.Create(new ReminderOptions { FirstAfter = TimeSpan.FromSeconds(2), Every = TimeSpan.FromSeconds(2), Max = 5, QuietHours = "" }),
            new FixedClock(DateTimeOffset.UtcNow.AddDays(30)), NullLogger<ReminderScheduler>.Instance).RunOnceAsync());
        Assert.Equal(0, later);
    }

    /// <summary>The number of answers the reminder names, when it is written in the form (singular, plural) that fits it.</summary>
    private static int? ProgressCount(string reminder, string one, string other)
    {
        foreach (var (form, singular) in new[] { (one, true), (other, false) })
        {
            var pattern = System.Text.RegularExpressions.Regex.Escape(form).Replace("\\{0}", "(\\d+)", StringComparison.Ordinal);
            var match = System.Text.RegularExpressions.Regex.Match(reminder, pattern);
            if (match.Success && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var count && (count == 1) == singular)
            {
                return count;
            }
            if (match.Success && one == other)
            {
                return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    /// <summary>Web Chat sends the browser's time zone on each message.</summary>
    private static JsonObject WithTimeZone(JsonObject activity, string timeZone)
    {
        activity["localTimezone"] = timeZone;
        return activity;
    }

    private static async Task<string> WaitForBotTextAsync(DirectLineClient client, Func<string, bool> wanted)
    {
        var deadline = DateTime.UtcNow + Eventually.Deadline;
        var seen = new List<string>();
        while (true)
        {
            var texts = DirectLineClient.BotTexts(await client.PollAsync()).ToList();
            seen.AddRange(texts);
            if (texts.FirstOrDefault(wanted) is { } found)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < deadline, "Not received in time; the bot said: " + string.Join(" | ", seen));
            await Task.Delay(200);
        }
    }

    private static async Task<ContributorNotification> SentReminderAsync(WebApplicationFactory<Program> host, Guid practiceId)
    {
        var deadline = DateTime.UtcNow + Eventually.Deadline;
        while (true)
        {
            var rows = await WithDbAsync(host, db => db.ContributorNotifications.AsNoTracking().Where(n => n.PracticeId == practiceId && n.Kind == ReminderScheduler.Kind).ToListAsync());
            var row = Assert.Single(rows);
            if (row.State == ContributorNotificationStates.Sent)
            {
                return row;
            }
            Assert.True(DateTime.UtcNow < deadline, $"The reminder is {row.State} ({row.Error})");
            await Task.Delay(100);
        }
    }

    private static async Task<T> WithDbAsync<T>(WebApplicationFactory<Program> host, Func<ReginDbContext, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ReginDbContext>());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

public sealed class ChatReminderTestsOnSqlite : ChatReminderTests<ReginApplication>;

public sealed class ChatReminderTestsOnPostgreSql : ChatReminderTests<PostgreSqlReginApplication>;
