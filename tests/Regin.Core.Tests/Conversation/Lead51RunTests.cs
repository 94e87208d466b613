using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// What the lead met playing contributors in session 51: an Austrian official from Graz in a hurry ("Frauen mit
/// Fluchterfahrung, viele Mütter mit kleinen Kindern" at the target groups: "viele" was kept under Other to confirm), and a web
/// address pasted at the sustainability question, noted for the website with a bare "Noted: https://…" while the
/// sustainability question came again (it read as if that question had taken it).
/// </summary>
public sealed class Lead51RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    [Theory]
    [InlineData("de-AT", "Frauen mit Fluchterfahrung, viele Mütter mit kleinen Kindern")]
    [InlineData("en-IE", "many refugee women, several with small children")]
    [InlineData("fr-BE", "de nombreuses femmes refugiees, plusieurs avec des enfants")]
    [InlineData("it-IT", "molte donne rifugiate, diverse con bambini piccoli")]
    public async Task A_quantity_word_before_a_group_is_no_other_group(string locale, string typed)
    {
        // The other four languages: the corpus's lines of session 51 (es, pt, sv, el).
        var chat = await AtAsync(locale, "target_groups", [.. Chat49RunTests.ToStart(locale), .. Chat49RunTests.StartToResults(locale)[..3]]);

        await chat.SendAsync(typed);

        var stored = (await AnswerOfAsync("target_groups"))!;
        Assert.Contains("\"women\"", stored.ValueJson, StringComparison.Ordinal);
        Assert.Contains("\"children_youth\"", stored.ValueJson, StringComparison.Ordinal);
        Assert.Null(stored.OtherText);
        Assert.Equal("description", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("de-AT", "www.graz.at/sprachcafe")]
    [InlineData("fr-FR", "https://www.caritas.fr/accueil-refugies")]
    [InlineData("sv-SE", "www.umea.se/sprakvan")]
    public async Task A_web_address_pasted_at_another_text_question_says_it_went_to_the_website(string locale, string address)
    {
        var chat = await AtAsync(locale, "contact_name");

        await chat.SendAsync(address);

        Assert.Equal("contact_name", chat.AskedQuestion);
        Assert.NotNull(await AnswerOfAsync("website"));
        var website = TestCore.Questionnaire.Questions.Single(q => q.Id == "website");
        Assert.Contains(website.Label.In(locale[..2]), string.Join("\n", chat.Shown), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-IE", "EU structural funds", "about 1.2 million over 4 years")]
    [InlineData("de-DE", "EU-Strukturfonds", "ca. 1,2 Mio. für 4 Jahre")]
    public async Task An_answer_stored_at_another_question_than_the_one_on_screen_names_it(string locale, string sources, string budget)
    {
        var chat = await AtAsync(locale, "funding_sources", [.. Chat49RunTests.ToStart(locale), .. Chat49RunTests.StartToResults(locale), "40"]);
        await chat.SendAsync(sources);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        // The budget typed past the sources' "Which do you mean?" (the lead's Thessaloniki play): stored at the budget, and the
        // note names it while the sources come again (a bare "Noted: about 1,200,000 €" read as the sources' answer).
        await chat.SendAsync(budget);

        Assert.Equal("1200000", (await AnswerOfAsync("budget_eur"))!.ValueJson);
        Assert.Equal("funding_sources", chat.AskedQuestion);
        var label = TestCore.Questionnaire.Questions.Single(q => q.Id == "budget_eur").Label.In(locale[..2]);
        Assert.Contains(label, string.Join("\n", chat.Shown), StringComparison.Ordinal);
    }

    [Theory]
    // The lead's Graz play: a past end with an extension applied for was stored as June 2025 (it may well run on).
    [InlineData("de", "läuft bis Juni 2025, Verlängerung ist beantragt", "\"2025-06\"")]
    [InlineData("de", "bis 06/2025 - Verlängerung beantragt", "\"2025-06\"")]
    [InlineData("en", "june 2025, extension requested", "\"2025-06\"")]
    [InlineData("it", "giugno 2025, proroga richiesta", "\"2025-06\"")]
    [InlineData("es", "junio 2025, prórroga solicitada", "\"2025-06\"")]
    public void An_extension_asked_for_after_the_end_date_reads_as_ongoing_or_that_date(string language, string typed, string date)
    {
        var read = TestCore.Normalise("end_date", typed, language);

        Assert.True(read.NeedsConfirmation, read.Error);
        Assert.Equal(["\"ongoing\"", date], read.Candidates.Select(candidate => candidate.Value.ToJsonString()));
    }
}
