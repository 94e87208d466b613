using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 46, a North Aegean regional official's chat in Greek (and the same slips in other languages): "sorry, the
/// organisation is …" typed just after her organisation was refused as an e-mail address ("the organisation" names the
/// lead organisation, not answered yet); a correction's value kept the sentence's article ("η Περιφέρεια Βορείου
/// Αιγαίου"); "Ελλάδα, Λέσβος" typed at the title and taken at the country lost Lesvos.
/// </summary>
public sealed class NorthAegeanRunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    [Theory]
    [InlineData("en-IE", "Mary Byrne", "Cork County Council", "sorry the organisation is Cork City Council", "Cork City Council")]
    [InlineData("de-DE", "Anna Keller", "Landkreis Harburg", "Entschuldigung, die Organisation ist der Landkreis Stade", "Landkreis Stade")]
    [InlineData("el-GR", "Ελένη Βασιλείου", "Δήμος Μυτιλήνης", "συγγνώμη, ο φορέας είναι η Περιφέρεια Βορείου Αιγαίου", "Περιφέρεια Βορείου Αιγαίου")]
    [InlineData("es-ES", "Lucía Pérez", "Ayuntamiento de Huesca", "perdón, la organización es el Ayuntamiento de Zaragoza", "Ayuntamiento de Zaragoza")]
    public async Task The_organisation_corrected_just_after_it_is_the_contributors_own(string locale, string name, string organisation, string correction, string corrected)
    {
        var chat = Host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync(name);
        await chat.SendAsync(organisation);
        Assert.Equal("contact_email", chat.AskedQuestion);

        await chat.SendAsync(correction);

        Assert.Equal(corrected, (await AnswerOfAsync("contact_organisation"))!.Original);
        Assert.Null(await AnswerOfAsync("lead_organisation"));
        Assert.Null(await AnswerOfAsync("contact_email"));
        Assert.Equal("contact_email", chat.AskedQuestion);
    }

    [Fact]
    public async Task The_lead_organisation_corrected_once_answered_drops_the_sentences_article()
    {
        var chat = Host.Chat("el-GR");
        await chat.StartAsync();
        foreach (var answer in new[] { "Ελένη Βασιλείου", "Περιφέρεια Βορείου Αιγαίου", "elenivas@pvaigaiou.gov.gr", "παράλειψη",
            "Κέντρο Ένταξης Μεταναστών Μυτιλήνης", "Ελλάδα", "Λέσβος", "Μυτιλήνη και Μόρια", "περιφερεια", "ειμαστε επικεφαλης" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("Μυτιλήνη και Μόρια", (await AnswerOfAsync("lead_organisation"))!.Original);

        await chat.SendAsync("λάθος ο επικεφαλής φορέας, είναι η Περιφέρεια Βορείου Αιγαίου");

        Assert.Equal("Περιφέρεια Βορείου Αιγαίου", (await AnswerOfAsync("lead_organisation"))!.Original);
        // Corrected at the lead organisation, the contributor's own stays as it was.
        Assert.Equal("Περιφέρεια Βορείου Αιγαίου", (await AnswerOfAsync("contact_organisation"))!.Original);
    }

    [Fact]
    public async Task A_title_capitalised_after_the_verb_keeps_its_article()
    {
        var chat = Host.Chat("en-IE");
        await chat.StartAsync();
        foreach (var answer in new[] { "Mary Byrne", "Cork County Council", "mary.byrne@corkcoco.ie", "skip", "Welcome Cafés", "Ireland" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("region", chat.AskedQuestion);

        await chat.SendAsync("sorry the title is The Welcome Café Network");

        Assert.Equal("The Welcome Café Network", (await AnswerOfAsync("title"))!.Original);
    }

    [Theory]
    [InlineData("el-GR", "Ελλάδα, Λέσβος", "EL41")]
    [InlineData("en-IE", "Ireland, Cork", "IE05")]
    public async Task A_country_and_region_typed_at_the_title_offer_the_region_when_it_comes(string locale, string place, string region)
    {
        var chat = Host.Chat(locale);
        await chat.StartAsync();
        foreach (var answer in locale == "el-GR"
            ? new[] { "Ελένη Βασιλείου", "Περιφέρεια Βορείου Αιγαίου", "elenivas@pvaigaiou.gov.gr", "παράλειψη" }
            : new[] { "Mary Byrne", "Cork County Council", "mary.byrne@corkcoco.ie", "skip" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("title", chat.AskedQuestion);

        await chat.SendAsync(place);
        Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        await chat.SendAsync(locale == "el-GR" ? "ναι" : "yes");
        Assert.NotNull(await AnswerOfAsync("country"));
        Assert.Equal("title", chat.AskedQuestion);

        await chat.SendAsync(locale == "el-GR" ? "Κέντρο Ένταξης Μεταναστών Μυτιλήνης" : "Welcome Cafés");

        Assert.Equal("region", chat.AskedQuestion);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        await chat.SendAsync(locale == "el-GR" ? "ναι" : "yes");
        Assert.Equal($"\"{region}\"", (await AnswerOfAsync("region"))!.ValueJson);
    }

    [Theory]
    [InlineData("el-GR", "απο το 2021", "συνεχίζεται", "ναι")]
    [InlineData("en-IE", "since 2021", "still running", "yes")]
    public async Task A_start_date_offered_and_the_end_typed_on_ask_the_question_once(string locale, string start, string ongoing, string yes)
    {
        var chat = Host.Chat(locale);
        await chat.StartAsync();
        foreach (var answer in locale == "el-GR"
            ? new[] { "Ελένη Βασιλείου", "Περιφέρεια Βορείου Αιγαίου", "elenivas@pvaigaiou.gov.gr", "παράλειψη", "Κέντρο Ένταξης", "Ελλάδα", "Λέσβος", "Περιφέρεια Βορείου Αιγαίου" }
            : new[] { "Mary Byrne", "Cork County Council", "mary.byrne@corkcoco.ie", "skip", "Welcome Cafés", "Ireland", "Cork", "Cork County Council" })
        {
            await chat.SendAsync(answer);
            if (chat.Progress.Pending is CandidateConfirmation { QuestionId: not "region" })
            {
                await chat.SendAsync(yes);
            }
        }
        Assert.Equal("lead_organisation_type", chat.AskedQuestion);
        await chat.SendAsync(start);
        Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(ongoing);

        Assert.Equal("\"2021\"", (await AnswerOfAsync("start_date"))!.ValueJson);
        Assert.NotNull(await AnswerOfAsync("end_date"));
        // Both noted, then the question they were typed at, once.
        Assert.Equal(2, chat.Last.OfType<MessageReply>().Count());
        Assert.Equal("lead_organisation_type", Assert.Single(chat.Last.OfType<QuestionReply>()).QuestionId);
        Assert.IsType<QuestionReply>(chat.Last[^1]);
    }

    [Theory]
    [InlineData("sono Francesca Lo Bue, coop. sociale Al Azis di Palermo", "coop. sociale Al Azis di Palermo")]
    [InlineData("Francesca Lo Bue - coop sociale Al Azis", "coop sociale Al Azis")]
    public async Task A_social_cooperative_written_short_after_the_name_is_offered_as_the_organisation(string typed, string organisation)
    {
        // Session 46's Palermo run: "coop. sociale" read as no kind of organisation, kept beside the name and not offered; the
        // contributor said "sì" to an offer that never came and every answer after it landed one question late.
        var chat = Host.Chat("it-IT");
        await chat.StartAsync();

        await chat.SendAsync(typed);

        Assert.Equal("\"Francesca Lo Bue\"", (await AnswerOfAsync("contact_name"))!.ValueJson);
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal(organisation, offer.Candidates[0].Answer);
        await chat.SendAsync("sì");
        Assert.Equal(organisation, (await AnswerOfAsync("contact_organisation"))!.Original);
    }

    [Theory]
    [InlineData("en-IE", "refugees, women and some folks from the parish hall", "receiving society then")]
    [InlineData("de-DE", "Geflüchtete, Frauen und ein paar Leute vom Pfarrgemeinderat", "dann Aufnahmegesellschaft")]
    public async Task An_option_chosen_at_the_other_confirmation_keeps_the_options_named_before(string locale, string groups, string chosen)
    {
        // chatplay46's Galway run: "receiving society then" at "confirm it, or choose one of the options" replaced the three
        // groups named before with the one chosen.
        var chat = Host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync(locale == "en-IE" ? "change 16" : "ändern 16");
        Assert.Equal("target_groups", chat.AskedQuestion);
        await chat.SendAsync(groups);
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(chosen);

        var stored = System.Text.Json.JsonSerializer.Deserialize<string[]>((await AnswerOfAsync("target_groups"))!.ValueJson!)!;
        Assert.Contains("international_protection", stored);
        Assert.Contains("women", stored);
        Assert.Contains("receiving_society", stored);
        Assert.DoesNotContain("other", stored);
    }
}
