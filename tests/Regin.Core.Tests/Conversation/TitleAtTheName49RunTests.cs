using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 49's Tyrolean official: the first question asks the contributor's name, and she typed her practice's title,
/// "Deutschkurse für Asylwerber im Bezirk Landeck": it was stored as her name, and asked again blank at the title. Refused as
/// no name, the words are kept and offered when the title is asked.
/// </summary>
public class TitleAtTheName49RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    [Theory]
    [InlineData("de", "Deutschkurse für Asylwerber im Bezirk Landeck", "Johanna Pfeifer", "Land Tirol", "johanna.pfeifer@tirol.gv.at", "ja")]
    [InlineData("el", "μαθηματα ελληνικων για προσφυγες στην κρητη", "Ελένη Μαυράκη", "Περιφέρεια Κρήτης", "e.mavraki@crete.gov.gr", "ναι")]
    [InlineData("sv", "Språkcafé för nyanlända i Malmö", "Karin Lindqvist", "Malmö stad", "karin.lindqvist@malmo.se", "ja")]
    public async Task The_title_typed_as_the_name_is_refused_kept_and_offered_at_the_title(
        string locale, string title, string name, string organisation, string email, string yes)
    {
        var chat = await AtAsync(locale, "contact_name");

        await chat.SendAsync(title);

        Assert.Equal("contact_name", chat.AskedQuestion);
        Assert.Null(await AnswerOfAsync("contact_name"));
        Assert.Contains(chat.Shown, text => text.Contains(title, StringComparison.Ordinal));

        await chat.SendAsync(name);
        await chat.SendAsync(organisation);
        await chat.SendAsync(email);
        await chat.SendAsync(Skip(locale));

        Assert.Equal("title", chat.AskedQuestion);
        Assert.Contains(chat.Shown, text => text.Contains(title, StringComparison.Ordinal));

        await chat.SendAsync(yes);

        Assert.Equal(name, Text(await AnswerOfAsync("contact_name")));
        Assert.Equal(title, Text(await AnswerOfAsync("title")));
        Assert.Equal("country", chat.AskedQuestion);
    }

    private static string? Text(Regin.Core.Persistence.Entities.Answer? answer) =>
        answer is null ? null : System.Text.Json.JsonSerializer.Deserialize<string>(answer.ValueJson!);

    private static string Skip(string locale) => locale switch
    {
        "de" => "überspringen",
        "el" => "παράλειψη",
        "sv" => "hoppa över",
        _ => "skip",
    };
}
