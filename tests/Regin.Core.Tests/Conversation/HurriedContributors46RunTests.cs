using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 46 (chatplay46), four contributors played over the real host to a submitted practice: a Landkreis official (de,
/// lower case, "LK", "ggf."), a Braga municipal social worker (pt, no accents), a Galway NGO coordinator (en, long messages)
/// and an Andalusian regional official (es). What they met: the summary's "change 5 to …" typed with its value was stored as
/// the long text on screen (de, pt, en, es); a correction's "nicht sept." was offered at the consent as a no, and "ja" to that
/// offer stored the refusal (de); a skip after its reason was stored as the answer ("ergänze ich ggf. später, erstmal
/// überspringen"); "comecou em out 2020" was 2020; "as above, march 2022" was no date; "kreishaushalt" and "local people" were
/// kept under Other; "what do you mean by target groups?" was kept under Other at the target groups; "welcome back, you
/// stopped now at".
/// </summary>
public sealed class HurriedContributors46RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private static readonly string[] GermanToConsent =
    [
        "petra schmidt", "Landkreis Osnabrück", "p.schmidt@lkos.de", "überspringen", "sprachcafé und lotsenprojekt für neuzugewanderte",
        "deutschland", "weser-ems", "landkreis osnabrück", "kreisverw.", "koordinierung und finanzierung", "überspringen",
        "caritas, diakonie, VHS osnabrück land, jobcenter", "seit sept. 2021", "läuft bis auf weiteres", "sprache, arbeit, ggf. auch wohnen",
    ];

    private static readonly string[] GermanAfterTargetGroups =
    [
        "neuzugewanderte, geflüchtete, frauen mit kindern",
        "viele neuzugewanderte finden im ländlichen raum keine sprachkurse in der nähe",
        "deutsch im alltag üben, wege zu ämtern und arbeit erklären",
        "wöchentliche sprachcafés in 12 gemeinden, lotsen begleiten zu terminen",
        "die lotsen begleiten jedes jahr viele familien", "überspringen", "landesmittel, kommunaler haushalt", "ca. 120 TEUR jährlich",
        "die lotsen sind alle ehrenamtlich", "ehrenamtliche zu halten war schwer", "früh mit den gemeinden reden",
        "ehrenamt gut begleiten", "überspringen", "überspringen", "überspringen",
    ];

    [Theory]
    [InlineData("de-DE", "sorry, beginn war schon aug. 2021, nicht sept.")]
    [InlineData("de-DE", "korrektur: beginn war aug. 2021, nicht sept.")]
    public async Task A_corrections_not_tail_is_never_offered_at_the_consent(string locale, string correction)
    {
        var chat = await AtAsync(locale, "target_groups", GermanToConsent);
        await chat.SendAsync(correction);
        Assert.Equal("\"2021-08\"", (await AnswerOfAsync("start_date"))!.ValueJson);
        Assert.Equal("target_groups", chat.AskedQuestion);

        foreach (var answer in GermanAfterTargetGroups)
        {
            await chat.SendAsync(answer);
        }

        Assert.Equal("consent_publish", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
        await chat.SendAsync("ja");
        Assert.Equal("true", (await AnswerOfAsync("consent_publish"))!.ValueJson);
    }

    [Theory]
    [InlineData("en-IE", "can you change 5 to just Welcome Tables", "title", "Welcome Tables")]
    [InlineData("en-IE", "change 5 to Welcome Tables", "title", "Welcome Tables")]
    [InlineData("en-IE", "change question 8: Galway Integration Network", "lead_organisation", "Galway Integration Network")]
    public async Task Change_with_its_value_after_the_summary_changes_that_answer_en(string locale, string change, string question, string value)
    {
        var chat = await AtAsync(locale, "objectives", "Niamh Walsh", "Galway Integration Network", "niamh@galwayintegration.ie", "087 123 4567",
            "Welcome Tables - it's a weekly shared meal", "ireland", "west, galway", "we do, with the county council", "ngo", "funding", "skip",
            "Galway County Council and the family resource centres", "march 2022", "still going", "language and culture",
            "newcomers, refugees and asylum seekers",
            "People in IPAS centres and newly arrived families were very isolated");
        await chat.SendAsync("summary");

        await chat.SendAsync(change);

        Assert.Equal(value, (await AnswerOfAsync(question))!.Original);
        Assert.Null(await AnswerOfAsync("objectives"));
        Assert.Equal("objectives", chat.AskedQuestion);
    }

    [Fact]
    public async Task Change_with_its_value_where_a_confirmation_waits_changes_that_answer()
    {
        var chat = await AtAsync("en-IE", "funding_sources", "Niamh Walsh", "Galway Integration Network", "niamh@galwayintegration.ie", "087 123 4567",
            "Welcome Tables - it's a weekly shared meal", "ireland", "west, galway", "we do, with the county council", "ngo", "funding", "skip",
            "Galway County Council and the family resource centres", "march 2022", "still going", "language and culture",
            "newcomers, refugees and asylum seekers", "People in IPAS centres were very isolated", "to build friendships",
            "A shared meal every Thursday", "the tables brought people together", "skip");
        await chat.SendAsync("the county council funds most of it, about €35,000 a year");
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);

        // The "5" was read at the budget asked next (stored as €5).
        await chat.SendAsync("can you change 5 to just Welcome Tables");

        Assert.Equal("Welcome Tables", (await AnswerOfAsync("title"))!.Original);
        Assert.Null(await AnswerOfAsync("budget_eur"));
    }

    [Theory]
    [InlineData("pt-PT", "alterar a 8 para Camara Municipal de Braga", "lead_organisation", "Camara Municipal de Braga")]
    [InlineData("pt-PT", "alterar 5 para Braga Acolhe", "title", "Braga Acolhe")]
    public async Task Change_with_its_value_after_the_summary_changes_that_answer_pt(string locale, string change, string question, string value)
    {
        var chat = await AtAsync(locale, "lessons_learned", "ana costa", "CM de Braga", "ana.costa@cm-braga.pt", "253 203 150",
            "Braga Acolhe - gabinete de apoio a imigrantes", "portugal", "minho", "a propria camara, com o apoio do ACM", "autarquia",
            "coordenacao", "saltar", "IEFP, ACM, seguranca social", "outubro 2020", "continua", "emprego, lingua portuguesa, habitacao e saude",
            "imigrantes em geral, sobretudo recem chegados", "havia muitos imigrantes sem saber onde tratar documentos",
            "dar um ponto unico de atendimento", "atendimento 3 dias por semana", "em 2023 atendemos cerca de 1200 pessoas", "sim",
            "camara municipal e IEFP", "90 mil euros por ano", "um so balcao para tudo", "falta de tradutores, resolvemos com voluntarios");
        await chat.SendAsync("resumo");

        await chat.SendAsync(change);

        Assert.Equal(value, (await AnswerOfAsync(question))!.Original);
        Assert.Null(await AnswerOfAsync("lessons_learned"));
        Assert.Equal("lessons_learned", chat.AskedQuestion);
    }

    [Fact]
    public async Task Change_with_its_value_at_an_optional_long_text_changes_that_answer_es()
    {
        var chat = await AtAsync("es-ES", "partners", "Carmen Ruiz", "Junta de Andalucía", "carmen.ruiz@juntadeandalucia.es", "saltar",
            "Programa Puentes", "España", "Andalucía", "la Consejería de Desarrollo Educativo", "administracion regional", "1", "saltar");

        await chat.SendAsync("cambia la 5 por Programa Puentes Andalucía");

        Assert.Equal("Programa Puentes Andalucía", (await AnswerOfAsync("title"))!.Original);
        Assert.Null(await AnswerOfAsync("partners"));
        Assert.Equal("partners", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("de-DE", "ergänze ich ggf. später, erstmal überspringen")]
    [InlineData("de-DE", "da müsste ich erst die kollegin fragen, bitte überspringen")]
    [InlineData("pt-PT", "ainda nao sabemos, depende do proximo quadro comunitario, saltar")]
    [InlineData("es-ES", "no lo sé todavía, lo tiene que confirmar el jefe de servicio, saltar")]
    [InlineData("en-IE", "we haven't agreed that with the council yet, skip for now")]
    public async Task A_skip_after_its_reason_skips_the_optional_question(string locale, string text)
    {
        var chat = Host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("Anna Keller");
        await chat.SendAsync("Landkreis Harburg");
        await chat.SendAsync("anna.keller@lkharburg.de");
        Assert.Equal("contact_phone", chat.AskedQuestion);

        await chat.SendAsync(text);

        Assert.Null(await AnswerOfAsync("contact_phone"));
        Assert.Equal("title", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
    }

    [Fact]
    public async Task A_skip_after_its_reason_at_an_optional_long_text_stores_nothing()
    {
        var chat = await AtAsync("de-DE", "regional_authority_role_details", "petra schmidt", "Landkreis Osnabrück", "p.schmidt@lkos.de", "überspringen",
            "sprachcafé für neuzugewanderte", "deutschland", "weser-ems", "landkreis osnabrück", "kreisverw.", "koordinierung und finanzierung");

        await chat.SendAsync("ergänze ich ggf. später, erstmal überspringen");

        Assert.Null(await AnswerOfAsync("regional_authority_role_details"));
        Assert.Equal("partners", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("en-IE", "what do you mean by target groups?")]
    [InlineData("de-DE", "was meinen Sie mit Zielgruppen?")]
    [InlineData("es-ES", "¿qué quiere decir con colectivos destinatarios?")]
    public async Task A_question_asked_back_about_a_question_is_its_help(string locale, string asked)
    {
        var chat = Host.Chat(locale);
        await chat.StartAsync();
        foreach (var answer in new[] { "Anna Keller", "Landkreis Harburg", "anna.keller@lkharburg.de", "skip" })
        {
            await chat.SendAsync(answer);
        }
        await chat.SendAsync("change 16");
        Assert.Equal("target_groups", chat.AskedQuestion);

        await chat.SendAsync(asked);

        Assert.Null(await AnswerOfAsync("target_groups"));
        Assert.Null(chat.Progress.Pending);
        Assert.Equal("target_groups", chat.Progress.QuestionId);
        Assert.True(chat.Shown.Count > 0);
    }

    [Theory]
    [InlineData("comecou em out 2020", "pt", "2020-10")]
    [InlineData("em out de 2020", "pt", "2020-10")]
    [InlineData("as above, march 2022", "en", "2022-03")]
    [InlineData("wie gesagt, sept. 2021", "de", "2021-09")]
    [InlineData("como ya dije, desde el curso 22/23", "es", "2022-09")]
    public void A_start_date_typed_as_they_did_reads(string text, string language, string start)
    {
        var answer = TestCore.Normalise("start_date", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(start, answer.Value());
    }

    [Theory]
    [InlineData("funding_sources", "kreishaushalt und landesmittel", "de", "[\"local_budget\",\"regional_budget\"]")]
    [InlineData("funding_sources", "Haushalt des Landkreises", "de", "[\"local_budget\"]")]
    [InlineData("target_groups", "refugees and local people", "en", "[\"international_protection\",\"receiving_society\"]")]
    public void Their_words_for_options_read(string question, string text, string language, string value)
    {
        var answer = TestCore.Normalise(question, text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Null(answer.OtherText);
        Assert.Equal(value, answer.Value!.ToJsonString());
    }

    [Theory]
    [InlineData("es-ES", "desde el curso 22/23", "\"2022-09\"")]
    [InlineData("de-DE", "seit dem schuljahr 2021/22", "\"2021-08\"")]
    public async Task Since_a_school_year_offers_no_end(string locale, string since, string start)
    {
        var chat = await AtAsync(locale, "partners", "Carmen Ruiz", "Junta de Andalucía", "carmen.ruiz@juntadeandalucia.es", "saltar",
            "Programa Puentes", "España", "Andalucía", "la Consejería de Desarrollo Educativo", "administracion regional", "1", "saltar");
        await chat.SendAsync(locale == "es-ES" ? "saltar" : "überspringen");
        Assert.Equal("start_date", chat.AskedQuestion);

        await chat.SendAsync(since);

        Assert.Equal(start, (await AnswerOfAsync("start_date"))!.ValueJson);
        Assert.Equal("end_date", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
    }

    [Theory]
    [InlineData("de-DE", "pause", "hallo nochmal, bin wieder da", "jetzt bei Frage")]
    [InlineData("en-IE", "pause", "hi again", "stopped now")]
    [InlineData("es-ES", "pausa", "hola de nuevo", "detuvo ahora")]
    public async Task Back_within_a_minute_is_not_now(string locale, string pause, string back, string now)
    {
        var chat = Host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("Anna Keller");
        await chat.SendAsync(pause);

        await chat.SendAsync(back);

        Assert.DoesNotContain(chat.Shown, shown => shown.Contains(now, StringComparison.Ordinal));
        Assert.Equal("contact_organisation", chat.AskedQuestion);
    }
}
