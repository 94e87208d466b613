using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using MimeKit;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Session 43's round: answers written as sentences at the top of a reply to our "what is missing" mail (read where the
/// reading is safe, the reply saying so and sending the template for the rest), and a Word control still flagged as
/// showing its placeholder though filled in. Each a real mail through the ingester, on both providers.
/// </summary>
public abstract class MailRound43Tests(string provider)
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    static MailRound43Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static MimeMessage Mail(string from, string body, string subject = "REGIN", MimeMessage? answering = null, MimeEntity? part = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = answering is null ? subject : "Re: " + answering.Subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(message.From.Mailboxes.Single().Domain);
        if (answering is not null)
        {
            message.InReplyTo = answering.MessageId;
            message.References.Add(answering.MessageId!);
            // Quoted under the answer as every mail program does: our reply, its lists and keys.
            var quoted = string.Join("\n", (answering.TextBody ?? "").Split('\n').Select(l => "> " + l.TrimEnd('\r')));
            body += $"\n\nOn Thu, 3 Dec 2026 at 10:12, REGIN <reginproject@crpm.org> wrote:\n{quoted}\n";
        }
        message.Body = part ?? new TextPart("plain") { Text = body, ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        return MailTestHost.Authenticated(message);
    }

    private static string? Value(Regin.Core.Persistence.Entities.Practice practice, string questionId) =>
        practice.Answers.SingleOrDefault(a => a.QuestionId == questionId)?.ValueJson;

    /// <summary>A contributor's first mail in her language (name, title, country), and our reply asking for the rest.</summary>
    private static async Task<(MailResult First, MimeMessage OurReply)> StartAsync(MailTestHost host, string from, string firstBody)
    {
        var first = await host.IngestAsync(Mail(from, firstBody));
        Assert.Equal(MailOutcomes.Created, first.Outcome);
        return (first, Assert.Single(await host.OutboxAsync()));
    }

    public static TheoryData<string, string, string, string, string> Sentences() => new()
    {
        // language, sender, first mail, the sentences typed above the quote, the region's code
        { "en", "Kate Walsh <kate@corkcity.example>", "Hi, here is the start.\n[Q01] Kate Walsh\n[Q05] Welcome desk for newcomers\n[Q06] Ireland\n",
            "Hi,\n\nthe region is Munster, we started in March 2021 and the budget was about 40k. We reached 250 people last year.\n\nKind regards,\nKate", "\"IE05\"" },
        { "fr", "Claire Martin <claire.martin@bretagne.example>", "Bonjour, voici le début de la fiche.\n[Q01] Claire Martin\n[Q05] Accueil des primo-arrivants\n[Q06] France\n",
            "Bonjour,\n\nla région c'est la Bretagne, on a démarré en mars 2021 et le budget total était de 40 000 €.\n\nBien cordialement,\nClaire", "\"FRH0\"" },
        { "de", "Jürgen Weber <j.weber@bremen.example>", "Hallo, anbei der Anfang.\n[Q01] Jürgen Weber\n[Q05] Willkommenslotsen\n[Q06] Deutschland\n",
            "Hallo,\n\nBundesland ist Bremen, Beginn war im März 2021 und das Budget lag bei 40.000 Euro.\n\nMit freundlichen Grüßen\nJürgen Weber", "\"DE50\"" },
        { "es", "Lucía Pérez <lucia@murcia.example>", "Hola, les envío el principio.\n[Q01] Lucía Pérez\n[Q05] Acogida de recién llegados\n[Q06] España\n",
            "Hola:\n\nla región es Murcia, empezamos en marzo de 2021 y el presupuesto fue de 40.000 €.\n\nUn saludo,\nLucía", "\"ES62\"" },
        { "it", "Giulia Rossi <giulia.rossi@toscana.example>", "Buongiorno, ecco l'inizio della scheda.\n[Q01] Giulia Rossi\n[Q05] Sportello accoglienza\n[Q06] Italia\n",
            "Buongiorno,\n\nla regione è la Toscana, il progetto è partito a marzo 2021 e il budget era di 40.000 euro.\n\nCordiali saluti\nGiulia Rossi", "\"ITI1\"" },
        { "el", "Ελένη Παπαδοπούλου <eleni@crete.example>", "Καλημέρα, σας στέλνω την αρχή.\n[Q01] Ελένη Παπαδοπούλου\n[Q05] Κέντρο υποδοχής μεταναστών\n[Q06] Ελλάδα\n",
            "Καλημέρα σας,\n\nη περιφέρεια είναι η Κρήτη, ξεκινήσαμε τον Μάρτιο του 2021 και ο προϋπολογισμός ήταν 40.000 ευρώ.\n\nΜε εκτίμηση,\nΕλένη", "\"EL43\"" },
        { "pt", "Ana Sousa <ana.sousa@norte.example>", "Olá, envio em baixo as primeiras respostas da nossa prática.\n[Q01] Ana Sousa\n[Q05] Balcão de acolhimento\n[Q06] Portugal\n",
            "Bom dia,\n\na região é o Norte, começámos em março de 2021 e o orçamento foi de 40 000 euros.\n\nCom os melhores cumprimentos,\nAna Sousa", "\"PT11\"" },
        { "sv", "Anna Lind <anna.lind@stockholm.example>", "Hej, här är början.\n[Q01] Anna Lind\n[Q05] Välkomstlots för nyanlända\n[Q06] Sverige\n",
            "Hej!\n\nRegionen är Stockholm, vi startade i mars 2021 och budgeten var 40 000 euro.\n\nMed vänlig hälsning\nAnna", "\"SE11\"" },
    };

    [Theory]
    [MemberData(nameof(Sentences))]
    public async Task Answers_written_as_sentences_above_the_quote_of_our_reply_are_read(string language, string from, string firstBody, string sentences, string region)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var (first, ourReply) = await StartAsync(host, from, firstBody);

        var result = await host.IngestAsync(Mail(from, sentences, answering: ourReply));

        Assert.True(result.Outcome == MailOutcomes.Updated, $"{result.Outcome} {result.Detail}");
        Assert.Equal(first.Reference, result.Reference);
        var practice = await host.PracticeAsync(first.Reference);
        Assert.Equal(region, Value(practice!, "region"));
        Assert.Contains("2021-03", Value(practice!, "start_date") ?? "", StringComparison.Ordinal);
        Assert.Contains("40000", Value(practice!, "budget_eur") ?? "", StringComparison.Ordinal);
        var reply = (await host.OutboxAsync()).Last();
        Assert.Equal(language, reply.BodyParts.OfType<TextPart>().First().Headers[HeaderId.ContentLanguage]);
        Assert.Contains(new Regin.Core.Localisation.Texts(Questionnaire).Get("mail.reply_prose_read", language), reply.TextBody, StringComparison.Ordinal);
        Assert.Contains("[" + TemplateKeys.KeyOf(Questionnaire, "region") + "]", reply.TextBody, StringComparison.Ordinal);
        // The template for the rest goes with it.
        Assert.Contains(reply.Attachments.OfType<TextPart>(), p => p.Text.Contains("REGIN-TEMPLATE", StringComparison.Ordinal));
        Assert.True(await host.CountAsync(db => db.RawInputs.Where(r => r.Id == result.RawInputId).Select(r => r.Content.Length).Single()) > 0, "the raw mail is kept");
    }

    [Fact]
    public async Task The_number_of_people_reached_is_read_from_a_sentence()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        const string Kate = "Kate Walsh <kate@corkcity.example>";
        var (first, ourReply) = await StartAsync(host, Kate, "[Q01] Kate Walsh\n[Q05] Welcome desk for newcomers\n[Q06] Ireland\n");

        await host.IngestAsync(Mail(Kate, "Sorry for the delay! So far we reached 250 people, mostly families.\n\nKate", answering: ourReply));

        var practice = await host.PracticeAsync(first.Reference);
        Assert.Equal("250", Value(practice!, "beneficiaries_count"));
    }

    /// <summary>Sentences that name questions without answering them change nothing: the reply sends the template.</summary>
    [Theory]
    [InlineData("Hi, the title is still under discussion and the budget is not known yet. I will send the rest next week.\n\nKate")]
    [InlineData("Thanks! The region is something I need to check with my manager. The start date? No idea yet.\n\nKate")]
    [InlineData("Hello, please see attached the flyer. The budget will be decided by the council in January.\n\nKate")]
    public async Task Sentences_that_answer_nothing_store_nothing(string sentences)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        const string Kate = "Kate Walsh <kate@corkcity.example>";
        var (first, ourReply) = await StartAsync(host, Kate, "[Q01] Kate Walsh\n[Q05] Welcome desk for newcomers\n[Q06] Ireland\n");
        var before = (await host.PracticeAsync(first.Reference))!.Answers.Select(a => (a.QuestionId, a.ValueJson)).Order().ToList();

        var result = await host.IngestAsync(Mail(Kate, sentences, answering: ourReply));

        var after = (await host.PracticeAsync(first.Reference))!.Answers.Select(a => (a.QuestionId, a.ValueJson)).Order().ToList();
        Assert.Equal(before, after);
        Assert.Equal(MailOutcomes.NeedsInfo, result.Outcome);
    }

    /// <summary>A first mail in prose (no reply to ours, no reference) is not read as answers: it gets the template, as before.</summary>
    [Fact]
    public async Task Sentences_in_a_first_mail_get_the_template()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);

        var result = await host.IngestAsync(Mail("Kate Walsh <kate@corkcity.example>", "Hello, we run a welcome desk in Cork. The region is Munster and we started in March 2021. Can we take part?\n\nKate"));

        Assert.Equal(MailOutcomes.NeedsInfo, result.Outcome);
        Assert.Equal(0, await host.CountAsync(db => db.Practices.Count()));
    }

    /// <summary>The signature under the sign-off ("Tel: …", the organisation) and the contact's details are never read from prose.</summary>
    [Fact]
    public async Task A_signature_under_the_sentences_answers_nothing()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        const string Kate = "Kate Walsh <kate@corkcity.example>";
        var (first, ourReply) = await StartAsync(host, Kate, "[Q05] Welcome desk for newcomers\n[Q06] Ireland\n");

        await host.IngestAsync(Mail(Kate, "Hi, the start date was March 2021.\n\nBest regards,\nKate Walsh\nIntegration Officer\nCork City Council, serving 210,000 people since 1950\nThe organisation is an equal opportunities employer", answering: ourReply));

        var practice = await host.PracticeAsync(first.Reference);
        Assert.Contains("2021-03", Value(practice!, "start_date") ?? "", StringComparison.Ordinal);
        Assert.Null(Value(practice!, "beneficiaries_count"));
        Assert.Null(Value(practice!, "lead_organisation"));
    }

    // --- Word: a filled control still flagged as showing its placeholder ---

    private const string WordPlaceholderPart = "DefaultPlaceholder_-1854013440";

    /// <summary>
    /// The Word template as Word saves it after editing: its placeholders made building blocks of the glossary ("Click or
    /// tap here to enter text.", styled PlaceholderText), some controls filled and still flagged w:showingPlcHdr (a value
    /// pasted over the grey text), the others left showing Word's placeholder.
    /// </summary>
    private static byte[] WordSavedTemplate(Dictionary<string, string> answers)
    {
        using var stream = new MemoryStream();
        stream.Write(new DocxTemplate(Questionnaire).Generate("en", "reginproject@crpm.org"));
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            var main = document.MainDocumentPart!;
            var glossary = main.AddNewPart<GlossaryDocumentPart>();
            glossary.GlossaryDocument = new GlossaryDocument(new DocParts(new DocPart(
                new DocPartProperties(new DocPartName { Val = WordPlaceholderPart }, new Category(new Name { Val = "General" }, new Gallery { Val = DocPartGalleryValues.Placeholder })),
                new DocPartBody(new Paragraph(new Run(new RunProperties(new RunStyle { Val = "PlaceholderText" }), new Text("Click or tap here to enter text.")))))));
            foreach (var control in main.Document!.Body!.Descendants<SdtBlock>())
            {
                var tag = control.SdtProperties!.GetFirstChild<Tag>()!.Val!.Value!;
                control.SdtProperties.Append(new SdtPlaceholder(new DocPartReference { Val = WordPlaceholderPart }));
                control.SdtContentBlock!.RemoveAllChildren();
                control.SdtContentBlock.Append(answers.TryGetValue(tag, out var answer)
                    ? new Paragraph(new Run(new Text(answer)))
                    : new Paragraph(new Run(new RunProperties(new RunStyle { Val = "PlaceholderText" }), new Text("Click or tap here to enter text."))));
            }
            main.Document.Save();
        }
        return stream.ToArray();
    }

    [Fact]
    public async Task A_filled_word_control_still_flagged_as_showing_its_placeholder_is_an_answer()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var docx = WordSavedTemplate(new() { ["contact_name"] = "Kate Walsh", ["title"] = "Welcome desk for newcomers", ["country"] = "Ireland", ["start_date"] = "March 2021" });
        Assert.Equal(Questionnaire.Questions.Count, CountFlagged(docx));
        var attachment = new MimePart("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
        {
            FileName = "REGIN template.docx",
            Content = new MimeContent(new MemoryStream(docx)),
            ContentTransferEncoding = ContentEncoding.Base64,
        };

        var result = await host.IngestAsync(Mail("Kate Walsh <kate@corkcity.example>", "", part: new Multipart("mixed") { new TextPart("plain") { Text = "Hi, attached. Kate" }, attachment }));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.True(practice is not null, $"{result.Outcome} {result.Detail}");
        Assert.True(!practice!.Answers.Any(a => a.Original.Contains("Click or tap", StringComparison.Ordinal)), $"{result.Outcome} {result.Detail}");
        Assert.Equal("Welcome desk for newcomers", practice!.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.Equal("\"IE\"", Value(practice, "country"));
        Assert.Contains("2021-03", Value(practice, "start_date") ?? "", StringComparison.Ordinal);
        // Word's placeholder in the controls left empty is no answer.
        Assert.DoesNotContain(practice.Answers, a => a.Original.Contains("Click or tap", StringComparison.Ordinal));
        Assert.Equal(["contact_email", "contact_name", "country", "start_date", "title"], practice.Answers.Select(a => a.QuestionId).Order());
    }

    private static int CountFlagged(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return document.MainDocumentPart!.Document!.Body!.Descendants<SdtBlock>().Count(c => c.SdtProperties!.GetFirstChild<ShowingPlaceholder>() is not null);
    }
}

public sealed class MailRound43TestsOnSqlite() : MailRound43Tests(TestProviders.Sqlite);

public sealed class MailRound43TestsOnPostgreSql() : MailRound43Tests(TestProviders.PostgreSql);
