using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Templates;

/// <summary>The templates, generated in the 8 languages, filled in as a person would, and read back.</summary>
public sealed class TemplateTests
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();
    private static readonly QuestionCatalog Catalog = new(Questionnaire);
    private static readonly TemplateTextParser Parser = new(Catalog);

    public static TheoryData<string> AllLanguages() => new(Regin.Core.Languages.All);

    /// <summary>What a person writes, by question type, in any language.</summary>
    private static string Fill(Question question, string language) => question.Type switch
    {
        QuestionType.Email => "someone@example.org",
        QuestionType.Phone => "+39 080 540 1111",
        QuestionType.Url => "www.example.eu",
        QuestionType.Date => "2019",
        QuestionType.DateOrOngoing => Questionnaire.Vocabulary.Ongoing.In(language)[0],
        QuestionType.Integer => "1200",
        QuestionType.MoneyEur => "150000",
        QuestionType.Country => "IT",
        QuestionType.Region => "ITF4",
        QuestionType.Yesno => Questionnaire.Vocabulary.Yes.In(language)[0],
        QuestionType.Choice or QuestionType.Multi => question.ChoiceList[1].Label.In(language),
        QuestionType.Longtext => $"Notes on {question.Id}, first paragraph.\n\nSecond paragraph.",
        _ => $"{question.Id} answer",
    };

    [Theory]
    [MemberData(nameof(AllLanguages))]
    public void Text_template_has_the_marker_instructions_and_every_key(string language)
    {
        var text = new TextTemplate(Questionnaire).Generate(language, "box@example.org");
        Assert.Contains(TemplateKeys.Marker(Questionnaire, language), text, StringComparison.Ordinal);
        Assert.Contains("box@example.org", text, StringComparison.Ordinal);
        for (var i = 0; i < Questionnaire.Questions.Count; i++)
        {
            Assert.Contains($"[{TemplateKeys.KeyOf(Questionnaire.Questions[i])}] {Questionnaire.Questions[i].Label.In(language)}", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(AllLanguages))]
    public void Text_template_filled_in_under_each_question_reads_back_in_its_language(string language)
    {
        var lines = new List<string>();
        var template = new TextTemplate(Questionnaire).Generate(language, "box@example.org").Replace("\r\n", "\n").Split('\n');
        var expected = new Dictionary<string, string>();
        for (var i = 0; i < template.Length; i++)
        {
            lines.Add(template[i]);
            var question = Questionnaire.Questions.Select((q, index) => (q, index)).FirstOrDefault(x => template[i].StartsWith($"[{TemplateKeys.KeyOf(x.q)}]", StringComparison.Ordinal)).q;
            if (question is null)
            {
                continue;
            }
            // Keep the hint and the options, then write the answer on the empty line under them.
            while (i + 1 < template.Length && template[i + 1].Length > 0)
            {
                lines.Add(template[++i]);
            }
            var answer = Fill(question, language);
            expected[question.Id] = answer;
            lines.Add(answer);
        }
        var parsed = Parser.Parse(string.Join("\n", lines), "body");
        Assert.Equal(language, parsed.Language);
        Assert.False(parsed.MixedLanguages);
        foreach (var (id, answer) in expected)
        {
            var found = Assert.Single(parsed.Answers, a => a.QuestionId == id);
            Assert.Equal(answer, found.Text);
        }
    }

    [Theory]
    [MemberData(nameof(AllLanguages))]
    public void Ticking_options_in_the_text_template_answers_a_choice_question(string language)
    {
        var text = new TextTemplate(Questionnaire).Generate(language, "box@example.org");
        var question = Questionnaire.Questions.First(q => q.Id == "integration_areas");
        var second = TextTemplate.ChoiceLine(1, question.ChoiceList[1], language);
        var fourth = TextTemplate.ChoiceLine(3, question.ChoiceList[3], language);
        text = text.Replace(second, second.Replace("[ ]", "[x]"), StringComparison.Ordinal).Replace(fourth, fourth.Replace("[ ]", "[X]"), StringComparison.Ordinal);
        var parsed = Parser.Parse(text, "body");
        var answer = Assert.Single(parsed.Answers);
        Assert.Equal("integration_areas", answer.QuestionId);
        Assert.Equal($"{question.ChoiceList[1].Label.In(language)}\n{question.ChoiceList[3].Label.In(language)}", answer.Text);
    }

    [Theory]
    [MemberData(nameof(AllLanguages))]
    public void Docx_template_has_one_tagged_content_control_per_question(string language)
    {
        var bytes = new DocxTemplate(Questionnaire).Generate(language, "box@example.org");
        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var controls = document.MainDocumentPart!.Document!.Body!.Descendants<SdtBlock>().ToList();
        Assert.Equal(Questionnaire.Questions.Select(q => q.Id), controls.Select(c => c.SdtProperties!.GetFirstChild<Tag>()!.Val!.Value));
        Assert.Equal(Questionnaire.Questions.Select(TemplateKeys.KeyOf), controls.Select(c => c.SdtProperties!.GetFirstChild<SdtAlias>()!.Val!.Value));
        Assert.Contains($"[Q01] {Questionnaire.Questions[0].Label.In(language)}", document.MainDocumentPart.Document.Body.InnerText, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllLanguages))]
    public void Docx_template_filled_in_reads_back_from_its_content_controls(string language)
    {
        var bytes = new DocxTemplate(Questionnaire).Generate(language, "box@example.org");
        using var stream = new MemoryStream();
        stream.Write(bytes);
        var expected = new Dictionary<string, string>();
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            foreach (var control in document.MainDocumentPart!.Document!.Body!.Descendants<SdtBlock>().Take(12))
            {
                var id = control.SdtProperties!.GetFirstChild<Tag>()!.Val!.Value!;
                var answer = Fill(Questionnaire.Questions.First(q => q.Id == id), language).Replace("\n\n", " ", StringComparison.Ordinal);
                expected[id] = answer;
                // What Word does when a person types into the box: the placeholder goes, their text comes.
                control.SdtProperties.GetFirstChild<ShowingPlaceholder>()?.Remove();
                control.SdtContentBlock!.RemoveAllChildren();
                control.SdtContentBlock.Append(new Paragraph(new Run(new Text(answer))));
            }
            document.MainDocumentPart.Document.Save();
        }
        var parsed = new DocxAnswerReader(Parser, Catalog).Read(stream.ToArray(), "attachment:test.docx");
        Assert.Equal(language, parsed.Language);
        Assert.Equal(expected.Count, parsed.Answers.Count);
        foreach (var (id, answer) in expected)
        {
            Assert.Equal(answer, Assert.Single(parsed.Answers, a => a.QuestionId == id).Text);
        }
    }

    [Fact]
    public void A_docx_with_a_malformed_link_address_is_read_like_any_other()
    {
        // Word keeps a hyperlink's address as typed; System.IO.Packaging refuses such an address, and the Open XML SDK
        // rewrites it (in a copy of the file) to open the package.
        const string target = "http://exa mple.org/";
        Assert.False(Uri.TryCreate(target, UriKind.RelativeOrAbsolute, out _));
        var bytes = new DocxTemplate(Questionnaire).Generate("de", "box@example.org");
        using var stream = new MemoryStream();
        stream.Write(bytes);
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            var control = document.MainDocumentPart!.Document!.Body!.Descendants<SdtBlock>().First(c => c.SdtProperties!.GetFirstChild<Tag>()!.Val!.Value == "title");
            control.SdtProperties!.GetFirstChild<ShowingPlaceholder>()?.Remove();
            control.SdtContentBlock!.RemoveAllChildren();
            control.SdtContentBlock.Append(new Paragraph(new Run(new Text("Gesundheitslotsen"))));
            document.MainDocumentPart.Document.Save();
        }
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>";
            if (zip.GetEntry("word/_rels/document.xml.rels") is { } entry)
            {
                using (var reader = new StreamReader(entry.Open()))
                {
                    rels = reader.ReadToEnd();
                }
                entry.Delete();
            }
            rels = rels.Replace("</Relationships>", "<Relationship Id=\"rIdBroken\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" "
                + $"Target=\"{target}\" TargetMode=\"External\"/></Relationships>", StringComparison.Ordinal);
            using var writer = new StreamWriter(zip.CreateEntry("word/_rels/document.xml.rels").Open());
            writer.Write(rels);
        }
        var broken = stream.ToArray();
        var received = broken.ToArray();
        // A package opened as it is does not open (the reader's first way), so the reader takes the SDK's way.
        Assert.ThrowsAny<Exception>(() =>
        {
            using var package = System.IO.Packaging.Package.Open(new MemoryStream(broken, writable: false), FileMode.Open, FileAccess.Read);
            using var document = WordprocessingDocument.Open(package);
            _ = document.MainDocumentPart!.Document;
        });
        var parsed = new DocxAnswerReader(Parser, Catalog).Read(broken, "attachment:link.docx");
        Assert.Equal("Gesundheitslotsen", Assert.Single(parsed.Answers).Text);
        // The SDK rewrote the address in its own copy: the attachment's bytes are as received.
        Assert.Equal(received, broken);
    }

    [Fact]
    public void A_word_table_of_everyday_names_and_answers_is_read_row_by_row_and_a_row_nobody_knows_is_quoted_back()
    {
        // Not the template: a contributor's own Word table, names in the first column without colons, an answer cell of
        // two paragraphs, a row without a name, a row under a name that means two questions ("Organização": theirs or
        // the leader's? right under their name, theirs), and a row nobody knows.
        var bytes = WordTable(
            ("Nome", "Ana Sousa"),
            ("Organização", "CCDR Norte"),
            ("Título da prática", "Escola de Acolhimento"),
            ("Público-alvo", "famílias refugiadas e menores não acompanhados"),
            ("Contexto", "Muitas famílias chegam sem falar português.\nAs escolas não tinham apoio."),
            ("", "Mais um parágrafo."),
            ("Objetivos", "Ensinar português às famílias."),
            ("Atividades", "Aulas ao sábado; mediadores."),
            ("Início", "set. 2019"),
            ("Observações", "ver o folheto"));
        var parsed = new DocxAnswerReader(Parser, Catalog).Read(bytes, "attachment:ficha.docx");

        Assert.Equal("pt", parsed.Language);
        string Answer(string id) => Assert.Single(parsed.Answers, a => a.QuestionId == id).Text;
        Assert.Equal("Ana Sousa", Answer("contact_name"));
        Assert.Equal("Escola de Acolhimento", Answer("title"));
        Assert.Equal("famílias refugiadas e menores não acompanhados", Answer("target_groups"));
        // A row without a name goes on the answer above it.
        Assert.Equal("Muitas famílias chegam sem falar português.\nAs escolas não tinham apoio.\n\nMais um parágrafo.", Answer("description"));
        Assert.Equal("Ensinar português às famílias.", Answer("objectives"));
        Assert.Equal("Aulas ao sábado; mediadores.", Answer("activities"));
        Assert.Equal("set. 2019", Answer("start_date"));
        Assert.Equal("CCDR Norte", Answer("contact_organisation"));
        Assert.Equal(["Observações: ver o folheto"], parsed.Unplaced);
    }

    private static byte[] WordTable(params (string Name, string Answer)[] rows)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var table = new Table();
            foreach (var (name, answer) in rows)
            {
                table.Append(new TableRow(
                    new TableCell(new Paragraph(new Run(new RunProperties(new Bold()), new Text(name)))),
                    new TableCell(answer.Split('\n').Select(line => new Paragraph(new Run(new Text(line)))))));
            }
            document.AddMainDocumentPart().Document = new Document(new Body(new Paragraph(new Run(new Text("Boa prática REGIN"))), table));
        }
        return stream.ToArray();
    }

    [Fact]
    public void An_unfilled_docx_template_has_no_answers()
    {
        var bytes = new DocxTemplate(Questionnaire).Generate("sv", "box@example.org");
        var parsed = new DocxAnswerReader(Parser, Catalog).Read(bytes, "attachment:empty.docx");
        Assert.Empty(parsed.Answers);
        Assert.Equal("sv", parsed.Language);
    }
}
