using static Regin.MailIngest.Tests.Integration.ContributorPlay;
using System.Text;
using MimeKit;
using MimeKit.Text;
using Regin.Core.Normalisation;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Tests.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Session 49: what contributors really send, through a real Dovecot, the watcher and smtp4dev, each mail as its client
/// writes it (Outlook's Windows-125x quoted-printable, Gmail's UTF-8 quoted-printable text and HTML, Apple Mail's and
/// Thunderbird's format=flowed): a promise said in a sentence ("Budget muss ich noch mit der Abteilung klären, melde mich
/// nächste Woche", "je reviens vers vous pour le budget"), and a reply's sign-off ("Grazie e buona giornata") and quoted
/// history under the mail program's attribution line in 8 languages. With REGIN_PLAY_OUT set, each mail in and reply
/// out is written there.
/// </summary>
public sealed class ContributorPlay49Tests(MailServers servers) : IClassFixture<MailServers>
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();
    private const string Mailbox = "reginproject@crpm.org";

    static ContributorPlay49Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// A mail as <paramref name="client"/> writes it: "outlook" (plain and HTML, <paramref name="charset"/> quoted-printable,
    /// Thread-Topic, X-Mailer), "gmail" (plain and HTML, UTF-8 quoted-printable, a CAM… Message-ID), "apple" (plain
    /// format=flowed, UTF-8 quoted-printable, Apple Mail's X-Mailer), "thunderbird" (plain format=flowed, UTF-8 8bit, its User-Agent).
    /// </summary>
    internal static MimeMessage Client(string client, string from, string subject, string text, DateTimeOffset date, string? inReplyTo = null, string charset = "windows-1252")
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse($"\"REGIN Integration Lab\" <{Mailbox}>"));
        message.Subject = subject;
        message.Date = date;
        var domain = message.From.Mailboxes.Single().Domain;
        message.MessageId = client switch
        {
            "gmail" => $"CAM{Guid.NewGuid():N}@mail.gmail.com",
            "outlook" => $"{Guid.NewGuid():N}@EXCH01.{domain}",
            _ => $"{Guid.NewGuid():D}@{domain}".ToUpperInvariant(),
        };
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }
        var crlf = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        string Html() => "<div dir=\"ltr\">" + string.Concat(text.Split('\n').Select(l => l.Length == 0 ? "<div><br></div>" : $"<div>{System.Net.WebUtility.HtmlEncode(l)}</div>")) + "</div>\r\n";
        switch (client)
        {
            case "outlook":
            {
                message.Headers.Add("Thread-Topic", subject);
                message.Headers.Add("X-Mailer", "Microsoft Outlook 16.0");
                var plain = new TextPart(TextFormat.Plain) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
                plain.SetText(Encoding.GetEncoding(charset), crlf);
                var html = new TextPart(TextFormat.Html) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
                html.SetText(Encoding.GetEncoding(charset), $"<html><head><meta http-equiv=Content-Type content=\"text/html; charset={charset}\"></head><body>" + Html() + "</body></html>");
                message.Body = new MultipartAlternative { plain, html };
                break;
            }
            case "gmail":
            {
                var plain = new TextPart(TextFormat.Plain) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
                plain.SetText(Encoding.UTF8, crlf);
                var html = new TextPart(TextFormat.Html) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
                html.SetText(Encoding.UTF8, Html());
                message.Body = new MultipartAlternative { plain, html };
                break;
            }
            default:
            {
                message.Headers.Add(client == "apple" ? "X-Mailer" : "User-Agent", client == "apple" ? "Apple Mail (2.3774.600.62)" : "Mozilla Thunderbird");
                var plain = new TextPart(TextFormat.Plain) { ContentTransferEncoding = client == "apple" ? ContentEncoding.QuotedPrintable : ContentEncoding.EightBit };
                plain.ContentType.Parameters.Add("format", "flowed");
                plain.SetText(Encoding.UTF8, crlf);
                message.Body = plain;
                break;
            }
        }
        return MailTestHost.Authenticated(message);
    }

    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 10, 12, 0, TimeSpan.FromHours(1));

    // ---------------------------------------------------------------------------------------------------------------
    // 1. A promise in a sentence: the question named before the promise, or after it.

    public static TheoryData<string, string, string, string> PromiseSentences() => new()
    {
        { "de", "outlook", "Sehr geehrte Damen und Herren,", "anbei unser Praxisbeispiel. Budget muss ich noch mit der Abteilung klären, melde mich nächste Woche." },
        { "fr", "gmail", "Bonjour,", "voici notre fiche remplie. Je reviens vers vous pour le budget." },
        { "es", "apple", "Hola:", "os paso la ficha rellenada. Le mando el presupuesto la semana que viene." },
        { "sv", "thunderbird", "Hej!", "Här kommer vår ifyllda mall. Vi återkommer om budgeten." },
    };

    /// <summary>
    /// A complete template under a sentence promising the budget: the draft waits for it (was submitted at once, the later
    /// budget only passed to the researchers), the promise flagged on the budget, the reply says it waits for it.
    /// </summary>
    [Theory]
    [MemberData(nameof(PromiseSentences))]
    public async Task A_sentence_promising_the_budget_beside_the_template_holds_the_draft_for_it(string language, string client, string greeting, string sentence)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, $"{language}-promise-sentence");
        var o = MailRound46Tests.Officials[language];
        var mail = Client(client, o.From, "REGIN", $"{greeting}\n\n{sentence}\n\n{MailRound46Tests.Complete(language)}", Monday);
        var (reply, practice) = await play.SendAsync(mail);
        await host.Host.StopAsync();
        Assert.Equal(language, Language(reply));
        Assert.Equal("(none)", Answer(practice, "budget_eur"));
        var flag = Assert.Single(practice.Flags, f => f.Reason == FlagReasons.AnswerPromised);
        Assert.Equal("budget_eur", flag.QuestionId);
        Assert.NotEqual(PracticeStatus.Submitted, practice.Status);
        Assert.Contains(Opening("mail.reply_awaiting", language), reply.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// The Austrian official's reply to our mail, nothing but the sentence: read as the promise (was "no answers" and the
    /// template again); her next reply with the start date leaves the draft waiting for the budget, the one after with the
    /// budget submits it.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task An_Austrian_reply_promising_the_budget_in_a_sentence_holds_the_draft_until_the_budget_comes(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "de-promise-reply");
        const string From = "\"Huber Andrea\" <andrea.huber@stmk.gv.example>";
        var (reply, practice) = await play.SendAsync(Client("outlook", From, "REGIN Praxisbeispiel", "Grüß Gott,\n\n" + CompleteWithout("de", "start_date"), Monday));
        Assert.NotEqual(PracticeStatus.Submitted, practice.Status);
        var reference = practice.Reference;
        (reply, practice) = await play.SendAsync(Client("outlook", From, "AW: " + reply.Subject,
            "Budget muss ich noch mit der Abteilung klären, melde mich nächste Woche.\n\nLG\nAndrea Huber", Monday.AddDays(1), reply.MessageId), reference);
        Assert.Equal("budget_eur", Assert.Single(practice.Flags, f => f.Reason == FlagReasons.AnswerPromised).QuestionId);
        Assert.Contains(Opening("mail.reply_awaiting", "de"), reply.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Opening("mail.reply_no_answers", "de"), reply.TextBody, StringComparison.Ordinal);

        (reply, practice) = await play.SendAsync(Client("outlook", From, "AW: " + reply.Subject, $"[{Key("start_date")}] 03/2021\n\nLG\nAndrea Huber", Monday.AddDays(2), reply.MessageId), reference);
        Assert.Equal("\"2021-03\"", Answer(practice, "start_date"));
        Assert.NotEqual(PracticeStatus.Submitted, practice.Status);

        // Her fourth mail in a day gets no reply (Mail:MaxRepliesPerRecipientPerDay, 3): its reading is awaited in the store.
        await servers.AppendAsync(user, Client("outlook", From, "AW: " + reply.Subject, "Budget: 280.000 €\n\nLG\nAndrea Huber", Monday.AddDays(8), reply.MessageId));
        await Eventually.UntilAsync(async () => (practice = (await host.PracticeAsync(reference))!).Status == PracticeStatus.Submitted, 120);
        await host.Host.StopAsync();
        Assert.Equal("280000", Answer(practice, "budget_eur"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 2. A partial consent after the consent's key: a yes with what they allow, said back and flagged, never a plain yes.

    public static TheoryData<string, string, string, string> PartialConsents() => new()
    {
        { "es", "gmail", "sí, pero publicar solo el título y la región", "solo el título y la región" },
        { "en", "outlook", "yes but only publish the title", "only publish the title" },
        { "de", "apple", "ja, aber nur den Titel veröffentlichen", "nur den Titel veröffentlichen" },
        // Session 50: the same asked as a question (the es one was answered in English: its language now read from its values).
        { "es", "gmail", "¿podéis publicar solo el título?", "solo el título" },
        { "de", "outlook", "kann man nur den Titel zeigen?", "nur den Titel" },
        { "it", "apple", "possiamo pubblicare solo la regione?", "solo la regione" },
    };

    /// <summary>
    /// "[Q31] sí, pero publicar solo el título y la región": the consent is a yes whose answer keeps what they allowed (the
    /// flag <c>answer_with_condition</c>, its detail their words, for the researcher to honour), and the reply says it back.
    /// </summary>
    [Theory]
    [MemberData(nameof(PartialConsents))]
    public async Task A_partial_consent_is_kept_with_what_they_allowed_and_said_back(string language, string client, string consent, string allowed)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, $"{language}-partial-consent");
        var o = MailRound46Tests.Officials[language];
        var text = CompleteWithout(language, "consent_publish").Replace("\n\n", $"\n[{Key("consent_publish")}] {consent}\n\n", StringComparison.Ordinal);
        var (reply, practice) = await play.SendAsync(Client(client, o.From, "REGIN", text, Monday));
        await host.Host.StopAsync();
        Assert.Equal(language, Language(reply));
        Assert.Equal("true", Answer(practice, "consent_publish"));
        var flag = Assert.Single(practice.Flags, f => f.QuestionId == "consent_publish" && f.Reason == FlagReasons.AnswerWithCondition);
        Assert.Contains(allowed, flag.Detail, StringComparison.Ordinal);
        Assert.Contains(allowed, reply.TextBody, StringComparison.Ordinal);
        // What is published until a researcher decides (session 50).
        Assert.Contains(Opening("mail.consent_condition_pending", language), reply.TextBody, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 3. A reply's sign-off, its name, and the quoted history under the mail program's attribution: never "not read".

    public static TheoryData<string, string, string, string> Replies() => new()
    {
        { "en", "gmail", "Thanks and have a nice day\nKate", "On Mon, 30 Nov 2026 at 10:14, REGIN Integration Lab <\nreginproject@crpm.org> wrote:" },
        { "fr", "gmail", "Merci et bonne journée\nSophie", "Le lun. 30 nov. 2026 à 10:14, REGIN Integration Lab <reginproject@crpm.org> a\nécrit :" },
        { "de", "thunderbird", "Danke und liebe Grüße\nAndrea", "Am 30.11.2026 um 10:14 schrieb REGIN Integration Lab:" },
        { "es", "gmail", "Gracias y un saludo\nMarta", "El lun, 30 nov 2026 a las 10:14, REGIN Integration Lab (<\nreginproject@crpm.org>) escribió:" },
        { "sv", "gmail", "Tack och ha en bra dag!\nKarin", "Den mån 30 nov. 2026 kl 10:14 skrev REGIN Integration Lab <\nreginproject@crpm.org>:" },
        { "el", "gmail", "Ευχαριστώ και καλή συνέχεια\nΜαρία", "Στις Δευ 30 Νοε 2026 στις 10:14, ο/η REGIN Integration Lab <\nreginproject@crpm.org> έγραψε:" },
        { "it", "apple", "Grazie e buona giornata\nAntonella\n\nInviato da iPhone", "Il giorno 30 nov 2026, alle ore 10:14, REGIN Integration Lab <reginproject@crpm.org> ha scritto:" },
        { "pt", "gmail", "Obrigada e bom trabalho\nAna", "REGIN Integration Lab <reginproject@crpm.org> escreveu no dia segunda,\n30/11/2026 à(s) 10:14:" },
    };

    /// <summary>
    /// A reply with the one missing answer, a joined sign-off and the name under it, then our mail quoted under its
    /// attribution (wrapped where Gmail wraps it): the answer read, the practice submitted, no line quoted back as not read.
    /// </summary>
    [Theory]
    [MemberData(nameof(Replies))]
    public async Task A_reply_sign_off_and_the_quoted_history_are_never_quoted_back_as_not_read(string language, string client, string signOff, string attribution)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, $"{language}-sign-off");
        var o = MailRound46Tests.Officials[language];
        var (reply, practice) = await play.SendAsync(Client(client, o.From, "REGIN", CompleteWithout(language, "start_date"), Monday));
        Assert.NotEqual(PracticeStatus.Submitted, practice.Status);
        var quoted = string.Join("\n", (reply.TextBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Length == 0 ? ">" : "> " + l));
        var text = $"[{Key("start_date")}] 03/2021\n\n{signOff}\n\n{attribution}\n\n{quoted}\n";
        (reply, practice) = await play.SendAsync(Client(client, o.From, "Re: " + reply.Subject, text, Monday.AddHours(3), reply.MessageId, language == "el" ? "windows-1253" : "windows-1252"), practice.Reference);
        await host.Host.StopAsync();
        Assert.Equal("\"2021-03\"", Answer(practice, "start_date"));
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
        Assert.DoesNotContain(Opening("mail.lines_unplaced", language), reply.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Opening("mail.lines_repeated", language), reply.TextBody, StringComparison.Ordinal);
    }
}
