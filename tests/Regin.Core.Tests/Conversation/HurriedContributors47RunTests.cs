using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 47 (chatplay47), four contributors played over the real host to a submitted practice: an Umeå municipal integration
/// officer (sv, short answers, "vet ej", "ht 2022"), a Lisbon NGO coordinator (pt, no accents, "AIMA", "Santa Casa"), a
/// Seine-Saint-Denis department official (fr, answers pasted from Word with bullets) and a Thessaloniki NGO worker (el, Greek
/// with Greeklish and English). What they met: a correction of the start date typed where an "Other" confirmation waited was
/// offered as the next long text's answer, and the next message's yes stored it there (sv, el, fr); a correction with the
/// start named in everyday words was stored as the long text on screen (pt); "måste på möte nu, återkommer" was kept under
/// Other; "vad menas med regionala myndigheten?" and "ti ennoeite me …?" were stored as answers; the same message sent twice
/// by accident answered the next question too.
/// </summary>
public sealed class HurriedContributors47RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private static readonly string[] SwedishToTargetGroups =
    [
        "anna lindqvist", "Umeå kommun", "anna.lindqvist@umea.se", "hoppa över", "Språkvän Umeå – språkträning för nyanlända", "sverige",
        "västerbotten", "Umeå kommun, arbetsmarknadsenheten", "kommun", "regionen samordnar och står för det mesta av finansieringen", "hoppa över",
        "Arbetsförmedlingen, SFI (komvux), Röda korset", "ht 2022", "pågår fortfarande", "språk och arbete",
    ];

    private static readonly string[] GreekToTargetGroups =
    [
        "Μαρία Παπαδοπούλου", "ΜΚΟ Αλληλεγγύη Θεσσαλονίκης", "maria.p@allileggyi-thess.gr", "6971234567",
        "Σπίτι Φιλοξενίας για ασυνόδευτους ανήλικους", "ελλαδα", "κεντρικη μακεδονια", "η ΜΚΟ μας", "ΜΚΟ",
        "η Περιφέρεια χρηματοδοτεί μέσω ΕΣΠΑ, δεν συντονίζει", "παράλειψη", "ΔΥΠΑ, Δήμος Θεσσαλονίκης, ΕΚΚΑ και η UNHCR",
        "από τον Σεπτέμβρη του 2022", "συνεχίζεται", "στέγαση, εκπαίδευση, ψυχοκοινωνική υποστήριξη",
    ];

    private static readonly string[] FrenchToTargetGroups =
    [
        "Claire Martin", "Conseil départemental de la Seine-Saint-Denis (CD 93)", "claire.martin@seinesaintdenis.fr", "passer",
        "Parcours d'accueil des primo-arrivants et des MNA", "france", "ile de france", "le Département", "le Département, c'est une collectivité territoriale",
        "la région pilote et cofinance", "passer", "la CAF, la DDETS et les associations", "janvier 2021", "toujours en cours",
        "apprentissage du français, emploi et formation",
    ];

    [Theory]
    [InlineData("sv-SE", "nyanlända, främst kvinnor och långtidsarbetslösa", "fel av mig, vi startade vt 2023 inte ht 2022", "\"2023-01\"")]
    [InlineData("el-GR", "ασυνόδευτοι ανήλικοι, κυρίως 15-18 χρονών, και νεαροί ενήλικες μετά τα 18", "sorry λάθος, ξεκινήσαμε τον Οκτώβρη του 2022 οχι Σεπτέμβρη", "\"2022-10\"")]
    [InlineData("fr-FR", "primo-arrivants et MNA, et les jeunes majeurs sortant de l'ASE", "excusez-moi, le démarrage c'était septembre 2021, pas janvier", "\"2021-09\"")]
    public async Task A_correction_where_an_other_confirmation_waits_corrects_the_answer_it_names(string locale, string groups, string correction, string start)
    {
        var answers = locale switch { "sv-SE" => SwedishToTargetGroups, "el-GR" => GreekToTargetGroups, _ => FrenchToTargetGroups };
        var chat = await AtAsync(locale, "target_groups", answers);
        await chat.SendAsync(groups);
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);
        var kept = (await AnswerOfAsync("target_groups"))!.ValueJson;

        await chat.SendAsync(correction);

        Assert.Equal(start, (await AnswerOfAsync("start_date"))!.ValueJson);
        Assert.Equal(kept, (await AnswerOfAsync("target_groups"))!.ValueJson);
        Assert.Null(await AnswerOfAsync("description"));
        // The confirmation again, so a yes still takes the groups as they are.
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);
        await chat.SendAsync(locale switch { "sv-SE" => "ja", "el-GR" => "ναι", _ => "oui" });
        Assert.Equal("description", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("sv-SE", "fel av mig, vi startade vt 2023 inte ht 2022", "\"2023-01\"")]
    [InlineData("pt-PT", "desculpe, a data de inicio correta e janeiro de 2022, em 2021 foi so a preparacao", "\"2022-01\"")]
    [InlineData("fr-FR", "excusez-moi, le démarrage c'était septembre 2021, pas janvier", "\"2021-09\"")]
    [InlineData("el-GR", "sorry λάθος, ξεκινήσαμε τον Οκτώβρη του 2022 οχι Σεπτέμβρη", "\"2022-10\"")]
    public async Task A_correction_of_the_start_at_a_long_text_corrects_the_start(string locale, string correction, string start)
    {
        var answers = locale switch
        {
            "sv-SE" => [.. SwedishToTargetGroups, "nyanlända och kvinnor"],
            "el-GR" => [.. GreekToTargetGroups, "ασυνόδευτοι ανήλικοι"],
            "fr-FR" => [.. FrenchToTargetGroups, "primo-arrivants et MNA"],
            _ => PortugueseToDescription,
        };
        var chat = await AtAsync(locale, "description", answers);

        await chat.SendAsync(correction);

        Assert.Equal(start, (await AnswerOfAsync("start_date"))!.ValueJson);
        Assert.Null(await AnswerOfAsync("description"));
        Assert.Equal("description", chat.AskedQuestion);
    }

    private static readonly string[] PortugueseToDescription =
    [
        "Joana Ferreira", "Associacao Lisboa Acolhe", "joana.ferreira@lisboaacolhe.org", "+351 912 345 678",
        "Casa Comum - acolhimento de migrantes e refugiados em Lisboa", "portugal", "lisboa", "a nossa associacao, em parceria com a Santa Casa",
        "ONG", "apoio", "saltar", "Santa Casa da Misericordia de Lisboa, AIMA, IEFP", "setembro de 2021", "ainda esta a decorrer",
        "emprego, aprendizagem do portugues", "migrantes e refugiados, sobretudo requerentes de asilo e familias recem chegadas",
    ];

    [Theory]
    [InlineData("sv-SE", "måste på möte nu, återkommer")]
    [InlineData("sv-SE", "måste gå på ett möte, återkommer senare")]
    [InlineData("sv-SE", "återkommer")]
    public async Task Off_to_a_meeting_pauses(string locale, string pause)
    {
        var chat = await AtAsync(locale, "target_groups", SwedishToTargetGroups);

        await chat.SendAsync(pause);

        Assert.Null(await AnswerOfAsync("target_groups"));
        Assert.True(chat.Progress.Paused);
    }

    [Theory]
    [InlineData("sv-SE", "vad menas med regionala myndigheten?")]
    [InlineData("el-GR", "ti ennoeite me rolos tis perifereiakis arxis?")]
    [InlineData("pt-PT", "o que quer dizer papel da autoridade regional?")]
    public async Task A_question_asked_back_at_a_long_text_is_no_answer(string locale, string asked)
    {
        var answers = locale switch
        {
            "sv-SE" => SwedishToTargetGroups[..10],
            "el-GR" => GreekToTargetGroups[..10],
            _ => PortugueseToDescription[..10],
        };
        var chat = await AtAsync(locale, "regional_authority_role_details", answers);

        await chat.SendAsync(asked);

        Assert.Null(await AnswerOfAsync("regional_authority_role_details"));
        Assert.Equal("regional_authority_role_details", chat.Progress.QuestionId);
        Assert.True(chat.Shown.Count > 0);
    }

    [Theory]
    [InlineData("sv-SE", "språk och arbete", "integration_areas", "target_groups")]
    [InlineData("pt-PT", "migrantes e refugiados, sobretudo requerentes de asilo e familias recem chegadas", "target_groups", "description")]
    [InlineData("fr-FR", "apprentissage du français, emploi et formation", "integration_areas", "target_groups")]
    public async Task The_same_message_sent_twice_answers_one_question(string locale, string twice, string answered, string next)
    {
        var answers = locale switch { "sv-SE" => SwedishToTargetGroups[..^1], "fr-FR" => FrenchToTargetGroups[..^1], _ => PortugueseToDescription[..^1] };
        var chat = await AtAsync(locale, answered, answers);
        await chat.SendAsync(twice);
        Assert.Equal(next, chat.AskedQuestion);

        await chat.SendAsync(twice);

        Assert.Null(await AnswerOfAsync(next));
        Assert.Equal(next, chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);

        // Sent a third time there, it is meant.
        await chat.SendAsync(twice);
        Assert.NotNull(await AnswerOfAsync(next));
    }

    [Theory]
    [InlineData("funding_sources", "kommunens budget och lite från länsstyrelsen", "sv", "[\"local_budget\",\"national_budget\"]")]
    public void Their_words_for_options_read(string question, string text, string language, string value)
    {
        var answer = TestCore.Normalise(question, text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Null(answer.OtherText);
        Assert.Equal(value, answer.Value!.ToJsonString());
    }
}
