using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// What the lead met playing contributors in session 48 (a Cretan official on a phone, without accents; an Italian and a
/// German one with typos): the regional authority's role typed where the lead's kind waited for its "Other" to be confirmed.
/// </summary>
public sealed class Lead48RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    [Theory]
    [InlineData("el-GR", "δημοσια αρχη τοπικη", "δημοσια", "συγχρηματοδοτει και συμμετεχει στη διοικουσα επιτροπη",
        "Μαρία Κωνσταντινίδου", "mkonst@crete.gov.gr", "παράλειψη", "Κέντρο Στήριξης Μεταναστών Ηρακλείου", "ελλαδα", "κρητη", "Δήμος Ηρακλείου")]
    [InlineData("it-IT", "ente pubblico locale", "pubblico", "cofinanzia e partecipa al comitao",
        "giulia ferri", "g.ferri@comune.bologna.it", "salta", "Sportello unico per i migranti", "italia", "emilia romagna", "Comune di Bologna")]
    [InlineData("de-DE", "kommunal, Sozialamt", "Sozialamt", "finanzirn mit und sitzen im lenkungsauschuss",
        "jonas weber", "j.weber@osnabrueck.de", "überspringen", "Willkommenslotsen", "deutschland", "niedersachsen", "Stadt Osnabrück")]
    public async Task The_role_typed_with_a_slip_where_the_leads_kind_waits_for_its_other_keeps_the_kind_and_asks_the_role_guess(
        string locale, string kind, string other, string role, params string[] toTheLead)
    {
        var chat = await AtAsync(locale, "lead_organisation_type", [toTheLead[0], toTheLead[^1], .. toTheLead[1..^1], toTheLead[^1]]);
        await chat.SendAsync(kind);
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(role);

        var kept = await AnswerOfAsync("lead_organisation_type");
        Assert.Equal("\"local_authority\"", kept!.ValueJson);
        Assert.Equal(other, kept.OtherText);
        var guess = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("regional_authority_role", guess.QuestionId);
        Assert.Contains(guess.Candidates, candidate => candidate.Answer.Contains("indirect_funding", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("fr-BE", "Sophie Lambert, SPW Intérieur et Action sociale", "Sophie Lambert", "oui", "résumé")]
    [InlineData("de-AT", "Lukas Gruber, Stadt Wien MA 17", "Lukas Gruber", "ja", "übersicht")]
    [InlineData("en-IE", "Siobhan Kelly, Cork County Council", "Siobhan Kelly", "yes", "summary")]
    public async Task The_organisation_taken_from_the_name_is_not_shown_again_beside_the_name_in_the_summary(string locale, string typed,
        string name, string yes, string summary)
    {
        var chat = Host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync(typed);
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        await chat.SendAsync(yes);
        var organisation = typed[(typed.IndexOf(',', StringComparison.Ordinal) + 2)..];
        Assert.Equal(organisation, (await AnswerOfAsync("contact_organisation"))!.Original);

        await chat.SendAsync(summary);

        var shown = string.Join("\n", chat.Shown);
        Assert.Contains(name, shown, StringComparison.Ordinal);
        Assert.DoesNotContain($"{name} (+", shown, StringComparison.Ordinal);
    }
}
