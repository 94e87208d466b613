using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 58 (chat58): what people typing still met. A yes with the unit's name after it ("ja genau, Integrationsbeauftragte
/// Stelle") stored the organisation offered and lost the unit.
/// </summary>
public sealed class Chat58RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    // 1. A yes plus a complement at "Did you mean <organisation>?": the organisation with the unit after it.

    [Theory]
    [InlineData("de-DE", "Anna Keller, Landratsamt Ravensburg", "ja genau, Integrationsbeauftragte Stelle", "Landratsamt Ravensburg, Integrationsbeauftragte Stelle")]
    [InlineData("de-DE", "anna keller, Stadt Graz", "ja, Referat für Integration", "Stadt Graz, Referat für Integration")]
    [InlineData("sv-SE", "Karin Lind, Umeå kommun", "ja precis, integrationsenheten", "Umeå kommun, integrationsenheten")]
    [InlineData("fr-FR", "Marc Dubois, Ville de Liège", "oui c'est ça, service insertion", "Ville de Liège, service insertion")]
    [InlineData("es-ES", "Lucia Gomez, Ayuntamiento de Murcia", "si claro, servicio de inmigracion", "Ayuntamiento de Murcia, servicio de inmigracion")]
    public async Task A_yes_with_the_units_name_after_it_stores_both(string locale, string first, string yes, string stored)
    {
        var chat = Host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync(first);
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        Assert.NotNull(chat.Progress.Pending);

        await chat.SendAsync(yes);

        var said = string.Join(" | ", chat.Shown);
        Assert.Equal(stored, (await AnswerOfAsync("contact_organisation"))?.ValueJson?.Unquoted());
        Assert.Contains(stored, said, StringComparison.Ordinal);
        Assert.True(chat.AskedQuestion == "contact_email", said);
    }

    [Theory]
    [InlineData("de-DE", "Anna Keller, Landratsamt Ravensburg", "ja genau", "Landratsamt Ravensburg")]
    [InlineData("de-DE", "Anna Keller, Landratsamt Ravensburg", "ja genau, danke", "Landratsamt Ravensburg")]
    [InlineData("fr-FR", "Marc Dubois, Ville de Liège", "oui c'est ça", "Ville de Liège")]
    [InlineData("sv-SE", "Karin Lind, Umeå kommun", "ja precis tack", "Umeå kommun")]
    public async Task A_yes_with_nothing_more_stores_the_organisation_offered(string locale, string first, string yes, string stored)
    {
        var chat = Host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync(first);

        await chat.SendAsync(yes);

        Assert.Equal(stored, (await AnswerOfAsync("contact_organisation"))?.ValueJson?.Unquoted());
        Assert.Equal("contact_email", chat.AskedQuestion);
    }

    // 3. The same short "none" at the next question is its answer there, not the message sent twice.

    /// <summary>An everyday chat in <paramref name="locale"/> up to the monitoring question.</summary>
    private async Task<EngineChat> AtTheMonitoringAsync(string locale)
    {
        var messages = Regin.Tests.Shared.Conversation.EverydayChats.All[locale[..2]].Messages;
        var website = messages.ToList().FindIndex(m => m.StartsWith("www.", StringComparison.Ordinal));
        return await AtAsync(locale, "monitoring_evaluation", [.. messages.Take(website - 1)]);
    }

    [Theory]
    [InlineData("it-IT", "nn c'è")]
    [InlineData("it-IT", "non ce l'abbiamo")]
    [InlineData("en-IE", "we don't have one")]
    [InlineData("en-IE", "not at the moment")]
    [InlineData("fr-FR", "on n'en a pas")]
    [InlineData("fr-FR", "pas pour l'instant")]
    public async Task The_same_none_at_the_website_after_the_monitoring_answers_the_website(string locale, string none)
    {
        var chat = await AtTheMonitoringAsync(locale);
        await chat.SendAsync(none);
        Assert.Equal("website", chat.AskedQuestion);

        await chat.SendAsync(none);

        var said = string.Join(" | ", chat.Shown);
        Assert.True(chat.AskedQuestion == "consent_publish", said);
        Assert.DoesNotContain(TestCore.Questionnaire.Questions.Single(q => q.Id == "monitoring_evaluation").Label.In(locale[..2]), said, StringComparison.Ordinal);
        Assert.Null(await AnswerOfAsync("website"));
    }

    [Theory]
    [InlineData("it-IT", "conteggi trimestrali e indagine annuale")]
    [InlineData("en-IE", "quarterly counts and a yearly survey")]
    [InlineData("fr-FR", "comptages trimestriels et enquête annuelle")]
    public async Task Words_of_an_answer_sent_again_at_the_next_question_are_still_the_message_sent_twice(string locale, string monitoring)
    {
        var chat = await AtTheMonitoringAsync(locale);
        await chat.SendAsync(monitoring);
        Assert.Equal("website", chat.AskedQuestion);

        await chat.SendAsync(monitoring);

        Assert.Equal("website", chat.AskedQuestion);
        Assert.Null(await AnswerOfAsync("website"));
        Assert.Equal(monitoring, (await AnswerOfAsync("monitoring_evaluation"))?.Original);
    }

    // 2. A question that makes no sense after an answer (skip_when): the role's details after the role "none".

    private const string Role = "regional_authority_role";
    private const string Details = "regional_authority_role_details";

    private static (string Back, string Summary, string Change) Words(string locale) => locale[..2] switch
    {
        "de" => ("zurück", "übersicht", "ändern 10"),
        "pt" => ("voltar", "resumo", "alterar 10"),
        "fr" => ("retour", "résumé", "modifier 10"),
        _ => ("back", "summary", "change 10"),
    };

    [Theory]
    [InlineData("en-IE", "none")]
    [InlineData("en-IE", "no role")]
    [InlineData("de-DE", "keine")]
    [InlineData("pt-PT", "nenhum")]
    [InlineData("fr-FR", "aucun")]
    public async Task After_the_role_none_its_details_are_not_asked_and_back_goes_to_the_role(string locale, string none)
    {
        var chat = await AtTheRoleAsync(locale);

        await chat.SendAsync(none);
        if (chat.Progress.Pending is not null)
        {
            await chat.SendAsync(Chat51RunTests.Yes(locale));
        }

        var said = string.Join(" | ", chat.Shown);
        Assert.Equal("[\"none\"]", (await AnswerOfAsync(Role))?.ValueJson);
        Assert.True(chat.AskedQuestion == "partners", said);
        await chat.SendAsync(Words(locale).Back);
        Assert.Equal(Role, chat.AskedQuestion);
    }

    [Theory]
    [InlineData("en-IE", "none", "not asked")]
    [InlineData("de-DE", "keine", "nicht gefragt")]
    [InlineData("pt-PT", "nenhum", "não perguntada")]
    public async Task The_summary_shows_the_details_as_not_asked(string locale, string none, string notAsked)
    {
        var chat = await AtTheRoleAsync(locale);
        await chat.SendAsync(none);

        await chat.SendAsync(Words(locale).Summary);

        var summary = chat.Last.OfType<SummaryReply>().Single();
        var details = summary.Sections.SelectMany(s => s.Items).Single(i => i.QuestionId == Details);
        Assert.Contains(notAsked, details.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(TestCore.Questionnaire.Questions.Single(q => q.Id == Details).Label.In(locale[..2]), summary.MissingText ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-IE", "none", "funding", "the region pays for the staff")]
    [InlineData("de-DE", "keine", "finanzierung", "das Land bezahlt das Personal")]
    [InlineData("pt-PT", "nenhum", "financiamento", "a regiao paga o pessoal")]
    public async Task The_role_changed_from_none_asks_its_details_then_goes_back(string locale, string none, string funding, string details)
    {
        var chat = await AtTheRoleAsync(locale);
        await chat.SendAsync(none);
        Assert.Equal("partners", chat.AskedQuestion);

        await chat.SendAsync(Words(locale).Change);
        Assert.Equal(Role, chat.AskedQuestion);
        await chat.SendAsync(funding);
        if (chat.Progress.Pending is not null)
        {
            await chat.SendAsync(Chat51RunTests.Yes(locale));
        }

        var said = string.Join(" | ", chat.Shown);
        Assert.Equal("[\"indirect_funding\"]", (await AnswerOfAsync(Role))?.ValueJson);
        Assert.True(chat.AskedQuestion == Details, said);
        await chat.SendAsync(details);
        Assert.Equal(details, (await AnswerOfAsync(Details))?.Original);
        Assert.Equal("partners", chat.AskedQuestion);
    }

    [Fact]
    public async Task The_details_of_another_role_are_asked_as_before()
    {
        var chat = await AtTheRoleAsync("en-IE");

        await chat.SendAsync("funding");

        Assert.Equal(Details, chat.AskedQuestion);
    }

    // 4. A second "I don't know" at the same question is not told the same words again: the pause and the change offered.

    [Theory]
    [InlineData("it-IT", "boh", "nn so", "«pausa»")]
    [InlineData("en-IE", "dunno", "no idea", "“pause”")]
    [InlineData("de-DE", "weiß nicht", "keine ahnung", "„pause“")]
    [InlineData("fr-FR", "je sais pas", "aucune idée", "« pause »")]
    [InlineData("es-ES", "no sé", "ni idea", "«pausa»")]
    [InlineData("el-GR", "δεν ξερω", "δεν ξέρω ακόμα", "«παύση»")]
    [InlineData("pt-PT", "não sei", "nao sei", "«pausa»")]
    [InlineData("sv-SE", "vet inte", "ingen aning", "”pausa”")]
    public async Task A_second_dont_know_at_the_same_question_offers_the_pause(string locale, string first, string second, string pause)
    {
        var chat = await AtTheRoleAsync(locale);
        await chat.SendAsync(first);
        var reassured = chat.Shown[0];
        Assert.Equal(Role, chat.AskedQuestion);

        await chat.SendAsync(second);

        var said = string.Join(" | ", chat.Shown);
        Assert.DoesNotContain(reassured, said, StringComparison.Ordinal);
        Assert.Contains(pause, said, StringComparison.Ordinal);
        Assert.Contains(" 10", said, StringComparison.Ordinal);
        Assert.Equal(Role, chat.AskedQuestion);
        Assert.Null(await AnswerOfAsync(Role));
    }

    // 5. Dotted short forms ("C.A.R.M."): cases in Chat57RunTests' short-form theories (the same assertions).

    // 6. A greeting at the name question: greeted back, the name asked again, never stored as the name.

    [Theory]
    [InlineData("es-ES", "hola", "¡Hola, bienvenido/a!", "Lucía Gómez")]
    [InlineData("de-DE", "hallo", "Hallo, schön, dass Sie da sind!", "Anna Keller")]
    [InlineData("fr-FR", "bonjour", "Bonjour à vous aussi !", "Marc Dubois")]
    [InlineData("en-IE", "hi there", "Hello to you too!", "Niamh Walsh")]
    [InlineData("el-GR", "γεια σας", "Γεια σας και από εμένα!", "Μαρία Παπαδάκη")]
    [InlineData("it-IT", "buongiorno", "Salve anche a lei!", "Giulia Ferri")]
    [InlineData("pt-PT", "ola bom dia", "Olá, seja bem-vindo/a!", "Ana Costa")]
    [InlineData("sv-SE", "hej hej", "Hej på dig också!", "Karin Lind")]
    public async Task A_greeting_at_the_name_is_greeted_back_and_the_name_asked_again(string locale, string greeting, string greetedBack, string name)
    {
        var chat = Host.Chat(locale);
        await chat.StartAsync();

        await chat.SendAsync(greeting);

        Assert.Equal(greetedBack, chat.Shown[0]);
        Assert.Equal("contact_name", chat.AskedQuestion);
        Assert.Null(await AnswerOfAsync("contact_name"));
        await chat.SendAsync(name);
        Assert.Equal(name, (await AnswerOfAsync("contact_name"))?.ValueJson?.Unquoted());
    }
}
