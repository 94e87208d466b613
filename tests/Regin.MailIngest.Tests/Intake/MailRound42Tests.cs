using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Session 42's round: Word files as people return them, replies as clients produce them, and the attacker's versions,
/// each a real mail through the ingester.
/// </summary>
public abstract class MailRound42Tests(string provider)
{
    private const string Kate = "Kate Walsh <kate@corkcity.example>";
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    static MailRound42Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static MimeMessage Mail(string body, string subject = "REGIN", MimeEntity? part = null, string from = Kate)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("corkcity.example");
        message.Body = part ?? new TextPart("plain") { Text = body, ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        return MailTestHost.Authenticated(message);
    }

    private static MimePart Docx(byte[] bytes, string name = "REGIN template.docx") => new("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
    {
        FileName = name,
        Content = new MimeContent(new MemoryStream(bytes)),
        ContentTransferEncoding = ContentEncoding.Base64,
    };

    private static string? Original(Regin.Core.Persistence.Entities.Practice practice, string questionId) =>
        practice.Answers.SingleOrDefault(a => a.QuestionId == questionId)?.Original;

    /// <summary>The Word template in English with <paramref name="edit"/> applied to its body (the answers typed as a person does).</summary>
    private static byte[] WordTemplate(Action<Body> edit, string language = "en")
    {
        using var stream = new MemoryStream();
        stream.Write(new DocxTemplate(Questionnaire).Generate(language, "reginproject@crpm.org"));
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            edit(document.MainDocumentPart!.Document!.Body!);
            document.MainDocumentPart.Document.Save();
        }
        return stream.ToArray();
    }

    private static SdtBlock Control(Body body, string questionId) =>
        body.Descendants<SdtBlock>().First(c => c.SdtProperties!.GetFirstChild<Tag>()!.Val!.Value == questionId);

    private static void Fill(Body body, string questionId, string answer)
    {
        var control = Control(body, questionId);
        control.SdtProperties!.GetFirstChild<ShowingPlaceholder>()?.Remove();
        control.SdtContentBlock!.RemoveAllChildren();
        control.SdtContentBlock.Append(new Paragraph(new Run(new Text(answer))));
    }

    /// <summary>The control deleted (its grey box selected and deleted) and the answer typed on a line of its own in its place.</summary>
    private static void DeleteAndTypeBelow(Body body, string questionId, string answer)
    {
        var control = Control(body, questionId);
        control.InsertAfterSelf(new Paragraph(new Run(new Text(answer))));
        control.Remove();
    }

    /// <summary>The control deleted and the answer typed at the end of the question's line ("[Q13] Start date 2021").</summary>
    private static void DeleteAndTypeBeside(Body body, string questionId, string answer)
    {
        var control = Control(body, questionId);
        var key = TemplateKeys.KeyOf(Questionnaire.Questions.First(q => q.Id == questionId));
        var line = body.Elements<Paragraph>().Last(p => p.InnerText.StartsWith("[" + key + "]", StringComparison.Ordinal));
        line.Append(new Run(new Text(" " + answer) { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve }));
        control.Remove();
    }

    [Fact]
    public async Task A_word_template_with_some_controls_deleted_and_the_answers_typed_in_their_place_is_read_whole()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var docx = WordTemplate(body =>
        {
            Fill(body, "contact_name", "Kate Walsh");
            Fill(body, "title", "Welcome desk for newcomers");
            DeleteAndTypeBelow(body, "country", "Ireland");
            DeleteAndTypeBeside(body, "start_date", "March 2021");
        });

