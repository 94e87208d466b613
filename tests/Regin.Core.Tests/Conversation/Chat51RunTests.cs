using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 51 (chat51): what last session's plays of hurried contributors met and left. The partners named after the lead
/// organisation ("a camara com apoio da cruz vermelha e do ACM") kept in its name.
/// </summary>
public sealed class Chat51RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private const string Lead = "lead_organisation";

    private static string[] ToTheLead(string locale) => locale[..2] switch
    {
        "pt" => ["ana costa", "CM Evora", "ana.costa@cm-evora.pt", "266 777 000", "Evora Acolhe", "portugal", "alentejo"],
        "fr" => ["marc dubois", "Ville de Liège", "m.dubois@liege.be", "passer", "Liège Accueil", "belgique", "province de liège"],
        "de" => ["anna keller", "Stadt Graz", "a.keller@stadt.graz.at", "überspringen", "Grazer Willkommen", "österreich", "steiermark"],
        "es" => ["lucia gomez", "Fundacion Cepaim", "lucia@cepaim.org", "saltar", "Acogida en red", "españa", "region de murcia"],
        "it" => ["giulia ferri", "Comune di Palermo", "g.ferri@comune.palermo.it", "salta", "Sportello migranti", "italia", "sicilia"],
        "el" => ["μαρια παπαδακη", "Δήμος Μυτιλήνης", "maria@mytilene.gr", "παράλειψη", "Κέντρο Ένταξης", "ελλάδα", "βόρειο αιγαίο"],
        "sv" => ["karin lind", "Umeå kommun", "karin.lind@umea.se", "hoppa över", "Språkvän", "sverige", "västerbotten"],
        _ => ["Niamh Walsh", "Galway County Council", "niamh@galway.ie", "087 123 4567", "Welcome Tables", "ireland", "west, galway"],
    };

    private static string Yes(string locale) => locale[..2] switch
    {
        "sv" => "ja", "de" => "ja", "pt" => "sim", "fr" => "oui", "it" => "si", "es" => "si", "el" => "ναι", _ => "yes",
    };

    // 2. The partners after the lead organisation: the organisation kept, the partners offered at the partners question.

    [Theory]
    [InlineData("pt-PT", "Santa Casa da Misericordia com apoio da cruz vermelha e do ACM", "Santa Casa da Misericordia", "cruz vermelha e do ACM")]
    [InlineData("de-DE", "Caritas Steiermark in Zusammenarbeit mit der Stadt Graz und dem AMS", "Caritas Steiermark", "Stadt Graz und dem AMS")]
    [InlineData("es-ES", "Cruz Roja en colaboracion con Accem y el ayuntamiento", "Cruz Roja", "Accem y el ayuntamiento")]
    [InlineData("it-IT", "Caritas diocesana con il sostegno del comune e della ASL", "Caritas diocesana", "comune e della ASL")]
    [InlineData("fr-FR", "CRIPEL avec le soutien de la ville et du CPAS", "CRIPEL", "ville et du CPAS")]
    [InlineData("el-GR", "ΜΚΟ Αλληλεγγύη σε συνεργασία με την Περιφέρεια", "ΜΚΟ Αλληλεγγύη", "Περιφέρεια")]
    [InlineData("sv-SE", "Röda korset i samarbete med kommunen och Arbetsförmedlingen", "Röda korset", "kommunen och Arbetsförmedlingen")]
    [InlineData("en-IE", "Cope Galway with support from the HSE and the ETB", "Cope Galway", "HSE and the ETB")]
    public async Task The_partners_after_the_lead_organisation_are_offered_at_the_partners(string locale, string typed, string organisation, string partners)
    {
        var chat = await AtAsync(locale, Lead, ToTheLead(locale));

        await chat.SendAsync(typed);

        var lead = await AnswerOfAsync(Lead);
        Assert.Equal(organisation, lead?.ValueJson?.Unquoted());
        Assert.Equal(typed, lead!.Original);
        Assert.Equal("lead_organisation_type", chat.AskedQuestion);
        foreach (var answer in new[] { "2", "1", "-" })
        {
            await chat.SendAsync(answer);
        }

        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("partners", offer.QuestionId);
        Assert.Contains(chat.Shown, shown => shown.Contains(partners, StringComparison.Ordinal));
        await chat.SendAsync(Yes(locale));
        Assert.Equal(partners, (await AnswerOfAsync("partners"))?.ValueJson?.Unquoted());
    }

    [Theory]
    [InlineData("de-DE", "Stiftung mit Herz")]
    [InlineData("pt-PT", "Associação Com Vida")]
    [InlineData("en-IE", "Doras with Migrants")]
    public async Task A_one_word_with_in_a_name_stays_in_the_name(string locale, string typed)
    {
        var chat = await AtAsync(locale, Lead, ToTheLead(locale));

        await chat.SendAsync(typed);

        Assert.Equal(typed, (await AnswerOfAsync(Lead))?.ValueJson?.Unquoted());
    }

}
