using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// "next year", "bis Ende nächsten Jahres", "l'anno scorso": a date said relative to the day it is given is read against
/// that day, and shown back to be confirmed; with no day to read it against it is refused as before.
/// </summary>
public class RelativeDateTests
{
    private static readonly DateOnly December2026 = new(2026, 12, 2);
    private static readonly DateOnly March2026 = new(2026, 3, 15);

    private static NormalisedAnswer Normalise(string question, string text, string language, DateOnly today, NormalisationContext? context = null) =>
        TestCore.Normalise(question, text, language, (context ?? NormalisationContext.Empty) with { Today = today });

    [Theory]
    [InlineData("en", "end_date", "by the end of next year", "2027-12", "Did you mean December 2027?")]
    [InlineData("en", "start_date", "last year", "2025", "Did you mean 2025?")]
    [InlineData("en", "end_date", "end of this year", "2026-12", "Did you mean December 2026?")]
    [InlineData("en", "end_date", "next month", "2027-01", "Did you mean January 2027?")]
    [InlineData("en", "start_date", "since last September", "2026-09", "Did you mean September 2026?")]
    [InlineData("en", "start_date", "today", "2026-12-02", "Did you mean 2 December 2026?")]
    [InlineData("fr", "end_date", "l'année prochaine", "2027", "Vouliez-vous dire 2027\u00a0?")]
    [InlineData("fr", "end_date", "fin de l'année prochaine", "2027-12", "Vouliez-vous dire décembre 2027\u00a0?")]
    [InlineData("fr", "end_date", "d'ici la fin de l'année", "2026-12", "Vouliez-vous dire décembre 2026\u00a0?")]
    [InlineData("fr", "start_date", "l'an dernier", "2025", "Vouliez-vous dire 2025\u00a0?")]
    [InlineData("fr", "start_date", "depuis septembre dernier", "2026-09", "Vouliez-vous dire septembre 2026\u00a0?")]
    [InlineData("fr", "start_date", "le mois dernier", "2026-11", "Vouliez-vous dire novembre 2026\u00a0?")]
    [InlineData("de", "end_date", "bis Ende nächsten Jahres", "2027-12", "Meinten Sie Dezember 2027?")]
    [InlineData("de", "end_date", "bis Jahresende", "2026-12", "Meinten Sie Dezember 2026?")]
    [InlineData("de", "end_date", "Ende des laufenden Jahres", "2026-12", "Meinten Sie Dezember 2026?")]
    [InlineData("de", "start_date", "September letzten Jahres", "2025-09", "Meinten Sie September 2025?")]
    [InlineData("de", "start_date", "im Vorjahr", "2025", "Meinten Sie 2025?")]
    [InlineData("de", "start_date", "Anfang naechsten Jahres", "2027-01", "Meinten Sie Januar 2027?")]
    [InlineData("es", "end_date", "a finales del año que viene", "2027-12", "¿Quería decir diciembre de 2027?")]
    [InlineData("es", "start_date", "el año pasado", "2025", "¿Quería decir 2025?")]
    [InlineData("es", "start_date", "desde el pasado septiembre", "2026-09", "¿Quería decir septiembre de 2026?")]
    [InlineData("it", "start_date", "quest'anno", "2026", "Intendeva 2026?")]
    [InlineData("it", "start_date", "l'anno scorso", "2025", "Intendeva 2025?")]
    [InlineData("it", "end_date", "entro la fine dell'anno prossimo", "2027-12", "Intendeva dicembre 2027?")]
    [InlineData("it", "end_date", "entro fine anno", "2026-12", "Intendeva dicembre 2026?")]
    [InlineData("el", "start_date", "φέτος", "2026", "Εννοούσατε 2026;")]
    [InlineData("el", "start_date", "πέρυσι", "2025", "Εννοούσατε 2025;")]
    [InlineData("el", "end_date", "τέλος του επόμενου έτους", "2027-12", null)]
    [InlineData("el", "end_date", "μέχρι το τέλος του χρόνου", "2026-12", null)]
    [InlineData("el", "start_date", "τον περασμένο Σεπτέμβριο", "2026-09", null)]
    [InlineData("pt", "start_date", "no ano passado", "2025", "Queria dizer 2025?")]
    [InlineData("pt", "end_date", "até ao final do próximo ano", "2027-12", "Queria dizer dezembro de 2027?")]
    [InlineData("pt", "end_date", "o ano que vem", "2027", "Queria dizer 2027?")]
    [InlineData("sv", "start_date", "i fjol", "2025", "Menade du 2025?")]
    [InlineData("sv", "start_date", "förra året", "2025", "Menade du 2025?")]
    [InlineData("sv", "end_date", "i slutet av nästa år", "2027-12", "Menade du december 2027?")]
    [InlineData("sv", "start_date", "i år", "2026", "Menade du 2026?")]
    // A number of years before today: that year, asked back (session 28: "desde hace 3 años" was "could not read this date").
    [InlineData("en", "start_date", "3 years ago", "2023", "Did you mean 2023?")]
    [InlineData("es", "start_date", "desde hace 3 años", "2023", "¿Quería decir 2023?")]
    [InlineData("de", "start_date", "vor 3 Jahren", "2023", "Meinten Sie 2023?")]
    [InlineData("sv", "start_date", "för 3 år sedan", "2023", "Menade du 2023?")]
    [InlineData("el", "start_date", "πριν από 3 χρόνια", "2023", null)]
    [InlineData("fr", "start_date", "il y a 2 ans", "2024", null)]
    [InlineData("it", "start_date", "da 5 anni", "2021", null)]
    [InlineData("pt", "start_date", "há 4 anos", "2022", null)]
    // The number of years in words (session 30: "hace dos años", "il y a trois ans" were refused while "hace 2 años" was read).
    [InlineData("es", "start_date", "hace dos años", "2024", "¿Quería decir 2024?")]
    [InlineData("es", "start_date", "desde hace tres años", "2023", null)]
    [InlineData("fr", "start_date", "il y a trois ans", "2023", null)]
    [InlineData("it", "start_date", "due anni fa", "2024", null)]
    [InlineData("pt", "start_date", "há dois anos", "2024", null)]
    [InlineData("en", "start_date", "two years ago", "2024", null)]
    [InlineData("de", "start_date", "vor zwei Jahren", "2024", null)]
    // A season said relative to today: the year of it, asked back (were "could not read this date").
    [InlineData("en", "start_date", "since last spring", "2026", "Did you mean 2026?")]
    [InlineData("en", "start_date", "last winter", "2025", "Did you mean 2025?")]
    [InlineData("de", "start_date", "im letzten Herbst", "2026", "Meinten Sie 2026?")]
    [InlineData("de", "start_date", "seit dem Frühjahr letzten Jahres", "2025", "Meinten Sie 2025?")]
    [InlineData("es", "start_date", "el verano pasado", "2026", "¿Quería decir 2026?")]
    [InlineData("fr", "start_date", "depuis l'été dernier", "2026", "Vouliez-vous dire 2026\u00a0?")]
    [InlineData("it", "start_date", "dalla primavera scorsa", "2026", "Intendeva 2026?")]
    [InlineData("it", "start_date", "settembre dell'anno scorso", "2025-09", "Intendeva settembre 2025?")]
    [InlineData("pt", "start_date", "desde o outono passado", "2026", "Queria dizer 2026?")]
    [InlineData("sv", "start_date", "i våras", "2026", "Menade du 2026?")]
    [InlineData("sv", "end_date", "till hösten nästa år", "2027", "Menade du 2027?")]
    [InlineData("el", "start_date", "το περασμένο καλοκαίρι", "2026", null)]
    // Typed in another language than the chat's: read all the same.
    [InlineData("en", "end_date", "nächstes Jahr", "2027", "Did you mean 2027?")]
    public void A_date_said_relative_to_today_is_read_against_today_and_asked_back(string language, string question, string text, string expected, string? confirmation)
    {
        var answer = Normalise(question, text, language, December2026);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
        Assert.True(answer.NeedsConfirmation);
        Assert.Equal(expected, Assert.Single(answer.Candidates).Value.GetValue<string>());
        if (confirmation is not null)
        {
            Assert.Equal(confirmation, answer.Confirmation);
        }
    }

