using Regin.Core.Conversation;
using Regin.Core.Localisation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 40: how hurried officials correct themselves mid-questionnaire, typed on a phone (no accents, lower case), and
/// what main's engine did with it: a corrected place stored as an unknown region ("e o centro", "var skane") or as the next
/// answer ("non, c'est en occitanie" as the lead organisation), a correction kept under Other or stored as a description,
/// a command typed with a slip refused as a date or kept under Other, "x" or "asdf" stored as a name or a title.
/// </summary>
public sealed class CorrectionMoveTests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
{
    private ConversationHost _host = null!;

    public Task InitializeAsync()
    {
        _host = classHost.Host.ForCase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string[] ToTheLeadOrganisation(string country, string region) =>
        ["Ana Ferreira", "Integration Office", "ana.ferreira@example.eu", "-", "Welcome Desk", country, region];

    private async Task<EngineChat> AtAsync(string locale, string question, IEnumerable<string> answers)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        foreach (var answer in answers)
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal(question, chat.AskedQuestion);
        return chat;
    }

    private async Task<string?> ValueOfAsync(string question) =>
        (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.SingleOrDefault(a => a.QuestionId == question)?.ValueJson;

    [Theory]
    // The words before the place are the sentence's: the recognised place, not "e o centro" kept as an unknown region.
    [InlineData("pt-PT", "portugal", "norte", "desculpe, a regiao e o centro", "PT16")]
    [InlineData("el-GR", "ελλαδα", "αττικη", "συγγνωμη, η περιοχη ειναι κρητη", "EL43")]
    [InlineData("sv-SE", "sverige", "stockholm", "nej forlat, det var skane", "SE22")]
    // "non, c'est en …" was stored as the lead organisation's name.
    [InlineData("fr-FR", "france", "provence alpes cote d azur", "non, c'est en occitanie", "FRJ")]
    [InlineData("es-ES", "españa", "cataluña", "perdon, me equivoque de region: aragon", "ES24")]
    public async Task A_region_corrected_in_words_at_the_next_question_is_the_region(string locale, string country, string region, string correction, string code)
    {
        var chat = await AtAsync(locale, "lead_organisation", ToTheLeadOrganisation(country, region));

        await chat.SendAsync(correction);

        Assert.Equal("lead_organisation", chat.AskedQuestion);
        Assert.Equal($"\"{code}\"", await ValueOfAsync("region"));
        Assert.Null(await ValueOfAsync("lead_organisation"));
    }

    private static string[] ToTheAreas(string country, string region) =>
        [.. ToTheLeadOrganisation(country, region), "Integration Office", "1", "1", "-", "-", "2020", "2023"];

    [Theory]
    // "je me suis trompée" owns the mistake; it was kept under Other at the integration areas.
    [InlineData("fr-FR", "france", "bretagne", "pardon je me suis trompée, le debut c etait 2019", "2019")]
    // "starten" (the start) is the start date: "inte 2020" made it a period and the end date was changed to 2020.
    [InlineData("sv-SE", "sverige", "skane", "forlat, starten var 2019 inte 2020", "2019")]
    public async Task A_start_date_corrected_in_words_at_a_later_question_is_the_start_date(string locale, string country, string region, string correction, string start)
    {
        var chat = await AtAsync(locale, "integration_areas", ToTheAreas(country, region));

        await chat.SendAsync(correction);

        Assert.Equal("integration_areas", chat.AskedQuestion);
        Assert.Equal($"\"{start}\"", await ValueOfAsync("start_date"));
        Assert.Equal("\"2023\"", await ValueOfAsync("end_date"));
        Assert.Null(await ValueOfAsync("integration_areas"));
    }

    [Theory]
    // "by the way" words opening a correction typed at a long text, back days later: it was stored as the description.
    [InlineData("fr-FR", "france", "bretagne", "ah et le debut c'etait octobre 2021 pas septembre", "start_date", "\"2021-10\"")]
    [InlineData("de-DE", "deutschland", "oberbayern", "ach ja, der beginn war doch 2019", "start_date", "\"2019\"")]
    [InlineData("sv-SE", "sverige", "skane", "forresten startade det 2019", "start_date", "\"2019\"")]
    public async Task A_correction_opened_by_the_way_at_a_long_text_corrects_the_answer_it_names(string locale, string country, string region, string correction, string question, string value)
    {
        var chat = await AtAsync(locale, "description", [.. ToTheAreas(country, region), "1", "1"]);

        await chat.SendAsync(correction);

        Assert.Equal("description", chat.AskedQuestion);
        Assert.Equal(value, await ValueOfAsync(question));
        Assert.Null(await ValueOfAsync("description"));
    }

    [Theory]
    // A command typed with one slip: refused as a date at the start date ("I could not read this date").
    [InlineData("de-AT", "österreich", "steiermark", "zurük")]
    [InlineData("es-ES", "españa", "andalucia", "atrs")]
    [InlineData("it-IT", "italia", "piemonte", "indietr")]
    [InlineData("sv-SE", "sverige", "skane", "tillbka")]
    public async Task Back_typed_with_a_slip_at_the_start_date_goes_back(string locale, string country, string region, string slip)
    {
        var chat = await AtAsync(locale, "start_date", [.. ToTheLeadOrganisation(country, region), "Integration Office", "1", "1", "-", "-"]);

        await chat.SendAsync(slip);

        Assert.Equal("partners", chat.AskedQuestion);
        Assert.Null(await ValueOfAsync("start_date"));
    }

    [Theory]
    // Kept under Other at the integration areas (then confirmed by a hurried yes), or stored as the description.
    [InlineData("de-DE", "integration_areas", "zusamenfassung")]
    [InlineData("es-ES", "integration_areas", "resumn")]
    [InlineData("it-IT", "integration_areas", "riepilgo")]
    [InlineData("sv-SE", "integration_areas", "sammanfatning")]
    [InlineData("en-IE", "description", "sumary")]
    public async Task The_summary_typed_with_a_slip_shows_the_summary_and_stores_nothing(string locale, string question, string slip)
    {
        string[] answers = question == "integration_areas" ? ToTheAreas("ireland", "cork") : [.. ToTheAreas("ireland", "cork"), "1", "1"];
        var chat = await AtAsync(locale, question, answers);

        await chat.SendAsync(slip);

        Assert.Null(await ValueOfAsync(question));
        Assert.Contains(chat.Last, reply => reply is SummaryReply);
    }

    [Theory]
    // From the summary, where "submit now?" waits: the correction was lost and "submit now?" asked again.
    [InlineData("en-GB", "oops the start date was 2018 not 2019", "start_date", "\"2018\"")]
    [InlineData("de-DE", "korrektur: region ist campania", "region", "\"ITF3\"")]
    [InlineData("fr-FR", "en fait le budget c etait 250 000", "budget_eur", "250000")]
    [InlineData("sv-SE", "forresten budgeten var 110 000 euro", "budget_eur", "110000")]
    public async Task A_correction_in_words_before_submitting_corrects_and_asks_again(string locale, string correction, string question, string value)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await ConversationEngineTests.AnswerEverythingRequiredAsync(chat);
        await chat.SendAsync(TestCore.Questionnaire.Commands["submit"].In(Languages.FromLocale(locale)!)[0]);
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(correction);

        Assert.Equal(value, await ValueOfAsync(question));
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);
        Assert.Contains(chat.Last, reply => reply is SummaryReply);
        Assert.NotEqual(Regin.Core.Persistence.Entities.PracticeStatus.Submitted, (await _host.PracticeOfAsync("sms", "user-1"))!.Status);
    }

    [Theory]
    // A question's number in words: stored as the answer on screen.
    [InlineData("en-IE", "change question seven")]
    [InlineData("de-DE", "ändere frage sieben")]
    [InlineData("fr-FR", "modifier la question sept")]
    [InlineData("es-ES", "cambiar la pregunta siete")]
    // Greek names the question in the genitive ("αλλαγή ερώτησης 7", change of question 7): it was no command.
    [InlineData("el-GR", "αλλαγη ερωτησης 7")]
    public async Task A_question_named_by_its_number_in_words_is_changed(string locale, string command)
    {
        var chat = await AtAsync(locale, "integration_areas", ToTheAreas("ireland", "cork"));

        await chat.SendAsync(command);

        Assert.Equal("region", chat.AskedQuestion);
        Assert.Null(await ValueOfAsync("integration_areas"));
    }

    // "Hilde", "Pauls" at the name: asked since session 41 (NamedCorrectionMoveTests.A_name_a_slip_from_a_command_is_kept_on_no).

    [Theory]
    // Typed to get past the name or the title: they were stored as the answer.
    [InlineData("en-IE", "x", "“x”")]
    [InlineData("de-AT", "asdf", "„asdf“")]
    [InlineData("fr-BE", "a", "« a »")]
    [InlineData("es-ES", "xxx", "«xxx»")]
    [InlineData("el-CY", "x", "«x»")]
    public async Task A_placeholder_for_the_name_is_asked_again_with_its_words_shown(string locale, string typed, string quoted)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();

        await chat.SendAsync(typed);

        Assert.Equal("contact_name", chat.AskedQuestion);
        Assert.Contains(chat.Shown, line => line.Contains(quoted, StringComparison.Ordinal));
        Assert.Null(await ValueOfAsync("contact_name"));
        await chat.SendAsync("Li Na");
        Assert.Equal("contact_organisation", chat.AskedQuestion);
    }

    [Theory]
    // lang39 left it under Other: a province's money is the region's in the autonomous provinces (NUTS 2 regions), a local
    // body's elsewhere in Italy.
    [InlineData("fondi provinciali e FAMI", "ITH1", "regional_budget,amif")]
    [InlineData("fondi provinciali", "ITH2", "regional_budget")]
    [InlineData("bilancio provinciale", "ITC1", "local_budget")]
    [InlineData("FAMI e fondi della provincia", "ITF4", "amif,local_budget")]
    public void Provincial_funds_are_the_regional_budget_only_where_the_province_is_the_region(string text, string region, string expected)
    {
        var answer = TestCore.Normalise("funding_sources", text, "it", new() { Country = "IT", Region = region });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected.Split(','), answer.Value!.AsArray().Select(code => (string)code!));
        Assert.Null(answer.OtherText);
        Assert.Equal(text, answer.Original);
    }

    [Theory]
    [InlineData("x", true)]
    [InlineData("a", true)]
    [InlineData("?", true)]
    [InlineData("xxx", true)]
    [InlineData("asdf", true)]
    [InlineData("qwertz", true)]
    [InlineData("Li", false)]
    [InlineData("EU", false)]
    [InlineData("Ede", false)]
    [InlineData("Tre", false)]
    [InlineData("Asdf GmbH", false)]
    [InlineData("Åsa", false)]
    public void A_placeholder_is_a_letter_a_letter_repeated_or_a_run_along_a_keyboard_row(string text, bool placeholder) =>
        Assert.Equal(placeholder, Regin.Core.Normalisation.Matching.DeclineReader.IsPlaceholder(text));
}
