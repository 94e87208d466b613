using Microsoft.Extensions.DependencyInjection;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 54, the lead's Malmö play (a municipal official typing Swedish in a hurry): "vet inte än" to the practice's
/// title was stored as its title. "I don't know" to a required name or title is no answer: it asks for a best answer for
/// now (validation.required_unsure, as at a required choice or date). A long text keeps it.
/// </summary>
public sealed class Lead54RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    [Theory]
    [InlineData("sv-SE", "vet ej")]
    [InlineData("sv-SE", "vet inte än")]
    [InlineData("en-IE", "no idea, sorry")]
    [InlineData("de-AT", "weiß ich noch nicht")]
    [InlineData("fr-FR", "je ne sais pas")]
    [InlineData("es-ES", "ni idea")]
    [InlineData("it-IT", "non lo so")]
    [InlineData("pt-PT", "nao sei")]
    [InlineData("el-GR", "δεν ξερω")]
    public async Task I_do_not_know_at_the_title_is_no_title(string locale, string unsure)
    {
        var chat = await AtAsync(locale, "title", Chat51RunTests.ToTheLead(locale)[..4]);
        await chat.SendAsync(unsure);
        // Asked again, told to give a working title for now: it can be changed, and the team checks it.
        Assert.Null(await AnswerOfAsync("title"));
        Assert.Equal("title", chat.AskedQuestion);
        Assert.Contains(chat.Shown, s => s.Contains(Host.Services.GetRequiredService<Regin.Core.Localisation.Texts>().Get(Regin.Core.Localisation.MessageKeys.RequiredUnsure, locale[..2]), StringComparison.Ordinal));
        await chat.SendAsync("Språkcafé för kvinnor");
        Assert.Equal("Språkcafé för kvinnor", (await AnswerOfAsync("title"))!.Original);
    }
}