    [Theory]
    // A month named without a year: a start looks back to the last one, an end ahead to the next one.
    [InlineData("en", "start_date", "since March", "2026-03")]
    [InlineData("en", "start_date", "since May", "2025-05")]
    [InlineData("en", "end_date", "until June", "2026-06")]
    [InlineData("de", "end_date", "bis Februar", "2027-02")]
    [InlineData("en", "start_date", "last September", "2025-09")]
    [InlineData("fr", "end_date", "septembre prochain", "2026-09")]
    [InlineData("it", "start_date", "lo scorso gennaio", "2026-01")]
    [InlineData("es", "end_date", "el próximo marzo", "2027-03")]
    public void A_month_without_a_year_is_the_nearest_one_on_the_side_said(string language, string question, string text, string expected) =>
        Assert.Equal(expected, Normalise(question, text, language, March2026).Value());

    [Theory]
    [InlineData("en", "start_date", "next year")]
    [InlineData("de", "end_date", "bis Ende nächsten Jahres")]
    [InlineData("el", "start_date", "φέτος")]
    public void Without_a_day_to_read_it_against_a_relative_date_is_refused_with_the_example(string language, string question, string text)
    {
        var answer = TestCore.Normalise(question, text, language);

        Assert.False(answer.Ok);
        Assert.False(answer.NeedsConfirmation);
    }

    [Theory]
    [InlineData("en", "next")]
    [InlineData("en", "year")]
    [InlineData("de", "Jahr")]
    [InlineData("en", "next year or the year after")]
    [InlineData("en", "last year next month")]
    [InlineData("fr", "l'année prochaine, 2028 au plus tard")]
    [InlineData("en", "next year, if funded")]
    // A number of years with no "ago" around it is a duration, not a date.
    [InlineData("fr", "trois ans")]
    [InlineData("es", "dos años")]
    [InlineData("en", "two years ago or three")]
    // A school or financial year's end is no December (it was offered as December 2026): asked for.
    [InlineData("en", "end of the school year")]
    [InlineData("de", "Ende des Schuljahres")]
    [InlineData("sv", "till slutet av läsåret")]
    [InlineData("el", "τέλος της σχολικής χρονιάς")]
    [InlineData("en", "end of this financial year")]
    public void What_is_no_relative_date_stays_unread(string language, string text)
    {
        var answer = Normalise("start_date", text, language, December2026);

        Assert.False(answer.Ok);
        Assert.False(answer.NeedsConfirmation);
    }

    [Fact]
    public void Until_today_for_an_end_is_still_ongoing() =>
        Assert.Equal("ongoing", Normalise("end_date", "bis heute", "de", December2026).Value());

    [Fact]
    public void A_relative_end_before_the_start_is_refused_like_any_other()
    {
        var answer = Normalise("end_date", "l'année dernière", "fr", December2026, new NormalisationContext { StartDate = "2026-03" });

        Assert.False(answer.Ok);
        Assert.Contains("2025", answer.Error);
    }

    [Fact]
    public void Absolute_dates_are_read_as_before() =>
        Assert.Equal(("2027", false), (Normalise("end_date", "Ende 2027", "de", December2026).Value(), Normalise("end_date", "Ende 2027", "de", December2026).NeedsConfirmation));
}
