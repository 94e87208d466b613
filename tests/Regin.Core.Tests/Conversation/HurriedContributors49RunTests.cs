using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Conversation;
using Regin.Core.Questionnaire;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 49 (chatplay49), contributors played over the real host: a Lisbon municipal officer on a phone (pt, no accents),
/// a Malmö NGO coordinator (sv, "kommunen", "AF", "SFI", "ca"), a Bologna researcher pasting from a report (it), a Valencia
/// official writing Valencian and Spanish, and a Teams user (the HTML text Teams sends: Regin.Bot.Tests' TeamsHtmlTextTests).
/// What they met: "o que quer dizer esta pergunta?" and "vad betyder det?" were looked up in the glossary as the terms
/// "esta pergunta" and "det" ("not in the glossary" and the list of its terms) instead of explaining the question on screen;
/// "volto amanha" was kept under Other as the lead organisation's type; "regionen ger bidrag, inget mer" ("nothing more")
/// was read as the funding role plus "No role" and refused as a contradiction.
/// </summary>
public sealed class HurriedContributors49RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private static readonly string[] PortugueseToType =
    [
        "sou a ines carvalho", "camara municipal de lisboa", "ines.carvalho@cm-lisboa.pt", "912 345 678",
        "centro local de apoio a integracao de migrantes de lisboa", "portugal", "area metropolitana de lisboa", "camara municipal de lisboa",
    ];

    private static readonly string[] SwedishToRole =
    [
        "Sara Lindqvist", "Föreningen Nya Grannar Malmö", "sara@nyagrannar.se", "hoppa över", "Jobbspår för nyanlända kvinnor", "sverige",
        "skane", "vi (föreningen) i samarbete m kommunen", "ideell forening",
    ];

    [Theory]
    [InlineData("pt-PT", "o que quer dizer esta pergunta?")]
    [InlineData("sv-SE", "vad betyder det?")]
    [InlineData("sv-SE", "vad betyder frågan")]
    [InlineData("en-GB", "what does this question mean?")]
    [InlineData("it-IT", "cosa significa questa domanda?")]
    public async Task Asking_what_the_question_means_explains_the_question_on_screen(string locale, string asked)
    {
        var chat = await AtAsync(locale, "contact_name");
        await chat.SendAsync("Ana");
        Assert.Equal("contact_organisation", chat.AskedQuestion);

        await chat.SendAsync(asked);

        var organisation = Host.Services.GetRequiredService<QuestionnaireDefinition>().Questions.Single(q => q.Id == "contact_organisation");
        Assert.Contains(chat.Last.OfType<MessageReply>(), m => m.Parts.Any(p => p.Text == organisation.Help.In(locale[..2])));
        Assert.Null(await AnswerOfAsync("contact_organisation"));
        Assert.Equal("contact_organisation", chat.Progress.QuestionId);
    }

    [Theory]
    [InlineData("pt-PT", "volto amanha")]
    [InlineData("en-GB", "back tomorrow")]
    [InlineData("sv-SE", "tillbaka imorgon")]
    [InlineData("it-IT", "torno domani")]
    [InlineData("es-ES", "vuelvo mañana")]
    public async Task Back_tomorrow_is_a_pause_not_an_answer(string locale, string typed)
    {
        var chat = await AtAsync(locale, "contact_name");
        await chat.SendAsync("Ana Ruiz");
        await chat.SendAsync(typed);
        Assert.True(chat.Progress.Paused);
        Assert.Null(await AnswerOfAsync("contact_organisation"));
    }

    [Fact]
    public async Task The_lisbon_officer_back_tomorrow_at_a_choice_keeps_nothing_under_other()
    {
        var chat = await AtAsync("pt-PT", "lead_organisation_type", PortugueseToType);
        await chat.SendAsync("volto amanha");
        Assert.True(chat.Progress.Paused);
        Assert.Null(await AnswerOfAsync("lead_organisation_type"));
    }

    [Theory]
    [InlineData("sv-SE", "regionen ger bidrag, inget mer")]
    [InlineData("sv-SE", "regionen ger bidrag, inget annat")]
    [InlineData("en-GB", "the region gives a grant, nothing more")]
    [InlineData("en-GB", "the region gives us a grant, nothing else")]
    public async Task Nothing_more_after_a_role_is_that_role_alone(string locale, string typed)
    {
        var chat = await AtAsync(locale, "regional_authority_role", locale == "sv-SE" ? SwedishToRole : EnglishToRole);
        await chat.SendAsync(typed);
        Assert.Equal("[\"indirect_funding\"]", (await AnswerOfAsync("regional_authority_role"))!.ValueJson);
    }

    [Theory]
    [InlineData("sv-SE", "inget")]
    [InlineData("en-GB", "nothing")]
    public async Task Nothing_alone_is_still_no_role(string locale, string typed)
    {
        var chat = await AtAsync(locale, "regional_authority_role", locale == "sv-SE" ? SwedishToRole : EnglishToRole);
        await chat.SendAsync(typed);
        Assert.Equal("[\"none\"]", (await AnswerOfAsync("regional_authority_role"))!.ValueJson);
    }

    private static readonly string[] EnglishToRole =
    [
        "Aoife Byrne", "Dublin City Council", "aoife.byrne@dublincity.ie", "skip", "Welcome Hub for newcomers", "Ireland", "Dublin",
        "Dublin City Council", "local authority",
    ];

    private static readonly string[] ItalianToTargetGroups =
    [
        "Chiara Fabbri", "Università di Bologna", "chiara.fabbri@unibo.it", "no", "Parole in Comune", "Italia", "Emilia-Romagna",
        "Comune di Bologna", "comune", "cofinanzia", "salta", "salta", "settembre 2018", "giugno 2021", "lingua e istruzione",
    ];

    [Theory]
    [InlineData("it-IT", "Il target principale erano le donne migranti di paesi terzi, in particolare madri con figli piccoli.", "[\"women\",\"third_country_nationals\",\"children_youth\"]")]
    [InlineData("it-IT", "il target erano le donne migranti", "[\"women\"]")]
    [InlineData("en-GB", "the main target were migrant women", "[\"women\"]")]
    public async Task The_target_named_in_a_pasted_sentence_keeps_nothing_under_other(string locale, string typed, string codes)
    {
        var chat = await AtAsync(locale, "target_groups", locale == "it-IT" ? ItalianToTargetGroups : EnglishToTargetGroups);
        await chat.SendAsync(typed);
        Assert.Equal(codes, (await AnswerOfAsync("target_groups"))!.ValueJson);
        Assert.Equal("description", chat.AskedQuestion);
    }

    private static readonly string[] EnglishToTargetGroups =
    [
        .. EnglishToRole, "the region funds it", "skip", "skip", "March 2022", "ongoing", "language and education",
    ];

    [Theory]
    [InlineData("bon dia")]
    [InlineData("Bon dia!")]
    [InlineData("bos días")]
    [InlineData("kaixo")]
    public async Task A_greeting_in_catalan_galician_or_basque_to_a_spanish_chat_is_no_name(string greeting)
    {
        var chat = await AtAsync("es-ES", "contact_name");
        await chat.SendAsync(greeting);
        Assert.Equal("contact_name", chat.AskedQuestion);
        Assert.Null(await AnswerOfAsync("contact_name"));
        await chat.SendAsync("Vicent Martí Soler");
        Assert.Equal("Vicent Martí Soler", (await AnswerOfAsync("contact_name"))!.Original);
    }

    private static readonly string[] ValencianToDetails =
    [
        "Vicent Martí Soler", "Generalitat Valenciana - Conselleria d'Igualtat", "vmarti@gva.es", "96 123 45 67",
        "Xarxa d'acollida de persones migrades", "espanya", "comunitat valenciana", "la Generalitat", "autoridad regional",
        "coordinamos y financiamos",
    ];

    [Fact]
    public async Task The_valencian_official_declines_and_says_still_running_in_valencian()
    {
        var chat = await AtAsync("es-ES", "regional_authority_role_details", ValencianToDetails);
        await chat.SendAsync("no cal");
        Assert.Null(await AnswerOfAsync("regional_authority_role_details"));
        Assert.Equal("partners", chat.AskedQuestion);
        await chat.SendAsync("els ajuntaments de la xarxa, Creu Roja i CEAR");
        await chat.SendAsync("gener 2017");
        Assert.Equal("\"2017-01\"", (await AnswerOfAsync("start_date"))!.ValueJson);
        await chat.SendAsync("encara en marxa");
        Assert.Equal("\"ongoing\"", (await AnswerOfAsync("end_date"))!.ValueJson);
        Assert.Equal("integration_areas", chat.AskedQuestion);
    }
}
