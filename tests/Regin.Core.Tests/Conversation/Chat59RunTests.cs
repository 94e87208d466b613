using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 59 (chat59): what people typing still met. The role's details said another role than the one just stored ("funding,
/// leader", then "c'est nous qui finançons en fait, la région n'a qu'un rôle de conseil") and were stored without a word.
/// </summary>
public sealed class Chat59RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private const string Role = "regional_authority_role";
    private const string Details = "regional_authority_role_details";

    // 1. The role's details name another role than the one stored: the details kept, the role offered to change.

    /// <summary>A chat at the role's details after <paramref name="role"/>.</summary>
    private async Task<EngineChat> AtTheDetailsAsync(string locale, string role)
    {
        var chat = await AtTheRoleAsync(locale);
        await AnswerTakingItsGuessAsync(chat, locale, role);
        Assert.True(chat.AskedQuestion == Details, string.Join(" | ", chat.Shown));
        return chat;
    }

    /// <summary>Sends <paramref name="answer"/>, and a yes to the "Did you mean …?" it may bring.</summary>
    private static async Task AnswerTakingItsGuessAsync(EngineChat chat, string locale, string answer)
    {
        await chat.SendAsync(answer);
        if (chat.Progress.Pending is not null)
        {
            await chat.SendAsync(Chat51RunTests.Yes(locale));
        }
    }

    [Theory]
    [InlineData("fr-FR", "financement, chef de file", "c'est nous qui finançons en fait, la région n'a qu'un rôle de conseil", "oui", "Indirect : rôle consultatif")]
    [InlineData("en-IE", "funding, lead", "actually we fund it ourselves, the region only gives advice", "yes", "Indirect: advisory role")]
    [InlineData("it-IT", "finanziamento, capofila", "in realtà finanziamo noi, la regione fa solo consulenza", "si", "")]
    [InlineData("de-DE", "Finanzierung, Leitung", "eigentlich finanzieren wir selbst, das Land berät nur", "ja", "")]
    [InlineData("pt-PT", "financiamento, lider", "na verdade somos nós que financiamos, a região só dá aconselhamento", "sim", "")]
    [InlineData("es-ES", "financiación, lider", "en realidad financiamos nosotros, la región solo asesora", "si", "")]
    [InlineData("el-GR", "χρηματοδότηση, επικεφαλής", "στην ουσία χρηματοδοτούμε εμείς, η Περιφέρεια έχει μόνο συμβουλευτικό ρόλο", "ναι", "")]
    [InlineData("sv-SE", "finansiering, leder", "egentligen finansierar vi själva, regionen ger bara råd", "ja", "")]
    // A part of the role stored set apart (the Porto play): "só" (only) names advice alone where funding and advice were stored.
    [InlineData("pt-PT", "financiamento e aconselhamento", "afinal somos nós que financiamos, a região só dá aconselhamento", "sim", "")]
    [InlineData("en-IE", "funding and advice", "we pay for it ourselves, the region only gives advice", "yes", "")]
    public async Task Details_naming_another_role_offer_to_change_it_and_yes_changes_it(string locale, string role, string details, string yes, string advice)
    {
        var chat = await AtTheDetailsAsync(locale, role);
        var before = (await AnswerOfAsync(Role))?.ValueJson;

        await chat.SendAsync(details);

        var said = string.Join(" | ", chat.Shown);
        Assert.Equal(details, (await AnswerOfAsync(Details))?.Original);
        Assert.Equal(before, (await AnswerOfAsync(Role))?.ValueJson);
        Assert.True(chat.Progress.Pending is ChoiceContradictedConfirmation, said);
        Assert.Null(chat.AskedQuestion);
        Assert.Contains(advice, said, StringComparison.Ordinal);

        await chat.SendAsync(yes);

        said = string.Join(" | ", chat.Shown);
        Assert.Equal("[\"indirect_advisory\"]", (await AnswerOfAsync(Role))?.ValueJson);
        Assert.Equal(details, (await AnswerOfAsync(Details))?.Original);
        Assert.True(chat.AskedQuestion == "partners", said);
    }

    [Theory]
    [InlineData("fr-FR", "financement, chef de file", "c'est nous qui finançons en fait, la région n'a qu'un rôle de conseil", "non")]
    [InlineData("en-IE", "funding, lead", "we pay for it ourselves, the region only advises", "no")]
    [InlineData("pt-PT", "financiamento, lider", "somos nós que financiamos, a região só dá aconselhamento", "nao")]
    public async Task No_keeps_the_role_and_the_details(string locale, string role, string details, string no)
    {
        var chat = await AtTheDetailsAsync(locale, role);
        var before = (await AnswerOfAsync(Role))?.ValueJson;
        await chat.SendAsync(details);
        Assert.True(chat.Progress.Pending is ChoiceContradictedConfirmation, string.Join(" | ", chat.Shown));

        await chat.SendAsync(no);

        var said = string.Join(" | ", chat.Shown);
        Assert.Equal(before, (await AnswerOfAsync(Role))?.ValueJson);
        Assert.Equal(details, (await AnswerOfAsync(Details))?.Original);
        Assert.True(chat.AskedQuestion == "partners", said);
    }

    [Theory]
    [InlineData("fr-FR", "financement, chef de file", "c'est nous qui finançons, la région n'a qu'un rôle de conseil", "conseil et soutien", "[\"indirect_advisory\",\"indirect_support\"]")]
    [InlineData("en-IE", "funding, lead", "we fund it ourselves, the region only gives advice", "advice and support", "[\"indirect_advisory\",\"indirect_support\"]")]
    [InlineData("de-DE", "Finanzierung, Leitung", "wir finanzieren selbst, das Land berät nur", "Beratung und Unterstützung", "[\"indirect_advisory\",\"indirect_support\"]")]
    public async Task Options_typed_at_the_offer_are_the_new_role(string locale, string role, string details, string typed, string stored)
    {
        var chat = await AtTheDetailsAsync(locale, role);
        await chat.SendAsync(details);
        Assert.True(chat.Progress.Pending is ChoiceContradictedConfirmation, string.Join(" | ", chat.Shown));

        await chat.SendAsync(typed);

        var said = string.Join(" | ", chat.Shown);
        Assert.Equal(stored, (await AnswerOfAsync(Role))?.ValueJson);
        Assert.Equal(details, (await AnswerOfAsync(Details))?.Original);
        Assert.True(chat.AskedQuestion == "partners", said);
    }

    [Theory]
    [InlineData("fr-FR", "financement, chef de file", "c'est nous qui finançons, la région n'a qu'un rôle de conseil", "la Mission locale et le CADA de Liège")]
    [InlineData("en-IE", "funding, lead", "we fund it ourselves, the region only gives advice", "the HSE and the Galway Volunteer Centre")]
    [InlineData("it-IT", "finanziamento, capofila", "finanziamo noi, la regione fa solo consulenza", "Caritas e la Questura di Palermo")]
    public async Task Other_words_at_the_offer_keep_the_role_and_answer_the_partners(string locale, string role, string details, string partners)
    {
        var chat = await AtTheDetailsAsync(locale, role);
        var before = (await AnswerOfAsync(Role))?.ValueJson;
        await chat.SendAsync(details);
        Assert.True(chat.Progress.Pending is ChoiceContradictedConfirmation, string.Join(" | ", chat.Shown));

        await chat.SendAsync(partners);

        var said = string.Join(" | ", chat.Shown);
        Assert.Equal(before, (await AnswerOfAsync(Role))?.ValueJson);
        Assert.Equal(details, (await AnswerOfAsync(Details))?.Original);
        Assert.Equal(partners, (await AnswerOfAsync("partners"))?.Original);
        Assert.True(chat.AskedQuestion == "start_date", said);
    }

    [Theory]
    [InlineData("fr-FR", "financement", "La Région finance les postes de coordinateurs via le PRIPI")]
    [InlineData("en-IE", "funding", "The region funds 80% of the staff costs and sits on the steering group")]
    [InlineData("de-DE", "Finanzierung", "Das Land zahlt die Personalkosten über das Landesprogramm")]
    [InlineData("en-IE", "funding", "Through the regional integration programme, renewed every two years")]
    [InlineData("sv-SE", "leder", "regionen betalar lokalerna")]
    [InlineData("de-DE", "Finanzierung", "Das Land berät uns außerdem bei der Antragstellung")]
    [InlineData("it-IT", "capofila", "la regione mette anche una parte dei fondi")]
    public async Task Details_that_name_the_role_stored_or_none_go_on(string locale, string role, string details)
    {
        var chat = await AtTheDetailsAsync(locale, role);

        await chat.SendAsync(details);

        var said = string.Join(" | ", chat.Shown);
        Assert.Equal(details, (await AnswerOfAsync(Details))?.Original);
        Assert.True(chat.AskedQuestion == "partners", said);
    }

    // 2. Chat58's left items.

    [Theory]
    [InlineData("en-IE", "funding", "change 10", "none")]
    [InlineData("pt-PT", "financiamento", "alterar 10", "nenhum")]
    [InlineData("fr-FR", "financement", "modifier 10", "aucun")]
    public async Task The_role_changed_to_none_while_its_details_are_on_screen_goes_on_to_the_partners(string locale, string role, string change, string none)
    {
        var chat = await AtTheDetailsAsync(locale, role);
        await chat.SendAsync(change);
        Assert.Equal(Role, chat.AskedQuestion);

        await AnswerTakingItsGuessAsync(chat, locale, none);

        var said = string.Join(" | ", chat.Shown);
        Assert.Equal("[\"none\"]", (await AnswerOfAsync(Role))?.ValueJson);
        Assert.True(chat.AskedQuestion == "partners", said);
        Assert.Null(await AnswerOfAsync(Details));
    }

    [Theory]
    [InlineData("it-IT", "boh", "nn so", "non lo so proprio", "«modifica 10»")]
    [InlineData("en-IE", "dunno", "no idea", "not sure", "“change 10”")]
    [InlineData("de-DE", "weiß nicht", "keine ahnung", "weiss ich nicht", "„ändern 10“")]
    [InlineData("fr-FR", "je sais pas", "aucune idée", "je ne sais pas", "« modifier 10 »")]
    [InlineData("el-GR", "δεν ξερω", "δεν ξέρω ακόμα", "δεν ξερω", "«αλλαγή 10»")]
    public async Task A_third_dont_know_at_the_same_question_leaves_it_open_and_goes_on(string locale, string first, string second, string third, string change)
    {
        var chat = await AtTheRoleAsync(locale);
        await chat.SendAsync(first);
        var reassured = chat.Shown[0];
        await chat.SendAsync(second);
        var again = chat.Shown[0];
        Assert.Equal(Role, chat.AskedQuestion);

        await chat.SendAsync(third);

        var said = string.Join(" | ", chat.Shown);
        Assert.DoesNotContain(reassured, said, StringComparison.Ordinal);
        Assert.DoesNotContain(again, said, StringComparison.Ordinal);
        Assert.Contains(change, said, StringComparison.Ordinal);
        Assert.True(chat.AskedQuestion is not null && chat.AskedQuestion != Role, said);
        Assert.Null(await AnswerOfAsync(Role));
        Assert.Contains(Role, chat.Progress.Skipped);
    }

    // 3. What the plays over the real host met.

    [Theory]
    [InlineData("it-IT", "capofila e finanziamento", "anzi no, la regione fa solo consulenza tecnica, i fondi sono del Comune di Bologna")]
    [InlineData("en-IE", "lead and funding", "no wait, the region only does technical advice, the money is from the city")]
    [InlineData("fr-FR", "chef de file et financement", "ah non, la région fait seulement du conseil technique, l'argent vient de la ville")]
    public async Task The_region_named_in_the_details_after_a_correction_word_is_no_new_region(string locale, string role, string details)
    {
        var chat = await AtTheDetailsAsync(locale, role);
        var region = (await AnswerOfAsync("region"))?.ValueJson;

        await chat.SendAsync(details);

        var said = string.Join(" | ", chat.Shown);
        Assert.Equal(region, (await AnswerOfAsync("region"))?.ValueJson);
        Assert.True(details == (await AnswerOfAsync(Details))?.Original, said);
    }

    [Theory]
    [InlineData("el-GR", "χρηματοδότηση", "geia, synexizoume")]
    [InlineData("el-GR", "χρηματοδότηση", "γεια, συνεχίζουμε")]
    [InlineData("el-GR", "χρηματοδότηση", "kalimera, synexizoume")]
    [InlineData("it-IT", "finanziamento", "ciao, continuiamo")]
    [InlineData("fr-FR", "financement", "bonjour, on continue")]
    [InlineData("pt-PT", "financiamento", "bom dia, vamos continuar")]
    public async Task Greetings_and_continue_words_alone_at_a_long_text_are_no_answer(string locale, string role, string back)
    {
        var chat = await AtTheDetailsAsync(locale, role);

        await chat.SendAsync(back);

        var said = string.Join(" | ", chat.Shown);
        Assert.Null(await AnswerOfAsync(Details));
        Assert.True(chat.AskedQuestion == Details, said);
    }

    [Theory]
    [InlineData("el-GR", "χρηματοδότηση", "γεια σας, η Περιφέρεια χρηματοδοτεί το προσωπικό")]
    [InlineData("it-IT", "finanziamento", "ciao, la regione paga il personale")]
    public async Task A_greeting_opening_a_long_text_is_still_the_answer(string locale, string role, string details)
    {
        var chat = await AtTheDetailsAsync(locale, role);

        await chat.SendAsync(details);

        Assert.Equal(details, (await AnswerOfAsync(Details))?.Original);
    }
}
