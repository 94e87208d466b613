using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using MimeKit;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Intake;

namespace Regin.MailIngest.Tests.Templates;

/// <summary>Generate a template, fill it in as a person would, mail it, and find the practice complete in the store.</summary>
public sealed class RoundTripTests
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    public static TheoryData<string> AllLanguages() => new(Regin.Core.Languages.All);

    /// <summary>Valid answers for every question, written in the contributor's language where words are needed.</summary>
    private static string Answer(Question question, string language) => question.Type switch
    {
        QuestionType.Email => "contributor@example.org",
        QuestionType.Phone => "+46 40 675 30 00",
        QuestionType.Url => "https://www.example.eu/practice",
        QuestionType.Date => "03/2019",
        QuestionType.DateOrOngoing => Questionnaire.Vocabulary.Ongoing.In(language)[0],
        QuestionType.Integer => "250",
        QuestionType.MoneyEur => "120.000 €",
        QuestionType.Country => "SE",
        QuestionType.Region => "SE22",
        QuestionType.Yesno => Questionnaire.Vocabulary.Yes.In(language)[0],
        QuestionType.Choice or QuestionType.Multi => question.ChoiceList[0].Label.In(language),
        QuestionType.Longtext => $"{question.Id}: a first paragraph.\n\nA second paragraph.",
        _ => $"{question.Id} text",
    };

    private static MimeMessage Mail(string language, MimeEntity body)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Contributor", $"round.trip.{language}@example.org"));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = "REGIN";
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.org");
        message.Body = body;
        return message;
    }

    private static async Task AssertCompleteAsync(MailTestHost host, MailResult result, string language)
    {
        Assert.Equal(MailOutcomes.Submitted, result.Outcome);
        Assert.Equal(language, result.Language);
        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal(language, practice!.Language);
        Assert.Equal(Questionnaire.Questions.Count, practice.Answers.Count);
        Assert.Equal("\"SE22\"", practice.Answers.Single(a => a.QuestionId == "region").ValueJson);
        Assert.Equal("\"2019-03\"", practice.Answers.Single(a => a.QuestionId == "start_date").ValueJson);
        Assert.Equal("description: a first paragraph.\n\nA second paragraph.", practice.Answers.Single(a => a.QuestionId == "description").Original);
    }

    [Theory]
    [MemberData(nameof(AllLanguages))]
    public async Task Text_template_filled_in_the_mail_body_is_submitted_complete(string language)
    {
        var template = new TextTemplate(Questionnaire).Generate(language, "reginproject@crpm.org").Replace("\r\n", "\n").Split('\n');
        var filled = new List<string> { "Hello, here is our practice.", "" };
        for (var i = 0; i < template.Length; i++)
        {
            filled.Add(template[i]);
            var index = Enumerable.Range(0, Questionnaire.Questions.Count).FirstOrDefault(q => template[i].StartsWith($"[{TemplateKeys.KeyOf(Questionnaire.Questions[q])}]", StringComparison.Ordinal), -1);
            if (index < 0)
            {
                continue;
            }
            while (i + 1 < template.Length && template[i + 1].Length > 0)
            {
                filled.Add(template[++i]);
            }
            filled.Add(Answer(Questionnaire.Questions[index], language));
        }
        await using var host = await MailTestHost.CreateAsync();
        var result = await host.IngestAsync(Mail(language, new TextPart("plain") { Text = string.Join("\n", filled) }));
        await AssertCompleteAsync(host, result, language);
    }

    [Theory]
    [MemberData(nameof(AllLanguages))]
    public async Task Word_template_filled_in_and_attached_is_submitted_complete(string language)
    {
        using var stream = new MemoryStream();
        stream.Write(new DocxTemplate(Questionnaire).Generate(language, "reginproject@crpm.org"));
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            foreach (var control in document.MainDocumentPart!.Document!.Body!.Descendants<SdtBlock>())
            {
                var question = Questionnaire.Questions.First(q => q.Id == control.SdtProperties!.GetFirstChild<Tag>()!.Val!.Value);
                control.SdtProperties!.GetFirstChild<ShowingPlaceholder>()?.Remove();
                control.SdtContentBlock!.RemoveAllChildren();
                foreach (var paragraph in Answer(question, language).Split("\n\n"))
                {
                    control.SdtContentBlock.Append(new Paragraph(new Run(new Text(paragraph))));
                }
            }
            document.MainDocumentPart.Document.Save();
        }
        var attachment = new MimePart("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
        {
            FileName = $"regin-{language}.docx",
            Content = new MimeContent(new MemoryStream(stream.ToArray())),
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        await using var host = await MailTestHost.CreateAsync();
        var result = await host.IngestAsync(Mail(language, new Multipart("mixed") { new TextPart("plain") { Text = "See attached." }, attachment }));
        await AssertCompleteAsync(host, result, language);
    }
}
