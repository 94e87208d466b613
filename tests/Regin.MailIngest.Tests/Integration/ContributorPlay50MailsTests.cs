using static Regin.MailIngest.Tests.Integration.ContributorPlay;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Tests.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Session 50, item 2: five real-looking mails in pt, sv, it, el and es, each in a real client's shape (Outlook in
/// Windows-1252 and ISO-8859-7, Gmail's multipart/alternative, Apple Mail's quoted-printable, a .docx from Word and one
/// saved by LibreOffice), each with a human quirk: answers out of order, a forwarded chain holding the template twice, a
/// question answered "se bilaga"/"ver anexo" with the attachment really holding it, a signature with a phone and a
/// disclaimer in two languages. What was stored and what the reply says, in the mail's language.
/// </summary>
public sealed class ContributorPlay50MailsTests(MailServers servers) : IClassFixture<MailServers>
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();
    private const string Mailbox = "reginproject@crpm.org";
    private static readonly DateTimeOffset Wednesday = new(2026, 12, 2, 8, 55, 0, TimeSpan.FromHours(1));

    static ContributorPlay50MailsTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static string Text(MimeMessage message) => (message.TextBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The answer lines of <see cref="MailRound46Tests.Complete"/> (no sign-off).</summary>
    private static List<string> AnswerLines(string language) => [.. MailRound46Tests.Complete(language).Split('\n').Where(l => l.StartsWith('['))];

    private static void NothingUnread(MimeMessage reply, string language)
    {
        Assert.DoesNotContain(Opening("mail.lines_unplaced", language), Text(reply), StringComparison.Ordinal);
        Assert.DoesNotContain(Opening("mail.lines_repeated", language), Text(reply), StringComparison.Ordinal);
    }

    /// <summary>
    /// A Portuguese official in Outlook (Windows-1252 quoted-printable): the answers in the order she found them (the
    /// template's lines reversed), her signature with two phone numbers and the confidentiality notice in Portuguese and
    /// English. Every answer read, submitted, nothing of the signature or the notice stored or quoted back as not read.
    /// </summary>
    [Fact]
    public async Task A_Portuguese_Outlook_mail_with_answers_out_of_order_and_a_two_language_disclaimer()
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "pt-out-of-order");
        var lines = AnswerLines("pt");
        lines.Reverse();
        var text = "Bom dia,\n\nSegue a ficha preenchida (desculpem a ordem, fui respondendo à medida que tinha a informação).\n\n" + string.Join("\n", lines)
            + "\n\nCumprimentos,\nJoão Silva\nCCDR Norte | Divisão de Integração\nTel.: +351 226 086 300 | Telm.: 912 345 678\n\n"
            + "AVISO DE CONFIDENCIALIDADE: Esta mensagem e quaisquer anexos são confidenciais e destinam-se exclusivamente ao destinatário. "
            + "Se a recebeu por engano, por favor apague-a e informe o remetente.\n"
            + "CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and intended solely for the addressee. "
            + "If you have received it in error, please delete it and notify the sender.";
        var (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client("outlook", MailRound46Tests.Officials["pt"].From, "Ficha REGIN", text, Wednesday));
        await host.Host.StopAsync();
        Assert.Equal("pt", Language(reply));
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
        Assert.Equal("\"2021-03\"", Answer(practice, "start_date"));
        Assert.Equal("\"PT11\"", Answer(practice, "region"));
        Assert.DoesNotContain(practice.Answers, a => (a.Original ?? "").Contains("CONFIDENCIALIDADE", StringComparison.Ordinal) || (a.Original ?? "").Contains("CONFIDENTIALITY", StringComparison.Ordinal));
        NothingUnread(reply, "pt");
    }

    /// <summary>
    /// A Greek official forwards, from Outlook in ISO-8859-7, the template a colleague filled in, under his own earlier reply
    /// that quoted it: the template twice in one mail. Read once (the forwarded copies say the same), in Greek, submitted;
    /// no answer flagged as given twice, no line quoted back as repeated.
    /// </summary>
    [Fact]
    public async Task A_Greek_forward_holding_the_filled_template_twice_is_read_once()
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "el-forward-twice");
        var template = string.Join("\n", AnswerLines("el"));
        var quoted = string.Join("\n", template.Split('\n').Select(l => "> " + l));
        var text = "Καλημέρα σας,\n\nσας προωθώ τη φόρμα που συμπλήρωσε η συνάδελφος για το Κέντρο ένταξης.\n\nΝίκος Παπαδάκης\nΠεριφέρεια Κρήτης\n\n"
            + "-----Original Message-----\nFrom: Νίκος Παπαδάκης <n.papadakis@crete-region.example>\nSent: Τρίτη, 1 Δεκεμβρίου 2026 4:12 μμ\n"
            + "To: Μαρία Γεωργίου <m.georgiou@crete-region.example>\nSubject: RE: Φόρμα REGIN\n\nΕυχαριστώ Μαρία, θα την προωθήσω.\n\n"
            + "> Καλησπέρα Νίκο, η φόρμα συμπληρωμένη:\n>\n" + quoted + "\n\n"
            + "-----Original Message-----\nFrom: Μαρία Γεωργίου <m.georgiou@crete-region.example>\nSent: Τρίτη, 1 Δεκεμβρίου 2026 3:40 μμ\n"
            + "To: Νίκος Παπαδάκης <n.papadakis@crete-region.example>\nSubject: Φόρμα REGIN\n\nΚαλησπέρα Νίκο, η φόρμα συμπληρωμένη:\n\n" + template + "\n\nΜαρία\n";
        var (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client("outlook", MailRound46Tests.Officials["el"].From, "FW: Φόρμα REGIN", text, Wednesday, charset: "iso-8859-7"));
        await host.Host.StopAsync();
        Assert.Equal("el", Language(reply));
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
        Assert.Equal("\"EL43\"", Answer(practice, "region"));
        Assert.DoesNotContain(practice.Flags, f => f.Reason == FlagReasons.AnsweredTwice);
        NothingUnread(reply, "el");
    }

    /// <summary>
    /// A Swedish official in Gmail (multipart/alternative): the key lines in the mail, the description "se bilaga", and the
    /// Word template attached with the description written there. The description is the attachment's, never "se bilaga";
    /// submitted, in Swedish.
    /// </summary>
    [Fact]
    public async Task A_Swedish_Gmail_mail_answering_se_bilaga_takes_the_answer_from_the_Word_attachment()
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "sv-se-bilaga");
        const string Description = "Många nyanlända i Malmö saknar kontakter på arbetsmarknaden; språkvänner från föreningslivet möter dem varje vecka under ett år.";
        var lines = AnswerLines("sv").Select(l => l.StartsWith($"[{Key("description")}]", StringComparison.Ordinal) ? $"[{Key("description")}] se bilaga" : l);
        var mail = ContributorPlay49Tests.Client("gmail", MailRound46Tests.Officials["sv"].From, "REGIN mall", "Hej!\n\nHär kommer vår mall.\n\n" + string.Join("\n", lines) + "\n\nMvh\nAnna", Wednesday);
        mail.Body = new Multipart("mixed") { mail.Body!, Docx(Filled("sv", ("description", Description)), "Beskrivning Språkvän.docx") };
        var (reply, practice) = await play.SendAsync(mail);
        await host.Host.StopAsync();
        Assert.Equal("sv", Language(reply));
        Assert.Equal(Description, practice.Answers.Single(a => a.QuestionId == "description").Original);
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
    }

    /// <summary>
    /// A Spanish official: one line, "os mando la ficha, ver anexo", and the template filled in and saved by LibreOffice
    /// Writer (its application name, its runs split where it splits them). Every answer read from the attachment, in Spanish.
    /// </summary>
    [Fact]
    public async Task A_Spanish_mail_saying_ver_anexo_with_a_LibreOffice_docx_is_read_from_the_attachment()
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "es-libreoffice");
        var o = MailRound46Tests.Officials["es"];
        var answers = AnswerLines("es").Select(l => (Questionnaire.Questions.First(q => $"[{Key(q.Id)}]" == l[..l.IndexOf(']')] + "]").Id, l[(l.IndexOf(']') + 2)..])).ToArray();
        var mail = ContributorPlay49Tests.Client("thunderbird", o.From, "ficha REGIN", "Hola, os mando la ficha, ver anexo.\n\nAna", Wednesday);
        mail.Body = new Multipart("mixed") { mail.Body!, Docx(Filled("es", answers, libreOffice: true), "ficha_regin_aulas.docx") };
        var (reply, practice) = await play.SendAsync(mail);
        await host.Host.StopAsync();
        Assert.Equal("es", Language(reply));
        Assert.Equal("\"ES61\"", Answer(practice, "region"));
        Assert.Equal("\"2021-03\"", Answer(practice, "start_date"));
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
    }

    /// <summary>
    /// An Italian official on an iPad (Apple Mail, quoted-printable): no template, Italian labels without accents in her own
    /// order, the start and the end in one line ("Periodo: da marzo 2021, ancora in corso"), "Inviato da iPad". Read in
    /// Italian; the period gives both dates.
    /// </summary>
    [Fact]
    public async Task An_Italian_iPad_mail_with_labels_out_of_order_and_two_facts_in_one_line()
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "it-ipad");
        var text = "Buongiorno,\nvi mando i dati del progetto\n\nTitolo: Sportello lavoro migranti\nRegione: Piemonte\nPaese: Italia\n"
            + "Periodo: da marzo 2021, ancora in corso\nBilancio: circa 120.000 euro\nNome: Giulia Rossi\nEnte: Comune di Torino\n\n"
            + "Grazie, buona giornata\nGiulia\n\nInviato da iPad";
        var (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client("apple", MailRound46Tests.Officials["it"].From, "progetto", text, Wednesday));
        await host.Host.StopAsync();
        Assert.Equal("it", Language(reply));
        Assert.Equal("\"ITC1\"", Answer(practice, "region"));
        Assert.Equal("\"2021-03\"", Answer(practice, "start_date"));
        Assert.Equal("\"ongoing\"", Answer(practice, "end_date"));
        Assert.Equal("120000", Answer(practice, "budget_eur"));
        Assert.Equal("\"Giulia Rossi\"", Answer(practice, "contact_name"));
        NothingUnread(reply, "it");
    }

    internal static MimePart Docx(byte[] bytes, string name) => new("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
    {
        FileName = name,
        Content = new MimeContent(new MemoryStream(bytes)),
        ContentTransferEncoding = ContentEncoding.Base64,
    };

    private static byte[] Filled(string language, (string Id, string Text) answer) => Filled(language, [answer]);

    /// <summary>
    /// Our Word template in <paramref name="language"/> with <paramref name="answers"/> typed after their questions' lines;
    /// with <paramref name="libreOffice"/> as LibreOffice Writer saves it: its application name, and each answer split into
    /// runs with revision ids as it writes them.
    /// </summary>
    internal static byte[] Filled(string language, (string Id, string Text)[] answers, bool libreOffice = false)
    {
        using var stream = new MemoryStream();
        stream.Write(new DocxTemplate(Questionnaire).Generate(language, Mailbox));
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            var main = document.MainDocumentPart!;
            var body = main.Document!.Body!;
            foreach (var (id, text) in answers)
            {
                var line = TextTemplate.QuestionLine(Questionnaire.Questions.First(q => q.Id == id), language);
                var paragraph = body.Elements<Paragraph>().First(p => p.InnerText == line);
                if (libreOffice && text.Length > 4)
                {
                    var cut = text.Length / 2;
                    paragraph.Append(new Run(new Text(" " + text[..cut]) { Space = SpaceProcessingModeValues.Preserve }) { RsidRunProperties = "00A1B2C3" },
                        new Run(new Text(text[cut..]) { Space = SpaceProcessingModeValues.Preserve }) { RsidRunProperties = "00D4E5F6" });
                }
                else
                {
                    paragraph.Append(new Run(new Text(" " + text) { Space = SpaceProcessingModeValues.Preserve }));
                }
            }
            main.Document.Save();
            if (libreOffice)
            {
                var app = document.ExtendedFilePropertiesPart ?? document.AddExtendedFilePropertiesPart();
                app.Properties = new DocumentFormat.OpenXml.ExtendedProperties.Properties(
                    new DocumentFormat.OpenXml.ExtendedProperties.Application("LibreOffice/24.2.7.2$Linux_X86_64 LibreOffice_project/420$Build-2"));
                app.Properties.Save();
            }
        }
        return stream.ToArray();
    }
}
