using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 43, a Liège official's chat: at the organisation's type "régie autonome" was kept under Other and confirmation
/// asked; "non, c'est un pouvoir local" was read as a bare no and the question asked blank (the answer after the no was
/// lost). At the regional authority's role, a required choice with no Other, the official who had moved on typed the
/// partners, then "depuis janvier 2017", each refused with the list of options again.
/// </summary>
public sealed class NoThenTheAnswerTests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
{
    private ConversationHost _host = null!;

    public Task InitializeAsync()
    {
        _host = classHost.Host.ForCase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string?> ValueOfAsync(string question) =>
        (await _host.PracticeOfAsync("sms", "user-1"))?.Answers.SingleOrDefault(a => a.QuestionId == question)?.ValueJson;

    /// <summary>Up to the lead organisation's type, as a hurried official of each language types it.</summary>
    private static readonly Dictionary<string, (string Locale, string[] ToKind)> Scripts = new()
    {
        ["fr"] = ("fr-BE", ["sophie lambert", "CPAS de Liège", "sophie.lambert@cpasliege.be", "-", "Réseau d'accueil des primo-arrivants", "belgique",
            "province de liège", "nous"]),
        ["en"] = ("en-IE", ["mary byrne", "Galway County Council", "mary@example.ie", "-", "Welcome Desk", "ireland", "western",
            "Galway County Council"]),
        ["de"] = ("de-DE", ["jens petersen", "Kreis Nordfriesland", "j.petersen@nordfriesland.de", "-", "Willkommenslotsen", "deutschland",
            "schleswig-holstein", "Kreis Nordfriesland"]),
    };

    private async Task<EngineChat> AtTheKindAsync(string language)
    {
        var (locale, toKind) = Scripts[language];
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        foreach (var answer in toKind)
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("lead_organisation_type", chat.AskedQuestion);
        return chat;
    }

    [Theory]
    [InlineData("fr", "régie autonome", "non, c'est un pouvoir local")]
    [InlineData("en", "an arms-length body", "no, it's the county council")]
    [InlineData("de", "Eigenbetrieb", "nein, eine Kommune")]
    public async Task A_no_with_the_answer_after_it_at_an_other_confirmation_is_that_answer(string language, string unknown, string noThenAnswer)
    {
        var chat = await AtTheKindAsync(language);
        await chat.SendAsync(unknown);
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(noThenAnswer);
        Assert.Equal("\"local_authority\"", await ValueOfAsync("lead_organisation_type"));
        Assert.Equal("regional_authority_role", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
    }

    [Theory]
    [InlineData("fr", "non")]
    [InlineData("en", "no")]
    public async Task A_bare_no_still_asks_the_question_again(string language, string no)
    {
        var chat = await AtTheKindAsync(language);
        await chat.SendAsync(language == "fr" ? "régie autonome" : "an arms-length body");
        await chat.SendAsync(no);
        Assert.Equal("lead_organisation_type", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
    }

    [Theory]
    [InlineData("fr", "pouvoir local", "depuis janvier 2017", "oui", "\"2017-01\"")]
    [InlineData("en", "local authority", "since january 2017", "yes", "\"2017-01\"")]
    [InlineData("de", "kommune", "seit januar 2017", "ja", "\"2017-01\"")]
    public async Task A_date_typed_at_the_regional_authority_s_role_is_offered_at_the_start_date_and_the_role_asked_again(string language,
        string kind, string date, string yes, string stored)
    {
        var chat = await AtTheKindAsync(language);
        await chat.SendAsync(kind);
        Assert.Equal("regional_authority_role", chat.AskedQuestion);

        await chat.SendAsync(date);
        var offered = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal("start_date", offered.NextQuestionId);
        // The role has no Other to keep the words in: the offer says the role comes again, not "if not, I keep it there".
        var role = TestCore.Questionnaire.Questions.Single(q => q.Id == "regional_authority_role").Label.In(language);
        var thenBack = TestCore.Questionnaire.Messages["bot.answer_elsewhere_then_back"][language];
        Assert.Contains(chat.Shown, shown => shown.Contains(thenBack[(thenBack.LastIndexOf('?') + 2)..].Replace("{question}", role), StringComparison.Ordinal));

        await chat.SendAsync(yes);
        Assert.Equal(stored, await ValueOfAsync("start_date"));
        Assert.Null(await ValueOfAsync("regional_authority_role"));
        Assert.Equal("regional_authority_role", chat.AskedQuestion);
    }
}
