using Newtonsoft.Json.Linq;

namespace Regin.Bot.Tests.Chat;

/// <summary>Adaptive Cards where the channel renders them (Teams, Web Chat, Direct Line, the Emulator), text elsewhere; typing works everywhere.</summary>
public sealed class CardTests(ChatClassHost host) : ChatTestBase(host), IClassFixture<ChatClassHost>
{
    [Theory]
    [InlineData("msteams", true)]
    [InlineData("webchat", true)]
    [InlineData("directline", true)]
    [InlineData("emulator", true)]
    [InlineData("test", false)]
    [InlineData("sms", false)]
    [InlineData("slack", false)]
    public async Task A_multi_choice_is_a_form_of_tick_boxes_on_card_channels_and_a_numbered_list_elsewhere(string channel, bool cards)
    {
        var chat = Driver("en-GB", channel: channel);
        await chat.StartAsync();

        var replies = await chat.SendAsync("change 15");

        var question = replies[^1];
        Assert.Equal("integration_areas", question.QuestionId());
        Assert.Equal(15, question.ProgressCurrent());
        if (cards)
        {
            var card = question.Card()!;
            Assert.Null(question.Text);
            Assert.Equal("Question 15 of 31: When, what and for whom", (string)card["body"]![0]!["text"]!);
            var form = card.SelectToken("$.body[?(@.type == 'Input.ChoiceSet')]")!;
            Assert.True((bool)form["isMultiSelect"]!);
            Assert.Equal(10, form["choices"]!.Count());
            Assert.Equal(["Send answer"], question.Buttons());
        }
        else
        {
            Assert.Null(question.Card());
            Assert.Contains("_Question 15 of 31: When, what and for whom_", question.Text);
            Assert.Contains("\n2. Education\n", question.Text);
        }
    }

    [Fact]
    public async Task A_single_choice_is_one_button_per_option_and_yes_no_two_buttons()
    {
        var chat = Driver("it-IT", channel: "msteams");
        await chat.StartAsync();

        var replies = await chat.SendAsync("modifica 31");
        Assert.Equal(["Sì", "No"], replies[^1].Buttons());
        replies = await chat.SendAsync("modifica 10");
        var roles = Questionnaire.Questions.Single(q => q.Id == "regional_authority_role").ChoiceList;
        Assert.True(roles.Count <= Regin.Bot.Chat.Rendering.AdaptiveCardJson.MaxButtons || replies[^1].Card()!.SelectToken("$..[?(@.type == 'Input.ChoiceSet')]") is not null);

        // Pressing a button answers the question on the card.
        replies = await chat.SendAsync(replies[^1].Press(chat.Adapter));
        var practice = await PracticeOfAsync("msteams", "user-1");
        Assert.NotNull(practice!.Answers.SingleOrDefault(a => a.QuestionId == "regional_authority_role"));
    }

    [Fact]
    public async Task A_typed_answer_works_at_a_card_question()
    {
        var chat = Driver("fr-FR", channel: "webchat");
        await chat.StartAsync();
        await chat.SendAsync("modifier 15");

        var replies = await chat.SendAsync("santé et logement");

        Assert.StartsWith("C'est noté", replies[0].Text);
        var practice = await PracticeOfAsync("webchat", "user-1");
        Assert.Equal("""["health","housing"]""", practice!.Answers.Single(a => a.QuestionId == "integration_areas").ValueJson);
    }

    [Fact]
    public async Task The_summary_card_has_a_change_button_per_answer_that_asks_that_question()
    {
        var chat = Driver("de-DE", channel: "msteams");
        await chat.StartAsync();
        await chat.SendAsync("Jana Schmidt");

        var replies = await chat.SendAsync("übersicht");
        var summary = replies[0].Card()!;
        var sections = summary.SelectTokens("$.body[?(@.weight == 'Bolder' && @.size == 'Medium')].text").Select(t => (string)t!).ToList();
        Assert.Equal(Questionnaire.Sections.Select(s => s.Label.In("de")), sections);
        Assert.Equal(31, replies[0].Buttons().Count);
        Assert.All(replies[0].Buttons(), title => Assert.Equal("Ändern", title));

        replies = await chat.SendAsync(replies[0].Press(chat.Adapter, button: 4));
        Assert.Equal("title", replies.AskedQuestion());
    }

