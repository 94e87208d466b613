using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 45, a Cork county official's chat in English: her organisation, typed beside her name, was offered at the
/// organisation ("Did you mean Cork County Council?"); "same" there asked "the same as which answer?" with her name to pick,
/// and the e-mail, the phone and the title typed on were read at the organisation (the title stored as it).
/// </summary>
public sealed class IrishCountyRunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    [Theory]
    [InlineData("en-IE", "Siobhan Murphy, integration officer, Cork County Council", "same", "Cork County Council")]
    [InlineData("en-IE", "Siobhan Murphy, integration officer, Cork County Council", "same as above", "Cork County Council")]
    [InlineData("fr-FR", "Claire Martin, chargée de mission, Conseil départemental du Nord", "idem", "Conseil départemental du Nord")]
    public async Task Same_where_one_answer_is_offered_takes_it(string locale, string name, string same, string organisation)
    {
        var chat = Host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync(name);
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(same);

        Assert.Equal(organisation, (await AnswerOfAsync("contact_organisation"))!.Original);
        Assert.Equal("contact_email", chat.AskedQuestion);
    }
}
