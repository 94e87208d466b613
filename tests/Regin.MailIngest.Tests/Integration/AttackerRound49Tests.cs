using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Testing;

using static Regin.MailIngest.Tests.Integration.AttackRound;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Attacker round 49, through a real Dovecot and smtp4dev beside Alice's draft and two more contributors' (a Viennese
/// official at wien.gv.at, a Turin one at comune.torino.it), read by the watcher, on SQLite and on PostgreSQL. Header
/// tricks (two From headers, an encoded display name writing Alice's address, Sender/Reply-To/Return-Path naming her, a DKIM
/// signature of another domain, a quoted local part holding her address, 5,000 forged ids of ours in References), a
/// stranger at a sibling domain under a shared suffix (bmi.gv.at, evil.torino.it) holding our thread, a forged "erase my
/// data", body tricks (her own vCard, a calendar invitation, HTML and RTF named template.docx, a .docx of a billion laughs,
/// her mail nested in a stranger's, a text part and an HTML part that disagree, bidi overrides) and volume (a 200-level
/// nest, 2,000 parts, 10,000 recipients, a header of 1 MB, base64 with garbage padding). Nothing of any contributor
/// changes without her proof, every mail is kept raw, replies go to the proven From only, and the researchers see
/// what was held and why.
/// </summary>
public sealed class AttackerRound49Tests(MailServers servers) : IClassFixture<MailServers>
{
    private const string Alice = "alice@example.org";
    private const string Vienna = "m.huber@wien.gv.at";
    private const string Turin = "s.rossi@comune.torino.it";
    private const string HeldChange = "held in our thread: answers=";

    /// <summary>A mail as the attacker's own script writes it, byte for byte (CRLF), parsed as Dovecot will deliver it.</summary>
    private static MimeMessage Raw(Context context, string name, string headers, string body) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(
        ($"X-Attack: {name}\nMessage-ID: <{context.User}.{name}@mx.attacker.example>\n{headers}\n\n{body}").Replace("\n", "\r\n", StringComparison.Ordinal))));

    private static string PassOf(string address) => "Authentication-Results: " + MailTestHost.PassHeader(address);

    internal static MimeMessage WithParts(MimeMessage message, string text, params MimeEntity[] parts)
    {
        var mixed = new Multipart("mixed") { new TextPart("plain") { Text = text } };
        foreach (var part in parts)
        {
            mixed.Add(part);
        }
        message.Body = mixed;
        return message;
    }

    private static MimePart Docx(byte[] content) => new("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
    {
        FileName = "template.docx",
        Content = new MimeContent(new MemoryStream(content)),
        ContentTransferEncoding = ContentEncoding.Base64,
    };

    /// <summary>A .docx whose document.xml declares ten levels of entities, each ten of the one below ("billion laughs").</summary>
    internal static byte[] BillionLaughsDocx()
    {
        var xml = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY l0 \"lol\">");
        for (var i = 1; i < 10; i++)
        {
            xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"<!ENTITY l{i} \"{string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))}\">");
        }
        xml.Append("]><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>[Q05] &l9;</w:t></w:r></w:p><w:p><w:r><w:t>[Q06] Malta</w:t></w:r></w:p></w:body></w:document>");
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, true))
        {
            foreach (var (entry, text) in new[]
            {
                ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"),
                ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
                ("word/document.xml", xml.ToString()),
            })
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write(text);
            }
        }
        return stream.ToArray();
    }

    private static Attack[] Attacks(IReadOnlyDictionary<string, string> ourReplies) =>
    [
        // Two From headers, hers first, under our server's pass for her domain (which of them did it check?).
        new("m49-01-two-from-headers", c => Raw(c, "m49-01",
            $"{PassOf(Alice)}\nFrom: Alice Example <{Alice}>\nFrom: Mallory <mallory.01@evil.example>\nTo: reginproject@crpm.org\nSubject: Re: REGIN-0001\nIn-Reply-To: <{c.OurReplyToAlice}>\nReferences: <{c.OurReplyToAlice}>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8",
            "new phone\n[Q04] +44 7700 900555\n"), "unverified_update", null, Detail: HeldChange + "1 not applied"),
        // A display name that is an encoded word writing her address, from the attacker's own (authenticated) mailbox.
        new("m49-02-encoded-display-name-writes-her-address", c => Raw(c, "m49-02",
            $"{PassOf("mallory.02@evil.example")}\nFrom: =?utf-8?b?{Convert.ToBase64String(Encoding.UTF8.GetBytes(Alice))}?= <mallory.02@evil.example>\nTo: reginproject@crpm.org\nSubject: Re: REGIN-0001\nIn-Reply-To: <{c.OurReplyToAlice}>\nReferences: <{c.OurReplyToAlice}>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8",
            "[Q03] alice.example@mallory-mail.example\n"), "unverified_update", "en", ["mallory-mail"]),
        // Sender, Reply-To and Return-Path all hers, From the attacker's, nobody's pass.
        new("m49-03-sender-reply-to-return-path-hers", c =>
        {
            var m = Mail(c, "m49-03", new MailboxAddress("Mallory", "mallory.03@evil.example"), "[Q13] 2015", c.OurReplyToAlice);
            m.Sender = new MailboxAddress("Alice Example", Alice);
            m.ReplyTo.Add(new MailboxAddress("Alice Example", Alice));
            m.Headers.Insert(0, new Header("Return-Path", $"<{Alice}>"));
            return m;
        }, "unverified_update", null),
        // From hers, signed by DKIM for the attacker's domain with i=@example.org: our server says dkim=pass for evil.example.
        new("m49-04-dkim-of-another-domain", c =>
        {
            var m = Mail(c, "m49-04", new MailboxAddress("Alice Example", Alice), "[Q13] 2015", c.OurReplyToAlice);
            m.Headers.Insert(0, new Header("DKIM-Signature", "v=1; a=rsa-sha256; c=relaxed/relaxed; d=evil.example; i=@example.org; s=s1; h=from:to:subject; bh=AAAA; b=BBBB"));
            m.Headers.Insert(0, new Header("Authentication-Results", "mx.crpm.org; spf=pass smtp.mailfrom=evil.example; dkim=pass header.d=evil.example header.i=@example.org; dmarc=none header.from=example.org"));
            return m;
        }, "unverified_update", null, Detail: HeldChange + "1 not applied"),
        // A quoted local part holding her address: "alice@example.org"@evil.example, authenticated for evil.example.
        new("m49-05-quoted-local-part-holds-her-address", c =>
        {
            var m = Mail(c, "m49-05", new MailboxAddress("Alice Example", "\"alice@example.org\"@evil.example"), "[Q13] 2015", c.OurReplyToAlice);
            m.Headers.Insert(0, new Header("Authentication-Results", MailTestHost.PassHeader("evil.example")));
            return m;
        }, "unverified_update", "en"),
        // A stranger at another public body under gv.at, authenticated, answering our reply to the Viennese official.
        new("m49-06-sibling-under-gv-at", c => MailTestHost.Authenticated(Mail(c, "m49-06", new MailboxAddress("X. Huber", "x.huber@bmi.gv.at"),
            "Korrektur bitte:\n[Q05] Neuer Titel\n[Q13] 2015\n\nMfG", ourReplies[Vienna], subject: "AW: REGIN-0002")), "unverified_update", "de", ["Neuer Titel"]),
        // A stranger under torino.it (anyone there can register a name), authenticated, answering our reply to the Turin official.
        new("m49-07-sibling-under-torino-it", c => MailTestHost.Authenticated(Mail(c, "m49-07", new MailboxAddress("Ufficio", "info@evil.torino.it"),
            "Buongiorno, correggo:\n[Q05] Nuovo titolo\n[Q03] pec@evil.torino.it\n\nCordiali saluti", ourReplies[Turin], subject: "R: REGIN-0003")), "unverified_update", "it", ["Nuovo titolo"]),
        // A forged "erase my data" in her name.
        new("m49-08-forged-erase-my-data", c => Mail(c, "m49-08", new MailboxAddress("Alice Example", Alice), "Please delete everything.", null, subject: "erase my data"),
            "data_request_refused", null),
        // Her own mail (authenticated) with the business card Outlook attaches: TITLE, ORG and EMAIL lines are no answers.
        new("m49-09-her-own-vcard", c => WithParts(MailTestHost.Authenticated(Mail(c, "m49-09", new MailboxAddress("Alice Example", Alice), "", c.OurReplyToAlice)),
            "[Q13] 2019\n\nAlice",
            new TextPart("x-vcard") { Text = "BEGIN:VCARD\nVERSION:3.0\nFN:Alice Example\nTITLE:Project officer\nORG:Example NGO\nEMAIL:alice@example.org\nEND:VCARD\n", FileName = "Alice Example.vcf" }),
            "updated", "en", ["Project officer"]),
        // A calendar invitation whose summary and description carry keys.
        new("m49-10-calendar-invitation-with-keys", c => WithParts(MailTestHost.Authenticated(Mail(c, "m49-10", new MailboxAddress("Mallory", "mallory.10@evil.example"), "", null, subject: "Invitation: REGIN call")),
            "See the invitation.",
            new TextPart("calendar") { Text = "BEGIN:VCALENDAR\nMETHOD:REQUEST\nBEGIN:VEVENT\nSUMMARY:[Q05] Title from an invitation\nDESCRIPTION:[Q06] Malta\\n[Q13] 2019\nEND:VEVENT\nEND:VCALENDAR\n" }),
            "needs_info", "en", ["Title from an invitation"]),
        // "template.docx" that is an HTML page with a tracking picture, and one that is RTF.
        new("m49-11-html-named-template-docx", c => WithParts(MailTestHost.Authenticated(Mail(c, "m49-11", new MailboxAddress("Mallory", "mallory.11@evil.example"), "", null, subject: "REGIN")),
            "attached", Docx(Encoding.UTF8.GetBytes("<html><body><p>[Q05] Html title</p><p>[Q06] Malta</p><img src=\"http://evil.example/t.png\"></body></html>"))),
            "failed", "en", ["Html title", "evil.example/t.png"], Detail: "docx_invalid:template.docx"),
        new("m49-12-rtf-named-template-docx", c => WithParts(MailTestHost.Authenticated(Mail(c, "m49-12", new MailboxAddress("Mallory", "mallory.12@evil.example"), "", null, subject: "REGIN")),
            "attached", Docx(Encoding.ASCII.GetBytes("{\\rtf1\\ansi [Q05] Rtf title\\par [Q06] Malta\\par}"))),
            "failed", "en", ["Rtf title"], Detail: "docx_invalid:template.docx"),
        new("m49-13-billion-laughs-docx", c => WithParts(MailTestHost.Authenticated(Mail(c, "m49-13", new MailboxAddress("Mallory", "mallory.13@evil.example"), "", null, subject: "REGIN")),
            "attached", Docx(BillionLaughsDocx())), "failed", "en", ["lollol"], Detail: "docx_unsafe:template.docx"),
        // Her mail, with our server's pass and her thread, nested as message/rfc822 in the attacker's own (authenticated) mail.
        new("m49-14-her-mail-nested-in-a-strangers", c =>
        {
            var inner = MailTestHost.Authenticated(Mail(c, "m49-14-inner", new MailboxAddress("Alice Example", Alice), "[Q05] Hijacked title\n[Q13] 2015", c.OurReplyToAlice));
            inner.Headers.Remove("X-Attack");
            return WithParts(MailTestHost.Authenticated(Mail(c, "m49-14", new MailboxAddress("Mallory", "mallory.14@evil.example"), "", c.OurReplyToAlice, subject: "Fwd: Re: REGIN-0001")),
                "see her mail below", new MessagePart { Message = inner });
        }, "unverified_update", "en", ["Hijacked title"]),
        // A text part and an HTML part that disagree: the text is read, as every other mail's.
        new("m49-15-text-and-html-disagree", c =>
        {
            var m = MailTestHost.Authenticated(Mail(c, "m49-15", new MailboxAddress("Mallory", "mallory.15@evil.example"), "", null, subject: "REGIN"));
            m.Body = new MultipartAlternative
            {
                new TextPart("plain") { Text = "[Q05] Harmless title\n[Q06] Malta" },
                new TextPart("html") { Text = "<p>[Q05] Pay to IBAN MT84MALT011000012345MTLCAST001S</p><p>[Q06] Malta</p>" },
            };
            return m;
        }, "created", "en", ["MT84MALT"]),
        // A multipart nest 200 levels deep around the answers.
        new("m49-16-multipart-nest-200-deep", c =>
        {
            var body = new StringBuilder();
            for (var i = 0; i < 200; i++)
            {
                body.Append(System.Globalization.CultureInfo.InvariantCulture, $"--b{i}\nContent-Type: multipart/mixed; boundary=\"b{i + 1}\"\n\n");
            }
            body.Append("--b200\nContent-Type: text/plain\n\n[Q05] Deep title\n[Q06] Malta\n");
            for (var i = 200; i >= 0; i--)
            {
                body.Append(System.Globalization.CultureInfo.InvariantCulture, $"--b{i}--\n");
            }
            return Raw(c, "m49-16", $"{PassOf("mallory.16@evil.example")}\nFrom: mallory.16@evil.example\nTo: reginproject@crpm.org\nSubject: REGIN\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b0\"", body.ToString());
        }, "failed", "en", Detail: "parts_too_deep"),
        // 2,000 text parts, each answering the title again.
        new("m49-17-two-thousand-parts", c =>
        {
            var m = MailTestHost.Authenticated(Mail(c, "m49-17", new MailboxAddress("Mallory", "mallory.17@evil.example"), "", null, subject: "REGIN"));
            var mixed = new Multipart("mixed") { new TextPart("plain") { Text = "[Q05] Many parts\n[Q06] Malta" } };
            for (var i = 0; i < 2000; i++)
            {
                mixed.Add(new TextPart("plain") { Text = $"[Q05] part {i}" });
            }
            m.Body = mixed;
            return m;
        }, "created", "en", Detail: "too_many_parts"),
        // 10,000 recipients, Alice among them in Cc: a To field of ~250 kB, refused unparsed since session 49 (no reply).
        new("m49-18-ten-thousand-recipients", c =>
        {
            var m = MailTestHost.Authenticated(Mail(c, "m49-18", new MailboxAddress("Mallory", "mallory.18@evil.example"), "[Q05] Many recipients\n[Q06] Malta", null, subject: "REGIN"));
            for (var i = 0; i < 10_000; i++)
            {
                m.To.Add(new MailboxAddress("", $"r{i}@victims{i % 50}.example"));
            }
            m.Cc.Add(new MailboxAddress("Alice Example", Alice));
            return m;
        }, "failed", null, Detail: "headers_too_large"),
        // A header of 1 MB (folded into 16,000 encoded words by the sender's library).
        new("m49-19-header-of-one-megabyte", c =>
        {
            var m = MailTestHost.Authenticated(Mail(c, "m49-19", new MailboxAddress("Mallory", "mallory.19@evil.example"), "[Q05] Big header\n[Q06] Malta", null, subject: "REGIN"));
            m.Headers.Add("X-Junk", new string('a', 1_000_000));
            return m;
        }, "failed", null, Detail: "headers_too_large"),
        // Base64 with garbage after its padding, a line of 5,000 "=" and control bytes.
        new("m49-20-base64-garbage-padding", c => Raw(c, "m49-20",
            $"{PassOf("mallory.20@evil.example")}\nFrom: mallory.20@evil.example\nTo: reginproject@crpm.org\nSubject: REGIN\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64",
            $"{Convert.ToBase64String(Encoding.UTF8.GetBytes("[Q05] Garbage padding\n[Q06] Malta\n"))}====!!**==\n{new string('=', 5000)}\nQUFB\u0001===="), "created", "en"),
        // Bidi overrides: a title that shows a file name reversed, and a contact e-mail written backwards.
        new("m49-21-bidi-overrides", c => MailTestHost.Authenticated(Mail(c, "m49-21", new MailboxAddress("Mallory", "mallory.21@evil.example"),
            "[Q05] Safe \u202Eexe.elif\u202C title\n[Q06] Malta\n[Q03] \u202Egro.elpmaxe@ecila", null, subject: "REGIN")), "created", "en", ["\u202E"]),
        // 5,000 forged ids shaped like ours in References, her real thread id after them, From hers, nobody's pass: a References
        // field of ~300 kB, refused unparsed since session 49.
        new("m49-22-references-flood", c =>
        {
            var m = Mail(c, "m49-22", new MailboxAddress("Alice Example", Alice), "[Q13] 2015", null);
            m.References.Add(c.OurReplyToAlice);
            for (var i = 0; i < 5000; i++)
            {
                m.References.Add($"regin.REGIN-{i:0000}.aa.{new string('0', 32)}@crpm.org");
            }
            return m;
        }, "failed", null, Detail: "headers_too_large"),
    ];

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task Header_body_and_volume_tricks_change_no_contributors_practice_and_every_reply_goes_to_the_proven_sender(string provider)
    {
        var ourReplies = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = await AttackRound.RunAsync(servers, provider, "49", Attacks(ourReplies), new HashSet<string>(StringComparer.Ordinal) { "processed", "ignored", "failed" }, async host =>
        {
            var alice = (await host.PracticeAsync("REGIN-0001"))!;
            // Her own mail with her card: her start date, nothing of the card.
            Assert.Equal("2019", alice.Answers.Single(a => a.QuestionId == "start_date").Original);
            Assert.DoesNotContain(alice.Answers, a => a.QuestionId == "contact_phone" || (a.Original ?? "").Contains("Project officer", StringComparison.Ordinal));
            var held = alice.Flags.Where(f => f.Reason == "unverified_update").Select(f => f.Detail!).ToList();
            // The researchers see the forged erasure on her practice, which is still there.
            Assert.Contains(held, d => d.Contains("asks for the erasure of this contributor's data, not done", StringComparison.Ordinal));
            Assert.Contains(held, d => d.Contains("[Q04] +44 7700 900555", StringComparison.Ordinal) && d.Contains("several_from_addresses", StringComparison.Ordinal));
            // The two officials' practices as they wrote them; each sibling's mail held for the team.
            foreach (var (reference, title, sibling) in new[] { ("REGIN-0002", "Willkommensbüro für Neuzugewanderte", "x.huber@bmi.gv.at"), ("REGIN-0003", "Sportello di benvenuto per i nuovi arrivati", "info@evil.torino.it") })
            {
                var practice = (await host.PracticeAsync(reference))!;
                Assert.Equal(title, practice.Answers.Single(a => a.QuestionId == "title").Original);
                Assert.Equal("2019", practice.Answers.Single(a => a.QuestionId == "start_date").Original);
                Assert.DoesNotContain(practice.Identities, i => i.ExternalId == sibling);
                Assert.Contains(practice.Flags, f => f.Reason == "unverified_update" && f.Detail!.Contains(sibling, StringComparison.Ordinal));
            }
            var outbox = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().MailOutbox.AsNoTracking().ToListAsync());
            // Nobody among the 10,000, nobody at a Reply-To or Sender, nothing at the attacker's typed address.
            Assert.DoesNotContain(outbox, m => m.Recipient.Contains("victims", StringComparison.Ordinal) || m.Recipient.Contains("mallory-mail", StringComparison.Ordinal) || m.Recipient == "pec@evil.torino.it");
            // Alice: our first reply, the reply to her own mail with the card, and one notice of held changes (the day's one).
            Assert.Equal(3, outbox.Count(m => m.Recipient == Alice));
        }, async (host, context) =>
        {
            // Two officials' first mails, authenticated: our replies to them are the threads the siblings answer.
            foreach (var (address, text) in new[]
            {
                (Vienna, "Sehr geehrte Damen und Herren,\n[Q05] Willkommensbüro für Neuzugewanderte\n[Q06] Österreich\n[Q13] 2019\n\nMit freundlichen Grüßen\nMaria Huber"),
                (Turin, "Buongiorno,\n[Q05] Sportello di benvenuto per i nuovi arrivati\n[Q06] Italia\n[Q13] 2019\n\nCordiali saluti\nSilvia Rossi"),
            })
            {
                var first = await host.IngestAsync(MailTestHost.Authenticated(new MimeMessage([MailboxAddress.Parse(address)], [MailboxAddress.Parse("reginproject@crpm.org")], "REGIN", new TextPart("plain") { Text = text })));
                Assert.True(first.Outcome == "created", $"{first.Outcome}: {first.Detail}");
                ourReplies[address] = (await host.OutboxAsync()).Last(m => m.To.Mailboxes.Single().Address == address).MessageId!;
            }
        });

        Assert.True(result.Failures.Count == 0, result.Report);
    }
}
