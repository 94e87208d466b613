using Regin.Core.Conversation;
using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 46, left by session 45: a role guessed from one word among words that name nothing, a hurried contributor stuck
/// after letting a "Did you mean …?" pass, a "no" to a guess that said nothing, and "since 2019 and still running" at the start
/// date that lost the "still running".
/// </summary>
public sealed class NewUserChat46Tests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
{
    private ConversationHost _host = null!;

    public Task InitializeAsync()
    {
        _host = classHost.Host.ForCase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static readonly Dictionary<string, string> Locales = new()
    {
        ["en"] = "en-IE", ["fr"] = "fr-FR", ["de"] = "de-AT", ["es"] = "es-ES", ["it"] = "it-IT", ["el"] = "el-GR", ["pt"] = "pt-PT", ["sv"] = "sv-SE",
    };

    private const string Role = "regional_authority_role";

    private async Task<string?> ValueOfAsync(string question) =>
        (await _host.PracticeOfAsync("sms", "user-1"))?.Answers.SingleOrDefault(a => a.QuestionId == question)?.ValueJson;

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private async Task<EngineChat> AtTheRoleAsync(string language, string country, string region, string lead)
    {
        var chat = _host.Chat(Locales[language]);
        await chat.StartAsync();
        foreach (var answer in new[] { "sam weber", lead, "sam.weber@example.eu", "-", "Integration", country, region, lead, "1" })
        {
            await chat.SendAsync(answer);
            if (chat.Progress.Pending is CandidateConfirmation { QuestionId: "region" or "country" or "lead_organisation" })
            {
                await chat.SendAsync(new OptionPicked(1));
            }
        }
        Assert.Equal(Role, chat.AskedQuestion);
        return chat;
    }

    private Task<EngineChat> AtTheRoleAsync(string language) => language switch
    {
        "en" => AtTheRoleAsync("en", "ireland", "southern", "Cork County Council"),
        "es" => AtTheRoleAsync("es", "españa", "andalucía", "Junta de Andalucía"),
        "de" => AtTheRoleAsync("de", "österreich", "steiermark", "Land Steiermark"),
        "fr" => AtTheRoleAsync("fr", "belgique", "liège", "Province de Liège"),
        "it" => AtTheRoleAsync("it", "italia", "puglia", "Regione Puglia"),
        _ => throw new ArgumentOutOfRangeException(nameof(language)),
    };

    // 1. An option guessed from one word among words that name nothing.

    [Theory]
    [InlineData("es", "acogida, vivienda, empleo y un poco de apoyo psicologico", "acogida")]
    // Session 50: "managers" is no longer read as "we manage it" (a phrase's word alone), so nothing is named and the options are asked.
    [InlineData("en", "IPAS centre managers, Cork ETB, the county council, Nasc and the HSE", "options")]
    [InlineData("it", "accoglienza, casa, lavoro e un po' di supporto psicologico", "accoglienza")]
    [InlineData("fr", "hébergement, logement, emploi et un peu de soutien psy", "hébergement")]
    [InlineData("de", "Unterkunft, Wohnungssuche, Deutschkurse und bissl Unterstützung", "Wohnungssuche")]
    public void Most_of_a_list_naming_nothing_is_no_guess_at_a_choice_without_other(string language, string typed, string said)
    {
        var read = TestCore.Normalise(Role, typed, language);

        Assert.False(read.Ok);
        Assert.False(read.NeedsConfirmation);
        Assert.Contains(said, read.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de", "Förderung und Beratung übers Kompetenzzentrum")]
    [InlineData("en", "we fund it and give advice through the local office")]
    public void One_part_left_unread_beside_options_named_is_still_offered(string language, string typed)
    {
        var read = TestCore.Normalise(Role, typed, language);

        Assert.True(read.NeedsConfirmation);
    }

    [Fact]
    public async Task A_list_of_organisations_with_a_role_word_in_passing_is_offered_at_the_partners()
    {
        var chat = await AtTheRoleAsync("en");

        await chat.SendAsync("IPAS centre managers, Cork ETB, the county council, Nasc and the HSE");

        var offer = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal("partners", offer.NextQuestionId);
    }

    // 2. A hurried contributor who lets "Did you mean …?" pass and types on.

    [Theory]
    [InlineData("en", "fundng", "weekly cafés in 6 towns with volunteers", "submit", "yes", "indirect_funding")]
    [InlineData("es", "finaciacion", "cafés semanales en 6 pueblos con voluntarios", "enviar", "sí", "indirect_funding")]
    [InlineData("de", "Förderug", "wöchentliche Cafés in 6 Gemeinden mit Ehrenamtlichen", "absenden", "ja", "indirect_funding")]
    public async Task Words_for_the_next_question_past_a_guess_move_on_and_the_guess_waits(string language, string slip, string details, string submit,
        string yes, string code)
    {
        var chat = await AtTheRoleAsync(language);
        await chat.SendAsync(slip);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(details);

        // Never refused again with the options: the details noted where they belong, the role left open.
        Assert.Equal(Json(details), await ValueOfAsync("regional_authority_role_details"));
        Assert.Null(await ValueOfAsync(Role));
        Assert.Equal("partners", chat.AskedQuestion);
        Assert.Contains(chat.Shown, line => line.Contains(TestCore.Questionnaire.Questions.Single(q => q.Id == Role).Label.In(language), StringComparison.Ordinal));

        // Still missing at submit, where the guess is offered again; a yes takes it.
        await chat.SendAsync(submit);
        Assert.Equal(Role, chat.AskedQuestion);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        await chat.SendAsync(yes);
        Assert.Equal($"[\"{code}\"]", await ValueOfAsync(Role));
    }

    [Theory]
    [InlineData("en", "fundng", "Cork ETB, the county council and the HSE")]
    [InlineData("it", "finanziamnto", "Comune di Bari, Caritas, ASL")]
    public async Task A_list_of_organisations_past_a_guess_is_offered_at_the_partners(string language, string slip, string partners)
    {
        var chat = await AtTheRoleAsync(language);
        await chat.SendAsync(slip);

        await chat.SendAsync(partners);

        Assert.NotNull(chat.Progress.Pending);
        Assert.Null(await ValueOfAsync("regional_authority_role_details"));
    }

    [Theory]
    [InlineData("fr", "oui", "CADA de Metz, la Croix-Rouge et le CCAS")]
    [InlineData("de", "ja", "Stadt Graz, Caritas und AMS")]
    [InlineData("it", "sì", "Comune di Bari, Caritas, ASL")]
    public async Task A_list_of_organisations_at_the_role_s_details_is_offered_at_the_partners(string language, string yes, string partners)
    {
        var chat = await AtTheRoleAsync(language);
        await chat.SendAsync("2");
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);

        await chat.SendAsync(partners);

        var offer = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal("partners", offer.NextQuestionId);
        await chat.SendAsync(yes);
        Assert.Equal(Json(partners), await ValueOfAsync("partners"));
        Assert.Null(await ValueOfAsync("regional_authority_role_details"));
    }

    // 3. "no" to a guess.

    [Theory]
    [InlineData("en", "fundng", "no", "OK, not that.")]
    [InlineData("es", "finaciacion", "no", "De acuerdo, no era eso.")]
    [InlineData("de", "Förderug", "nein", "Alles klar, das war es nicht.")]
    [InlineData("fr", "financment", "non", "D'accord, ce n'est pas ça.")]
    [InlineData("it", "finanziamnto", "no", "Va bene, non era quello.")]
    public async Task No_to_a_guess_is_said_and_the_question_asked_again(string language, string slip, string no, string said)
    {
        var chat = await AtTheRoleAsync(language);
        await chat.SendAsync(slip);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(no);

        Assert.Contains(chat.Shown, line => line.Contains(said, StringComparison.Ordinal));
        Assert.Null(chat.Progress.Pending);
        Assert.Equal(Role, chat.AskedQuestion);
        // The next answer is read alone: the slip guessed from is no part of it.
        await chat.SendAsync("2");
        Assert.Equal("[\"direct_partner\"]", await ValueOfAsync(Role));
    }

    // 4. "since 2019 and still running" at the start date.

    [Theory]
    [InlineData("es", "desde 2019 y seguimos", "seguimos")]
    [InlineData("de", "seit 2019 und läuft weiter", "läuft weiter")]
    [InlineData("en", "since 2019 and still running", "still running")]
    [InlineData("it", "dal 2019 e continua", "continua")]
    [InlineData("fr", "depuis 2019 et ça continue", "ça continue")]
    [InlineData("sv", "sedan 2019 och pågår fortfarande", "pågår fortfarande")]
    public void A_start_and_its_still_running_after_and_is_a_period(string language, string typed, string runsOn)
    {
        Assert.Equal(runsOn, TestCore.Normaliser.OngoingAfterComma(typed, language));
        Assert.Equal("2019", TestCore.Normalise("start_date", typed, language).Value());
    }

    [Theory]
    [InlineData("2019 and 2020")]
    [InlineData("since 2019 and the funding runs out in 2025")]
    public void Two_dates_or_a_remark_after_and_are_no_ongoing(string typed)
    {
        Assert.Null(TestCore.Normaliser.OngoingAfterComma(typed, "en"));
    }

    [Theory]
    [InlineData("es", "desde 2019 y seguimos", "sí")]
    [InlineData("de", "seit 2019 und läuft weiter", "ja")]
    [InlineData("en", "since 2019 and still running", "yes")]
    [InlineData("it", "dal 2019 e continua", "sì")]
    public async Task The_still_running_is_offered_at_the_end_date(string language, string typed, string yes)
    {
        var chat = await AtTheRoleAsync(language);
        foreach (var answer in new[] { "2", "-", "-" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("start_date", chat.AskedQuestion);

        await chat.SendAsync(typed);

        Assert.Equal(Json("2019"), await ValueOfAsync("start_date"));
        Assert.Equal("end_date", chat.AskedQuestion);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        await chat.SendAsync(yes);
        Assert.Equal(Json(AnswerNormaliser.Ongoing), await ValueOfAsync("end_date"));
    }
}
