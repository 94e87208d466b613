using System.Text.Json.Nodes;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 38: what a regional official at a desk pastes from the practice's report or web page (Teams, web chat): an
/// address inside a sentence, two countries side by side, a start and "still running" in one line, a numbered list, a
/// period with a numeric end. Each row was refused, kept under Other or read wrongly by main's normaliser.
/// </summary>
public class DeskPasteTests
{
    [Theory]
    [InlineData("en", "Please contact me at siobhan.murphy@southernassembly.ie for any questions.", "siobhan.murphy@southernassembly.ie")]
    [InlineData("de", "Für Rückfragen bin ich unter petra.schulz@senias.berlin.de erreichbar.", "petra.schulz@senias.berlin.de")]
    [InlineData("fr", "Vous pouvez me joindre à claire.dubois@auvergnerhonealpes.fr pour toute question.", "claire.dubois@auvergnerhonealpes.fr")]
    [InlineData("es", "Para cualquier duda, pueden escribirme a lucia.garcia@juntadeandalucia.es.", "lucia.garcia@juntadeandalucia.es")]
    [InlineData("it", "Per qualsiasi domanda potete scrivermi a anna.verdi@regione.emilia-romagna.it.", "anna.verdi@regione.emilia-romagna.it")]
    [InlineData("pt", "Para qualquer dúvida, podem contactar-me em ana.sousa@ccdr-n.pt.", "ana.sousa@ccdr-n.pt")]
    [InlineData("el", "Για οποιαδήποτε απορία μπορείτε να μου γράψετε στο n.georgiou@pkm.gov.gr.", "n.georgiou@pkm.gov.gr")]
    [InlineData("sv", "Vid frågor når ni mig på karin.lindqvist@skane.se.", "karin.lindqvist@skane.se")]
    public void An_address_inside_a_sentence_is_the_answer(string language, string text, string expected)
    {
        // "This is not a valid e-mail address": the official typed the address again, bare.
        var answer = TestCore.Normalise("contact_email", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
        Assert.Equal(text, answer.Original);
    }

    [Theory]
    // A name typed with a space still runs into the address, in a sentence too.
    [InlineData("it", "mail maria rossi@example.org")]
    [InlineData("es", "correo de maria rossi@example.org")]
    [InlineData("en", "maria rossi@example.org / 040-123456")]
    [InlineData("en", "write to a@b.se or to c@d.se please")]
    public void A_name_run_into_the_address_or_two_addresses_stay_refused(string language, string text) =>
        Assert.False(TestCore.Normalise("contact_email", text, language).Ok);

    [Theory]
    [InlineData("de", "AUT / DEU", "AT,DE")]
    [InlineData("en", "Austria / Germany", "AT,DE")]
    [InlineData("de", "Österreich und Deutschland", "AT,DE")]
    [InlineData("fr", "Suisse / France", "CH,FR")]
    [InlineData("es", "España / Francia", "ES,FR")]
    [InlineData("it", "Italia / Austria", "IT,AT")]
    [InlineData("pt", "Portugal / Espanha", "PT,ES")]
    [InlineData("el", "Ελλάδα / Κύπρος", "GR,CY")]
    [InlineData("sv", "Sverige / Norge", "SE,NO")]
    public void Two_countries_side_by_side_are_offered_to_pick_one(string language, string text, string offered)
    {
        // "I do not recognise this country": both were refused, where the contributor had named them rightly.
        var answer = TestCore.Normalise("country", text, language);
        Assert.False(answer.Ok);
        Assert.True(answer.NeedsConfirmation);
        Assert.Equal(offered.Split(','), answer.Candidates.Select(c => c.Value!.GetValue<string>()));
        Assert.All(answer.Candidates, c => Assert.Contains(c.Display, answer.Error));
    }

    [Theory]
    [InlineData("sv", "Sverige/Sweden", "SE")] // one country in two languages: that country, as before
    [InlineData("de", "Deutschland (Bayern)", "DE")]
    public void One_country_named_twice_or_with_a_region_is_that_country(string language, string text, string expected) =>
        Assert.Equal(expected, TestCore.Normalise("country", text, language).Value());

    [Theory]
    [InlineData("es", "Empezó en marzo de 2019 y sigue en marcha", "2019-03", "ongoing")]
    [InlineData("el", "Ξεκίνησε τον Μάρτιο του 2019 και συνεχίζεται", "2019-03", "ongoing")]
    [InlineData("sv", "Startade i mars 2019 och pågår fortfarande", "2019-03", "ongoing")]
    [InlineData("en", "March 2019 and still running", "2019-03", "ongoing")]
    [InlineData("fr", "lancé en mars 2019 et toujours en cours", "2019-03", "ongoing")]
    public void A_start_and_its_language_s_and_still_running_is_a_period_running_to_now(string language, string text, string start, string end)
    {
        // "could not read this date" at both questions (a dash between them was read).
        Assert.Equal(start, TestCore.Normalise("start_date", text, language).Value());
        Assert.Equal(end, TestCore.Normalise("end_date", text, language).Value());
        Assert.True(TestCore.Normaliser.IsPeriod(text, language));
    }

    [Theory]
    [InlineData("en", "Started in March 2019, still running", "2019-03", "still running")]
    [InlineData("de", "März 2019, läuft noch", "2019-03", "läuft noch")]
    [InlineData("es", "marzo 2019, todavía en marcha", "2019-03", "todavía en marcha")]
    [InlineData("el", "Μάρτιος 2019, συνεχίζεται", "2019-03", "συνεχίζεται")]
    [InlineData("fr", "Démarré en mars 2019, toujours en cours", "2019-03", "toujours en cours")]
    [InlineData("it", "Avviato a marzo 2019, ancora in corso", "2019-03", "ancora in corso")]
    [InlineData("pt", "Iniciado em março de 2019, ainda em curso", "2019-03", "ainda em curso")]
    [InlineData("sv", "Startade i mars 2019, pågår fortfarande", "2019-03", "pågår fortfarande")]
    public void A_start_a_comma_and_still_running_at_the_start_date_offers_ongoing_for_the_end(string language, string text, string start, string end)
    {
        // The end was asked blank: the comma was read as a remark on the date, as it is at the end date.
        Assert.Equal(start, TestCore.Normalise("start_date", text, language).Value());
        Assert.Equal(end, TestCore.Normaliser.PeriodText(text, language));
        Assert.Equal("ongoing", TestCore.Normalise("end_date", end, language).Value());
    }

    [Theory]
    [InlineData("de", "Dezember 2025, läuft noch")]
    [InlineData("it", "dicembre 2025, ancora in corso")]
    public void A_date_a_comma_and_still_running_at_the_end_date_stays_the_end(string language, string text) =>
        // Session 33: at the end date the comma opens a remark on the end, not a period.
        Assert.Equal("2025-12", TestCore.Normalise("end_date", text, language).Value());

    [Theory]
    [InlineData("el", "Ξεκίνησε τον Μάρτιο του 2019 και συνεχίζεται· προϋπολογισμός 120.000 € τον χρόνο", "2019-03")]
    [InlineData("el", "Μάρτιος 2019· με χρηματοδότηση 80.000 €", "2019-03")]
    public void Greek_raised_dot_opens_a_remark_as_a_semicolon_does(string language, string text, string start)
    {
        var answer = TestCore.Normalise("start_date", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(start, answer.Value());
    }

    [Theory]
    [InlineData("it", "dal 1° marzo 2019 al 31/12/2021", true)]
    [InlineData("en", "03/2019-06/2021", true)]
    [InlineData("de", "vom 01.03.2019 bis 31.12.2021", true)]
    [InlineData("en", "2018/2019", false)] // a school year: one date that spans months, as before
    [InlineData("en", "2018 / 2019", false)]
    public void A_period_with_slashes_of_its_own_dates_is_a_period(string language, string text, bool period) =>
        // The end was not offered at the end date: a slash between the years was taken for a school year's.
        Assert.Equal(period, TestCore.Normaliser.IsPeriod(text, language));

    [Theory]
    [InlineData("de", "integration_areas", "1) Sprache\n2) Wohnen\n3) Arbeit", "language,housing,labour_market")]
    [InlineData("de", "integration_areas", "1. Sprache\r\n2. Bildung", "language,education")]
    [InlineData("en", "target_groups", "a) refugees\nb) asylum seekers", "international_protection,asylum_seekers")]
    [InlineData("fr", "integration_areas", "1) Langue\n2) Logement", "language,housing")]
    public void A_numbered_list_pasted_is_its_items(string language, string question, string text, string expected)
    {
        // "1) Sprache" was kept under Other ("1" beside a word named nothing).
        var answer = TestCore.Normalise(question, text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Null(answer.OtherText);
        Assert.Equal(expected.Split(','), ((JsonArray)answer.Value!).Select(v => v!.GetValue<string>()));
    }

    [Theory]
    [InlineData("en", "integration_areas", "1\n3", "labour_market,language")] // option numbers, one a line, are still options
    public void Option_numbers_are_not_taken_for_a_list_s_numbers(string language, string question, string text, string expected)
    {
        var answer = TestCore.Normalise(question, text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected.Split(',').Order(), ((JsonArray)answer.Value!).Select(v => v!.GetValue<string>()).Order());
    }
}
