using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>The plain-text channel (SMS, an e-mail dialogue): no markup, numbered options, the yes/no words named.</summary>
public sealed class PlainTextRendererTests
{
    private readonly PlainTextRenderer _renderer = new();

    [Fact]
    public void A_choice_question_lists_its_options_by_number_without_markup()
    {
        var question = new QuestionReply("lead_organisation_type", 9, 31, "Question 9 of 31: Who runs it", "Type of the leading organisation", "Choose one.",
            null, AnswerKind.SingleChoice, [new ChoiceOption("regional_authority", "Regional authority", 1), new ChoiceOption("ngo", "NGO **or** association", 2)], "Send answer");

        Assert.Equal("Question 9 of 31: Who runs it\n\nType of the leading organisation\nChoose one.\n\n1. Regional authority\n2. NGO **or** association", _renderer.Render(question));
    }

    [Fact]
    public void A_summary_is_one_line_per_answer_under_its_section()
    {
        var summary = new SummaryReply("Your answers:", [new SummarySection("About you", [new SummaryItem(1, "contact_name", "Your name", "Jo"), new SummaryItem(2, "contact_organisation", "Your organisation", null)])],
            "(not answered)", "Change", "change", "Still missing: 2. Your organisation");

        Assert.Equal("Your answers:\n\nAbout you\n1. Your name: Jo\n2. Your organisation: (not answered)\n\nStill missing: 2. Your organisation", _renderer.Render(summary));
    }

    [Fact]
    public void A_confirmation_names_the_two_words()
    {
        Assert.Equal("Did you mean Puglia (ITF4)?\n\nYes / No", _renderer.Render(new ConfirmationReply("Did you mean Puglia (ITF4)?", "Yes", "No")));
    }
}
