using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Replies;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>Run on both providers: <see cref="MailProcessorTestsOnSqlite"/>, <see cref="MailProcessorTestsOnPostgreSql"/>.</summary>
public abstract class MailProcessorTests(string provider)
{
    private static MimeMessage Mail(string from, string subject, string body, string? messageId = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = messageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId("example.org");
        message.Body = new TextPart("plain") { Text = body };
        // As our receiving server vouches for the sender (these tests are about what a contributor's mail does).
        return MailTestHost.Authenticated(message);
    }

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// One mail at a time (<see cref="MailProcessor"/>) has the same limit as the batch (<see cref="MailBudget"/>): the CPU
    /// time its read used. Its budget's first check comes due at once (a busy machine: time passed, nothing done): the
    /// mail is read and created at its first attempt; before session 46 the attempt was cancelled and counted.
    /// </summary>
    [Fact]
    public async Task A_mail_whose_read_waits_past_its_limit_on_a_busy_machine_is_created_at_its_first_attempt()
    {
        var clock = new BusyMachineClock(TimeSpan.FromSeconds(60), expiring: int.MaxValue);
        await using var host = await MailTestHost.CreateAsync(provider: provider, clock: clock);

        var result = await host.IngestAsync(Mail("maria.rossi@regione.sicilia.example", "scheda", "[Q05] Mediatori culturali negli ospedali di Palermo\n[Q06] Italia"));

        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.Equal(1, clock.Budgets);
        var raw = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().SingleAsync(r => r.Id == result.RawInputId));
        Assert.Equal((MailProcessor.RawProcessed, 1), (raw.Outcome, raw.Attempts));
    }

    [Fact]
    public async Task A_mail_read_beside_a_cpu_hog_is_created_at_its_first_attempt()
    {
        // A real busy CPU (CpuHog: the read's thread gets ~1/10 of it) and a limit of 1 s of CPU. The mail carries the
        // minutes of its project's meetings below the answers (~1 MB): its read costs a few tenths of a second of CPU, and
        // starved, takes seconds.
        using var hog = new CpuHog();
        await using var host = await MailTestHost.CreateAsync(new() { ["Mail:MaxSecondsPerMessage"] = "1" }, provider: provider, cpuClock: new StarvedReadingClock(hog));
        var mail = Mail("nikos@perifereia-attikis.example", "Πρακτική", "[Q05] Μαθήματα ελληνικών για πρόσφυγες στον Πειραιά\n[Q06] Ελλάδα\n\n"
            + string.Join("\n", Enumerable.Range(0, 40_000).Select(i => $"Πρακτικά συνάντησης, γραμμή {i}")));
        var took = System.Diagnostics.Stopwatch.StartNew();

        var result = await host.IngestAsync(mail);

        took.Stop();
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.True(hog.Starved >= 1);
        Assert.True(took.Elapsed > TimeSpan.FromSeconds(1), $"the starved mail took {took.Elapsed}: the hog did not starve it past the 1 s of the old limit");
        var raw = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().SingleAsync(r => r.Id == result.RawInputId));
        Assert.Equal((MailProcessor.RawProcessed, 1), (raw.Outcome, raw.Attempts));
    }

    [Fact]
    public async Task Where_no_thread_cpu_time_can_be_read_a_mail_whose_read_runs_past_its_limit_is_tried_again()
    {
        var clock = new BusyMachineClock(TimeSpan.FromSeconds(60), expiring: int.MaxValue);
        await using var host = await MailTestHost.CreateAsync(provider: provider, clock: clock, cpuClock: new NoReadingCpuClock());

        var result = await host.IngestAsync(Mail("maria.rossi@regione.sicilia.example", "scheda", "[Q05] Mediatori culturali negli ospedali di Palermo\n[Q06] Italia"));

        Assert.Equal((MailOutcomes.Retry, "attempt 1: timeout: not read in 60 s"), (result.Outcome, result.Detail));
    }

    [Fact]
    public async Task The_same_message_twice_makes_one_draft()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var bytes = Bytes(Mail("anna@example.se", "Mall", "[Q05] Insatsens titel\nKulturtolkar\n[Q06] Land\nSverige"));
        var first = await host.IngestAsync(bytes);
        var second = await host.IngestAsync(bytes);
        Assert.Equal(MailOutcomes.Created, first.Outcome);
        Assert.Equal(MailOutcomes.Duplicate, second.Outcome);
        Assert.Equal(1, await host.CountAsync(db => db.Practices.Count()));
        Assert.Single(await host.OutboxAsync());
    }

    [Fact]
    public async Task The_same_bytes_without_a_message_id_make_one_draft()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var text = "From: anna@example.se\r\nTo: reginproject@crpm.org\r\nSubject: x\r\n\r\n[Q05] Kulturtolkar\r\n";
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        Assert.Equal(MailOutcomes.Created, (await host.IngestAsync(bytes)).Outcome);
        Assert.Equal(MailOutcomes.Duplicate, (await host.IngestAsync(bytes)).Outcome);
        Assert.Equal(1, await host.CountAsync(db => db.Practices.Count()));
    }

    [Fact]
    public async Task A_reply_to_our_reply_updates_the_same_draft_and_the_sender_is_the_contact_email()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var first = await host.IngestAsync(Mail("Maria Rossi <maria@example.it>", "Scheda", "Titolo della pratica: Mediatori di salute\nPaese: Italia"));
        var ourReply = Assert.Single(await host.OutboxAsync());
        Assert.Equal("auto-replied", ourReply.Headers["Auto-Submitted"]);
        Assert.Equal(first.Reference is null ? "" : $"REGIN: la sua pratica {first.Reference}", ourReply.Subject);
        Assert.Contains("Mediatori di salute", ourReply.TextBody, StringComparison.Ordinal);
        Assert.Contains("Italia", ourReply.TextBody, StringComparison.Ordinal);

        // The contributor answers in their mail program: no reference in the subject, only the thread headers.
        var answer = Mail("maria@example.it", "Re: scheda", "[Q07] Puglia\n\n> quoted text of our reply\n> [Q05] Titolo della pratica: Mediatori di salute");
        answer.InReplyTo = ourReply.MessageId;
        answer.References.Add(ourReply.MessageId!);
        var second = await host.IngestAsync(answer);

        Assert.Equal(MailOutcomes.Updated, second.Outcome);
        Assert.Equal(first.Reference, second.Reference);
        var practice = await host.PracticeAsync(first.Reference);
        Assert.Equal("\"ITF4\"", practice!.Answers.Single(a => a.QuestionId == "region").ValueJson);
        Assert.Equal("\"maria@example.it\"", practice.Answers.Single(a => a.QuestionId == "contact_email").ValueJson);
        Assert.Equal("\"Maria Rossi\"", practice.Answers.Single(a => a.QuestionId == "contact_name").ValueJson);
        var replies = await host.OutboxAsync();
        Assert.Equal(answer.MessageId, replies[^1].InReplyTo);
        Assert.Contains(answer.MessageId, replies[^1].References);
    }

    /// <summary>
    /// A mail answering two of our replies at once. The practice it updates is the one of the reply the sender pressed Reply
    /// on (In-Reply-To, the newest id of the thread first), whatever other reply of ours it quotes or names in References:
    /// - about one practice, a reply to our older reply sent after a newer one updates that practice with the new answers,
    ///   keeping what the newer exchange stored (nothing lost, one answer per question, one draft);
    /// - about two practices (two drafts of one contributor, the mail quoting both replies and naming both threads), the
    ///   reply it answers gets the answers, the other practice is untouched, and the answers typed under either quote count
    ///   once.
    /// </summary>
    [Fact]
    public async Task A_mail_answering_two_of_our_replies_updates_the_practice_of_the_reply_it_answers()
    {
        // Five mails of one contributor in a day: each is answered (the default cap is 3 replies a day to one address).
        await using var host = await MailTestHost.CreateAsync(new() { ["Mail:MaxRepliesPerRecipientPerDay"] = "10" }, provider: provider);
        var first = await host.IngestAsync(Mail("Maria Rossi <maria@example.it>", "Scheda", "[Q05] Mediatori di salute"));
        var older = (await host.OutboxAsync())[^1];
        var correction = Mail("maria@example.it", "Re: scheda", "[Q06] Italia");
        correction.InReplyTo = older.MessageId;
        correction.References.Add(older.MessageId!);
        Assert.Equal(MailOutcomes.Updated, (await host.IngestAsync(correction)).Outcome);
        var newer = (await host.OutboxAsync())[^1];
        Assert.NotEqual(older.MessageId, newer.MessageId);

        // Days later she answers the older reply (found first in her mailbox), quoting it.
        var late = Mail("maria@example.it", "Re: scheda", $"[Q07] Puglia\n\nIl giorno lun 30 nov 2026, REGIN <reginproject@crpm.org> ha scritto:\n> {older.TextBody!.Replace("\n", "\n> ", StringComparison.Ordinal)}");
        late.InReplyTo = older.MessageId;
        late.References.Add(older.MessageId!);
        var lateResult = await host.IngestAsync(late);
        Assert.Equal(MailOutcomes.Updated, lateResult.Outcome);
        Assert.Equal(first.Reference, lateResult.Reference);
        var practice = await host.PracticeAsync(first.Reference);
        Assert.Equal("\"ITF4\"", practice!.Answers.Single(a => a.QuestionId == "region").ValueJson);
        Assert.Equal("\"IT\"", practice.Answers.Single(a => a.QuestionId == "country").ValueJson);
        Assert.Equal("\"Mediatori di salute\"", practice.Answers.Single(a => a.QuestionId == "title").ValueJson);
        Assert.Equal(practice.Answers.Count, practice.Answers.Select(a => a.QuestionId).Distinct().Count());
        Assert.Equal(1, await host.CountAsync(db => db.Practices.Count()));

        // A second practice of hers, its own thread; then a mail answering its reply that quotes both replies and names both
        // threads (her mail program merged them), answers typed under a key of each quote.
        var second = await host.IngestAsync(Mail("Maria Rossi <maria@example.it>", "Seconda scheda", "[Q05] Scuola di italiano per madri"));
        Assert.NotEqual(first.Reference, second.Reference);
        // Answered although it misses what the first draft's first mail did (the same error, another practice): that
        // reply was held back as a repeat, and with it the second practice's reference and thread.
        Assert.Equal(second.Reference, ThreadReference((await host.OutboxAsync())[^1]));
        var secondReply = (await host.OutboxAsync())[^1];
        var both = Mail("maria@example.it", "Re: seconda scheda",
            "Ecco.\n\nIl giorno lun 30 nov 2026, REGIN <reginproject@crpm.org> ha scritto:\n> [Q12] Altri partner e portatori di interesse\nBiblioteca comunale\n>\n"
            + ">> Il giorno lun 30 nov 2026, REGIN <reginproject@crpm.org> ha scritto:\n>> [Q13] Data di inizio\nmarzo 2021\n>> [Q12] Altri partner e portatori di interesse\nBiblioteca comunale\n");
        both.InReplyTo = secondReply.MessageId;
        both.References.Add(older.MessageId!);
        both.References.Add(secondReply.MessageId!);
        var bothResult = await host.IngestAsync(both);
        Assert.Equal(second.Reference, bothResult.Reference);
        var secondPractice = await host.PracticeAsync(second.Reference);
        Assert.Equal("Biblioteca comunale", Assert.Single(secondPractice!.Answers, a => a.QuestionId == "partners").Original);
        var firstAfter = await host.PracticeAsync(first.Reference);
        Assert.DoesNotContain(firstAfter!.Answers, a => a.QuestionId is "partners" or "start_date");
        Assert.Equal(practice.Answers.Count, firstAfter.Answers.Count);
        Assert.Equal(2, await host.CountAsync(db => db.Practices.Count()));
    }

    private static string? ThreadReference(MimeMessage reply) => (reply.Subject ?? "").Split(' ').LastOrDefault(w => w.StartsWith("REGIN-", StringComparison.Ordinal));

    [Theory]
    // A hurried official signs at the bottom and never fills in the name: their mail program's name for them is the contact's.
    [InlineData("Lucía Martínez <lmartinez@carm.es>", "Título de la práctica: Aulas de acogida", "Lucía Martínez")]
    // Named in the mail: that name, not the mail program's.
    [InlineData("Lucía Martínez <lmartinez@carm.es>", "Título de la práctica: Aulas de acogida\nSu nombre: Lucía Martínez Ortega", "Lucía Martínez Ortega")]
    // No name, or an address in its place: nothing made up.
    [InlineData("lmartinez@carm.es", "Título de la práctica: Aulas de acogida", null)]
    [InlineData("\"lmartinez@carm.es\" <lmartinez@carm.es>", "Título de la práctica: Aulas de acogida", null)]
    public async Task The_senders_name_is_the_contacts_name_when_the_mail_names_none(string from, string body, string? expected)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var result = await host.IngestAsync(Mail(from, "Buena práctica", body));
        var practice = await host.PracticeAsync(result.Reference!);
        var name = practice!.Answers.SingleOrDefault(a => a.QuestionId == "contact_name");
        Assert.Equal(expected is null ? null : System.Text.Json.JsonSerializer.Serialize(expected), name?.ValueJson);
    }

    // 1,500 ids (~45 kB, within the header block's bounds; 5,000 are refused before parsing since session 49, HeaderBlockTests).
    [Fact]
    public async Task A_mail_with_a_long_references_chain_gets_a_reply_threaded_with_a_few()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var mail = Mail("maria@example.it", "Scheda", "Titolo della pratica: Mediatori di salute");
        for (var i = 0; i < 1500; i++)
        {
            mail.References.Add($"thread-{i}@mail.example.it");
        }
        await host.IngestAsync(mail);

        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Equal(mail.MessageId, reply.InReplyTo);
        Assert.Equal(ReplyComposer.MaxReferences, reply.References.Count);
        Assert.Equal("thread-0@mail.example.it", reply.References[0]);
        Assert.Equal("thread-1499@mail.example.it", reply.References[^2]);
        Assert.Equal(mail.MessageId, reply.References[^1]);
    }

    [Fact]
    public async Task The_reference_in_the_subject_updates_the_draft_only_for_its_own_contributor()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var first = await host.IngestAsync(Mail("jurgen@example.de", "Vorlage", "Titel des Praxisbeispiels: Sprachpaten"));
        var same = await host.IngestAsync(Mail("jurgen@example.de", $"Nachtrag {first.Reference}", "Land: Deutschland"));
        var stranger = await host.IngestAsync(Mail("someone@else.example", $"Hijack {first.Reference}", "Land: Frankreich"));
        Assert.Equal(first.Reference, same.Reference);
        Assert.Equal(MailOutcomes.Updated, same.Outcome);
        Assert.NotEqual(first.Reference, stranger.Reference);
        Assert.Equal(MailOutcomes.Created, stranger.Outcome);
    }

    [Fact]
    public async Task At_most_one_error_reply_per_sender_and_error_per_day()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        for (var i = 0; i < 3; i++)
        {
            var result = await host.IngestAsync(Mail("loop@example.org", "hello", "nothing useful here"));
            Assert.Equal(MailOutcomes.NeedsInfo, result.Outcome);
        }
        var replies = await host.OutboxAsync();
        var reply = Assert.Single(replies);
        Assert.NotNull(reply.Attachments.Single());
    }

    [Fact]
    public async Task Auto_replies_bounces_and_lists_are_never_answered()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var auto = Mail("away@example.org", "Out of office", "[Q05] Title of the practice: x");
        auto.Headers.Add("Auto-Submitted", "auto-replied");
        var list = Mail("list@example.org", "news", "[Q05] Title of the practice: x");
        list.Headers.Add("List-Id", "<news.example.org>");
        var own = Mail("reginproject@crpm.org", "REGIN", "[Q05] Title of the practice: x");
        foreach (var message in new[] { auto, list, own })
        {
            Assert.Equal(MailOutcomes.Ignored, (await host.IngestAsync(message)).Outcome);
        }
        Assert.Empty(await host.OutboxAsync());
        Assert.Equal(0, await host.CountAsync(db => db.Practices.Count()));
    }

    [Fact]
    public async Task Backlog_mail_is_ingested_without_a_reply()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var result = await host.IngestAsync(Mail("old@example.org", "old", "Title of the practice: Old practice"), allowReply: false);
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.Empty(await host.OutboxAsync());
    }

    [Fact]
    public async Task A_30_MB_attachment_is_refused_but_the_body_answers_count_and_the_raw_mail_is_kept()
    {
        // Reading 40 MB of MIME can take longer than the default 10 s on a busy test machine; the budget is not the point here.
        await using var host = await MailTestHost.CreateAsync(new() { ["Mail:MaxSecondsPerMessage"] = "120" }, provider: provider);
        var message = Mail("big@example.org", "big", "");
        var body = new TextPart("plain") { Text = "Title of the practice: Big file practice\nCountry: Malta" };
        var attachment = new MimePart("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
        {
            FileName = "huge.docx",
            Content = new MimeContent(new MemoryStream(new byte[30 * 1024 * 1024])),
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        message.Body = new Multipart("mixed") { body, attachment };
        var result = await host.IngestAsync(message);
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.Contains("attachment_too_large", result.Detail, StringComparison.Ordinal);
        var size = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.Where(r => r.Id == result.RawInputId).Select(r => r.Content.Length).SingleAsync());
        Assert.True(size > 30 * 1024 * 1024);
    }

    /// <summary>
    /// A 10 MB answer (a report pasted into the mail) and an 11 MB attachment: the text is cut, the attachment refused, and
    /// the reply says both in the sender's language (Swedish), with what to do; the answers before the cut are kept.
    /// </summary>
    [Fact]
    public async Task A_10_MB_answer_and_an_11_MB_attachment_are_named_in_the_reply_in_the_senders_language()
    {
        await using var host = await MailTestHost.CreateAsync(new() { ["Mail:MaxSecondsPerMessage"] = "120" }, provider: provider);
        var message = Mail("anna@example.se", "Mall", "");
        message.Headers.Add(HeaderId.ContentLanguage, "sv");
        var report = string.Concat(Enumerable.Repeat("Vi erbjuder samhällsorientering på modersmål. ", 10 * 1024 * 1024 / 48));
        var body = new TextPart("plain") { Text = $"[Q01] Anna Lindqvist\n[Q05] Kulturtolkar\n[Q17] {report}\n" };
        var attachment = new MimePart("text", "plain")
        {
            FileName = "rapport.txt",
            Content = new MimeContent(new MemoryStream(new byte[11 * 1024 * 1024])),
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        message.Body = new Multipart("mixed") { body, attachment };
        var result = await host.IngestAsync(message);
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.Contains("text_too_long", result.Detail, StringComparison.Ordinal);
        Assert.Contains("attachment_too_large:rapport.txt", result.Detail, StringComparison.Ordinal);
        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Kulturtolkar", practice!.Answers.Single(a => a.QuestionId == "title").Original);
        var reply = Assert.Single(await host.OutboxAsync()).TextBody;
        Assert.Contains("Texten i ditt mejl är för lång (", reply, StringComparison.Ordinal);
        Assert.Contains("Vi öppnade inte den bifogade filen rapport.txt", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_complete_mail_is_submitted_and_the_reply_says_so_in_its_language()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var file = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "Emails"), "*-el-keys-complete.eml").Single();
        var result = await host.IngestAsync(await File.ReadAllBytesAsync(file));
        Assert.Equal(MailOutcomes.Submitted, result.Outcome);
        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Equal("el", reply.BodyParts.OfType<TextPart>().First().Headers[HeaderId.ContentLanguage]);
        Assert.Contains("Η ομάδα του REGIN", reply.TextBody, StringComparison.Ordinal);
        Assert.Contains(result.Reference!, reply.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_after_the_practice_was_submitted_stays_with_it_for_the_researchers_and_starts_no_new_draft()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var file = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "Emails"), "*-el-keys-complete.eml").Single();
        var first = await host.IngestAsync(await File.ReadAllBytesAsync(file));
        Assert.Equal(MailOutcomes.Submitted, first.Outcome);
        var ourReply = Assert.Single(await host.OutboxAsync());
        var before = await host.PracticeAsync(first.Reference);
        var title = before!.Answers.Single(a => a.QuestionId == "title").ValueJson;

        // As Outlook replies: the correction on top, our whole reply below its header block, no ">" and no template.
        var correction = Mail("sender6@example.org", "ΑΠ: " + ourReply.Subject,
            "Καλημέρα,\n\n[Q05] Νέος τίτλος της πρακτικής\n[Q21] 950\n\nΕλένη\n\n________________________________\n"
            + "Από: REGIN <reginproject@crpm.org>\nΣτάλθηκε: Τρίτη, 1 Δεκεμβρίου 2026 8:01 πμ\nΘέμα: " + ourReply.Subject + "\n\n" + ourReply.TextBody);
        correction.InReplyTo = ourReply.MessageId;
        correction.References.Add(ourReply.MessageId!);
        var second = await host.IngestAsync(correction);

        Assert.Equal(MailOutcomes.AfterSubmission, second.Outcome);
        Assert.Equal(first.Reference, second.Reference);
        Assert.Equal(1, await host.CountAsync(db => db.Practices.Count()));
        var after = await host.PracticeAsync(first.Reference);
        Assert.Equal("submitted", after!.Status);
        Assert.Equal(title, after.Answers.Single(a => a.QuestionId == "title").ValueJson);
        var flag = Assert.Single(after.Flags, f => f.Reason == "mail_after_submission");
        Assert.Contains($"mail #{second.RawInputId}", flag.Detail, StringComparison.Ordinal);
        Assert.Equal(after.Id, await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs
            .Where(r => r.Id == second.RawInputId).Select(r => r.PracticeId).SingleAsync()));
        var told = (await host.OutboxAsync())[^1];
        Assert.Equal(correction.MessageId, told.InReplyTo);
        Assert.Contains("έχει ήδη υποβληθεί", told.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("[Q05]", told.TextBody, StringComparison.Ordinal);

        // A thank-you (no answers) is kept with the practice too, and not answered.
        var thanks = Mail("sender6@example.org", "ΑΠ: " + ourReply.Subject, "Ευχαριστώ πολύ!");
        thanks.InReplyTo = ourReply.MessageId;
        var third = await host.IngestAsync(thanks);
        Assert.Equal(MailOutcomes.AfterSubmission, third.Outcome);
        Assert.Equal(2, (await host.OutboxAsync()).Count);
        Assert.Equal(1, await host.CountAsync(db => db.Practices.Count()));
    }

    [Theory]
    [InlineData("49-docm-macro-attachment", "template.docm", "contains macros")]
    [InlineData("50-password-protected-docx", "modele.docx", "protected by a password")]
    [InlineData("51-zip-bomb-docx", "template.docx", "zip bomb")]
    public async Task An_attachment_not_opened_is_named_in_the_reply_with_what_to_do(string fixture, string file, string reason)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "Emails", fixture + ".eml");
        var result = await host.IngestAsync(await File.ReadAllBytesAsync(path));
        Assert.Equal(MailOutcomes.Failed, result.Outcome);

        // Not only "we found no answers": which file, why, and what to send instead (these senders write in English).
        var reply = Assert.Single(await host.OutboxAsync());
        var notice = (reply.TextBody ?? "").Split('\n').Single(l => l.Contains(file, StringComparison.Ordinal));
        Assert.Contains(reason, notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mail_without_a_template_language_is_answered_in_the_language_of_its_own_words()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var mail = Mail("jens.weber@example.de", "Vorlage", "");
        mail.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "Anbei die ausgefüllte Vorlage.\n\nMit freundlichen Grüßen\nJens Weber" },
            new MimePart("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
            {
                FileName = "Vorlage.docx", Content = new MimeContent(new MemoryStream("not a zip"u8.ToArray())),
            },
        };
        await host.IngestAsync(mail);

        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Equal("de", reply.BodyParts.OfType<TextPart>().First().Headers[HeaderId.ContentLanguage]);
        Assert.Contains("Wir konnten die angehängte Datei Vorlage.docx nicht lesen", reply.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lines_no_question_took_are_quoted_back_in_the_reply_and_a_reservation_is_shown_beside_its_answer()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        await host.IngestAsync(Mail("lucia@example.es", "Práctica",
            "Título de la práctica: Aulas de acogida\nPresupuesto: 150.000 €\nWeb oficial del programa: www.juntadeandalucia.es/acoge\n\nConsentimiento: sí, pero sin mi teléfono"));

        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Contains("Estas líneas no se han leído como respuesta a ninguna pregunta", reply.TextBody, StringComparison.Ordinal);
        Assert.Contains("  > Web oficial del programa: www.juntadeandalucia.es/acoge", reply.TextBody, StringComparison.Ordinal);
        Assert.Contains("Sí (+ \"sin mi teléfono\")", reply.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_body_of_no_level_is_asked_its_level_and_a_title_beside_the_name_is_said_back_as_the_chat_does()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var result = await host.IngestAsync(Mail("p.schulz@example.de", "Gute Praxis",
            "Ihr Name: Dr. Petra Schulz\nArt der federführenden Organisation: öffentliche Verwaltung"));

        var answers = (await host.PracticeAsync(result.Reference))!.Answers.ToDictionary(a => a.QuestionId);
        Assert.Equal("\"Petra Schulz\"", answers["contact_name"].ValueJson);
        Assert.Equal("\"other\"", answers["lead_organisation_type"].ValueJson);
        var reply = Assert.Single(await host.OutboxAsync());
        // The title kept beside the name, and the levels asked as the chat asks them (before: "Sonstiges (+ ...)" alone).
        Assert.Contains("Petra Schulz (+ \"Dr.\")", reply.TextBody, StringComparison.Ordinal);
        Assert.Contains("Auf welcher Ebene", reply.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hurried_Greek_mail_from_Outlook_in_windows_1253_is_read_whole_and_a_second_answer_to_a_question_is_quoted_back()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var message = Mail("m.papadopoulou@example.gr", "Καλή πρακτική - Λέσβος", "");
        var part = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText(System.Text.Encoding.GetEncoding(1253), string.Join("\n",
            "Καλησπέρα σας,", "",
            "Ονοματεπώνυμο: Μαρία Παπαδοπούλου",
            "Τηλ.: +30 22510 35100 εσωτ. 214",
            "Τίτλος: Κέντρο Ένταξης Μεταναστών Λέσβου",
            "Χώρα: ελλαδα",
            "Περιφέρεια: Β. Αιγαίο",
            "Είδος φορέα: ΟΤΑ",
            "Λήξη: ακόμα τρέχει",
            "Ομάδες-στόχος: πρόσφυγες, ασυνόδευτα ανήλικα και γυναίκες",
            "Περιγραφή: Πολλοί δικαιούχοι διεθνούς προστασίας έμεναν χωρίς εργασία.",
            "Ωφελούμενοι: καμιά πενηνταριά οικογένειες",
            "Χρηματοδότηση: ΤΑΜΕ μέσω του Υπουργείου Μετανάστευσης",
            "Καινοτομία: Ενιαία θυρίδα για εργασία και στέγη.",
            "Δυσκολίες: Έλλειψη κατοικιών.", "",
            "Με εκτίμηση,", "Μαρία"));
        message.Body = part;

        var result = await host.IngestAsync(message);

        var answers = (await host.PracticeAsync(result.Reference))!.Answers.ToDictionary(a => a.QuestionId, a => a.ValueJson);
        Assert.Equal("\"EL41\"", answers["region"]);
        Assert.Equal("\"local_authority\"", answers["lead_organisation_type"]);
        Assert.Equal("\"ongoing\"", answers["end_date"]);
        Assert.Equal("[\"international_protection\",\"unaccompanied_minors\",\"women\"]", answers["target_groups"]);
        Assert.Equal("[\"amif\"]", answers["funding_sources"]);
        Assert.Contains("description", answers.Keys);
        Assert.Contains("innovative_elements", answers.Keys);
        Assert.Contains("challenges_solutions", answers.Keys);
        Assert.Contains("214", answers["contact_phone"], StringComparison.Ordinal);
        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Contains("κρατήθηκε η πρώτη απάντηση", reply.TextBody, StringComparison.Ordinal);
        Assert.Contains("  > [Q16] Ωφελούμενοι: καμιά πενηνταριά οικογένειες", reply.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lines_quoted_back_are_few_short_and_carry_no_invisible_characters()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var flood = string.Join("\n", Enumerable.Range(0, 5000).Select(i => $"Nota {i}: visita http://phish.example/{i} \u202eKCILC\u200b" + new string('x', 300)));
        await host.IngestAsync(Mail("maria@example.it", "Pratica", "Titolo della pratica: Sportelli\nBudget: 10.000 €\n" + flood));

        var reply = Assert.Single(await host.OutboxAsync());
        var quoted = (reply.TextBody ?? "").Split('\n').Where(l => l.StartsWith("  > ", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, quoted.Count);
        Assert.All(quoted, line => Assert.True(line.Length <= 4 + 200 + 1, line));
        Assert.DoesNotContain("\u202e", reply.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("\u200b", reply.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_answer_is_refused_without_stopping_the_mail()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var result = await host.IngestAsync(Mail("long@example.org", "long", "Title of the practice: Long one\nObjectives:\n" + new string('x', 30_000)));
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.Equal(1, result.Invalid);
        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Contains("[Q18]", reply.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_Greek_description_is_stored_whole()
    {
        // 5,000 characters of Greek prose (the most a long text takes): PostgreSQL once refused its index entry, and the mail.
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var description = GreekProse.Of(5000);
        var result = await host.IngestAsync(Mail("long.el@example.org", "REGIN",
            $"REGIN-TEMPLATE v2026.1 lang=el\n\n[Q05] Τίτλος της πρακτικής *\nΚέντρο υποδοχής\n\n[Q17] Περιγραφή *\n{description}\n"));
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.Equal(0, result.Invalid);
        var stored = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().Answers.Where(a => a.QuestionId == "description").Select(a => a.Original).SingleAsync());
        Assert.Equal(description, stored);
    }

    [Fact]
    public async Task A_10_MB_answer_is_refused_in_the_contributors_language_and_the_raw_mail_is_kept()
    {
        // Reading 10 MB of MIME can take longer than the default 10 s on a busy test machine; the budget is not the point here.
        await using var host = await MailTestHost.CreateAsync(new() { ["Mail:MaxSecondsPerMessage"] = "120" }, provider: provider);
        var prose = GreekProse.Of(20_000);
        var huge = string.Concat(Enumerable.Repeat(prose, 10 * 1024 * 1024 / System.Text.Encoding.UTF8.GetByteCount(prose) + 1));
        var result = await host.IngestAsync(Mail("huge.el@example.org", "REGIN",
            $"REGIN-TEMPLATE v2026.1 lang=el\n\n[Q05] Τίτλος της πρακτικής *\nΚέντρο υποδοχής\n\n[Q17] Περιγραφή *\n{huge}\n"));
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.Equal(1, result.Invalid);
        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Equal("el", reply.BodyParts.OfType<TextPart>().First().Headers[HeaderId.ContentLanguage]);
        Assert.Contains("[Q17]", reply.TextBody, StringComparison.Ordinal);
        Assert.Contains("επιτρέπονται το πολύ 5000", reply.TextBody, StringComparison.Ordinal);
        var (size, answers) = await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReginDbContext>();
            return (await db.RawInputs.Where(r => r.Id == result.RawInputId).Select(r => r.Content.Length).SingleAsync(),
                await db.Answers.Select(a => a.QuestionId).ToListAsync());
        });
        Assert.True(size > 10 * 1024 * 1024, $"{size} bytes kept");
        Assert.Contains("title", answers);
        Assert.DoesNotContain("description", answers);
    }

    [Fact]
    public async Task No_answer_to_an_optional_question_is_left_blank_and_not_reported_as_a_mistake()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        // As a hurried official fills in the template: "keine Angabe" for the phone, a dash for the web page, "k.A." for
        // the funding and the budget; and "weiß ich nicht" for the start date, which is required.
        var result = await host.IngestAsync(Mail("jana@brandenburg.example", "Vorlage",
            "REGIN-TEMPLATE v2026.1 lang=de\n\n[Q04] Eine Telefonnummer\nkeine Angabe\n\n[Q05] Titel des Praxisbeispiels *\nSprachcafés im Landkreis\n\n" +
            "[Q13] Beginn *\nweiß ich nicht\n\n[Q22] Finanzierungsquellen\nk.A.\n\n[Q23] Gesamtbudget in Euro\nk.A.\n\n[Q30] Eine Webseite zum Praxisbeispiel\n-\n"));
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.Equal(1, result.Invalid);
        var practice = await host.PracticeAsync(result.Reference!);
        Assert.Equal(["contact_email", "title"], practice!.Answers.Select(a => a.QuestionId).Order());
        var reply = Assert.Single(await host.OutboxAsync());
        var body = reply.TextBody!;
        var start = body.IndexOf("Diese Antworten müssen korrigiert werden:", StringComparison.Ordinal);
        var invalidPart = body[start..body.IndexOf("Diese Pflichtangaben fehlen:", start, StringComparison.Ordinal)];
        Assert.Contains("[Q13]", invalidPart, StringComparison.Ordinal);
        Assert.Contains("Kein Problem, wenn Sie es noch nicht genau wissen: Geben Sie vorerst an, was am ehesten zutrifft.", invalidPart, StringComparison.Ordinal);
        Assert.DoesNotContain("[Q04]", invalidPart, StringComparison.Ordinal);
        Assert.DoesNotContain("[Q22]", invalidPart, StringComparison.Ordinal);
        Assert.DoesNotContain("[Q23]", invalidPart, StringComparison.Ordinal);
        Assert.DoesNotContain("[Q30]", invalidPart, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_colleague_answering_our_reply_in_the_thread_continues_the_same_draft()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var first = await host.IngestAsync(Mail("lucia@murcia.example", "Plantilla", "Título de la práctica: Aulas de acogida"));
        var ourReply = Assert.Single(await host.OutboxAsync());
        var colleague = Mail("pedro@murcia.example", "RE: REGIN", "País: España\nRegión: Región de Murcia");
        colleague.InReplyTo = ourReply.MessageId;
        var second = await host.IngestAsync(colleague);
        Assert.Equal(first.Reference, second.Reference);
        var practice = await host.PracticeAsync(first.Reference);
        Assert.Contains(practice!.Identities, i => i.ExternalId == "pedro@murcia.example");
        Assert.Equal("\"ES62\"", practice.Answers.Single(a => a.QuestionId == "region").ValueJson);
    }

    /// <summary>
    /// Who is a colleague in our thread (session 49): her own domain, one above or below it; never a sibling under a suffix
    /// many organisations share, which the site guessed from the name cannot tell (another public body under gv.at, anyone's
    /// name under torino.it, another person's me.uk): each of those changed the other's practice. Nor another user of her
    /// mail provider: an Italian certified-mail (PEC) box at pec.it, an Irish one at eircom.net (Mail:FreeMailDomains).
    /// </summary>
    [Theory]
    [InlineData("m.huber@wien.gv.at", "k.gruber@wien.gv.at", true)]
    [InlineData("m.huber@wien.gv.at", "k.gruber@ma17.wien.gv.at", true)]
    [InlineData("k.gruber@ma17.wien.gv.at", "m.huber@wien.gv.at", true)]
    [InlineData("anna@region-x.se", "bo@mail.region-x.se", true)]
    [InlineData("m.huber@wien.gv.at", "x.huber@bmi.gv.at", false)]
    [InlineData("s.rossi@comune.torino.it", "info@evil.torino.it", false)]
    [InlineData("tom@tomsmith.me.uk", "mallory@mallory.me.uk", false)]
    [InlineData("office@verein.asso.fr", "x@autre.asso.fr", false)]
    [InlineData("comune.esempio@pec.it", "studio.rossi@pec.it", false)]
    [InlineData("sean.byrne@eircom.net", "m.kelly@eircom.net", false)]
    // Siblings of one organisation (session 50): held, unless the researchers listed it (Mail:OrganisationDomains); a
    // shared suffix listed by mistake is ignored, and a listed organisation is no cover for a look-alike above it.
    [InlineData("a.berg@hr.example.org", "c.lind@it.example.org", false)]
    [InlineData("a.berg@hr.example.org", "c.lind@it.example.org", true, "example.org")]
    [InlineData("a.berg@hr.example.org", "c.lind@example.org", true, " example.org , wien.gv.at")]
    [InlineData("m.huber@wien.gv.at", "x.huber@bmi.gv.at", false, "gv.at")]
    [InlineData("m.huber@ma17.wien.gv.at", "k.gruber@ma40.wien.gv.at", true, "gv.at,wien.gv.at")]
    [InlineData("tom@tomsmith.me.uk", "mallory@mallory.me.uk", false, "me.uk")]
    [InlineData("s.rossi@comune.torino.it", "info@evil.torino.it", false, "example.org")]
    [InlineData("a.berg@hr.example.org", "x@hr.example.org.evil.example", false, "example.org")]
    [InlineData("comune.esempio@pec.it", "studio.rossi@pec.it", false, "pec.it")]
    public async Task A_colleague_writes_from_her_domain_or_one_above_or_below_it_never_from_a_sibling_under_a_shared_suffix_nor_another_user_of_her_mail_provider(string contributor, string sender, bool continues, string organisations = "")
    {
        await using var host = await MailTestHost.CreateAsync(new Dictionary<string, string?> { ["Mail:OrganisationDomains"] = organisations }, provider: provider);
        var first = await host.IngestAsync(Mail(contributor, "REGIN", "[Q05] Welcome desk for new arrivals\n[Q13] 2019"));
        var ourReply = Assert.Single(await host.OutboxAsync());
        var colleague = Mail(sender, "Re: " + first.Reference, "Correction:\n[Q05] Another title");
        colleague.InReplyTo = ourReply.MessageId;
        var second = await host.IngestAsync(colleague);
        var practice = (await host.PracticeAsync(first.Reference))!;
        if (continues)
        {
            Assert.Equal((MailOutcomes.Updated, first.Reference), (second.Outcome, second.Reference));
            Assert.Equal("Another title", practice.Answers.Single(a => a.QuestionId == "title").Original);
            return;
        }
        Assert.True(second.Outcome == MailOutcomes.UnverifiedUpdate, $"{second.Outcome} {second.Detail}");
        Assert.Equal("Welcome desk for new arrivals", practice.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.DoesNotContain(practice.Identities, i => i.ExternalId == sender);
        Assert.Contains(practice.Flags, f => f.Reason == Regin.Core.Normalisation.FlagReasons.UnverifiedUpdate && f.Detail!.Contains(sender, StringComparison.Ordinal));
        // He is told that the practice answers to another address, nothing of it quoted.
        var told = Assert.Single(await host.OutboxAsync(), m => m.To.Mailboxes.Single().Address == sender);
        Assert.DoesNotContain("Welcome desk", told.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hello,\n\n[Q05] Homework club\n[Q13] 2019\n\nBest regards\nAlice", "Sorry, one correction: Q13 should be 2020, not 2019.\n\nThanks,\nAlice", "[Q13]", "2020 (was 2019)")]
    [InlineData("Hallo,\n\nhier unsere Angaben, die anderen schicke ich noch.\n\n[Q05] Hausaufgabenhilfe für Kinder\n[Q13] 2019\n\nViele Grüße\nJonas", "Hallo,\n\nKorrektur: Frage 13 sollte 2020 sein, nicht 2019.\n\nViele Grüße\nJonas", "[Q13]", "2020 (bisher: 2019)")]
    [InlineData("Bonjour,\n\n[Q05] Aide aux devoirs\n[Q13] 2019\n\nCordialement,\nClaire", "Bonjour,\n\nPardon, la 13 c'est 2020 et pas 2019.\n\nCordialement,\nClaire", "[Q13]", "2020 (auparavant : 2019)")]
    [InlineData("Hola,\n\n[Q05] Apoyo escolar\n[Q13] 2019\n\nSaludos,\nLucía", "Hola,\n\nPerdón, la pregunta 13 debería ser 2020, no 2019.\n\nSaludos,\nLucía", "[Q13]", "2020 (antes: 2019)")]
    [InlineData("Buongiorno,\n\n[Q05] Doposcuola\n[Q21] 100\n\nCordiali saluti,\nMaria", "Buongiorno,\n\nScusate, la domanda 21 è 120, non 100.\n\nCordiali saluti,\nMaria", "[Q21]", "120 (prima: 100)")]
    [InlineData("Καλησπέρα,\n\n[Q05] Μελέτη για παιδιά\n[Q21] 100\n\nΜε εκτίμηση,\nΕλένη", "Καλησπέρα,\n\nΔιόρθωση: η ερώτηση 21 θα πρέπει να είναι 120, όχι 100.\n\nΜε εκτίμηση,\nΕλένη", "[Q21]", "120 (προηγουμένως: 100)")]
    [InlineData("Olá,\n\n[Q05] Apoio escolar\n[Q13] 2019\n\nCumprimentos,\nAna", "Olá,\n\nDesculpem, a pergunta 13 deve ser 2020 e não 2019.\n\nCumprimentos,\nAna", "[Q13]", "2020 (antes: 2019)")]
    [InlineData("Hej,\n\n[Q05] Läxhjälp\n[Q21] 100\n\nMed vänliga hälsningar\nAnna", "Hej,\n\nFörlåt, fråga 21 ska vara 120, inte 100.\n\nMed vänliga hälsningar\nAnna", "[Q21]", "120 (tidigare: 100)")]
    [InlineData("Hello,\n\n[Q05] Homework club\n[Q13] 2019\n\nBest regards\nAlice", "[Q13] 2021\n\nAlice", "[Q13]", "2021 (was 2019)")]
    public async Task The_reply_to_a_correction_says_what_it_replaced(string first, string correction, string key, string said)
    {
        await using var host = await MailTestHost.CreateAsync(new() { ["Mail:MaxRepliesPerRecipientPerDay"] = "10" }, provider: provider);
        var created = await host.IngestAsync(Mail("contributor@example.org", "REGIN", first));
        var ourReply = (await host.OutboxAsync())[^1];
        Assert.DoesNotContain("(", ourReply.TextBody!.Split('\n').Single(l => l.TrimStart().StartsWith(key, StringComparison.Ordinal)), StringComparison.Ordinal);
        var answer = Mail("contributor@example.org", "Re: " + ourReply.Subject, correction);
        answer.InReplyTo = ourReply.MessageId;
        answer.References.Add(ourReply.MessageId!);
        var result = await host.IngestAsync(answer);
        Assert.Equal(created.Reference, result.Reference);
        var line = (await host.OutboxAsync())[^1].TextBody!.Split('\n').Single(l => l.TrimStart().StartsWith(key, StringComparison.Ordinal));
        Assert.EndsWith(": " + said, line.TrimEnd());
    }

    [Theory]
    [InlineData("Hello,\n\n[Q05] Homework club\n[Q13] 2019\n\nBest regards\nAlice", "Hi,\n\nforgot one thing:\n\nTotal budget in euro: 80,000\n\nBest,\nAlice", "[Q23]")]
    [InlineData("Bonjour,\n\n[Q05] Aide aux devoirs\n[Q13] 2019\n\nCordialement,\nClaire", "Bonjour,\n\nj'avais oublié le budget :\n[Q23] 80 000 €\n\nCordialement,\nClaire", "[Q23]")]
    [InlineData("Hallo,\n\n[Q05] Hausaufgabenhilfe für Kinder\n[Q13] 2019\n\nViele Grüße\nJonas", "Hallo,\n\nnoch eine Ergänzung:\nZahl der erreichten Personen: 45\n\nViele Grüße\nJonas", "[Q21]")]
    [InlineData("Hola,\n\n[Q05] Apoyo escolar\n[Q13] 2019\n\nSaludos,\nLucía", "Hola,\n\nos paso el presupuesto que faltaba:\nPresupuesto total en euros: 80.000 €\n\nSaludos,\nLucía", "[Q23]")]
    [InlineData("Buongiorno,\n\n[Q05] Doposcuola\n[Q13] 2019\n\nCordiali saluti,\nMaria", "Buongiorno,\n\naggiungo il dato mancante:\n21. Numero di persone raggiunte: 120\n\nCordiali saluti,\nMaria", "[Q21]")]
    [InlineData("Καλησπέρα,\n\n[Q05] Μελέτη για παιδιά\n[Q13] 2019\n\nΜε εκτίμηση,\nΕλένη", "Καλησπέρα,\n\nσυμπληρώνω τον προϋπολογισμό:\nΣυνολικός προϋπολογισμός σε ευρώ: 80.000 €\n\nΜε εκτίμηση,\nΕλένη", "[Q23]")]
    [InlineData("Olá,\n\n[Q05] Apoio escolar\n[Q13] 2019\n\nCumprimentos,\nAna", "Olá,\n\nfaltava a página:\n[Q30] www.apoio-escolar.pt\n\nCumprimentos,\nAna", "[Q30]")]
    [InlineData("Hej,\n\n[Q05] Läxhjälp\n[Q13] 2019\n\nMed vänliga hälsningar\nAnna", "Hej,\n\nglömde budgeten:\nQ23: 80 000 €\n\nMvh\nAnna", "[Q23]")]
    public async Task A_mail_adding_an_optional_answer_is_answered_though_the_same_answers_are_missing(string first, string addition, string key)
    {
        // The same UTC day, the practice missing what it missed before: the day's "incomplete" reply was sent already, but
        // this mail added an answer, and its sender is told what was added (not held back as a repeat of that error).
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var created = await host.IngestAsync(Mail("contributor@example.org", "REGIN", first));
        var ourReply = Assert.Single(await host.OutboxAsync());
        var answer = Mail("contributor@example.org", "Re: " + ourReply.Subject, addition);
        answer.InReplyTo = ourReply.MessageId;
        answer.References.Add(ourReply.MessageId!);
        var result = await host.IngestAsync(answer);
        Assert.Equal((MailOutcomes.Updated, created.Reference, created.Missing), (result.Outcome, result.Reference, result.Missing));
        var replies = await host.OutboxAsync();
        Assert.Equal(2, replies.Count);
        var line = replies[^1].TextBody!.Split('\n').Single(l => l.TrimStart().StartsWith(key, StringComparison.Ordinal));
        Assert.DoesNotContain("(", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m.kovacs.consult@gmail.com", "Hello,\n\nI filled in the template for my colleague.\n\n[Q01] Alice Example\n[Q05] Mentoring for young refugees\n[Q06] Greece\n")]
    [InlineData("\"Giorgos P.\" <g.p@otenet.gr>", "Καλημέρα σας,\n\nΤο όνομά σας: EXAMPLE Alice\nΤίτλος της πρακτικής: Μαθήματα ελληνικών για πρόσφυγες\n")]
    [InlineData("mallory@evil.example", "Your name: Alice Exámple (Region of Crete)\nTitle of the practice: Mentoring\n")]
    public async Task A_contact_name_typed_as_a_known_contributors_from_another_address_flags_the_practice(string from, string body)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var alice = await host.IngestAsync(Mail("alice@crete.example", "REGIN", "[Q01] Alice Example\n[Q05] Homework club\n"));
        var result = await host.IngestAsync(Mail(from, "REGIN", body));
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.Contains(Regin.Core.Normalisation.FlagReasons.ContactNameOfContributor, result.Detail, StringComparison.Ordinal);
        var practice = await host.PracticeAsync(result.Reference);
        var flag = Assert.Single(practice!.Flags, f => f.Reason == Regin.Core.Normalisation.FlagReasons.ContactNameOfContributor);
        Assert.Contains($"mail #{result.RawInputId} ", flag.Detail, StringComparison.Ordinal);
        Assert.Contains($"{alice.Reference}, who writes from alice@crete.example", flag.Detail, StringComparison.Ordinal);
        // The typed name stays the sender's claim, under the flag.
        Assert.Contains(practice.Answers, a => a.QuestionId == "contact_name");
        Assert.DoesNotContain((await host.PracticeAsync(alice.Reference))!.Flags, f => f.Reason == Regin.Core.Normalisation.FlagReasons.ContactNameOfContributor);
    }

    [Fact]
    public async Task A_contact_name_typed_by_the_contributor_or_a_colleague_on_her_practice_flags_nothing()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var alice = await host.IngestAsync(Mail("alice@crete.example", "REGIN", "[Q01] Alice Example\n[Q05] Homework club\n"));
        var ourReply = Assert.Single(await host.OutboxAsync());
        var again = await host.IngestAsync(Mail("alice@crete.example", "Re: " + ourReply.Subject, "[Q01] Alice Example\n[Q06] Greece\n"));
        var colleague = Mail("nikos@crete.example", "Re: " + ourReply.Subject, "[Q01] Alice Example\n[Q07] Crete\n");
        colleague.InReplyTo = ourReply.MessageId;
        var other = await host.IngestAsync(colleague);
        // Her second practice, from her own address.
        var second = await host.IngestAsync(Mail("alice@crete.example", "REGIN", "[Q01] Alice Example\n[Q05] Language cafe\n"));
        Assert.Equal((alice.Reference, alice.Reference), (again.Reference, other.Reference));
        Assert.NotEqual(alice.Reference, second.Reference);
        foreach (var reference in new[] { alice.Reference, second.Reference })
        {
            Assert.DoesNotContain((await host.PracticeAsync(reference))!.Flags, f => f.Reason == Regin.Core.Normalisation.FlagReasons.ContactNameOfContributor);
        }
    }

    [Fact]
    public async Task An_answer_saying_the_stored_value_again_is_not_said_to_replace_it()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var created = await host.IngestAsync(Mail("contributor@example.org", "REGIN", "[Q05] Homework club\n[Q13] 2019\n"));
        var ourReply = (await host.OutboxAsync())[^1];
        var answer = Mail("contributor@example.org", "Re: " + ourReply.Subject, "[Q13] 2019\n[Q21] 120\n");
        answer.InReplyTo = ourReply.MessageId;
        answer.References.Add(ourReply.MessageId!);
        Assert.Equal(created.Reference, (await host.IngestAsync(answer)).Reference);
        var reply = (await host.OutboxAsync())[^1].TextBody!;
        Assert.Contains(": 2019", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("(was", reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lucia.martinez@gmail.com", "pedro.ruiz@gmail.com")]
    [InlineData("jonas.weber@gmx.de", "m.krause@gmx.de")]
    [InlineData("ana.silva@sapo.pt", "rui.costa@sapo.pt")]
    [InlineData("eleni.k@otenet.gr", "giorgos.p@otenet.gr")]
    [InlineData("maria.rossi@libero.it", "luca.bianchi@libero.it")]
    [InlineData("claire.martin@orange.fr", "paul.durand@orange.fr")]
    [InlineData("anna.berg@outlook.com", "erik.lund@hotmail.com")]
    public async Task Another_user_of_the_contributors_free_mail_provider_does_not_continue_the_thread(string contributor, string stranger)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var first = await host.IngestAsync(Mail(contributor, "Plantilla", "[Q05] Aulas de acogida\n[Q06] España"));
        var ourReply = Assert.Single(await host.OutboxAsync());
        // A copy of our reply reached the stranger (forwarded, or on a shared computer): he answers it, authenticated at his provider.
        var copied = Mail(stranger, "Re: " + ourReply.Subject, "[Q05] Cambiado por otro\n[Q08] Otra organización");
        copied.InReplyTo = ourReply.MessageId;
        copied.References.Add(ourReply.MessageId!);
        var second = await host.IngestAsync(copied);
        Assert.Equal(MailOutcomes.UnverifiedUpdate, second.Outcome);
        var practice = await host.PracticeAsync(first.Reference);
        Assert.Equal("Aulas de acogida", practice!.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "lead_organisation");
        Assert.DoesNotContain(practice.Identities, i => i.ExternalId == stranger);
        Assert.Contains(practice.Flags, f => f.Reason == Regin.Core.Normalisation.FlagReasons.UnverifiedUpdate);
    }

    [Fact]
    public async Task The_free_mail_providers_are_configuration()
    {
        // A site the project knows as one organisation's is taken off the list: its users are colleagues again.
        await using var host = await MailTestHost.CreateAsync(new() { ["Mail:FreeMailDomains"] = "gmail.com" }, provider: provider);
        var first = await host.IngestAsync(Mail("lucia.martinez@orange.fr", "Plantilla", "[Q05] Aulas de acogida"));
        var ourReply = Assert.Single(await host.OutboxAsync());
        var colleague = Mail("pedro.ruiz@orange.fr", "Re: " + ourReply.Subject, "[Q06] España");
        colleague.InReplyTo = ourReply.MessageId;
        colleague.References.Add(ourReply.MessageId!);
        Assert.Equal(first.Reference, (await host.IngestAsync(colleague)).Reference);
        Assert.Equal("\"ES\"", (await host.PracticeAsync(first.Reference))!.Answers.Single(a => a.QuestionId == "country").ValueJson);
    }
}

[Collection(CpuTimeCollection.Name)]
public sealed class MailProcessorTestsOnSqlite() : MailProcessorTests(Regin.Testing.TestProviders.Sqlite);

[Collection(CpuTimeCollection.Name)]
public sealed class MailProcessorTestsOnPostgreSql() : MailProcessorTests(Regin.Testing.TestProviders.PostgreSql);
