using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 59, left by session 58's play: at the regional authority's role, "the region funds nothing" and "finance rien" were
/// stored as the funding with no question ("nothing" read as what the funding pays for), and "la région ne fait rien", "no
/// hace nada", "la regione non fa niente" were refused with the options list (the negation read as denying "nothing", where
/// these languages say "nothing" with a second negation).
/// </summary>
public class Lead59WordsTests
{
    private const string Role = "regional_authority_role";

    [Theory]
    [InlineData("en", "the region funds nothing")]
    [InlineData("en", "funds nothing")]
    [InlineData("en", "they fund nothing")]
    [InlineData("en", "funding nothing")]
    [InlineData("en", "leads nothing")]
    [InlineData("fr", "finance rien")]
    [InlineData("fr", "la région finance rien du tout")]
    [InlineData("fr", "la region ne finance rien")]
    [InlineData("de", "das Land finanziert nichts")]
    [InlineData("de", "finanziert nix")]
    [InlineData("es", "la region no financia nada")]
    [InlineData("it", "la regione non finanzia niente")]
    [InlineData("pt", "a região não financia nada")]
    [InlineData("el", "η περιφερεια δεν χρηματοδοτει τιποτα")]
    [InlineData("sv", "regionen finansierar ingenting")]
    public void A_role_said_with_nothing_after_it_is_not_stored(string language, string text)
    {
        var answer = TestCore.Normalise(Role, text, language);

        // Never the role it denies, neither stored nor offered to confirm.
        Assert.DoesNotContain("indirect_funding", answer.Value() ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("direct_leader", answer.Value() ?? "", StringComparison.Ordinal);
        Assert.All(answer.Candidates, candidate =>
            Assert.DoesNotContain("indirect_funding", candidate.Value.ToJsonString(), StringComparison.Ordinal));
        Assert.False(answer.Ok && !answer.NeedsConfirmation, $"stored as {answer.Value()}");
    }

    [Theory]
    [InlineData("en", "the region does nothing")]
    [InlineData("fr", "la région ne fait rien")]
    [InlineData("fr", "elle fait rien")]
    [InlineData("es", "la región no hace nada")]
    [InlineData("es", "no hace nada")]
    [InlineData("it", "la regione non fa niente")]
    [InlineData("it", "non fa nulla")]
    [InlineData("pt", "a região não faz nada")]
    [InlineData("el", "η περιφέρεια δεν κάνει τίποτα")]
    [InlineData("de", "das Land macht nichts")]
    [InlineData("sv", "regionen gör ingenting")]
    [InlineData("sv", "regionen gör inget")]
    public void Does_nothing_is_no_role(string language, string text)
    {
        var answer = TestCore.Normalise(Role, text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("none", answer.Value());
    }

    [Theory]
    // A filler's "nothing" is only that, and a role kept with a none word before it is still asked about.
    [InlineData("en", "funding and nothing else", "indirect_funding")]
    [InlineData("en", "funding, nothing more", "indirect_funding")]
    [InlineData("fr", "financement, rien d'autre", "indirect_funding")]
    [InlineData("de", "Finanzierung, sonst nichts", "indirect_funding")]
    public void Nothing_else_keeps_the_role(string language, string text, string code)
    {
        var answer = TestCore.Normalise(Role, text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(code, answer.Value());
    }

    [Theory]
    // "nothing" at a question that is not about a role with an object: still the none it always was.
    [InlineData("en", "nothing")]
    [InlineData("fr", "rien")]
    [InlineData("de", "nichts")]
    [InlineData("el", "τίποτα")]
    [InlineData("sv", "ingenting")]
    public void Nothing_alone_is_no_role(string language, string text)
    {
        var answer = TestCore.Normalise(Role, text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("none", answer.Value());
    }
}

/// <summary>
/// Session 59, the lead's play as an official of the Landratsamt Rosenheim: back at the target groups, "Sprache, Bildung,
/// Arbeit" (meant for the areas) stored "Arbeit" as third-country nationals with no question: the first part of
/// "Arbeitsmigranten" was read as naming it, as "Sprache" names "Spracherwerb". A compound whose last part names the choice
/// ("Migranten") is named by that part.
/// </summary>
public class CompoundHeadTests
{
    [Theory]
    [InlineData("target_groups", "de", "Arbeit")]
    [InlineData("target_groups", "de", "Sprache, Bildung, Arbeit")]
    [InlineData("target_groups", "de", "Arbeit und Wohnen")]
    public void A_modifier_of_a_named_compound_names_nothing(string question, string language, string text)
    {
        var answer = TestCore.Normalise(question, text, language);

        Assert.DoesNotContain("third_country_nationals", answer.Value() ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("integration_areas", "de", "Sprache", "language")]
    [InlineData("integration_areas", "de", "Sprache, Bildung und a bissl Arbeitsmarkt", "language,education,labour_market")]
    [InlineData("target_groups", "de", "Arbeitsmigranten", "third_country_nationals")]
    [InlineData("target_groups", "de", "Migranten", "third_country_nationals")]
    [InlineData("integration_areas", "sv", "språk", "language")]
    public void A_compound_s_first_part_still_names_it(string question, string language, string text, string codes)
    {
        var answer = TestCore.Normalise(question, text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(codes, answer.Value());
    }
}

/// <summary>
/// Session 59, the lead's play (Landratsamt Rosenheim, "Sprachpaten"): "rund 140 Tandems seit 2019" at the results was offered
/// as 140 people reached. A language-mentoring practice counts its pairs (tandems, binômes, coppie, parejas) as a family
/// practice counts families: no number of people; kept as typed, flagged, and the people asked.
/// </summary>
public class PairsCountTests
{
    [Theory]
    [InlineData("de", "rund 140 Tandems")]
    [InlineData("de", "ca. 140 Patenschaften")]
    [InlineData("en", "about 140 mentoring pairs")]
    [InlineData("en", "140 tandems")]
    [InlineData("fr", "environ 140 binômes")]
    [InlineData("es", "unas 140 parejas lingüísticas")]
    [InlineData("it", "circa 140 coppie")]
    [InlineData("pt", "cerca de 140 duplas")]
    [InlineData("el", "περίπου 140 ζευγάρια")]
    [InlineData("sv", "ca 140 tandempar")]
    public void A_count_of_pairs_is_no_count_of_people(string language, string text)
    {
        var answer = TestCore.Normalise("beneficiaries_count", text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Null(answer.Value);
        Assert.Equal([new AnswerFlag(FlagReasons.CountHouseholds, text)], answer.Flags);
        Assert.Contains(text, Assert.Single(answer.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    // The pairs beside the people: the people are the count.
    [InlineData("de", "140 Tandems, also 280 Personen", 280)]
    [InlineData("fr", "140 binômes soit 280 personnes", 280)]
    public void Pairs_beside_people_give_the_people(string language, string text, long people)
    {
        var answer = TestCore.Normalise("beneficiaries_count", text, language);

        Assert.Equal(people, Assert.Single(answer.Candidates).Value.GetValue<long>());
    }
}

/// <summary>
/// Session 59, the lead's en play: "galway city partnership again" at the lead organisation, from the officer of Galway City
/// Partnership, was stored as typed, "again" and all. The contributor's organisation named again is theirs as first written.
/// </summary>
public class OurOrganisationAgainTests
{
    [Theory]
    [InlineData("en", "Galway City Partnership", "galway city partnership again")]
    [InlineData("en", "Galway City Partnership", "galway city partnership")]
    [InlineData("en", "Galway City Partnership", "Galway City Partnership (same)")]
    [InlineData("de", "Landratsamt Rosenheim", "landratsamt rosenheim, dito")]
    [InlineData("de", "Landratsamt Rosenheim", "Landratsamt Rosenheim nochmal")]
    [InlineData("fr", "Forum Réfugiés", "forum refugies idem")]
    [InlineData("it", "Comune di Bologna", "comune di bologna di nuovo")]
    [InlineData("sv", "Region Skåne", "region skåne igen")]
    [InlineData("el", "Περιφέρεια Κρήτης", "περιφερεια κρητης παλι")]
    public void The_contributor_s_organisation_named_again_is_theirs(string language, string ours, string typed)
    {
        var answer = TestCore.Normalise("lead_organisation", typed, language, new NormalisationContext { ContactOrganisation = ours });

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(ours, answer.Value());
    }

    [Theory]
    // Another organisation, or ours with more words after it, stays as typed.
    [InlineData("en", "Galway City Partnership", "Galway City Council")]
    [InlineData("en", "Galway City Partnership", "galway city partnership and the HSE")]
    public void Another_organisation_stays_as_typed(string language, string ours, string typed)
    {
        var answer = TestCore.Normalise("lead_organisation", typed, language, new NormalisationContext { ContactOrganisation = ours });

        Assert.NotEqual(ours, answer.Value());
    }
}

/// <summary>
/// Session 59: "no funding" at the regional authority's role was answered "This question needs an answer", as if declined. It
/// says the region does not fund: the options again, with "No role" among them.
/// </summary>
public class NoFundingAtTheRoleTests
{
    [Theory]
    [InlineData("en", "no funding")]
    [InlineData("en", "no budget")]
    [InlineData("fr", "pas de financement")]
    [InlineData("de", "keine Finanzierung")]
    public void A_none_phrase_that_is_no_option_asks_the_options(string language, string text)
    {
        var answer = TestCore.Normalise("regional_authority_role", text, language);

        Assert.False(answer.Ok);
        Assert.False(answer.Declined);
        Assert.NotEqual(TestCore.Normalise("regional_authority_role", "n/a", language).Error, answer.Error);
    }

    [Theory]
    // A decline stays one, and the option's own words stay the option.
    [InlineData("en", "n/a", false)]
    [InlineData("en", "none", true)]
    public void Declines_and_the_none_option_are_unchanged(string language, string text, bool ok)
    {
        Assert.Equal(ok, TestCore.Normalise("regional_authority_role", text, language).Ok);
    }
}
