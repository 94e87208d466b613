using System.Text;
using MimeKit;
using Regin.MailIngest.Tests.Intake;
using Regin.Testing;

using Attack = Regin.MailIngest.Tests.Integration.AttackRound.Attack;
using Context = Regin.MailIngest.Tests.Integration.AttackRound.Context;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Attacker round 46, through a real Dovecot and smtp4dev beside Alice's draft, read by the watcher, on SQLite and on
/// PostgreSQL, against session 46's new paths: .rtf attachments now read (one nested 100,000 deep, one hiding an answer
/// with RTF's own hidden-text mark, one whose field asks Word to include a file from the attacker's server), answers that
/// promise the answer ("to follow") used to hold drafts open (Alice's, unauthenticated; every question of one's own; one
/// question 500 times), and a mail under Alice's Message-ID with its sender's reply to it in the same batch. Each is kept
/// raw, gets the outcome written beside it, changes nothing of Alice's, and gets one well-formed reply in its sender's
/// language at the From address alone, or none.
/// </summary>
public sealed class AttackerRound46Tests(MailServers servers) : IClassFixture<MailServers>
{
    static AttackerRound46Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static MimeMessage Mail(Context context, string name, string from, string subject, MimeEntity body, bool authenticated = true)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = $"{context.User}.{name}@mx.attacker.example";
        message.Headers.Add("X-Attack", name);
        message.Body = body;
        return authenticated ? MailTestHost.Authenticated(message) : message;
    }

    private static TextPart Text(string text) => new("plain") { Text = text, ContentTransferEncoding = ContentEncoding.QuotedPrintable };

    private static MimePart Rtf(string rtf, string name) => MailRound45Tests.File(Encoding.Latin1.GetBytes(rtf), name, "application", "rtf");

    private static readonly Attack[] Attacks =
    [
        // An .rtf attachment that opens 100,000 groups: refused at the depth limit (never recursed into), named as not read.
        new("a46-01-rtf-attachment-nested-100000-deep", c => Mail(c, "a46-01", "Mallory Grey <mallory@evil-ngo.example>", "Form", new Multipart("mixed")
        {
            Text("Hi, the form is attached.\n\nMallory"),
            Rtf("{\\rtf1\\ansi " + new string('{', 100_000) + "[Q05] Deep" + new string('}', 100_000) + "}", "form.rtf"),
        }), "failed", "en", ReplyOmits: ["Deep"], Detail: "rtf_unreadable:form.rtf"),
        // An .rtf whose payout address is formatted hidden (\v: Word's "Hidden" effect): the visible answers read, the
        // hidden one not read nor quoted, the practice flagged.
        new("a46-02-rtf-hidden-text-answer", c => Mail(c, "a46-02", "Eva Braun <eva.braun@verein.example>", "Vorlage", new Multipart("mixed")
        {
            Text("Hallo,\nanbei die ausgefüllte Vorlage.\n\nViele Grüße\nEva"),
            Rtf("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}}\\f0\\fs22 [Q05] Sprachcaf\\'e9 Neustadt\\par\r\n"
                + "[Q06] Deutschland\\par\r\n{\\v [Q03] auszahlung@evil-ngo.example\\par}\r\n}", "Vorlage.rtf"),
        }), "created", "de", ReplyOmits: ["auszahlung@"], Detail: "hidden_text:Vorlage.rtf"),
        // An .rtf whose field asks Word to include a file from the attacker's server: the field's instruction is never
        // followed (nothing is fetched); its last shown result is the text, as Word shows it.
        new("a46-03-rtf-includetext-field", c => Mail(c, "a46-03", "Claire Martin <claire.martin@asso-accueil.example>", "Fiche", new Multipart("mixed")
        {
            Text("Bonjour,\nci-joint la fiche remplie.\n\nCordialement,\nClaire"),
            Rtf("{\\rtf1\\ansi{\\field{\\*\\fldinst INCLUDETEXT \"http://198.51.100.7/reponses.txt\"}{\\fldrslt [Q05] Accueil solidaire}}\\par\r\n"
                + "[Q06] France\\par\r\n}", "fiche.rtf"),
        }), "created", "fr", ReplyOmits: ["198.51.100.7"]),
        // "Alice", unauthenticated, promising answers in our thread with her to hold her draft open: the promises are dropped
        // (no flag, nothing awaited: it failed here first, answer_promised=Q13,Q23 on her practice), nobody answered. Since
        // session 47b nothing of such a mail is applied: held for the researchers (unverified_update).
        new("a46-04-promise-in-alices-thread-unauthenticated", c =>
        {
            var m = Mail(c, "a46-04", "Alice Example <alice@example.org>", "Re: REGIN", Text("[Q23] to follow\n[Q13] to follow\n\nAlice"), authenticated: false);
            m.InReplyTo = c.OurReplyToAlice;
            m.References.Add(c.OurReplyToAlice);
            return m;
        }, "unverified_update", null, Detail: "held in our thread: answers=2 not applied"),
        // Every question "promised": his own draft only, answered once in his language, every promise awaited there.
        new("a46-05-every-question-promised", c => Mail(c, "a46-05", "Vittorio Neri <v.neri@cooperativa.example>", "Scheda",
            Text("Buongiorno,\n" + string.Concat(Enumerable.Range(5, 27).Select(k => $"[Q{k:00}] lo mandiamo dopo\n")) + "\nCordiali saluti\nVittorio")),
            "created", "it", Detail: "answer_promised"),
        // A mail under Alice's Message-ID and its sender's "forgot one" reply naming that id, fetched in one batch: his own
        // draft (whichever of the two is read first starts it, the other continues it), nothing of Alice's.
        new("a46-06-mail-under-alices-message-id", c =>
        {
            var m = Mail(c, "a46-06", "Malcolm Rook <malcolm@rogue-ngo.example>", "REGIN", Text("Hi,\n[Q01] Malcolm Rook\n[Q05] Alice's practice (closed)\n[Q06] Cyprus\n\nThanks,\nMalcolm"));
            m.MessageId = c.AliceMessageId;
            return MailTestHost.Authenticated(m);
        }, "created|updated", "en"),
        new("a46-07-reply-naming-it-in-the-same-batch", c =>
        {
            var m = Mail(c, "a46-07", "Malcolm Rook <malcolm@rogue-ngo.example>", "Re: REGIN", Text("Hi, forgot this one:\n[Q13] 2021\n\nThanks,\nMalcolm"));
            m.InReplyTo = c.AliceMessageId;
            m.References.Add(c.AliceMessageId);
            return m;
        }, "created|updated", "en"),
        // One question promised 500 times: one answer awaited, one flag, one reply.
        new("a46-08-a-promise-500-times", c => Mail(c, "a46-08", "Ana Ruiz <ana.ruiz@ayto.example>", "Ficha",
            Text("Hola,\n[Q05] Aula de acogida\n[Q06] España\n" + string.Concat(Enumerable.Repeat("[Q23] pendiente\n", 500)) + "\nSaludos,\nAna")),
            "created", "es", Detail: "answer_promised=Q23"),
    ];

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task Attackers_mail_of_round_46_through_Dovecot_is_kept_answered_in_its_language_and_changes_nothing_of_alices(string provider)
    {
        var result = await AttackRound.RunAsync(servers, provider, "46", Attacks, new HashSet<string>(StringComparer.Ordinal) { "processed", "failed", "ignored" });

        Assert.True(result.Failures.Count == 0, result.Report);
    }
}
