using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Regin.Core.Localisation;
using Regin.Core.Questionnaire;

namespace Regin.Core.Templates;

/// <summary>
/// The Word template in one language: the same text as <see cref="TextTemplate"/>, with one content control per
/// answer, tagged with the question id (and titled with the visible key), so a filled-in file is read without guessing.
/// </summary>
public sealed class DocxTemplate(QuestionnaireDefinition questionnaire)
{
    /// <summary>What an empty answer box shows; no words, so it reads the same in every language.</summary>
    public const string Placeholder = "…";

    private readonly Texts _texts = new(questionnaire);

    public byte[] Generate(string language, string mailbox, string? privacyUrl = null)
    {
        using var stream = new MemoryStream();
        Write(stream, language, mailbox, privacyUrl);
        return stream.ToArray();
    }

    public void Write(Stream stream, string language, string mailbox, string? privacyUrl = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(mailbox);
        language = Languages.IsSupported(language) ? language.ToLowerInvariant() : Languages.Default;
        using var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document);
        var main = document.AddMainDocumentPart();
        var body = new Body();
        main.Document = new Document(body);
        document.PackageProperties.Title = _texts.Get("mail.template_title", language);
        document.PackageProperties.Language = language;
        document.PackageProperties.Subject = TemplateKeys.Marker(questionnaire, language);

        body.Append(Para(_texts.Get("mail.template_title", language), bold: true, size: 32));
        body.Append(Para(TemplateKeys.Marker(questionnaire, language), size: 16));
        body.Append(Para(_texts.Get("mail.template_instructions", language, ("mailbox", mailbox))));
        if (privacyUrl is not null)
        {
            body.Append(Para(_texts.Get("mail.privacy_notice", language, ("privacy_url", privacyUrl))));
        }
        string? section = null;
        uint id = 1;
        for (var i = 0; i < questionnaire.Questions.Count; i++)
        {
            var question = questionnaire.Questions[i];
            if (question.Section != section)
            {
                section = question.Section;
                var label = questionnaire.Sections.FirstOrDefault(s => s.Id == section)?.Label.In(language) ?? section;
                body.Append(Para(label, bold: true, size: 28));
            }
            body.Append(Para(TextTemplate.QuestionLine(question, language), bold: true));
            var hint = question.Hint.In(language);
            if (!string.IsNullOrWhiteSpace(hint))
            {
                body.Append(Para(hint, italic: true, size: 20));
            }
            for (var c = 0; c < question.ChoiceList.Count; c++)
            {
                body.Append(Para(TextTemplate.ChoiceLine(c, question.ChoiceList[c], language).Trim(), size: 20));
            }
            body.Append(AnswerBox(question.Id, TemplateKeys.KeyOf(question), id++));
        }
        body.Append(new SectionProperties(new PageSize { Width = 11906U, Height = 16838U }, new PageMargin { Top = 1134, Bottom = 1134, Left = 1134U, Right = 1134U }));
        main.Document.Save();
    }

    private static SdtBlock AnswerBox(string questionId, string key, uint id) =>
        new(
            new SdtProperties(
                new SdtAlias { Val = key },
                new Tag { Val = questionId },
                new SdtId { Val = (int)id },
                new ShowingPlaceholder()),
            new SdtContentBlock(
                new Paragraph(
                    new ParagraphProperties(new ParagraphBorders(
                        new TopBorder { Val = BorderValues.Single, Size = 4U, Color = "999999" },
                        new BottomBorder { Val = BorderValues.Single, Size = 4U, Color = "999999" },
                        new LeftBorder { Val = BorderValues.Single, Size = 4U, Color = "999999" },
                        new RightBorder { Val = BorderValues.Single, Size = 4U, Color = "999999" })),
                    new Run(new RunProperties(new Color { Val = "808080" }), new Text(Placeholder)))));

    private static Paragraph Para(string text, bool bold = false, bool italic = false, int size = 22)
    {
        var properties = new RunProperties();
        if (bold)
        {
            properties.Append(new Bold());
        }
        if (italic)
        {
            properties.Append(new Italic());
        }
        properties.Append(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return new Paragraph(new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
