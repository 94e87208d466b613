using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// What the lead met playing contributors in session 50: a Portuguese official from Évora typed her town and region where the
/// country was asked ("Evora, Alentejo"), as forms that ask the town first teach; the chat answered "I do not recognise this
/// country" and the place was lost for the region.
/// </summary>
public sealed class Lead50RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    [Theory]
    [InlineData("pt-PT", "Evora, Alentejo", "sim", "\"PT\"", "\"PT18\"")]
    [InlineData("en-IE", "Graz", "yes", "\"AT\"", "\"AT22\"")]
    [InlineData("it-IT", "sicilia", "si", "\"IT\"", "\"ITG1\"")]
    [InlineData("de-AT", "Tirol", "ja", "\"AT\"", "\"AT33\"")]
    [InlineData("es-ES", "sevilla", "si", "\"ES\"", "\"ES61\"")]
    [InlineData("sv-SE", "umeå", "ja", "\"SE\"", "\"SE33\"")]
    public async Task A_place_typed_at_the_country_offers_its_country_then_the_place_at_the_region(string locale, string place,
        string yes, string country, string region)
    {
        var chat = await AtAsync(locale, "region", "Ana Silva", "Junta", "ana@example.org", Skip(locale), "Cafe das Linguas", place, yes);

        Assert.Equal(country, (await AnswerOfAsync("country"))!.ValueJson);
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("region", offer.QuestionId);
        await chat.SendAsync(yes);
        Assert.Equal(region, (await AnswerOfAsync("region"))!.ValueJson);
        Assert.Equal(place, (await AnswerOfAsync("region"))!.Original);
    }

    [Theory]
    [InlineData("pt-PT", "Evora, Alentejo", "nao", "espanha", "\"ES\"")]
    [InlineData("en-IE", "Graz", "no", "germany", "\"DE\"")]
    public async Task A_place_whose_country_is_refused_asks_the_country_again(string locale, string place, string no, string typed, string country)
    {
        var chat = await AtAsync(locale, "country", "Ana Silva", "Junta", "ana@example.org", Skip(locale), "Cafe das Linguas");
        await chat.SendAsync(place);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(no);
        Assert.Null(chat.Progress.Pending);
        Assert.Null(await AnswerOfAsync("country"));
        await chat.SendAsync(typed);

        Assert.Equal(country, (await AnswerOfAsync("country"))!.ValueJson);
        // The place lies in another country: it is not offered at this country's region.
        Assert.Equal("region", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
    }

    [Theory]
    [InlineData("en-IE", "Europe")]
    [InlineData("fr-BE", "Norte")]
    [InlineData("en-IE", "all over the EU")]
    public async Task Words_that_name_no_one_country_are_not_offered_as_one(string locale, string typed)
    {
        var chat = await AtAsync(locale, "country", "Ana Silva", "Junta", "ana@example.org", Skip(locale), "Cafe das Linguas");
        await chat.SendAsync(typed);

        Assert.Null(await AnswerOfAsync("country"));
        if (chat.Progress.Pending is CandidateConfirmation guess)
        {
            // A slip of typing may be guessed ("Norte": Norway?), never a place's country.
            Assert.DoesNotContain(guess.Candidates, c => c.Answer.Contains("\"BE\"", StringComparison.Ordinal));
        }
    }

    private static string Skip(string locale) => locale[..2] switch
    {
        "pt" => "saltar",
        "it" => "salta",
        "de" => "überspringen",
        "es" => "saltar",
        "sv" => "hoppa över",
        "fr" => "passer",
        _ => "skip",
    };
}
