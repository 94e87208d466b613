using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// Session 48: text in a Word file's font of a point or less (w:sz 2 = 1 pt, in the run, its character style, its
/// paragraph's style, through basedOn) is no answer: left out and said ("hidden_text"), as w:vanish and white on white
/// are. w:szCs is the size of complex-script text only: a tiny w:szCs on Latin text hides nothing, on a run marked w:cs
/// it does. 8 pt small print is read.
/// </summary>
public sealed class TinyFontDocxTests
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();
    private static readonly QuestionCatalog Catalog = new(Questionnaire);
    private static readonly TemplateTextParser Parser = new(Catalog);

    private static Run R(string text, RunProperties? properties = null)
    {
        var run = new Run();
        if (properties is not null)
        {
            run.Append(properties);
        }
        run.Append(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        return run;
    }

    /// <summary>The Word template in <paramref name="language"/>, filled after its question lines, the website typed in <paramref name="website"/>'s run.</summary>
    private static byte[] Filled(string language, Func<Paragraph, Run> website, string? paragraphStyle = null)
    {
        using var stream = new MemoryStream();
        stream.Write(new DocxTemplate(Questionnaire).Generate(language, "reginproject@crpm.org"));
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            var main = document.MainDocumentPart!;
            // Word's styles: a tiny character style based on another, a tiny paragraph style, Normal at 11 pt.
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                new DocDefaults(new RunPropertiesDefault(new RunPropertiesBaseStyle(new FontSize { Val = "22" }, new FontSizeComplexScript { Val = "22" }))),
                new Style(new StyleName { Val = "Normal" }, new StyleRunProperties(new FontSize { Val = "22" })) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
                new Style(new StyleName { Val = "Unsichtbar" }, new StyleRunProperties(new FontSize { Val = "2" }, new FontSizeComplexScript { Val = "2" })) { Type = StyleValues.Character, StyleId = "Unsichtbar" },
                new Style(new StyleName { Val = "Fussnote" }, new BasedOn { Val = "Unsichtbar" }) { Type = StyleValues.Character, StyleId = "Fussnote" },
                new Style(new StyleName { Val = "Minuscule" }, new BasedOn { Val = "Normal" }, new StyleRunProperties(new FontSize { Val = "1" })) { Type = StyleValues.Paragraph, StyleId = "Minuscule" });
            var body = main.Document!.Body!;
            void After(string id, Run run)
            {
                var line = TextTemplate.QuestionLine(Questionnaire.Questions.First(q => q.Id == id), language);
                body.Elements<Paragraph>().First(p => p.InnerText == line).Append(run);
            }
            var answers = language switch
            {
                "de" => ("Sprachcafé für Geflüchtete", "Deutschland", "Stadt Osnabrück, Fachbereich Integration"),
                "fr" => ("Parrainage vers l'emploi", "France", "Métropole de Lyon"),
                "es" => ("Puentes de empleo", "España", "Ayuntamiento de Zaragoza"),
                "el" => ("Γέφυρες εργασίας", "Ελλάδα", "Δήμος Αθηναίων"),
                "it" => ("Ponti di lingua", "Italia", "Comune di Torino"),
                _ => ("Språkbron", "Sverige", "Malmö stad"),
            };
            After("title", R(" " + answers.Item1));
            After("country", R(" " + answers.Item2));
            After("lead_organisation", R(" " + answers.Item3));
            var websiteLine = TextTemplate.QuestionLine(Questionnaire.Questions.First(q => q.Id == "website"), language);
            var websiteParagraph = body.Elements<Paragraph>().First(p => p.InnerText == websiteLine);
            var paragraph = new Paragraph();
            if (paragraphStyle is not null)
            {
                paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = paragraphStyle }));
            }
            paragraph.Append(website(paragraph));
            websiteParagraph.InsertAfterSelf(paragraph);
        }
        return stream.ToArray();
    }

    public static TheoryData<string, string, bool> Cases => new()
    {
        { "de", "run w:sz 2", true },
        { "fr", "run w:sz 0", true },
        { "de", "character style, through basedOn", true },
        { "it", "paragraph style w:sz 1", true },
        { "el", "w:cs run, w:szCs 2", true },
        { "es", "Latin run, w:szCs 2 only", false },
        { "sv", "run w:sz 16 (8 pt)", false },
        { "fr", "run w:sz 2 overridden to 20 in the run", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_point_small_font_in_a_Word_file_is_no_answer_and_is_said(string language, string how, bool hidden)
    {
        const string address = "https://pay.evil.example/regin";
        Run Website(Paragraph _) => how switch
        {
            "run w:sz 2" => R(address, new RunProperties(new FontSize { Val = "2" })),
            "run w:sz 0" => R(address, new RunProperties(new FontSize { Val = "0" }, new FontSizeComplexScript { Val = "0" })),
            "character style, through basedOn" => R(address, new RunProperties(new RunStyle { Val = "Fussnote" })),
            "paragraph style w:sz 1" => R(address),
            "w:cs run, w:szCs 2" => R(address, new RunProperties(new ComplexScript(), new FontSize { Val = "22" }, new FontSizeComplexScript { Val = "2" })),
            "Latin run, w:szCs 2 only" => R(address, new RunProperties(new FontSizeComplexScript { Val = "2" })),
            "run w:sz 16 (8 pt)" => R(address, new RunProperties(new FontSize { Val = "16" })),
            _ => R(address, new RunProperties(new RunStyle { Val = "Unsichtbar" }, new FontSize { Val = "20" })),
        };
        var bytes = Filled(language, Website, how.StartsWith("paragraph style", StringComparison.Ordinal) ? "Minuscule" : null);
        var parsed = new DocxAnswerReader(Parser, Catalog).Read(bytes, "attachment:template.docx");
        var answers = parsed.Answers.ToDictionary(a => a.QuestionId, a => a.Text);
        Assert.True(answers.ContainsKey("title"), how);
        Assert.True(answers.ContainsKey("lead_organisation"), how);
        Assert.Equal(!hidden, parsed.Answers.Any(a => a.Text.Contains("evil", StringComparison.Ordinal)));
        Assert.DoesNotContain(parsed.Unplaced, u => u.Contains("evil", StringComparison.Ordinal));
        Assert.Equal(hidden, parsed.Problems.Contains("hidden_text"));
    }
}
