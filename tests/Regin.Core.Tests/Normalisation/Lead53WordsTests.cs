using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 53 (the lead's Murcia play): a group described by a relative clause ("mujeres que no hablan castellano", "menores
/// no acompañados que salen del sistema de protección") is that group: the clause's words were kept under Other, and its
/// negation denied the group (the answer was refused in six languages). Vocabulary <c>relatives</c>.
/// </summary>
public class Lead53RelativeClauseTests
{
    [Theory]
    [InlineData("es", "mujeres que no hablan castellano", "women")]
    [InlineData("fr", "les femmes qui ne parlent pas francais", "women")]
    [InlineData("it", "donne che non parlano italiano", "women")]
    [InlineData("pt", "mulheres que nao falam portugues", "women")]
    [InlineData("sv", "kvinnor som inte pratar svenska", "women")]
    [InlineData("el", "γυναικες που δεν μιλουν ελληνικα", "women")]
    [InlineData("de", "unbegleitete Minderjährige die aus der Jugendhilfe kommen", "unaccompanied_minors")]
    [InlineData("en", "unaccompanied minors, who are leaving care", "unaccompanied_minors")]
    [InlineData("en", "women and children who have fled the war", "women,children_youth")]
    [InlineData("es", "jovenes migrantes de 16 a 25, muchos menores no acompañados que salen del sistema de proteccion", "children_youth,third_country_nationals,unaccompanied_minors")]
    public void A_group_described_by_a_relative_clause_is_that_group(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("target_groups", text, language, new NormalisationContext());
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected.Split(',').Order(), answer.Value()!.Split(',').Order());
        Assert.Null(answer.OtherText);
    }

    [Theory]
    [InlineData("en", "women who are asylum seekers", "women,asylum_seekers")] // a choice inside the clause still counts
    [InlineData("es", "mujeres pero no menores", "women")] // a denial outside any clause still denies
    [InlineData("de", "Sprache und Arbeit, aber nicht die Wohnung", "language,labour_market")]
    public void Choices_and_denials_outside_the_clause_are_read_as_before(string language, string text, string expected)
    {
        var question = expected.Contains("language") ? "integration_areas" : "target_groups";
        var answer = TestCore.Normalise(question, text, language, new NormalisationContext());
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected.Split(',').Order(), answer.Value()!.Split(',').Order());
    }
}

/// <summary>
/// "la comunidad autonoma pone parte del dinero, nada mas" (the lead's Murcia play): "nada más", "nothing more", was read as
/// "No role" beside the funding and refused; Spanish and Portuguese had no such fillers (English and Swedish had).
/// </summary>
public class Lead53NothingMoreTests
{
    [Theory]
    [InlineData("es", "la comunidad autonoma pone parte del dinero, nada mas")]
    [InlineData("es", "financia la region y nada más")]
    [InlineData("pt", "a regiao financia, nada mais")]
    [InlineData("pt", "financia e mais nada")]
    [InlineData("de", "das Land zahlt, sonst nichts")]
    [InlineData("it", "la regione finanzia, niente altro")]
    [InlineData("el", "η περιφερεια χρηματοδοτει, τιποτα αλλο")]
    public void Nothing_more_after_a_role_is_that_role(string language, string text)
    {
        var answer = TestCore.Normalise("regional_authority_role", text, language, new NormalisationContext());
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("indirect_funding", answer.Value());
    }

    [Theory]
    [InlineData("es", "nada")]
    [InlineData("pt", "nada")]
    public void Nothing_alone_is_still_no_role(string language, string text)
    {
        var answer = TestCore.Normalise("regional_authority_role", text, language, new NormalisationContext());
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("none", answer.Value());
    }
}

/// <summary>
/// "FSE+ a traves de la comunidad y el ayto pone el resto" (the lead's Murcia play): the verb a contributor uses for what a
/// funder puts in ("pone", "met", "mette", "puts in", "legt … drauf", "βάζει") was kept under Other beside the funds named;
/// only "pays" and "funds" were known. <c>funding_sources</c> <c>restated</c>.
/// </summary>
public class Lead53FundingVerbsTests
{
    [Theory]
    [InlineData("es", "FSE+ y el ayto pone el resto")]
    [InlineData("es", "FSE+ y el ayuntamiento aporta el resto")]
    [InlineData("fr", "FSE+ et la ville met le reste")]
    [InlineData("it", "FSE+ e il comune mette il resto")]
    [InlineData("pt", "FSE+ e a camara poe o resto")]
    [InlineData("de", "ESF+ und die Stadt legt den Rest drauf")]
    [InlineData("de", "ESF+, den Rest gibt die Stadt")]
    [InlineData("en", "ESF+ and the council puts in the rest")]
    [InlineData("el", "ΕΚΤ+ και ο δήμος βάζει τα υπόλοιπα")]
    public void What_a_funder_puts_in_is_no_other_source(string language, string text)
    {
        var answer = TestCore.Normalise("funding_sources", text, language, new NormalisationContext());
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(["esf_plus", "local_budget"], answer.Value()!.Split(',').Order());
        Assert.Null(answer.OtherText);
    }
}
