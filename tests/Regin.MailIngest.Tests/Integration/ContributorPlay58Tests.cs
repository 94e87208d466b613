using static Regin.MailIngest.Tests.Integration.ContributorPlay;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MimeKit.Cryptography;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.MailIngest.Tests.Intake;
using Regin.MailIngest.Tests.Parsing;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Session 58: what real contributors' mail programs send, over the wire (SMTP to smtp4dev, the bytes it received appended
/// to Dovecot as they are, the watcher over IMAP), on both providers: a mail S/MIME-signed (multipart/signed with its
/// smime.p7s, as many administrations sign every mail) carrying the template in its text or as a .docx, or signed the
/// opaque way (smime.p7m holding the text), or encrypted to a certificate of ours (told we cannot read it); Outlook's rich
/// text mail whose winmail.dat carries the .docx; the template as a PDF, an old Word .doc, or an OpenDocument .odt; and a
/// reply to our own reply, quoted under "&gt;" or under Outlook's unmarked header block.
/// </summary>
public sealed class ContributorPlay58Tests(MailServers servers) : IClassFixture<MailServers>
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 10, 0, TimeSpan.FromHours(1));

    static ContributorPlay58Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static TheoryData<string, string> Mails() => ContributorPlay.OnBothProviders(
        "fr-smime-signed-text", "de-smime-signed-docx", "sv-smime-opaque-signed", "el-smime-encrypted", "en-outlook-winmail-docx", "pt-odt", "it-pdf", "es-doc",
        "de-doc-beside-text");

    /// <summary>The mail, its language, and the file named back as not read (null: every answer read; "": the mail is encrypted).</summary>
    private sealed record Sent(string Language, MimeMessage Mail, string? NotRead);

    /// <summary>The Word template of <paramref name="language"/> with every answer of <see cref="MailRound46Tests.Complete"/> typed in its box.</summary>
    private static byte[] FilledDocx(string language) => MailRound45Tests.Word(language, document =>
    {
        foreach (var line in MailRound46Tests.Complete(language).Split('\n'))
        {
            if (System.Text.RegularExpressions.Regex.Match(line, @"^\[Q(\d+)\] (.+)$") is { Success: true } m
                && Regin.Core.Templates.TemplateKeys.QuestionOf(Questionnaire, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) is { } question)
            {
                MailRound45Tests.Fill(document, question.Id, m.Groups[2].Value);
            }
        }
    });

    private static readonly Regin.Core.Questionnaire.QuestionnaireDefinition Questionnaire = Regin.Core.Questionnaire.QuestionnaireLoader.LoadEmbedded();

    /// <summary>A signing certificate of <paramref name="address"/>'s, as an administration's PKI issues one (self-signed here).</summary>
    private static CmsSigner Signer(string address)
    {
        using var certificate = Certificate(address);
        return new CmsSigner(new MemoryStream(certificate.Export(X509ContentType.Pkcs12, "pin")), "pin") { DigestAlgorithm = DigestAlgorithm.Sha256 };
    }

    /// <summary>A self-signed certificate of <paramref name="address"/>'s with its private key, for signing and encrypting.</summary>
    private static X509Certificate2 Certificate(string address)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={address}, E={address}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddEmailAddress(address);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.DigitalSignature
            | System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.NonRepudiation | System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyEncipherment, false));
        return request.CreateSelfSigned(Monday.AddYears(-1), Monday.AddYears(2));
    }

    /// <summary><paramref name="mail"/>'s body signed as Outlook signs it: multipart/signed, the body, then smime.p7s; or
    /// <paramref name="opaque"/>ly, the body inside the signature (application/pkcs7-mime; smime-type=signed-data, smime.p7m).</summary>
    private static MimeMessage Signed(MimeMessage mail, bool opaque = false)
    {
        using var context = new TemporarySecureMimeContext();
        var signer = Signer(mail.From.Mailboxes.Single().Address);
        mail.Body = opaque ? ApplicationPkcs7Mime.Sign(context, signer, mail.Body!) : MultipartSigned.Create(context, signer, mail.Body!);
        return mail;
    }

    private static Sent Build(string shape)
    {
        var (language, kind) = (shape[..2], shape[3..]);
        var official = MailRound46Tests.Officials[language];
        switch (kind)
        {
            case "smime-signed-text":
                return new(language, Signed(ContributorPlay49Tests.Client("outlook", official.From, "Fiche REGIN",
                    "Bonjour,\n\nveuillez trouver ci-dessous notre fiche.\n\n" + MailRound46Tests.Complete(language) + "\nRégion Bretagne\nTél. 02 99 27 10 10", Monday)), null);
            case "smime-opaque-signed":
                return new(language, Signed(ContributorPlay49Tests.Client("outlook", official.From, "REGIN mall",
                    "Hej!\n\nHär kommer vår ifyllda mall.\n\n" + MailRound46Tests.Complete(language) + "\nMalmö stad", Monday), opaque: true), null);
            case "smime-encrypted":
            {
                // Encrypted to a certificate of ours the sender found (enveloped-data): we hold no key, the reply says so.
                // Outlook in Greek writes its Content-Language on the message, the one sign of language left outside.
                var mail = ContributorPlay49Tests.Client("outlook", official.From, "Πρότυπο REGIN", "Καλημέρα σας,\n\n" + MailRound46Tests.Complete(language), Monday);
                mail.Headers.Add(HeaderId.ContentLanguage, "el-GR");
                using var context = new TemporarySecureMimeContext();
                using var ours = Certificate("reginproject@crpm.org");
                mail.Body = ApplicationPkcs7Mime.Encrypt(context, new CmsRecipientCollection { new CmsRecipient(ours) }, mail.Body!);
                return new(language, mail, "");
            }
            case "smime-signed-docx":
            {
                var mail = ContributorPlay49Tests.Client("outlook", official.From, "REGIN Vorlage", "Guten Tag,\n\nanbei die ausgefüllte Vorlage.\n\nMit freundlichen Grüßen\nJulia Weber", Monday);
                mail.Body = new Multipart("mixed") { mail.Body!, MailRound45Tests.File(FilledDocx(language), "REGIN Vorlage Augsburg.docx", "application", "vnd.openxmlformats-officedocument.wordprocessingml.document") };
                return new(language, Signed(mail), null);
            }
            case "outlook-winmail-docx":
            {
                // Outlook's "rich text": a text part for other programs, and the body and the file packed in winmail.dat.
                var mail = ContributorPlay49Tests.Client("outlook", official.From, "REGIN form", "Hello,\n\nplease find the REGIN form attached.\n\nKind regards,\nSiobhan", Monday);
                var tnef = TnefFile.Build("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Calibri;}}\\f0 Hello,\\par\\par please find the REGIN form attached.\\par\\par Kind regards,\\par Siobhan\\par}",
                    plainBody: null, [new TnefFile.File("REGINF~1.DOC", FilledDocx(language), "REGIN form Cork.docx")]);
                mail.Body = new Multipart("mixed") { ((MultipartAlternative)mail.Body!)[0], MailRound45Tests.Winmail(tnef) };
                return new(language, mail, null);
            }
            case "odt":
            {
                // LibreOffice's .odt: the key lines typed as paragraphs, read like a .docx.
                var odt = AttachmentFormatTests.Odt(string.Concat(MailRound46Tests.Complete(language).Split('\n').Select(l => AttachmentFormatTests.P(System.Security.SecurityElement.Escape(l)))));
                var mail = ContributorPlay49Tests.Client("thunderbird", official.From, "Ficha REGIN", "Bom dia,\n\nsegue em anexo a ficha preenchida.\n\nCumprimentos,\nJoão Silva", Monday);
                mail.Body = new Multipart("mixed") { mail.Body!, MailRound45Tests.File(odt, "ficha_regin.odt", "application", "vnd.oasis.opendocument.text") };
                return new(language, mail, null);
            }
            case "pdf":
            {
                // "Save as PDF" of the filled template: we do not read PDFs; the reply must say which formats we read.
                var pdf = Encoding.Latin1.GetBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
                var mail = ContributorPlay49Tests.Client("gmail", official.From, "scheda REGIN", "Buongiorno,\n\nin allegato la scheda compilata.\n\nCordiali saluti\nGiulia Rossi\nComune di Torino", Monday);
                mail.Body = new Multipart("mixed") { mail.Body!, MailRound45Tests.File(pdf, "Scheda REGIN Torino.pdf", "application", "pdf") };
                return new(language, mail, "Scheda REGIN Torino.pdf");
            }
            default:
            {
                // Word 97's .doc: a compound file, as an old Office saves it by default.
                var doc = new byte[4096];
                new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(doc, 0);
                var text = kind == "doc"
                    ? "Buenos días:\n\nle adjunto la ficha rellenada.\n\nUn saludo,\nAna Ruiz\nJunta de Andalucía"
                    : "Guten Tag,\n\nanbei die Vorlage als Word-Datei, die wichtigsten Angaben auch hier:\n\n" + MailRound46Tests.Complete(language) + "\n\nGruß\nJulia Weber";
                var name = kind == "doc" ? "Ficha REGIN.doc" : "Vorlage_REGIN_alt.doc";
                var mail = ContributorPlay49Tests.Client("outlook", official.From, kind == "doc" ? "Ficha REGIN" : "REGIN Vorlage", text, Monday);
                mail.Body = new Multipart("mixed") { mail.Body!, MailRound45Tests.File(doc, name, "application", "msword") };
                return new(language, mail, name);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Mails))]
    public async Task A_mail_as_its_program_writes_it_is_read_or_the_file_named_with_the_formats_we_read_and_kept_byte_for_byte(string provider, string shape)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "client58-" + shape) { OverTheWire = true };
        var sent = Build(shape);
        var (reply, practice) = await play.TrySendAsync(sent.Mail);
        var official = MailRound46Tests.Officials[sent.Language];

        // The raw mail is kept once, exactly the bytes that came over the wire (a signature still checks against them).
        var rows = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().Where(r => r.Channel == "email").ToListAsync());
        Assert.Equal(play.Received!, Assert.Single(rows).Content);
        Assert.Equal(sent.Language, Language(reply));
        var body = Body(reply);
        Assert.DoesNotContain("smime.p7", body, StringComparison.Ordinal);
        Assert.DoesNotContain("winmail.dat", body, StringComparison.Ordinal);
        if (sent.NotRead is null || shape.EndsWith("beside-text", StringComparison.Ordinal))
        {
            Assert.NotNull(practice);
            Assert.Equal(official.Title, Original(practice, "title"));
            Assert.Equal(official.Name, Original(practice, "contact_name"));
            Assert.Equal(official.Region, Original(practice, "region"));
            Assert.DoesNotContain($"[{Key("title")}]", Part(reply, "mail.reply_missing", sent.Language), StringComparison.Ordinal);
        }
        if (sent.NotRead is "")
        {
            // Encrypted: nothing read, nothing made; told so in the sender's language, not as a file in a format we do not read.
            Assert.Null(practice);
            Assert.Contains(Message("mail.smime_encrypted", sent.Language), body, StringComparison.Ordinal);
            Assert.DoesNotContain(Opening("mail.attachment_not_read", sent.Language), body, StringComparison.Ordinal);
        }
        else if (sent.NotRead is { } file)
        {
            // Named back with the formats we read, in the sender's language; nothing else said about it.
            var told = Message("mail.attachment_not_read", sent.Language);
            Assert.Contains(told.Split('{')[0].Trim(), body, StringComparison.Ordinal);
            Assert.Contains(file, body, StringComparison.Ordinal);
            Assert.Contains(told.Split('}', 2)[1].Trim()[..30], body, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain(Opening("mail.attachment_not_read", sent.Language), body, StringComparison.Ordinal);
            Assert.DoesNotContain(Opening("mail.attachment_unreadable", sent.Language), body, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string> Quotings() => ContributorPlay.OnBothProviders(
        "thunderbird-quoted", "outlook-unmarked");

    /// <summary>
    /// The official answers what our reply asked, on top of our reply quoted whole (its "understood" list of "[Q05] …" lines
    /// and its "missing" list): only her new lines count. The quoted answers are not read again: none shows as changed,
    /// none as answered twice, no answer's words change, and the second reply lists nothing as replaced.
    /// </summary>
    [Theory]
    [MemberData(nameof(Quotings))]
    public async Task A_reply_to_our_reply_reads_only_the_new_lines_never_the_quoted_ones_as_changes(string provider, string quoting)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "reply58-" + quoting) { OverTheWire = true };
        var official = MailRound46Tests.Officials["en"];
        var (ours, before) = await play.SendAsync(ContributorPlay49Tests.Client("gmail", official.From, "REGIN practice",
            "Hi,\n\nour practice below, the region I need to check.\n\n" + CompleteWithout("en", "region") + "\n\nThanks,\nSiobhan", Monday));
        Assert.Contains($"[{Key("region")}]", Part(ours, "mail.reply_missing", "en"), StringComparison.Ordinal);

        var quoted = Body(ours).TrimEnd('\n');
        var text = quoting == "thunderbird-quoted"
            ? $"Hi,\n\nthe region is Munster.\n\n[{Key("region")}] Munster\n\nSiobhan\n\nOn 07/12/2026 10:14, REGIN Integration Lab wrote:\n"
                + string.Join("\n", quoted.Split('\n').Select(l => l.Length == 0 ? ">" : "> " + l))
            : $"Hi,\n\n[{Key("region")}] Munster\n\nSiobhan\n\n________________________________\nFrom: REGIN Integration Lab <reginproject@crpm.org>\n"
                + $"Sent: Monday, December 7, 2026 10:14 AM\nTo: Siobhan Kelly <s.kelly@corkcoco.example>\nSubject: {ours.Subject}\n\n" + quoted;
        var client = quoting == "thunderbird-quoted" ? "thunderbird" : "outlook";
        var (second, after) = await play.SendAsync(AsReplyTo(ContributorPlay49Tests.Client(client, official.From, "Re: " + ours.Subject, text, Monday.AddHours(1)), ours));

        Assert.Equal(before.Reference, after.Reference);
        Assert.Equal("Munster", Original(after, "region"));
        foreach (var answer in before.Answers)
        {
            Assert.Equal(answer.Original, Original(after, answer.QuestionId));
        }
        var body = Body(second);
        Assert.DoesNotContain(Opening("mail.reply_replaced", "en"), body, StringComparison.Ordinal);
        Assert.DoesNotContain(Opening("mail.answered_twice", "en"), body, StringComparison.Ordinal);
        Assert.DoesNotContain(Opening("mail.lines_repeated", "en"), body, StringComparison.Ordinal);
        Assert.DoesNotContain(after.Flags, f => f.Reason is FlagReasons.AnsweredTwice or FlagReasons.ChangeHeld);
    }
}
