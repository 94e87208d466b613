using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 41, what lang40 left: a correction that names its question by an everyday word ("sorry the org is cork city
/// council not dublin" was stored as "org is cork city council not dublin"), steps back in words ("go back two" was stored
/// as the lead organisation), a command slip at a one-line text ("indietr" stored as the organisation's name), and
/// "provincial funds" outside Italian (kept under Other).
/// </summary>
public sealed class NamedCorrectionMoveTests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
{
    private ConversationHost _host = null!;

    public Task InitializeAsync()
    {
        _host = classHost.Host.ForCase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string[] ToTheLeadOrganisationType(string country, string region, string organisation) =>
        ["Ana Ferreira", "Integration Office", "ana.ferreira@example.eu", "-", "Welcome Desk", country, region, organisation];

    private static string[] ToTheAreas(string country, string region, string organisation) =>
        [.. ToTheLeadOrganisationType(country, region, organisation), "1", "1", "-", "-", "2020", "2023"];

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
    [InlineData("en-IE", "ireland", "dublin", "dublin city council", "sorry the org is cork city council not dublin", "cork city council")]
    [InlineData("es-ES", "españa", "aragon", "diputacion de huesca", "perdón, la organización es el Ayuntamiento de Zaragoza, no Huesca", "Ayuntamiento de Zaragoza")]
    [InlineData("it-IT", "italia", "emilia romagna", "comune di modena", "scusa, l'ente è il Comune di Bologna", "Comune di Bologna")]
    [InlineData("fr-FR", "france", "occitanie", "departement du gard", "pardon, l'organisme c'est la Région Occitanie", "Région Occitanie")]
    [InlineData("de-DE", "deutschland", "niedersachsen", "stadt lueneburg", "Entschuldigung, die Organisation ist der Landkreis Harburg", "Landkreis Harburg")]
    [InlineData("sv-SE", "sverige", "skane", "malmo stad", "ursäkta, organisationen är Region Skåne", "Region Skåne")]
    [InlineData("el-GR", "ελλαδα", "κρητη", "δημος ηρακλειου", "συγγνώμη, ο φορέας είναι η Περιφέρεια Κρήτης", "Περιφέρεια Κρήτης")]
    [InlineData("pt-PT", "portugal", "norte", "ccdr norte", "desculpe, a entidade é a Câmara Municipal do Porto", "Câmara Municipal do Porto")]
    // The article the sentence puts before the name ("es el Ayuntamiento", "είναι η Περιφέρεια") is not the name's (session 46).
    public async Task An_organisation_corrected_by_an_everyday_name_is_the_words_after_the_verb(string locale, string country, string region, string organisation, string correction, string corrected)
    {
        var chat = await AtAsync(locale, "lead_organisation_type", ToTheLeadOrganisationType(country, region, organisation));

        await chat.SendAsync(correction);

        Assert.Equal("lead_organisation_type", chat.AskedQuestion);
        Assert.Equal(corrected, System.Text.Json.JsonSerializer.Deserialize<string>((await ValueOfAsync("lead_organisation"))!));
        Assert.Null(await ValueOfAsync("lead_organisation_type"));
    }

    [Theory]
    // No correction word, but a "not …" tail: kept under Other at the areas before.
    [InlineData("en-IE", "ireland", "dublin", "the region is cork not dublin", "region", "\"IE05\"")]
    [InlineData("de-DE", "deutschland", "oberbayern", "die region ist niederbayern nicht oberbayern", "region", "\"DE22\"")]
    [InlineData("el-GR", "ελλαδα", "αττικη", "η περιφερεια ειναι κρητη οχι αττικη", "region", "\"EL43\"")]
    [InlineData("pt-PT", "portugal", "norte", "a regiao é o centro nao o norte", "region", "\"PT16\"")]
    // The title, a one-line text, named with correction words at a later question.
    [InlineData("de-DE", "deutschland", "oberbayern", "sorry, der titel ist integrationslotsen harburg", "title", "\"integrationslotsen harburg\"")]
    [InlineData("fr-FR", "france", "occitanie", "pardon le titre c'est accueil rural en occitanie", "title", "\"accueil rural en occitanie\"")]
    // Spanish "no" (not) is Portuguese "in the": a language's own "not" ends the value.
    [InlineData("pt-PT", "portugal", "norte", "desculpe, o titulo é integrar no porto", "title", "\"integrar no porto\"")]
    public async Task A_question_named_with_its_new_value_at_a_later_question_is_corrected(string locale, string country, string region, string correction, string question, string value)
    {
        var chat = await AtAsync(locale, "integration_areas", ToTheAreas(country, region, "Integration Office"));

        await chat.SendAsync(correction);

        Assert.Equal("integration_areas", chat.AskedQuestion);
        Assert.Equal(value, await ValueOfAsync(question));
        Assert.Null(await ValueOfAsync("integration_areas"));
    }

    [Theory]
    // A count before the back word, or right after it (past "di", "by"): that many questions back (at question 15).
    [InlineData("en-IE", "go back two", "start_date")]
    [InlineData("en-IE", "go back 2", "start_date")]
    [InlineData("de-DE", "zwei fragen zurueck", "start_date")]
    [InlineData("de-DE", "3 Fragen zurück", "partners")]
    [InlineData("fr-FR", "revenir deux questions en arriere", "start_date")]
    [InlineData("it-IT", "torna indietro di due", "start_date")]
    [InlineData("es-ES", "dos preguntas atras", "start_date")]
    [InlineData("el-GR", "δυο ερωτησεις πισω", "start_date")]
    [InlineData("pt-PT", "volta duas perguntas", "start_date")]
    [InlineData("sv-SE", "två frågor tillbaka", "start_date")]
    // A question named: "back to 2", "zurück zur Frage 5", "torna alla domanda 5".
    [InlineData("en-IE", "back to 2", "contact_organisation")]
    [InlineData("en-IE", "go back to question two", "contact_organisation")]
    [InlineData("de-DE", "zurück zur frage 5", "title")]
    [InlineData("fr-FR", "je reviens à la question 5", "title")]
    [InlineData("it-IT", "torna alla domanda 5", "title")]
    public async Task Steps_back_are_counted_and_a_question_named_is_that_question(string locale, string typed, string question)
    {
        var chat = await AtAsync(locale, "integration_areas", ToTheAreas("ireland", "cork", "Integration Office"));

        await chat.SendAsync(typed);

        Assert.Equal(question, chat.AskedQuestion);
        Assert.Null(await ValueOfAsync("integration_areas"));
        Assert.Equal("\"Integration Office\"", await ValueOfAsync("lead_organisation"));
    }

    [Fact]
    public async Task Steps_back_say_where_they_went_and_how_to_reach_the_question_of_that_number()
    {
        var chat = await AtAsync("en-IE", "integration_areas", ToTheAreas("ireland", "cork", "Integration Office"));

        await chat.SendAsync("go back 2");

        Assert.Contains(chat.Shown, line => line.Contains("Back 2 questions, to question 13", StringComparison.Ordinal) && line.Contains("change 2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("it-IT", "indietr", "sì")]
    [InlineData("de-DE", "zurük", "ja")]
    [InlineData("en-IE", "previus", "yes")]
    [InlineData("sv-SE", "tillbka", "ja")]
    public async Task A_command_slip_at_a_one_line_text_is_asked_and_yes_runs_it(string locale, string slip, string yes)
    {
        var chat = await AtAsync(locale, "lead_organisation", ToTheLeadOrganisationType("ireland", "cork", "x")[..7]);

        await chat.SendAsync(slip);

        Assert.IsType<SlipConfirmation>(chat.Progress.Pending);
        Assert.Null(await ValueOfAsync("lead_organisation"));
        await chat.SendAsync(yes);
        Assert.Equal("region", chat.AskedQuestion);
        Assert.Null(await ValueOfAsync("lead_organisation"));
    }

    [Theory]
    // A name one slip from a command word is asked about, and no keeps it: "Hilde" is a name, "hilfe" help.
    [InlineData("de-DE", "Hilde", "nein")]
    public async Task A_name_a_slip_from_a_command_is_kept_on_no(string locale, string name, string no)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();

        await chat.SendAsync(name);
        Assert.IsType<SlipConfirmation>(chat.Progress.Pending);
        await chat.SendAsync(no);

        Assert.Equal("contact_organisation", chat.AskedQuestion);
        Assert.Equal($"\"{name}\"", await ValueOfAsync("contact_name"));
    }

    [Theory]
    // Kept under Other outside Italian: a province's money is the region's where the province is the government between
    // the State and the municipalities (ITH1, ITH2, the Dutch provinces); Belgian provinces, under the Regions, are local.
    [InlineData("en", "provincial funds and amif", "IE05", "local_budget,amif")]
    [InlineData("en", "provincial funds", "ITH2", "regional_budget")]
    [InlineData("de", "Provinzmittel", "ITH1", "regional_budget")]
    [InlineData("fr", "budget provincial", "BE33", "local_budget")]
    [InlineData("en", "provincial funds", "NL22", "regional_budget")]
    [InlineData("es", "fondos provinciales y FAMI", "ES24", "local_budget,amif")]
    [InlineData("pt", "fundos provinciais", "PT11", "local_budget")]
    [InlineData("el", "επαρχιακα κονδυλια", "EL43", "local_budget")]
    [InlineData("sv", "provinsmedel", "SE22", "local_budget")]
    public void Provincial_funds_read_in_every_language_by_the_region(string language, string text, string region, string expected)
    {
        var answer = TestCore.Normalise("funding_sources", text, language, new() { Country = region[..2] == "EL" ? "GR" : region[..2], Region = region });
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected.Split(','), answer.Value!.AsArray().Select(code => (string)code!));
        Assert.Null(answer.OtherText);
    }
}
