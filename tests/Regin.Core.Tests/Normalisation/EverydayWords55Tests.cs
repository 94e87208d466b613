using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 55 (lang55): what hurried officials type, read in their language. "Emilia" and "Regione ER" at the region (read
/// only as the whole answer or after a region's word: "Emilia" is a first name, "er" a German word); the Ionian Islands in
/// the genitive ("Ionion Nison", "Περιφέρεια Ιονίων Νήσων"); the staff of an organisation named with other organisation words
/// than a synonym's ("agents du conseil départemental", "dipendenti della provincia": staff_words); everyday words with a
/// "we" verb's ending that are no verb ("últimos", "mínimos": not_we_verbs) and pt "nos últimos anos" at the region's role;
/// "rivolto ai", "destiné aux", "dirigido aos" before the groups.
/// </summary>
public class EverydayWords55Tests
{
    private static NormalisedAnswer Read(string question, string text, string language, NormalisationContext? context = null)
    {
        var answer = TestCore.Normalise(question, text, language, context ?? new NormalisationContext());
        Assert.True(answer.Ok, answer.Error);
        return answer;
    }

    private static void AssertCodes(string codes, NormalisedAnswer answer)
    {
        Assert.Equal(codes.Split(',').Order(), answer.Value()!.Split(',').Order());
        Assert.False(answer.NeedsConfirmation);
    }

    [Theory]
    [InlineData("it", "Emilia", "ITH5")]
    [InlineData("it", "emilia", "ITH5")]
    [InlineData("it", "Regione ER", "ITH5")]
    [InlineData("it", "regione Emilia", "ITH5")]
    [InlineData("it", "ER", "ITH5")]
    [InlineData("en", "Region Emilia", "ITH5")]
    [InlineData("el", "Ionion Nison", "EL62")]
    [InlineData("el", "Perifereia Ionion Nison", "EL62")]
    [InlineData("el", "Περιφέρεια Ιονίων Νήσων", "EL62")]
    [InlineData("el", "Περιφ. Κεντρικής Μακεδονίας", "EL52")]
    public void A_region_as_officials_type_it(string language, string text, string code)
    {
        var answer = Read("region", text, language, new NormalisationContext { Country = code[..2] == "EL" ? "GR" : code[..2] });
        Assert.Equal(code, answer.Value());
        Assert.False(answer.NeedsConfirmation);
    }

    [Theory]
    // A first name or a pronoun beside other words names no region: only whole, or after a region's word.
    [InlineData("it", "Emilia Rossi")]
    [InlineData("de", "er")]
    [InlineData("it", "di ER")]
    public void A_name_read_only_alone_names_nothing_among_other_words(string language, string text)
    {
        var answer = TestCore.Normalise("region", text, language, new NormalisationContext { Country = "IT" });
        Assert.NotEqual("ITH5", answer.Value());
    }

    [Theory]
    [InlineData("fr", "agents du conseil départemental")]
    [InlineData("fr", "les agents du conseil departemental")]
    [InlineData("fr", "personnels de la préfecture")]
    [InlineData("es", "personal de la diputación")]
    [InlineData("es", "funcionarios de la junta")]
    [InlineData("de", "Mitarbeitende des Landkreises")]
    [InlineData("de", "Mitarbeiter des Landratsamts")]
    [InlineData("it", "dipendenti della provincia")]
    [InlineData("it", "personale della prefettura")]
    [InlineData("pt", "funcionarios da camara municipal")]
    [InlineData("el", "στελέχη της περιφέρειας")]
    [InlineData("sv", "personal på länsstyrelsen")]
    [InlineData("en", "county council staff")]
    [InlineData("en", "staff of the regional government")]
    public void The_staff_of_an_organisation_are_public_officials(string language, string text)
    {
        var answer = Read("target_groups", text, language);
        Assert.Equal(("public_officials", null), (answer.Value(), answer.OtherText));
    }

    [Theory]
    [InlineData("fr", "conseil départemental")]
    [InlineData("es", "diputación")]
    [InlineData("it", "provincia")]
    [InlineData("pt", "câmara municipal")]
    [InlineData("de", "Landkreis")]
    public void An_organisation_alone_is_still_no_group(string language, string text)
    {
        var answer = Read("target_groups", text, language);
        Assert.Equal(("other", text), (answer.Value(), answer.OtherText));
    }

    [Theory]
    [InlineData("es", "últimos años: financia", "Ayuntamiento de Murcia")]
    [InlineData("es", "mínimos, solo financia", "Ayuntamiento de Murcia")]
    [InlineData("pt", "nos ultimos anos financia", "Câmara Municipal do Porto")]
    [InlineData("pt", "mínimos: só financia", "Câmara Municipal de Lisboa")]
    public void An_adjective_with_a_we_ending_at_the_regions_role_is_no_we(string language, string text, string organisation)
    {
        var answer = TestCore.Normalise("regional_authority_role", text, language, new NormalisationContext { ContactOrganisation = organisation });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("indirect_funding", answer.Value());
    }

    [Theory]
    [InlineData("es", "lo coordinamos", "Ayuntamiento de Murcia")]
    [InlineData("pt", "coordenamos nós", "Câmara Municipal do Porto")]
    [InlineData("pt", "nos coordenamos", "Câmara Municipal do Porto")]
    [InlineData("it", "coordiniamo noi", "Comune di Bologna")]
    public void A_we_verb_from_a_citys_official_is_still_asked_again(string language, string text, string organisation)
    {
        var answer = TestCore.Normalise("regional_authority_role", text, language, new NormalisationContext { ContactOrganisation = organisation });
        Assert.False(answer.Ok);
    }

    [Theory]
    // es/pt "menos" alone is "except" ("todos menos los menores"); in "al menos", "pelo menos" (at least) it excludes nothing:
    // the role was refused as no option. Read as "at least it funds" is in every language: funding, to confirm.
    [InlineData("es", "al menos financia", "indirect_funding")]
    [InlineData("es", "por lo menos financia y asesora", "indirect_funding,indirect_advisory")]
    [InlineData("pt", "pelo menos financia", "indirect_funding")]
    [InlineData("en", "at least it funds it", "indirect_funding")]
    public void At_least_before_a_role_excludes_nothing(string language, string text, string codes)
    {
        var answer = Read("regional_authority_role", text, language);
        Assert.Equal(codes.Split(',').Order(), answer.Value()!.Split(',').Order());
        Assert.True(answer.NeedsConfirmation);
    }

    [Theory]
    [InlineData("it", "rivolto ai giovani e alle donne", "children_youth,women")]
    [InlineData("it", "destinato ai minori stranieri non accompagnati", "unaccompanied_minors")]
    [InlineData("pt", "dirigido aos jovens", "children_youth")]
    [InlineData("pt", "destinado às mulheres migrantes", "women")]
    [InlineData("fr", "destiné aux jeunes et aux femmes", "children_youth,women")]
    [InlineData("es", "dirigido al colectivo de mujeres", "women")]
    [InlineData("en", "young ppl and women...", "children_youth,women")]
    [InlineData("pt", "FAMI + orçamento da CCDR", "amif,regional_budget")]
    [InlineData("es", "empleo (job coaching) y vivienda", "labour_market,housing")]
    public void Words_saying_whom_a_practice_serves_add_nothing(string language, string text, string codes)
    {
        var question = codes.Contains("budget", StringComparison.Ordinal) ? "funding_sources" : codes.Contains("housing", StringComparison.Ordinal) ? "integration_areas" : "target_groups";
        var answer = Read(question, text, language);
        AssertCodes(codes, answer);
        Assert.Null(answer.OtherText);
    }
}
