using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 47, the lead's first words as a new contributor: "I'd like to add our project" at the name was stored as the name,
/// and a first message that gives the name ("Hallo, ich bin Anna Schulz vom Landkreis Harburg", before any welcome: Teams
/// without its install event, a web chat opened on a link) was greeted and the name asked again, as if nothing was said.
/// </summary>
public sealed class FirstMessageRunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    [Theory]
    [InlineData("en-IE", "hi", "I'd like to add our project", "Aoife Byrne")]
    [InlineData("de-DE", "hallo", "wir möchten unser Projekt eintragen", "Anna Schulz")]
    [InlineData("es-ES", "hola", "quiero registrar una práctica de la Junta", "Ana Ruiz")]
    [InlineData("el-GR", "γεια σας", "θα ήθελα να καταχωρήσω ένα έργο", "Ελένη Βασιλείου")]
    public async Task What_they_came_for_typed_at_the_name_is_no_name(string locale, string greeting, string talk, string name)
    {
        var chat = Host.Chat(locale);
        await chat.SendAsync(greeting);
        Assert.Equal("contact_name", chat.AskedQuestion);

        await chat.SendAsync(talk);

        Assert.Null(await AnswerOfAsync("contact_name"));
        Assert.Equal("contact_name", chat.AskedQuestion);
        Assert.Contains(chat.Shown, line => line.Contains(TestCore.Questionnaire.Messages["validation.not_a_name"][locale[..2]], StringComparison.Ordinal));

        await chat.SendAsync(name);
        Assert.Equal(name, (await AnswerOfAsync("contact_name"))!.Original);
        Assert.Equal("contact_organisation", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("de-DE", "Hallo, ich bin Anna Schulz vom Landkreis Harburg", "Anna Schulz", "Landkreis Harburg")]
    [InlineData("it-IT", "Buongiorno, sono Francesca Lo Bue, coop. sociale Al Azis di Palermo", "Francesca Lo Bue", "coop. sociale Al Azis di Palermo")]
    [InlineData("en-IE", "hi im Aoife Byrne", "Aoife Byrne", null)]
    [InlineData("es-ES", "hola soy Ana Ruiz", "Ana Ruiz", null)]
    public async Task A_first_message_that_gives_the_name_is_welcomed_and_the_name_taken(string locale, string first, string name, string? offered)
    {
        var chat = Host.Chat(locale);

        await chat.SendAsync(first);

        Assert.Contains(chat.Shown, line => line.Contains(TestCore.Questionnaire.Messages["bot.welcome"][locale[..2]], StringComparison.Ordinal));
        Assert.Equal($"\"{name}\"", (await AnswerOfAsync("contact_name"))!.ValueJson);
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        if (offered is not null)
        {
            Assert.Equal(offered, chat.Progress.Pending is CandidateConfirmation offer ? offer.Candidates[0].Display : null);
            await chat.SendAsync(locale.StartsWith("de", StringComparison.Ordinal) ? "ja" : "sì");
            Assert.Equal(offered, (await AnswerOfAsync("contact_organisation"))!.Original);
        }
    }

    [Theory]
    [InlineData("es-ES", "hola soy de Sevilla")]
    [InlineData("en-IE", "hello, I have a project to share")]
    [InlineData("it-IT", "ciao sono interessata a inserire un progetto")]
    public async Task A_first_message_that_gives_no_name_is_welcomed_and_the_name_asked(string locale, string first)
    {
        var chat = Host.Chat(locale);

        await chat.SendAsync(first);

        Assert.Null(await AnswerOfAsync("contact_name"));
        Assert.Equal("contact_name", chat.AskedQuestion);
    }

    /// <summary>
    /// A contributor whose client speaks a language the chat does not (nl) is asked which language: "English then" and the like
    /// named it among words that are no request words, and the question came back again and again.
    /// </summary>
    [Theory]
    [InlineData("English then", "en")]
    [InlineData("ok english it is", "en")]
    [InlineData("mejor en español gracias", "es")]
    [InlineData("Deutsch wäre gut", "de")]
    [InlineData("Nederlands? anders English", "en")]
    public async Task A_language_named_among_other_words_where_the_chat_asks_which_is_taken(string answer, string language)
    {
        var chat = Host.Chat("nl-NL");
        await chat.SendAsync("Hallo, ik wil graag een project toevoegen");
        Assert.True(chat.Progress.AwaitingLanguage);

        await chat.SendAsync(answer);

        Assert.False(chat.Progress.AwaitingLanguage);
        Assert.Equal(language, chat.Progress.Language);
        Assert.Equal("contact_name", chat.AskedQuestion);
    }

    [Fact]
    public async Task Two_languages_named_where_the_chat_asks_which_is_asked_again()
    {
        var chat = Host.Chat("nl-NL");
        await chat.SendAsync("Hallo");

        await chat.SendAsync("English or French?");

        Assert.True(chat.Progress.AwaitingLanguage);
    }
}
