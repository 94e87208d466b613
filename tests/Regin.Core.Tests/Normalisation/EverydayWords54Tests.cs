using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 54 (lang54): what hurried officials type, read in their language. An organisation's word alone at the target
/// groups ("the council", "camara", "kommunen") is no group of people (it was public officials, a word of "council
/// staff"); "die" after a list's "and" is an article, not a relative ("Frauen und die Nachbarschaft" dropped the
/// neighbourhood); a number's approximate ending glued to its digits in French, Italian, Swedish and English ("une 40aine",
/// "una 40ina", "ett 40tal", "40ish"), households after it counted as households.
/// </summary>
public class EverydayWords54Tests
{
    private static NormalisedAnswer Read(string question, string text, string language)
    {
        var answer = TestCore.Normalise(question, text, language, new NormalisationContext());
        Assert.True(answer.Ok, answer.Error);
        return answer;
    }

    [Theory]
    [InlineData("en", "the council", "other", "the council")]
    [InlineData("en", "migrants and the council", "third_country_nationals,other", "the council")]
    [InlineData("pt", "camara", "other", "camara")]
    [InlineData("sv", "kommunen", "other", "kommunen")]
    [InlineData("el", "δήμος", "other", "δήμος")]
    [InlineData("it", "comune", "other", "comune")]
    [InlineData("de", "Frauen und die Nachbarschaft", "women,other", "die Nachbarschaft")]
    [InlineData("de", "gefluchtete und die verwaltung", "international_protection,other", "die verwaltung")]
    public void An_organisations_word_alone_or_after_and_is_kept_as_typed(string language, string text, string codes, string other)
    {
        var answer = Read("target_groups", text, language);
        Assert.Equal(codes.Split(',').Order(), answer.Value()!.Split(',').Order());
        Assert.Equal(other, answer.OtherText);
    }

    [Theory]
    [InlineData("en", "council staff")]
    [InlineData("en", "council workers")]
    [InlineData("pt", "tecnicos da camara")]
    [InlineData("sv", "personal på kommunen")]
    [InlineData("it", "dipendenti del comune")]
    [InlineData("es", "personal del ayuntamiento")]
    [InlineData("de", "Mitarbeitende der Stadt")]
    public void Staff_of_an_organisation_are_public_officials(string language, string text)
    {
        var answer = Read("target_groups", text, language);
        Assert.Equal(("public_officials", null), (answer.Value(), answer.OtherText));
    }

    [Theory]
    // A relative after a comma still opens a description of the group before it.
    [InlineData("de", "Frauen, die kein Deutsch sprechen", "women")]
    [InlineData("de", "Frauen, die kein Deutsch sprechen, und Kinder", "women,children_youth")]
    public void A_relative_after_a_comma_describes_the_group(string language, string text, string codes)
    {
        var answer = Read("target_groups", text, language);
        Assert.Equal(codes.Split(',').Order(), answer.Value()!.Split(',').Order());
        Assert.Null(answer.OtherText);
    }

    [Theory]
    [InlineData("fr", "une 40aine de personnes", "40")]
    [InlineData("fr", "une 20aine", "20")]
    [InlineData("it", "una 40ina", "40")]
    [InlineData("sv", "ett 40tal", "40")]
    [InlineData("sv", "ett 40-tal personer", "40")]
    [InlineData("en", "40ish people", "40")]
    [InlineData("el", "καμιά 40αριά", "40")]
    public void An_approximate_ending_glued_to_the_digits_is_about_that_number(string language, string text, string expected) =>
        Assert.Equal(expected, Read("beneficiaries_count", text, language).Value());

    [Theory]
    [InlineData("fr", "une 40aine de foyers")]
    [InlineData("it", "una 40ina di famiglie")]
    [InlineData("sv", "ett 20-tal familjer")]
    [InlineData("el", "40αριά οικογένειες")]
    public void Households_after_an_approximate_ending_count_households(string language, string text)
    {
        var answer = Read("beneficiaries_count", text, language);
        Assert.Null(answer.Value());
        Assert.Contains(answer.Flags, flag => flag.Reason == FlagReasons.CountHouseholds);
    }
}
