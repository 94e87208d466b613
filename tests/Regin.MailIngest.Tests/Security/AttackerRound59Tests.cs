using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Regin.Core.Normalisation;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Tests.Integration;
using Regin.MailIngest.Tests.Intake;

namespace Regin.MailIngest.Tests.Security;

/// <summary>
/// Attacker round 59, as parsing tests (a server adds nothing to these): a real PEC envelope whose inner mail claims
/// another sender, a .docx declaring an external entity (XXE) aimed at a listener of ours, a .docx naming a remote template
/// and pulling in HTML whose picture points at that listener, 500 nested message/rfc822 levels, Greek UTF-8 under an
/// "iso-8859-7" label, and a Subject of 100,000 encoded words. Each: refused or read safely, the raw mail kept once, the
/// reply right or rightly absent, nothing fetched, no exception's text in the outcome.
/// </summary>
public sealed class AttackerRound59Tests
{
    private static string Head(string from, string subject = "REGIN practice") =>
        $"Authentication-Results: {MailTestHost.PassHeader(MimeKit.MailboxAddress.Parse(from).Address)}\r\nFrom: {from}\r\nTo: reginproject@crpm.org\r\nSubject: {subject}\r\n"
        + $"Message-ID: <{Guid.NewGuid():N}.59@attack.example>\r\nDate: Mon, 7 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n";

    [Fact]
    public async Task A_PEC_envelope_whose_inner_mail_claims_another_sender_is_answered_at_the_certified_one_and_flagged_naming_both()
    {
        await using var host = await MailTestHost.CreateAsync();
        const string Certified = "mallory@pec.studio-mallory.it";
        // A real PEC box of his own (anyone can buy one); the mail inside forged as the mayor's.
        var (inner, subject, id) = MailClients59.ItalianPecMail("sindaco@comune.torino.it");
        var innerText = Encoding.Latin1.GetString(inner).Replace("\"Giulia Rossi\" <sindaco@comune.torino.it>", "\"Il Sindaco\" <sindaco@comune.torino.it>", StringComparison.Ordinal);
        var (result, practice, reply) = await Mail59Tests.IngestAsync(host, MailClients59.PecEnvelope(Certified, Encoding.Latin1.GetBytes(innerText), subject, id));
        Assert.Equal(Certified, Assert.Single(reply!.To.Mailboxes).Address);
        var flag = Assert.Single(practice!.Flags, f => f.Reason == FlagReasons.PecSenderDiffers);
        Assert.Contains($"certified sender {Certified}", flag.Detail, StringComparison.Ordinal);
        Assert.Contains("claims From sindaco@comune.torino.it", flag.Detail, StringComparison.Ordinal);
        Assert.Equal(Certified, ContributorPlay.Answer(practice, "contact_email").Trim('"'));
        // The forged display name is no contact name; the template's own is.
        Assert.Equal("Giulia Rossi", ContributorPlay.Original(practice, "contact_name"));
        Assert.NotEqual(MailOutcomes.Failed, result.Outcome);
    }

    /// <summary>A listener of ours on a free port: a reader that fetched anything would connect to it.</summary>
    private sealed class Listener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

        public Listener() => _listener.Start();

        public string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{path}";

        public bool Called => _listener.Pending();

