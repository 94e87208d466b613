using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// What the lead met playing contributors in session 52: a French official of the Métropole de Lyon in a hurry ("oui + la
/// mission locale" at the partners offered from the lead organisation's line was stored as the partners, the offer lost).
/// </summary>
public sealed class Lead52RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    [Theory]
    [InlineData("fr-FR", "CRIPEL avec le soutien de la ville et du CPAS", "oui + la mission locale", "ville, CPAS, mission locale")]
    [InlineData("de-DE", "Caritas Steiermark in Zusammenarbeit mit der Stadt Graz und dem AMS", "ja und die Diakonie", "Stadt Graz, AMS, Diakonie")]
    [InlineData("en-IE", "Cope Galway with support from the HSE and the ETB", "yes, plus the local library", "HSE, ETB, local library")]
    [InlineData("es-ES", "Cruz Roja en colaboracion con Accem y el ayuntamiento", "si, y tambien caritas", "Accem, ayuntamiento, caritas")]
    [InlineData("el-GR", "ΜΚΟ Αλληλεγγύη σε συνεργασία με την Περιφέρεια", "ναι & ο δημος", "Περιφέρεια, δημος")]
    public async Task A_yes_adding_to_the_partners_offered_keeps_both(string locale, string lead, string typed, string partners)
    {
        var chat = await AtAsync(locale, "lead_organisation", Chat51RunTests.ToTheLead(locale));
        await chat.SendAsync(lead);
        foreach (var answer in new[] { "2", "1", "-" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("partners", Assert.IsType<CandidateConfirmation>(chat.Progress.Pending).QuestionId);

        await chat.SendAsync(typed);

        Assert.Equal(partners, (await AnswerOfAsync("partners"))?.ValueJson?.Unquoted());
        Assert.Null(chat.Progress.Pending);
        Assert.Equal("start_date", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("fr-FR", "oui, c'est bien ça")]
    [InlineData("en-IE", "yes that's right")]
    public async Task A_yes_adding_nothing_takes_the_offer_as_it_is(string locale, string typed)
    {
        var chat = await AtAsync(locale, "lead_organisation", Chat51RunTests.ToTheLead(locale));
        await chat.SendAsync(locale[..2] == "fr" ? "CRIPEL avec le soutien de la ville et du CPAS" : "Cope Galway with support from the HSE and the ETB");
        foreach (var answer in new[] { "2", "1", "-" })
        {
            await chat.SendAsync(answer);
        }

        await chat.SendAsync(typed);

        Assert.Equal(locale[..2] == "fr" ? "ville, CPAS" : "HSE, ETB", (await AnswerOfAsync("partners"))?.ValueJson?.Unquoted());
    }

    [Theory]
    [InlineData("fr-FR", "claire dubois, charge de mission inclusion a la metropole de lyon", "metropole de lyon")]
    [InlineData("it-IT", "giulia ferri, referente presso la Regione Puglia", "Regione Puglia")]
    // lang53: es "en" and it "al" before an organisation's word.
    [InlineData("es-ES", "lucia martinez, tecnica en el ayuntamiento de murcia", "ayuntamiento de murcia")]
    [InlineData("it-IT", "marco bianchi, istruttore al comune di lecce", "comune di lecce")]
    public async Task The_organisation_after_the_posts_link_is_offered_at_the_contributors_organisation(string locale, string typed, string organisation)
    {
        var chat = await AtAsync(locale, "contact_name");

        await chat.SendAsync(typed);

        Assert.Equal("contact_organisation", chat.AskedQuestion);
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal(organisation, offer.Candidates.Single().Answer);
    }
}
