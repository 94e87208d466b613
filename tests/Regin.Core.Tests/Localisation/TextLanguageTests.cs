using Regin.Core.Localisation;

namespace Regin.Core.Tests.Localisation;

public class TextLanguageTests
{
    private static readonly TextLanguage Languages = new(TestCore.Questionnaire);

    [Theory]
    // What people write around an attachment or a few keyed answers, in a hurry.
    [InlineData("Anbei die ausgefüllte Vorlage. Mit freundlichen Grüßen", "de")]
    [InlineData("Ci-joint le modèle rempli. Cordialement, Marie", "fr")]
    [InlineData("In allegato il modello compilato. Cordiali saluti", "it")]
    [InlineData("Adjunto la plantilla rellenada. Un saludo", "es")]
    [InlineData("Segue em anexo o modelo preenchido. Com os melhores cumprimentos", "pt")]
    [InlineData("Bifogar den ifyllda mallen. Med vänliga hälsningar", "sv")]
    [InlineData("Σας επισυνάπτω το συμπληρωμένο υπόδειγμα. Με εκτίμηση", "el")]
    [InlineData("Please find the filled template attached. Kind regards", "en")]
    public void A_short_free_text_is_read_as_its_language(string text, string expected) =>
        Assert.Equal(expected, Languages.Guess(text));

    [Theory]
    [InlineData("")]
    [InlineData("[Q05] 2019")]
    [InlineData("OK")]
    public void A_text_that_says_too_little_has_no_language(string text) =>
        Assert.Null(Languages.Guess(text));

    [Theory]
    // Names, addresses and keys name no language ("Lea" is a Spanish word, "Sole" an Italian one, "Ana" is Greek for "up").
    [InlineData("[Q01] Lea Fischer")]
    [InlineData("Lea Fischer")]
    [InlineData("[Q01] Sole Martini\n[Q03] sole.martini@comune.example.it\n[Q30] https://www.esempio.it/progetto")]
    [InlineData("Paulo Sousa\npaulo.sousa@escola.example.pt\nwww.escola.example.pt")]
    public void Names_addresses_and_keys_alone_have_no_language(string text) =>
        Assert.Null(Languages.Guess(text));

    [Theory]
    // Real signatures and greetings around a name that is a word of another language: the sender's own words decide.
    [InlineData("Anbei die ausgefüllte Vorlage.\nViele Grüße\nLea Fischer\nlea.fischer@stadt.example.de", "de")]
    [InlineData("Ci-joint le modèle rempli. Bien cordialement, Lea Fischer", "fr")]
    [InlineData("In allegato il modello compilato.\nCordiali saluti,\nLea Fischer", "it")]
    [InlineData("Please find the filled template attached.\nKind regards,\nSole Martini", "en")]
    [InlineData("Σας επισυνάπτω το συμπληρωμένο υπόδειγμα.\nΜε εκτίμηση,\nLea Fischer", "el")]
    [InlineData("Bifogar den ifyllda mallen. Med vänliga hälsningar, Lea Fischer", "sv")]
    [InlineData("Segue em anexo o modelo preenchido.\nCom os melhores cumprimentos,\nLea Fischer", "pt")]
    [InlineData("Adjunto la plantilla rellenada. Un saludo, Sole Martini", "es")]
    public void A_name_in_a_signature_does_not_decide_the_language(string text, string expected) =>
        Assert.Equal(expected, Languages.Guess(text));
}
