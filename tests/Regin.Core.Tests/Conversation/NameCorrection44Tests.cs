using Regin.Core.Conversation;
using Regin.Core.Localisation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 44, what chat44's Portuguese run left: "sou a marta ribeiro da camara municipal de braga" kept the organisation in
/// the name (pt has no org links: "Maria da Silva" is a name), and "o nome está errado, é só marta ribeiro" at "submit now?"
/// was ignored (the submit question came again).
/// </summary>
public sealed class NameCorrection44Tests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
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

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    [Theory]
    [InlineData("pt-PT", "sou a marta ribeiro da camara municipal de braga", "Marta Ribeiro", "sim", "camara municipal de braga")]
    [InlineData("pt-PT", "Maria da Silva do Município de Guimarães", "Maria da Silva", "sim", "Município de Guimarães")]
    [InlineData("es-ES", "soy lucia gomez del ayuntamiento de malaga", "Lucia Gomez", "sí", "ayuntamiento de malaga")]
    [InlineData("es-ES", "María de la Fuente de la Diputación de Málaga", "María de la Fuente", "sí", "Diputación de Málaga")]
    [InlineData("fr-FR", "je suis claire martin de la mairie de nantes", "Claire Martin", "oui", "mairie de nantes")]
    [InlineData("it-IT", "sono giulia ferri del comune di bologna", "Giulia Ferri", "sì", "comune di bologna")]
    [InlineData("de-DE", "hier ist petra vogel von der stadt kassel", "Petra Vogel", "ja", "stadt kassel")]
    public async Task An_organisation_after_a_link_word_is_left_out_of_the_name_and_offered(string locale, string typed, string name, string yes, string organisation)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();

        await chat.SendAsync(typed);

        Assert.Equal(Json(name), await ValueOfAsync("contact_name"));
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        await chat.SendAsync(yes);
        Assert.Equal(Json(organisation), await ValueOfAsync("contact_organisation"));
    }

    [Theory]
    [InlineData("pt-PT", "Maria da Silva")]
    [InlineData("pt-PT", "joão do carmo")]
    [InlineData("pt-PT", "sou a Ana de Sousa")]
    [InlineData("es-ES", "maría de la fuente")]
    [InlineData("fr-FR", "Jeanne de la Tour")]
    [InlineData("it-IT", "giulia di stefano")]
    [InlineData("de-DE", "Ursula von der Leyen")]
    public async Task A_name_with_a_link_word_in_it_stays_whole(string locale, string typed)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();

        await chat.SendAsync(typed);

        var name = System.Text.Json.JsonSerializer.Deserialize<string>((await ValueOfAsync("contact_name"))!);
        Assert.EndsWith(typed.Split(' ')[^1], name, StringComparison.OrdinalIgnoreCase); // "joão do carmo" is stored "João do Carmo" (session 55)
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
    }

    [Theory]
    // A post after a comma: the separator tells the organisation, as before; the kind link inside the post reads nothing.
    [InlineData("fr-FR", "Claire Martin, cheffe de service de la mairie de Nantes", "Claire Martin")]
    [InlineData("es-ES", "Lucía Gómez, técnica del Ayuntamiento de Málaga", "Lucía Gómez")]
    public async Task A_post_after_a_comma_is_no_part_of_the_name(string locale, string typed, string name)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();

        await chat.SendAsync(typed);

        Assert.Equal(Json(name), await ValueOfAsync("contact_name"));
    }

    [Theory]
    [InlineData("pt-PT", "o nome está errado, é só marta ribeiro", "Marta Ribeiro")]
    [InlineData("en-GB", "the name is wrong, it's just Marta Ribeiro", "Marta Ribeiro")]
    [InlineData("de-DE", "der Name ist falsch, nur Petra Vogel", "Petra Vogel")]
    [InlineData("fr-FR", "le nom est faux, c'est juste Claire Martin", "Claire Martin")]
    [InlineData("it-IT", "il nome è sbagliato, è solo giulia ferri", "Giulia Ferri")]
    [InlineData("es-ES", "el nombre está mal, es solo lucía gómez", "Lucía Gómez")]
    public async Task The_name_said_wrong_then_given_at_submit_now_is_corrected(string locale, string correction, string name)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await ConversationEngineTests.AnswerEverythingRequiredAsync(chat);
        await chat.SendAsync(TestCore.Questionnaire.Commands["submit"].In(Languages.FromLocale(locale)!)[0]);
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(correction);

        Assert.Equal(Json(name), await ValueOfAsync("contact_name"));
        Assert.Null((await _host.PracticeOfAsync("sms", "user-1"))!.SubmittedAt);
    }

    [Theory]
    [InlineData("pt-PT", "marta ribeiro da silva", "o nome está errado, é só marta ribeiro", "Marta Ribeiro")]
    [InlineData("en-GB", "Marta Ribeiro CCDR", "the name is wrong, it's just Marta Ribeiro", "Marta Ribeiro")]
    [InlineData("de-DE", "Petra Vogel Kassel", "der Name ist falsch, nur Petra Vogel", "Petra Vogel")]
    [InlineData("fr-FR", "claire martin nantes", "le nom est faux, c'est juste claire martin", "Claire Martin")]
    [InlineData("it-IT", "giulia ferri bologna", "il nome è sbagliato, è solo giulia ferri", "Giulia Ferri")]
    public async Task The_name_said_wrong_then_given_at_a_later_question_is_corrected(string locale, string typed, string correction, string name)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync(typed);
        Assert.Equal("contact_organisation", chat.AskedQuestion);

        await chat.SendAsync(correction);

        Assert.Equal(Json(name), await ValueOfAsync("contact_name"));
        Assert.Null(await ValueOfAsync("contact_organisation"));
    }
}
