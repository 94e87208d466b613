using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Session 47's round of the mail door, on both providers: the consent "sí" kept before a question's label line in the 8
/// languages; a signature that is a word of another language ("Mal", "Per", "Bo", "Dr. Mas") does not choose the reply's
/// language; a promise answered stays in the review's history ("promised on …, answered on …"); a promise has a deadline
/// of its own (Mail:PromiseDays, on a moved clock): the complete draft goes to review without it, the promise flagged.
/// </summary>
public abstract class MailRound47Tests(string provider)
{
    static MailRound47Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    private static MimeMessage Mail(string from, string subject, string body) => MailRound45Tests.Mail(from, subject, body);

    public static TheoryData<string> Languages() => new("de", "fr", "it", "en", "es", "pt", "el", "sv");

    /// <summary>The budget's everyday name in the language, as a hurried official types it ("Presupuesto", "Bilancio").</summary>
    private static string BudgetName(string language) => Questionnaire.Questions.Single(q => q.Id == "budget_eur").Aliases.In(language)[0];

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task The_consent_typed_after_its_key_is_kept_when_a_label_line_follows_it(string language)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = MailRound46Tests.Officials[language];
        var yes = Questionnaire.Vocabulary.Yes.In(language)[0];
        // "[Q31] sí" then "Presupuesto: 5000" on the next line, before the sign-off: session 46 lost the "sí" (es, it).
        var body = MailRound46Tests.Complete(language).Replace($"[Q31] {yes}\n", $"[Q31] {yes}\n{BudgetName(language)}: 5000\n", StringComparison.Ordinal);
        Assert.Contains($"{BudgetName(language)}: 5000", body, StringComparison.Ordinal);
        var result = await host.IngestAsync(Mail(o.From, "REGIN", body));
        var practice = await host.PracticeAsync(result.Reference);
        Assert.True(result.Outcome == MailOutcomes.Submitted, $"{result.Outcome}: {result.Detail}\n{body}");
        Assert.Equal("true", practice!.Answers.Single(a => a.QuestionId == "consent_publish").ValueJson);
        Assert.Equal("5000", practice.Answers.Single(a => a.QuestionId == "budget_eur").ValueJson);
    }

    /// <summary>Per language: a mail as an official writes it in a hurry, a greeting, a sentence and two keyed answers.</summary>
    private static readonly Dictionary<string, string> ShortMails = new()
    {
        ["en"] = "Hi,\nhere are our answers for the welcome desk.\n[Q05] Welcome desk for newcomers\n[Q06] Cyprus",
        ["de"] = "Hallo,\nhier unsere Angaben zum Sprachcafé.\n[Q05] Sprachcafé im Stadtteilzentrum\n[Q06] Deutschland",
        ["fr"] = "Bonjour,\nvoici nos réponses pour le guichet d'accueil.\n[Q05] Guichet d'accueil\n[Q06] France",
        ["es"] = "Hola,\nte mando los datos de las aulas de acogida.\n[Q05] Aulas de acogida\n[Q06] España",
        ["it"] = "Buongiorno,\necco i dati dello sportello.\n[Q05] Sportello lavoro migranti\n[Q06] Italia",
        ["pt"] = "Bom dia,\nseguem os dados do balcão de acolhimento.\n[Q05] Balcão de acolhimento\n[Q06] Portugal",
        ["el"] = "Καλημέρα,\nσας στέλνω τα στοιχεία του κέντρου.\n[Q05] Κέντρο ένταξης μεταναστών\n[Q06] Ελλάδα",
        ["sv"] = "Hej,\nhär kommer uppgifterna om språkcaféet.\n[Q05] Språkcafé Malmö\n[Q06] Sverige",
    };

    /// <summary>First names that are words of our languages: "Mal" (sv "Mål", de, es), "Ana", "Per" (it, es), "Eva", "Bo", "Jan", "Dr. Mas" (es "más").</summary>
    private static readonly string[] Signatures = ["Mal", "Ana", "Per", "Eva", "Bo", "Jan", "Dr. Mas"];

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_first_name_that_is_a_word_of_another_language_does_not_choose_the_replys_language(string language)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var wrong = new List<string>();
        for (var i = 0; i < Signatures.Length; i++)
        {
            // The bare name under the mail, no sign-off: the hard case (session 46: "Hi, … [Q06] Cyprus … Mal" was Swedish).
            var result = await host.IngestAsync(Mail($"{Signatures[i]} Example <sender{i}.{language}@example.org>", "REGIN", $"{ShortMails[language]}\n\n{Signatures[i]}"));
            if (result.Outcome != MailOutcomes.Created || result.Language != language)
            {
                wrong.Add($"{Signatures[i]}: {result.Outcome} {result.Language} ({result.Detail})");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        foreach (var reply in await host.OutboxAsync())
        {
            Assert.Equal(language, reply.BodyParts.OfType<TextPart>().First().Headers[HeaderId.ContentLanguage]);
        }
    }

    private static async Task<List<PracticeEvent>> EventsAsync(MailTestHost host, Guid practiceId) =>
        await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().PracticeEvents.AsNoTracking().Where(e => e.PracticeId == practiceId).OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task A_promise_answered_later_stays_in_the_reviews_history_with_both_days()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        await using var host = await MailTestHost.CreateAsync(provider: provider, clock: clock);
        var o = MailRound46Tests.Officials["de"];
        var first = await host.IngestAsync(Mail(o.From, "REGIN", MailRound46Tests.Complete("de", o.Promise)));
        Assert.True(first.Outcome == MailOutcomes.Created, $"{first.Outcome}: {first.Detail}");
        clock.Advance(TimeSpan.FromDays(7));
        var later = await host.IngestAsync(Mail(o.From, $"AW: {first.Reference}", "[Q23] 95.000 €\n\nJulia"));
        Assert.True(later.Outcome == MailOutcomes.Submitted, $"{later.Outcome}: {later.Detail}");

        var practice = await host.PracticeAsync(first.Reference);
        // The flag stays, closed, with both days; the history says when it was promised and when answered.
        var flag = Assert.Single(practice!.Flags, f => f.Reason == FlagReasons.AnswerPromised);
        Assert.True(flag.Resolved);
        Assert.Equal("budget_eur", flag.QuestionId);
        Assert.Contains($"answered on 2026-12-08 by mail #{later.RawInputId}", flag.Detail, StringComparison.Ordinal);
        var events = await EventsAsync(host, practice.Id);
        var promised = Assert.Single(events, e => e.Kind == FlagReasons.AnswerPromised);
        Assert.Equal("budget_eur", promised.QuestionId);
        Assert.Equal($"promised on 2026-12-01 (mail #{first.RawInputId})", promised.Reason);
        var kept = Assert.Single(events, e => e.Kind == "promise_kept");
        Assert.Equal($"promised on 2026-12-01 (mail #{first.RawInputId}), answered on 2026-12-08 (mail #{later.RawInputId})", kept.Reason);
        Assert.Equal("95000", practice.Answers.Single(a => a.QuestionId == "budget_eur").ValueJson);
    }

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task The_promise_and_its_answer_are_in_the_history_when_the_watchers_batches_read_them()
    {
        // The watcher's path: a new draft written whole with the batch's statements, then the practice held for changes.
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = MailRound46Tests.Officials["pt"];
        var ingester = host.Services.GetRequiredService<MailBatchIngester>();
        var first = Bytes(Mail(o.From, "REGIN", MailRound46Tests.Complete("pt", o.Promise)));
        await ingester.IngestAsync(new[] { new MailSource("m1", _ => Task.FromResult(first)) }.ToAsyncEnumerable(), (_, _) => Task.CompletedTask);
        var practice = (await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().Practices.AsNoTracking().SingleAsync()));
        var later = Bytes(Mail(o.From, $"Re: {practice.Reference}", "[Q23] 80 000 €\n\nJoão"));
        await ingester.IngestAsync(new[] { new MailSource("m2", _ => Task.FromResult(later)) }.ToAsyncEnumerable(), (_, _) => Task.CompletedTask);
        var events = await EventsAsync(host, practice.Id);
        Assert.Single(events, e => e.Kind == FlagReasons.AnswerPromised && e.QuestionId == "budget_eur");
        var kept = Assert.Single(events, e => e.Kind == "promise_kept");
        Assert.Matches(@"^promised on \d{4}-\d\d-\d\d \(mail #\d+\), answered on \d{4}-\d\d-\d\d \(mail #\d+\)$", kept.Reason);
        var stored = await host.PracticeAsync(practice.Reference);
        Assert.Equal(PracticeStatus.Submitted, stored!.Status);
        Assert.True(Assert.Single(stored.Flags, f => f.Reason == FlagReasons.AnswerPromised).Resolved);
    }

    [Fact]
    public async Task An_answer_that_is_no_answer_keeps_the_promise_open()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = MailRound46Tests.Officials["it"];
        var first = await host.IngestAsync(Mail(o.From, "REGIN", MailRound46Tests.Complete("it", o.Promise)));
        Assert.Equal(MailOutcomes.Created, first.Outcome);
        // "Bilancio: tanti" reads as no amount: not stored, the promise still awaited.
        var later = await host.IngestAsync(Mail(o.From, $"Re: {first.Reference}", "[Q23] tanti soldi\n\nGiulia"));
        Assert.True(later.Outcome == MailOutcomes.Updated, $"{later.Outcome}: {later.Detail}");
        var practice = await host.PracticeAsync(first.Reference);
        var flag = Assert.Single(practice!.Flags, f => f.Reason == FlagReasons.AnswerPromised);
        Assert.False(flag.Resolved);
        Assert.DoesNotContain(await EventsAsync(host, practice.Id), e => e.Kind == "promise_kept");
        Assert.Equal(PracticeStatus.Draft, practice.Status);
    }

    [Fact]
    public async Task A_promise_not_kept_within_its_days_sends_the_complete_draft_to_review_with_the_promise_flagged()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        await using var host = await MailTestHost.CreateAsync(new Dictionary<string, string?> { ["Mail:PromiseDays"] = "10" }, provider: provider, clock: clock);
        var o = MailRound46Tests.Officials["fr"];
        var promised = await host.IngestAsync(Mail(o.From, "REGIN", MailRound46Tests.Complete("fr", o.Promise)));
        Assert.Equal(MailOutcomes.Created, promised.Outcome);
        // Another official's draft lacking a required answer besides the promise: reminders, not review.
        var e = MailRound46Tests.Officials["es"];
        var incomplete = await host.IngestAsync(Mail(e.From, "REGIN", MailRound46Tests.Complete("es", e.Promise).Replace("[Q06] España\n", "", StringComparison.Ordinal)));
        Assert.True(incomplete.Outcome == MailOutcomes.Created && incomplete.Missing == 1, $"{incomplete.Outcome}: {incomplete.Detail}");

        async Task<int> RunAsync() => await host.WithScopeAsync(sp => sp.GetRequiredService<PromiseDeadlines>().RunOnceAsync());

        clock.Advance(TimeSpan.FromDays(9));
        Assert.Equal(0, await RunAsync());
        Assert.Equal(PracticeStatus.Draft, (await host.PracticeAsync(promised.Reference))!.Status);

        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await RunAsync());
        var practice = await host.PracticeAsync(promised.Reference);
        Assert.Equal(PracticeStatus.Submitted, practice!.Status);
        var flag = Assert.Single(practice.Flags, f => f.Reason == FlagReasons.AnswerPromised);
        Assert.False(flag.Resolved);
        Assert.Contains("promised on 2026-12-01, not answered by 2026-12-11 (10 days): sent to review without it", flag.Detail, StringComparison.Ordinal);
        var events = await EventsAsync(host, practice.Id);
        Assert.Single(events, x => x.Kind == PromiseDeadlines.EventKind && x.QuestionId == "budget_eur");
        Assert.Single(events, x => x.Kind == "status_changed" && x.NewValue == PracticeStatus.Submitted && x.Actor == PromiseDeadlines.Actor);
        Assert.Equal(PracticeStatus.Draft, (await host.PracticeAsync(incomplete.Reference))!.Status);
        // Once only.
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await RunAsync());
    }

    [Fact]
    public async Task A_promise_days_of_zero_waits_for_ever()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        await using var host = await MailTestHost.CreateAsync(new Dictionary<string, string?> { ["Mail:PromiseDays"] = "0" }, provider: provider, clock: clock);
        var o = MailRound46Tests.Officials["sv"];
        var promised = await host.IngestAsync(Mail(o.From, "REGIN", MailRound46Tests.Complete("sv", o.Promise)));
        clock.Advance(TimeSpan.FromDays(400));
        Assert.Equal(0, await host.WithScopeAsync(sp => sp.GetRequiredService<PromiseDeadlines>().RunOnceAsync()));
        Assert.Equal(PracticeStatus.Draft, (await host.PracticeAsync(promised.Reference))!.Status);
    }
}

public sealed class MailRound47TestsOnSqlite() : MailRound47Tests(TestProviders.Sqlite);

public sealed class MailRound47TestsOnPostgreSql() : MailRound47Tests(TestProviders.PostgreSql);
