using Regin.Core.Conversation.Commands;

namespace Regin.Core.Tests.Conversation;

public sealed class CommandParserTests
{
    private static readonly CommandParser Parser = new(TestCore.Questionnaire);

    [Theory]
    [InlineData("πίσω", "back")]
    [InlineData("piso", "back")]
    [InlineData("Pisw", "back")]
    [InlineData("synopsi", "summary")]
    [InlineData("sinopsi", "summary")]
    [InlineData("ypovoli", "submit")]
    [InlineData("allagi 7", "change")]
    [InlineData("übersicht", "summary")]
    [InlineData("Uebersicht", "summary")]
    [InlineData("what does third-country national mean?", "glossary")]
    [InlineData("vad menas med NUTS?", "glossary")]
    [InlineData("¿qué significa NUTS?", "glossary")] // the opening mark lost the argument (session 24)
    [InlineData("rieccomi", "continue")] // back after a pause (session 25)
    [InlineData("me revoilà", "continue")]
    [InlineData("ya estoy", "continue")]
    [InlineData("já voltei", "continue")]
    public void A_command_is_understood_as_written_and_as_typed_without_the_languages_letters(string text, string command) =>
        Assert.Contains(Parser.Parse(text), m => m.Name == command);

    [Fact]
    public void A_Spanish_question_mark_before_a_command_keeps_its_argument() =>
        Assert.Contains(Parser.Parse("¿qué significa NUTS?"), m => m.Name == CommandNames.Glossary && m.Argument.StartsWith("NUTS", StringComparison.Ordinal));

    [Fact]
    public void Every_command_word_of_every_language_is_found_alone_and_with_an_argument()
    {
        var missed = new List<string>();
        foreach (var (name, words) in TestCore.Questionnaire.Commands)
        {
            foreach (var (language, list) in words)
            {
                foreach (var word in list)
                {
                    var alone = Parser.Parse(word);
                    if (!alone.Any(m => m.Name == name && m.Argument.Length == 0 && m.KeywordLanguages.Contains(language)))
                    {
                        missed.Add($"{language} {name}: {word}");
                    }
                    // A back word ending in "question" with a number after it names that question (session 41: "torna alla
                    // domanda 12" is change 12; "back 12" twelve questions back).
                    if (word.Trim() != "?" && !Parser.Parse(word.ToUpperInvariant() + " 12").Any(m => (m.Name == name || (name == CommandNames.Back && m.Name == CommandNames.Change)) && m.Argument == "12"))
                    {
                        missed.Add($"{language} {name}: {word} 12");
                    }
                }
            }
        }
        Assert.Empty(missed);
    }

    [Theory]
    [InlineData("lingua e istruzione e salute e lavoro e casa e cultura e sport")]
    [InlineData("Sportello casa per rifugiati")]
    [InlineData("pisos tutelados para familias")]
    public void An_answer_is_not_a_command(string text) =>
        Assert.Empty(Parser.Parse(text));

