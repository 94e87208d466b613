using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Session 44's round of the mail door: a mail under a Message-ID stored before is kept and read as a mail of its own
/// when its author wrote something else (another body, other author headers), and stays one when it is the same mail by
/// another route; on both paths (one by one, and the batch's acceptor) and both providers.
/// </summary>
public abstract class MailRound44Tests(string provider)
{
    static MailRound44Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static MimeMessage Mail(string from, string subject, string body, string? messageId = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.Date = new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.FromHours(1));
        message.MessageId = messageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId(message.From.Mailboxes.Single().Domain);
        message.Body = new TextPart("plain") { Text = body, ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        return MailTestHost.Authenticated(message);
    }

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// The same mail as delivered by a second route: another relay's Received, its own Authentication-Results, a DKIM
    /// signature, Delivered-To and an X- field on top, and its line ends stored as LF.
    /// </summary>
    private static byte[] ByAnotherRoute(byte[] raw)
    {
        var text = Encoding.Latin1.GetString(raw);
        var added = "Received: from relay2.lists.example (relay2.lists.example [192.0.2.7]) by mx.crpm.org with ESMTPS id 4Q; Fri, 4 Dec 2026 09:31:02 +0100\r\n"
            + "Delivered-To: reginproject@crpm.org\r\n"
            + "DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=sel; h=from:to:subject; bh=abc=; b=def=\r\n"
            + "X-Spam-Score: 0.1\r\n";
        return Encoding.Latin1.GetBytes((added + text).Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private const string AliceBody = "Hello,\n[Q01] Alice Example\n[Q05] Language café for newcomers\n[Q06] Ireland\n\nKind regards,\nAlice";

    private const string MalloryBody = "Hi,\n[Q05] Alice's practice (closed)\n[Q06] Cyprus\n\nThanks,\nMallory";

    [Fact]
    public async Task A_strangers_mail_under_alices_message_id_is_kept_and_read_as_his_own_and_the_same_mail_by_another_route_stays_one()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var alice = Bytes(Mail("Alice Example <alice@example.org>", "Our practice", AliceBody, "cafe.1234@example.org"));
        var first = await host.IngestAsync(alice);
        Assert.Equal(MailOutcomes.Created, first.Outcome);

        // The same mail again, by a list's route: one mail.
        var again = await host.IngestAsync(ByAnotherRoute(alice));
        Assert.Equal(MailOutcomes.Duplicate, again.Outcome);
        Assert.Equal(first.RawInputId, again.RawInputId);

        // Mallory writes under Alice's Message-ID: kept, his own draft, flagged, answered; Alice's untouched.
        var mallory = Bytes(Mail("Mallory Grey <mallory@evil-ngo.example>", "REGIN", MalloryBody, "cafe.1234@example.org"));
        var stranger = await host.IngestAsync(mallory);
        Assert.Equal(MailOutcomes.Created, stranger.Outcome);
        Assert.NotEqual(first.Reference, stranger.Reference);
        Assert.Contains(FlagReasons.MessageIdReused, stranger.Detail, StringComparison.Ordinal);
        var row = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().SingleAsync(r => r.Id == stranger.RawInputId));
        Assert.Equal(mallory, row.Content);
        Assert.StartsWith("mid:cafe.1234@example.org #print:", row.DedupKey, StringComparison.Ordinal);
        var his = await host.PracticeAsync(stranger.Reference);
        Assert.Contains(his!.Flags, f => f.Reason == FlagReasons.MessageIdReused);
        Assert.Equal("mallory@evil-ngo.example", his.ContributorEmail);
        var hers = await host.PracticeAsync(first.Reference);
        Assert.Equal("Language café for newcomers", hers!.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.Contains(hers.Answers, a => a.QuestionId == "country" && a.ValueJson!.Contains("IE", StringComparison.Ordinal));
        Assert.DoesNotContain(hers.Flags, f => f.Reason == FlagReasons.MessageIdReused);
        var outbox = await host.OutboxAsync();
        Assert.Equal(2, outbox.Count);
        Assert.Equal("mallory@evil-ngo.example", outbox[1].To.Mailboxes.Single().Address);

        // Mallory's mail fetched again: one mail; Alice's, again: one mail.
        Assert.Equal(MailOutcomes.Duplicate, (await host.IngestAsync(mallory)).Outcome);
        Assert.Equal(MailOutcomes.Duplicate, (await host.IngestAsync(alice)).Outcome);
        Assert.Equal(2, await host.CountAsync(db => db.RawInputs.Count(r => r.Channel == "email")));
        Assert.Equal(2, await host.CountAsync(db => db.Practices.Count()));
        Assert.Equal(2, (await host.OutboxAsync()).Count);
    }

    [Fact]
    public async Task The_batch_acceptor_keeps_a_differing_mail_under_a_stored_or_batched_message_id_and_a_replay_doubles_nothing()
    {
        await using var host = await MailTestHost.CreateAsync(new Dictionary<string, string?> { ["Mail:BatchMilliseconds"] = "60000", ["Mail:BatchSize"] = "200" }, provider: provider);
        var ingester = host.Services.GetRequiredService<MailBatchIngester>();
        // Each mail's result, in the order given (results are reported as they are decided).
        async Task<List<IngestedMail>> IngestAsync(params byte[][] mails)
        {
            var results = new List<IngestedMail>();
            await ingester.IngestAsync(mails.Select((bytes, i) => new MailSource($"mail{i}", _ => Task.FromResult(bytes))).ToAsyncEnumerable(),
                (batch, _) => { results.AddRange(batch); return Task.CompletedTask; });
            return [.. results.OrderBy(r => int.Parse(r.Source.Name[4..], System.Globalization.CultureInfo.InvariantCulture))];
        }
        var alice = Bytes(Mail("Alice Example <alice@example.org>", "Our practice", AliceBody, "cafe.5678@example.org"));
        var mallory = Bytes(Mail("Mallory Grey <mallory@evil-ngo.example>", "REGIN", MalloryBody, "cafe.5678@example.org"));
        // In one batch: Alice's mail, the same by a second route, Mallory's under her id, and Mallory's twice.
        var one = await IngestAsync(alice, ByAnotherRoute(alice), mallory, mallory);
        Assert.Equal(4, one.Count);
        Assert.Equal(MailOutcomes.Created, one[0].Result.Outcome);
        Assert.Equal(MailOutcomes.Created, one[2].Result.Outcome);
        Assert.Contains(FlagReasons.MessageIdReused, one[2].Result.Detail, StringComparison.Ordinal);
        Assert.NotEqual(one[0].Result.RawInputId, one[2].Result.RawInputId);
        Assert.Equal(2, await host.CountAsync(db => db.RawInputs.Count(r => r.Channel == "email")));
        Assert.Equal(2, await host.CountAsync(db => db.Practices.Count()));

        // A later batch: a third writer under the same id (Eve, in German), and the first two again.
        var eve = Bytes(Mail("Eve Braun <eve@verein.example>", "Vorlage", "Hallo,\nanbei unsere Angaben zum Projekt.\n[Q05] Sprachcafé Neustadt\n[Q06] Deutschland\n\nLiebe Grüße\nEve", "cafe.5678@example.org"));
        var two = await IngestAsync(mallory, eve, alice);
        Assert.Equal(MailOutcomes.Duplicate, two[0].Result.Outcome);
        Assert.Equal(one[2].Result.RawInputId, two[0].Result.RawInputId);
        Assert.Equal(MailOutcomes.Created, two[1].Result.Outcome);
        Assert.Equal("de", two[1].Result.Language);
        Assert.Equal(MailOutcomes.Duplicate, two[2].Result.Outcome);
        var rows = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().Where(r => r.Channel == "email").OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(3, rows.Count);
        Assert.Equal([alice, mallory, eve], rows.Select(r => r.Content));
        Assert.All(rows, r => Assert.Equal(MailProcessor.RawProcessed, r.Outcome));
        var hers = await host.PracticeAsync(one[0].Result.Reference);
        Assert.Equal("Language café for newcomers", hers!.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.Equal(3, (await host.OutboxAsync()).Count);
    }

    public static TheoryData<string, string, string> ShortMails() => new()
    {
        // language, sender, the mail as typed: a greeting, the template's keys, a sign-off and a first name, nothing more
        { "en", "Tom Ryan <tom.ryan@gmail.com>", "Hi,\n\n[Q01] Tom Ryan\n[Q05] Welcome desk\n[Q06] Ireland\n\nTom" },
        { "en", "Tom Ryan <tom.ryan@gmail.com>", "Hello,\n[Q05] Welcome desk\n[Q06] Ireland\nThanks,\nTom" },
        { "fr", "Luc Martin <luc.martin@gmail.com>", "Bonjour,\n\n[Q01] Luc Martin\n[Q05] Accueil des nouveaux arrivants\n[Q06] France\n\nCordialement,\nLuc" },
        { "de", "Eva Braun <eva.braun@gmail.com>", "Hallo,\n\n[Q01] Eva Braun\n[Q05] Sprachcafé\n[Q06] Deutschland\n\nLiebe Grüße\nEva" },
        { "de", "Eva Braun <eva.braun@gmail.com>", "Liebe Frau Weber,\n[Q05] Sprachcafé\n[Q06] Deutschland\nLG Eva" },
        { "es", "Ana Ruiz <ana.ruiz@gmail.com>", "Hola,\n\n[Q01] Ana Ruiz\n[Q05] Aula de acogida\n[Q06] España\n\nSaludos,\nAna" },
        { "it", "Marco Bianchi <marco.bianchi@gmail.com>", "Buongiorno,\n\n[Q01] Marco Bianchi\n[Q05] Sportello migranti\n[Q06] Italia\n\nCordiali saluti\nMarco" },
        { "el", "Nikos Pappas <nikos.pappas@gmail.com>", "Καλημέρα,\n\n[Q01] Νίκος Παππάς\n[Q05] Κέντρο υποδοχής\n[Q06] Ελλάδα\n\nΦιλικά,\nΝίκος" },
        { "pt", "João Silva <joao.silva@gmail.com>", "Olá,\n\n[Q01] João Silva\n[Q05] Balcão de acolhimento\n[Q06] Portugal\n\nCumprimentos,\nJoão" },
        { "sv", "Anna Berg <anna.berg@gmail.com>", "Hej,\n\n[Q01] Anna Berg\n[Q05] Språkcafé\n[Q06] Sverige\n\nMvh\nAnna" },
        // Nothing of their own but a first name: the country of the address.
        { "el", "Nikos Pappas <n.pappas@crete-region.gr>", "[Q01] Νίκος Παππάς\n[Q05] Κέντρο υποδοχής\n[Q06] Ελλάδα\nΝίκος" },
        { "sv", "Anna Berg <anna.berg@malmo.se>", "[Q05] Språkcafé\n[Q06] Sverige\nAnna" },
        { "en", "Tom Ryan <tom.ryan@corkcity.ie>", "[Q05] Welcome desk\n[Q06] Ireland\nTom" },
        // An English greeting from a Swedish address: the greeting is his own word, the address only where he works.
        { "en", "Tom Ryan <tom.ryan@malmo.se>", "Hi,\n[Q05] Welcome desk\n[Q06] Sweden\nTom" },
    };

    [Theory]
    [MemberData(nameof(ShortMails))]
    public async Task A_short_mail_with_only_a_greeting_and_a_sign_off_of_its_own_is_answered_in_their_language(string language, string from, string body)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var result = await host.IngestAsync(Mail(from, "REGIN", body));
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.Equal(language, result.Language);
        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Equal(language, reply.BodyParts.OfType<TextPart>().First().Headers[HeaderId.ContentLanguage]);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    [InlineData("de")]
    [InlineData("es")]
    [InlineData("it")]
    [InlineData("el")]
    [InlineData("pt")]
    [InlineData("sv")]
    public async Task The_request_for_changes_mail_ends_with_our_signature_and_the_privacy_notice_in_the_contributors_language(string language)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var (_, id) = await Notifications.NotificationMailSenderTests.DraftWithNotificationAsync(host, "maria@example.it");
        await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().ContributorNotifications.Where(n => n.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.Language, language)));
        var sender = new Notifications.NotificationMailSenderTests.RecordingSender();
        Assert.Equal(1, await host.WithScopeAsync(sp => sp.GetRequiredService<Regin.MailIngest.Notifications.NotificationMailSender>().SendPendingAsync(sender)));
        var texts = host.Services.GetRequiredService<Regin.Core.Localisation.Texts>();
        var privacy = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Regin.Core.Privacy.PrivacyOptions>>().Value;
        var body = Assert.Single(sender.Sent).TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal);
        // The researcher's words first, then the sign-off and the notice's line, with the notice's address in that language.
        Assert.StartsWith("Il team di REGIN", body, StringComparison.Ordinal);
        var notice = texts.Get("mail.privacy_notice", language, ("privacy_url", privacy.NoticeUrlIn(language)));
        Assert.Contains("lang=" + language, notice, StringComparison.Ordinal);
        Assert.EndsWith("\n-- \n" + texts.Get("mail.reply_signature", language) + "\n" + notice + "\n", body, StringComparison.Ordinal);
    }
}

public sealed class MailRound44TestsOnSqlite() : MailRound44Tests(TestProviders.Sqlite);

public sealed class MailRound44TestsOnPostgreSql() : MailRound44Tests(TestProviders.PostgreSql);