    [Fact]
    public async Task A_text_function_typed_in_an_answer_is_not_run_by_the_summary_card()
    {
        // Adaptive Cards' {{DATE(…)}}/{{TIME(…)}} would be shown as the reader's date and time: the card keeps the text as
        // typed, with an invisible zero-width space between the braces (a backslash would be shown in Teams).
        var chat = Driver("de-DE", channel: "msteams");
        await chat.StartAsync();
        await chat.SendAsync("Jana Schmidt");
        const string organisation = "Stadt Graz {{DATE(2026-03-01T09:00:00Z, SHORT)}} {{TIME(2026-03-01T09:00:00+01:00)}}";
        var echo = await chat.SendAsync(organisation);
        Assert.Contains(organisation, echo[0].Text, StringComparison.Ordinal);

        var replies = await chat.SendAsync("übersicht");
        var texts = replies[0].Card()!.SelectTokens("$..text").Select(t => (string)t!).ToList();
        Assert.DoesNotContain(texts, text => text.Contains("{{", StringComparison.Ordinal) || text.Contains("\\{", StringComparison.Ordinal));
        Assert.Contains(texts, text => text.Replace("\u200B", "", StringComparison.Ordinal).Contains(organisation, StringComparison.Ordinal));
        var practice = await PracticeOfAsync("msteams", "user-1");
        Assert.Equal(organisation, System.Text.Json.JsonSerializer.Deserialize<string>(practice!.Answers.Single(a => a.QuestionId == "contact_organisation").ValueJson!));
    }

    [Fact]
    public async Task A_card_value_naming_an_unknown_command_or_question_is_not_an_answer()
    {
        var chat = Driver("en-GB", channel: "webchat");
        await chat.StartAsync();

        var replies = await chat.SendAsync(ActivityAssertions.Submit(chat.Adapter, new JObject { ["regin"] = "command", ["command"] = "format_disk" }));
        Assert.Equal("contact_name", replies.AskedQuestion());
        replies = await chat.SendAsync(ActivityAssertions.Submit(chat.Adapter, new JObject { ["regin"] = "answer", ["question"] = "no_such_question", ["codes"] = "x" }));
        Assert.Equal("contact_name", replies.AskedQuestion());
        Assert.Null(await PracticeOfAsync("webchat", "user-1"));
    }
}

/// <summary>"Did you mean Puglia (ITF4)?" with Yes/No buttons on a card channel (the candidates come from a stand-in finder).</summary>
public sealed class DidYouMeanCardTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ChatHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await ChatHost.StartAsync(_database = await TestDatabase.CreateAsync(TestProviders.Sqlite), configure: services =>
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Regin.Core.Conversation.IAnswerCandidateFinder, PugliaTypo>(services));

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Yes_on_the_card_stores_the_candidate()
    {
        var chat = new ChatDriver(_host.Adapter("msteams", "conv-1", "user-1", "en-GB"), _host.Bot);
        await chat.StartAsync();
        await chat.SendAsync("change 7");

        var replies = await chat.SendAsync("Pugila");
        Assert.Equal("Did you mean Puglia (ITF4)?", replies.Single().Shown());
        Assert.Equal(["Yes", "No"], replies.Single().Buttons());
        await chat.SendAsync(replies.Single().Press(chat.Adapter));

        var practice = await _host.PracticeOfAsync("msteams", "user-1");
        Assert.Equal("\"ITF4\"", practice!.Answers.Single(a => a.QuestionId == "region").ValueJson);
    }

    private sealed class PugliaTypo : Regin.Core.Conversation.IAnswerCandidateFinder
    {
        public IReadOnlyList<Regin.Core.Conversation.SuggestedAnswer> Find(Regin.Core.Questionnaire.Question question, Regin.Core.Normalisation.NormalisedAnswer answer, string language) =>
            answer.Original == "Pugila" ? [new("ITF4", "Puglia (ITF4)")] : [];
    }
}
