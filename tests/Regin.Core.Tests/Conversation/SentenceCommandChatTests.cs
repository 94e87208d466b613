namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Commands asked for in a sentence, as people write them: "je voudrais modifier la question 1" was recorded as the
/// organisation's name, and "on peut faire une pause ?" refused as an e-mail address.
/// </summary>
public sealed class SentenceCommandChatTests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
{
    private ConversationHost _host = null!;

    public Task InitializeAsync()
    {
        _host = classHost.Host.ForCase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_change_a_step_back_and_a_pause_asked_for_in_sentences_are_done_and_never_recorded_as_answers()
    {
        var chat = _host.Chat("fr-FR");
        await chat.StartAsync();
        await chat.SendAsync("Marie Dupont");
        Assert.Equal("contact_organisation", chat.AskedQuestion);

        await chat.SendAsync("je voudrais modifier la question 1");
        Assert.Equal("contact_name", chat.AskedQuestion);
        await chat.SendAsync("Marie Dupont-Martin");
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        await chat.SendAsync("Conseil régional de Bretagne");

        await chat.SendAsync("revenir à la question précédente");
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        await chat.SendAsync("on peut faire une pause ?");
        Assert.True(chat.Progress.Paused);

        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal(["contact_name", "contact_organisation"], practice!.Answers.Select(a => a.QuestionId).Order());
        Assert.Equal("Marie Dupont-Martin", practice.Answers.Single(a => a.QuestionId == "contact_name").Original);
        Assert.Equal("Conseil régional de Bretagne", practice.Answers.Single(a => a.QuestionId == "contact_organisation").Original);
    }

    [Fact]
    public async Task A_mistake_named_in_a_sentence_changes_that_question_and_is_not_the_answer_on_screen()
    {
        // "sorry, I made a mistake in the title" was stored as the lead organisation's name.
        var chat = _host.Chat("en-GB");
        await chat.StartAsync();
        await chat.SendAsync("change 8");
        Assert.Equal("lead_organisation", chat.AskedQuestion);

        await chat.SendAsync("sorry, I made a mistake in the title");

        Assert.Equal("title", chat.AskedQuestion);
        Assert.DoesNotContain((await _host.PracticeOfAsync("sms", "user-1"))?.Answers ?? [], a => a.QuestionId == "lead_organisation");
    }

    [Theory]
    // Session 28: each was stored as the organisation's name.
    [InlineData("es-ES", "vuelvo a la pregunta 1")]
    [InlineData("fr-FR", "je reviens à la question 1")]
    [InlineData("it-IT", "torno alla domanda 1")]
    [InlineData("pt-PT", "volto à pergunta 1")]
    public async Task Going_back_to_a_question_named_in_the_first_person_changes_it(string locale, string text)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("Ana Pires");
        Assert.Equal("contact_organisation", chat.AskedQuestion);

        await chat.SendAsync(text);

        Assert.Equal("contact_name", chat.AskedQuestion);
        Assert.Equal(["contact_name"], (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Select(a => a.QuestionId));
    }

    [Theory]
    // Session 28: each was stored as the organisation's name ("je reviens à 14h" at a date was refused as no date).
    [InlineData("fr-FR", "je dois filer en réunion", "c'est reparti")]
    [InlineData("fr-FR", "je reviens à 14h", "me voilà")]
    [InlineData("fr-FR", "je dois filer, je reviens vers 14h30", "re")]
    [InlineData("es-ES", "vuelvo a las 14h", "ya estoy de vuelta")]
    [InlineData("es-ES", "tengo que irme a una reunión", "aquí estoy")]
    [InlineData("it-IT", "devo scappare in riunione", "adesso")]
    [InlineData("it-IT", "torno alle 15", "eccomi")]
    [InlineData("pt-PT", "tenho de ir para uma reunião", "cá estou")]
    [InlineData("pt-PT", "volto às 14h", "estou aqui")]
    public async Task Leaving_for_a_meeting_or_until_a_time_pauses_and_coming_back_resumes(string locale, string leaving, string back)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("Ana Pires");
        Assert.Equal("contact_organisation", chat.AskedQuestion);

        await chat.SendAsync(leaving);
        Assert.True(chat.Progress.Paused);
        await chat.SendAsync(back);

        Assert.False(chat.Progress.Paused);
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        Assert.Equal(["contact_name"], (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Select(a => a.QuestionId));
    }

    [Theory]
    [InlineData("10", "regional_authority_role")]
    [InlineData("8", "lead_organisation")]
    public async Task A_pause_closing_a_longer_message_pauses_where_no_long_text_is_asked(string number, string questionId)
    {
        // At a choice question it was read as a typo of "Indirect: support" ("Did you mean …?"), at the lead organisation
        // stored as its name.
        var chat = _host.Chat("en-GB");
        await chat.StartAsync();
        await chat.SendAsync("change " + number);
        Assert.Equal(questionId, chat.AskedQuestion);

        await chat.SendAsync("hang on, I need to check something with my colleague, I'll come back later");

        Assert.True(chat.Progress.Paused);
        Assert.DoesNotContain((await _host.PracticeOfAsync("sms", "user-1"))?.Answers ?? [], a => a.QuestionId == questionId);
    }

    [Theory]
    [InlineData("sì, grazie")]
    [InlineData("si grazie mille")]
    public async Task A_yes_with_thanks_after_it_confirms_a_guess(string reply)
    {
        // "sì, grazie", "oui merci", "sim, obrigada" to "Did you mean Puglia?" were asked again.
        var chat = _host.Chat("it-IT");
        await chat.StartAsync();
        await chat.SendAsync("modifica 6");
        await chat.SendAsync("Italia");
        await chat.SendAsync("modifica 7");
        Assert.Equal("region", chat.AskedQuestion);
        await chat.SendAsync("Pugila");

        await chat.SendAsync(reply);

        Assert.Equal("\"ITF4\"", (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "region").ValueJson);
    }

    [Fact]
    public async Task Free_text_that_ends_with_a_pause_word_is_an_answer()
    {
        var chat = _host.Chat("en-GB");
        await chat.StartAsync();
        await chat.SendAsync("change 20");
        Assert.Equal("results", chat.AskedQuestion);

        await chat.SendAsync("240 people reached so far; figures for 2025 will come later");

        Assert.False(chat.Progress.Paused);
        Assert.Equal("240 people reached so far; figures for 2025 will come later",
            (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "results").Original);
    }
}
