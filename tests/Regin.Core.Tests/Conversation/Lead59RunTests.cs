using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 59, the lead's plays over /api/messages: a Galway NGO's officer typed everything at the name ("hi, I'm Aoife Byrne
/// from Galway City Partnership, aoife.byrne@gcp.ie, 087 123 4567") and was asked "Did you mean from Galway City Partnership?":
/// the linking word that opens the organisation's part is no part of its name.
/// </summary>
public sealed class Lead59RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    [Theory]
    [InlineData("en-IE", "hi, I'm Aoife Byrne from Galway City Partnership, aoife.byrne@gcp.ie, 087 123 4567", "Aoife Byrne", "Galway City Partnership", "yes", "aoife.byrne@gcp.ie", "+353871234567")]
    [InlineData("en-GB", "Tom Hughes, I work for Leeds City Council, tom.hughes@leeds.gov.uk, 0113 222 4444", "Tom Hughes", "Leeds City Council", "yes", "tom.hughes@leeds.gov.uk", "+441132224444")]
    [InlineData("de-DE", "Sepp Huber, vom Landratsamt Rosenheim, sepp.huber@lra-rosenheim.de, 08031 392 1234", "Sepp Huber", "Landratsamt Rosenheim", "ja", "sepp.huber@lra-rosenheim.de", "+4980313921234")]
    [InlineData("fr-FR", "Claire Martin, chez Forum Réfugiés, c.martin@forumrefugies.org, 04 78 08 72 50", "Claire Martin", "Forum Réfugiés", "oui", "c.martin@forumrefugies.org", "04 78 08 72 50")] // no country known yet: kept as typed
    public async Task The_organisation_typed_with_the_name_is_offered_without_its_link(string locale, string typed, string name,
        string organisation, string yes, string email, string phone)
    {
        var chat = await AtAsync(locale, "contact_organisation", typed);
        Assert.Equal(name, (await AnswerOfAsync("contact_name"))!.ValueJson!.Unquoted());
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("contact_organisation", offer.QuestionId);
        Assert.Equal(organisation, offer.Candidates.Single().Answer);

        await chat.SendAsync(yes);
        Assert.Equal(organisation, (await AnswerOfAsync("contact_organisation"))!.ValueJson!.Unquoted());
        await chat.SendAsync(yes);
        Assert.Equal(email, (await AnswerOfAsync("contact_email"))!.ValueJson!.Unquoted());
        await chat.SendAsync(yes);
        Assert.Equal(phone, (await AnswerOfAsync("contact_phone"))!.ValueJson!.Unquoted());
        Assert.Equal("title", chat.AskedQuestion);
    }
}

/// <summary>
/// Session 59 (chat59's Greek play): "συνεχίζουμε" ("let's go on") alone was answered "Γεια σας και από εμένα!": every continue
/// word counted as a greeting. Only a greeting proper (vocabulary greetings) is greeted back.
/// </summary>
public sealed class ContinueIsNoGreetingRunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    [Theory]
    [InlineData("el-GR", "συνεχίζουμε", "Γεια σας και από εμένα!")]
    [InlineData("fr-FR", "on continue", "Bonjour à vous aussi !")]
    [InlineData("de-DE", "bin wieder da", "Hallo, schön, dass Sie da sind!")]
    [InlineData("en-IE", "go on", "Hello to you too!")]
    public async Task A_continue_word_alone_is_not_greeted_back(string locale, string text, string greetedBack)
    {
        var chat = Host.Chat(locale);
        await chat.StartAsync();

        await chat.SendAsync(text);

        Assert.DoesNotContain(greetedBack, chat.Shown);
        Assert.Equal("contact_name", chat.AskedQuestion);
        Assert.Null(await AnswerOfAsync("contact_name"));
    }

    [Theory]
    [InlineData("sv-SE", "tjenare", "Hej på dig också!")]
    [InlineData("pt-PT", "oi", "Olá, seja bem-vindo/a!")]
    [InlineData("en-IE", "hiya", "Hello to you too!")]
    public async Task A_chat_greeting_is_still_greeted_back(string locale, string text, string greetedBack)
    {
        var chat = Host.Chat(locale);
        await chat.StartAsync();

        await chat.SendAsync(text);

        Assert.Equal(greetedBack, chat.Shown[0]);
        Assert.Equal("contact_name", chat.AskedQuestion);
    }
}
