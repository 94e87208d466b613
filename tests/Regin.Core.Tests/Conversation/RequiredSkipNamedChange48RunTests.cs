using Regin.Core.Conversation;
using Regin.Core.Conversation.Commands;
using Regin.Core.Localisation;
using Microsoft.Extensions.DependencyInjection;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 48's hurried contributors (chatplay47's findings left): a skip typed after its reason at a required question
/// ("δεν ξερω ακομα, εξαρταται απο το επομενο ΕΣΠΑ, παράλειψη", "ainda nao sabemos, o PT2030 acaba em 2027, por agora
/// saltar", "weiß ich noch nicht, überspringen") was stored whole as the answer; a question's number named first with no
/// change word ("bei 8 bitte nur: …", "στο 12 μόνο: …", "na 12: …", "pour la 8 : …") was stored at the question on screen.
/// </summary>
public sealed class RequiredSkipNamedChange48RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private static readonly CommandParser Parser = new(TestCore.Questionnaire);

    private static readonly string[] GreekToTargetGroups =
    [
        "Μαρία Παπαδοπούλου", "ΜΚΟ Αλληλεγγύη Θεσσαλονίκης", "maria.p@allileggyi-thess.gr", "6971234567",
        "Σπίτι Φιλοξενίας για ασυνόδευτους ανήλικους", "ελλαδα", "κεντρικη μακεδονια", "η ΜΚΟ μας", "ΜΚΟ",
        "η Περιφέρεια χρηματοδοτεί μέσω ΕΣΠΑ, δεν συντονίζει", "παράλειψη", "ΔΥΠΑ, Δήμος Θεσσαλονίκης, ΕΚΚΑ και η UNHCR",
        "από τον Σεπτέμβρη του 2022", "συνεχίζεται", "στέγαση, εκπαίδευση, ψυχοκοινωνική υποστήριξη",
    ];

    private static readonly string[] FrenchToTargetGroups =
    [
        "Claire Martin", "Conseil départemental de la Seine-Saint-Denis (CD 93)", "claire.martin@seinesaintdenis.fr", "passer",
        "Parcours d'accueil des primo-arrivants et des MNA", "france", "ile de france", "le Département", "le Département, c'est une collectivité territoriale",
        "la région pilote et cofinance", "passer", "la CAF, la DDETS et les associations", "janvier 2021", "toujours en cours",
        "apprentissage du français, emploi et formation",
    ];

    private static readonly string[] PortugueseToDescription =
    [
        "Joana Ferreira", "Associacao Lisboa Acolhe", "joana.ferreira@lisboaacolhe.org", "+351 912 345 678",
        "Casa Comum - acolhimento de migrantes e refugiados em Lisboa", "portugal", "lisboa", "a nossa associacao, em parceria com a Santa Casa",
        "ONG", "apoio", "saltar", "Santa Casa da Misericordia de Lisboa, AIMA, IEFP", "setembro de 2021", "ainda esta a decorrer",
        "emprego, aprendizagem do portugues", "migrantes e refugiados, sobretudo requerentes de asilo e familias recem chegadas",
    ];

    private static readonly string[] GermanToTitle = ["Anna Schmidt", "Landkreis Osnabrück, Fachdienst Migration", "a.schmidt@lkos.de", "überspringen"];

    private static readonly string[] GreekToTitle = ["Μαρία Παπαδοπούλου", "ΜΚΟ Αλληλεγγύη Θεσσαλονίκης", "maria.p@allileggyi-thess.gr", "6971234567"];

    private string Said(string key, string language) => Host.Services.GetRequiredService<Texts>().Get(key, language);

    [Theory]
    [InlineData("pt-PT", "description", "ainda nao sabemos, o PT2030 acaba em 2027, por agora saltar", "pt")]
    [InlineData("el-GR", "title", "δεν ξερω ακομα, εξαρταται απο το επομενο ΕΣΠΑ, παράλειψη", "el")]
    [InlineData("de-DE", "title", "weiß ich noch nicht, überspringen", "de")]
    [InlineData("de-DE", "title", "hab ich grad nicht zur hand, bitte überspringen", "de")]
    public async Task A_skip_after_its_reason_at_a_required_question_is_no_answer(string locale, string question, string typed, string language)
    {
        var answers = locale switch { "pt-PT" => PortugueseToDescription, "el-GR" => GreekToTitle, _ => GermanToTitle };
        var chat = await AtAsync(locale, question, answers);

        await chat.SendAsync(typed);

        Assert.Null(await AnswerOfAsync(question));
        Assert.Equal(question, chat.AskedQuestion);
        Assert.True(chat.Shown.Any(s => s.Contains(Said(ConversationMessageKeys.CannotSkipYet, language), StringComparison.Ordinal)), string.Join(" | ", chat.Shown));
        // What it says to do works: a pause.
        await chat.SendAsync(language switch { "pt" => "pausa", "el" => "παύση", _ => "Pause" });
        Assert.True(chat.Progress.Paused);
        Assert.Null(await AnswerOfAsync(question));
    }

    [Theory]
    [InlineData("pt-PT", "saltamos a burocracia, as familias vao direto ao balcao e depois ao centro de saude")]
    [InlineData("pt-PT", "as familias chegam sem nada e nao sabem a quem recorrer, por isso nao podemos saltar etapas")]
    public async Task A_long_text_that_merely_holds_a_skip_word_is_the_answer(string locale, string typed)
    {
        var chat = await AtAsync(locale, "description", PortugueseToDescription);

        await chat.SendAsync(typed);

        Assert.Equal(typed, (await AnswerOfAsync("description"))?.Original);
        Assert.Equal("objectives", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("pt-PT", "na 12: Santa Casa da Misericordia, AIMA, IEFP e a Junta de Freguesia", "partners", "description")]
    [InlineData("pt-PT", "na 8: Associacao Lisboa Acolhe e Santa Casa", "lead_organisation", "description")]
    [InlineData("el-GR", "στο 12 μόνο: ΔΥΠΑ και Δήμος Θεσσαλονίκης", "partners", "target_groups")]
    [InlineData("fr-FR", "pour la 8 : le Département de la Seine-Saint-Denis", "lead_organisation", "target_groups")]
    public async Task A_question_number_first_with_a_colon_corrects_that_question(string locale, string typed, string corrected, string onScreen)
    {
        var answers = locale switch { "pt-PT" => PortugueseToDescription, "el-GR" => GreekToTargetGroups, _ => FrenchToTargetGroups };
        var chat = await AtAsync(locale, onScreen, answers);
        var value = typed[(typed.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        if (value.StartsWith("μόνο", StringComparison.Ordinal))
        {
            value = value["μόνο".Length..].Trim();
        }

        await chat.SendAsync(typed);

        Assert.Equal(value, (await AnswerOfAsync(corrected))?.Original);
        Assert.Null(await AnswerOfAsync(onScreen));
        Assert.Equal(onScreen, chat.AskedQuestion);
    }

    [Theory]
    [InlineData("bei 8 bitte nur: Landkreis Osnabrück", 8, "Landkreis Osnabrück")]
    [InlineData("bei 16 bitte nur: Ukrainerinnen und Kinder", 16, "Ukrainerinnen und Kinder")]
    [InlineData("στο 16 μόνο: ασυνόδευτοι ανήλικοι", 16, "ασυνόδευτοι ανήλικοι")]
    [InlineData("na 12: Santa Casa e AIMA", 12, "Santa Casa e AIMA")]
    [InlineData("pour la 8 : le Département", 8, "le Département")]
    [InlineData("sorry, at 5: Welcome Tables", 5, "Welcome Tables")]
    public void A_question_number_named_first_reads_as_a_change(string text, int number, string value)
    {
        Assert.Equal((number, value, true), Parser.ChangeWithValue(text));
    }

    [Theory]
    [InlineData("8 Familien, vor allem aus der Ukraine")]
    [InlineData("2023")]
    [InlineData("bei 8 Familien war das so")]
    [InlineData("in 2023: 40 Familien")]
    [InlineData("na 12 semanas: cerca de 40 familias")]
    [InlineData("i 3 kommuner: Umeå, Vännäs och Robertsfors")]
    [InlineData("στο 1ο έτος 40 οικογένειες")]
    public void A_number_in_an_answer_is_no_change(string text)
    {
        Assert.Null(Parser.ChangeWithValue(text));
    }
}
