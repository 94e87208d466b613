using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 54 (the lead's Malmö play, a municipal official typing Swedish in a hurry): "nyanlända kvinnor, främst de som
/// varit här kortare tid än 3 år" kept its second half under Other to confirm; a relative clause after "mainly", "främst",
/// "sobre todo" describes the group named before it, as one right after the name did since session 53.
/// </summary>
public class Lead54DescribedGroupTests
{
    [Theory]
    [InlineData("sv", "nyanlända kvinnor, främst de som varit här kortare tid än 3 år och inte kommit igång med sfi", "newly_arrived,women")]
    [InlineData("sv", "kvinnor framforallt de som inte pratar svenska", "women")]
    [InlineData("en", "newly arrived women, mainly those who have been here less than 3 years", "newly_arrived,women")]
    [InlineData("fr", "femmes primo-arrivantes, surtout celles qui ne parlent pas francais", "women,newly_arrived")]
    [InlineData("es", "mujeres recien llegadas, sobre todo las que no hablan castellano", "women,newly_arrived")]
    [InlineData("it", "donne neoarrivate, soprattutto quelle che non parlano italiano", "women,newly_arrived")]
    [InlineData("pt", "mulheres recem chegadas, sobretudo as que nao falam portugues", "women,newly_arrived")]
    [InlineData("de", "neu zugewanderte Frauen, vor allem diejenigen, die kein Deutsch sprechen", "newly_arrived,women")]
    [InlineData("el", "γυναικες, κυριως αυτες που δεν μιλουν ελληνικα", "women")]
    public void A_clause_after_mainly_describes_the_group_before_it(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("target_groups", text, language, new NormalisationContext());
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected.Split(',').Order(), answer.Value()!.Split(',').Order());
        Assert.Null(answer.OtherText);
    }

    [Theory]
    [InlineData("en", "women and those who seek work", "those who seek work")] // "and those who": other people, not a description
    [InlineData("es", "mujeres y los que buscan empleo", "buscan empleo")]
    public void Other_people_after_and_stay_under_other(string language, string text, string other)
    {
        var answer = TestCore.Normalise("target_groups", text, language, new NormalisationContext());
        Assert.True(answer.Ok, answer.Error);
        Assert.Contains("women", answer.Value()!.Split(','));
        Assert.Contains(other, answer.OtherText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de", "Frauen, vor allem die Kinder", "women,children_youth")] // a choice after the fillers is still named
    [InlineData("de", "Kinder, vor allem die unbegleiteten Minderjährigen", "children_youth,unaccompanied_minors")]
    public void A_choice_named_after_mainly_still_counts(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("target_groups", text, language, new NormalisationContext());
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected.Split(',').Order(), answer.Value()!.Split(',').Order());
    }
}

/// <summary>
/// "språk framförallt, men även … lite hälsa" kept "språk framförallt" under Other: "above all" words ("framförallt",
/// "i första hand", "avant tout", "in erster Linie", "ante todo", "in primo luogo", "acima de tudo", "πρωτίστως") are
/// fillers beside a choice, as "främst", "vor allem", "surtout" were.
/// </summary>
public class Lead54AboveAllTests
{
    [Theory]
    [InlineData("sv", "språk framförallt, men även lite hälsa", "language,health")]
    [InlineData("sv", "i första hand språk", "language")]
    [InlineData("sv", "mest språk", "language")]
    [InlineData("en", "language above all, some health", "language,health")]
    [InlineData("en", "first and foremost language", "language")]
    [InlineData("de", "in erster linie sprache", "language")]
    [InlineData("fr", "avant tout la langue", "language")]
    [InlineData("fr", "en premier lieu la langue", "language")]
    [InlineData("es", "ante todo idioma", "language")]
    [InlineData("es", "en primer lugar idioma", "language")]
    [InlineData("it", "in primo luogo lingua", "language")]
    [InlineData("it", "anzitutto lingua", "language")]
    [InlineData("pt", "acima de tudo lingua", "language")]
    [InlineData("pt", "em primeiro lugar lingua", "language")]
    [InlineData("el", "πρωτιστως γλωσσα", "language")]
    [InlineData("el", "πανω απ' ολα γλωσσα", "language")]
    public void Above_all_beside_a_choice_is_no_other(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("integration_areas", text, language, new NormalisationContext());
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected.Split(',').Order(), answer.Value()!.Split(',').Order());
        Assert.Null(answer.OtherText);
    }
}
