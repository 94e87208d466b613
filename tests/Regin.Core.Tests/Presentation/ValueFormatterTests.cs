using Regin.Core.Presentation;

namespace Regin.Core.Tests.Presentation;

/// <summary>Values are shown as each language writes them, never as stored ("2019-03", "ongoing", 240000).</summary>
public class ValueFormatterTests
{
    private static readonly ValueFormatter Formatter = new(TestCore.Questionnaire, TestCore.Geo);

    // Spaces: ICU writes a no-break space (U+00A0) or a narrow no-break space (U+202F) inside numbers; the test
    // compares with ordinary spaces so it says what a reader sees.
    private static string Seen(string text) => text.Replace('\u00a0', ' ').Replace('\u202f', ' ');

    [Theory]
    // A phone stored in E.164 (lang44) is shown grouped as its country writes it; an extension as typed; one kept as typed, so.
    [InlineData("\"+353871234567\"", "+353 87 123 4567")]
    [InlineData("\"+33388156867\"", "+33 3 88 15 68 67")]
    [InlineData("\"+390805401111 int. 7\"", "+39 080 540 1111 int. 7")]
    [InlineData("\"087 123 4567\"", "087 123 4567")]
    [InlineData("\"+1 555 123 4567 ext. 12\"", "+1 555 123 4567 ext. 12")]
    public void Phones_are_shown_grouped(string stored, string expected) =>
        Assert.Equal(expected, Formatter.Format("contact_phone", stored, "en"));

    [Theory]
    // Session 48: a phone shown with the contributor's groups ("+43 1 4000 81510" was shown "+43 1 400081510"), the country code
    // and a trunk zero left out, "-" kept; a single run of digits, or digits that are not the stored number's, by the plan.
    [InlineData("+431400081510", "+43 1 4000 81510", "+43 1 4000 81510")]
    [InlineData("+431400081510", "01/4000-81510", "+43 1 4000-81510")]
    [InlineData("+431400081510", "+43 (0)1 4000 81510", "+43 1 4000 81510")]
    [InlineData("+431400081510", "0043 1 4000 81510", "+43 1 4000 81510")]
    [InlineData("+4941716930", "04171 693-0", "+49 4171 693-0")]
    [InlineData("+33123456789", "01 23 45 67 89", "+33 1 23 45 67 89")]
    [InlineData("+390667101234", "06 6710 1234", "+39 06 6710 1234")]
    [InlineData("+390805401111 int. 7", "080 540 1111 int. 7", "+39 080 540 1111 int. 7")]
    [InlineData("+34955000000", "tel 955 00 00 00", "+34 955 00 00 00")]
    [InlineData("+302101234567", "210 1234567", "+30 210 1234567")]
    [InlineData("+351912345678", "+351 912 345 678", "+351 912 345 678")]
    [InlineData("+46701234567", "070-123 45 67", "+46 70-123 45 67")]
    [InlineData("+353871234567", "087 123 4567", "+353 87 123 4567")]
    [InlineData("+431400081510", "+431400081510", "+43 1 400081510")]
    [InlineData("+353871234567", "087 999 4567", "+353 87 123 4567")]
    public void Phones_are_shown_with_the_groups_typed(string stored, string typed, string expected) =>
        Assert.Equal(expected, ValueFormatter.Phone(stored, typed));

    [Theory]
    [InlineData("en", "\"2019-03\"", "March 2019")]
    [InlineData("fr", "\"2019-03\"", "mars 2019")]
    [InlineData("de", "\"2019-03\"", "März 2019")]
    [InlineData("es", "\"2019-03\"", "marzo de 2019")]
    [InlineData("it", "\"2019-03\"", "marzo 2019")]
    [InlineData("el", "\"2019-03\"", "Μάρτιος 2019")]
    [InlineData("pt", "\"2019-03\"", "março de 2019")]
    [InlineData("sv", "\"2019-03\"", "mars 2019")]
    [InlineData("en", "\"2019-03-15\"", "15 March 2019")]
    [InlineData("de", "\"2019-03-15\"", "15. März 2019")]
    [InlineData("es", "\"2019-03-15\"", "15 de marzo de 2019")]
    [InlineData("el", "\"2019-03-15\"", "15 Μαρτίου 2019")]
    [InlineData("it", "\"2019\"", "2019")]
    public void Dates_are_written_with_the_month_by_name(string language, string stored, string expected) =>
        Assert.Equal(expected, Seen(Formatter.Format("start_date", stored, language)));

