using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 55 (mail55): the negated words of a choice's name, typed alone at the target groups ("não acompanhados",
/// "no acompañados", "non accompagnati", "non accompagnés", as officials shorten "menores não acompanhados") name that
/// choice; they were kept under Other since session 54's negated-stem guard. The verb "acompanhamos" (we accompany) and a
/// negation over a word no name negates still name no minors.
/// </summary>
public class NegatedNames55Tests
{
    private static NormalisedAnswer Read(string text, string language)
    {
        var answer = TestCore.Normalise("target_groups", text, language, new NormalisationContext());
        Assert.True(answer.Ok, answer.Error);
        return answer;
    }

    [Theory]
    [InlineData("pt", "não acompanhados")]
    [InlineData("pt", "nao acompanhados")]
    [InlineData("pt", "Não acompanhadas")]
    [InlineData("es", "no acompañados")]
    [InlineData("es", "no acompanados")]
    [InlineData("it", "non accompagnati")]
    [InlineData("fr", "non accompagnes")]
    public void The_negated_words_of_the_name_alone_are_unaccompanied_minors(string language, string text)
    {
        var answer = Read(text, language);
        Assert.Equal(("unaccompanied_minors", null), (answer.Value(), answer.OtherText));
    }

    [Theory]
    [InlineData("pt", "familias refugiadas e nao acompanhados", "international_protection,unaccompanied_minors")]
    [InlineData("es", "mujeres migrantes y no acompañados", "women,unaccompanied_minors")]
    [InlineData("pt", "acompanhamos famílias refugiadas", "international_protection")]
    [InlineData("es", "acompañamos a familias refugiadas", "international_protection")]
    [InlineData("it", "accompagniamo famiglie rifugiate", "international_protection")]
    public void Beside_other_groups_and_after_the_verb(string language, string text, string codes)
    {
        var answer = Read(text, language);
        Assert.Equal(codes.Split(',').Order(), answer.Value()!.Split(',').Order());
    }

    [Theory]
    [InlineData("pt", "acompanhados")]
    [InlineData("pt", "não crianças")]
    [InlineData("es", "acompañados")]
    [InlineData("it", "accompagnati")]
    [InlineData("pt", "não")]
    public void The_participle_alone_or_a_negation_of_another_word_is_no_minor(string language, string text)
    {
        var answer = TestCore.Normalise("target_groups", text, language, new NormalisationContext());
        Assert.DoesNotContain("unaccompanied_minors", answer.Value() ?? "", StringComparison.Ordinal);
    }
}
