using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 39: the moves main's engine left to the contributor in the regional chats: the budget and the co-funder pasted
/// with the start date asked again blank, and the pick of two countries declined with a bare "No".
/// </summary>
public sealed class RegionalMoveTests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
{
    private ConversationHost _host = null!;

    public Task InitializeAsync()
    {
        _host = classHost.Host.ForCase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    // Since session 48 a yearly amount ("€80k a year") is no total budget and is not offered (kept as typed and flagged when
    // typed at the budget); the pasted budgets here are totals.
    private static readonly string[] ToTheStartDate =
        ["Mark Camilleri", "Ministry for Gozo", "mark.camilleri@gov.mt", "-", "Gozo Welcomes", "Malta", "Gozo", "Gozo Regional Council", "1", "1", "-", "-"];

    private static readonly string[] ToTheFunding =
        ["language, employment", "third-country nationals", "Workers from outside the EU had no one to help them.", "One desk for all paperwork.",
         "Advice desk, English and Maltese classes", "About 350 people helped.", "about 350"];

    private async Task<EngineChat> AtTheFundingAsync(string start)
    {
        var chat = _host.Chat("en-MT");
        await chat.StartAsync();
        foreach (var message in ToTheStartDate)
        {
            await chat.SendAsync(message);
        }
        Assert.Equal("start_date", chat.AskedQuestion);
        await chat.SendAsync(start);
        await chat.SendAsync("yes"); // "The period you gave runs until today: is the practice still ongoing?"
        foreach (var message in ToTheFunding)
        {
            await chat.SendAsync(message);
        }
        return chat;
    }

    [Fact]
    public async Task The_budget_and_the_co_funder_pasted_with_the_start_date_are_offered_at_their_questions()
    {
        // Both were kept in the start date's words only, and their questions asked blank.
        var chat = await AtTheFundingAsync("Started Feb 2021, still running; budget €80k, co-funded by AMIF");

        Assert.Equal("funding_sources", chat.AskedQuestion);
        var funding = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("co-funded by AMIF", funding.Original);
        Assert.Contains(chat.Shown, line => line.Contains("Earlier you wrote “co-funded by AMIF”", StringComparison.Ordinal));

        await chat.SendAsync("yes");

        Assert.Equal("budget_eur", chat.AskedQuestion);
        Assert.Contains(chat.Shown, line => line.Contains("Shall I take €80,000 as the answer here?", StringComparison.Ordinal));

        await chat.SendAsync("yes");

        Assert.Equal("innovative_elements", chat.AskedQuestion);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("[\"amif\"]", practice!.Answers.Single(a => a.QuestionId == "funding_sources").ValueJson);
        Assert.Equal("co-funded by AMIF", practice.Answers.Single(a => a.QuestionId == "funding_sources").Original);
        Assert.Equal("80000", practice.Answers.Single(a => a.QuestionId == "budget_eur").ValueJson);
    }

    [Theory]
    // After a comma, as people type it as often as a semicolon; a decimal comma ("80.000,-") separates nothing.
    [InlineData("Started Feb 2021, budget €80k", "2021-02", "ongoing")]
    [InlineData("1.2.2021, € 80.000,-", "2021-02-01", "still running")]
    public async Task A_budget_pasted_after_a_comma_at_the_start_date_is_offered_at_its_question(string start, string startRead, string end)
    {
        var chat = _host.Chat("en-MT");
        await chat.StartAsync();
        foreach (var message in ToTheStartDate)
        {
            await chat.SendAsync(message);
        }
        await chat.SendAsync(start);
        Assert.Equal("end_date", chat.AskedQuestion);
        await chat.SendAsync(end);
        foreach (var message in ToTheFunding)
        {
            await chat.SendAsync(message);
        }
        Assert.Equal("funding_sources", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
        await chat.SendAsync("ESF+");

        Assert.Equal("budget_eur", chat.AskedQuestion);
        Assert.Contains(chat.Shown, line => line.Contains("Shall I take €80,000 as the answer here?", StringComparison.Ordinal));
        await chat.SendAsync("yes");
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("80000", practice!.Answers.Single(a => a.QuestionId == "budget_eur").ValueJson);
        Assert.Equal(startRead, practice.Answers.Single(a => a.QuestionId == "start_date").ValueJson!.Trim('"'));
    }

    [Fact]
    public async Task A_web_address_alone_at_a_description_answers_the_website_and_the_description_is_asked_again()
    {
        var chat = await AtTheFundingAsync("Started Feb 2021, still running");
        await chat.SendAsync("ESF+");
        await chat.SendAsync("about €80k");
        Assert.Equal("innovative_elements", chat.AskedQuestion);

        await chat.SendAsync("www.gozo.gov.mt/welcomes");

        Assert.Equal("innovative_elements", chat.AskedQuestion);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("\"https://www.gozo.gov.mt/welcomes\"", practice!.Answers.Single(a => a.QuestionId == "website").ValueJson);
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "innovative_elements");
        // A description that names the address among its words stays the description.
        await chat.SendAsync("One desk for all paperwork, see www.gozo.gov.mt/welcomes");
        Assert.Equal("challenges_solutions", chat.AskedQuestion);
    }

    [Fact]
    public async Task A_pasted_fact_declined_leaves_its_question_asked_blank()
    {
        var chat = await AtTheFundingAsync("Started Feb 2021, still running; budget €80k, co-funded by AMIF");
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync("no");

        Assert.Equal("funding_sources", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
        await chat.SendAsync("ESF+");
        // The budget is still offered when its turn comes.
        Assert.Equal("budget_eur", chat.AskedQuestion);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
    }

    [Fact]
    public async Task A_pasted_amount_in_another_currency_is_not_offered()
    {
        // "CHF 1'200'000" has no value in euro to offer: the budget is asked blank, the co-funder offered.
        var chat = await AtTheFundingAsync("Started autumn 2019, still running; budget CHF 1'200'000 a year, co-funded by AMIF");
        Assert.Equal("funding_sources", chat.AskedQuestion);
        await chat.SendAsync("yes");

        Assert.Equal("budget_eur", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
    }

    [Fact]
    public async Task The_pick_of_two_countries_is_declined_by_its_own_button()
    {
        // The third button read "Nein" (no to which question?); typed or sent as text, its words are the decline.
        var chat = _host.Chat("de-CH");
        await chat.StartAsync();
        foreach (var message in new[] { "Urs Meier", "Kanton Zürich", "urs.meier@ji.zh.ch", "-", "Deutsch ab Tag 1" })
        {
            await chat.SendAsync(message);
        }
        Assert.Equal("country", chat.AskedQuestion);

        var offer = Assert.IsType<ConfirmationReply>((await chat.SendAsync("Schweiz / Deutschland")).Last());
        Assert.Equal("Keine davon", offer.NoLabel);
        Assert.Equal(["Schweiz", "Deutschland"], offer.Options.Select(o => o.Label));

        await chat.SendAsync("Keine davon");

        Assert.Equal("country", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.DoesNotContain(practice!.Answers, a => a.QuestionId == "country");
    }
}