    [Theory]
    [InlineData("je voudrais modifier la question 1", "change", "1")]
    [InlineData("revenir à la question précédente", "back", "")]
    [InlineData("on peut faire une pause ?", "pause", "")]
    [InlineData("Kann ich Frage 7 nochmal ändern?", "change", "7")]
    [InlineData("zurück zur vorherigen Frage", "back", "")]
    [InlineData("Ich möchte eine Pause machen", "pause", "")]
    [InlineData("can I skip this one?", "skip", "")]
    [InlineData("I want to change my answer to question 12", "change", "12")]
    [InlineData("can we take a break?", "pause", "")]
    [InlineData("go back to the previous question please", "back", "")]
    [InlineData("vorrei modificare la domanda 9", "change", "9")]
    [InlineData("possiamo fare una pausa?", "pause", "")]
    [InlineData("quiero cambiar la pregunta 7", "change", "7")]
    [InlineData("¿podemos hacer una pausa?", "pause", "")]
    [InlineData("θέλω να αλλάξω την ερώτηση 7", "change", "7")]
    [InlineData("μπορούμε να κάνουμε ένα διάλειμμα;", "pause", "")]
    [InlineData("quero alterar a pergunta 7", "change", "7")]
    [InlineData("podemos fazer uma pausa?", "pause", "")]
    [InlineData("jag vill ändra fråga 7", "change", "7")]
    [InlineData("kan vi ta en paus?", "pause", "")]
    [InlineData("gå tillbaka till förra frågan", "back", "")]
    // Opened by "wait", "oops", "sorry" (was recorded as the answer to the question asked).
    [InlineData("espera, quero alterar a pergunta 7", "change", "7")]
    [InlineData("wait, I want to change question 3", "change", "3")]
    [InlineData("oops, can I go back?", "back", "")]
    [InlineData("Moment, ich möchte Frage 5 ändern", "change", "5")]
    [InlineData("aspetta, vorrei tornare indietro", "back", "")]
    [InlineData("vänta, jag vill ändra fråga 2", "change", "2")]
    [InlineData("συγγνώμη, θέλω να αλλάξω την ερώτηση 4", "change", "4")]
    // A mistake owned up to names the question to change; "I'll come back later" is a pause (each was stored as the answer).
    [InlineData("pardon, je me suis trompée dans le titre", "change", "5")]
    [InlineData("perdón, me equivoqué en el título", "change", "5")]
    [InlineData("scusi, mi sono sbagliato nel titolo", "change", "5")]
    [InlineData("desculpe, enganei-me no título", "change", "5")]
    [InlineData("vorrei modificare gli ambiti", "change", "15")]
    [InlineData("je reviens plus tard", "pause", "")]
    [InlineData("vuelvo más tarde", "pause", "")]
    [InlineData("aspetta, torno più tardi", "pause", "")]
    [InlineData("volto mais tarde", "pause", "")]
    // A mistake owned beside another command is that command (session 24: each was stored as the answer).
    [InlineData("perdona, me equivoqué, puedo volver atrás?", "back", "")]
    [InlineData("pardon, je me suis trompée, retour", "back", "")]
    [InlineData("ho sbagliato, torna indietro", "back", "")]
    [InlineData("un momento, vuelvo enseguida", "pause", "")] // was stored as the lead organisation
    [InlineData("torno subito", "pause", "")]
    [InlineData("ver el resumen", "summary", "")] // was kept under Other
    [InlineData("je préfère passer cette question", "skip", "")] // was read as a date
    // Interruptions as officials type them (session 25: each was stored as the answer to a long text question).
    [InlineData("aspetti, devo rispondere al telefono, riprendiamo dopo", "pause", "")]
    [InlineData("un attimo, mi chiamano", "pause", "")]
    [InlineData("attendez, je dois répondre au téléphone, on reprend plus tard", "pause", "")]
    [InlineData("perdona, tengo que contestar el teléfono, seguimos luego", "pause", "")]
    [InlineData("desculpe, tenho de atender o telefone, continuamos depois", "pause", "")]
    // Unsure words beside a skip are its reason (session 26: each was stored as the answer to an optional long text).
    [InlineData("je ne sais pas trop, je passe", "skip", "")]
    [InlineData("vet inte riktigt, hoppa över", "skip", "")]
    [InlineData("not sure really, skip", "skip", "")]
    [InlineData("no idea, can we skip this?", "skip", "")]
    [InlineData("keine Ahnung, überspringen", "skip", "")]
    [InlineData("δεν ξέρω, παράλειψη", "skip", "")]
    public void A_command_asked_for_in_a_sentence_is_that_command(string text, string command, string argument)
    {
        var request = Parser.ParseRequest(text);
        Assert.NotNull(request);
        Assert.Equal((command, argument), (request.Name, request.Argument));
    }

    [Theory]
    [InlineData("salta", "es")]
    [InlineData("salta esta", "es")]
    [InlineData("salta", "it")]
    [InlineData("salta", "pt")]
    public void A_skip_word_several_languages_share_belongs_to_each(string text, string language)
    {
        // A Spanish contributor's "salta" was taken for Italian, and the bot told them in Italian to switch language.
        Assert.Contains(Parser.Parse(text), m =>
            m.Name == CommandNames.Skip && string.IsNullOrEmpty(m.Argument) && m.KeywordLanguages.Contains(language));
    }

