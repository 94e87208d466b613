namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 49's Clare official, at the context (a long text): "have to run, back tomorrow" was stored as the practice's
/// context. The everyday ways of leaving in a hurry pause, at a long text too, and nothing is stored.
/// </summary>
public class Pauses49RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    [Theory]
    [InlineData("en-IE", "have to run, back tomorrow")]
    [InlineData("en-GB", "gotta go")]
    [InlineData("de-AT", "ich muss los, bis morgen")]
    [InlineData("fr-BE", "je dois filer, je reviens demain")]
    [InlineData("es-ES", "tengo que irme, mañana sigo")]
    [InlineData("it-IT", "devo scappare, a domani")]
    [InlineData("pt-PT", "tenho de ir, volto amanhã")]
    [InlineData("sv-SE", "måste sticka, hörs imorgon")]
    [InlineData("el-GR", "πρεπει να φυγω, τα λεμε αυριο")]
    public async Task Leaving_in_a_hurry_at_a_long_text_pauses(string locale, string text)
    {
        var chat = await AtAsync(locale, "contact_name");
        await chat.SendAsync("change 17");
        Assert.Equal("description", chat.AskedQuestion);

        await chat.SendAsync(text);

        Assert.True(chat.Progress.Paused, string.Join(" | ", chat.Shown));
        Assert.Null(await AnswerOfAsync("description"));
    }
}
