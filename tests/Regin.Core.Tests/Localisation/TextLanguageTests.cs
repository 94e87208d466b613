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

    [Theory]
    // The rest of a long answer after a picture Apple Mail put into it, as contributors write it: one of ours.
    [InlineData("and every Thursday they cook together. The town pays for the room and the volunteers bring the food.")]
    [InlineData("und jeden Donnerstag kochen sie zusammen. Die Stadt bezahlt den Raum, die Freiwilligen bringen das Essen mit.")]
    [InlineData("och varje torsdag lagar de mat tillsammans. Kommunen betalar lokalen och volontärerna tar med maten.")]
    // Swedish typed without å, ä and ö (a keyboard set to English), and Swedish that reads much like Danish.
    [InlineData("och varje torsdag lagar de mat tillsammans. Kommunen betalar lokalen och volontarerna tar med maten.")]
    [InlineData("Deltagarna kommer fran hela kommunen och traffas varje vecka pa biblioteket, dar de far hjalp med sprak och kontakter.")]
    [InlineData("Det har meddelandet kan innehalla konfidentiell information och ar endast avsett for mottagaren. Om du har fatt det av misstag, meddela avsandaren.")]
    [InlineData("και κάθε Πέμπτη μαγειρεύουν μαζί. Ο δήμος πληρώνει την αίθουσα και οι εθελοντές φέρνουν το φαγητό.")]
    [InlineData("et chaque jeudi ils cuisinent ensemble. La mairie paie la salle et les bénévoles apportent le repas.")]
    [InlineData("y cada jueves cocinan juntos. El ayuntamiento paga la sala y los voluntarios traen la comida.")]
    [InlineData("e ogni giovedì cucinano insieme. Il comune paga la sala e i volontari portano da mangiare.")]
    [InlineData("e todas as quintas-feiras cozinham juntos. A câmara paga a sala e os voluntários trazem a comida.")]
    // Short, or names and numbers: too little to tell.
    [InlineData("Caritas, Croce Rossa, ASP Forlì")]
    [InlineData("in der Bibliothek.")]
    public void Prose_in_one_of_our_languages_or_too_little_to_tell_is_not_foreign(string text) =>
        Assert.False(Languages.IsForeign(text));

    [Theory]
    // A mail gateway's disclaimer in a language outside our 8, as companies and councils write them; Danish and Norwegian
    // (whose short words are Swedish too) by their own words (vocabulary neighbour_words).
    [InlineData("Denne e-mail er fortrolig og kun beregnet for modtageren. Hvis du har modtaget den ved en fejl, bedes du venligst underrette afsenderen og slette meddelelsen.")]
    [InlineData("Denne e-posten kan inneholde konfidensiell informasjon og er kun ment for mottakeren. Hvis du har mottatt den ved en feil, vennligst gi beskjed til avsender og slett e-posten.")]
    [InlineData("Oplysningerne i denne e-mail er fortrolige. Er du ikke den rette modtager, bedes du straks give afsender besked og slette e-mailen.")]
    [InlineData("Ta wiadomość jest poufna i przeznaczona wyłącznie dla adresata. Jeżeli otrzymali Państwo tę wiadomość omyłkowo, prosimy o poinformowanie nadawcy i usunięcie jej.")]
    [InlineData("Dit bericht is vertrouwelijk en uitsluitend bestemd voor de geadresseerde. Indien u dit bericht per vergissing heeft ontvangen, verzoeken wij u de afzender te informeren en het bericht te verwijderen.")]
    [InlineData("Tato zpráva je důvěrná a je určena pouze adresátovi. Pokud jste ji obdrželi omylem, informujte prosím odesílatele a zprávu smažte.")]
    [InlineData("Táto správa je dôverná a je určená výlučne adresátovi. Ak ste ju dostali omylom, informujte prosím odosielateľa a správu vymažte.")]
    [InlineData("Ova poruka je povjerljiva i namijenjena isključivo primatelju. Ako ste je primili greškom, molimo obavijestite pošiljatelja i izbrišite je.")]
    [InlineData("Bu e-posta gizlidir ve yalnızca alıcıya yöneliktir. Bu mesajı yanlışlıkla aldıysanız lütfen gönderene bildirin ve silin.")]
    [InlineData("Acest mesaj este confidențial și destinat exclusiv destinatarului. Dacă l-ați primit din greșeală, vă rugăm să anunțați expeditorul și să îl ștergeți.")]
    [InlineData("Ez az üzenet bizalmas, és kizárólag a címzettnek szól. Ha tévedésből kapta meg, kérjük, értesítse a feladót, és törölje az üzenetet.")]
    [InlineData("Tämä viesti on luottamuksellinen ja tarkoitettu vain vastaanottajalle. Jos olet saanut viestin vahingossa, ilmoita lähettäjälle ja poista viesti.")]
    public void A_disclaimer_in_a_language_outside_ours_is_foreign(string text) =>
        Assert.True(Languages.IsForeign(text));

    public static TheoryData<string, string, bool> MailsOwnWords() => new()
    {
        // The newest text of real mails without the keyed answers, as people type them. Clear ones outrank Content-Language.
        // A German official in an English Outlook (Content-Language: en-US).
        { "Hallo Frau Weber,\n\nanbei wie besprochen die ausgefüllte Vorlage für unser Sprachcafé. Die Zahlen für 2025 reiche ich nach.\n\nViele Grüße\nJonas Becker\nStadt Freiburg, Amt für Migration", "de", true },
        { "Hallo,\nhier unsere Angaben.\nLG Eva", "de", true },
        // A Greek one in an Outlook set to en-GB.
        { "Καλησπέρα σας,\n\nσας στέλνω το συμπληρωμένο υπόδειγμα για το κέντρο υποδοχής.\n\nΜε εκτίμηση,\nΕλένη Κωνσταντίνου\nΠεριφέρεια Κρήτης", "el", true },
        // A French one with no header at all.
        { "Bonjour,\n\nVeuillez trouver ci-dessous nos réponses pour le guichet d'accueil.\n\nCordialement,\nLuc Martin", "fr", true },
        // Too few words of their own: the header (or the address) says more.
        { "Hi,\n\nTom", "en", false },
        { "Thanks,\nTom", "en", false },
        { "Hej,\nAnna", "sv", false },
    };

    [Theory]
    [MemberData(nameof(MailsOwnWords))]
    public void A_mails_own_words_are_clear_with_a_greeting_and_a_sign_off_or_a_sentence_and_not_with_a_greeting_alone(string text, string language, bool clear)
    {
        var guess = Languages.ReadMail(text);
        Assert.Equal(language, guess.Language);
        Assert.Equal(clear, guess.Clear);
        Assert.Equal(language, Languages.GuessMail(text));
    }

    [Fact]
    public void A_mail_half_in_one_language_half_in_another_is_not_clear() =>
        // A German greeting and sign-off around a sentence copied from an English template: neither outweighs the other
        // twice over, so the mail program's Content-Language decides.
        Assert.False(Languages.ReadMail("Hallo,\nPlease find attached the form for our language café.\nLiebe Grüße").Clear);
}
