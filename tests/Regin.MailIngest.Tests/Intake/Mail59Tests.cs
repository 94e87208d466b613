using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Tests.Integration;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Session 59, without servers: the Greek, Portuguese, Swedish and Italian mails of <see cref="MailClients59"/> byte for
/// byte (read as their senders meant, the reply in their language to the right address, the raw mail kept once); and what
/// mail58 left: a "Q4: …" line under the sign-off is the signature's, a contact e-mail typed with invisible characters is
/// flagged, a sender whose text and HTML parts disagree is told which was read.
/// </summary>
public sealed class Mail59Tests
{
    private static string Key(string id) => ContributorPlay.Key(id);

    /// <summary>The mail ingested on a new host: its result, practice, reply (null: none), and the raw rows kept.</summary>
    internal static async Task<(MailResult Result, Practice? Practice, MimeMessage? Reply)> IngestAsync(MailTestHost host, byte[] raw)
    {
        var result = await host.IngestAsync(raw);
        var rows = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().Where(r => r.Channel == "email").ToListAsync());
        Assert.Equal(raw, Assert.Single(rows).Content);
        Assert.DoesNotContain("Exception", result.Detail ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(" at Regin.", result.Detail ?? "", StringComparison.Ordinal);
        return (result, await host.PracticeAsync(result.Reference), (await host.OutboxAsync()).LastOrDefault());
    }

    public static TheoryData<string> Clients() => new("el-outlook-1253", "el-thunderbird-greeklish", "pt-gmail-docx", "pt-applemail-flowed", "sv-outlookmac-pasted-twice", "it-pec");

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task A_mail_as_its_program_writes_it_is_read_as_meant_and_answered_in_its_language_to_its_sender(string name)
    {
        await using var host = await MailTestHost.CreateAsync();
        var client = MailClients59.Named(name);
        var (result, practice, reply) = await IngestAsync(host, client.Raw);
        var said = $"{result.Outcome}: {result.Detail}\n{(reply is null ? "(no reply)" : ContributorPlay.Body(reply))}";
        Assert.True(result.Outcome is MailOutcomes.Created or MailOutcomes.Submitted, said);
        Assert.NotNull(practice);
        Assert.True(client.Title == ContributorPlay.Original(practice, "title"), said);
        Assert.True(client.Region == ContributorPlay.Original(practice, "region"), said);
        Assert.Equal(client.Language, practice.Language);
        Assert.NotNull(reply);
        Assert.Equal(client.ReplyTo, Assert.Single(reply.To.Mailboxes).Address);
        Assert.Equal(client.Language, ContributorPlay.Language(reply));
        var body = ContributorPlay.Body(reply);
        // Nothing the mail program or the provider added is named back as a file we could not read.
        Assert.DoesNotContain(ContributorPlay.Opening("mail.attachment_not_read", client.Language), body, StringComparison.Ordinal);
        Assert.False(body.Contains(ContributorPlay.Opening("mail.second_template_not_read", client.Language), StringComparison.Ordinal), said);
        Assert.DoesNotContain(practice.Flags, f => f.Reason is FlagReasons.ForwardedBy or FlagReasons.AnsweredTwice or FlagReasons.HiddenText);
        Assert.Equal(client.ReplyTo, ContributorPlay.Answer(practice, "contact_email").Trim('"'));
        // The name as typed (Greeklish in Greeklish), or the From's display name.
        var surname = MailRound46Tests.Officials[client.Language].Name.Split(' ')[1];
        Assert.Contains(name.Contains("greeklish", StringComparison.Ordinal) ? MailClients59.Greeklish(surname) : surname, ContributorPlay.Original(practice, "contact_name") ?? "", StringComparison.Ordinal);
        switch (name)
        {
            case "el-thunderbird-greeklish":
                // Greeklish under Greek labels: the country and region understood, "se exelixi" is ongoing, "nai" a yes.
                Assert.Contains("\"GR\"", ContributorPlay.Answer(practice, "country"), StringComparison.Ordinal);
                Assert.Contains("EL43", ContributorPlay.Answer(practice, "region"), StringComparison.Ordinal);
                Assert.Contains("ongoing", ContributorPlay.Answer(practice, "end_date"), StringComparison.Ordinal);
                Assert.Equal("true", ContributorPlay.Answer(practice, "consent_publish"));
                break;
            case "pt-applemail-flowed":
                // The soft line breaks of format=flowed joined: the answer is one sentence as typed.
                Assert.Equal(MailClients59.FlowedActivities, ContributorPlay.Original(practice, "activities"));
                break;
            case "sv-outlookmac-pasted-twice":
                // The empty copy under the answers erased none; the footer is no answer.
                Assert.Equal(MailRound46Tests.Officials["sv"].Text, ContributorPlay.Original(practice, "description"));
                Assert.DoesNotContain(practice.Answers, a => (a.Original ?? "").Contains("GDPR", StringComparison.Ordinal));
                break;
            case "it-pec":
                // The provider's envelope, notice, daticert.xml and signature are not the official's words.
                Assert.DoesNotContain("posta-certificata", result.Detail ?? "", StringComparison.Ordinal);
                Assert.DoesNotContain("daticert", body, StringComparison.Ordinal);
                // Threaded under the official's own mail (postacert.eml's Message-ID), not the provider's envelope.
                Assert.EndsWith("@webmail.pec.it", reply.InReplyTo, StringComparison.Ordinal);
                Assert.DoesNotContain(practice.Flags, f => f.Reason == FlagReasons.PecSenderDiffers);
                break;
        }
    }

