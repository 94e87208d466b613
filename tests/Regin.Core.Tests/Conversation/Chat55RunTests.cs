using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 55 (chat55): what the lead's plays of session 54 met. The target groups typed past the areas' "confirm it, or
/// choose" were stored as the areas' Other; "se ovan" at a long text was stored as its answer; "ca 60 kvinnor per termin"
/// was offered as 60 people reached; "anna lindqvist" was stored in lower case; "ayto de murcia" typed at the organisation
/// itself was kept short.
/// </summary>
public sealed class Chat55RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private static string Skip(string locale) => locale[..2] switch
    {
        "pt" or "es" => "saltar", "fr" => "passer", "de" => "überspringen", "it" => "salta", "el" => "παράλειψη", "sv" => "hoppa över", _ => "skip",
    };

    private static string Said(string locale) => locale[..2] switch
    {
        "sv" => "kurser och mentorskap för nyanlända i kommunen", "de" => "Kurse und Mentoring für Neuzugewanderte in der Stadt",
        "fr" => "des cours et du parrainage pour les nouveaux arrivants", "es" => "cursos y mentoria para personas recien llegadas",
        "it" => "corsi e tutoraggio per i nuovi arrivati in citta", "pt" => "cursos e mentoria para quem chegou ha pouco",
        "el" => "μαθηματα και καθοδηγηση για νεοαφιχθεντες στην πολη", _ => "classes and mentoring for newcomers in the county",
    };

    /// <summary>A chat walked to <paramref name="question"/> the way a contributor in a hurry goes: the lead their own city,
    /// a local authority funding it, started in 2021 and still running, what else is asked passed over, an offer taken.</summary>
    private async Task<EngineChat> HurriedToAsync(string locale, string question)
    {
        var chat = await AtAsync(locale, "lead_organisation", Chat51RunTests.ToTheLead(locale));
        for (var turns = 0; turns < 24 && (chat.AskedQuestion != question || chat.Progress.Pending is not null); turns++)
        {
            await chat.SendAsync(chat.Progress.Pending is not null ? Chat51RunTests.Yes(locale) : chat.AskedQuestion switch
            {
                "lead_organisation" => Chat51RunTests.ToTheLead(locale)[1],
                "lead_organisation_type" => "2",
                "regional_authority_role" => "4",
                "start_date" => "2021",
                "end_date" => "2025",
                "integration_areas" => "1",
                "target_groups" => "1",
                "description" or "objectives" or "activities" or "results" or "innovative_elements" or "challenges_solutions" or "lessons_learned"
                    or "transferability" => Said(locale),
                _ => Skip(locale),
            });
        }
        Assert.Equal(question, chat.AskedQuestion);
        return chat;
    }

    // 1. A reply typed past the areas' "confirm it, or choose": the next question's answer, never the areas' Other.

    [Theory]
    [InlineData("sv-SE", "språk, arbete och fritidsaktiviteter", "fritidsaktiviteter", "nyanlända kvinnor, främst de som varit här kortare tid än 3 år", "newly_arrived", "women")]
    [InlineData("sv-SE", "fritidsaktiviteter", "fritidsaktiviteter", "nyanlända kvinnor, främst de som varit här kortare tid än 3 år", "newly_arrived", "women")]
    [InlineData("es-ES", "idioma, empleo y actividades de ocio", "actividades de ocio", "mujeres recien llegadas, sobre todo las que llevan menos de 3 años aqui", "newly_arrived", "women")]
    [InlineData("de-DE", "sprache, arbeit und freizeitangebote", "freizeitangebote", "neu zugewanderte frauen, vor allem die seit weniger als 3 jahren hier sind", "newly_arrived", "women")]
    [InlineData("it-IT", "lingua, lavoro e attivita ricreative", "attivita ricreative", "donne e minori non accompagnati, soprattutto quelli che sono qui da meno di 3 anni", "women", "unaccompanied_minors")]
    // Words left over that are no clause of the groups named: the next choice cannot take them as clear, the areas never do.
    [InlineData("sv-SE", "språk, arbete och fritidsaktiviteter", "fritidsaktiviteter", "nyanlända kvinnor, många med små barn hemma och ingen utbildning", "newly_arrived", "women")]
    [InlineData("en-IE", "language, jobs and leisure activities", "leisure activities", "refugees and women, lots of them with small kids and no schooling", "international_protection", "women")]
    [InlineData("es-ES", "idioma, empleo y actividades de ocio", "actividades de ocio", "mujeres refugiadas, muchas con niños pequeños en casa y sin estudios", "international_protection", "women")]
    [InlineData("fr-FR", "langue, emploi et loisirs", "loisirs", "femmes refugiees, beaucoup avec des petits enfants a la maison et sans diplome", "international_protection", "women")]
    public async Task The_next_questions_answer_typed_past_the_areas_other_confirmation_keeps_the_areas_other(
        string locale, string areas, string areasOther, string groups, string group, string otherGroup)
    {
        var chat = await HurriedToAsync(locale, "integration_areas");
        await chat.SendAsync(areas);
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);
        var areasBefore = (await AnswerOfAsync("integration_areas"))!.ValueJson;

        await chat.SendAsync(groups);
        var said = string.Join(" | ", chat.Shown);
        if (chat.Progress.Pending is MovedOnConfirmation)
        {
            await chat.SendAsync(Chat51RunTests.Yes(locale)); // asked, where it cannot be told: yes takes it there
            said += " || " + string.Join(" | ", chat.Shown);
        }

        var areasNow = await AnswerOfAsync("integration_areas");
        Assert.True(areasOther == areasNow?.OtherText, said);
        Assert.Equal(areasBefore, areasNow!.ValueJson);
        var targets = await AnswerOfAsync("target_groups");
        Assert.True(targets is not null, said);
        Assert.Contains(group, targets!.ValueJson, StringComparison.Ordinal);
        Assert.Contains(otherGroup, targets.ValueJson, StringComparison.Ordinal);
        Assert.Equal(groups, targets.Original);
    }

    [Theory]
    [InlineData("en-IE", "leisure activities", "more sport and leisure, also for the families")]
    [InlineData("fr-FR", "activites de loisirs", "loisirs et sport aussi")]
    public async Task More_words_for_the_areas_other_typed_at_its_confirmation_still_say_what_other_holds(string locale, string areasOther, string more)
    {
        var chat = await HurriedToAsync(locale, "integration_areas");
        await chat.SendAsync(areasOther);
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(more);

        Assert.Equal(more, (await AnswerOfAsync("integration_areas"))?.OtherText);
        Assert.Null(await AnswerOfAsync("target_groups"));
    }

    // 2. "see above" at a long text points at another answer: never stored as this one.

    [Theory]
    [InlineData("sv-SE", "se ovan")]
    [InlineData("en-IE", "see above")]
    [InlineData("de-DE", "siehe oben")]
    [InlineData("fr-FR", "voir ci-dessus")]
    [InlineData("es-ES", "ver arriba")]
    [InlineData("it-IT", "vedi sopra")]
    [InlineData("pt-PT", "ver acima")]
    [InlineData("el-GR", "βλ. παραπάνω")]
    [InlineData("sv-SE", "se ovan!")]
    [InlineData("de-AT", "s. oben")]
    [InlineData("es-ES", "ver mas arriba")]
    [InlineData("en-IE", "see above re the groups")]
    public async Task See_above_at_a_long_text_is_never_stored_as_its_answer(string locale, string typed)
    {
        var chat = await HurriedToAsync(locale, "results");

        await chat.SendAsync(typed);

        var said = string.Join(" | ", chat.Shown);
        Assert.True(await AnswerOfAsync("results") is null, said);
        // Asked again, or which answer it points at (the same phrase alone: bot.same_as_which).
        Assert.True(chat.AskedQuestion == "results" || PendingConfirmation.QuestionOf(chat.Progress.Pending) == "results", said);
    }

    // 3. A count per period at the people reached: the number with its period kept beside it.

    [Theory]
    [InlineData("sv-SE", "ca 60 kvinnor per termin", 60, "per termin")]
    [InlineData("en-IE", "about 40 people a month", 40, "a month")]
    [InlineData("fr-FR", "environ 120 personnes par mois", 120, "par mois")]
    [InlineData("de-DE", "ca 80 Teilnehmende pro Semester", 80, "pro semester")]
    [InlineData("it-IT", "circa 30 persone al mese", 30, "al mese")]
    [InlineData("pt-PT", "cerca de 50 pessoas por semestre", 50, "por semestre")]
    [InlineData("el-GR", "περιπου 70 ατομα το μηνα", 70, "το μηνα")]
    public void A_count_per_period_keeps_the_number_and_the_period_beside_it(string language, string typed, long count, string period)
    {
        var read = TestCore.Normalise("beneficiaries_count", typed, language[..2]);

        Assert.True(read.Ok, read.Error);
        Assert.False(read.NeedsConfirmation);
        Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), read.Value?.ToJsonString());
        var remark = Assert.Single(read.Flags, f => f.Reason == "answer_remark");
        Assert.Equal(period, Regin.Core.Normalisation.TextKey.Fold(remark.Detail ?? ""));
    }

    [Theory]
    [InlineData("sv-SE", "ca 60 kvinnor per termin", "60")]
    [InlineData("es-ES", "unas 20 personas al mes", "20")]
    public async Task A_count_per_period_typed_at_the_people_reached_is_stored_with_its_period(string locale, string typed, string count)
    {
        var chat = await HurriedToAsync(locale, "beneficiaries_count");

        await chat.SendAsync(typed);

        var said = string.Join(" | ", chat.Shown);
        var stored = await AnswerOfAsync("beneficiaries_count");
        Assert.True(count == stored?.ValueJson, said);
        Assert.Equal(typed, stored!.Original);
        Assert.Contains((await Host.PracticeOfAsync("sms", "user-1"))!.Flags, f => f.QuestionId == "beneficiaries_count" && f.Reason == "answer_remark");
        Assert.NotEqual("beneficiaries_count", chat.AskedQuestion);
    }

    // 4. A person's name typed all in lower case is stored capitalised, particles kept lower case.

    [Theory]
    [InlineData("sv-SE", "anna lindqvist", "Anna Lindqvist")]
    [InlineData("fr-FR", "jean-pierre dupont", "Jean-Pierre Dupont")]
    [InlineData("pt-PT", "maria dos santos", "Maria dos Santos")]
    [InlineData("de-DE", "jan van der berg", "Jan van der Berg")]
    [InlineData("es-ES", "lucia gomez de la fuente", "Lucia Gomez de la Fuente")]
    [InlineData("el-GR", "μαρια παπαδοπουλου", "Μαρια Παπαδοπουλου")]
    [InlineData("en-IE", "sean o'brien", "Sean O'Brien")]
    [InlineData("de-DE", "Jan van der Berg", "Jan van der Berg")]
    [InlineData("en-IE", "ANNA de Vries", "ANNA de Vries")]
    public async Task A_name_typed_in_lower_case_is_stored_capitalised_with_the_words_typed_kept(string locale, string typed, string stored)
    {
        await AtAsync(locale, "contact_organisation", typed);

        var name = await AnswerOfAsync("contact_name");
        Assert.Equal(stored, name?.ValueJson?.Unquoted());
        Assert.Equal(typed, name!.Original);
    }
}
