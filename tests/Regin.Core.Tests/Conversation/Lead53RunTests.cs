using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// What the lead met playing contributors in session 53 (an official of the Câmara Municipal do Porto, one of the Ayuntamiento
/// de Murcia, in a hurry): the start guessed from "set de 23" ("Did you mean September 2023?"), then the end typed on
/// ("ainda esta a decorrer"): refused as no date, the guess lost, the start to type again.
/// </summary>
public sealed class Lead53RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    [Theory]
    [InlineData("fr-FR", "on a commence en sept 22", "toujours en cours")]
    [InlineData("it-IT", "partito a sett 22", "ancora in corso")]
    [InlineData("en-IE", "started sept 22", "still running")]
    public async Task The_end_typed_past_a_guessed_start_answers_the_end_and_keeps_the_guess_for_later(string locale, string start, string end)
    {
        var chat = await AtAsync(locale, "start_date", Chat49RunTests.ToStart(locale));
        await chat.SendAsync(start);
        var guess = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("start_date", guess.QuestionId);

        await chat.SendAsync(end);

        Assert.Equal("\"ongoing\"", (await AnswerOfAsync("end_date"))?.ValueJson);
        Assert.Null(await AnswerOfAsync("start_date"));
        Assert.Contains("start_date", chat.Progress.Skipped);
        // The guess waits for the start's question: offered again when it comes back.
        Assert.Equal(start, chat.Progress.OfferedAhead?["start_date"]);
    }

    [Fact]
    public async Task Words_that_answer_nothing_next_still_ask_the_start_again()
    {
        var chat = await AtAsync("en-IE", "start_date", Chat49RunTests.ToStart("en-IE"));
        await chat.SendAsync("started sept 22");

        await chat.SendAsync("hmm let me check");

        Assert.Equal("start_date", chat.AskedQuestion);
        Assert.Null(await AnswerOfAsync("end_date"));
    }
}