    [Fact]
    public async Task A_PEC_envelope_from_a_provider_not_listed_or_not_authenticated_is_read_as_a_forward_never_as_the_certified_senders()
    {
        var (inner, subject, id) = MailClients59.ItalianPecMail(MailClients59.ItalianPecAddress);
        // A domain of the attacker's own: he can write "Per conto di:" and X-Trasporto, and authenticate as himself.
        await using (var host = await MailTestHost.CreateAsync())
        {
            var (_, practice, reply) = await IngestAsync(host, MailClients59.PecEnvelope(MailClients59.ItalianPecAddress, inner, subject, id, "pec-finta.example", "pec-finta.example"));
            Assert.NotEqual(MailClients59.ItalianPecAddress, reply?.To.Mailboxes.Single().Address);
            Assert.Contains(practice!.Flags, f => f.Reason == FlagReasons.ForwardedBy && f.Detail!.Contains("posta-certificata@pec-finta.example", StringComparison.Ordinal));
            Assert.DoesNotContain(practice.Flags, f => f.Reason == FlagReasons.PecSenderDiffers);
        }
        // A listed provider's envelope our server could not authenticate: no reply, nobody certified.
        await using (var host = await MailTestHost.CreateAsync())
        {
            var (_, practice, reply) = await IngestAsync(host, MailClients59.PecEnvelope(MailClients59.ItalianPecAddress, inner, subject, id, authenticatedDomain: null));
            Assert.Null(reply);
            Assert.Contains(practice!.Flags, f => f.Reason == FlagReasons.SenderNotAuthenticated && f.Detail!.StartsWith("posta-certificata@", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_signature_line_opening_like_a_key_under_the_sign_off_is_not_an_answer_a_bracketed_key_there_is()
    {
        await using var host = await MailTestHost.CreateAsync();
        var o = MailRound46Tests.Officials["en"];
        var text = ContributorPlay.CompleteWithout("en", "contact_phone") + "\nSiobhan Kelly\nCommunity Section\nQ4: Wednesday office hours 10-12\nQ3 2026 report due\n\n"
            + $"[{Key("beneficiaries_count")}] 420\n";
        var (_, practice, _) = await IngestAsync(host, Encoding.UTF8.GetBytes(
            $"Authentication-Results: {MailTestHost.PassHeader("s.kelly@corkcoco.example")}\r\nFrom: {o.From}\r\nTo: reginproject@crpm.org\r\nSubject: REGIN\r\n"
            + $"Message-ID: <{Guid.NewGuid():N}@corkcoco.example>\r\nDate: Mon, 7 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + MailClients59.Crlf(text)));
        // "Q4:" and "Q3 2026" are the signature's (office hours, a quarter); the bracketed key below them is read.
        Assert.DoesNotContain(practice!.Answers, a => (a.Original ?? "").Contains("Wednesday", StringComparison.Ordinal));
        Assert.DoesNotContain(practice.Answers, a => (a.Original ?? "").Contains("report due", StringComparison.Ordinal));
        Assert.Equal("420", ContributorPlay.Original(practice, "beneficiaries_count"));
        Assert.Equal("s.kelly@corkcoco.example", ContributorPlay.Answer(practice, "contact_email").Trim('"'));
    }

    [Fact]
    public async Task A_contact_email_typed_with_bidi_and_zero_width_characters_is_stored_without_them_and_flagged_for_the_researchers()
    {
        await using var host = await MailTestHost.CreateAsync();
        var (_, practice, reply) = await IngestAsync(host, Encoding.UTF8.GetBytes(
            $"Authentication-Results: {MailTestHost.PassHeader("mallory@evil.example")}\r\nFrom: Mallory <mallory@evil.example>\r\nTo: reginproject@crpm.org\r\nSubject: REGIN\r\n"
            + $"Message-ID: <{Guid.NewGuid():N}@evil.example>\r\nDate: Mon, 7 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "[Q05] Bidi title\r\n[Q06] Malta\r\n[Q03] mallory\u200B.59@evil.example\u202Emoc.knab\r\n"));
        Assert.Equal("mallory.59@evil.examplemoc.knab", ContributorPlay.Original(practice!, "contact_email"));
        var flag = Assert.Single(practice!.Flags, f => f.Reason == FlagReasons.ContactEmailInvisible);
        Assert.Equal("contact_email", flag.QuestionId);
        Assert.Contains("U+200B U+202E", flag.Detail, StringComparison.Ordinal);
        Assert.Contains("stored without them as mallory.59@evil.examplemoc.knab", flag.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(flag.Detail!, c => c is '\u200B' or '\u202E');
        Assert.DoesNotContain("\u202E", ContributorPlay.Body(reply!), StringComparison.Ordinal);
        // A contact e-mail typed plainly is not flagged.
        await using var plain = await MailTestHost.CreateAsync();
        var (_, clean, _) = await IngestAsync(plain, Encoding.UTF8.GetBytes(
            $"Authentication-Results: {MailTestHost.PassHeader("anna@example.org")}\r\nFrom: Anna <anna@example.org>\r\nTo: reginproject@crpm.org\r\nSubject: REGIN\r\n"
            + $"Message-ID: <{Guid.NewGuid():N}@example.org>\r\nDate: Mon, 7 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "[Q05] Plain title\r\n[Q03] anna.other@example.org\r\n"));
        Assert.DoesNotContain(clean!.Flags, f => f.Reason == FlagReasons.ContactEmailInvisible);
    }

    [Theory]
    [InlineData("iso-8859-7")]
    [InlineData("windows-1253")]
    public void Greek_8bit_bytes_a_relay_wrote_again_as_UTF_8_read_as_Latin_1_are_read_as_the_Greek_typed(string charset)
    {
        // What smtp4dev did to Thunderbird's 8bit ISO-8859-7 body over the wire: each byte taken as Latin-1, written as UTF-8.
        var greek = "[Q05] Τίτλος της πρακτικής: Κέντρο ένταξης μεταναστών\r\n[Q07] Περιφέρεια: Κρήτη\r\n";
        var relayed = Encoding.UTF8.GetBytes(Encoding.Latin1.GetString(Encoding.GetEncoding(charset).GetBytes(greek)));
        Assert.Equal(greek, Regin.MailIngest.Parsing.TextDecoder.Decode(relayed, charset));
        // Greek typed in UTF-8 under the same label stays as typed, and a French UTF-8 text under Latin-1's is not touched.
        Assert.Equal(greek, Regin.MailIngest.Parsing.TextDecoder.Decode(Encoding.UTF8.GetBytes(greek), charset));
        Assert.Equal("Région Bretagne", Regin.MailIngest.Parsing.TextDecoder.Decode(Encoding.UTF8.GetBytes("Région Bretagne"), "iso-8859-1"));
    }

    public static TheoryData<string> Languages() => new("de", "el", "sv", "it");

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_sender_whose_text_and_HTML_parts_disagree_is_told_in_their_language_that_the_shown_part_was_read(string language)
    {
        await using var host = await MailTestHost.CreateAsync();
        var o = MailRound46Tests.Officials[language];
        var from = MailboxAddress.Parse(o.From);
        var complete = MailRound46Tests.Complete(language);
        var text = complete.Replace("[Q13] 03/2021", "[Q13] 03/2016", StringComparison.Ordinal);
        var html = "<html><body>" + string.Concat(complete.Split('\n').Select(l => $"<p>{System.Net.WebUtility.HtmlEncode(l)}</p>")) + "</body></html>";
        var (_, practice, reply) = await IngestAsync(host, Encoding.UTF8.GetBytes(
            $"Authentication-Results: {MailTestHost.PassHeader(from.Address)}\r\nFrom: {o.From}\r\nTo: reginproject@crpm.org\r\nSubject: REGIN\r\n"
            + $"Message-ID: <{Guid.NewGuid():N}@example.org>\r\nDate: Mon, 7 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n"
            + $"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{MailClients59.Crlf(text)}\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n--b--\r\n"));
        Assert.Equal("03/2021", ContributorPlay.Original(practice!, "start_date"));
        Assert.Contains(practice!.Flags, f => f.Reason == FlagReasons.HiddenText);
        var body = ContributorPlay.Body(reply!);
        Assert.Contains(ContributorPlay.Message("mail.parts_disagree", language), body, StringComparison.Ordinal);
        // Still nothing of either part said back (session 50): neither year.
        Assert.DoesNotContain("2016", body, StringComparison.Ordinal);
    }
}