    [Theory]
    [InlineData("I want to change the region", "7")]
    [InlineData("can I fix the title?", "5")]
    [InlineData("ich möchte die Region korrigieren", "7")]
    [InlineData("je voudrais corriger la date de début", "13")]
    [InlineData("quiero cambiar el título", "5")]
    [InlineData("vorrei modificare la regione", "7")]
    [InlineData("θέλω να αλλάξω την περιφέρεια", "7")]
    [InlineData("θέλω να αλλάξω τον τίτλο", "5")] // the accusative, as a sentence puts it (was stored as the answer)
    [InlineData("να διορθώσω τον προϋπολογισμό", "23")]
    [InlineData("θέλω να αλλάξω τις ομάδες-στόχο", "16")]
    [InlineData("quero alterar a data de início", "13")]
    [InlineData("jag vill ändra målgrupper", "16")]
    [InlineData("jag vill ändra regionen", "7")] // the definite form, as Swedish says it
    [InlineData("kan jag ändra titeln?", "5")]
    [InlineData("ändra startdatumet", "13")]
    // A mistake named, as a hurried contributor says it (each was stored as the answer on screen).
    [InlineData("sorry, I made a mistake in the title", "5")]
    [InlineData("the region is wrong", "7")]
    [InlineData("there's a typo in the title", "5")]
    [InlineData("ich habe mich beim Titel vertan", "5")]
    [InlineData("Fehler im Titel", "5")]
    // Going back to a question by its number or name is changing it (session 26: each was stored as the answer).
    [InlineData("go back to question 8", "8")]
    [InlineData("zurück zu Frage 1", "1")]
    [InlineData("quero voltar à pergunta 8", "8")]
    [InlineData("tornare alla domanda 8", "8")]
    [InlineData("volver a la pregunta 8", "8")]
    [InlineData("revenir à la question 8", "8")]
    [InlineData("gå tillbaka till fråga 8", "8")]
    [InlineData("πίσω στην ερώτηση 8", "8")]
    [InlineData("can we go back to the title?", "5")]
    [InlineData("titeln blev fel", "5")]
    [InlineData("έκανα λάθος στον τίτλο", "5")]
    // Session 23: what must be done, and "something" in it (each was read as the answer to the question on screen).
    [InlineData("moment, ich muss beim Titel was korrigieren", "5")]
    [InlineData("I need to fix something in the title", "5")]
    [InlineData("jag måste ändra något i titeln", "5")]
    [InlineData("πρέπει να διορθώσω κάτι στον τίτλο", "5")]
    public void A_change_asked_for_by_the_questions_name_is_a_change_of_that_question(string text, string number)
    {
        var request = Parser.ParseRequest(text);
        Assert.NotNull(request);
        Assert.Equal((CommandNames.Change, number), (request.Name, request.Argument));
    }

    [Theory]
    [InlineData("change the region", "7")]
    [InlineData("ändern Zielgruppen", "16")]
    [InlineData("corriger la région", "7")]
    [InlineData("modifica il titolo", "5")]
    public void A_change_word_followed_by_a_questions_name_is_a_change_of_that_question(string text, string number) =>
        Assert.Contains(Parser.Parse(text), m => m.Name == CommandNames.Change && m.Argument == number);

    [Theory]
    [InlineData("change of heart Ltd")]
    [InlineData("change the region's labour market")]
    [InlineData("correct the region and the budget")]
    public void A_change_word_before_other_words_is_no_change_of_a_question(string text) =>
        Assert.DoesNotContain(Parser.Parse(text), m => m.Name == CommandNames.Change && m.Argument.All(char.IsAsciiDigit));

