using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 57 (chat57): what people typing met. An organisation typed by its short form ("CARM", "ΠΚΜ", "VGR") was stored
/// as typed, the name the product knows for it never written out.
/// </summary>
public sealed class Chat57RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private static string Skip(string locale) => locale[..2] switch
    {
        "de" => "überspringen", "fr" => "passer", "es" => "saltar", "it" => "salta", _ => "skip",
    };

    // 1. Short forms at the organisation question itself.

    [Theory]
    [InlineData("es-ES", "lucia gomez", "CARM", "Comunidad Autónoma de la Región de Murcia")]
    [InlineData("es-ES", "lucia gomez", "carm", "Comunidad Autónoma de la Región de Murcia")]
    [InlineData("el-GR", "μαρια παπαδακη", "ΠΚΜ", "Περιφέρεια Κεντρικής Μακεδονίας")]
    [InlineData("el-GR", "μαρια παπαδακη", "πκμ", "Περιφέρεια Κεντρικής Μακεδονίας")]
    [InlineData("it-IT", "giulia ferri", "Regione ER", "Regione Emilia-Romagna")]
    [InlineData("it-IT", "giulia ferri", "RER", "Regione Emilia-Romagna")]
    [InlineData("fr-FR", "marc dubois", "CD93", "Conseil départemental de la Seine-Saint-Denis")]
    [InlineData("fr-FR", "marc dubois", "cd 93", "Conseil départemental de la Seine-Saint-Denis")]
    [InlineData("sv-SE", "karin lind", "VGR", "Västra Götalandsregionen")]
    [InlineData("de-DE", "anna keller", "BAMF", "Bundesamt für Migration und Flüchtlinge")]
    [InlineData("en-IE", "Niamh Walsh", "HSE", "Health Service Executive")]
    [InlineData("pt-PT", "ana costa", "SCML", "Santa Casa da Misericórdia de Lisboa")]
    // Dotted initials (session 58): read as the short form without the dots.
    [InlineData("es-ES", "lucia gomez", "C.A.R.M.", "Comunidad Autónoma de la Región de Murcia")]
    [InlineData("es-ES", "lucia gomez", "c.a.r.m", "Comunidad Autónoma de la Región de Murcia")]
    [InlineData("de-DE", "anna keller", "B.A.M.F.", "Bundesamt für Migration und Flüchtlinge")]
    [InlineData("sv-SE", "karin lind", "V.G.R.", "Västra Götalandsregionen")]
    [InlineData("el-GR", "μαρια παπαδακη", "Π.Κ.Μ.", "Περιφέρεια Κεντρικής Μακεδονίας")]
    [InlineData("en-IE", "Niamh Walsh", "H.S.E.", "Health Service Executive")]
    public async Task A_known_short_form_at_the_organisation_is_stored_written_out_and_said_with_it(string locale, string name, string typed, string writtenOut)
    {
        var chat = await AtAsync(locale, "contact_organisation", name);

        await chat.SendAsync(typed);

        var said = string.Join(" | ", chat.Shown);
        var organisation = await AnswerOfAsync("contact_organisation");
        Assert.Equal(writtenOut, organisation?.ValueJson?.Unquoted());
        Assert.Equal(typed, organisation!.Original);
        Assert.Contains($"{writtenOut} ({typed})", said, StringComparison.Ordinal);
        Assert.Equal("contact_email", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("es-ES", "lucia gomez", "ACCEM")]
    [InlineData("el-GR", "μαρια παπαδακη", "ΚΕΜ")]
    [InlineData("sv-SE", "karin lind", "SFI")]
    [InlineData("de-DE", "anna keller", "LRA")]
    [InlineData("pt-PT", "ana costa", "CM")]
    [InlineData("es-ES", "lucia gomez", "A.C.C.E.M.")]
    [InlineData("de-DE", "anna keller", "L.R.A.")]
    public async Task An_unknown_short_form_is_stored_as_typed(string locale, string name, string typed)
    {
        var chat = await AtAsync(locale, "contact_organisation", name);

        await chat.SendAsync(typed);

        var organisation = await AnswerOfAsync("contact_organisation");
        Assert.Equal(typed, organisation?.ValueJson?.Unquoted());
        Assert.DoesNotContain($"({typed})", string.Join(" | ", chat.Shown), StringComparison.Ordinal);
    }

    // The initials of the contributor's organisation, given earlier, at the lead organisation.
    [Theory]
    [InlineData("fr-FR", "marc dubois", "Office français de l'immigration et de l'intégration", "m.dubois@ofii.fr", "OFII")]
    [InlineData("es-ES", "lucia gomez", "Comision Española de Ayuda al Refugiado", "lucia@cear.es", "CEAR")]
    [InlineData("it-IT", "giulia ferri", "Azienda Sanitaria Locale Bari", "g.ferri@asl.bari.it", "ASLB")]
    [InlineData("de-DE", "anna keller", "Internationaler Bund Südwest", "a.keller@ib.de", "IBS")]
    [InlineData("el-GR", "μαρια παπαδακη", "Κέντρο Κοινότητας Δήμου Λέσβου", "maria@lesvos.gr", "ΚΚΔΛ")]
    [InlineData("fr-FR", "marc dubois", "Office français de l'immigration et de l'intégration", "m.dubois@ofii.fr", "O.F.I.I.")]
    [InlineData("es-ES", "lucia gomez", "Comision Española de Ayuda al Refugiado", "lucia@cear.es", "C.E.A.R.")]
    public async Task The_initials_of_the_organisation_given_earlier_are_written_out_at_the_lead(string locale, string name, string ours, string mail, string typed)
    {
        var lead = Chat51RunTests.ToTheLead(locale);
        var chat = await AtAsync(locale, "lead_organisation", name, ours, mail, lead[3], lead[4], lead[5], lead[6]);

        await chat.SendAsync(typed);

        var said = string.Join(" | ", chat.Shown);
        var answer = await AnswerOfAsync("lead_organisation");
        Assert.Equal(ours, answer?.ValueJson?.Unquoted());
        Assert.Equal(typed, answer!.Original);
        Assert.Contains($"({typed})", said, StringComparison.Ordinal);
    }

    // 6. "keep" at a question with no answer yet: nothing to keep, said, and the question asked again (it skipped it).

    [Theory]
    [InlineData("en-IE", "keep", "There is no answer here yet to keep")]
    [InlineData("de-DE", "behalten", "noch keine Antwort")]
    [InlineData("fr-FR", "je garde", "pas encore de réponse")]
    [InlineData("it-IT", "mantieni", "nessuna risposta")]
    [InlineData("es-ES", "mantener", "ninguna respuesta")]
    [InlineData("el-GR", "κρατα", "Δεν υπάρχει ακόμη απάντηση")]
    [InlineData("pt-PT", "manter", "nenhuma resposta")]
    [InlineData("sv-SE", "behåll det", "inget svar")]
    public async Task Keep_at_an_optional_question_with_no_answer_says_so_and_asks_it_again(string locale, string keep, string nothing)
    {
        var lead = Chat51RunTests.ToTheLead(locale);
        var chat = await AtAsync(locale, "contact_phone", lead[0], lead[1], lead[2]);

        await chat.SendAsync(keep);

        var said = string.Join(" | ", chat.Shown);
        Assert.Contains(nothing, said, StringComparison.Ordinal);
        Assert.True(chat.AskedQuestion == "contact_phone", said);
        Assert.Null(await AnswerOfAsync("contact_phone"));
    }

    [Theory]
    [InlineData("en-IE", "keep it")]
    [InlineData("de-DE", "behalten")]
    [InlineData("es-ES", "lo mantengo")]
    [InlineData("sv-SE", "behåll")]
    public async Task Keep_at_a_required_question_with_no_answer_asks_it_again(string locale, string keep)
    {
        var lead = Chat51RunTests.ToTheLead(locale);
        var chat = await AtAsync(locale, "title", lead[0], lead[1], lead[2], lead[3]);

        await chat.SendAsync(keep);

        Assert.True(chat.AskedQuestion == "title", string.Join(" | ", chat.Shown));
        Assert.Null(await AnswerOfAsync("title"));
        await chat.SendAsync(lead[4]);
        Assert.Equal("country", chat.AskedQuestion);
    }

    // 5. Role clauses joined by "but", "while", "whereas": cases in Chat56RunTests' role theory (the same assertion).

    // 4. A question typed past "Did you mean …?": answered with the question's help, then the same "Did you mean" again.

    [Theory]
    [InlineData("en-IE", "fundng", "what do you mean?")]
    [InlineData("de-DE", "Finanzirung", "was meinen Sie?")]
    [InlineData("el-GR", "χρηματοδοτιση", "τι εννοείτε;")]
    [InlineData("it-IT", "finanziamnto", "in che senso?")]
    [InlineData("sv-SE", "finansirering", "vad menar du?")]
    // The glossary's own words with "that" or nothing after them (the lead, session 57): were "«das» is not in the glossary",
    // "type glossary and a term".
    [InlineData("de-DE", "Finanzirung", "was heißt das?")]
    [InlineData("fr-FR", "finacement", "c'est quoi ?")]
    [InlineData("es-ES", "financiacon", "que significa eso?")]
    [InlineData("pt-PT", "financiamneto", "o que é isso?")]
    public async Task A_question_past_did_you_mean_is_answered_with_the_help_then_asked_again(string locale, string typo, string reply)
    {
        var chat = await AtTheRoleAsync(locale);
        await chat.SendAsync(typo);
        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(reply);

        var said = string.Join(" | ", chat.Shown);
        var help = TestCore.Questionnaire.Questions.Single(q => q.Id == "regional_authority_role").Help.In(locale[..2]);
        Assert.Contains(help[..Math.Min(40, help.Length)], said, StringComparison.Ordinal);
        Assert.True(chat.Progress.Pending is CandidateConfirmation again && again.Candidates.SequenceEqual(offer.Candidates), said);
        Assert.Null(await AnswerOfAsync("regional_authority_role"));

        await chat.SendAsync(Chat51RunTests.Yes(locale));
        Assert.Equal("[\"indirect_funding\"]", (await AnswerOfAsync("regional_authority_role"))?.ValueJson);
    }

    // 2. A date the start date would confirm, typed ahead at the partners: offered there as a clear date is, its reading shown.

    [Theory]
    [InlineData("de", "Mai 23")]
    [InlineData("en", "May 23")]
    [InlineData("fr", "mai 23")]
    [InlineData("es", "mayo 23")]
    public void The_date_typed_ahead_needs_confirmation_at_the_start_date(string language, string typed)
    {
        var read = TestCore.Normalise("start_date", typed, language);

        Assert.True(read is { Ok: true, NeedsConfirmation: true, Candidates.Count: 1 }, read.Error ?? read.Value?.ToJsonString());
        Assert.Equal("\"2023-05\"", read.Value?.ToJsonString());
    }

    [Theory]
    [InlineData("de-DE", "Mai 23", "Mai 2023")]
    [InlineData("en-IE", "May 23", "May 2023")]
    [InlineData("fr-FR", "mai 23", "mai 2023")]
    [InlineData("es-ES", "mayo 23", "mayo de 2023")]
    public async Task A_date_needing_confirmation_typed_ahead_is_offered_at_the_start_date(string locale, string typed, string shown)
    {
        var chat = await AtTheRoleAsync(locale);
        await chat.SendAsync("2");
        for (var turns = 0; turns < 3 && chat.AskedQuestion != "partners"; turns++)
        {
            await chat.SendAsync(chat.Progress.Pending is not null ? Chat51RunTests.Yes(locale) : Skip(locale));
        }
        Assert.Equal("partners", chat.AskedQuestion);

        await chat.SendAsync(typed);

        var said = string.Join(" | ", chat.Shown);
        var offer = chat.Progress.Pending as SkipAheadConfirmation;
        Assert.True(offer?.NextQuestionId == "start_date", said);
        Assert.Contains(shown, said, StringComparison.OrdinalIgnoreCase);

        await chat.SendAsync(Chat51RunTests.Yes(locale));

        said += " || " + string.Join(" | ", chat.Shown);
        var start = await AnswerOfAsync("start_date");
        Assert.True(start?.ValueJson == "\"2023-05\"", said);
        Assert.Equal(typed, start!.Original);
        Assert.True(chat.AskedQuestion == "partners" && chat.Progress.Pending is null, said);
        Assert.Null(await AnswerOfAsync("partners"));
    }
}
