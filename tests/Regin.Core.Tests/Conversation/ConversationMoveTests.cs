using Regin.Core.Conversation.Commands;
using Regin.Tests.Shared.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 36: what people do around the answers (ask what a question means, go back and on again, switch language in a
/// sentence, name what to change in a no), each of which was stored as an answer, refused, or read as a bare no.
/// </summary>
public sealed class ConversationMoveTests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
{
    private static readonly CommandParser Parser = new(TestCore.Questionnaire);
    private ConversationHost _host = null!;

    public Task InitializeAsync()
    {
        _host = classHost.Host.ForCase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("can we do this in German?", "de")]
    [InlineData("English please", "en")]
    [InlineData("kann ich das auf Englisch machen?", "en")]
    [InlineData("auf Deutsch bitte", "de")]
    [InlineData("en français svp", "fr")]
    [InlineData("on peut faire ça en anglais ?", "en")]
    [InlineData("¿podemos seguir en inglés?", "en")]
    [InlineData("possiamo passare all'inglese?", "en")]
    [InlineData("podemos continuar em inglês?", "en")]
    [InlineData("μπορούμε να συνεχίσουμε στα αγγλικά;", "en")]
    [InlineData("στα ελληνικά παρακαλώ", "el")]
    [InlineData("kan vi byta till engelska?", "en")]
    [InlineData("på svenska tack", "sv")]
    public void A_language_named_in_a_short_request_is_a_switch_to_it(string text, string language) =>
        Assert.Equal(language, Parser.LanguageRequest(text));

    [Theory]
    [InlineData("Deutsch")] // alone: NamedAlone decides, where no option reads it
    [InlineData("English and Greek")] // two languages: an answer
    [InlineData("Deutschkurse für Geflüchtete")]
    [InlineData("cours de français pour adultes")]
    [InlineData("corsi di italiano")]
    [InlineData("English classes in the library")]
    public void Words_about_a_language_are_no_request_to_switch(string text) =>
        Assert.Null(Parser.LanguageRequest(text));

    [Theory]
    [InlineData("de-DE", "was ist gemeint?")]
    [InlineData("en-IE", "what do you mean?")]
    [InlineData("el-GR", "τι εννοείτε;")]
    [InlineData("fr-FR", "c'est-à-dire ?")]
    [InlineData("es-ES", "¿a qué se refiere?")]
    [InlineData("it-IT", "in che senso?")]
    [InlineData("pt-PT", "como assim?")]
    [InlineData("sv-SE", "vad menar du?")]
    [InlineData("en-IE", "what are the options?")]
    [InlineData("de-DE", "welche Optionen gibt es?")]
    public async Task Asking_what_a_question_means_is_help_and_no_answer(string locale, string text)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("Anna Berg");

        await chat.SendAsync(text);

        Assert.Equal(CommandNames.Help, Parser.Parse(text).Select(m => m.Name).FirstOrDefault() ?? Parser.ParseRequest(text)?.Name);
        Assert.Equal("contact_organisation", chat.Progress.QuestionId);
        Assert.DoesNotContain((await _host.PracticeOfAsync("sms", "user-1"))!.Answers, a => a.QuestionId == "contact_organisation");
    }

    [Theory]
    [InlineData("de-DE", "zurück", "weiter", "Beibehalten: Anna Berg")]
    [InlineData("el-GR", "πίσω", "επόμενη", "Διατηρήθηκε: Anna Berg")]
    [InlineData("sv-SE", "tillbaka", "nästa", "Behålls: Anna Berg")]
    [InlineData("en-IE", "back", "next", "Kept: Anna Berg")]
    public async Task Next_after_back_keeps_the_answer_of_a_required_question_and_goes_on(string locale, string back, string next, string kept)
    {
        // "weiter" at the name answered before said it cannot be skipped, and the contributor was stuck there.
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("Anna Berg");
        await chat.SendAsync(back);
        Assert.Equal("contact_name", chat.AskedQuestion);

        await chat.SendAsync(next);

        Assert.Contains(kept, chat.Shown);
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        Assert.Equal("Anna Berg", (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "contact_name").Original);
    }

    public static TheoryData<string, string> PeriodOffers => new()
    {
        { "de", "Ende des angegebenen Zeitraums: 2021. Ist das das Enddatum?" },
        { "en", "The period you gave runs until today: is the practice still ongoing?" },
        { "el", "Η περίοδος που δώσατε φτάνει έως σήμερα: η πρακτική εφαρμόζεται ακόμη;" },
        { "sv", "Perioden du angav pågår än i dag: pågår insatsen fortfarande?" },
    };

    [Theory]
    [MemberData(nameof(PeriodOffers))]
    public async Task A_period_at_the_start_date_offers_its_end_in_words_of_its_own(string language, string offer)
    {
        // The offer read "Did you mean 2021?", as a slip of typing corrected does.
        var script = EverydayChats.HurriedPeriods[language];
        var chat = _host.Chat(script.Locale);
        await chat.StartAsync();
        foreach (var message in script.Messages)
        {
            await chat.SendAsync(message);
            if (chat.Progress.Pending is not null && chat.AskedQuestion == "end_date")
            {
                break;
            }
        }

        Assert.True(chat.Shown.Any(text => text.StartsWith(offer, StringComparison.Ordinal)), string.Join("\n", chat.Shown));
    }

    [Fact]
    public async Task No_wait_after_a_region_corrects_the_region_and_is_not_the_next_answer()
    {
        // "no wait, Border" typed at the lead organisation, after "Southern": it was stored as the organisation's name.
        var chat = _host.Chat("en-IE");
        await chat.StartAsync();
        foreach (var message in new[] { "Tom Evans", "Refugee Aid", "tom@ra.ie", "skip", "New Irish Welcome", "Ireland", "Southern" })
        {
            await chat.SendAsync(message);
        }
        Assert.Equal("lead_organisation", chat.AskedQuestion);

        await chat.SendAsync("no wait, Border");

        Assert.Equal("lead_organisation", chat.AskedQuestion);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("\"IE04\"", practice!.Answers.Single(a => a.QuestionId == "region").ValueJson);
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "lead_organisation");
    }

    [Fact]
    public async Task Sorry_I_meant_at_a_choice_corrects_the_organisation_just_given()
    {
        // "sorry, meinte Landkreis Kassel" at the organisation's type, after "Landkreis Göttingen": kept under Other there.
        var chat = _host.Chat("de-DE");
        await chat.StartAsync();
        foreach (var message in new[] { "Petra Vogel", "LK Kassel", "p.vogel@lk-kassel.de", "weiß nicht", "Integrationslotsen", "Deutschland", "Hessen", "Landkreis Göttingen" })
        {
            await chat.SendAsync(message);
        }
        Assert.Equal("lead_organisation_type", chat.AskedQuestion);

        await chat.SendAsync("sorry, meinte Landkreis Kassel");

        Assert.Equal("lead_organisation_type", chat.AskedQuestion);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("Landkreis Kassel", practice!.Answers.Single(a => a.QuestionId == "lead_organisation").Original);
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "lead_organisation_type");
    }

    [Fact]
    public async Task An_apology_opening_an_answer_at_a_text_question_changes_no_other_answer()
    {
        var chat = _host.Chat("de-DE");
        await chat.StartAsync();
        await chat.SendAsync("Petra Vogel");

        await chat.SendAsync("Entschuldigung, Landratsamt Kassel");

        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("Petra Vogel", practice!.Answers.Single(a => a.QuestionId == "contact_name").Original);
        Assert.Equal("contact_email", chat.AskedQuestion);
    }
}