    [Theory]
    [InlineData("Region ändern sich")]
    [InlineData("Pause café solidaire")]
    [InlineData("Une pause pour les mères")]
    [InlineData("Wir machen eine Pause im Sommer")]
    [InlineData("skip and go back")]
    [InlineData("me equivoqué en la pregunta 7, volver")] // a question named beside two commands: which one is unclear
    [InlineData("change")]
    [InlineData("skip question 7")]
    [InlineData("I want to change the world")]
    [InlineData("c'est quoi la question 7 ?")]
    [InlineData("Sprachkurse, Arbeitsmarkt, Wohnen, Gesundheit, Pause")]
    [InlineData("Warte-Pause für Eltern")]
    [InlineData("wait and see")]
    [InlineData("Seguimos trabajando con las familias")] // "seguimos", "ci sono", "voltei" are continue words alone
    [InlineData("Ci sono molte famiglie straniere")]
    [InlineData("Voltei a trabalhar com a associação em 2021")]
    [InlineData("Les médiateurs doivent répondre au téléphone")]
    [InlineData("not sure, go back")] // unsure words are a reason to skip, not to go back
    [InlineData("maybe")]
    public void An_answer_that_only_mentions_a_command_word_is_no_request(string text) =>
        Assert.Null(Parser.ParseRequest(text));

    [Theory]
    [InlineData("the second one", 2)]
    [InlineData("il secondo", 2)]
    [InlineData("la première", 1)]
    [InlineData("den andra", 2)]
    [InlineData("το τρίτο", 3)]
    [InlineData("the second region in the list", null)] // more than a pick
    [InlineData("α", null)] // one letter: an answer as often
    [InlineData("Galicia", null)]
    public void An_ordinal_among_request_words_picks_a_place(string text, int? place) =>
        Assert.Equal(place, Parser.OrdinalPick(text));

    [Theory]
    [InlineData("scusi ho sbagliato, il contesto è: molti migranti non accedono ai servizi sanitari per barriere linguistiche e burocratiche", "it",
        "17", "molti migranti non accedono ai servizi sanitari per barriere linguistiche e burocratiche")]
    [InlineData("sorry, the objectives are to help newcomers find work and not to leave anyone without a language course in the first year", "en",
        "18", "to help newcomers find work and not to leave anyone without a language course in the first year")]
    public void A_long_text_named_after_correction_words_takes_the_whole_sentence_after_its_verb(string text, string language, string number, string value)
    {
        var corrected = Parser.NamedCorrection(text, language);
        Assert.NotNull(corrected);
        Assert.Equal(number, corrected.Value.Number);
        Assert.Equal(value, corrected.Value.Values[0]);
    }

    [Fact]
    public void A_long_sentence_naming_a_one_line_answer_is_no_correction() =>
        Assert.Null(Parser.NamedCorrection("sorry the organisation is the one that runs all the language cafés and the job coaching in the county since 2019", "en"));
    [Theory]
    [InlineData("o nome está errado, é só marta ribeiro", "pt", "marta ribeiro")]
    [InlineData("the name is wrong, it's just Marta Ribeiro", "en", "Marta Ribeiro")]
    [InlineData("der Name ist falsch, nur Petra Vogel", "de", "Petra Vogel")]
    [InlineData("le nom est faux, c'est juste Claire Martin", "fr", "Claire Martin")]
    [InlineData("il nome è sbagliato, è solo giulia ferri", "it", "giulia ferri")]
    public void A_question_said_wrong_then_given_is_a_correction(string text, string language, string value)
    {
        var corrected = Parser.NamedCorrection(text, language);
        Assert.NotNull(corrected);
        Assert.True(corrected.Value.Opened);
        Assert.Equal(value, corrected.Value.Values[0]);
    }

    [Theory]
    // A long text said wrong asks for more, it gives no new text; a name said wrong with no value gives nothing to store.
    [InlineData("the context is wrong, it should mention the youth centre", "en")]
    [InlineData("o nome está errado", "pt")]
    public void A_question_said_wrong_without_a_value_to_store_is_no_correction(string text, string language) =>
        Assert.Null(Parser.NamedCorrection(text, language));
}