    [Theory]
    [InlineData("en", "ongoing")]
    [InlineData("fr", "en cours")]
    [InlineData("de", "laufend")]
    [InlineData("es", "en curso")]
    [InlineData("it", "in corso")]
    [InlineData("el", "σε εξέλιξη")]
    [InlineData("pt", "em curso")]
    [InlineData("sv", "pågående")]
    public void Ongoing_is_written_in_the_language(string language, string expected) =>
        Assert.Equal(expected, Formatter.Format("end_date", "\"ongoing\"", language));

    [Theory]
    [InlineData("en", "€240,000")]
    [InlineData("fr", "240 000 €")]
    [InlineData("de", "240.000 €")]
    [InlineData("es", "240.000 €")]
    [InlineData("it", "240.000 €")]
    [InlineData("el", "240.000 €")]
    [InlineData("pt", "240 000 €")]
    [InlineData("sv", "240 000 €")]
    public void Euros_are_written_as_the_language_writes_them(string language, string expected) =>
        Assert.Equal(expected, Seen(Formatter.Format("budget_eur", "240000", language)));

    [Theory]
    [InlineData("en", "1,250")]
    [InlineData("fr", "1 250")]
    [InlineData("de", "1.250")]
    [InlineData("it", "1.250")]
    [InlineData("sv", "1 250")]
    public void Counts_have_the_language_s_group_separator(string language, string expected) =>
        Assert.Equal(expected, Seen(Formatter.Format("beneficiaries_count", "1250", language)));

    [Theory]
    [InlineData("en", "true", "Yes")]
    [InlineData("it", "true", "Sì")]
    [InlineData("de", "false", "Nein")]
    [InlineData("el", "true", "Ναι")]
    public void Yes_and_no_are_words(string language, string stored, string expected) =>
        Assert.Equal(expected, Formatter.Format("consent_publish", stored, language));

    [Theory]
    // NUTS writes Greek regions in Latin letters; a Greek reader reads them in Greek, everyone else as NUTS writes them.
    [InlineData("el", "EL41", "Βόρειο Αιγαίο (EL41)")]
    [InlineData("el", "EL51", "Ανατολική Μακεδονία και Θράκη (EL51)")]
    [InlineData("en", "EL41", "Voreio Aigaio (EL41)")]
    [InlineData("el", "ITF4", "Απουλία (ITF4)")]
    public void A_region_is_named_in_the_readers_script(string language, string code, string expected) =>
        Assert.Equal(expected, Formatter.Format("region", $"\"{code}\"", language));

    [Fact]
    public void Codes_become_names_and_labels_and_researchers_also_see_the_codes()
    {
        Assert.Equal("Italia", Formatter.Format("country", "\"IT\"", "it"));
        Assert.Equal("Italien [IT]", Formatter.Format("country", "\"IT\"", "de", ValueStyle.WithCodes));
        Assert.Equal("Puglia (ITF4)", Formatter.Format("region", "\"ITF4\"", "fr"));
        var areas = TestCore.Questionnaire.Questions.Single(q => q.Id == "integration_areas");
        var education = areas.ChoiceList.Single(c => c.Code == "education").Label.In("es");
        var health = areas.ChoiceList.Single(c => c.Code == "health").Label.In("es");
        Assert.Equal($"{education}; {health}", Formatter.Format("integration_areas", "[\"education\",\"health\"]", "es"));
        Assert.Equal([$"{education} [education]", $"{health} [health]"], Formatter.Items(areas, "[\"education\",\"health\"]", "es", ValueStyle.WithCodes));
    }

    [Fact]
    public void A_language_the_questionnaire_does_not_have_is_shown_in_the_default_one() =>
        Assert.Equal("March 2019", Formatter.Format("start_date", "\"2019-03\"", "xx"));

    [Fact]
    public void Values_built_in_code_are_shown_like_values_read_from_the_store()
    {
        var questions = TestCore.Questionnaire.Questions.ToDictionary(q => q.Id);
        Assert.Equal("1.200", Formatter.Format(questions["beneficiaries_count"], System.Text.Json.Nodes.JsonValue.Create(1200), "it"));
        Assert.Equal("120.000,50 €", Seen(Formatter.Format(questions["budget_eur"], System.Text.Json.Nodes.JsonValue.Create(120000.50m), "de")));
        Assert.Equal("Ja", Formatter.Format(questions["consent_publish"], System.Text.Json.Nodes.JsonValue.Create(true), "sv"));
        Assert.Equal("en cours", Formatter.Format(questions["end_date"], System.Text.Json.Nodes.JsonValue.Create("ongoing"), "fr"));
    }
}
