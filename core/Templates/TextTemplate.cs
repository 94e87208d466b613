using System.Text;
using Regin.Core.Localisation;
using Regin.Core.Questionnaire;

namespace Regin.Core.Templates;

/// <summary>
/// The plain-text e-mail template in one language, generated from the questionnaire: title, version marker,
/// instructions, then each section and its numbered questions ([Q01] label, hint, the options to choose from).
/// Contributors write their answers on the empty lines under each question.
/// </summary>
public sealed class TextTemplate(QuestionnaireDefinition questionnaire)
{
    public const string RequiredMark = " *";
    public const string UncheckedBox = "[ ]";

    private readonly Texts _texts = new(questionnaire);

    /// <summary>The template in <paramref name="language"/>; with <paramref name="privacyUrl"/>, a line linking to the privacy notice.</summary>
    public string Generate(string language, string mailbox, string? privacyUrl = null)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        language = Languages.IsSupported(language) ? language.ToLowerInvariant() : Languages.Default;
        var text = new StringBuilder();
        var title = _texts.Get("mail.template_title", language);
        text.AppendLine(title);
        text.AppendLine(new string('=', Math.Min(title.Length, 76)));
        text.AppendLine(TemplateKeys.Marker(questionnaire, language));
        text.AppendLine();
        text.AppendLine(_texts.Get("mail.template_instructions", language, ("mailbox", mailbox)));
        if (privacyUrl is not null)
        {
            text.AppendLine(_texts.Get("mail.privacy_notice", language, ("privacy_url", privacyUrl)));
        }
        string? section = null;
        for (var i = 0; i < questionnaire.Questions.Count; i++)
        {
            var question = questionnaire.Questions[i];
            if (question.Section != section)
            {
                section = question.Section;
                text.AppendLine();
                text.AppendLine($"== {SectionLabel(section, language)} ==");
            }
            text.AppendLine();
            text.AppendLine(QuestionLine(question, language));
            var hint = question.Hint.In(language);
            if (!string.IsNullOrWhiteSpace(hint))
            {
                text.AppendLine(hint);
            }
            for (var c = 0; c < question.ChoiceList.Count; c++)
            {
                text.AppendLine(ChoiceLine(c, question.ChoiceList[c], language));
            }
            text.AppendLine();
        }
        return text.ToString();
    }

    public static string QuestionLine(Question question, string language) =>
        $"[{TemplateKeys.KeyOf(question)}] {question.Label.In(language)}{(question.Required ? RequiredMark : "")}";

    public static string ChoiceLine(int index, Choice choice, string language) =>
        $"  {UncheckedBox} {index + 1}. {choice.Label.In(language)}";

    private string SectionLabel(string sectionId, string language) =>
        questionnaire.Sections.FirstOrDefault(s => s.Id == sectionId)?.Label.In(language) ?? sectionId;
}
