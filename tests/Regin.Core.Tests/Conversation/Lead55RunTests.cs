using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// What the lead met playing contributors in session 55 (an official of the Region of Central Macedonia typing Greek without
/// accents, a social cooperative in Bologna): the region offered from the organisation quoted "Lai-momo (Bologna" (a bracket
/// opened and never closed); the people reached "120 a year, over 300 in total since 2022" offered the year as a count.
/// </summary>
public sealed class Lead55RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    [Theory]
    [InlineData("it-IT", "coop sociale Lai-momo (Bologna)", "italia", "Bologna")]
    [InlineData("es-ES", "asociacion Rescate (Murcia)", "españa", "Murcia")]
    [InlineData("de-DE", "verein Interkulturelles Zentrum (Graz)", "österreich", "Graz")]
    public async Task The_region_offered_from_a_place_in_brackets_quotes_the_place(string locale, string organisation, string country, string place)
    {
        var chat = await AtAsync(locale, "region", "Chiara Bianchi", organisation, "chiara@example.org", Skip(locale), "Tandem linguistici", country);

        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("region", offer.QuestionId);
        Assert.Equal(place, offer.Original);
        Assert.DoesNotContain(chat.Shown, line => line.Contains("(" + place, StringComparison.Ordinal));
        await chat.SendAsync(Chat51RunTests.Yes(locale));
        Assert.NotNull((await AnswerOfAsync("region"))?.ValueJson);
    }

    [Theory]
    [InlineData("fr-FR", "environ 120 par an, plus de 300 au total depuis 2022", "oui")]
    [InlineData("de-AT", "ca. 120 pro Jahr, insgesamt über 300 seit 2022", "ja")]
    [InlineData("en-IE", "around 120 a year, over 300 in total since 2022", "yes")]
    public async Task The_total_among_counts_is_offered_and_taken_on_yes(string locale, string typed, string yes)
    {
        var chat = await AtAsync(locale, "beneficiaries_count", [.. Chat49RunTests.ToStart(locale), .. Chat49RunTests.StartToResults(locale)]);

        await chat.SendAsync(typed);

        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("300", Assert.Single(offer.Candidates).Answer);
        Assert.DoesNotContain(chat.Shown, line => line.Contains("2.022", StringComparison.Ordinal) || line.Contains("2,022", StringComparison.Ordinal));
        await chat.SendAsync(yes);
        var count = await AnswerOfAsync("beneficiaries_count");
        Assert.Equal("300", count!.ValueJson);
        Assert.Equal(typed, count.Original);
    }

    private static string Skip(string locale) => locale[..2] switch
    {
        "it" => "salta", "es" => "saltar", "de" => "überspringen", "el" => "παράλειψη", _ => "skip",
    };
}
