using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 55, the lead's Thessaloniki play (an official of the Region of Central Macedonia typing Greek in a hurry, no
/// accents): "γυρω στα 120 τον χρονο, πανω απο 300 συνολικα απο το 2022" at the people reached offered 120, 300 and
/// "2.022" to choose from, and "εμεις, η ΠΚΜ" at the lead organisation was stored as typed.
/// </summary>
public class Lead55WordsTests
{
    [Theory]
    [InlineData("el", "γυρω στα 120 τον χρονο, πανω απο 300 συνολικα απο το 2022", 300)]
    [InlineData("el", "συνολικά 310, περίπου 100 τον χρόνο", 310)]
    [InlineData("de", "ca. 120 pro Jahr, insgesamt über 300 seit 2022", 300)]
    [InlineData("en", "around 120 a year, over 300 in total since 2022", 300)]
    [InlineData("en", "about 80/year, 250 overall", 250)]
    [InlineData("fr", "environ 120 par an, plus de 300 au total depuis 2022", 300)]
    [InlineData("es", "unas 120 al año, en total mas de 300 desde 2022", 300)]
    [InlineData("it", "circa 120 l'anno, in totale oltre 300 dal 2022", 300)]
    [InlineData("pt", "cerca de 120 por ano, mais de 300 no total desde 2022", 300)]
    [InlineData("sv", "ca 120 per år, totalt över 300 sedan 2022", 300)]
    public void The_count_a_total_word_marks_is_offered(string language, string text, long total)
    {
        var answer = TestCore.Normalise("beneficiaries_count", text, language);

        // Offered to confirm, alone: not the yearly count, never the year.
        Assert.True(answer.NeedsConfirmation, answer.Error);
        var offered = Assert.Single(answer.Candidates!);
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), offered.Value.ToJsonString());
        Assert.Equal(text, answer.Original);
    }

    [Theory]
    [InlineData("en", "120 a year, 300 since 2022", "120,300")]
    [InlineData("el", "120 τον χρονο, 300 απο το 2022", "120,300")]
    [InlineData("de", "2021 waren es 80, 2023 schon 140", "80,140")]
    [InlineData("en", "300 in total and 500 in total next year", "300,500")] // two totals: no one of them is the answer
    public void Years_are_never_counts_to_choose_from(string language, string text, string counts)
    {
        var answer = TestCore.Normalise("beneficiaries_count", text, language);

        Assert.False(answer.Ok);
        Assert.True(answer.NeedsConfirmation);
        Assert.Equal(counts.Split(','), answer.Candidates!.Select(c => c.Value.ToJsonString()));
    }

    [Theory]
    [InlineData("el", "Περιφέρεια Κεντρικής Μακεδονίας, Δ/νση Κοινωνικής Πολιτικής", "εμεις, η ΠΚΜ")]
    [InlineData("el", "Περιφέρεια Κεντρικής Μακεδονίας", "εμείς (ΠΚΜ)")]
    [InlineData("es", "Comunidad Autónoma de la Región de Murcia", "nosotros (CARM)")]
    [InlineData("es", "Comunidad Autónoma de la Región de Murcia", "nosotros, la comunidad autonoma")]
    [InlineData("en", "Galway County Council", "us - the council")]
    [InlineData("de", "Landkreis Harburg, Fachbereich Soziales", "wir, der Landkreis")]
    [InlineData("fr", "Département de la Seine-Saint-Denis", "nous (le département)")]
    [InlineData("it", "Regione Emilia-Romagna", "noi, la RER")]
    [InlineData("pt", "Câmara Municipal do Porto", "nós, a câmara")]
    [InlineData("sv", "Region Skåne", "vi, regionen")]
    public void We_beside_our_organisation_said_short_is_our_organisation(string language, string organisation, string typed)
    {
        var answer = TestCore.Normalise("lead_organisation", typed, language, new NormalisationContext { ContactOrganisation = organisation });

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(organisation, answer.Value());
        Assert.Equal(typed, answer.Original);
    }

    [Theory]
    [InlineData("el", "Περιφέρεια Κεντρικής Μακεδονίας", "εμεις, και η Αρσις")] // two leads
    [InlineData("en", "Galway County Council", "us, the HSE")] // another organisation's short name
    [InlineData("es", "Comunidad Autónoma de la Región de Murcia", "nosotros (Cruz Roja)")]
    public void We_beside_another_organisation_is_kept_as_typed(string language, string organisation, string typed)
    {
        var answer = TestCore.Normalise("lead_organisation", typed, language, new NormalisationContext { ContactOrganisation = organisation });

        Assert.True(answer.Ok, answer.Error);
        Assert.NotEqual(organisation, answer.Value());
    }

    [Theory]
    [InlineData("it", "coop sociale Lai-momo (Bologna)", "noi (Lai-momo) insieme al comune di bologna", "comune di bologna")]
    [InlineData("it", "Cooperativa Camelot", "noi assieme alla ASL", "ASL")]
    [InlineData("es", "Fundación Cepaim", "nosotros junto al ayuntamiento de Murcia", "ayuntamiento de Murcia")]
    [InlineData("pt", "Associação Renovar a Mouraria", "nós junto da junta de freguesia", "junta de freguesia")]
    public void We_together_with_partners_is_our_organisation_and_the_partners_are_offered(string language, string organisation, string typed, string partners)
    {
        var answer = TestCore.Normalise("lead_organisation", typed, language, new NormalisationContext { ContactOrganisation = organisation });

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(organisation, answer.Value());
        Assert.Equal(partners, TestCore.Normaliser.PartnersBesideOurs("lead_organisation", typed, language));
    }

    [Theory]
    [InlineData("it", "donne migranti e richiedenti asilo, anche qualche mamma con bimbi piccoli")]
    [InlineData("en", "migrant women and asylum seekers, also some young mums with small kids")]
    [InlineData("fr", "femmes migrantes et demandeurs d'asile, aussi quelques mamans avec des petits")]
    [InlineData("es", "mujeres migrantes y solicitantes de asilo, tambien algunas madres con niños pequeños")]
    [InlineData("de", "migrantische Frauen und Asylsuchende, auch einige Mütter mit kleinen Kindern")]
    public void An_unsaid_number_beside_the_groups_is_no_other_group(string language, string text)
    {
        var answer = TestCore.Normalise("target_groups", text, language, new NormalisationContext());

        Assert.True(answer.Ok, answer.Error);
        Assert.Contains("women", answer.Value()!.Split(','));
        Assert.Contains("asylum_seekers", answer.Value()!.Split(','));
        Assert.DoesNotContain("other", answer.Value()!.Split(','));
        Assert.Null(answer.OtherText);
    }
}