        var result = await host.IngestAsync(Mail("", part: new Multipart("mixed") { new TextPart("plain") { Text = "Hi, attached. Kate" }, Docx(docx) }));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Welcome desk for newcomers", Original(practice!, "title"));
        Assert.Equal("\"IE\"", practice!.Answers.SingleOrDefault(a => a.QuestionId == "country")?.ValueJson);
        Assert.Equal("March 2021", Original(practice, "start_date"));
    }

    [Fact]
    public async Task A_word_template_with_every_control_deleted_and_the_answers_typed_beside_the_questions_is_read()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var docx = WordTemplate(body =>
        {
            DeleteAndTypeBeside(body, "contact_name", "Kate Walsh");
            DeleteAndTypeBelow(body, "title", "Welcome desk for newcomers");
            DeleteAndTypeBeside(body, "country", "Ireland");
            DeleteAndTypeBelow(body, "start_date", "2021");
            foreach (var control in body.Descendants<SdtBlock>().ToList())
            {
                control.Remove();
            }
        });

        var result = await host.IngestAsync(Mail("", part: new Multipart("mixed") { new TextPart("plain") { Text = "Hi, attached. Kate" }, Docx(docx) }));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Welcome desk for newcomers", Original(practice!, "title"));
        Assert.Equal("Kate Walsh", Original(practice!, "contact_name"));
        Assert.Equal("\"IE\"", practice!.Answers.SingleOrDefault(a => a.QuestionId == "country")?.ValueJson);
        Assert.Equal("2021", Original(practice, "start_date"));
    }

    /// <summary>
    /// The answer boxes as inline controls in their own paragraph (as LibreOffice may write them back), the empty ones
    /// still showing "…": an empty box is no answer, a filled one is read, and an answer typed beside a question whose box
    /// was deleted is read too.
    /// </summary>
    [Fact]
    public async Task Inline_answer_boxes_left_empty_answer_nothing_beside_the_ones_filled_and_typed()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var docx = WordTemplate(body =>
        {
            DeleteAndTypeBeside(body, "country", "Ireland");
            foreach (var block in body.Descendants<SdtBlock>().ToList())
            {
                var tag = block.SdtProperties!.GetFirstChild<Tag>()!.Val!.Value!;
                var answer = tag switch { "contact_name" => "Kate Walsh", "title" => "Welcome desk for newcomers", _ => null };
                var properties = (SdtProperties)block.SdtProperties!.CloneNode(true);
                if (answer is not null)
                {
                    properties.GetFirstChild<ShowingPlaceholder>()?.Remove();
                }
                block.InsertAfterSelf(new Paragraph(new SdtRun(properties, new SdtContentRun(new Run(new Text(answer ?? DocxTemplate.Placeholder))))));
                block.Remove();
            }
        });

        var result = await host.IngestAsync(Mail("", part: new Multipart("mixed") { new TextPart("plain") { Text = "Hi, attached. Kate" }, Docx(docx) }));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Welcome desk for newcomers", Original(practice!, "title"));
        Assert.Equal("Kate Walsh", Original(practice!, "contact_name"));
        Assert.Equal("\"IE\"", practice!.Answers.SingleOrDefault(a => a.QuestionId == "country")?.ValueJson);
        Assert.DoesNotContain(practice.Answers, a => a.Original.Contains(DocxTemplate.Placeholder, StringComparison.Ordinal));
        Assert.Equal(["contact_email", "contact_name", "country", "title"], practice.Answers.Select(a => a.QuestionId).Order());
    }

    [Fact]
    public async Task A_body_and_an_attachment_filled_differently()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var docx = WordTemplate(body =>
        {
            Fill(body, "contact_name", "Kate Walsh");
            Fill(body, "title", "Welcome desk for newcomers");
            Fill(body, "country", "Spain");
        });

        var result = await host.IngestAsync(Mail("", part: new Multipart("mixed") { new TextPart("plain") { Text = "Hi, the file is attached, one change:\n[Q06] Ireland\n\nKate" }, Docx(docx) }));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Welcome desk for newcomers", Original(practice!, "title"));
        Assert.Equal("\"IE\"", practice!.Answers.SingleOrDefault(a => a.QuestionId == "country")?.ValueJson);
        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Contains("Ireland", reply.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_mail_sent_again_with_a_new_message_id_makes_no_second_practice()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        const string body = "[Q01] Kate Walsh\n[Q05] Welcome desk for newcomers\n[Q06] Ireland\n[Q13] 2021\n";

        var first = await host.IngestAsync(Mail(body));
        var second = await host.IngestAsync(Mail(body));

        Assert.Equal(first.Reference, second.Reference);
        Assert.Equal(1, await host.CountAsync(db => db.Practices.Count()));
    }

    /// <summary>Every question answered after its key, as a contributor who has it all at hand types them.</summary>
    private static string TextTemplateFilled() => string.Join("\n", Questionnaire.Questions.Select(q => $"[{TemplateKeys.KeyOf(q)}] " + (q.Type switch
    {
        QuestionType.Email => "kate@corkcity.example",
        QuestionType.Phone => "+353 21 492 4000",
        QuestionType.Url => "https://www.corkcity.example/welcome",
        QuestionType.Date => "03/2019",
        QuestionType.DateOrOngoing => Questionnaire.Vocabulary.Ongoing.In("en")[0],
        QuestionType.Integer => "250",
        QuestionType.MoneyEur => "120.000 €",
        QuestionType.Country => "Ireland",
        QuestionType.Region => "IE05",
        QuestionType.Yesno => Questionnaire.Vocabulary.Yes.In("en")[0],
        QuestionType.Choice or QuestionType.Multi => q.ChoiceList[0].Label.In("en"),
        QuestionType.Longtext => $"What we did for {q.Id.Replace('_', ' ')}, in a few sentences for the form.",
        _ => q.Id == "contact_name" ? "Kate Walsh" : $"{q.Id.Replace('_', ' ')} of Cork",
    }))) + "\n";

    [Fact]
    public async Task A_complete_template_sent_again_with_a_new_message_id_is_kept_with_the_submitted_practice()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var body = TextTemplateFilled();

        var first = await host.IngestAsync(Mail(body));
        var second = await host.IngestAsync(Mail(body));

        Assert.Equal(MailOutcomes.Submitted, first.Outcome);
        Assert.Equal(MailOutcomes.AfterSubmission, second.Outcome);
        Assert.Equal(first.Reference, second.Reference);
        Assert.Equal(1, await host.CountAsync(db => db.Practices.Count()));
    }

    [Fact]
    public async Task The_same_mail_twice_in_one_batch_makes_one_practice()
    {
        await using var host = await MailTestHost.CreateAsync(new Dictionary<string, string?> { ["Mail:BatchMilliseconds"] = "60000", ["Mail:BatchSize"] = "200" }, provider: provider);
        const string body = "[Q01] Kate Walsh\n[Q05] Welcome desk for newcomers\n[Q06] Ireland\n[Q13] 2021\n";
        var sources = new[] { Bytes(Mail(body)), Bytes(Mail(body)) }.Select((bytes, i) => new MailSource($"mail{i}", _ => Task.FromResult(bytes))).ToAsyncEnumerable();
        var results = new List<MailResult>();
        await host.Services.GetRequiredService<MailBatchIngester>().IngestAsync(sources, (batch, _) =>
        {
            results.AddRange(batch.Select(m => m.Result));
            return Task.CompletedTask;
        });

        Assert.Equal([(MailOutcomes.Created, "REGIN-0001"), (MailOutcomes.Updated, "REGIN-0001")], results.Select(r => (r.Outcome, r.Reference)));
        Assert.Equal(1, await host.CountAsync(db => db.Practices.Count()));
        Assert.Single(await host.OutboxAsync()); // the repeat of an incomplete reply, the same day
    }

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task The_same_template_with_one_answer_changed_is_still_a_practice_of_its_own()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);

        var first = await host.IngestAsync(Mail("[Q01] Kate Walsh\n[Q05] Welcome desk for newcomers\n[Q06] Ireland\n[Q13] 2021\n"));
        var second = await host.IngestAsync(Mail("[Q01] Kate Walsh\n[Q05] Welcome desk for newcomers\n[Q06] Ireland\n[Q13] 2019\n"));

        Assert.NotEqual(first.Reference, second.Reference);
    }

    [Fact]
    public async Task The_same_mail_sent_twice_with_its_message_id_is_a_duplicate()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var mail = Mail("[Q01] Kate Walsh\n[Q05] Welcome desk for newcomers\n[Q06] Ireland\n");

        await host.IngestAsync(mail);
        var again = await host.IngestAsync(mail);

        Assert.Equal(MailOutcomes.Duplicate, again.Outcome);
        Assert.Single(await host.OutboxAsync());
    }

    [Fact]
    public async Task A_ten_megabyte_answer_is_kept_and_answered()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var words = string.Concat(Enumerable.Repeat("The library hosts a weekly language café with volunteers. ", 10 * 1024 * 1024 / 60));

        var result = await host.IngestAsync(Mail("[Q01] Kate Walsh\n[Q05] Welcome desk for newcomers\n[Q06] Ireland\n[Q17] " + words + "\n"));

        Assert.Equal(MailOutcomes.Created, result.Outcome);
        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Welcome desk for newcomers", Original(practice!, "title"));
        Assert.Null(Original(practice!, "description")); // refused, not cut: the sender shortens it
        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Contains("we read only its beginning", reply.TextBody, StringComparison.Ordinal);
        Assert.Contains("[Q17]", reply.TextBody, StringComparison.Ordinal);
        var raw = await host.CountAsync(db => db.RawInputs.Where(r => r.Id == result.RawInputId).Select(r => r.Content.Length).Single());
        Assert.True(raw > 10 * 1024 * 1024, $"the raw mail is kept whole ({raw} bytes)");
    }

    [Fact]
    public async Task An_outlook_html_paste_of_the_template_is_read()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var html = new TextPart("html")
        {
            Text = """
                <html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
                <head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><style><!--
                p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;}
                --></style><!--[if gte mso 9]><xml><o:shapedefaults v:ext="edit" spidmax="1026" /></xml><![endif]--></head>
                <body lang=EN-IE link="#0563C1" vlink="#954F72" style='word-wrap:break-word'><div class=WordSection1>
                <p class=MsoNormal>Hi,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>
                <p class=MsoNormal><b><span style='font-size:12.0pt'>[Q01] Your name<o:p></o:p></span></b></p>
                <p class=MsoNormal>Kate&nbsp;Walsh<o:p></o:p></p>
                <p class=MsoNormal><b>[Q05] Title of the practice<o:p></o:p></b></p>
                <p class=MsoNormal><span style='mso-fareast-language:EN-US'>Welcome desk<br>
                for newcomers<o:p></o:p></span></p>
                <table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
                <tr style='mso-yfti-irow:0'><td width=301 valign=top style='width:225.4pt'><p class=MsoNormal>[Q06] Country<o:p></o:p></p></td>
                <td width=301 valign=top><p class=MsoNormal>Ireland<o:p></o:p></p></td></tr>
                <tr><td><p class=MsoNormal>[Q13] Start date<o:p></o:p></p></td><td><p class=MsoNormal>March&nbsp;2021<o:p></o:p></p></td></tr>
                </table>
                <p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Kind regards,<o:p></o:p></p><p class=MsoNormal>Kate<o:p></o:p></p>
                </div></body></html>
                """,
            ContentTransferEncoding = ContentEncoding.QuotedPrintable,
        };

        var result = await host.IngestAsync(Mail("", part: html));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Kate Walsh", Original(practice!, "contact_name"));
        Assert.Equal("Welcome desk for newcomers", Original(practice!, "title"));
        Assert.Equal("\"IE\"", practice!.Answers.SingleOrDefault(a => a.QuestionId == "country")?.ValueJson);
        Assert.Equal("March 2021", Original(practice, "start_date"));
    }

    /// <summary>Outlook's windows-1252 labelled ISO-8859-1 (the classic): € is 0x80 and œ 0x9C there, control codes in Latin-1.</summary>
    [Theory]
    [InlineData("iso-8859-1")]
    [InlineData("windows-1252")]
    public async Task A_body_in_windows_1252_with_euro_and_oe_is_read_whatever_its_label_says(string label)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var bytes = Encoding.GetEncoding(1252).GetBytes("Bonjour,\r\n\r\n[Q01] Hélène Dupré\r\n[Q05] Cœur de quartier : accueil des primo-arrivants\r\n[Q06] France\r\n[Q23] 45 000 €\r\n\r\nCordialement\r\n");
        var part = new TextPart("plain") { Content = new MimeContent(new MemoryStream(bytes)), ContentTransferEncoding = ContentEncoding.EightBit };
        part.ContentType.Charset = label;

        var result = await host.IngestAsync(Mail("", part: part, from: "Hélène Dupré <helene.dupre@lyon.example>"));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Cœur de quartier : accueil des primo-arrivants", Original(practice!, "title"));
        Assert.Equal("45 000 €", Original(practice!, "budget_eur"));
        Assert.Equal("Hélène Dupré", Original(practice!, "contact_name"));
    }

    /// <summary>A Greek reply whose subject is encoded in ISO-8859-7 or windows-1253 (RFC 2047) carries the reference: the practice is continued.</summary>
    [Theory]
    [InlineData("iso-8859-7")]
    [InlineData("windows-1253")]
    public async Task A_greek_subject_in_an_8_bit_charset_names_the_practice(string charset)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        const string Eleni = "Ελένη Παπαδοπούλου <eleni@attica.example>";
        var first = await host.IngestAsync(Mail("[Q01] Ελένη Παπαδοπούλου\n[Q05] Κέντρο υποδοχής μεταναστών\n", from: Eleni));
        var reply = Mail("[Q06] Ελλάδα\n[Q13] Μάρτιος 2021\n", from: Eleni);
        reply.Headers.Replace(HeaderId.Subject, Encoding.GetEncoding(charset), $"ΑΠ: Άλλη μία απάντηση για την πρακτική {first.Reference}");

        var result = await host.IngestAsync(reply);

        Assert.Equal(first.Reference, result.Reference);
        var practice = await host.PracticeAsync(first.Reference);
        Assert.Equal("\"GR\"", practice!.Answers.SingleOrDefault(a => a.QuestionId == "country")?.ValueJson);
    }

    /// <summary>NUL bytes and bidi overrides typed (or planted) inside answers are not stored: the title reads as it shows.</summary>
    [Fact]
    public async Task Nul_bytes_and_bidi_overrides_in_answers_are_not_stored()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var body = "[Q01] Kate\0 Walsh\n[Q05] Welcome desk \u202Esrewcomen rof\u202C\n[Q06] Ire\u2066land\u2069\n[Q30] https://evil.example/\u202Efdp.exe\n";
        var part = new TextPart("plain") { Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(body))), ContentTransferEncoding = ContentEncoding.Binary };
        part.ContentType.Charset = "utf-8";

        var result = await host.IngestAsync(Mail("", part: part));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.NotNull(practice);
        Assert.DoesNotContain(practice!.Answers, a => a.Original.Any(c => c is '\0' or '\u202E' or '\u202C' or '\u2066' or '\u2069'));
        var reply = Assert.Single(await host.OutboxAsync());
        Assert.DoesNotContain('\u202E', reply.TextBody ?? "");
        Assert.DoesNotContain('\0', reply.TextBody ?? "");
    }

    public static TheoryData<string, string, string> OutOfOffice() => new()
    {
        { "en", "Automatic reply: REGIN", "Thank you for your email. I am out of the office until 4 January with no access to email." },
        { "fr", "Réponse automatique : REGIN", "Bonjour, je suis absente jusqu'au 4 janvier inclus. Pour toute urgence, contactez le secrétariat." },
        { "de", "Automatische Antwort: REGIN", "Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich 4. Januar nicht im Büro." },
        { "es", "Respuesta automática: REGIN", "Gracias por su mensaje. Estaré fuera de la oficina hasta el 4 de enero." },
        { "it", "Risposta automatica: REGIN", "Grazie per il messaggio. Sarò fuori ufficio fino al 4 gennaio." },
        { "el", "Αυτόματη απάντηση: REGIN", "Σας ευχαριστώ για το μήνυμά σας. Θα απουσιάζω από το γραφείο έως τις 4 Ιανουαρίου." },
        { "pt", "Resposta automática: REGIN", "Obrigada pela sua mensagem. Estarei ausente do escritório até 4 de janeiro." },
        { "sv", "Autosvar: REGIN", "Tack för ditt mejl. Jag är på semester till och med 4 januari och läser inte min e-post." },
    };

    [Theory]
    [MemberData(nameof(OutOfOffice))]
    public async Task An_out_of_office_with_no_header_and_only_the_original_subject_gets_no_reply(string language, string subject, string text)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);

        var bySubject = await host.IngestAsync(Mail(text, subject));
        var byText = await host.IngestAsync(Mail(text, "RE: REGIN: your practice"));

        Assert.Equal(MailOutcomes.Ignored, bySubject.Outcome);
        Assert.Equal(MailOutcomes.Ignored, byText.Outcome);
        Assert.Empty(await host.OutboxAsync());
        _ = language;
    }
}

public sealed class MailRound42TestsOnSqlite() : MailRound42Tests(TestProviders.Sqlite);

public sealed class MailRound42TestsOnPostgreSql() : MailRound42Tests(TestProviders.PostgreSql);
