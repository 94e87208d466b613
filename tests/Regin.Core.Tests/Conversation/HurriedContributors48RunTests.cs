using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 48 (chatplay48), four contributors played over the real host to a submitted practice: an Emilia-Romagna regional
/// official on a phone (it, no accents, "x" for "per", two answers in one message), a Caritas social worker in Bavaria (de,
/// "Asylbewerber*innen", "bin gleich zurück", back the next morning), a Girona researcher (es, Catalan names, a refusal at the
/// consent) and a Galway county council officer (en, "the HSE", "DCEDIY", "actually change the title to …"). What they met:
/// "gennaio 2021, ancora in corso" asked whether it was still running, and the areas typed next were refused as no date, then
/// every answer after them; "no, de momento no queremos que se publique" was read as undecided and the next "sí" stored as
/// the consent; "bin gleich zurück" and "so, wieder da" were stored as answers; "Guten Morgen, weiter geht's" the next day
/// skipped the question on screen; the gender star split "Asylbewerber*innen" and kept "innen …" under Other.
/// </summary>
public sealed class HurriedContributors48RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private static readonly string[] ItalianToStart =
    [
        "Giulia Bertoni, funzionaria RER area integrazione", "Regione Emilia-Romagna", "giulia.bertoni@regione.emilia-romagna.it",
        "051 527 4321", "Mediatori interculturali nei consultori ER", "italia", "emilia romagna",
        "la Regione, settore politiche sociali e integrazione", "ente regionale", "coordiniamo e finanziamo per la maggior parte",
        "diamo le linee guida alle AUSL e formazione ai mediatori", "AUSL di Bologna, Modena e Parma, coop sociali, comuni",
    ];

    private static readonly string[] GermanToContribution =
    [
        "Sabine Huber", "Caritasverband für den Landkreis Rosenheim e.V.", "s.huber@caritas-rosenheim.de", "08031 203 44",
        "Sprachcafé und Alltagsbegleitung für Asylbewerber*innen im Landkreis Rosenheim", "deutschland", "oberbayern",
        "Caritas Kreisverband Rosenheim", "Wohlfahrtsverband", "die Regierung von Oberbayern fördert die Ehrenamtskoordination, mehr nicht",
    ];

    private static readonly string[] GermanContributionToTargetGroups =
    [
        "überspringen", "Landratsamt Rosenheim, Jobcenter, VHS und ehrenamtliche Helfer:innen aus den Helferkreisen", "seit Herbst 22",
        "läuft noch", "Sprache, Arbeit, Ehrenamt",
    ];

    private static readonly string[] SpanishToConsent =
    [
        "Núria Puig i Serra", "Universitat de Girona (UdG)", "nuria.puig@udg.edu", "paso", "Acogida lingüística para personas recién llegadas en Girona",
        "España", "Cataluña", "Ajuntament de Girona", "ayuntamiento", "la Generalitat cofinancia a través del SOC",
        "la Generalitat pone parte del dinero y forma al profesorado a través del SOC",
        "UdG (evaluación), Càritas Girona, Creu Roja y el Consorci per a la Normalització Lingüística", "septiembre de 2021", "en curso",
        "lengua, empleo y participación", "recién llegados, solicitantes de asilo y jóvenes extutelados",
        "muchas personas recién llegadas esperaban más de un año para un curso de catalán o castellano",
        "que puedan seguir la formación ocupacional del SOC en 6 meses",
        "cursos intensivos de lengua con prácticas en empresas, tutorías individuales y un servicio de acogida en el Ajuntament",
        "unas 600 personas han hecho el curso y un 40 % ha encontrado trabajo", "unas 600 personas", "Generalitat y FSE+",
        "unos 120.000 € en 3 años", "la lengua se aprende en el contexto del trabajo y no antes",
        "poca asistencia al principio; ahora los cursos son por la tarde y hay servicio de canguro",
        "hay que implicar a las empresas desde el inicio", "un acuerdo entre el ayuntamiento, la universidad y el servicio de empleo",
        "depende de la próxima convocatoria de la Generalitat", "evaluación anual de la UdG con encuestas", "todavía no hay página",
    ];

    private static readonly string[] IrishToResults =
    [
        "Siobhán Ní Fhlatharta", "Galway County Council", "sniflatharta@galwaycoco.ie", "091 509 000", "Welcome Hub for IP applicants in Co. Galway",
        "Ireland", "Co. Galway", "Galway County Council", "local authority", "the region funds it and sits on the steering committee", "skip that one",
        "the HSE, Tusla, the IPAS centre management and the local FRC", "March 2022", "ongoing", "health, language, social inclusion",
        "asylum seekers and unaccompanied minors", "the IPAS centre opened in a small town with no services in place, residents couldn't get a GP or English classes",
        "give residents access to health, English and local activities from the first week",
        "weekly drop-in at the hub, GP clinic with the HSE, ESOL classes, a youth club with the local GAA",
    ];

    [Fact]
    public async Task The_end_typed_with_the_start_is_taken_when_the_next_answer_follows_instead_of_a_yes()
    {
        var chat = await AtAsync("it-IT", "start_date", ItalianToStart);
        await chat.SendAsync("gennaio 2021, ancora in corso");
        Assert.Equal("end_date", chat.AskedQuestion);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync("salute e accesso ai servizi");

        Assert.Equal("\"ongoing\"", (await AnswerOfAsync("end_date"))!.ValueJson);
        Assert.Equal("[\"health\",\"other\"]", (await AnswerOfAsync("integration_areas"))!.ValueJson);
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);
        // Two questions after the start, it is corrected, and "accesso ai servizi" still waits for its yes.
        await chat.SendAsync("scusa la data di inizio e marzo 2021 non gennaio");
        Assert.Equal("\"2021-03\"", (await AnswerOfAsync("start_date"))!.ValueJson);
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);
        await chat.SendAsync("si");
        Assert.Equal("target_groups", chat.AskedQuestion);
    }

    [Fact]
    public async Task A_prose_answer_past_the_period_offer_is_still_refused_as_no_date()
    {
        // What the next question does not read is no move on: the end date is asked again, the offer kept to a yes.
        var chat = await AtAsync("it-IT", "start_date", ItalianToStart);
        await chat.SendAsync("gennaio 2021, ancora in corso");
        await chat.SendAsync("boh devo controllare");
        Assert.Null(await AnswerOfAsync("end_date"));
        Assert.Equal("end_date", chat.AskedQuestion);
    }

    [Fact]
    public async Task X_for_per_is_read_as_per_at_a_choice()
    {
        var answers = ItalianToStart[..9];
        var chat = await AtAsync("it-IT", "regional_authority_role", answers);
        await chat.SendAsync("coordiniamo e finanziamo x la maggior parte");
        Assert.Null(chat.Progress.Pending);
        Assert.Equal("[\"direct_coordinator\",\"indirect_funding\"]", (await AnswerOfAsync("regional_authority_role"))!.ValueJson);
    }

    [Theory]
    [InlineData("no, de momento no queremos que se publique", "false")]
    [InlineData("no, por ahora no queremos que salga en el mapa", "false")]
    [InlineData("sí, claro", "true")]
    public async Task A_no_that_opens_the_consent_is_a_no_whatever_for_now_follows(string consent, string stored)
    {
        var chat = await AtAsync("es-ES", "consent_publish", SpanishToConsent);
        await chat.SendAsync(consent);
        Assert.Equal(stored, (await AnswerOfAsync("consent_publish"))!.ValueJson);
    }

    [Fact]
    public async Task The_thanks_after_a_no_at_the_consent_says_nothing_is_published()
    {
        var chat = await AtAsync("es-ES", "consent_publish", SpanishToConsent);
        await chat.SendAsync("no, de momento no queremos que se publique");
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);

        await chat.SendAsync("sí");

        Assert.NotNull(chat.Progress.SubmittedReference);
        var thanks = string.Join("\n", chat.Shown);
        Assert.Contains("no se publicará", thanks, StringComparison.Ordinal);
        Assert.DoesNotContain("antes de publicarla", thanks, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de momento no")]
    [InlineData("no, por ahora no")]
    [InlineData("no, todavía no lo sé")]
    public async Task Undecided_at_the_consent_stays_undecided(string consent)
    {
        var chat = await AtAsync("es-ES", "consent_publish", SpanishToConsent);
        await chat.SendAsync(consent);
        Assert.Null(await AnswerOfAsync("consent_publish"));
        Assert.Equal("consent_publish", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("bin gleich zurück")]
    [InlineData("Mittagspause, bin gleich zurück")]
    public async Task A_german_break_is_a_pause_and_wieder_da_is_no_answer(string pause)
    {
        var chat = await AtAsync("de-DE", "regional_authority_role_details", GermanToContribution);
        await chat.SendAsync(pause);
        Assert.True(chat.Progress.Paused);
        Assert.Null(await AnswerOfAsync("regional_authority_role_details"));

        Host.Clock.Advance(TimeSpan.FromHours(3));
        await chat.SendAsync("so, wieder da");
        Assert.Null(await AnswerOfAsync("regional_authority_role_details"));
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);
    }

    [Fact]
    public async Task Wieder_da_after_lunch_without_a_pause_is_no_answer()
    {
        var chat = await AtAsync("de-DE", "regional_authority_role_details", GermanToContribution);
        Host.Clock.Advance(TimeSpan.FromHours(3));
        await chat.SendAsync("so, wieder da");
        Assert.Null(await AnswerOfAsync("regional_authority_role_details"));
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);
    }

    private static readonly string[] GermanTargetGroupsToResults =
    [
        "Asylbewerber*innen in den dezentralen Unterkünften, v.a. Frauen mit Kindern", "ja",
        "in den Unterkünften im Landkreis gab es kaum Deutschkurse, viele Teilnehmer:innen haben monatelang auf einen Integrationskurs gewartet",
        "Deutsch im Alltag üben, Kontakt zu Einheimischen, Wege zu Ämtern und Ärzt*innen begleiten",
        "wöchentliches Sprachcafé in 4 Gemeinden, Ehrenamtliche begleiten zu Terminen, Ausflüge",
        "ca. 40 TN pro Woche, 12 haben inzwischen einen Minijob oder eine Ausbildung",
    ];

    [Fact]
    public async Task Enough_for_today_is_a_pause_where_a_number_is_picked()
    {
        var chat = await AtAsync("de-DE", "target_groups", [.. GermanToContribution, .. GermanContributionToTargetGroups]);
        foreach (var answer in GermanTargetGroupsToResults)
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("beneficiaries_count", chat.AskedQuestion);
        await chat.SendAsync("ca. 40 TN pro Woche, insgesamt ca. 150");

        await chat.SendAsync("so, für heute reicht's, morgen geht's weiter");

        Assert.True(chat.Progress.Paused);
        Assert.Null(await AnswerOfAsync("beneficiaries_count"));
    }

    [Fact]
    public async Task Die_Regierung_von_Oberbayern_is_the_regional_budget()
    {
        var chat = await AtAsync("de-DE", "target_groups", [.. GermanToContribution, .. GermanContributionToTargetGroups]);
        foreach (var answer in GermanTargetGroupsToResults)
        {
            await chat.SendAsync(answer);
        }
        await chat.SendAsync("insgesamt ca. 150");
        Assert.Equal("funding_sources", chat.AskedQuestion);

        await chat.SendAsync("Förderung der Regierung von Oberbayern und Eigenmittel der Caritas");

        var funding = (await AnswerOfAsync("funding_sources"))!;
        Assert.Contains("regional_budget", funding.ValueJson, StringComparison.Ordinal);
        Assert.DoesNotContain("other", funding.ValueJson, StringComparison.Ordinal);
        Assert.Equal("budget_eur", chat.AskedQuestion);
    }

    [Fact]
    public async Task Weiter_gehts_the_next_morning_resumes_and_skips_nothing()
    {
        var chat = await AtAsync("de-DE", "regional_authority_role_details", GermanToContribution);
        Host.Clock.Advance(TimeSpan.FromDays(1));
        await chat.SendAsync("Guten Morgen, weiter geht's");
        Assert.DoesNotContain("regional_authority_role_details", chat.Progress.Skipped);
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);
        // Said at the question itself, it still skips it.
        await chat.SendAsync("weiter geht's");
        Assert.Equal("partners", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("Asylbewerber*innen in den dezentralen Unterkünften, v.a. Frauen mit Kindern")]
    [InlineData("Asylbewerber:innen in den dezentralen Unterkünften, v.a. Frauen mit Kindern")]
    [InlineData("Asylbewerber_innen in den dezentralen Unterkünften, v.a. Frauen mit Kindern")]
    public async Task A_gender_star_or_colon_keeps_the_word_whole(string groups)
    {
        var chat = await AtAsync("de-DE", "regional_authority_role_details", GermanToContribution);
        foreach (var answer in GermanContributionToTargetGroups)
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("target_groups", chat.AskedQuestion);
        await chat.SendAsync(groups);
        var stored = (await AnswerOfAsync("target_groups"))!;
        Assert.Equal("[\"asylum_seekers\",\"women\",\"children_youth\",\"other\"]", stored.ValueJson);
        // The place they live in is left under Other to confirm; no half word of the groups.
        Assert.Equal("dezentralen Unterkünften", stored.OtherText);
    }

    [Fact]
    public async Task The_ajuntament_is_the_local_budget()
    {
        var chat = await AtAsync("es-ES", "funding_sources", SpanishToConsent[..21]);
        await chat.SendAsync("Generalitat, Ajuntament de Girona y FSE+");
        Assert.Equal("[\"regional_budget\",\"local_budget\",\"esf_plus\"]", (await AnswerOfAsync("funding_sources"))!.ValueJson);
        Assert.Equal("budget_eur", chat.AskedQuestion);
    }

    [Fact]
    public async Task Living_in_the_centre_is_no_target_group()
    {
        var chat = await AtAsync("en-IE", "target_groups", IrishToResults[..15]);
        await chat.SendAsync("IP applicants living in the IPAS centre, families and unaccompanied young people");
        var groups = (await AnswerOfAsync("target_groups"))!;
        Assert.DoesNotContain("other", groups.ValueJson, StringComparison.Ordinal);
        Assert.Null(groups.OtherText);
        Assert.Equal("description", chat.AskedQuestion);

    }

    [Fact]
    public async Task An_irish_department_is_the_national_budget()
    {
        var chat = await AtAsync("en-IE", "results", IrishToResults);
        await chat.SendAsync("about 300 residents used the hub in the first year, every child enrolled in school within a month");
        await chat.SendAsync("approx 300 residents");
        Assert.Equal("funding_sources", chat.AskedQuestion);
        await chat.SendAsync("DCEDIY funding, the HSE and our own budget");
        var funding = (await AnswerOfAsync("funding_sources"))!;
        Assert.Contains("national_budget", funding.ValueJson, StringComparison.Ordinal);
        Assert.DoesNotContain("other", funding.ValueJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actually_change_the_title_to_where_a_count_is_offered_corrects_the_title()
    {
        var chat = await AtAsync("en-IE", "results", IrishToResults);
        await chat.SendAsync("about 300 residents used the hub in the first year, every child enrolled in school within a month");
        Assert.Equal("beneficiaries_count", chat.AskedQuestion);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync("actually change the title to Galway Welcome Hub - supports for IP applicants");

        Assert.Equal("\"Galway Welcome Hub - supports for IP applicants\"", (await AnswerOfAsync("title"))!.ValueJson);
        Assert.Null(await AnswerOfAsync("beneficiaries_count"));
        // Session 49: the offer of the count is asked again (it was dropped and the question asked blank).
        Assert.Equal("beneficiaries_count", Assert.IsType<CandidateConfirmation>(chat.Progress.Pending).QuestionId);
    }
}
