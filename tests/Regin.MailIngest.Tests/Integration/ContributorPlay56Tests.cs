using static Regin.MailIngest.Tests.Integration.ContributorPlay;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Tests.Intake;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Session 56: three contributors' mails end to end through a real Dovecot, the watcher and smtp4dev, on both providers:
/// a Swedish official's Outlook mail in windows-1252 quoted-printable, an Italian NGO worker's iPhone reply typed above our
/// quoted mail with a long legal disclaimer, an English researcher forwarding a colleague's filled template as an attached
/// .eml. Each: the answers stored as written, every mail kept raw, the reply in the sender's language saying what was read
/// and what is missing. With REGIN_PLAY_OUT set, each mail and reply is written there.
/// </summary>
public sealed class ContributorPlay56Tests(MailServers servers) : IClassFixture<MailServers>
{
    private const string Mailbox = "reginproject@crpm.org";

    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 10, 0, TimeSpan.FromHours(1));

    static ContributorPlay56Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Every mail the host kept raw, as stored (bytes).</summary>
    private static Task<List<byte[]>> RawMailsAsync(MailTestHost host) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking()
            .Where(r => r.Channel == MailProcessor.Channel).OrderBy(r => r.Id).Select(r => r.Content).ToListAsync());

    /// <summary>Each of <paramref name="sent"/> is kept raw, once, its Message-ID and its own words in the stored bytes.</summary>
    private static async Task AssertKeptRawAsync(MailTestHost host, params (MimeMessage Mail, string Words)[] sent)
    {
        var stored = (await RawMailsAsync(host)).Select(MimeMessageOf).ToList();
        Assert.Equal(sent.Length, stored.Count);
        foreach (var (mail, words) in sent)
        {
            var kept = Assert.Single(stored, s => s.MessageId == mail.MessageId);
            Assert.Contains(words, Everything(kept), StringComparison.Ordinal);
        }
    }

    private static MimeMessage MimeMessageOf(byte[] content) => MimeMessage.Load(new MemoryStream(content));

    /// <summary>A mail's text parts, decoded, nested mails' too.</summary>
    private static string Everything(MimeMessage message) => string.Join("\n", message.BodyParts.Select(p => p switch
    {
        TextPart text => text.Text,
        MessagePart { Message: { } inner } => Everything(inner),
        _ => "",
    }));

    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// A Region Skåne official replies from Outlook on Windows with the template filled in the body: text/plain in
    /// windows-1252, quoted-printable as Outlook writes it ("=E5" for "å", soft breaks "=\r\n" at 76). Title and description
    /// are stored with their "å ä ö", Skåne is SE22, the mail is kept raw as it came, and the reply, in Swedish, repeats the
    /// title and asks for the objectives left out.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_Swedish_Outlook_mail_in_windows_1252_quoted_printable_is_read_with_its_a_ring_and_umlauts(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "sv-outlook-1252-qp");
        var o = MailRound46Tests.Officials["sv"];
        var title = "Språkcafé för nyanlända föräldrar i Skåne";
        var description = "Volontärer träffar nyanlända föräldrar på biblioteken varje vecka; de övar svenska och får hjälp med förskolans blanketter.";
        var text = "Hej!\n\nHär kommer mallen ifylld från oss på Region Skåne.\n\n" + CompleteWithout("sv", "objectives")
            .Replace($"[{Key("title")}] {o.Title}", $"[{Key("title")}] {title}", StringComparison.Ordinal)
            .Replace($"[{Key("description")}] {o.Text}", $"[{Key("description")}] {description}", StringComparison.Ordinal)
            .Replace($"[{Key("region")}] {o.Region}", $"[{Key("region")}] Skåne", StringComparison.Ordinal)
            .Replace(o.Organisation, "Region Skåne", StringComparison.Ordinal)
            .Replace(o.Name, "Karin Åström", StringComparison.Ordinal)
            .Replace("\nAnna", "\nKarin Åström\nRegionala utvecklingsförvaltningen, Region Skåne\nTel. 044-309 30 00", StringComparison.Ordinal);
        var raw = "From: =?windows-1252?Q?Karin_=C5str=F6m?= <karin.astrom@skane.example>\r\nTo: \"REGIN Integration Lab\" <" + Mailbox + ">\r\n"
            + "Subject: =?windows-1252?Q?SV:_REGIN-mall_=96_Region_Sk=E5ne?=\r\nThread-Topic: REGIN-mall\r\n"
            + $"Date: Mon, 07 Dec 2026 09:10:00 +0100\r\nMessage-ID: <{Guid.NewGuid():N}@EXCH01.skane.example>\r\nContent-Language: sv-SE\r\n"
            + "X-MS-Has-Attach: \r\nX-Mailer: Microsoft Outlook 16.0\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=\"windows-1252\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + ContributorPlay55Tests.QuotedPrintable(Encoding.GetEncoding("windows-1252").GetBytes(text), 75) + "\r\n";
        Assert.Contains("=E5", raw, StringComparison.Ordinal);
        Assert.Contains("=\r\n", raw, StringComparison.Ordinal);
        var message = MailTestHost.Authenticated(MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(raw))));
        var (reply, practice) = await play.SendAsync(message);
        await host.Host.StopAsync();
        Assert.Equal("sv", Language(reply));
        Assert.Equal("sv", practice.Language);
        Assert.Equal(title, Original(practice, "title"));
        Assert.Equal(description, Original(practice, "description"));
        Assert.Equal("\"SE22\"", Answer(practice, "region"));
        Assert.Contains($"[{Key("title")}] {Label("title", "sv")}: {title}", Part(reply, "mail.reply_understood", "sv"), StringComparison.Ordinal);
        Assert.Contains($"[{Key("objectives")}]", Part(reply, "mail.reply_missing", "sv"), StringComparison.Ordinal);
        Assert.DoesNotContain($"[{Key("title")}]", Part(reply, "mail.reply_missing", "sv"), StringComparison.Ordinal);
        Assert.Equal(PracticeStatus.Draft, practice.Status);
        await AssertKeptRawAsync(host, (message, description));
        // Kept as it came: the quoted-printable bytes, not a re-encoding.
        Assert.Contains("=E5", Encoding.Latin1.GetString(Assert.Single(await RawMailsAsync(host))), StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private const string Disclaimer = "Le informazioni contenute in questo messaggio sono riservate e ad uso esclusivo del destinatario. "
        + "Qualora il messaggio in parola Le fosse pervenuto per errore, La preghiamo di eliminarlo senza copiarlo e di non inoltrarlo a terzi, "
        + "dandocene gentilmente comunicazione. Ai sensi del Regolamento UE 2016/679 (GDPR) i dati personali saranno trattati esclusivamente "
        + "per le finalità connesse al rapporto in essere. Grazie.";

    /// <summary>
    /// An Italian NGO worker sends the template without three answers, then answers from iPhone Mail: the three key lines
    /// typed ABOVE our quoted reply ("Il giorno lun 7 dic 2026 alle 10:12 REGIN … ha scritto:" and "> " lines), her
    /// signature with a long legal disclaimer, "Inviato da iPhone". The three answers are stored as typed, nothing of the
    /// disclaimer or the quote, both mails kept raw, the practice submitted and the reply in Italian.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task An_Italian_iPhone_reply_typed_above_the_quoted_template_with_a_legal_disclaimer_is_read(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "it-iphone-above-quote");
        var o = MailRound46Tests.Officials["it"];
        var from = "Francesca Bianchi <f.bianchi@coopilponte.example>";
        var signature = "Francesca Bianchi\nArea Accoglienza – Cooperativa Sociale Il Ponte\nVia Nizza 12, 10125 Torino\n\n" + Disclaimer;
        var template = CompleteWithout("it", "start_date", "target_groups", "objectives")
            .Replace(o.Name, "Francesca Bianchi", StringComparison.Ordinal).Replace(o.Organisation, "Cooperativa Sociale Il Ponte", StringComparison.Ordinal);
        var sent = ContributorPlay49Tests.Client("outlook", from, "Scheda REGIN - Coop Il Ponte",
            "Buongiorno,\n\nqui sotto la scheda, mancano ancora tre risposte.\n\n" + template + "\n\n" + signature, Monday);
        var (first, draft) = await play.SendAsync(sent);
        Assert.Equal(PracticeStatus.Draft, draft.Status);
        Assert.Equal("it", Language(first));
        var typed = new Dictionary<string, string>
        {
            ["start_date"] = "marzo 2021",
            ["target_groups"] = "minori non accompagnati",
            ["objectives"] = "Che i ragazzi finiscano la scuola e abbiano una casa quando compiono 18 anni.",
        };
        var text = "Ecco le risposte mancanti\n\n" + string.Concat(typed.Select(t => $"[{Key(t.Key)}] {t.Value}\n")) + "\nCiao\n" + signature
            + "\n\nInviato da iPhone\n\n"
            + $"Il giorno lun 7 dic 2026 alle 10:12 REGIN Integration Lab <{Mailbox}> ha scritto:\n\n"
            + string.Concat(Body(first).Split('\n').Select(l => "> " + l + "\n"));
        var second = AsReplyTo(ContributorPlay49Tests.Client("apple", from, "Re: " + first.Subject, text, Monday.AddHours(2)), first);
        var (reply, practice) = await play.SendAsync(second);
        await host.Host.StopAsync();
        Assert.Equal("it", Language(reply));
        foreach (var (id, answer) in typed)
        {
            Assert.True(answer == Original(practice, id), $"{id}: '{answer}' stored as '{Original(practice, id) ?? "(nothing)"}'\n{Body(reply)}");
        }
        foreach (var (id, answer) in typed)
        {
            Assert.Contains($"[{Key(id)}] {Label(id, "it")}: {answer[..Math.Min(20, answer.Length)]}", Part(reply, "mail.reply_understood", "it"), StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal("\"2021-03\"", Answer(practice, "start_date"));
        Assert.Equal("[\"unaccompanied_minors\"]", Answer(practice, "target_groups"));
        Assert.DoesNotContain(practice.Answers, a => (a.Original ?? "").Contains("riservate", StringComparison.Ordinal)
            || (a.Original ?? "").Contains("iPhone", StringComparison.Ordinal) || (a.Original ?? "").Contains("> ", StringComparison.Ordinal));
        // Her signature's "Area Accoglienza – Cooperativa Sociale Il Ponte" is no answer: the template answered the organisation.
        foreach (var (id, value) in draft.Answers.Select(a => (a.QuestionId, a.ValueJson)))
        {
            Assert.True(value == Answer(practice, id), $"{id}: {value} became {Answer(practice, id)}\n{Body(reply)}");
        }
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
        Assert.Equal("", Part(reply, "mail.reply_missing", "it"));
        await AssertKeptRawAsync(host, (sent, "mancano ancora tre risposte"), (second, typed["objectives"]));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// An English researcher forwards a colleague's filled template as an attached .eml (message/rfc822) with a line of her
    /// own on top ("See Aoife's answers below, she's on leave"). The colleague's answers are stored, the researcher's comment
    /// is no answer, the mail is kept raw with the forwarded one inside, and the reply goes to the researcher, in English,
    /// repeating the title and asking for the objectives the template left out.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task An_English_researcher_forwarding_a_colleagues_template_as_an_attached_eml_is_read(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "en-forwarded-eml");
        var o = MailRound46Tests.Officials["en"];
        var title = "Welcome desk for newcomers in Mallow and Fermoy";
        var colleague = ContributorPlay49Tests.Client("outlook", "Aoife Byrne <aoife.byrne@corkcoco.example>", "REGIN template - done",
            "Hi Ciara,\n\nhere's the REGIN template filled in, I didn't get to the objectives.\n\n" + CompleteWithout("en", "objectives")
                .Replace($"[{Key("title")}] {o.Title}", $"[{Key("title")}] {title}", StringComparison.Ordinal)
                .Replace(o.Name, "Aoife Byrne", StringComparison.Ordinal).Replace("\nSiobhan", "\nAoife", StringComparison.Ordinal),
            Monday.AddDays(-3));
        colleague.To.Clear();
        colleague.To.Add(MailboxAddress.Parse("Ciara Doyle <c.doyle@ucc.example>"));
        var researcher = "Ciara Doyle <c.doyle@ucc.example>";
        var message = ContributorPlay49Tests.Client("gmail", researcher, "Fwd: REGIN template - done",
            "See Aoife's answers below, she's on leave.\n\nCiara\n\n--\nDr Ciara Doyle\nSchool of Applied Social Studies, University College Cork", Monday);
        var attached = new MessagePart { Message = colleague };
        attached.ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "REGIN template - done.eml" };
        message.Body = new Multipart("mixed") { message.Body!, attached };
        var (reply, practice) = await play.SendAsync(message);
        await host.Host.StopAsync();
        Assert.Equal("en", Language(reply));
        Assert.Equal("c.doyle@ucc.example", Assert.Single(reply.To.Mailboxes).Address);
        Assert.Equal(title, Original(practice, "title"));
        Assert.Equal("Aoife Byrne", Original(practice, "contact_name"));
        Assert.Equal("\"2021-03\"", Answer(practice, "start_date"));
        Assert.DoesNotContain(practice.Answers, a => (a.Original ?? "").Contains("on leave", StringComparison.Ordinal));
        Assert.Contains($"[{Key("title")}] {Label("title", "en")}: {title}", Part(reply, "mail.reply_understood", "en"), StringComparison.Ordinal);
        Assert.Contains($"[{Key("objectives")}]", Part(reply, "mail.reply_missing", "en"), StringComparison.Ordinal);
        Assert.DoesNotContain($"[{Key("title")}]", Part(reply, "mail.reply_missing", "en"), StringComparison.Ordinal);
        Assert.Equal(PracticeStatus.Draft, practice.Status);
        await AssertKeptRawAsync(host, (message, "she's on leave"));
        await AssertKeptRawAsync(host, (message, title));
    }
}
