using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Regin.Core.Localisation;
using Regin.Core.Persistence;
using Regin.Core.Questionnaire;
using Regin.Core.Reminders;
using Regin.Core.Review;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Tests.Notifications;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// A draft started by mail (Dovecot) and left there is reminded by mail (smtp4dev), threaded under our reply, in the
/// draft's language; a reply saying STOP ends the reminders and is acknowledged. The watcher schedules and sends.
/// </summary>
public sealed partial class ReminderMailTests(MailServers servers) : IClassFixture<MailServers>
{
    private Dictionary<string, string?> Settings(string user) => new()
    {
        ["Mail:Imap:Host"] = "127.0.0.1",
        ["Mail:Imap:Port"] = servers.ImapPort.ToString(CultureInfo.InvariantCulture),
        ["Mail:Imap:Security"] = "None",
        ["Mail:Imap:Username"] = user,
        ["Mail:Imap:Password"] = MailServers.Password,
        ["Mail:Imap:PollSeconds"] = "2",
        ["Mail:Imap:RetrySeconds"] = "1",
        ["Mail:Imap:LeaseSeconds"] = "10",
        ["Mail:AuthServId"] = MailTestHost.AuthServId,
        ["Mail:MaxSecondsPerMessage"] = "60",
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = servers.SmtpPort.ToString(CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",
        // Seconds instead of days; the second reminder would come a minute later (Max is the scheduler tests' matter).
        ["Reminders:FirstAfter"] = "00:00:03",
        ["Reminders:Every"] = "00:01:00",
        ["Reminders:Max"] = "2",
        ["Reminders:QuietHours"] = "",
        ["Reminders:PollSeconds"] = "0.5",
    };

    [Theory]
    [InlineData("it", "Titolo della pratica: Mediatori di salute\nPaese: Italia\n", "la sua pratica la aspetta", "Ha iniziato", @"ha risposto a (\d+) domand[ae] su 31", "STOP", "STOP", "non riceverà più promemoria per")]
    [InlineData("de", "Titel des Praxisbeispiels: Gesundheitslotsen\nLand: Deutschland\n", "Ihr Praxisbeispiel wartet auf Sie", "Sie haben vor", @"(\d+) von 31 Fragen (ist|sind) beantwortet", "STOPP", "Stopp.", "Sie erhalten keine Erinnerungen mehr zu")]
    [InlineData("el", "Τίτλος της πρακτικής: Διαμεσολαβητές υγείας\nΧώρα: Ελλάδα\n", "η πρακτική σας σας περιμένει", "Ξεκινήσατε", @"έχετε απαντήσει σε (\d+) από τις 31 ερωτήσεις", "STOP", "Τέλος", "δεν θα λαμβάνετε πλέον υπενθυμίσεις")]
    public async Task A_draft_left_by_mail_is_reminded_by_mail_threaded_and_STOP_ends_the_reminders(
        string language, string answers, string subject, string started, string progress, string instructed, string stop, string acknowledgement)
    {
        var user = servers.NewUser();
        var address = $"{user}.{language}@example.org";
        await using var host = await MailTestHost.CreateAsync(Settings(user), watch: true);
        await host.Host.StartAsync();
        await Eventually.UntilAsync(async () => (await host.CountAsync(db => db.ImapCursors.Count())) == 1);

        var contribution = NotificationMailSenderTests.Contribution(address, answers);
        await servers.AppendAsync(user, contribution);
        var ourReply = await ReceivedAsync(address, m => m.InReplyTo == contribution.MessageId);
        var reference = Regex.Match(ourReply.Subject ?? "", @"REGIN-\d{4}").Value;
        Assert.False(string.IsNullOrEmpty(reference), ourReply.Subject);

        // Nothing more from the contributor: the watcher queues the reminder and mails it, under our reply.
        var reminder = await ReceivedAsync(address, m => (m.Subject ?? "").Contains(subject, StringComparison.Ordinal));
        Assert.Equal($"{reference}: {subject}", reminder.Subject);
        Assert.Equal(ourReply.MessageId, reminder.InReplyTo);
        Assert.Contains(ourReply.MessageId, reminder.References);
        Assert.Contains(contribution.MessageId, reminder.References);
        Assert.StartsWith($"regin.{reference}.", reminder.MessageId, StringComparison.Ordinal);
        Assert.Equal("auto-generated", reminder.Headers["Auto-Submitted"]);
        Assert.Equal(language, reminder.BodyParts.OfType<TextPart>().Single().Headers[HeaderId.ContentLanguage]);
        var text = reminder.TextBody ?? "";
        Assert.Contains(started, text, StringComparison.Ordinal);
        Assert.Matches(progress, text);
        Assert.Contains(instructed, text, StringComparison.Ordinal);

        // They answer the reminder with STOP, or a word of their language that means it ("Τέλος"): acknowledged in their language, in the thread.
        var answer = new MimeMessage();
        answer.From.Add(MailboxAddress.Parse(address));
        answer.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        answer.Subject = "Re: " + reminder.Subject;
        answer.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.org");
        answer.InReplyTo = reminder.MessageId;
        foreach (var id in reminder.References.Append(reminder.MessageId!))
        {
            answer.References.Add(id);
        }
        answer.Body = new TextPart("plain") { Text = $"{stop}\n\n> {text.Split('\n')[0]}\n" };
        await servers.AppendAsync(user, MailTestHost.Authenticated(answer));
        var acknowledged = await ReceivedAsync(address, m => m.InReplyTo == answer.MessageId);
        Assert.Contains(acknowledgement, acknowledged.TextBody, StringComparison.Ordinal);
        Assert.Contains(reference, acknowledged.TextBody, StringComparison.Ordinal);
        await host.Host.StopAsync();

        var practiceId = (await host.PracticeAsync(reference))!.Id;
        var outcome = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking()
            .Where(r => r.PracticeId == practiceId).OrderByDescending(r => r.Id).Select(r => r.OutcomeDetail).FirstAsync());
        Assert.StartsWith(MailOutcomes.RemindersStopped, outcome, StringComparison.Ordinal);
        Assert.Equal(1, await host.CountAsync(db => db.ContributorNotifications.Count(n => n.PracticeId == practiceId && n.Kind == ReminderScheduler.Kind && n.State == ContributorNotificationStates.Sent)));
        Assert.Equal(1, await host.CountAsync(db => db.PracticeEvents.Count(e => e.PracticeId == practiceId && e.Kind == DraftReminderStops.EventKind)));
        // However long they stay silent now, no reminder is due.
        var later = await host.WithScopeAsync(sp => new ReminderScheduler(sp.GetRequiredService<ReginDbContext>(), sp.GetRequiredService<Texts>(), sp.GetRequiredService<QuestionnaireDefinition>(),
            Microsoft.Extensions.Options.Options.Create(new ReminderOptions { FirstAfter = TimeSpan.FromSeconds(3), Every = TimeSpan.FromSeconds(3), Max = 5, QuietHours = "" }),
            new FixedClock(DateTimeOffset.UtcNow.AddDays(30)), NullLogger<ReminderScheduler>.Instance).RunOnceAsync());
        Assert.Equal(0, later);
    }

    private async Task<MimeMessage> ReceivedAsync(string address, Func<MimeMessage, bool> wanted)
    {
        MimeMessage? found = null;
        await Eventually.UntilAsync(async () =>
        {
            found = (await servers.SentRepliesAsync()).FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == address) && wanted(m));
            return found is not null;
        });
        return found!;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