        public void Dispose() => _listener.Stop();
    }

    /// <summary>The filled English Word template with <paramref name="edit"/> applied to its zip entries.</summary>
    private static byte[] Docx(Action<ZipArchive> edit)
    {
        using var stream = new MemoryStream();
        stream.Write(MailClients59.FilledDocx("en"));
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            edit(zip);
        }
        return stream.ToArray();
    }

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        zip.GetEntry(name)?.Delete();
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }

    private static byte[] WithDocx(string from, byte[] docx, string name) => Encoding.ASCII.GetBytes(Head(from)
        + "Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, the form is attached.\r\n\r\nSiobhan\r\n"
        + $"--m\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n"
        + $"Content-Transfer-Encoding: base64\r\n\r\n{MailClients59.Base64(docx)}\r\n--m--\r\n");

    [Fact]
    public async Task A_docx_declaring_an_external_entity_is_refused_as_unsafe_and_nothing_is_fetched_or_read_from_disk()
    {
        using var listener = new Listener();
        await using var host = await MailTestHost.CreateAsync();
        var docx = Docx(zip =>
        {
            var xml = Read(zip, "word/document.xml");
            var declaration = xml.IndexOf("?>", StringComparison.Ordinal) + 2;
            xml = xml[..declaration] + $"<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"{listener.Url("xxe")}\"><!ENTITY pw SYSTEM \"file:///etc/passwd\">]>" + xml[declaration..];
            Write(zip, "word/document.xml", xml.Replace("Welcome desk for newcomers", "&xxe;&pw;", StringComparison.Ordinal));
        });
        var (result, practice, reply) = await Mail59Tests.IngestAsync(host, WithDocx("Siobhan Kelly <s.kelly@corkcoco.example>", docx, "REGIN form.docx"));
        Assert.False(listener.Called);
        Assert.Contains("docx_unsafe", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(practice?.Answers ?? [], a => (a.Original ?? "").Contains("root:", StringComparison.Ordinal));
        var body = ContributorPlay.Body(reply!);
        Assert.Contains(ContributorPlay.Opening("mail.attachment_unsafe", "en"), body, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_docx_naming_a_remote_template_and_pulling_in_HTML_with_a_remote_picture_is_read_and_nothing_is_fetched()
    {
        using var listener = new Listener();
        await using var host = await MailTestHost.CreateAsync();
        var docx = Docx(zip =>
        {
            // Word's "attached template" and a linked picture on a server of the attacker's (template injection, NTLM leak).
            var rels = zip.GetEntry("word/_rels/document.xml.rels") is null
                ? "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>"
                : Read(zip, "word/_rels/document.xml.rels");
            Write(zip, "word/_rels/document.xml.rels", rels.Replace("</Relationships>",
                $"<Relationship Id=\"rId901\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate\" Target=\"{listener.Url("Normal.dotm")}\" TargetMode=\"External\"/>"
                + $"<Relationship Id=\"rId902\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"{listener.Url("logo.png")}\" TargetMode=\"External\"/></Relationships>",
                StringComparison.Ordinal));
        });
        // And an altChunk of HTML whose picture and style sheet are on that server.
        using (var stream = new MemoryStream())
        {
            stream.Write(docx);
            using (var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(stream, true))
            {
                MailRound45Tests.AltChunk(document, DocumentFormat.OpenXml.Packaging.AlternativeFormatImportPartType.Html, Encoding.UTF8.GetBytes(
                    $"<html><head><link rel=\"stylesheet\" href=\"{listener.Url("s.css")}\"></head><body><img src=\"{listener.Url("pixel.png")}\"><p>[Q21] 420</p></body></html>"));
                document.MainDocumentPart!.Document!.Save();
            }
            docx = stream.ToArray();
        }
        var (_, practice, _) = await Mail59Tests.IngestAsync(host, WithDocx("Siobhan Kelly <s.kelly@corkcoco.example>", docx, "REGIN form.docx"));
        Assert.False(listener.Called);
        Assert.Equal(MailRound46Tests.Officials["en"].Title, ContributorPlay.Original(practice!, "title"));
        Assert.DoesNotContain(practice!.Answers, a => (a.Original ?? "").Contains("127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Five_hundred_nested_mails_are_read_to_the_depth_allowed_and_the_sender_told_nothing_fails()
    {
        await using var host = await MailTestHost.CreateAsync();
        var inner = "From: x@attack.example\r\nSubject: deep\r\nContent-Type: text/plain\r\n\r\n[Q06] Atlantis\r\n";
        for (var i = 0; i < 500; i++)
        {
            inner = $"From: x{i}@attack.example\r\nSubject: level {i}\r\nContent-Type: message/rfc822\r\n\r\n" + inner;
        }
        var raw = Encoding.ASCII.GetBytes(Head("Mallory <mallory@evil.example>")
            + "Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\n[Q05] Deep title\r\n--m\r\nContent-Type: message/rfc822\r\n\r\n" + inner + "\r\n--m--\r\n");
        var (result, practice, reply) = await Mail59Tests.IngestAsync(host, raw);
        Assert.True(result.Outcome == MailOutcomes.Created, $"{result.Outcome}: {result.Detail}");
        Assert.Equal("Deep title", ContributorPlay.Original(practice!, "title"));
        Assert.DoesNotContain(practice!.Answers, a => (a.Original ?? "").Contains("Atlantis", StringComparison.Ordinal));
        Assert.Contains(ContributorPlay.Message("mail.parts_too_deep", "en"), ContributorPlay.Body(reply!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Greek_in_UTF_8_under_an_iso_8859_7_label_is_read_as_the_letters_typed_never_as_mojibake()
    {
        await using var host = await MailTestHost.CreateAsync();
        var o = MailRound46Tests.Officials["el"];
        var raw = Concat(Head("Nikos <n.papadakis@crete-region.example>") + "Content-Type: text/plain; charset=iso-8859-7\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
            Encoding.UTF8.GetBytes(MailClients59.Crlf(MailRound46Tests.Complete("el"))));
        var (_, practice, reply) = await Mail59Tests.IngestAsync(host, raw);
        Assert.Equal(o.Title, ContributorPlay.Original(practice!, "title"));
        Assert.Equal(o.Region, ContributorPlay.Original(practice!, "region"));
        Assert.DoesNotContain(practice!.Answers, a => (a.Original ?? "").Contains('Î') || (a.Original ?? "").Contains('Ξ'));
        Assert.Equal("el", ContributorPlay.Language(reply!));
    }

    private static byte[] Concat(string head, byte[] body) => [.. Encoding.ASCII.GetBytes(head), .. body];

    [Fact]
    public async Task A_Subject_of_a_hundred_thousand_encoded_words_is_refused_unparsed_and_kept_once_with_no_reply()
    {
        await using var host = await MailTestHost.CreateAsync();
        var subject = string.Join("\r\n ", Enumerable.Repeat("=?utf-8?B?zpHOkc6R?=", 100_000));
        var raw = Encoding.ASCII.GetBytes(Head("Mallory <mallory@evil.example>", subject) + "Content-Type: text/plain\r\n\r\n[Q05] Subject flood\r\n");
        var (result, practice, reply) = await Mail59Tests.IngestAsync(host, raw);
        Assert.Equal(MailOutcomes.Failed, result.Outcome);
        Assert.StartsWith("headers_too_large", result.Detail, StringComparison.Ordinal);
        Assert.Null(practice);
        Assert.Null(reply);
    }
}
