using MimeKit;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Mails whose Content-Language is their mail program's, not their text's: Outlook writes its installation's language
/// there ("en-US" above a German official's German). Their own words outrank the header when they are clear (a greeting
/// and a sign-off, or a sentence); a short "Hi, … Tom" keeps the header's. Both providers; RealSenderMailTests sends the
/// same mails through Dovecot and smtp4dev.
/// </summary>
public abstract class MailLanguageTests(string provider)
{
    /// <summary>A mail as Outlook (or Gmail, with no header) sends it: keyed answers, the sender's own words around them.</summary>
    internal static MimeMessage Mail(string from, string? contentLanguage, string body, string mailer = "Microsoft Outlook 16.0")
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = "RE: REGIN";
        message.Date = new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.FromHours(1));
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(message.From.Mailboxes.Single().Domain);
        message.Headers.Add("X-Mailer", mailer);
        message.Body = new TextPart("plain") { Text = body.Replace("\n", "\r\n", StringComparison.Ordinal), ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        // After the body: MimeKit keeps a message's Content-* headers with its body, and a new body drops them.
        if (contentLanguage is not null)
        {
            message.Headers.Add("Thread-Index", "AdtGq3bVx0p1Lr3kQmK2b9mZ1xYqAw==");
            message.Headers.Add(HeaderId.ContentLanguage, contentLanguage);
        }
        return MailTestHost.Authenticated(message);
    }

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>The reply's language, the sender, their Content-Language, and the mail as typed.</summary>
    public static TheoryData<string, string, string?, string> Mails() => new()
    {
        // A German official in an English-installed Outlook: Outlook says en-US, she writes German.
        { "de", "Jonas Becker <jonas.becker@gmail.com>", "en-US",
            "Hallo Frau Weber,\n\nanbei wie besprochen unsere Angaben für das Sprachcafé. Die Zahlen für 2025 reiche ich nach.\n\n"
            + "[Q01] Jonas Becker\n[Q05] Sprachcafé im Stadtteilzentrum\n[Q06] Deutschland\n\nViele Grüße\nJonas Becker\nAmt für Migration und Integration" },
        // A Greek regional official in an Outlook set to en-GB.
        { "el", "Eleni Konstantinou <eleni.konst@gmail.com>", "en-GB",
            "Καλησπέρα σας,\n\nσας στέλνω τα στοιχεία για το κέντρο υποδοχής μας.\n\n[Q01] Ελένη Κωνσταντίνου\n[Q05] Κέντρο υποδοχής μεταναστών\n[Q06] Ελλάδα\n\n"
            + "Με εκτίμηση,\nΕλένη Κωνσταντίνου\nΠεριφέρεια Κρήτης" },
        // A French one from Gmail: no header at all.
        { "fr", "Luc Martin <luc.martin@gmail.com>", null,
            "Bonjour,\n\nVoici nos réponses pour le guichet d'accueil.\n\n[Q01] Luc Martin\n[Q05] Guichet d'accueil des nouveaux arrivants\n[Q06] France\n\nCordialement,\nLuc" },
        // Too few words of his own: "Hi," and his name; the header says English (and so it stays).
        { "en", "Tom Ryan <tom.ryan@gmail.com>", "en", "Hi,\n\n[Q01] Tom Ryan\n[Q05] Welcome desk\n[Q06] Ireland\n\nTom" },
        // The same few words under a Swedish Outlook: the header, not the lone "Hi", decides.
        { "sv", "Tom Ryan <tom.ryan@gmail.com>", "sv-SE", "Hi,\n\n[Q01] Tom Ryan\n[Q05] Welcome desk\n[Q06] Sverige\n\nTom" },
    };

    [Theory]
    [MemberData(nameof(Mails))]
    public async Task A_mails_clear_own_words_outrank_its_content_language_and_few_words_keep_it(string language, string from, string? contentLanguage, string body)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var mail = Mail(from, contentLanguage, body);
        Assert.Equal(contentLanguage, MailProcessor.ContentLanguage(MimeMessage.Load(new MemoryStream(Bytes(mail)))));
        var result = await host.IngestAsync(mail);
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.Equal(language, result.Language);
        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Equal(language, reply.BodyParts.OfType<TextPart>().First().Headers[HeaderId.ContentLanguage]);
    }
}

public sealed class MailLanguageTestsOnSqlite() : MailLanguageTests(TestProviders.Sqlite);

public sealed class MailLanguageTestsOnPostgreSql() : MailLanguageTests(TestProviders.PostgreSql);
