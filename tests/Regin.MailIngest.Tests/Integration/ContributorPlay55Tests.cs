using static Regin.MailIngest.Tests.Integration.ContributorPlay;
using System.Text;
using MimeKit;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.MailIngest.Tests.Intake;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Session 55: the mail door on what contributors really send, through a real Dovecot, the watcher and smtp4dev, on both
/// providers: a Portuguese NGO answering from the Gmail app on an iPhone under our quoted questions, a Spanish official's
/// Word template saved as .doc 97-2003, a German Landkreis mail in ISO-8859-15 whose quoted-printable lines break inside
/// words, a Greek official's reply in windows-1253 with a colleague's earlier mail forwarded inside it, a French mail whose
/// answers are in an HTML table with no text part. With REGIN_PLAY_OUT set, each mail and reply is written there.
/// </summary>
public sealed class ContributorPlay55Tests(MailServers servers) : IClassFixture<MailServers>
{
    private const string Mailbox = "reginproject@crpm.org";

    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 10, 0, TimeSpan.FromHours(1));

    static ContributorPlay55Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// A Portuguese NGO sends the template without three answers, then answers from the Gmail app on an iPhone: "Enviado do
    /// meu iPhone" under two words on top, then Gmail's "Em … escreveu:" and our reply quoted, each answer typed under its
    /// quoted question. Each is stored as written ("não acompanhados" read as the unaccompanied minors), the practice submitted.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_Portuguese_Gmail_iPhone_reply_with_answers_under_our_quoted_questions_is_read(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "pt-gmail-iphone");
        var from = "Marta Sousa <marta.sousa.ong@gmail.example>";
        var (first, draft) = await play.SendAsync(ContributorPlay49Tests.Client("gmail", from, "Modelo REGIN - Associação Ponte",
            "Bom dia,\n\nsegue o modelo, faltam três respostas.\n\n" + CompleteWithout("pt", "start_date", "target_groups", "objectives")
                .Replace("[Q01] João Silva", "[Q01] Marta Sousa", StringComparison.Ordinal), Monday));
        Assert.Equal(PracticeStatus.Draft, draft.Status);
        var typed = new Dictionary<string, string>
        {
            ["start_date"] = "março de 2021",
            ["target_groups"] = "não acompanhados",
            ["objectives"] = "Que os jovens acabem a escola e tenham casa ao fazer 18 anos.",
        };
        var quoted = new StringBuilder();
        foreach (var line in Body(first).Split('\n'))
        {
            quoted.Append("> ").Append(line).Append('\n');
            if (typed.Keys.FirstOrDefault(id => line.Contains($"[{Key(id)}]", StringComparison.Ordinal)) is { } id)
            {
                quoted.Append('\n').Append(typed[id]).Append("\n\n");
            }
        }
        var text = "Respostas abaixo\n\nEnviado do meu iPhone\n\n"
            + $"Em seg., 7 de dez. de 2026 às 09:15, REGIN Integration Lab <{Mailbox}> escreveu:\n\n" + quoted;
        var (reply, practice) = await play.SendAsync(AsReplyTo(ContributorPlay49Tests.Client("gmail", from, "Re: " + first.Subject, text, Monday.AddHours(2)), first));
        await host.Host.StopAsync();
        Assert.Equal("pt", Language(reply));
        foreach (var (id, answer) in typed)
        {
            Assert.True(answer == Original(practice, id), $"{id}: '{answer}' stored as '{Original(practice, id) ?? "(nothing)"}'\n{Body(reply)}");
        }
        Assert.Equal("[\"unaccompanied_minors\"]", Answer(practice, "target_groups"));
        Assert.DoesNotContain(practice.Answers, a => (a.Original ?? "").Contains("iPhone", StringComparison.Ordinal));
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>An OLE compound file as Word 97-2003 saves a .doc: its signature, a header, sectors of text (not read).</summary>
    private static byte[] Word97Doc()
    {
        var bytes = new byte[8 * 512];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(bytes, 0);
        bytes[0x1A] = 0x3E; // minor version
        bytes[0x1C] = 0xFE; // byte order
        bytes[0x1D] = 0xFF;
        bytes[0x1E] = 0x09; // 512-byte sectors
        Encoding.Latin1.GetBytes("[Q05] Aulas de acogida para menores migrantes\r[Q07] Andaluc\u00eda\r").CopyTo(bytes, 1024);
        return bytes;
    }

    /// <summary>
    /// A Spanish regional official sends the Word template saved as "Documento de Word 97-2003 (.doc)". It is refused
    /// clearly: the reply, in Spanish, names the file as not read and says which formats are (.docx, .odt, .txt), and no
    /// word of the binary file is stored as an answer.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_Spanish_template_saved_as_Word_97_2003_doc_is_refused_clearly(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "es-doc-97");
        var message = ContributorPlay49Tests.Client("outlook", "Ana Ruiz <ana.ruiz@juntadeandalucia.example>", "Ficha REGIN - Junta de Andalucía",
            "Buenos días:\n\nLes adjunto la ficha cumplimentada.\n\nUn saludo,\nAna Ruiz\nDirección General de Políticas Migratorias\nJunta de Andalucía", Monday);
        message.Body = new Multipart("mixed")
        {
            message.Body!,
            new MimePart("application", "msword")
            {
                FileName = "Ficha_REGIN_Andalucia.doc", Content = new MimeContent(new MemoryStream(Word97Doc())), ContentTransferEncoding = ContentEncoding.Base64,
            },
        };
        var (reply, practice) = await play.TrySendAsync(message);
        await host.Host.StopAsync();
        Assert.Equal("es", Language(reply));
        Assert.Contains(Message("mail.attachment_not_read", "es").Replace("{file}", "Ficha_REGIN_Andalucia.doc", StringComparison.Ordinal), Body(reply), StringComparison.Ordinal);
        Assert.DoesNotContain(practice?.Answers ?? [], a => (a.Original ?? "").Contains("acogida", StringComparison.Ordinal));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Quoted-printable as an old mail program writes it: every byte over 127, "=" and trailing spaces encoded, and a soft
    /// break ("=" at the line's end) after <paramref name="width"/> characters, wherever that falls, inside a word too.
    /// </summary>
    internal static string QuotedPrintable(byte[] bytes, int width)
    {
        var output = new StringBuilder();
        var line = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == '\n')
            {
                output.Append("\r\n");
                line = 0;
                continue;
            }
            var encoded = b > 126 || b == '=' || (b == ' ' && (i + 1 == bytes.Length || bytes[i + 1] == '\n')) ? $"={b:X2}" : ((char)b).ToString();
            if (line + encoded.Length > width)
            {
                output.Append("=\r\n");
                line = 0;
            }
            output.Append(encoded);
            line += encoded.Length;
        }
        return output.ToString();
    }

    /// <summary>
    /// A German Landkreis official's mail in ISO-8859-15 (the euro sign is byte A4 there), quoted-printable with soft breaks
    /// every 38 characters, inside words: each answer is stored as typed, whole, the euro read,
    /// the missing answer asked for in German.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_German_ISO_8859_15_mail_with_soft_breaks_inside_words_is_read_whole(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "de-iso-8859-15-qp");
        var o = MailRound46Tests.Officials["de"];
        var title = "Sprachpatenschaften für Neuzugewanderte im Landkreis Augsburg";
        var description = "Ehrenamtliche Patinnen und Paten begleiten geflüchtete Familien ein Jahr lang bei Behördengängen und Schulanmeldungen.";
        var text = "Sehr geehrte Damen und Herren,\n\nanbei unsere Angaben zum Projekt.\n\n" + CompleteWithout("de", "objectives")
            .Replace($"[{Key("title")}] {o.Title}", $"[{Key("title")}] {title}", StringComparison.Ordinal)
            .Replace($"[{Key("description")}] {o.Text}", $"[{Key("description")}] {description}", StringComparison.Ordinal)
            .Replace("\n\nViele Grüße\nJulia", $"\n[{Key("budget_eur")}] 45.000 €\n\nMit freundlichen Grüßen\nJulia Weber\nLandratsamt Augsburg – Sachgebiet Integration", StringComparison.Ordinal);
        var raw = $"From: {o.From}\r\nTo: \"REGIN Integration Lab\" <{Mailbox}>\r\nSubject: =?ISO-8859-15?Q?REGIN_Vorlage_Landkreis_Augsburg?=\r\n"
            + $"Date: Mon, 07 Dec 2026 09:10:00 +0100\r\nMessage-ID: <{Guid.NewGuid():N}@landkreis-augsburg.example>\r\nMIME-Version: 1.0\r\n"
            + "X-Mailer: Microsoft Outlook 14.0\r\nContent-Type: text/plain; charset=\"ISO-8859-15\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + QuotedPrintable(Encoding.GetEncoding("iso-8859-15").GetBytes(text), 38) + "\r\n";
        // Soft breaks between two letters of a word.
        Assert.True(System.Text.RegularExpressions.Regex.Count(raw, "[a-z]=\r\n[a-z]") >= 3, raw);
        var message = MailTestHost.Authenticated(MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(raw))));
        var (reply, practice) = await play.SendAsync(message);
        await host.Host.StopAsync();
        Assert.Equal("de", Language(reply));
        Assert.Equal(title, Original(practice, "title"));
        Assert.Equal(description, Original(practice, "description"));
        Assert.Equal("45000", Answer(practice, "budget_eur"));
        Assert.Contains($"[{Key("objectives")}]", Part(reply, "mail.reply_missing", "de"), StringComparison.Ordinal);
        Assert.Equal(PracticeStatus.Draft, practice.Status);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// A Greek regional official sends the template without the region and the start date; she then answers both in a reply
    /// written in windows-1253, forwarding inside it (message/rfc822) a colleague's earlier mail that holds an older filled
    /// template (another title, Attica, 2019, a budget). Her two answers are stored; nothing of the forwarded mail is.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_Greek_windows_1253_reply_with_a_forwarded_mail_inside_keeps_only_her_answers(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "el-1253-forwarded");
        var o = MailRound46Tests.Officials["el"];
        var (first, draft) = await play.SendAsync(ContributorPlay49Tests.Client("outlook", o.From, "Πρόγραμμα REGIN",
            "Καλημέρα σας,\n\nσας στέλνω τη φόρμα.\n\n" + CompleteWithout("el", "region", "start_date"), Monday, charset: "windows-1253"));
        Assert.Equal(PracticeStatus.Draft, draft.Status);
        var before = draft.Answers.ToDictionary(a => a.QuestionId, a => a.ValueJson);
        var colleague = ContributorPlay49Tests.Client("outlook", "Γιώργος Μαρκάκης <g.markakis@crete-region.example>", "Πρόγραμμα REGIN - προσχέδιο",
            "Νίκο,\n\nτο προσχέδιο της φόρμας:\n\n[" + Key("title") + "] Παλιός τίτλος προγράμματος\n[" + Key("region") + "] Αττική\n["
            + Key("start_date") + "] 2019\n[" + Key("budget_eur") + "] 50.000 €\n\nΓιώργος", Monday.AddDays(-20), charset: "windows-1253");
        var own = ContributorPlay49Tests.Client("outlook", o.From, "ΑΠ: " + first.Subject,
            $"Καλησπέρα,\n\n[{Key("region")}] Κρήτη\n[{Key("start_date")}] 03/2021\n\nΣας προωθώ και το παλιό μήνυμα του συναδέλφου για ενημέρωση.\n\nΜε εκτίμηση,\nΝίκος Παπαδάκης",
            Monday.AddHours(4), charset: "windows-1253");
        own.Body = new Multipart("mixed") { own.Body!, new MessagePart { Message = colleague } };
        var (reply, practice) = await play.SendAsync(AsReplyTo(own, first));
        await host.Host.StopAsync();
        Assert.Equal("el", Language(reply));
        Assert.Equal("\"EL43\"", Answer(practice, "region"));
        Assert.Equal("\"2021-03\"", Answer(practice, "start_date"));
        foreach (var (id, value) in before)
        {
            Assert.True(value == Answer(practice, id), $"{id}: {value} became {Answer(practice, id)}\n{Body(reply)}");
        }
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "budget_eur");
        Assert.DoesNotContain("Αττική", Body(reply), StringComparison.Ordinal);
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// A French official pastes the template's questions into a table of her web mail, the answers in the second column,
    /// and sends HTML only (no text part). Each answer is stored as typed in its cell; the one left empty is asked for in French.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_French_HTML_only_mail_with_the_answers_in_a_table_is_read(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "fr-html-table");
        var o = MailRound46Tests.Officials["fr"];
        var rows = CompleteWithout("fr", "objectives").Split('\n').Where(l => l.StartsWith('[')).Select(l => (Key: l[..l.IndexOf(']')].TrimStart('['), Value: l[(l.IndexOf(']') + 2)..])).ToList();
        rows.Add((Key("objectives"), ""));
        string Cell(string text) => $"<td style=\"border:1px solid #999;padding:4px\">{System.Net.WebUtility.HtmlEncode(text)}</td>";
        var html = "<html><head><meta charset=\"utf-8\"></head><body><div>Bonjour,</div><div><br></div><div>voici nos réponses dans le tableau ci-dessous.</div><div><br></div>"
            + "<table style=\"border-collapse:collapse\"><tbody><tr><th>Question</th><th>Réponse</th></tr>"
            + string.Concat(rows.Select(r => $"<tr>{Cell($"[{r.Key}] {Questionnaire.Questions.First(q => Key(q.Id) == r.Key).Label.In("fr")}")}{Cell(r.Value)}</tr>"))
            + "</tbody></table><div><br></div><div>Bien cordialement,</div><div>Claire Martin<br>Région Bretagne</div></body></html>";
        var message = ContributorPlay49Tests.Client("gmail", o.From, "Fiche REGIN (tableau)", "x", Monday);
        var part = new TextPart(MimeKit.Text.TextFormat.Html) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText(Encoding.UTF8, html);
        message.Body = part;
        var (reply, practice) = await play.SendAsync(message);
        await host.Host.StopAsync();
        Assert.Equal("fr", Language(reply));
        foreach (var (key, value) in rows.Where(r => r.Value.Length > 0))
        {
            var id = Questionnaire.Questions.First(q => Key(q.Id) == key).Id;
            if (Questionnaire.Questions.First(q => q.Id == id).Type is QuestionType.Text or QuestionType.Longtext)
            {
                Assert.True(value == Original(practice, id), $"{id}: '{value}' stored as '{Original(practice, id) ?? "(nothing)"}'\n{Body(reply)}");
            }
        }
        Assert.Equal("\"FRH0\"", Answer(practice, "region"));
        Assert.Contains($"[{Key("objectives")}]", Part(reply, "mail.reply_missing", "fr"), StringComparison.Ordinal);
        Assert.DoesNotContain(Opening("mail.lines_unplaced", "fr"), Body(reply), StringComparison.Ordinal);
    }

    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();
}
