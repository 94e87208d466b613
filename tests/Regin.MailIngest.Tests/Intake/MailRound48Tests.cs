using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.Reminders;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Session 48's round of the mail door, on both providers, in the 8 languages: a STOP our server vouches for stops the
/// reminders, one it does not vouch for changes nothing (the contact is told at her own address, the forger is not
/// answered); the contributor is told, once, on a moved clock, when her draft went to review without its promised answer;
/// a mail with nothing readable on a draft held by a promise is told what the draft still waits for.
/// </summary>
public abstract class MailRound48Tests(string provider)
{
    static MailRound48Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    private static MimeMessage Mail(string from, string subject, string body, string? inReplyTo = null) =>
        MailRound45Tests.Mail(from, subject, body, inReplyTo: inReplyTo);

    public static TheoryData<string> Languages() => new("de", "fr", "it", "en", "es", "pt", "el", "sv");

    private static string Address(string language) => MailboxAddress.Parse(MailRound46Tests.Officials[language].From).Address;

    private static Task<List<MailOutboxMessage>> RowsAsync(MailTestHost host) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().MailOutbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync());

    private static Task<int> StopsAsync(MailTestHost host, Guid practiceId) =>
        host.CountAsync(db => db.PracticeEvents.Count(e => e.PracticeId == practiceId && e.Kind == DraftReminderStops.EventKind));

    /// <summary>The stop word as a hurried official types it in her language: the native word where there is one, capitalised, a full stop.</summary>
    private static string StopWord(string language) => Questionnaire.Vocabulary.Stop.In(language).First(w => language == "en" || w != "stop") switch
    {
        var w => char.ToUpperInvariant(w[0]) + w[1..] + ".",
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_forged_STOP_changes_nothing_and_tells_her_and_her_own_STOP_stops_the_reminders(string language)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = MailRound46Tests.Officials[language];
        var address = Address(language);
        var first = await host.IngestAsync(Mail(o.From, "REGIN", MailRound46Tests.Complete(language, o.Promise)));
        Assert.True(first.Outcome == MailOutcomes.Created, $"{first.Outcome}: {first.Detail}");
        var ourReply = Assert.Single(await host.OutboxAsync());
        var practiceId = (await host.PracticeAsync(first.Reference))!.Id;

        // "Her" STOP, in her thread, with no pass of our server: nothing stops; kept for the team; she is told at her address.
        var forged = Mail(o.From, "Re: " + ourReply.Subject, $"{StopWord(language)}\n\n> {ourReply.Subject}\n", ourReply.MessageId);
        forged.Headers.RemoveAll("Authentication-Results");
        var held = await host.IngestAsync(forged);
        Assert.True(held.Outcome == MailOutcomes.UnverifiedUpdate && held.Detail!.StartsWith("held in our thread: stop not applied contact_told", StringComparison.Ordinal), $"{held.Outcome}: {held.Detail}");
        Assert.Equal(0, await StopsAsync(host, practiceId));
        var flag = Assert.Single((await host.PracticeAsync(first.Reference))!.Flags, f => f.Reason == FlagReasons.UnverifiedUpdate);
        Assert.Contains($"mail #{held.RawInputId} from {address}", flag.Detail, StringComparison.Ordinal);
        Assert.Contains("asks to stop its reminders, not applied", flag.Detail, StringComparison.Ordinal);
        Assert.Null(await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().Where(r => r.Id == held.RawInputId).Select(r => r.PracticeId).SingleAsync()));
        var rows = await RowsAsync(host);
        Assert.Equal(2, rows.Count);
        var notice = await MimeMessage.LoadAsync(new MemoryStream(rows[1].Content));
        Assert.Equal(address, notice.To.Mailboxes.Single().Address);
        Assert.Null(notice.InReplyTo);
        Assert.Equal("auto-generated", notice.Headers["Auto-Submitted"]);
        Assert.Equal(language, notice.BodyParts.OfType<TextPart>().Single().Headers[HeaderId.ContentLanguage]);
        var expected = host.Services.GetRequiredService<Regin.Core.Localisation.Texts>().Get("mail.reply_stop_held", language, ("reference", first.Reference!));
        Assert.Contains(expected, notice.TextBody, StringComparison.Ordinal);

        // A second forgery the same day: kept, no second notice (once a practice a day).
        var again = Mail(o.From, "Re: " + ourReply.Subject, "STOP", ourReply.MessageId);
        again.Headers.RemoveAll("Authentication-Results");
        var second = await host.IngestAsync(again);
        Assert.True(second.Outcome == MailOutcomes.UnverifiedUpdate && second.Detail!.StartsWith("held in our thread: stop not applied sender_not_authenticated", StringComparison.Ordinal), $"{second.Outcome}: {second.Detail}");
        Assert.Equal(2, (await RowsAsync(host)).Count);

        // Her own STOP, which our server vouches for: the reminders stop, acknowledged in her language.
        var real = await host.IngestAsync(Mail(o.From, "Re: " + ourReply.Subject, $"{StopWord(language)}\n\n> {ourReply.Subject}\n", ourReply.MessageId));
        Assert.True(real.Outcome == MailOutcomes.RemindersStopped, $"{real.Outcome}: {real.Detail}");
        Assert.Equal(1, await StopsAsync(host, practiceId));
    }

    [Fact]
    public async Task A_held_change_is_kept_on_its_question_exactly_as_written_and_her_own_answer_leaves_it_for_the_researcher()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = MailRound46Tests.Officials["pt"];
        var first = await host.IngestAsync(Mail(o.From, "REGIN", MailRound46Tests.Complete("pt", o.Promise)));
        var ourReply = Assert.Single(await host.OutboxAsync());
        var forged = Mail(o.From, "RE: " + ourReply.Subject, "Bom dia,\n[Q04] +351 912 345 678 (telemóvel)\n[Q05]   Balcão Único de Acolhimento  \nCumprimentos", ourReply.MessageId);
        forged.Headers.RemoveAll("Authentication-Results");
        var held = await host.IngestAsync(forged);
        Assert.True(held.Outcome == MailOutcomes.UnverifiedUpdate, $"{held.Outcome}: {held.Detail}");
        var flags = (await host.PracticeAsync(first.Reference))!.Flags.Where(f => f.Reason == FlagReasons.ChangeHeld).OrderBy(f => f.QuestionId, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "contact_phone", "title" }, flags.Select(f => f.QuestionId));
        Assert.True(HeldChange.TryRead(flags[0].Detail, out var phone));
        Assert.Equal("+351 912 345 678 (telemóvel)", phone.Text);
        Assert.StartsWith($"mail #{held.RawInputId} from {Address("pt")} (", phone.Evidence, StringComparison.Ordinal);
        Assert.True(HeldChange.TryRead(flags[1].Detail, out var title));
        Assert.Equal("Balcão Único de Acolhimento", title.Text);
        // Her own answer to the same question (authenticated) is recorded; the proposal stays open for the researcher.
        var own = await host.IngestAsync(Mail(o.From, "RE: " + ourReply.Subject, "[Q04] 912 000 111", ourReply.MessageId));
        Assert.True(own.Outcome == MailOutcomes.Updated, $"{own.Outcome}: {own.Detail}");
        var practice = (await host.PracticeAsync(first.Reference))!;
        Assert.Equal("912 000 111", practice.Answers.Single(a => a.QuestionId == "contact_phone").Original);
        Assert.Contains(practice.Flags, f => f.Reason == FlagReasons.ChangeHeld && f.QuestionId == "contact_phone" && !f.Resolved);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task She_is_told_once_when_her_draft_goes_to_review_without_its_promised_answer(string language)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        await using var host = await MailTestHost.CreateAsync(new Dictionary<string, string?> { ["Mail:PromiseDays"] = "10" }, provider: provider, clock: clock);
        var o = MailRound46Tests.Officials[language];
        var address = Address(language);
        var promised = await host.IngestAsync(Mail(o.From, "REGIN", MailRound46Tests.Complete(language, o.Promise)));
        Assert.True(promised.Outcome == MailOutcomes.Created, $"{promised.Outcome}: {promised.Detail}");
        async Task<int> RunAsync() => await host.WithScopeAsync(sp => sp.GetRequiredService<PromiseDeadlines>().RunOnceAsync());

        clock.Advance(TimeSpan.FromDays(10) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await RunAsync());
        Assert.Single(await RowsAsync(host));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await RunAsync());
        var rows = await RowsAsync(host);
        Assert.Equal(2, rows.Count);
        Assert.Equal(PromiseDeadlines.NoticeKey + promised.Reference, rows[1].DedupKey);
        var notice = await MimeMessage.LoadAsync(new MemoryStream(rows[1].Content));
        Assert.Equal(address, notice.To.Mailboxes.Single().Address);
        Assert.Null(notice.InReplyTo);
        Assert.Equal("auto-generated", notice.Headers["Auto-Submitted"]);
        Assert.StartsWith($"regin.{promised.Reference}.", notice.MessageId, StringComparison.Ordinal);
        var text = notice.BodyParts.OfType<TextPart>().Single();
        Assert.Equal(language, text.Headers[HeaderId.ContentLanguage]);
        var budget = Questionnaire.Questions.Single(q => q.Id == "budget_eur");
        var expected = host.Services.GetRequiredService<Regin.Core.Localisation.Texts>().Get("mail.promise_overdue", language, ("reference", promised.Reference!),
            ("questions", $"[Q23] {budget.Label.In(language)}"), ("days", "10"));
        Assert.Contains(expected, text.Text, StringComparison.Ordinal);
        Assert.Equal(PracticeStatus.Submitted, (await host.PracticeAsync(promised.Reference))!.Status);

        // Once only, however often the watcher looks.
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await RunAsync());
        Assert.Equal(2, (await RowsAsync(host)).Count);

        // Her answer to it, late: kept with the practice for the researchers, and she is told so.
        var late = await host.IngestAsync(Mail(o.From, "Re: " + notice.Subject, "[Q23] 85000\n", notice.MessageId));
        Assert.True(late.Outcome == MailOutcomes.AfterSubmission, $"{late.Outcome}: {late.Detail}");
        Assert.Contains((await host.PracticeAsync(promised.Reference))!.Flags, f => f.Reason == FlagReasons.MailAfterSubmission);
    }

    /// <summary>Per language: the mail that brings no readable answer to a draft waiting for its budget: a word, and a damaged Word file.</summary>
    private static readonly Dictionary<string, string> Unreadable = new()
    {
        ["de"] = "Hallo, anbei das Budget. Gruß J. Weber",
        ["fr"] = "Bonjour, ci-joint le budget. Cdlt",
        ["it"] = "Buongiorno, in allegato il bilancio. Saluti",
        ["en"] = "Hi, budget attached. Siobhan",
        ["es"] = "Hola, te adjunto el presupuesto. Un saludo",
        ["pt"] = "Bom dia, segue em anexo o orçamento. Cumprimentos",
        ["el"] = "Καλημέρα, σας επισυνάπτω τον προϋπολογισμό.",
        ["sv"] = "Hej, här kommer budgeten. Mvh Anna",
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_mail_with_nothing_readable_on_a_draft_held_by_a_promise_is_told_what_the_draft_waits_for(string language)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = MailRound46Tests.Officials[language];
        var promised = await host.IngestAsync(Mail(o.From, "REGIN", MailRound46Tests.Complete(language, o.Promise)));
        var ourReply = Assert.Single(await host.OutboxAsync());
        var mail = Mail(o.From, "Re: " + ourReply.Subject, Unreadable[language], ourReply.MessageId);
        var body = (TextPart)mail.Body!;
        mail.Body = new Multipart("mixed")
        {
            body,
            new MimePart("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
            {
                Content = new MimeContent(new MemoryStream(Encoding.ASCII.GetBytes("PK\u0003\u0004 this is not really a zip file, it was cut off on the phone"))),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = "budget.docx",
            },
        };
        var result = await host.IngestAsync(mail);
        Assert.True(result.Outcome is MailOutcomes.NeedsInfo or MailOutcomes.Failed, $"{result.Outcome}: {result.Detail}");
        var replies = await host.OutboxAsync();
        Assert.Equal(2, replies.Count);
        var reply = replies[1];
        Assert.Equal(mail.MessageId, reply.InReplyTo);
        var texts = host.Services.GetRequiredService<Regin.Core.Localisation.Texts>();
        var text = reply.TextBody ?? "";
        Assert.Contains(texts.Get("mail.reply_promise_unread", language), text, StringComparison.Ordinal);
        Assert.Contains(texts.Get("mail.reply_awaiting", language), text, StringComparison.Ordinal);
        Assert.Contains($"[Q23] {Questionnaire.Questions.Single(q => q.Id == "budget_eur").Label.In(language)}", text, StringComparison.Ordinal);
        // What was not read is named: the file.
        Assert.Contains("budget.docx", text, StringComparison.Ordinal);
        // Not "we found no answers to the template", and no template again.
        Assert.DoesNotContain(texts.Get("mail.reply_no_answers", language), text, StringComparison.Ordinal);
        Assert.Empty(reply.Attachments);
        Assert.Equal(PracticeStatus.Draft, (await host.PracticeAsync(promised.Reference))!.Status);
    }
}

public sealed class MailRound48TestsOnSqlite() : MailRound48Tests(TestProviders.Sqlite);

public sealed class MailRound48TestsOnPostgreSql() : MailRound48Tests(TestProviders.PostgreSql);
