using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Regin.Core.Localisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Reminders;
using Regin.Core.Review;
using Regin.Core.Tests.Persistence;
using Regin.Testing;

namespace Regin.Core.Tests.Reminders;

/// <summary>
/// The reminder scheduler on a real database: when reminders are due, in which words, how many, never at night, never
/// after a stop, and once however many schedulers race.
/// </summary>
/// <remarks>Run on both providers: <see cref="ReminderSchedulerTestsOnSqlite"/>, <see cref="ReminderSchedulerTestsOnPostgreSql"/>.</remarks>
public abstract class ReminderSchedulerTests(string provider)
{
    // A Monday, 10:00 in Brussels (09:00 UTC): daytime for the default zone.
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static ReminderOptions Settings(string quiet = "21:00-08:00") => new()
    {
        FirstAfter = TimeSpan.FromDays(3),
        Every = TimeSpan.FromDays(7),
        Max = 2,
        QuietHours = quiet,
    };

    private static ReminderScheduler Scheduler(ReginDbContext db, TimeProvider clock, ReminderOptions? settings = null) =>
        new(db, new Texts(TestCore.Questionnaire), TestCore.Questionnaire, Options.Create(settings ?? Settings()), clock, NullLogger<ReminderScheduler>.Instance);

    private static async Task<int> RunAsync(StoreDatabase store, TimeProvider clock, ReminderOptions? settings = null)
    {
        await using var db = store.NewContext();
        return await Scheduler(db, clock, settings).RunOnceAsync();
    }

    /// <summary>A chat draft: the contributor's identity, one message (the raw input, with the zone Web Chat sends) and <paramref name="answered"/> answers.</summary>
    private static async Task<Guid> DraftAsync(StoreDatabase store, int number, string language, int answered, DateTimeOffset at, string? timeZone = null, string status = PracticeStatus.Draft)
    {
        await using var db = store.NewContext();
        var practice = new Practice { Id = Guid.NewGuid(), Number = number, Language = language, Status = status, Channels = "chat", CreatedAt = at, UpdatedAt = at };
        practice.Identities.Add(new ContributorIdentity { Channel = "webchat", ExternalId = $"user-{number}" });
        foreach (var question in TestCore.Questionnaire.Questions.Take(answered))
        {
            practice.Answers.Add(new Answer { QuestionId = question.Id, Original = "x", ValueJson = "\"x\"", UpdatedAt = at, UpdatedBy = $"webchat:user-{number}" });
        }
        db.Practices.Add(practice);
        await db.SaveChangesAsync();
        await MessageAsync(store, practice.Id, number, at, timeZone);
        return practice.Id;
    }

    private static async Task MessageAsync(StoreDatabase store, Guid practiceId, int number, DateTimeOffset at, string? timeZone = null)
    {
        await using var db = store.NewContext();
        var zone = timeZone is null ? "" : $",\"localTimezone\":\"{timeZone}\"";
        var json = $"{{\"type\":\"message\",\"id\":\"{Guid.NewGuid():N}\",\"channelId\":\"webchat\",\"serviceUrl\":\"https://webchat.invalid/\",\"conversation\":{{\"id\":\"conv-{number}\"}},\"from\":{{\"id\":\"user-{number}\"}},\"text\":\"hello\"{zone}}}";
        db.RawInputs.Add(new RawInput
        {
            PracticeId = practiceId, Channel = "webchat", DedupKey = Guid.NewGuid().ToString("N"), ConversationId = $"conv-{number}",
            ContentType = "application/json", Content = Encoding.UTF8.GetBytes(json), ReceivedAt = at,
        });
        await db.SaveChangesAsync();
    }

    private static async Task<List<ContributorNotification>> RemindersAsync(StoreDatabase store, Guid practiceId)
    {
        await using var db = store.NewContext();
        return await db.ContributorNotifications.AsNoTracking().Where(n => n.PracticeId == practiceId && n.Kind == ReminderScheduler.Kind).OrderBy(n => n.Id).ToListAsync();
    }

