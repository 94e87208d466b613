using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 44, a Puglia regional official's chat in Italian: "li ho scritti sopra" at the partners was stored as the partners;
/// at the areas' Other confirmation she typed the target groups ("migranti regolari e richiedenti asilo, anche minori non
/// accompagnati"), which replaced health and labour with "Other"; "migranti regolari" left "regolari" under Other.
/// </summary>
public sealed class ItalianRegionRunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private async Task<EngineChat> AtTheAreasAsync()
    {
        var chat = Host.Chat("it-IT");
        await chat.StartAsync();
        foreach (var answer in new[]
        {
            "giulia de santis", "regione puglia - sezione politiche per le migrazioni", "g.desantis@regione.puglia.it", "salta",
            "Puglia Integrante: sportelli per l'integrazione", "italia", "puglia", "noi", "regione", "siamo capofila e finanziamo",
            "coordina la rete degli sportelli", "ambiti territoriali sociali, ASL e cooperative sociali", "dal 2019", "è ancora in corso",
        })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("integration_areas", chat.AskedQuestion);
        return chat;
    }

    [Fact]
    public async Task The_target_groups_typed_at_the_areas_other_confirmation_answer_the_target_groups_and_keep_the_areas()
    {
        var chat = await AtTheAreasAsync();
        await chat.SendAsync("salute soprattutto, poi lavoro e un po' di orientamento ai servizi");
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);

        await chat.SendAsync("migranti regolari e richiedenti asilo, anche minori non accompagnati");
        var areas = await AnswerOfAsync("integration_areas");
        Assert.Equal("[\"health\",\"labour_market\",\"other\"]", areas!.ValueJson);
        // "poi" (then) is no part of what Other holds ("un po' di" still is: the filler phrase is dropped only inside the matcher).
        Assert.EndsWith("orientamento ai servizi", areas.OtherText);
        Assert.DoesNotContain("poi", areas.OtherText);
        Assert.Equal("[\"third_country_nationals\",\"asylum_seekers\",\"unaccompanied_minors\"]", (await AnswerOfAsync("target_groups"))!.ValueJson);
    }

    [Fact]
    public async Task Words_naming_no_option_at_the_other_confirmation_say_again_what_other_holds_and_keep_the_options()
    {
        var chat = await AtTheAreasAsync();
        await chat.SendAsync("salute, lavoro e sportelli");
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);

        await chat.SendAsync("orientamento ai servizi sanitari");
        var areas = await AnswerOfAsync("integration_areas");
        Assert.Equal("[\"health\",\"labour_market\",\"other\"]", areas!.ValueJson);
        Assert.Equal("orientamento ai servizi sanitari", areas.OtherText);
    }

    [Fact]
    public async Task An_option_typed_at_the_other_confirmation_still_replaces_the_answer()
    {
        var chat = await AtTheAreasAsync();
        await chat.SendAsync("salute, lavoro e sportelli");
        await chat.SendAsync("salute e alloggio");
        Assert.Equal("[\"health\",\"housing\"]", (await AnswerOfAsync("integration_areas"))!.ValueJson);
    }

    [Theory]
    [InlineData("li ho scritti sopra")]
    [InlineData("già indicati sopra")]
    [InlineData("hab ich oben schon geschrieben")]
    [InlineData("déjà indiqué")]
    [InlineData("ya lo puse arriba")]
    [InlineData("já indiquei acima")]
    [InlineData("som jag skrev ovan")]
    [InlineData("τα έγραψα παραπάνω")]
    [InlineData("I wrote them above")]
    public async Task Already_written_above_at_the_partners_is_never_stored_as_the_partners(string above)
    {
        var chat = await AtTheAreasAsync();
        // Back to the partners, and the pointer typed there (the words of any of the 8 languages are read in every chat).
        await chat.SendAsync("indietro");
        await chat.SendAsync("indietro");
        await chat.SendAsync("indietro");
        Assert.Equal("partners", chat.AskedQuestion);
        await chat.SendAsync(above);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal("ambiti territoriali sociali, ASL e cooperative sociali", (await AnswerOfAsync("partners"))!.Original);
    }

    [Theory]
    [InlineData("scusi ho sbagliato, il contesto è: molti migranti non accedono ai servizi sanitari per barriere linguistiche e burocratiche",
        "molti migranti non accedono ai servizi sanitari per barriere linguistiche e burocratiche")]
    [InlineData("scusa, gli obiettivi sono facilitare l'accesso ai servizi sanitari e sociali e non lasciare indietro nessuno dei nuovi arrivati",
        "facilitare l'accesso ai servizi sanitari e sociali e non lasciare indietro nessuno dei nuovi arrivati")]
    public async Task A_long_text_corrected_by_its_name_after_an_apology_is_that_answer_whole_and_the_question_asked_comes_back(string typed, string stored)
    {
        var chat = await AtTheAreasAsync();
        foreach (var answer in new[] { "salute", "richiedenti asilo", "facilitare l'accesso ai servizi sanitari", "sportelli in 45 ambiti con mediatori" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("activities", chat.AskedQuestion);

        await chat.SendAsync(typed);
        var corrected = typed.Contains("contesto", StringComparison.Ordinal) ? "description" : "objectives";
        Assert.Equal(stored, (await AnswerOfAsync(corrected))!.Original);
        Assert.Null(await AnswerOfAsync("activities"));
        Assert.Equal("activities", chat.AskedQuestion);
    }
}
