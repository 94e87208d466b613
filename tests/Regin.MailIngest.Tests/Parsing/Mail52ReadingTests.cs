using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;
using Regin.Core.Templates;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// Session 52: the organisation's everyday short label anywhere in a mail ("Φορέας:", "Ente:", "Entidad:"), "I work at" in
/// a first mail's prose, the target groups a first mail's sentence names, a signature line of two phones.
/// </summary>
public sealed class Mail52ReadingTests
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();
    private static readonly AnswerNormaliser Normaliser = new(Questionnaire, GeoCatalog.LoadEmbedded());
    private static readonly ProseAnswers Prose = new(Questionnaire, Normaliser, new Texts(Questionnaire));
    private static readonly TemplateTextParser Parser = new(new QuestionCatalog(Questionnaire));
    private static readonly MailMarkers Markers = Parser.Markers;

    private static string Key(string id) => TemplateKeys.KeyOf(Questionnaire, id);

    /// <summary>
    /// Item 1. The template's key lines, then the organisation under the language's everyday short label, as an official
    /// adds what she left out (before, "Φορέας:", "Ente:", "Entidad:", "Entidade:" fitted the leading and the contact's
    /// organisation, named neither, and were quoted back as lines not read).
    /// </summary>
    [Theory]
    [InlineData("el", "Κέντρο ένταξης", "Ελλάδα", "Φορέας: Δήμος Μυτιλήνης", "Δήμος Μυτιλήνης", "Με εκτίμηση,\nΝίκος")]
    [InlineData("el", "Κέντρο ένταξης", "Ελλάδα", "ΦΟΡΕΑΣ: Περιφέρεια Κρήτης", "Περιφέρεια Κρήτης", "Με εκτίμηση,\nΝίκος")]
    [InlineData("de", "Sprachcafé", "Österreich", "Träger: Stadt Graz", "Stadt Graz", "Viele Grüße\nJulia")]
    [InlineData("fr", "Accueil des primo-arrivants", "France", "Porteur : Mairie de Lyon", "Mairie de Lyon", "Cordialement,\nClaire")]
    [InlineData("it", "Sportello lavoro", "Italia", "Ente: Comune di Bari", "Comune di Bari", "Cordiali saluti\nGiulia")]
    [InlineData("it", "Sportello lavoro", "Italia", "ente : comune di bari", "comune di bari", "Cordiali saluti\nGiulia")]
    [InlineData("es", "Aulas de acogida", "España", "Entidad: Diputación de Alicante", "Diputación de Alicante", "Saludos,\nAna")]
    [InlineData("pt", "Balcão de acolhimento", "Portugal", "Entidade: Câmara Municipal de Braga", "Câmara Municipal de Braga", "Cumprimentos,\nJoão")]
    [InlineData("sv", "Språkvän", "Sverige", "Huvudman: Umeå kommun", "Umeå kommun", "Mvh\nKarin")]
    public void The_organisations_everyday_short_label_below_the_key_lines_is_read(string language, string title, string country, string line, string organisation, string signOff)
    {
        var text = $"[{Key("title")}] {title}\n[{Key("country")}] {country}\n[{Key("consent_publish")}] {Questionnaire.Vocabulary.Yes.In(language)[0]}\n{line}\n\n{signOff}";
        var parsed = Parser.Parse(text, "body");
        Assert.Equal(organisation, parsed.Answers.Single(a => a.QuestionId == "lead_organisation").Text);
        Assert.Empty(parsed.Unplaced);
        Assert.Equal(title, parsed.Answers.Single(a => a.QuestionId == "title").Text);
    }

    [Theory]
    // Right after the contact's name, the organisation is the contact's, as before: the question after the one just answered.
    [InlineData("Όνομα: Νίκος Παπαδάκης\nΦορέας: Περιφέρεια Κρήτης\n", "contact_organisation")]
    [InlineData("Name: Kate Byrne\nOrganisation: Cork County Council\n", "contact_organisation")]
    // A word that two questions' spoken names do not share, and no label holds whole, names nothing ("Stelle:").
    [InlineData("[Q05] Sprachcafé\nStelle: Integrationsreferat\n", null)]
    public void Right_after_the_contacts_name_the_short_label_is_the_contacts_organisation(string text, string? question)
    {
        var parsed = Parser.Parse(text, "body");
        var read = parsed.Answers.Where(a => a.QuestionId.EndsWith("organisation", StringComparison.Ordinal)).Select(a => a.QuestionId).ToList();
        Assert.Equal(question is null ? [] : new[] { question }, read);
    }

    private static Dictionary<string, string> FirstMail(string text) =>
        Prose.ReadFirstMail(text, Markers).ToDictionary(a => a.QuestionId, a => a.Text);

    /// <summary>Item 2. "I work at" in a first mail: the writer's organisation, and the leading one when no "we" names another.</summary>
    [Theory]
    [InlineData("Guten Tag,\n\nich arbeite bei der Stadt Graz und wir betreiben seit 2019 ein Sprachcafé.\n\nViele Grüße\nJulia", "Stadt Graz")]
    [InlineData("Bonjour,\n\nje travaille à la mairie de Lyon, nous menons depuis 2020 des ateliers de français.\n\nCordialement,\nClaire", "mairie de Lyon")]
    [InlineData("Buongiorno,\n\nlavoro al Comune di Bari e dal 2021 gestiamo uno sportello per i migranti.\n\nCordiali saluti\nGiulia", "Comune di Bari")]
    [InlineData("Καλημέρα σας,\n\nδουλεύω στον Δήμο Πατρέων και από το 2018 τρέχουμε ένα πρόγραμμα.\n\nΜε εκτίμηση,\nΜαρία", "Δήμο Πατρέων")]
    [InlineData("Hola:\n\ntrabajo en la Diputación de Alicante y desde 2021 llevamos un programa de acogida.\n\nUn saludo,\nAna", "Diputación de Alicante")]
    [InlineData("Bom dia,\n\ntrabalho na Câmara Municipal de Braga e desde 2020 temos um projeto de acolhimento.\n\nCumprimentos,\nRita", "Câmara Municipal de Braga")]
    [InlineData("Hej,\n\njag jobbar på Umeå kommun och sedan 2019 driver vi ett språkcafé.\n\nMvh\nKarin", "Umeå kommun")]
    [InlineData("Hello,\n\nI work at Cork County Council and since 2021 we have run a welcome desk.\n\nBest,\nKate", "Cork County Council")]
    [InlineData("Guten Tag,\n\nich arbeite bei der Caritas Graz seit 2015, das Sprachcafé läuft seit 2019.\n\nViele Grüße\nJulia", "Caritas Graz")]
    public void I_work_at_names_the_writers_organisation(string text, string organisation)
    {
        var read = FirstMail(text);
        Assert.Equal(organisation, read["contact_organisation"]);
        Assert.Equal(organisation, read["lead_organisation"]);
    }

    [Theory]
    // A place alone is where she works, not who ("no Porto", "στην Αθήνα"); no capital, no name ("à la mairie depuis 2019").
    [InlineData("Bom dia,\n\ntrabalho no Porto e desde 2020 temos um projeto de acolhimento.\n\nCumprimentos,\nRita")]
    [InlineData("Καλημέρα,\n\nδουλεύω στην Αθήνα και από το 2018 τρέχουμε ένα πρόγραμμα.\n\nΜαρία")]
    [InlineData("Bonjour,\n\nje travaille à la mairie depuis 2019 et nous menons des ateliers.\n\nCordialement,\nLéa")]
    public void I_work_at_a_place_or_at_no_name_names_no_organisation(string text)
    {
        var read = FirstMail(text);
        Assert.False(read.ContainsKey("contact_organisation"));
        Assert.False(read.ContainsKey("lead_organisation"));
    }

    [Fact]
    public void We_are_names_the_leading_organisation_beside_I_work_at()
    {
        var read = FirstMail("Hej,\n\njag jobbar på Umeå kommun, vi heter Språkcaféet Umeå och har hållit på sedan 2019.\n\nMvh\nKarin");
        Assert.Equal("Umeå kommun", read["contact_organisation"]);
        Assert.Equal("Språkcaféet Umeå", read["lead_organisation"]);
    }

    /// <summary>Item 3. The groups a first mail's sentence names, as the normaliser reads them; the words kept as typed.</summary>
    [Theory]
    [InlineData("de", "Guten Tag,\n\nwir betreiben seit 2019 ein Sprachcafé. Wir unterstützen geflüchtete Frauen und ihre Kinder.\n\nViele Grüße\nJulia",
        "geflüchtete Frauen und ihre Kinder", "children_youth,international_protection,women")]
    [InlineData("fr", "Bonjour,\n\nnous menons depuis 2020 des ateliers de français. Nous accompagnons les femmes réfugiées et leurs enfants.\n\nCordialement,\nClaire",
        "femmes réfugiées et leurs enfants", "children_youth,international_protection,women")]
    [InlineData("it", "Buongiorno,\n\ndal 2021 gestiamo uno sportello al Comune di Bari. Lavoriamo con donne migranti e minori non accompagnati.\n\nCordiali saluti\nGiulia",
        "donne migranti e minori non accompagnati", "unaccompanied_minors,women")]
    [InlineData("el", "Καλημέρα σας,\n\nστον Δήμο Πατρέων από το 2018 τρέχουμε ένα πρόγραμμα για ασυνόδευτους ανήλικους.\n\nΜε εκτίμηση,\nΜαρία",
        "ασυνόδευτους ανήλικους", "unaccompanied_minors")]
    [InlineData("es", "Hola:\n\ndesde 2021 llevamos un programa con mujeres migrantes y sus hijos en Alicante.\n\nUn saludo,\nAna",
        "mujeres migrantes y sus hijos", "children_youth,women")]
    [InlineData("sv", "Hej,\n\nsedan 2019 träffar vi nyanlända varje vecka i Umeå.\n\nMvh\nKarin", "nyanlända", "newly_arrived")]
    [InlineData("en", "Hello,\n\nsince 2021 we have supported refugee women and their children in Cork.\n\nBest,\nKate",
        "refugee women and their children", "children_youth,international_protection,women")]
    public void The_groups_a_first_mails_sentence_names_are_read(string language, string text, string words, string codes)
    {
        var groups = Prose.Groups(text, Markers, language) ?? throw new Xunit.Sdk.XunitException("no groups read");
        Assert.Equal(ProseAnswers.GroupsInProse, groups.RecognisedBy);
        Assert.Equal(words, groups.Text);
        var read = Normaliser.Normalise("target_groups", groups.Text, language);
        Assert.Equal(codes, string.Join(",", read.Value!.AsArray().Select(c => c!.GetValue<string>()).Order(StringComparer.Ordinal)));
        Assert.Equal(words, FirstMail(text)["target_groups"]);
    }

    [Theory]
    // A group it does not know joined to the list ("Roma-Familien"): never half the list.
    [InlineData("de", "Guten Tag,\n\nwir betreiben seit 2019 ein Sprachcafé. Wir unterstützen geflüchtete Frauen und Roma-Familien.\n\nViele Grüße\nJulia")]
    [InlineData("de", "Guten Tag,\n\nwir betreiben seit 2019 ein Sprachcafé für Roma-Familien und Frauen.\n\nViele Grüße\nJulia")]
    [InlineData("fr", "Bonjour,\n\ndepuis 2020 nous accompagnons des femmes, des demandeurs d'emploi de longue durée et des seniors isolés.\n\nLéa")]
    // A negation, a question, two sentences naming other groups.
    [InlineData("de", "Guten Tag,\n\nwir betreiben seit 2019 ein Sprachcafé. Wir arbeiten nicht mit Kindern.\n\nViele Grüße\nJulia")]
    [InlineData("en", "Hello,\n\nsince 2021 we have run a welcome desk. Can it be for refugee women too?\n\nKate")]
    [InlineData("it", "Buongiorno,\n\ndal 2021 lavoriamo con donne migranti. D'estate arrivano anche minori non accompagnati.\n\nGiulia")]
    // Names of organisations: "Δήμο", "Câmara", "Council" are no groups.
    [InlineData("el", "Καλημέρα σας,\n\nδουλεύω στον Δήμο Πατρέων από το 2018.\n\nΜαρία")]
    [InlineData("en", "Hello,\n\nI work at Cork County Council since 2021.\n\nKate")]
    public void No_group_is_read_where_the_list_is_not_whole(string language, string text)
    {
        Assert.Null(Prose.Groups(text, Markers, language));
    }

    /// <summary>Item 4. A signature line with two phones: the first is offered, the whole line kept for the researcher.</summary>
    [Theory]
    [InlineData("Cumprimentos,\nJoão Silva\nCCDR Norte\nTel.: +351 21 123 4567 | Telm.: +351 912 345 678", "+351 21 123 4567")]
    [InlineData("Viele Grüße\nJulia Weber\nStadt Graz, Integrationsreferat\nTel. 0316 872-1234 · Mobil 0664 123 45 67", "0316 872-1234")]
    [InlineData("Saludos,\nAna Ruiz\nDiputación de Alicante\nTel. 965 12 34 56 / Móvil 600 12 34 56", "965 12 34 56")]
    [InlineData("Cordialement,\nClaire Martin\nRégion Bretagne\nTél. : 02 99 27 10 10 | Port. : 06 12 34 56 78", "02 99 27 10 10")]
    [InlineData("Με εκτίμηση,\nΝίκος\nΠεριφέρεια Κρήτης\nΤηλ.: 2810 123456, Κιν.: 6971 234567", "2810 123456")]
    public void A_signature_line_of_two_phones_offers_the_first(string signature, string phone)
    {
        var parsed = Parser.Parse($"[{Key("title")}] Test\n[{Key("country")}] X\n\n{signature}", "body");
        var offered = parsed.Answers.Single(a => a.QuestionId == "contact_phone");
        Assert.Equal(TemplateTextParser.FromSignature, offered.RecognisedBy);
        Assert.Equal(phone, offered.Text);
        Assert.Equal(signature.Split('\n')[^1], offered.From);
    }
}