    private static async Task<int> EventsAsync(StoreDatabase store, Guid practiceId, string kind)
    {
        await using var db = store.NewContext();
        return await db.PracticeEvents.CountAsync(e => e.PracticeId == practiceId && e.Kind == kind);
    }

    [Fact]
    public async Task The_first_reminder_comes_after_FirstAfter_then_every_Every_and_never_more_than_Max()
    {
        await using var store = await StoreDatabase.CreateAsync(provider);
        var id = await DraftAsync(store, 1, "de", answered: 12, Start);
        var clock = new ManualClock(Start + TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));

        Assert.Equal(0, await RunAsync(store, clock));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await RunAsync(store, clock));
        Assert.Equal(0, await RunAsync(store, clock));

        var first = Assert.Single(await RemindersAsync(store, id));
        Assert.Equal(("webchat", "user-1", "conv-1", "de"), (first.Channel, first.Recipient, first.ConversationId, first.Language));
        Assert.Equal(ContributorNotificationStates.Pending, first.State);
        Assert.Contains("Sie haben vor 3 Tagen begonnen, 12 von 31 Fragen sind beantwortet.", first.Text, StringComparison.Ordinal);
        Assert.Contains("„keine Erinnerungen“", first.Text, StringComparison.Ordinal);
        Assert.Equal("REGIN-0001: Ihr Praxisbeispiel wartet auf Sie", first.Subject);

        clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(2));
        Assert.Equal(0, await RunAsync(store, clock));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await RunAsync(store, clock));
        // Max (2) reached: nothing more, however long the draft waits.
        clock.Advance(TimeSpan.FromDays(70));
        Assert.Equal(0, await RunAsync(store, clock));

        var reminders = await RemindersAsync(store, id);
        Assert.Equal(2, reminders.Count);
        Assert.Equal(["1/2", "2/2"], reminders.Select(r => r.Message));
        Assert.Contains("Sie haben vor 10 Tagen begonnen", reminders[1].Text, StringComparison.Ordinal);
        Assert.Equal(2, await EventsAsync(store, id, ReminderScheduler.EventKind));
    }

    [Theory]
    [InlineData("it", 12, "Ha iniziato 3 giorni fa; ha risposto a 12 domande su 31.", "«niente promemoria»")]
    [InlineData("it", 1, "Ha iniziato 3 giorni fa; ha risposto a 1 domanda su 31.", "«continua»")]
    [InlineData("el", 12, "Ξεκινήσατε πριν από 3 ημέρες· έχετε απαντήσει σε 12 από τις 31 ερωτήσεις.", "«χωρίς υπενθυμίσεις»")]
    [InlineData("de", 1, "Sie haben vor 3 Tagen begonnen, 1 von 31 Fragen ist beantwortet.", "„fortsetzen“")]
    [InlineData("sv", 1, "Du började för 3 dagar sedan, och 1 av 31 frågor är besvarad.", "”inga påminnelser”")]
    [InlineData("fr", 12, "Vous avez commencé il y a 3 jours ; vous avez répondu à 12 questions sur 31.", "« pas de rappels »")]
    public async Task The_reminder_says_when_they_started_and_how_far_they_got_in_the_drafts_language(string language, int answered, string progress, string howToStop)
    {
        await using var store = await StoreDatabase.CreateAsync(provider);
        var id = await DraftAsync(store, 1, language, answered, Start);

        Assert.Equal(1, await RunAsync(store, new ManualClock(Start + TimeSpan.FromDays(3) + TimeSpan.FromHours(1))));

        var reminder = Assert.Single(await RemindersAsync(store, id));
        Assert.Equal(language, reminder.Language);
        Assert.Contains(progress, reminder.Text, StringComparison.Ordinal);
        Assert.Contains(howToStop, reminder.Text, StringComparison.Ordinal);
    }

    /// <summary>A mail draft (an e-mail identity, no message yet) with two answers, held open by promises of
    /// <paramref name="promised"/> and with <paramref name="kept"/>'s promise kept (a resolved flag).</summary>
    private static async Task<Guid> PromisedMailDraftAsync(StoreDatabase store, string language, string[] promised, string kept)
    {
        await using var db = store.NewContext();
        var practice = new Practice { Id = Guid.NewGuid(), Number = 1, Language = language, Status = PracticeStatus.Draft, Channels = "email", CreatedAt = Start, UpdatedAt = Start, ContributorEmail = "a.rossi@comune.example" };
        practice.Identities.Add(new ContributorIdentity { Channel = "email", ExternalId = "a.rossi@comune.example" });
        foreach (var question in TestCore.Questionnaire.Questions.Take(2))
        {
            practice.Answers.Add(new Answer { QuestionId = question.Id, Original = "x", ValueJson = "\"x\"", UpdatedAt = Start, UpdatedBy = "email:a.rossi@comune.example" });
        }
        foreach (var id in promised)
        {
            practice.Flags.Add(new Flag { QuestionId = id, Reason = Regin.Core.Normalisation.FlagReasons.AnswerPromised, Detail = "promised on 2026-11-02 (mail #1)", CreatedAt = Start });
        }
        practice.Flags.Add(new Flag { QuestionId = kept, Reason = Regin.Core.Normalisation.FlagReasons.AnswerPromised, Detail = "promised on 2026-11-02 (mail #1); answered on 2026-11-03 by mail #2", CreatedAt = Start, Resolved = true });
        db.Practices.Add(practice);
        await db.SaveChangesAsync();
        return practice.Id;
    }

    [Theory]
    [InlineData("en", "Your practice stays open for the answers you said would follow: ")]
    [InlineData("fr", "Votre pratique reste ouverte pour les réponses que vous nous avez annoncées : ")]
    [InlineData("de", "Ihr Praxisbeispiel bleibt für die Antworten offen, die Sie angekündigt haben: ")]
    [InlineData("es", "Su práctica sigue abierta a la espera de las respuestas que nos anunció: ")]
    [InlineData("it", "La sua pratica resta aperta in attesa delle risposte che ci ha annunciato: ")]
    [InlineData("el", "Η πρακτική σας παραμένει ανοιχτή για τις απαντήσεις που μας είπατε ότι θα ακολουθήσουν: ")]
    [InlineData("pt", "A sua prática continua em aberto à espera das respostas que nos anunciou: ")]
    [InlineData("sv", "Din insats hålls öppen för de svar som du skrev skulle komma senare: ")]
    public async Task The_reminder_of_a_draft_held_by_a_promise_names_the_promised_answers_with_their_keys(string language, string sentence)
    {
        await using var store = await StoreDatabase.CreateAsync(provider);
        // Promised in the mail's order (budget first); the start year's promise was kept and is not named.
        var id = await PromisedMailDraftAsync(store, language, ["budget_eur", "start_date"], kept: "country");

        Assert.Equal(0, await RunAsync(store, new ManualClock(Start + TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1))));
        Assert.Equal(1, await RunAsync(store, new ManualClock(Start + TimeSpan.FromDays(3) + TimeSpan.FromHours(1))));

        var reminder = Assert.Single(await RemindersAsync(store, id));
        Assert.Equal("email", reminder.Channel);
        string Named(string q) => $"[{Regin.Core.Templates.TemplateKeys.KeyOf(TestCore.Questionnaire, q)}] {TestCore.Questionnaire.Questions.Single(x => x.Id == q).Label.In(language)}";
        // In the questionnaire's order, after the progress, the sentence closed as the template closes the progress.
        Assert.Contains(". " + sentence + Named("start_date") + ", " + Named("budget_eur") + ".\n", reminder.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestCore.Questionnaire.Questions.Single(x => x.Id == "country").Label.In(language) + ",", reminder.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chat_reminder_names_the_promised_answers_by_their_labels_and_a_draft_without_promises_says_nothing_of_them()
    {
        await using var store = await StoreDatabase.CreateAsync(provider);
        var held = await DraftAsync(store, 1, "it", 3, Start);
        var plain = await DraftAsync(store, 2, "it", 3, Start);
        await using (var db = store.NewContext())
        {
            db.Flags.Add(new Flag { PracticeId = held, QuestionId = "budget_eur", Reason = Regin.Core.Normalisation.FlagReasons.AnswerPromised, Detail = "promised", CreatedAt = Start });
            await db.SaveChangesAsync();
        }

        Assert.Equal(2, await RunAsync(store, new ManualClock(Start + TimeSpan.FromDays(3) + TimeSpan.FromHours(1))));

        var budget = TestCore.Questionnaire.Questions.Single(x => x.Id == "budget_eur").Label.In("it");
        Assert.Contains("su 31. La sua pratica resta aperta in attesa delle risposte che ci ha annunciato: " + budget + ".", Assert.Single(await RemindersAsync(store, held)).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("[Q", Assert.Single(await RemindersAsync(store, held)).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("resta aperta", Assert.Single(await RemindersAsync(store, plain)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_they_started_counts_from_their_message_even_if_the_draft_was_made_later()
    {
        // A mail waits behind a backlog: the draft's row is made after the message it comes from. Counted from the row,
        // the reminder said they started a minute ago (or "now": ReminderMailTests failed so in a clean-clone run under load).
        await using var store = await StoreDatabase.CreateAsync(provider);
        var id = await DraftAsync(store, 1, "de", 1, Start + TimeSpan.FromDays(3));
        await using (var db = store.NewContext())
        {
            var message = await db.RawInputs.SingleAsync(r => r.PracticeId == id);
            message.ReceivedAt = Start;
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, await RunAsync(store, new ManualClock(Start + TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1))));

        var reminder = Assert.Single(await RemindersAsync(store, id));
        Assert.Contains("Sie haben vor 3 Tagen begonnen", reminder.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_message_from_the_contributor_starts_the_count_again()
    {
        await using var store = await StoreDatabase.CreateAsync(provider);
        var id = await DraftAsync(store, 1, "it", answered: 3, Start);
        var clock = new ManualClock(Start + TimeSpan.FromDays(3));
        Assert.Equal(1, await RunAsync(store, clock));
        clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await RunAsync(store, clock));
        clock.Advance(TimeSpan.FromDays(1));

        // They answer again: the clock starts from this message, and two more reminders may come.
        await MessageAsync(store, id, 1, clock.Now);
        Assert.Equal(0, await RunAsync(store, clock));
        clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(1, await RunAsync(store, clock));
        clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await RunAsync(store, clock));
        clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(0, await RunAsync(store, clock));
        Assert.Equal(4, (await RemindersAsync(store, id)).Count);
    }

    [Fact]
    public async Task Quiet_hours_hold_the_reminder_until_morning_in_the_contributors_own_time_zone()
    {
        await using var store = await StoreDatabase.CreateAsync(provider);
        // 22:30 UTC: 23:30 in Brussels, but 07:30 (next day) in Tokyo and 17:30 in New York.
        var evening = new DateTimeOffset(2026, 11, 2, 22, 30, 0, TimeSpan.Zero);
        var brussels = await DraftAsync(store, 1, "de", 5, evening - TimeSpan.FromDays(4));
        var tokyo = await DraftAsync(store, 2, "it", 5, evening - TimeSpan.FromDays(4), timeZone: "Asia/Tokyo");
        var newYork = await DraftAsync(store, 3, "el", 5, evening - TimeSpan.FromDays(4), timeZone: "America/New_York");
        var clock = new ManualClock(evening);

        // Only New York is awake (Tokyo is still before 08:00, Brussels after 21:00).
        Assert.Equal(1, await RunAsync(store, clock));
        Assert.Single(await RemindersAsync(store, newYork));
        // 23:30 UTC: 08:30 in Tokyo.
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await RunAsync(store, clock));
        Assert.Single(await RemindersAsync(store, tokyo));
        Assert.Empty(await RemindersAsync(store, brussels));
        // 07:10 UTC: 08:10 in Brussels.
        clock.Now = new DateTimeOffset(2026, 11, 3, 7, 10, 0, TimeSpan.Zero);
        Assert.Equal(1, await RunAsync(store, clock));
        Assert.Single(await RemindersAsync(store, brussels));

        // Empty QuietHours: any time.
        var night = await DraftAsync(store, 4, "de", 5, evening - TimeSpan.FromDays(4));
        Assert.Equal(0, await RunAsync(store, new ManualClock(evening)));
        Assert.Equal(1, await RunAsync(store, new ManualClock(evening), Settings(quiet: "")));
        Assert.Single(await RemindersAsync(store, night));
    }

    [Fact]
    public async Task No_reminder_after_the_contributor_said_stop_even_when_they_answer_again()
    {
        await using var store = await StoreDatabase.CreateAsync(provider);
        var id = await DraftAsync(store, 1, "de", 4, Start);
        var clock = new ManualClock(Start + TimeSpan.FromDays(3));
        Assert.Equal(1, await RunAsync(store, clock));
        await using (var db = store.NewContext())
        {
            var stops = new DraftReminderStops(db, clock);
            Assert.True(await stops.StopAsync(id, "webchat:user-1", "webchat"));
            Assert.False(await stops.StopAsync(id, "webchat:user-1", "webchat"));
        }
        await MessageAsync(store, id, 1, clock.Now);
        clock.Advance(TimeSpan.FromDays(30));

        Assert.Equal(0, await RunAsync(store, clock));
        Assert.Single(await RemindersAsync(store, id));
        Assert.Equal(1, await EventsAsync(store, id, DraftReminderStops.EventKind));
    }

    [Fact]
    public async Task A_draft_with_no_reminder_yet_can_be_stopped_and_then_gets_none()
    {
        await using var store = await StoreDatabase.CreateAsync(provider);
        var id = await DraftAsync(store, 1, "el", 4, Start);
        var clock = new ManualClock(Start);
        await using (var db = store.NewContext())
        {
            Assert.True(await new DraftReminderStops(db, clock).StopAsync(id, "webchat:user-1", "webchat"));
        }
        clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, await RunAsync(store, clock));
        Assert.Empty(await RemindersAsync(store, id));
    }

    [Fact]
    public async Task Submitted_practices_and_drafts_nobody_can_be_reached_at_get_no_reminder()
    {
        await using var store = await StoreDatabase.CreateAsync(provider);
        var submitted = await DraftAsync(store, 1, "de", 31, Start, status: PracticeStatus.Submitted);
        var needsChanges = await DraftAsync(store, 2, "de", 31, Start, status: PracticeStatus.NeedsChanges);
        await using (var db = store.NewContext())
        {
            db.Practices.Add(new Practice { Id = Guid.NewGuid(), Number = 3, Language = "de", Channels = "api", CreatedAt = Start, UpdatedAt = Start });
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, await RunAsync(store, new ManualClock(Start + TimeSpan.FromDays(4))));
        Assert.Empty(await RemindersAsync(store, submitted));
        Assert.Single(await RemindersAsync(store, needsChanges));
    }

    [Fact]
    public async Task Schedulers_racing_on_one_database_queue_each_reminder_once()
    {
        await using var store = await StoreDatabase.CreateAsync(provider);
        var ids = new List<Guid>();
        for (var number = 1; number <= 12; number++)
        {
            ids.Add(await DraftAsync(store, number, "it", 2, Start));
        }
        var clock = new ManualClock(Start + TimeSpan.FromDays(3) + TimeSpan.FromHours(1));

        for (var round = 0; round < 2; round++)
        {
            // Four schedulers (as on four hosts: a context and a connection each) start at the same moment.
            using var gate = new SemaphoreSlim(0);
            var racers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                await using var db = store.NewContext();
                var scheduler = Scheduler(db, clock);
                await gate.WaitAsync();
                var queued = 0;
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    queued += await RetryBusyAsync(() => scheduler.RunOnceAsync());
                }
                return queued;
            })).ToList();
            gate.Release(racers.Count);
            var queuedByEach = await Task.WhenAll(racers);
            Assert.Equal(ids.Count, queuedByEach.Sum());
            clock.Advance(TimeSpan.FromDays(7));
        }

        foreach (var id in ids)
        {
            Assert.Equal(["1/2", "2/2"], (await RemindersAsync(store, id)).Select(r => r.Message));
            Assert.Equal(2, await EventsAsync(store, id, ReminderScheduler.EventKind));
        }
    }

    /// <summary>SQLite lets one writer in at a time; a racer that finds the file locked for too long tries its round again.</summary>
    private static async Task<int> RetryBusyAsync(Func<Task<int>> run)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await run();
            }
            catch (Exception e) when (attempt < 5 && ReginDatabaseProvider.IsTransient(e))
            {
            }
        }
    }

    [Fact]
    public void Settings_that_make_no_sense_stop_the_start_with_what_is_wrong()
    {
        var validator = new ReminderOptionsValidator();
        Assert.True(validator.Validate(null, new ReminderOptions()).Succeeded);
        Assert.True(validator.Validate(null, new ReminderOptions { FirstAfter = TimeSpan.FromSeconds(2), Every = TimeSpan.FromSeconds(2), PollSeconds = 0.2, QuietHours = "" }).Succeeded);
        var failed = validator.Validate(null, new ReminderOptions { FirstAfter = TimeSpan.Zero, Every = TimeSpan.FromSeconds(-1), Max = -1, QuietHours = "9pm-8am", PollSeconds = -1, DefaultTimeZone = "Mars/Olympus" });
        Assert.True(failed.Failed);
        foreach (var key in new[] { "FirstAfter", "Every", "Max", "QuietHours", "PollSeconds", "DefaultTimeZone" })
        {
            Assert.Contains($"Reminders:{key}", failed.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_language_has_the_reminders_texts_and_the_stop_words()
    {
        Assert.Empty(Regin.Core.Questionnaire.QuestionnaireValidator.Validate(TestCore.Questionnaire, ReminderMessageKeys.All));
        foreach (var language in TestCore.Questionnaire.Languages.Select(l => l.Code))
        {
            Assert.NotEmpty(TestCore.Questionnaire.Vocabulary.Stop.In(language));
            Assert.NotEmpty(TestCore.Questionnaire.Commands[Regin.Core.Conversation.Commands.CommandNames.NoReminders].In(language));
        }
    }

    [Theory]
    [InlineData("21:00-08:00", 20, 59, false)]
    [InlineData("21:00-08:00", 21, 0, true)]
    [InlineData("21:00-08:00", 3, 0, true)]
    [InlineData("21:00-08:00", 8, 0, false)]
    [InlineData("12:00-14:00", 13, 0, true)]
    [InlineData("12:00-14:00", 14, 30, false)]
    public void Quiet_hours_may_run_over_midnight(string span, int hour, int minute, bool quiet) =>
        Assert.Equal(quiet, QuietHours.Parse(span).IsQuiet(new DateTimeOffset(2026, 11, 2, hour, minute, 0, TimeSpan.Zero), TimeZoneInfo.Utc));
}

public sealed class ReminderSchedulerTestsOnSqlite() : ReminderSchedulerTests(Regin.Testing.TestProviders.Sqlite);

public sealed class ReminderSchedulerTestsOnPostgreSql() : ReminderSchedulerTests(Regin.Testing.TestProviders.PostgreSql);
