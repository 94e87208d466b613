using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 56 (chat56): what people typing met. "120 par an" at the people reached was stored as 120 bare, the year lost;
/// "back" showed the question before without the answer given to it.
/// </summary>
public sealed class Chat56RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private static string Back(string locale) => locale[..2] switch
    {
        "de" => "zurück", "fr" => "retour", "it" => "indietro", "es" => "atrás", "el" => "πίσω", "pt" => "voltar", "sv" => "tillbaka", _ => "back",
    };

    private static string Keep(string locale) => locale[..2] switch
    {
        "de" => "behalten", "fr" => "garder", "it" => "mantieni", "es" => "mantener", "el" => "κράτα", "pt" => "manter", "sv" => "behåll", _ => "keep",
    };

    // 2. A count per year at the people reached: the number with the year kept beside it, as a month is.

    [Theory]
    [InlineData("en", "120 per year", "per year")]
    [InlineData("es", "120 al año", "al ano")]
    [InlineData("de", "120 pro Jahr", "pro jahr")]
    [InlineData("el", "120 το χρόνο", "το χρονο")]
    [InlineData("fr", "120 par an", "par an")]
    [InlineData("it", "120 all'anno", "all anno")]
    [InlineData("pt", "120 por ano", "por ano")]
    [InlineData("sv", "120 per år", "per ar")]
    [InlineData("es", "unas 120 personas al año", "al ano")]
    [InlineData("fr", "environ 120 jeunes par an", "par an")]
    [InlineData("de", "ca. 120 Teilnehmende jährlich", "jahrlich")]
    [InlineData("el", "περιπου 120 ατομα τον χρονο", "τον χρονο")]
    public void A_count_per_year_keeps_the_number_and_the_year_beside_it(string language, string typed, string period)
    {
        var read = TestCore.Normalise("beneficiaries_count", typed, language);

        Assert.True(read.Ok, read.Error);
        Assert.False(read.NeedsConfirmation);
        Assert.Equal("120", read.Value?.ToJsonString());
        var remark = Assert.Single(read.Flags, f => f.Reason == "answer_remark");
        Assert.Equal(period, Regin.Core.Normalisation.TextKey.Fold(remark.Detail ?? ""));
        Assert.Single(read.Warnings);
    }

    // 5. "back" shows the answer given before, and "keep" keeps it.

    [Theory]
    [InlineData("en-IE")]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    [InlineData("it-IT")]
    [InlineData("es-ES")]
    [InlineData("el-GR")]
    [InlineData("pt-PT")]
    [InlineData("sv-SE")]
    public async Task Back_shows_the_answer_given_before_and_keep_keeps_it(string locale)
    {
        var lead = Chat51RunTests.ToTheLead(locale);
        var chat = await AtAsync(locale, "contact_email", lead[0], lead[1]);

        await chat.SendAsync(Back(locale));

        var said = string.Join(" | ", chat.Shown);
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        Assert.Contains(lead[1], said, StringComparison.Ordinal);
        Assert.Contains(Keep(locale), said, StringComparison.Ordinal);

        await chat.SendAsync(Keep(locale));

        said = string.Join(" | ", chat.Shown);
        Assert.True(chat.AskedQuestion == "contact_email", said);
        var organisation = await AnswerOfAsync("contact_organisation");
        Assert.Equal(lead[1], organisation?.ValueJson?.Unquoted());
    }

    [Theory]
    [InlineData("de-DE", "Caritas Steiermark")]
    [InlineData("es-ES", "Cruz Roja Murcia")]
    [InlineData("el-GR", "ΜΚΟ Αλληλεγγύη")]
    public async Task A_new_answer_after_back_replaces_the_one_shown(string locale, string typed)
    {
        var lead = Chat51RunTests.ToTheLead(locale);
        var chat = await AtAsync(locale, "contact_email", lead[0], lead[1]);
        await chat.SendAsync(Back(locale));

        await chat.SendAsync(typed);

        Assert.Equal(typed, (await AnswerOfAsync("contact_organisation"))?.ValueJson?.Unquoted());
        Assert.Equal("contact_email", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("en-IE")]
    [InlineData("fr-FR")]
    public async Task A_question_never_answered_asked_again_by_back_says_no_answer(string locale)
    {
        var lead = Chat51RunTests.ToTheLead(locale);
        // The phone skipped: back from the title shows it without an answer said.
        var chat = await AtAsync(locale, "title", lead[0], lead[1], lead[2], locale == "fr-FR" ? lead[3] : "skip");

        await chat.SendAsync(Back(locale));

        Assert.Equal("contact_phone", chat.AskedQuestion);
        Assert.DoesNotContain(Keep(locale), string.Join(" | ", chat.Shown), StringComparison.Ordinal);
    }
}
