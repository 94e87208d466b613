using System.Text;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.MailIngest.Tests.Integration;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Session 58, on both providers: an HTML body part in base64 that turns to junk is cut there and flagged
/// <c>body_damaged</c> like a text part (only text parts were); a forwarded template that names no contact takes its
/// author's display name from the forwarded mail's From (the attached .eml's, or the inline forward's "Von:"/"De :" line,
/// also when it names no address), never the forwarder's; and a key line typed under the sign-off is read.
/// </summary>
public abstract class Mail58Tests(string provider)
{
    private static string Key(string id) => ContributorPlay.Key(id);

    /// <summary>An authenticated raw mail from <paramref name="from"/>: its headers, then <paramref name="content"/> and <paramref name="more"/>.</summary>
    private static byte[] Raw(string from, string content, string more) => Encoding.UTF8.GetBytes(
        $"Authentication-Results: {MailTestHost.PassHeader(MailboxAddress.Parse(from).Address)}\r\nFrom: {from}\r\nTo: reginproject@crpm.org\r\nSubject: REGIN\r\n"
        + $"Message-ID: <{Guid.NewGuid():N}.58@example.org>\r\nDate: Mon, 7 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n" + content + more);

    /// <summary>A base64 HTML part of <paramref name="paragraphs"/> turning to junk (control bytes, "PGI+" and 5,000 "#").</summary>
    private static string JunkHtml(string paragraphs) => "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + Convert.ToBase64String(Encoding.UTF8.GetBytes($"<html><body>{paragraphs}</body></html>")) + "\r\n!!**%%\u0001\u0002====PGI+====\r\n" + new string('#', 5000) + "\r\n";

    [Fact]
    public async Task An_HTML_only_body_in_base64_turning_to_junk_keeps_the_answers_before_and_is_flagged_damaged()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var result = await host.IngestAsync(Raw("Mallory <mallory@evil.example>", "", JunkHtml("<p>[Q05] Garbage html title</p><p>[Q06] Malta</p>")));
        Assert.Contains(FlagReasons.BodyDamaged, result.Detail, StringComparison.Ordinal);
        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Garbage html title", ContributorPlay.Original(practice!, "title"));
        Assert.Contains(practice!.Flags, f => f.Reason == FlagReasons.BodyDamaged);
        var reply = ContributorPlay.Body(Assert.Single(await host.OutboxAsync()));
        Assert.Contains(ContributorPlay.Message("mail.body_damaged", "en"), reply, StringComparison.Ordinal);
        Assert.DoesNotContain("PGI+", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_HTML_alternative_turning_to_junk_leaves_the_whole_text_part_read_and_is_flagged_damaged()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var result = await host.IngestAsync(Raw("Anna <anna@example.org>", "Content-Type: multipart/alternative; boundary=\"a\"\r\n\r\n--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "[Q05] Welcome desk\r\n[Q06] Malta\r\n[Q13] 2019\r\n--a\r\n", JunkHtml("<p>[Q05] Welcome desk</p>") + "--a--\r\n"));
        Assert.Contains(FlagReasons.BodyDamaged, result.Detail, StringComparison.Ordinal);
        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Welcome desk", ContributorPlay.Original(practice!, "title"));
        Assert.Contains("MT", ContributorPlay.Answer(practice, "country"), StringComparison.Ordinal);
        Assert.Equal("2019", ContributorPlay.Original(practice!, "start_date"));
        Assert.DoesNotContain(practice!.Flags, f => f.Reason == FlagReasons.HiddenText);
    }

    public static TheoryData<string> Forwards() => new("thunderbird-inline", "outlook-name-only", "attached-eml");

    [Theory]
    [MemberData(nameof(Forwards))]
    public async Task A_forwarded_template_naming_no_contact_takes_its_authors_name_never_the_forwarders(string shape)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var template = ContributorPlay.CompleteWithout("de", "contact_name");
        var forwarder = "Thomas Schmidt <t.schmidt@landkreis-augsburg.example>";
        MimeMessage mail;
        if (shape == "attached-eml")
        {
            var colleague = MailRound45Tests.Mail("Julia Weber <j.weber@landkreis-augsburg.example>", "REGIN Vorlage", "Hallo Thomas,\n\n" + template + "\n\nGruß\nJulia");
            mail = MailRound45Tests.Mail(forwarder, "Fwd: REGIN Vorlage", "");
            mail.Body = new Multipart("mixed")
            {
                new TextPart("plain") { Text = "Hallo,\n\nanbei die Vorlage von Frau Weber.\n\nGruß\nThomas" },
                new MessagePart { Message = colleague, ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "REGIN Vorlage.eml" } },
            };
        }
        else
        {
            var from = shape == "outlook-name-only" ? "Von: Julia Weber\nGesendet: Freitag, 4. Dezember 2026 16:40\nAn: Thomas Schmidt\nBetreff: REGIN Vorlage"
                : "-------- Weitergeleitete Nachricht --------\nBetreff: \tREGIN Vorlage\nDatum: \tFri, 4 Dec 2026 16:40:00 +0100\nVon: \t\"Weber, Julia\" <j.weber@landkreis-augsburg.example>\nAn: \tThomas Schmidt <t.schmidt@landkreis-augsburg.example>";
            mail = MailRound45Tests.Mail(forwarder, "WG: REGIN Vorlage", $"Hallo,\n\nhier die Vorlage meiner Kollegin.\n\nGruß\nThomas\n\n{from}\n\nHallo Thomas,\n\n{template}\n\nViele Grüße\nJulia");
        }
        var result = await host.IngestAsync(mail);
        var practice = await host.PracticeAsync(result.Reference);
        Assert.NotNull(practice);
        Assert.Equal(shape == "thunderbird-inline" ? "Weber, Julia" : "Julia Weber", ContributorPlay.Original(practice, "contact_name"));
        Assert.Equal(shape == "outlook-name-only" ? null : "j.weber@landkreis-augsburg.example", ContributorPlay.Original(practice, "contact_email"));
        Assert.Contains(practice.Flags, f => f.Reason == FlagReasons.ForwardedBy && (f.Detail ?? "").Contains("t.schmidt@landkreis-augsburg.example", StringComparison.Ordinal));
        var reply = ContributorPlay.Body(Assert.Single(await host.OutboxAsync()));
        Assert.DoesNotContain($"[{Key("contact_name")}]", ContributorPlay.Part(Assert.Single(await host.OutboxAsync()), "mail.reply_missing", "de"), StringComparison.Ordinal);
        Assert.DoesNotContain("Thomas Schmidt", ContributorPlay.Original(practice, "contact_name") ?? "", StringComparison.Ordinal);
        Assert.Contains("Julia", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contact_email_typed_under_the_sign_off_is_the_contact()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = MailRound46Tests.Officials["de"];
        var result = await host.IngestAsync(MailRound45Tests.Mail(o.From, "REGIN Vorlage",
            "Hallo,\n\n" + MailRound46Tests.Complete("de") + "\n\nViele Grüße\nJulia Weber\n\n" + $"[{Key("contact_email")}] integration@landkreis-augsburg.example"));
        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("integration@landkreis-augsburg.example", ContributorPlay.Original(practice!, "contact_email"));
        Assert.Equal(o.Name, ContributorPlay.Original(practice!, "contact_name"));
    }
}

public sealed class Mail58TestsOnSqlite() : Mail58Tests(TestProviders.Sqlite);

public sealed class Mail58TestsOnPostgreSql() : Mail58Tests(TestProviders.PostgreSql);
