using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Conversation;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// "Did you mean …?": the engine asks before it stores a guessed answer. The candidates come from the normaliser
/// through <see cref="IAnswerCandidateFinder"/>; here a finder with two fixed typos stands in for it.
/// </summary>
public sealed class DidYouMeanTests(DidYouMeanTests.TypoFinderClassHost classHost) : IAsyncLifetime, IClassFixture<DidYouMeanTests.TypoFinderClassHost>
{
    private ConversationHost _host = null!;

    public Task InitializeAsync()
    {
        _host = classHost.Host.ForCase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task One_candidate_is_asked_about_no_asks_the_question_again_and_yes_stores_it()
    {
        var chat = _host.Chat("it-IT");
        await chat.StartAsync();
        await chat.SendAsync("modifica 6");
        await chat.SendAsync("Italia");
        await chat.SendAsync("modifica 7");

        var replies = await chat.SendAsync("Pugila");
        var ask = Assert.IsType<ConfirmationReply>(replies.Single());
        Assert.Equal("Intendeva Puglia (ITF4)?", ask.Text);
        Assert.Equal(("Sì", "No"), (ask.YesLabel, ask.NoLabel));
        Assert.Null((await _host.PracticeOfAsync("sms", "user-1"))!.Answers.FirstOrDefault(a => a.QuestionId == "region"));
        Assert.Equal(["Intendeva Puglia (ITF4)?\n\nSì / No"], chat.Shown);

        await chat.SendAsync("no");
        Assert.Equal("region", chat.AskedQuestion);
        await chat.SendAsync("Pugila");
        await chat.SendAsync("sì");

        var region = (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "region");
        Assert.Equal("\"ITF4\"", region.ValueJson);
        // The researcher sees what the contributor typed before saying yes, as after an answer read as written.
        Assert.Equal("Pugila", region.Original);
        Assert.StartsWith("Registrato: Puglia (ITF4)", ((MessageReply)chat.Last[0]).Text);
    }

    [Theory]
    // A yes or a no said with a word or two more (each asked the question again), as people type them.
    [InlineData("it-IT", "sì certo", "\"ITF4\"")]
    [InlineData("en-GB", "yes of course", "\"ITF4\"")]
    [InlineData("de-DE", "ja, genau", "\"ITF4\"")]
    [InlineData("el-GR", "ναι βεβαίως", "\"ITF4\"")]
    [InlineData("en-GB", "no thanks", null)]
    public async Task A_yes_or_no_with_words_around_it_answers_the_question(string locale, string reply, string? stored)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("change 6");
        await chat.SendAsync("IT");
        await chat.SendAsync("change 7");
        Assert.IsType<ConfirmationReply>((await chat.SendAsync("Pugila")).Single());

        await chat.SendAsync(reply);

        Assert.Null(chat.Progress.Pending);
        Assert.Equal(stored, (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.FirstOrDefault(a => a.QuestionId == "region")?.ValueJson);
    }

    [Fact]
    public async Task Several_candidates_are_offered_by_number_and_another_answer_is_read_as_the_answer()
    {
        var chat = _host.Chat("en-GB");
        await chat.StartAsync();
        await chat.SendAsync("change 7");

        var replies = await chat.SendAsync("Galizia");
        var ask = Assert.IsType<ConfirmationReply>(replies.Single());
        Assert.Equal(["Galicia (ES11)", "Galicia region (PL21)"], ask.Options.Select(o => o.Label));
        await chat.SendAsync(new OptionPicked(2));
        // The first answer of the chat: the picked option starts the draft, with the contributor's words kept.
        var picked = (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "region");
        Assert.Equal(("\"PL21\"", "Galizia"), (picked.ValueJson, picked.Original));

        await chat.SendAsync("change 7");
        await chat.SendAsync("Galizia");
        await chat.SendAsync("Skåne");
        var typed = (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "region");
        Assert.Equal(("\"SE22\"", "Skåne"), (typed.ValueJson, typed.Original));
    }

    [Theory]
    // A candidate picked by its place in the list, as people type it (session 26: "il secondo" was refused).
    [InlineData("it-IT", "il secondo", "\"PL21\"")]
    [InlineData("en-GB", "the second one", "\"PL21\"")]
    [InlineData("fr-FR", "la deuxième", "\"PL21\"")]
    [InlineData("de-DE", "die erste", "\"ES11\"")]
    [InlineData("sv-SE", "den andra", "\"PL21\"")]
    [InlineData("el-GR", "το πρώτο", "\"ES11\"")]
    public async Task A_candidate_is_picked_by_its_place(string locale, string reply, string stored)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("change 7");
        Assert.IsType<ConfirmationReply>((await chat.SendAsync("Galizia")).Single());

        await chat.SendAsync(reply);

        Assert.Null(chat.Progress.Pending);
        var picked = (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "region");
        Assert.Equal((stored, "Galizia"), (picked.ValueJson, picked.Original));
    }

    [Fact]
    public async Task A_place_past_the_list_picks_nothing()
    {
        var chat = _host.Chat("en-GB");
        await chat.StartAsync();
        await chat.SendAsync("change 7");
        Assert.IsType<ConfirmationReply>((await chat.SendAsync("Galizia")).Single());

        await chat.SendAsync("the fourth");

        // Read as a new answer to the question, as a number past the list is: neither candidate is stored.
        var region = (await _host.PracticeOfAsync("sms", "user-1"))?.Answers.FirstOrDefault(a => a.QuestionId == "region")?.ValueJson ?? "";
        Assert.DoesNotContain("ES11", region);
        Assert.DoesNotContain("PL21", region);
    }

    /// <summary>Two typos of regions, as the normaliser's typo matching would offer them.</summary>
    /// <summary>The class's one host, its finder the typos' stand-in.</summary>
    public sealed class TypoFinderClassHost : ConversationClassHost
    {
        protected override void Configure(IServiceCollection services) => services.AddSingleton<IAnswerCandidateFinder, TypoFinder>();
    }

    private sealed class TypoFinder : IAnswerCandidateFinder
    {
        public IReadOnlyList<SuggestedAnswer> Find(Question question, NormalisedAnswer answer, string language) =>
            question.Id != "region" ? []
            : answer.Original == "Pugila" ? [new SuggestedAnswer("ITF4", "Puglia (ITF4)")]
            : answer.Original == "Galizia" ? [new SuggestedAnswer("ES11", "Galicia (ES11)"), new SuggestedAnswer("PL21", "Galicia region (PL21)")]
            : [];
    }
}
