using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 58, the lead's play over /api/messages (an official of the Conseil départemental de l'Isère): "la région n'a qu'un
/// rôle de conseil" at the regional authority's role was refused with the list of options, as "not": French says "only" with
/// a negation and a later word ("ne … que"), as Spanish, Italian, Portuguese, Greek and Swedish can (<c>negation_frames</c>).
/// </summary>
public class Lead58WordsTests
{
    private const string Role = "regional_authority_role";

    [Theory]
    [InlineData("fr", "la région n'a qu'un rôle de conseil", "indirect_advisory")]
    [InlineData("fr", "la région n'a qu'un rôle consultatif", "indirect_advisory")]
    [InlineData("fr", "la région ne fait que conseiller", "indirect_advisory")]
    [InlineData("fr", "elle ne fait que financer", "indirect_funding")]
    [InlineData("fr", "la region n a qu un role de conseil", "indirect_advisory")]
    [InlineData("es", "la región no hace más que asesorar", "indirect_advisory")]
    [InlineData("es", "la region no hace mas que financiar", "indirect_funding")]
    [InlineData("it", "la regione non fa altro che consigliare", "indirect_advisory")]
    [InlineData("pt", "a região não faz mais do que aconselhar", "indirect_advisory")]
    [InlineData("el", "η περιφερεια δεν κανει παρα να συμβουλευει", "indirect_advisory")]
    [InlineData("sv", "regionen gör inte annat än att ge råd", "indirect_advisory")]
    public void A_negation_that_says_only_reads_what_follows(string language, string text, string code)
    {
        var answer = TestCore.Normalise(Role, text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(code, answer.Value());
    }

    [Theory]
    // A negation with no turning word, or another negation before it, still denies.
    [InlineData("fr", "la région ne finance pas")]
    [InlineData("fr", "la région ne finance plus")]
    [InlineData("es", "la región no financia")]
    [InlineData("it", "la regione non finanzia")]
    [InlineData("pt", "a região não financia")]
    public void A_plain_negation_still_denies(string language, string text)
    {
        var answer = TestCore.Normalise(Role, text, language);

        Assert.DoesNotContain("indirect_funding", answer.Value() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Not_only_is_no_only()
    {
        // "ne fait pas que financer, elle coordonne": "pas" comes before "que", the funding is not turned into "only".
        var answer = TestCore.Normalise(Role, "la région ne fait pas que financer, elle coordonne", "fr");

        Assert.True(answer.Ok, answer.Error);
        Assert.Contains("direct_coordinator", answer.Value() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void The_play_s_answer_reads_the_region_s_part_only()
    {
        // The département's official, correcting herself: her own part ("c'est nous qui finançons") says nothing of the
        // region's; the region's clause says it only advises.
        var answer = TestCore.Normalise(Role, "c'est nous qui finançons en fait, la région n'a qu'un rôle de conseil", "fr",
            new NormalisationContext { ContactOrganisation = "Conseil départemental de l'Isère", Country = "FR" });

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("indirect_advisory", answer.Value());
    }

    [Theory]
    // The same official's funding: a French département's money is a local body's, as a province's is ("crédits du
    // département" was read so; the adjective was kept under Other).
    [InlineData("budget départemental", "local_budget")]
    [InlineData("FSE+ et budget departemental", "esf_plus,local_budget")]
    [InlineData("fonds départementaux et FAMI", "local_budget,amif")]
    public void A_departement_s_budget_is_a_local_budget(string text, string codes)
    {
        var answer = TestCore.Normalise("funding_sources", text, "fr");

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(codes, answer.Value());
        Assert.Null(answer.OtherText);
    }

    [Theory]
    // The same "only" at the other choices: every word read, nothing left under Other (the negation and its "que" name
    // nothing); main refused each with the options.
    [InlineData("fr", "target_groups", "on ne travaille qu'avec des femmes réfugiées", "women,international_protection")]
    [InlineData("fr", "target_groups", "ce n'est que pour les mineurs non accompagnés", "unaccompanied_minors")]
    [InlineData("es", "target_groups", "no trabajamos más que con mujeres", "women")]
    [InlineData("fr", "integration_areas", "on ne fait que de l'emploi", "labour_market")]
    [InlineData("fr", "funding_sources", "on n'a que du FSE+", "esf_plus")]
    [InlineData("fr", "funding_sources", "il n'y a que le FSE+", "esf_plus")]
    public void Only_said_with_a_negation_names_its_options_alone(string language, string question, string text, string codes)
    {
        var answer = TestCore.Normalise(question, text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(codes, answer.Value());
        Assert.Null(answer.OtherText);
    }

    [Theory]
    // "Neither … nor" and a denied "or" deny both sides in every language: fr, en, de and sv read the two denied areas as
    // chosen (fr "ni" and en "neither"/"nor", de "weder", sv "varken" were no negations; "eller"/"or" split the denied item).
    [InlineData("fr", "ni logement ni santé, surtout l'emploi")]
    [InlineData("en", "neither housing nor health, mainly jobs")]
    [InlineData("en", "not housing or health, mainly jobs")]
    [InlineData("de", "weder Wohnen noch Gesundheit, vor allem Arbeit")]
    [InlineData("de", "kein Wohnen oder Gesundheit, vor allem Arbeit")]
    [InlineData("es", "ni vivienda ni salud, sobre todo empleo")]
    [InlineData("it", "né casa né salute, soprattutto lavoro")]
    [InlineData("pt", "nem habitação nem saúde, sobretudo emprego")]
    [InlineData("el", "ούτε στέγαση ούτε υγεία, κυρίως απασχόληση")]
    [InlineData("sv", "varken boende eller hälsa, mest arbete")]
    [InlineData("fr", "pas le logement ou la santé, surtout l'emploi")]
    // it "più che altro" is "mostly", no "più" of "non … più" (it was refused as a denial).
    [InlineData("it", "più che altro lavoro")]
    public void Neither_nor_denies_both(string language, string text)
    {
        var answer = TestCore.Normalise("integration_areas", text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("labour_market", answer.Value());
        Assert.Null(answer.OtherText);
    }

    [Theory]
    [InlineData("en", "housing or health", "housing,health")]
    [InlineData("sv", "boende eller hälsa", "housing,health")]
    public void An_or_with_no_negation_still_joins(string language, string text, string codes)
    {
        var answer = TestCore.Normalise("integration_areas", text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(codes, answer.Value());
    }

    [Theory]
    // A none word after the role named says the region does not do it ("das Land finanziert nichts" was offered as the
    // funding): never read as that role.
    [InlineData("de", "das Land finanziert nichts")]
    [InlineData("de", "das Land zahlt nichts")]
    [InlineData("sv", "regionen finansierar ingenting")]
    [InlineData("en", "the region advises nothing")]
    public void A_role_said_with_nothing_is_not_that_role(string language, string text)
    {
        var answer = TestCore.Normalise(Role, text, language);

        Assert.DoesNotContain(answer.Candidates, candidate => candidate.Value.ToJsonString().Contains("indirect_", StringComparison.Ordinal));
        Assert.False(answer.Ok && !answer.NeedsConfirmation && answer.Value() is { } value && value.Contains("indirect_", StringComparison.Ordinal));
    }

    [Theory]
    // Nothing as the whole reading, or a filler of "only": unchanged.
    [InlineData("en", "the region does nothing", "none")]
    [InlineData("en", "funding, nothing else", "indirect_funding")]
    [InlineData("es", "financia, nada más", "indirect_funding")]
    public void Nothing_alone_or_nothing_else_reads_as_before(string language, string text, string code)
    {
        var answer = TestCore.Normalise(Role, text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(code, answer.Value());
    }
}
