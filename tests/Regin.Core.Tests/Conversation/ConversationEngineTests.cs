using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Conversation;
using Regin.Core.Conversation.Commands;
using Regin.Core.Intake;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;

namespace Regin.Core.Tests.Conversation;

/// <summary>The engine on its own: text or a structured value in, structured replies out, no channel in sight.</summary>
public sealed class ConversationEngineTests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
{
    private ConversationHost _host = null!;

    private Texts Texts => _host.Services.GetRequiredService<Texts>();

    public Task InitializeAsync()
    {
        _host = classHost.Host.ForCase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Takes_text_and_returns_a_question_with_its_progress()
    {
        var chat = _host.Chat("it-IT");

        var replies = await chat.StartAsync();
        var question = Assert.IsType<QuestionReply>(replies[^1]);
        Assert.Equal(("contact_name", 1, 31), (question.QuestionId, question.Number, question.Total));
        Assert.Equal("it", chat.Progress.Language);

        replies = await chat.SendAsync("Maria Rossi");
        Assert.Equal("Registrato: Maria Rossi", Assert.IsType<MessageReply>(replies[0]).Text);
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        Assert.Equal(_host.Clock.Now, chat.Profile.LastSeenAt);
    }

    [Theory]
    [InlineData("de-DE", "hallo")]
    [InlineData("de-DE", "Guten Morgen!")]
    [InlineData("it-IT", "Buongiorno")]
    [InlineData("el-GR", "Γειά σας")]
    [InlineData("el-GR", "geia sas")]
    [InlineData("sv-SE", "hej")]
    // Session 42: everyday greetings stored as the contributor's name ("tja" was lang42's Swedish new user).
    [InlineData("sv-SE", "tja")]
    [InlineData("sv-SE", "Tjena!")]
    [InlineData("de-DE", "moin moin")]
    [InlineData("en-IE", "hiya")]
    [InlineData("es-ES", "hola buenas")]
    [InlineData("el-GR", "χαίρετε")]
    public async Task A_greeting_after_the_welcome_is_answered_with_the_question_again_not_taken_as_the_name(string locale, string greeting)
    {
        // The web chat greets first and shows question 1; people still say hello before they answer.
        var chat = _host.Chat(locale);
        await chat.StartAsync();

        var replies = await chat.SendAsync(greeting);
        Assert.Equal("contact_name", Assert.IsType<QuestionReply>(replies[^1]).QuestionId);
        // Greeted back (session 58: "Hallo, schön, dass Sie da sind!", "Hej på dig också!"), never noted as the name.
        var greetedBack = TestCore.Questionnaire.Messages["bot.greeting_back"].In(locale[..2]);
        Assert.Equal(greetedBack, Assert.IsType<MessageReply>(replies[0]).Text);
        Assert.DoesNotContain(replies, r => r is MessageReply m && m.Text != greetedBack && m.Text.Contains(greeting, StringComparison.OrdinalIgnoreCase));

        // A name that starts like a greeting is still a name.
        replies = await chat.SendAsync(greeting + " Schneider");
        Assert.Equal("contact_organisation", chat.AskedQuestion);
    }

    [Theory]
    // Session 23: a greeting with more after it, as people open a chat (each was stored as the contributor's name).
    [InlineData("en-GB", "hi there")]
    [InlineData("en-GB", "Hi, how are you?")]
    [InlineData("en-GB", "hello, I'd like to submit a practice")]
    [InlineData("de-DE", "Hallo zusammen")]
    [InlineData("de-DE", "Guten Tag, ich möchte ein Projekt eintragen")]
    [InlineData("sv-SE", "Hej hej")]
    [InlineData("el-GR", "Γεια σας, θα ήθελα να καταχωρίσω μια πρακτική")]
    [InlineData("fr-FR", "Bonjour à tous")]
    [InlineData("es-ES", "Hola, quisiera registrar una práctica")]
    // Session 45: two greetings where the longest first left a word over ("hola buenas" + "tardes": stored as the name).
    [InlineData("es-ES", "hola buenas tardes")]
    [InlineData("es-ES", "Hola, buenos días")]
    public async Task A_greeting_with_talk_after_it_is_answered_with_the_question_again(string locale, string message)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();

        var replies = await chat.SendAsync(message);

        Assert.Equal("contact_name", Assert.IsType<QuestionReply>(replies[^1]).QuestionId);
        Assert.Null((await _host.PracticeOfAsync("sms", "user-1"))?.Answers.FirstOrDefault(a => a.QuestionId == "contact_name"));
    }

    [Theory]
    // Session 45's Spanish run: "si vale", typed to the welcome as if it asked "shall we start?", was stored as the name.
    [InlineData("es-ES", "si vale")]
    [InlineData("es-ES", "Sí, vale, empezamos")]
    [InlineData("en-GB", "yes ok")]
    [InlineData("en-GB", "ok, let's go!")]
    [InlineData("de-DE", "ja gut")]
    [InlineData("fr-FR", "oui d'accord")]
    [InlineData("it-IT", "ok perfetto, iniziamo")]
    [InlineData("it-IT", "iniziamo ok")]
    [InlineData("pt-PT", "sim, vamos lá")]
    [InlineData("sv-SE", "ja okej, kör")]
    [InlineData("el-GR", "ναι οκ, πάμε")]
    public async Task A_yes_in_several_words_is_no_name_and_the_name_is_asked_again(string locale, string message)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();

        var replies = await chat.SendAsync(message);

        Assert.Equal("contact_name", Assert.IsType<QuestionReply>(replies[^1]).QuestionId);
        Assert.Null((await _host.PracticeOfAsync("sms", "user-1"))?.Answers.FirstOrDefault(a => a.QuestionId == "contact_name"));

        // A name after it is taken, and a yes word inside a real name stays ("Vale Bueno Martín" has words no yes has).
        await chat.SendAsync("Vale Bueno Martín");
        Assert.Equal("contact_organisation", chat.AskedQuestion);
    }

    [Theory]
    // A title that opens with a yes and goes on in words of requests is a title ("se", "puede" are Spanish request words).
    [InlineData("es", "Sí, se puede")]
    [InlineData("en", "Yes we can Galway")]
    public void A_title_opening_with_a_yes_is_a_title(string language, string title)
    {
        var answer = TestCore.Normalise("title", title, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(title, answer.Value());
    }

    [Theory]
    [InlineData("en-GB", "Hi, Siobhan O'Brien", "Siobhan O'Brien")]
    [InlineData("de-DE", "Guten Morgen! Anna Schulte", "Anna Schulte")]
    // Session 24: "my name is" in the 8 languages, after a greeting or not (stored whole as the name, or asked again).
    [InlineData("en-GB", "Hi! My name is Siobhan O'Brien", "Siobhan O'Brien")]
    [InlineData("en-GB", "I'm Siobhan O'Brien", "Siobhan O'Brien")]
    [InlineData("de-DE", "Hallo, ich heiße Anna Schmidt", "Anna Schmidt")]
    [InlineData("de-DE", "Mein Name ist Anna Schmidt", "Anna Schmidt")]
    [InlineData("sv-SE", "Hej! Jag heter Karin Lindqvist", "Karin Lindqvist")]
    [InlineData("el-GR", "Γεια σας, με λένε Μαρία Παπαδοπούλου", "Μαρία Παπαδοπούλου")]
    [InlineData("el-GR", "Είμαι η Μαρία Παπαδοπούλου", "Μαρία Παπαδοπούλου")]
    [InlineData("fr-FR", "Bonjour, je m'appelle Claire Martin", "Claire Martin")]
    [InlineData("it-IT", "Buongiorno, sono Maria Rossi", "Maria Rossi")]
    [InlineData("es-ES", "Hola, me llamo Lucía García", "Lucía García")]
    [InlineData("pt-PT", "Olá, chamo-me Ana Costa", "Ana Costa")]
    // Session 25: "… here" closing the name ("här" is a request word in Swedish: the greeting was read as talk and asked again).
    [InlineData("sv-SE", "Hej, Karin Lindqvist här", "Karin Lindqvist")]
    [InlineData("sv-SE", "Karin Lindqvist här", "Karin Lindqvist")]
    [InlineData("en-GB", "Hi, Siobhan O'Brien here", "Siobhan O'Brien")]
    [InlineData("de-DE", "Guten Tag, Anna Schmidt am Apparat", "Anna Schmidt")]
    [InlineData("el-GR", "Καλησπέρα, Μαρία Παπαδοπούλου εδώ", "Μαρία Παπαδοπούλου")]
    // Session 26: the organisation joined to the name ("from", "vom", "på", "από": question key org_links) was stored in it.
    [InlineData("en-GB", "hi, Siobhán Ní Bhriain from Cork County Council", "Siobhán Ní Bhriain")]
    [InlineData("en-GB", "Dr John Smith from the Department of Children", "John Smith")]
    [InlineData("de-DE", "Petra Vogel vom Landratsamt Kassel", "Petra Vogel")]
    [InlineData("sv-SE", "Anna Berg på Region Örebro län", "Anna Berg")]
    [InlineData("el-GR", "Μαρία Παπαδοπούλου από τον Δήμο Θεσσαλονίκης", "Μαρία Παπαδοπούλου")]
    // A name's own particle is no link, and a link with no name after it is kept.
    [InlineData("de-DE", "Anna-Lena von Bülow", "Anna-Lena von Bülow")]
    [InlineData("en-GB", "John Smith from accounts", "John Smith from accounts")]
    // Session 27: the organisation after a comma, in brackets or after a dash (it reads as a kind of organisation) was
    // stored in the name; in every language, where no link word is read.
    [InlineData("de-DE", "Petra Vogel (Landratsamt Kassel)", "Petra Vogel")]
    [InlineData("de-DE", "Petra Vogel, Landratsamt Kassel", "Petra Vogel")]
    // Session 34: a title before the name is kept beside it, not in it.
    [InlineData("de-DE", "Dr. Petra Vogel - Landratsamt Kassel", "Petra Vogel")]
    [InlineData("en-GB", "John Murphy, Project Officer, Cork County Council", "John Murphy")]
    [InlineData("sv-SE", "Karin Lindqvist, Region Västerbotten", "Karin Lindqvist")]
    [InlineData("el-GR", "Μαρία Παπαδοπούλου, Δήμος Αθηναίων", "Μαρία Παπαδοπούλου")]
    [InlineData("fr-FR", "Marie Dupont, Conseil départemental du Nord", "Marie Dupont")]
    // A surname first, given names after the comma, a remark in brackets: the name as typed.
    [InlineData("es-ES", "García López, María José", "García López, María José")]
    [InlineData("de-DE", "Vogel, Petra", "Vogel, Petra")]
    [InlineData("en-GB", "Anna Berg (she/her)", "Anna Berg (she/her)")]
    public async Task A_greeting_before_an_answer_is_left_out_of_it(string locale, string message, string name)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();

        await chat.SendAsync(message);

        Assert.Equal("contact_organisation", chat.AskedQuestion);
        var answer = (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "contact_name");
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(name), answer.ValueJson);
    }

    // Session 35: a post after the comma written with capitals was stored in the name, and a post alone ("ερευνητης",
    // near "ερευνητικό κέντρο") was offered as the contributor's organisation.
    [Theory]
    [InlineData("el-GR", "Δρ. Νικος Γεωργιου, ερευνητης", "Νικος Γεωργιου")]
    [InlineData("de-DE", "Jürgen Weber, Sachgebietsleiter Integration", "Jürgen Weber")]
    [InlineData("en-GB", "Siobhan Murphy, Integration Officer", "Siobhan Murphy")]
    [InlineData("sv-SE", "Karin Lindqvist, Enhetschef", "Karin Lindqvist")]
    public async Task A_post_after_the_name_is_kept_beside_it_and_offered_as_no_organisation(string locale, string message, string name)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();

        var replies = await chat.SendAsync(message);

        Assert.Equal("contact_organisation", chat.AskedQuestion);
        Assert.DoesNotContain(replies, reply => reply is ConfirmationReply);
        var answer = (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "contact_name");
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(name), answer.ValueJson);
    }

    [Theory]
    [InlineData("de-DE", "Petra Vogel (Landratsamt Kassel)", "Landratsamt Kassel")]
    [InlineData("de-DE", "Petra Vogel vom Landratsamt Kassel", "Landratsamt Kassel")]
    [InlineData("en-GB", "John Murphy, Project Officer, Cork County Council", "Cork County Council")]
    [InlineData("sv-SE", "Anna Berg på Region Örebro län", "Region Örebro län")]
    public async Task The_organisation_typed_with_the_name_is_offered_for_the_organisation_question(string locale, string message, string organisation)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();

        var replies = await chat.SendAsync(message);

        // Asked, not assumed: the organisation question, then the organisation offered.
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        Assert.Contains(organisation, Assert.IsType<ConfirmationReply>(replies[^1]).Text, StringComparison.Ordinal);
        Assert.DoesNotContain((await _host.PracticeOfAsync("sms", "user-1"))!.Answers, a => a.QuestionId == "contact_organisation");

        await chat.SendAsync(locale.StartsWith("en", StringComparison.Ordinal) ? "yes" : "ja");

        Assert.Equal("contact_email", chat.AskedQuestion);
        var stored = (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "contact_organisation");
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(organisation), stored.ValueJson);
    }

    [Fact]
    public async Task Another_answer_to_the_organisation_offered_replaces_it()
    {
        var chat = _host.Chat("en-GB");
        await chat.StartAsync();
        await chat.SendAsync("John Murphy, Cork County Council");

        await chat.SendAsync("Cork City Council");

        Assert.Equal("contact_email", chat.AskedQuestion);
        var stored = (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "contact_organisation");
        Assert.Equal("\"Cork City Council\"", stored.ValueJson);
    }

    [Theory]
    // Session 27: a language's name typed alone where the name is asked (the welcome came in the browser's language) was
    // stored as the contributor's name.
    [InlineData("de-DE", "English", "en")]
    [InlineData("de-DE", "Deutsch", "de")]
    [InlineData("en-GB", "svenska", "sv")]
    [InlineData("fr-FR", "Ελληνικά", "el")]
    // Typed in a hurry: caps lock on, no accent, a stray full stop (the names are folded once for every turn).
    [InlineData("de-DE", "ENGLISH", "en")]
    [InlineData("en-GB", "ελληνικα", "el")]
    [InlineData("fr-FR", "Svenska.", "sv")]
    public async Task A_language_named_alone_is_the_language_picked_not_an_answer(string locale, string message, string language)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();

        var replies = await chat.SendAsync(message);

        var asked = Assert.IsType<QuestionReply>(replies[^1]);
        Assert.Equal("contact_name", asked.QuestionId);
        Assert.Equal(_host.Services.GetRequiredService<QuestionnaireDefinition>().Questions[0].Label.In(language), asked.Label);
        Assert.Null((await _host.PracticeOfAsync("sms", "user-1"))?.Answers.FirstOrDefault(a => a.QuestionId == "contact_name"));
    }

    [Theory]
    // An e-mail address or a phone number typed where the name is asked (stored as the name; the address question then
    // refused the name typed after it): it answers its own open question, and the name is asked again.
    [InlineData("sv-SE", "karin.lindqvist@regionvasterbotten.se", "contact_email")]
    [InlineData("de-DE", "0171 2345678", "contact_phone")]
    [InlineData("el-GR", "+30 2310 123456", "contact_phone")]
    // Session 39: a web address pasted ahead was stored as the name (or a description).
    [InlineData("de-AT", "www.tirol.gv.at/sprachcafe", "website")]
    [InlineData("fr-FR", "https://www.caritas.fr/accueil-refugies", "website")]
    public async Task An_address_typed_where_the_name_is_asked_answers_its_own_question(string locale, string text, string meant)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();

        await chat.SendAsync(text);

        Assert.Equal("contact_name", chat.AskedQuestion);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Single(practice!.Answers, a => a.QuestionId == meant);
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "contact_name");
        await chat.SendAsync("Karin Lindqvist");
        Assert.Equal("contact_organisation", chat.AskedQuestion);
    }

    [Theory]
    // Session 31: a correction of an earlier answer typed at the question on screen was refused there ("I could not read
    // this date") or stored as its answer. It answers the question it names, then the question on screen comes again, and
    // after it the question a "change N" was typed at.
    [InlineData("en-GB", "sorry, start was 2022 not 2021", "Corrected")]
    [InlineData("de-DE", "Korrektur: Beginn war 2022, nicht 2021", "Korrigiert")]
    [InlineData("sv-SE", "förlåt, start var 2022 inte 2021", "Ändrat")]
    [InlineData("el-GR", "συγγνώμη, η έναρξη ήταν 2022 όχι 2021", "Διορθώθηκε")]
    // Session 32: "début 2022 et pas 2021" kept "et" in the value; "empezó", "começou", "è iniziato" (it started) name the start.
    [InlineData("fr-FR", "pardon, début 2022 et pas 2021", "Corrigé")]
    [InlineData("es-ES", "perdón, empezó en 2022", "Corregido")]
    [InlineData("it-IT", "scusi, è iniziato nel 2022", "Correzione registrata")]
    [InlineData("pt-PT", "desculpe, começou em 2022", "Corrigido")]
    // Session 33: a second correction word before the question's name ("sorry, meinte Start 2022") was refused as a date.
    [InlineData("de-DE", "sorry, meinte Start 2022", "Korrigiert")]
    [InlineData("sv-SE", "förlåt, menade start 2022", "Ändrat")]
    [InlineData("en-GB", "sorry, meant start 2022", "Corrected")]
    // Session 33: no question named, the one before the end date is meant ("sorry I meant 2022" was refused as an end date).
    [InlineData("en-GB", "sorry I meant 2022", "Corrected")]
    [InlineData("de-DE", "sorry, ich meinte 2022", "Korrigiert")]
    public async Task A_correction_typed_at_the_next_question_changes_the_answer_it_names(string locale, string correction, string said)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("change 13");
        Assert.Equal("start_date", chat.AskedQuestion);
        await chat.SendAsync("09/2021");
        await chat.SendAsync("change 14");
        Assert.Equal("end_date", chat.AskedQuestion);

        var replies = await chat.SendAsync(correction);

        Assert.Equal("end_date", chat.AskedQuestion);
        Assert.Contains(replies.OfType<MessageReply>(), m => m.Text.StartsWith(said, StringComparison.Ordinal));
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("\"2022\"", practice!.Answers.Single(a => a.QuestionId == "start_date").ValueJson);
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "end_date");
        await chat.SendAsync("2023");
        Assert.Equal("contact_name", chat.AskedQuestion);
    }

    [Theory]
    // Session 34: a correction with no question named, typed where the date itself is on screen (after "did you mean
    // October 2023?"), was refused as no date; the value after the correction words answers it.
    [InlineData("es-ES", "oct 23", "perdón, quise decir 2021", "\"2021\"")]
    [InlineData("fr-FR", "sept. 21", "pardon, je voulais dire mars 2021", "\"2021-03\"")]
    [InlineData("it-IT", "sett 21", "scusi, intendevo 2020", "\"2020\"")]
    [InlineData("pt-PT", "março 24", "desculpe, queria dizer 2023", "\"2023\"")]
    public async Task A_correction_typed_where_its_question_is_on_screen_answers_it(string locale, string first, string correction, string stored)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("change 13");
        Assert.Equal("start_date", chat.AskedQuestion);
        await chat.SendAsync(first);

        await chat.SendAsync(correction);

        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal(stored, practice!.Answers.Single(a => a.QuestionId == "start_date").ValueJson);
        Assert.Equal("contact_name", chat.AskedQuestion);
    }

    [Theory]
    // Session 34 (found as a new user): an apology alone ("sorry", "perdón") at the organisation was stored as its name; it
    // is no answer: how to change an answer is said and the question asked again. A name with such a word in it is a name.
    [InlineData("en-GB", "sorry")]
    [InlineData("en-GB", "oops, my bad")]
    [InlineData("de-DE", "Entschuldigung!")]
    [InlineData("es-ES", "perdón")]
    [InlineData("fr-FR", "oups désolée")]
    [InlineData("it-IT", "scusa")]
    [InlineData("pt-PT", "desculpa")]
    [InlineData("sv-SE", "förlåt")]
    [InlineData("el-GR", "συγγνώμη")]
    public async Task An_apology_alone_answers_no_question_and_says_how_to_change_an_answer(string locale, string apology)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("Marie Pardon");
        Assert.Equal("contact_organisation", chat.AskedQuestion);

        var replies = await chat.SendAsync(apology);

        Assert.Equal("contact_organisation", chat.AskedQuestion);
        Assert.Contains(replies.OfType<MessageReply>(), m => m.Text == Texts.Get(ConversationMessageKeys.ChangeUsage, Languages.FromLocale(locale)!));
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("\"Marie Pardon\"", practice!.Answers.Single(a => a.QuestionId == "contact_name").ValueJson);
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "contact_organisation");
    }

    [Theory]
    // Session 34: after "change 14" the flow goes back to the first open question (the name); a correction of the end date
    // just given, typed there, was stored as the contributor's name. It corrects the end date, and the name is asked again.
    [InlineData("it-IT", "in corso", "scusi, intendevo fino al 2025", "\"2025\"")]
    [InlineData("es-ES", "en curso", "perdón, quise decir diciembre 2025", "\"2025-12\"")]
    [InlineData("en-GB", "ongoing", "sorry, I meant June 2026", "\"2026-06\"")]
    public async Task A_correction_of_the_date_just_given_typed_at_the_name_corrects_that_date(string locale, string first, string correction, string stored)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("change 14");
        await chat.SendAsync(first);
        Assert.Equal("contact_name", chat.AskedQuestion);

        await chat.SendAsync(correction);

        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal(stored, practice!.Answers.Single(a => a.QuestionId == "end_date").ValueJson);
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "contact_name");
        Assert.Equal("contact_name", chat.AskedQuestion);
    }

    [Theory]
    // Session 34: two dates joined by "or" were a period in Spanish and Italian ("o" a filler), its start or its end taken
    // silently, and unread in the other languages; both are offered, and the one picked is stored.
    [InlineData("es-ES", "2021 o 2022", "2", "\"2022\"")]
    [InlineData("it-IT", "marzo o aprile 2022", "1", "\"2022-03\"")]
    [InlineData("fr-FR", "2021 ou 2022", "2021", "\"2021\"")]
    [InlineData("en-GB", "2021 or 2022", "2022", "\"2022\"")]
    public async Task Two_dates_joined_by_or_are_offered_to_choose_from(string locale, string dates, string pick, string stored)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("change 13");

        var ask = Assert.IsType<ConfirmationReply>((await chat.SendAsync(dates)).Last());

        Assert.Equal(2, ask.Options.Count);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.DoesNotContain(practice?.Answers ?? [], a => a.QuestionId == "start_date");
        await chat.SendAsync(pick);
        practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal(stored, practice!.Answers.Single(a => a.QuestionId == "start_date").ValueJson);
    }

    [Theory]
    // Session 31: a region typed with the country ("Ireland, Southern region", "Deutschland (Hessen)") was lost: the region
    // was asked with nothing offered. It is offered at the region question; yes takes it.
    [InlineData("en-GB", "Ireland, Southern region", "yes", "IE05")]
    [InlineData("de-DE", "Deutschland (Hessen)", "ja", "DE7")]
    [InlineData("el-GR", "Ελλάδα, Κρήτη", "ναι", "EL43")]
    [InlineData("sv-SE", "Sverige, Skåne", "ja", "SE22")]
    public async Task A_region_typed_with_the_country_is_offered_at_the_region_question(string locale, string country, string yes, string region)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        foreach (var answer in new[] { "Anna Berg", "Region Test", "anna@example.org", "-", "Welcome Cafés" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("country", chat.AskedQuestion);

        var replies = await chat.SendAsync(country);

        Assert.Equal("region", chat.AskedQuestion);
        Assert.Contains(replies.OfType<ConfirmationReply>(), _ => true);
        await chat.SendAsync(yes);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal($"\"{region}\"", practice!.Answers.Single(a => a.QuestionId == "region").ValueJson);
        Assert.Equal("lead_organisation", chat.AskedQuestion);
    }

    [Fact]
    public async Task The_country_written_twice_offers_no_region()
    {
        var chat = _host.Chat("sv-SE");
        await chat.StartAsync();
        foreach (var answer in new[] { "Anna Berg", "Region Test", "anna@example.org", "-", "Språkvän" })
        {
            await chat.SendAsync(answer);
        }

        var replies = await chat.SendAsync("Sverige/Sweden");

        Assert.Equal("region", chat.AskedQuestion);
        Assert.DoesNotContain(replies, r => r is ConfirmationReply);
    }

    [Theory]
    // Not a correction: no question named after the correction word, or a value the named question does not read as it is
    // (a mistake owned with only a question named, "sorry, the title was wrong", is the change command, as before).
    [InlineData("sorry, I don't know yet")]
    [InlineData("sorry, start was a while ago")]
    public async Task Words_that_correct_nothing_readable_are_an_answer_to_the_question_on_screen(string text)
    {
        var chat = _host.Chat("en-GB");
        await chat.StartAsync();
        await chat.SendAsync("change 14");

        await chat.SendAsync(text);

        Assert.Equal("end_date", chat.AskedQuestion);
        Assert.Empty((await _host.PracticeOfAsync("sms", "user-1"))?.Answers ?? []);
    }

    [Theory]
    // "We", "wir selbst", "same as above" where the lead organisation is asked: the contributor's organisation, as given.
    [InlineData("en", "We run it ourselves")]
    [InlineData("en", "same as above")]
    [InlineData("de", "wir selbst")]
    [InlineData("sv", "vi själva")]
    [InlineData("el", "ο φορέας μας")]
    [InlineData("fr", "nous-mêmes")]
    [InlineData("it", "come sopra")]
    [InlineData("es", "nosotros")]
    [InlineData("pt", "a nossa organização")]
    // Session 25: each was stored as the lead organisation's name.
    [InlineData("it", "la stessa di sopra")]
    [InlineData("es", "la misma de arriba")]
    [InlineData("fr", "la même")]
    [InlineData("fr", "comme ci-dessus")]
    [InlineData("pt", "a mesma de cima")]
    // Session 28: "el mismo" (the organisation, masculine) was stored as the name.
    [InlineData("es", "el mismo")]
    [InlineData("it", "lo stesso")]
    [InlineData("pt", "o mesmo")]
    // Session 31: "ditto", and Greek as typed in a hurry (were stored as the name).
    [InlineData("en", "ditto")]
    [InlineData("de", "dito")]
    [InlineData("sv", "som ovan")]
    [InlineData("el", "ίδια με πάνω")]
    [InlineData("el", "ο ίδιος φορέας")]
    [InlineData("el", "idio")]
    // Session 42: the contributor's organisation named by its place in the chat or as the employer (stored as the name).
    [InlineData("en", "same as my org")]
    [InlineData("en", "same as q2")]
    [InlineData("fr", "ma structure")]
    [InlineData("de", "unsere Dienststelle")]
    [InlineData("it", "il nostro ente")]
    [InlineData("es", "igual que la mía")]
    [InlineData("pt", "a nossa entidade")]
    [InlineData("sv", "samma som fråga 2")]
    [InlineData("el", "η υπηρεσία μας")]
    public void The_lead_organisation_named_as_ours_is_the_contributors_organisation(string language, string text)
    {
        var context = NormalisationContext.Empty with { ContactOrganisation = "Galway County Council" };

        var answer = TestCore.Normalise("lead_organisation", text, language, context);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("Galway County Council", answer.Value());
        Assert.Equal(text, answer.Original);
        // Without the organisation known (a mail that leaves it out), the words as typed.
        Assert.Equal(text, TestCore.Normalise("lead_organisation", text, language).Value());
        // Not where the contributor's own organisation is asked, nor in a sentence.
        Assert.Equal(text, TestCore.Normalise("contact_organisation", text, language, context).Value());
    }

    [Fact]
    public void A_lead_organisation_that_only_mentions_us_is_kept_as_typed()
    {
        var context = NormalisationContext.Empty with { ContactOrganisation = "Galway County Council" };
        Assert.Equal("we and the Red Cross", TestCore.Normalise("lead_organisation", "we and the Red Cross", "en", context).Value());
    }

    [Theory]
    // The words that introduce an answer to a text question are not part of it; the original keeps them.
    [InlineData("contact_organisation", "en", "I work for Galway County Council", "Galway County Council")]
    [InlineData("contact_organisation", "de", "ich arbeite bei der Stadt Köln", "der Stadt Köln")]
    [InlineData("contact_organisation", "sv", "Jag jobbar på Region Västerbotten", "Region Västerbotten")]
    [InlineData("contact_organisation", "el", "Εργάζομαι στην Περιφέρεια Κρήτης", "Περιφέρεια Κρήτης")]
    [InlineData("contact_organisation", "it", "lavoro presso la Regione Puglia", "la Regione Puglia")]
    [InlineData("title", "en", "It's called the Galway Welcome Café", "the Galway Welcome Café")]
    [InlineData("title", "de", "Das Projekt heißt \"Willkommen im Quartier\"", "\"Willkommen im Quartier\"")]
    [InlineData("title", "sv", "Projektet heter Språkvän", "Språkvän")]
    [InlineData("title", "fr", "Le projet s'appelle Parcours d'accueil", "Parcours d'accueil")]
    [InlineData("lead_organisation", "en", "it's run by the Red Cross", "the Red Cross")]
    [InlineData("lead_organisation", "es", "gestionado por Cruz Roja", "Cruz Roja")]
    [InlineData("contact_organisation", "de", "Bin bei der Caritas Köln", "der Caritas Köln")]
    [InlineData("title", "en", "Title: Welcome Café Galway", "Welcome Café Galway")]
    [InlineData("contact_name", "el", "Ονοματεπώνυμο: Μαρία Παπαδοπούλου", "Μαρία Παπαδοπούλου")]
    // Nothing after them, or no lead-in: the words as typed.
    [InlineData("contact_name", "en", "my name is", "My Name Is")] // nothing left out, and typed in lower case: capitalised as a name (session 55)
    [InlineData("contact_name", "de", "Sonja Imhof", "Sonja Imhof")]
    [InlineData("contact_organisation", "en", "Galway County Council", "Galway County Council")]
    public void The_words_that_introduce_an_answer_are_left_out_of_it(string question, string language, string text, string value)
    {
        var answer = TestCore.Normalise(question, text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(value, answer.Value());
        Assert.Equal(text, answer.Original);
    }

    [Theory]
    [InlineData("fr-FR", "je préfère ne pas le donner", "je ne sais pas", "Pas de souci si vous n'êtes pas encore sûr(e)")]
    [InlineData("es-ES", "no", "no lo sé", "No pasa nada si aún no está seguro/a")]
    [InlineData("pt-PT", "não tenho", "não sei", "Não há problema se ainda não tiver a certeza")]
    [InlineData("el-GR", "δεν θέλω να το δώσω", "δεν ξέρω", "Κανένα πρόβλημα αν δεν είστε ακόμη σίγουροι")]
    [InlineData("sv-SE", "vill inte lämna ut det", "vet inte", "Ingen fara om du inte är säker än")]
    [InlineData("it-IT", "non voglio darlo", "non lo so", "Nessun problema se non è ancora sicuro/a")]
    [InlineData("en-GB", "I don't want to give it", "honestly no idea", "No problem if you are not sure yet")]
    [InlineData("de-DE", "möchte ich nicht", "ehrlich gesagt keine Ahnung", "Kein Problem, wenn Sie es noch nicht genau wissen")]
    public async Task No_answer_skips_an_optional_question_and_not_knowing_a_required_one_is_told_how_to_go_on(string locale, string refusal, string unknown, string required)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("change 4");
        Assert.Equal("contact_phone", chat.AskedQuestion);

        // The phone is optional: a refusal is a skip, not "this does not look like a phone number".
        await chat.SendAsync(refusal);
        Assert.NotEqual("contact_phone", chat.AskedQuestion);

        // The start date is required: told to give a best answer for now, asked again, nothing stored.
        await chat.SendAsync("change 13");
        var replies = await chat.SendAsync(unknown);
        Assert.Contains(replies, r => r is MessageReply m && m.Text.Contains(required, StringComparison.Ordinal));
        Assert.Equal("start_date", chat.AskedQuestion);

        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.DoesNotContain(practice?.Answers ?? [], a => a.QuestionId is "contact_phone" or "start_date");
    }

    [Theory]
    [InlineData("it-IT", "lo salto")]
    [InlineData("fr-FR", "je passe")]
    [InlineData("de-DE", "das überspringe ich")]
    [InlineData("es-ES", "me la salto")]
    [InlineData("pt-PT", "vou saltar")]
    [InlineData("sv-SE", "jag hoppar över den")]
    [InlineData("el-GR", "την παραλείπω")]
    [InlineData("en-GB", "I'll skip this")]
    // Imperatives, as typed to a bot: "skip it", "move on".
    [InlineData("es-ES", "sáltala")]
    [InlineData("it-IT", "vai avanti")]
    [InlineData("pt-PT", "passa à frente")]
    [InlineData("el-GR", "προσπέρασε")]
    [InlineData("en-GB", "move on")]
    public async Task Skipping_said_in_everyday_words_skips_and_is_never_stored_as_the_answer(string locale, string words)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync("change 11");
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);

        await chat.SendAsync(words);

        Assert.Equal("partners", chat.AskedQuestion);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.DoesNotContain(practice?.Answers ?? [], a => a.QuestionId == "regional_authority_role_details");
    }

    [Theory]
    // Typed as shown, picked by its button, or another number altogether ("55" is not option 55).
    [InlineData("40", "40")]
    [InlineData("2", "40")]
    [InlineData("55", "55")]
    public async Task A_count_given_as_a_range_offers_its_numbers_and_the_one_typed_is_stored(string typed, string stored)
    {
        var chat = _host.Chat("es-ES");
        await chat.StartAsync();
        await chat.SendAsync("cambiar 21");

        var ask = Assert.IsType<ConfirmationReply>((await chat.SendAsync("entre 30 y 40 familias")).Last());
        Assert.Equal(["30", "40"], ask.Options.Select(o => o.Label));
        Assert.DoesNotContain((await _host.PracticeOfAsync("sms", "user-1"))?.Answers ?? [], a => a.QuestionId == "beneficiaries_count");

        await chat.SendAsync(typed);

        var answer = (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "beneficiaries_count");
        Assert.Equal(stored, answer.ValueJson);
        Assert.NotEqual("beneficiaries_count", chat.AskedQuestion);
    }

    [Theory]
    // "Universität und Stadt" fits two options of a single choice: both are offered, and the one picked is stored.
    [InlineData("1", "\"university_research\"")]
    [InlineData("Kommunalverwaltung", "\"local_authority\"")]
    public async Task A_single_choice_answer_that_fits_two_options_offers_both_and_stores_the_one_picked(string typed, string stored)
    {
        var chat = _host.Chat("de-DE");
        await chat.StartAsync();
        await chat.SendAsync("ändern 9");

        var ask = Assert.IsType<ConfirmationReply>((await chat.SendAsync("Universität und Stadt")).Last());
        Assert.Equal(["Hochschule oder Forschungseinrichtung", "Kommunalverwaltung"], ask.Options.Select(o => o.Label));
        Assert.DoesNotContain((await _host.PracticeOfAsync("sms", "user-1"))?.Answers ?? [], a => a.QuestionId == "lead_organisation_type");

        await chat.SendAsync(typed);

        var answer = (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "lead_organisation_type");
        Assert.Equal(stored, answer.ValueJson);
        Assert.NotEqual("lead_organisation_type", chat.AskedQuestion);
    }

    [Fact]
    public async Task A_fund_name_that_stands_for_two_funds_is_asked_about_and_the_pick_is_stored()
    {
        // "ΕΣΠΑ" funds through ESF+ and ERDF: the contributor picks one or both; nothing is stored before.
        var chat = _host.Chat("el-GR");
        await chat.StartAsync();
        await chat.SendAsync("αλλαγή 22");

        var replies = await chat.SendAsync("ΤΑΜΕ και ΕΣΠΑ");
        var ask = Assert.IsType<ConfirmationReply>(replies.Last());
        Assert.Equal(3, ask.Options.Count);
        Assert.Contains("«ΕΣΠΑ»", ask.Text, StringComparison.Ordinal);
        Assert.DoesNotContain((await _host.PracticeOfAsync("sms", "user-1"))?.Answers ?? [], a => a.QuestionId == "funding_sources");

        await chat.SendAsync("3");

        var answer = (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "funding_sources");
        Assert.Equal("[\"amif\",\"esf_plus\",\"erdf\"]", answer.ValueJson);
    }

    [Theory]
    [InlineData("ΕΚΤ+", "[\"amif\",\"esf_plus\"]")]
    [InlineData("το ΕΤΠΑ", "[\"amif\",\"erdf\"]")]
    [InlineData("ΕΚΤ+ και ΕΤΠΑ", "[\"amif\",\"esf_plus\",\"erdf\"]")]
    [InlineData("μόνο ΤΑΜΕ", "[\"amif\"]")] // names none of the options that differ: a new answer
    public async Task A_fund_typed_instead_of_picked_keeps_the_funds_named_beside_the_shared_name(string typed, string stored)
    {
        // Typing "ΕΚΤ+" at "«ΕΣΠΑ» can mean more than one option" stored ESF+ alone: AMIF, named beside it, was lost.
        var chat = _host.Chat("el-GR");
        await chat.StartAsync();
        await chat.SendAsync("αλλαγή 22");
        await chat.SendAsync("ΤΑΜΕ και ΕΣΠΑ");

        await chat.SendAsync(typed);

        var answer = (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "funding_sources");
        Assert.Equal(stored, answer.ValueJson);
        Assert.NotEqual("funding_sources", chat.AskedQuestion);
    }

    [Fact]
    public async Task Offers_the_options_of_a_choice_with_their_codes_in_the_language()
    {
        var chat = _host.Chat("es-ES");
        await chat.StartAsync();

        var replies = await chat.SendAsync("cambiar 9");

        var question = Assert.IsType<QuestionReply>(replies[^1]);
        Assert.Equal(AnswerKind.SingleChoice, question.Kind);
        var expected = TestCore.Questionnaire.Questions.Single(q => q.Id == "lead_organisation_type").ChoiceList;
        Assert.Equal(expected.Select(c => (c.Code, c.Label.In("es"))), question.Choices.Select(c => (c.Code, c.Label)));
    }

    [Fact]
    public async Task Three_ticked_options_are_stored_as_three_codes()
    {
        var chat = _host.Chat("en-GB");
        await chat.StartAsync();
        await chat.SendAsync("change 15");
        Assert.Equal(AnswerKind.MultiChoice, Assert.IsType<QuestionReply>(chat.Last[^1]).Kind);

        await chat.SendAsync(new AnswerSubmitted("integration_areas", ["education", "language", "health"]));

        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("""["education","language","health"]""", practice!.Answers.Single(a => a.QuestionId == "integration_areas").ValueJson);
        Assert.Equal("Noted: Education; Language learning; Health", Assert.IsType<MessageReply>(chat.Last[0]).Text);
    }

    [Theory]
    [InlineData("it-IT", "modifica 15", "lingua e istruzione", """["language","education"]""")]
    [InlineData("en-GB", "change 15", "language learning and education", """["language","education"]""")]
    [InlineData("pt-PT", "alterar 15", "língua e educação", """["language","education"]""")]
    public async Task An_answer_that_starts_with_a_command_word_is_an_answer(string locale, string change, string answer, string codes)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync(change);
        Assert.Equal("integration_areas", chat.AskedQuestion);

        await chat.SendAsync(answer);

        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal(codes, practice!.Answers.Single(a => a.QuestionId == "integration_areas").ValueJson);
        Assert.Null(chat.Progress.Pending);
    }

    [Theory]
    // A language's name that is an option where it is asked ("Deutsch" for German classes): the answer, not the language.
    [InlineData("de-DE", "ändern 15", "Deutsch")]
    [InlineData("fr-FR", "modifier 15", "English")]
    [InlineData("el-GR", "αλλαγή 15", "Ελληνικά")]
    // The language command's word alone where the question reads it as an option ("LINGUA", a word of "Apprendimento della
    // lingua"): session 32, it opened the language picker and the answer was lost.
    [InlineData("it-IT", "modifica 15", "LINGUA")]
    [InlineData("de-DE", "ändern 15", "Sprache")]
    [InlineData("sv-SE", "ändra 15", "språk")]
    [InlineData("el-GR", "αλλαγή 15", "γλώσσα")]
    [InlineData("fr-FR", "modifier 15", "langue")]
    [InlineData("pt-PT", "alterar 15", "língua")]
    public async Task A_language_named_where_it_is_an_option_is_the_answer(string locale, string change, string answer)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await chat.SendAsync(change);
        Assert.Equal("integration_areas", chat.AskedQuestion);

        await chat.SendAsync(answer);

        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("""["language"]""", practice!.Answers.Single(a => a.QuestionId == "integration_areas").ValueJson);
        Assert.Equal(locale[..2], chat.Progress.Language);
    }

    [Fact]
    public async Task A_bare_command_word_that_is_an_option_of_the_question_is_the_answer()
    {
        var chat = _host.Chat("it-IT");
        await chat.StartAsync();
        await chat.SendAsync("modifica 15");

        await chat.SendAsync("Istruzione");

        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("""["education"]""", practice!.Answers.Single(a => a.QuestionId == "integration_areas").ValueJson);
    }

    [Fact]
    public async Task Change_takes_a_number_and_otherwise_the_message_is_an_answer()
    {
        var chat = _host.Chat("en-GB");
        await chat.StartAsync();

        await chat.SendAsync("change of heart Ltd");
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        await chat.SendAsync("change 1");
        Assert.Equal("contact_name", chat.AskedQuestion);

        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("change of heart Ltd", practice!.Answers.Single().Original);
    }

    [Fact]
    public async Task A_change_asked_for_by_the_questions_name_asks_that_question_then_comes_back()
    {
        var chat = _host.Chat("de-DE");
        await chat.StartAsync();
        await chat.SendAsync("Anna Schulte");
        Assert.Equal("contact_organisation", chat.AskedQuestion);

        await chat.SendAsync("ich möchte die Region korrigieren");
        Assert.Equal("region", chat.AskedQuestion);
        await chat.SendAsync("Weser-Ems");
        Assert.Equal("contact_organisation", chat.AskedQuestion);

        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal(["contact_name", "region"], practice!.Answers.Select(a => a.QuestionId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task After_an_unrecognised_choice_the_next_message_answers_the_same_question()
    {
        var chat = _host.Chat("en-GB");
        await chat.StartAsync();
        await chat.SendAsync("change 9");

        var replies = await chat.SendAsync("a blockchain consortium");
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);
        Assert.IsType<ConfirmationReply>(replies[^1]);
        Assert.Equal("lead_organisation_type", chat.Progress.QuestionId);

        // Not "yes", not "no": a new answer to the same question, never to the next one.
        await chat.SendAsync("4");
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("\"ngo\"", practice!.Answers.Single(a => a.QuestionId == "lead_organisation_type").ValueJson);
        Assert.Null(practice.Answers.FirstOrDefault(a => a.QuestionId == "regional_authority_role"));
        // Then back to where "change 9" was typed.
        Assert.Equal("contact_name", chat.AskedQuestion);
    }

    [Fact]
    public async Task A_choice_read_with_words_left_over_says_only_those_were_not_recognised()
    {
        var chat = _host.Chat("it-IT");
        await chat.StartAsync();
        await chat.SendAsync("cambia 9");

        var replies = await chat.SendAsync("ente pubblico regionale");

        var practice = await _host.PracticeOfAsync("sms", "user-1");
        var stored = practice!.Answers.Single(a => a.QuestionId == "lead_organisation_type");
        Assert.Equal("\"regional_authority\"", stored.ValueJson);
        Assert.Equal("pubblico", stored.OtherText);
        var asked = Assert.IsType<ConfirmationReply>(replies[^1]).Text;
        Assert.Contains("«pubblico»", asked, StringComparison.Ordinal);
        Assert.DoesNotContain("«ente pubblico regionale»", asked, StringComparison.Ordinal);
    }

    [Theory]
    // Session 27: the description typed while the target groups' "Other" waited to be confirmed replaced the target groups
    // with itself under "Other" (and again with each answer after it). Now asked: yes keeps the target groups and takes it as
    // the description, no asks the target groups again; a short answer is still a new answer to them.
    [InlineData("Lotsen begleiten Neuzugewanderte bei Behördengängen.", "ja", "objectives")]
    [InlineData("Lotsen begleiten Neuzugewanderte bei Behördengängen.", "nein", "target_groups")]
    [InlineData("Schnellere Orientierung vor Ort für alle Neuen", "ja", "objectives")]
    public async Task A_sentence_typed_while_other_waits_is_offered_as_the_next_long_text(string typed, string reply, string asked)
    {
        var chat = _host.Chat("de-DE");
        await chat.StartAsync();
        foreach (var answer in new[] { "Jens Petersen", "Kreis Nordfriesland", "j.petersen@nordfriesland.de", "überspringen", "Willkommenslotsen",
            "Deutschland", "Schleswig-Holstein", "Kreis Nordfriesland", "Kommunalverwaltung", "Finanzierung", "Der Kreis bezahlt die Lotsen.",
            "Diakonie", "März 2020", "laufend", "Arbeit, Wohnen", "Neuzugewanderte und Geflüchtete, auch EU-Bürger" })
        {
            await chat.SendAsync(answer);
        }
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);
        var targets = (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "target_groups").ValueJson;

        var replies = await chat.SendAsync(typed);

        var moved = Assert.IsType<MovedOnConfirmation>(chat.Progress.Pending);
        Assert.Equal(("target_groups", "description", typed), (moved.QuestionId, moved.NextQuestionId, moved.Text));
        Assert.Contains(typed, Assert.IsType<ConfirmationReply>(replies[^1]).Text, StringComparison.Ordinal);
        await chat.SendAsync(reply);

        Assert.Equal(asked, chat.AskedQuestion);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal(targets, practice!.Answers.Single(a => a.QuestionId == "target_groups").ValueJson);
        var description = practice.Answers.SingleOrDefault(a => a.QuestionId == "description");
        Assert.Equal(reply == "ja" ? System.Text.Json.JsonSerializer.Serialize(typed) : null, description?.ValueJson);
    }

    [Fact]
    public async Task A_short_answer_while_other_waits_is_still_a_new_answer_to_the_same_question()
    {
        var chat = _host.Chat("de-DE");
        await chat.StartAsync();
        foreach (var answer in new[] { "Jens Petersen", "Kreis Nordfriesland", "j.petersen@nordfriesland.de", "überspringen", "Willkommenslotsen",
            "Deutschland", "Schleswig-Holstein", "Kreis Nordfriesland", "Kommunalverwaltung", "Finanzierung", "Der Kreis bezahlt die Lotsen.",
            "Diakonie", "März 2020", "laufend", "Arbeit, Wohnen", "Neuzugewanderte und Geflüchtete, auch EU-Bürger" })
        {
            await chat.SendAsync(answer);
        }

        await chat.SendAsync("Neuzugewanderte und Frauen");

        Assert.Null(chat.Progress.Pending);
        Assert.Equal("description", chat.AskedQuestion);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("""["newly_arrived","women"]""", practice!.Answers.Single(a => a.QuestionId == "target_groups").ValueJson);
    }

    [Theory]
    // The title typed where the optional phone number is asked (refused: "not a phone number", and asked again): asked whether
    // to skip the phone and take it as the title; yes does, no asks the phone again, a phone number typed instead answers it.
    [InlineData("en-GB", "Welcome Cafés for newcomers", "yes", "country")]
    [InlineData("de-DE", "Willkommenscafé im Quartier", "ja", "country")]
    [InlineData("el-GR", "Καφέ Καλωσορίσματος", "ναι", "country")]
    [InlineData("en-GB", "Welcome Cafés for newcomers", "no", "contact_phone")]
    [InlineData("en-GB", "Welcome Cafés for newcomers", "+353 91 509 000", "title")]
    public async Task A_title_typed_where_the_optional_phone_is_asked_is_offered_as_the_title(string locale, string typed, string reply, string asked)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        foreach (var answer in new[] { "Anna Berg", "Galway County Council", "anna.berg@galway.ie" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("contact_phone", chat.AskedQuestion);

        var replies = await chat.SendAsync(typed);
        var ahead = Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Equal(("contact_phone", "title", typed), (ahead.QuestionId, ahead.NextQuestionId, ahead.Text));
        Assert.Contains(typed, Assert.IsType<ConfirmationReply>(replies[^1]).Text, StringComparison.Ordinal);

        await chat.SendAsync(reply);

        if (reply.StartsWith('+'))
        {
            // The phone typed instead of a yes or a no: the title typed before is offered again when the title comes (session 45).
            Assert.Equal(typed, Assert.IsType<CandidateConfirmation>(chat.Progress.Pending).Original);
        }
        else
        {
            Assert.Null(chat.Progress.Pending);
        }
        Assert.Equal(asked, chat.AskedQuestion);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        var title = practice!.Answers.SingleOrDefault(a => a.QuestionId == "title");
        var phone = practice.Answers.SingleOrDefault(a => a.QuestionId == "contact_phone");
        if (reply is "yes" or "ja" or "ναι")
        {
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(typed), title!.ValueJson);
            Assert.Null(phone);
            Assert.Contains("contact_phone", chat.Progress.Skipped);
        }
        else if (reply == "no")
        {
            Assert.Null(title);
            Assert.Null(phone);
        }
        else
        {
            Assert.NotNull(phone);
            Assert.Null(title);
        }
    }

    [Theory]
    // "-" where nothing is to be said: an optional question skipped (it was "your message is empty", and the answers typed
    // after it went to the wrong questions); a required one says it needs an answer.
    [InlineData("-", 3, "title")]
    [InlineData("–", 3, "title")]
    [InlineData("…", 3, "title")]
    [InlineData("-", 1, "contact_organisation")]
    public async Task A_dash_skips_an_optional_question_and_is_no_answer_to_a_required_one(string typed, int before, string asked)
    {
        var chat = _host.Chat("el-GR");
        await chat.StartAsync();
        foreach (var answer in new[] { "Ελένη Γεωργίου", "Περιφέρεια Κεντρικής Μακεδονίας", "e.georgiou@pkm.gov.gr" }.Take(before))
        {
            await chat.SendAsync(answer);
        }

        await chat.SendAsync(typed);

        Assert.Equal(asked, chat.AskedQuestion);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal(before, practice!.Answers.Count);
        Assert.Equal(before == 3, chat.Progress.Skipped.Contains("contact_phone"));
    }

    [Theory]
    // An attempt at the number (digits in it) is refused and asked again as before; so are words at a required question.
    [InlineData(3, "call 091 50", "contact_phone")]
    [InlineData(2, "Welcome Cafés for newcomers", "contact_email")]
    public async Task Words_that_try_the_number_or_answer_a_required_question_are_asked_again(int before, string typed, string asked)
    {
        var chat = _host.Chat("en-GB");
        await chat.StartAsync();
        foreach (var answer in new[] { "Anna Berg", "Galway County Council", "anna.berg@galway.ie" }.Take(before))
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal(asked, chat.AskedQuestion);

        await chat.SendAsync(typed);

        Assert.Null(chat.Progress.Pending);
        Assert.Equal(asked, chat.AskedQuestion);
    }

    [Theory]
    // A hurried contributor answers the next question instead of confirming "Other": the words stay, the next one is answered
    // (it used to replace "social housing cooperative" with "we lead it" under Other, and stay on the question).
    [InlineData("en-GB", "social housing cooperative", "we lead it", "[\"direct_leader\"]")]
    [InlineData("de-DE", "Wohnungsgenossenschaft", "Finanzierung", "[\"indirect_funding\"]")]
    // Session 32: "si" opening a sentence (the Italian reflexive, the unaccented yes) confirmed the Other, the answer lost.
    [InlineData("it-IT", "ente pubblico", "si fa carico dei costi", "[\"indirect_funding\"]")]
    public async Task A_clear_answer_to_the_next_question_keeps_the_words_under_other_and_answers_it(string locale, string kept, string next, string expected)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        foreach (var answer in new[] { "Anna Berg", "Stadt Malmö", "anna.berg@malmo.se", "skip", "Language cafés", "Sweden", "Skåne", "Malmö stad" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("lead_organisation_type", chat.AskedQuestion);
        await chat.SendAsync(kept);
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(next);

        var practice = await _host.PracticeOfAsync("sms", "user-1");
        var type = practice!.Answers.Single(a => a.QuestionId == "lead_organisation_type");
        Assert.Equal("\"other\"", type.ValueJson);
        Assert.Equal(kept, type.Original);
        Assert.Equal(expected, practice.Answers.Single(a => a.QuestionId == "regional_authority_role").ValueJson);
        Assert.Null(chat.Progress.Pending);
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);
    }

    [Fact]
    public async Task More_words_for_other_that_the_next_question_does_not_take_replace_them()
    {
        var chat = _host.Chat("sv-SE");
        await chat.StartAsync();
        foreach (var answer in new[] { "Anna Berg", "Malmö stad", "anna.berg@malmo.se", "hoppa över", "Språkcaféer", "Sverige", "Skåne", "Malmö stad" })
        {
            await chat.SendAsync(answer);
        }
        await chat.SendAsync("bostadskooperativ");

        await chat.SendAsync("en kooperativ förening för bostäder");

        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);
        Assert.Equal("lead_organisation_type", chat.Progress.QuestionId);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("en kooperativ förening för bostäder", practice!.Answers.Single(a => a.QuestionId == "lead_organisation_type").Original);
        Assert.Null(practice.Answers.FirstOrDefault(a => a.QuestionId == "regional_authority_role"));
    }

    [Fact]
    public async Task No_to_the_unrecognised_choice_asks_the_question_again_and_yes_keeps_it()
    {
        var chat = _host.Chat("de-DE");
        await chat.StartAsync();
        await chat.SendAsync("ändern 9");

        await chat.SendAsync("Zauberwald");
        await chat.SendAsync("nein");
        Assert.Equal("lead_organisation_type", chat.AskedQuestion);

        await chat.SendAsync("Zauberwald");
        await chat.SendAsync(new ConfirmationSubmitted(true));
        Assert.Equal("contact_name", chat.AskedQuestion);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("\"other\"", practice!.Answers.Single(a => a.QuestionId == "lead_organisation_type").ValueJson);
    }

    [Theory]
    [InlineData("en-GB", "submit")]
    [InlineData("it-IT", "invia")]
    [InlineData("de-DE", "einreichen")]
    [InlineData("fr-FR", "oui")]
    [InlineData("fr-FR", "on envoie")]
    [InlineData("de-DE", "abschicken bitte")]
    [InlineData("es-ES", "envíalo")]
    [InlineData("pt-PT", "pode enviar")]
    public async Task At_submit_now_the_submit_word_and_yes_both_submit(string locale, string reply)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await AnswerEverythingRequiredAsync(chat);
        var submit = TestCore.Questionnaire.Commands["submit"].In(Languages.FromLocale(locale)!)[0];

        await chat.SendAsync(submit);
        Assert.IsType<SummaryReply>(chat.Last[0]);
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);
        await chat.SendAsync(reply);

        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal(PracticeStatus.Submitted, practice!.Status);
        Assert.Equal(Texts.Get(ConversationMessageKeys.Submitted, Languages.FromLocale(locale)!, ("reference", practice.Reference)), Assert.IsType<MessageReply>(chat.Last.Single()).Text);
    }

    [Theory]
    // A yes, then the request to submit, as people answer "submit now?" (each was asked again).
    [InlineData("en-GB", "yes, submit it")]
    [InlineData("en-GB", "ok, send it please")]
    [InlineData("it-IT", "sì, invia pure")]
    [InlineData("pt-PT", "sim, pode submeter")]
    [InlineData("de-DE", "ja, bitte absenden")]
    [InlineData("fr-FR", "oui, vous pouvez envoyer")]
    [InlineData("es-ES", "sí, ya puedes enviar")]
    [InlineData("sv-SE", "ja, skicka in den")]
    [InlineData("el-GR", "ναι, υποβολή τώρα")]
    // The verb as people conjugate it (session 42: "c'est bon, on envoie" was asked again, only "envoyer" was read).
    [InlineData("fr-FR", "c'est bon, on envoie")]
    [InlineData("fr-FR", "oui envoyez-la")]
    [InlineData("de-DE", "ja, schick es ab")]
    [InlineData("es-ES", "sí, envíalo")]
    [InlineData("it-IT", "ok, invialo pure")]
    [InlineData("pt-PT", "sim, envie")]
    [InlineData("sv-SE", "ja, skicka iväg")]
    [InlineData("el-GR", "ναι, στείλτε το")]
    public async Task At_submit_now_a_yes_with_the_request_to_submit_submits(string locale, string reply)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await AnswerEverythingRequiredAsync(chat);
        await chat.SendAsync(TestCore.Questionnaire.Commands["submit"].In(Languages.FromLocale(locale)!)[0]);
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(reply);

        Assert.Equal(PracticeStatus.Submitted, (await _host.PracticeOfAsync("sms", "user-1"))!.Status);
    }

    [Theory]
    [InlineData("en-GB", "yes, but I need to change the title first")]
    [InlineData("de-DE", "ja, aber vorher den Titel ändern")]
    public async Task At_submit_now_a_yes_with_another_request_does_not_submit(string locale, string reply)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await AnswerEverythingRequiredAsync(chat);
        await chat.SendAsync(TestCore.Questionnaire.Commands["submit"].In(Languages.FromLocale(locale)!)[0]);

        await chat.SendAsync(reply);

        Assert.NotEqual(PracticeStatus.Submitted, (await _host.PracticeOfAsync("sms", "user-1"))!.Status);
    }

    [Fact]
    public async Task A_summary_asked_for_at_submit_now_is_shown_then_submit_now_is_asked_again_and_yes_submits()
    {
        var chat = _host.Chat("el-GR");
        await chat.StartAsync();
        await AnswerEverythingRequiredAsync(chat);
        await chat.SendAsync(TestCore.Questionnaire.Commands["submit"].In("el")[0]);
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);

        var replies = await chat.SendAsync("σύνοψη");

        Assert.IsType<SummaryReply>(replies[0]);
        Assert.IsType<ConfirmationReply>(replies[^1]);
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);
        await chat.SendAsync("ναι");
        Assert.Equal(PracticeStatus.Submitted, (await _host.PracticeOfAsync("sms", "user-1"))!.Status);
    }

    [Fact]
    public async Task The_summary_has_every_answer_by_section_with_its_number_for_change()
    {
        var chat = _host.Chat("fr-FR");
        await chat.StartAsync();
        await chat.SendAsync("Claire Martin");

        var replies = await chat.SendAsync("résumé");

        var summary = Assert.IsType<SummaryReply>(replies[0]);
        Assert.Equal(TestCore.Questionnaire.Questions.Count, summary.Sections.Sum(s => s.Items.Count));
        Assert.Equal(new SummaryItem(1, "contact_name", "Votre nom", "Claire Martin"), summary.Sections[0].Items[0]);
        Assert.Null(summary.Sections[0].Items[1].Value);
        Assert.Equal(("Modifier", CommandNames.Change), (summary.ChangeLabel, summary.ChangeCommand));

        await chat.SendAsync(new CommandSubmitted(summary.ChangeCommand, "1"));
        Assert.Equal("contact_name", chat.AskedQuestion);
    }

    [Fact]
    public async Task The_summary_shows_a_consent_given_with_a_condition_with_its_condition_and_an_other_with_its_words()
    {
        var chat = _host.Chat("es-ES");
        await chat.StartAsync();
        await chat.SendAsync("cambiar 31");
        await chat.SendAsync("sí, pero sin mi teléfono");
        await chat.SendAsync("cambiar 16");
        await chat.SendAsync("mujeres y personas sin hogar");
        await chat.SendAsync("sí");

        var summary = Assert.IsType<SummaryReply>((await chat.SendAsync("resumen"))[0]);

        var items = summary.Sections.SelectMany(s => s.Items).ToDictionary(i => i.QuestionId);
        Assert.Equal("Sí (+ \"sin mi teléfono\")", items["consent_publish"].Value);
        Assert.EndsWith("(+ \"personas sin hogar\")", items["target_groups"].Value);
    }

    [Fact]
    public async Task Every_command_of_the_questionnaire_has_a_handler_and_a_missing_one_is_named()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var handlers = scope.ServiceProvider.GetServices<IConversationCommand>().Select(c => c.Name).ToList();

        Assert.Empty(CommandRegistry.Problems(handlers, TestCore.Questionnaire));
        Assert.Equal(["commands.email: no handler for this command."], CommandRegistry.Problems(handlers.Where(h => h != "email"), TestCore.Questionnaire));
        Assert.Contains("commands: the handler \"snooze\" has no words in the questionnaire.", CommandRegistry.Problems([.. handlers, "snooze"], TestCore.Questionnaire));
    }

    [Fact]
    public async Task A_turn_makes_only_the_command_handler_its_message_names()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<CommandRegistry>();

        var found = registry.Find("help");

        Assert.Equal("help", found!.Value.Handler.Name);
        Assert.Same(scope.ServiceProvider.GetServices<IConversationCommand>().Single(h => h.Name == "help"), found.Value.Handler);
        Assert.Null(registry.Find("Maria Rossi"));
        Assert.True(registry.TryGet("change", out var change));
        Assert.Equal("change", change.Name);
        Assert.False(registry.TryGet("snooze", out _));
    }

    [Fact]
    public async Task Command_handlers_registered_without_their_own_type_are_still_found()
    {
        await using var host = await ConversationHost.StartAsync(services =>
        {
            // AddConversationCommand<HelpCommand> added HelpCommand and then IConversationCommand made from it.
            var own = services.IndexOf(services.Single(d => d.ServiceType == typeof(HelpCommand)));
            Assert.Equal(typeof(IConversationCommand), services[own + 1].ServiceType);
            services.RemoveAt(own + 1);
            services.RemoveAt(own);
            services.AddScoped<IConversationCommand, HelpCommand>();
        });
        await using var scope = host.Services.CreateAsyncScope();

        var registry = scope.ServiceProvider.GetRequiredService<CommandRegistry>();

        Assert.Equal("help", registry.Find("help")!.Value.Handler.Name);
        Assert.Equal("change", registry.Find("change 7")!.Value.Handler.Name);
    }

    /// <summary>Every required question answered through the intake service, as if typed earlier.</summary>
    internal static async Task AnswerEverythingRequiredAsync(EngineChat chat)
    {
        var answers = new Dictionary<string, string>
        {
            ["contact_name"] = "Maria Rossi",
            ["contact_organisation"] = "Regione Puglia",
            ["contact_email"] = "maria.rossi@regione.puglia.it",
            ["title"] = "Sportelli di accoglienza",
            ["country"] = "IT",
            ["region"] = "ITF4",
            ["lead_organisation"] = "Regione Puglia",
            ["start_date"] = "2019",
            ["end_date"] = "ongoing",
        };
        foreach (var question in TestCore.Questionnaire.Questions.Where(q => q.Required))
        {
            var text = answers.TryGetValue(question.Id, out var known) ? known
                : question.IsChoice ? question.ChoiceList[0].Code
                : question.Type == QuestionType.Yesno ? "yes"
                : question.Type == QuestionType.Integer ? "10"
                : "Uno sportello in ogni provincia.";
            var number = TestCore.Questionnaire.Questions.ToList().IndexOf(question) + 1;
            await chat.SendAsync(TestCore.Questionnaire.Commands["change"].In(chat.Progress.Language ?? "en")[0] + " " + number);
            await chat.SendAsync(text);
            Assert.True(chat.Last.OfType<MessageReply>().Any(m => m.Text.Contains(':', StringComparison.Ordinal)), $"{question.Id}: {string.Join(" | ", chat.Shown)}");
        }
        chat.Progress.ReturnTo = null;
        _ = TextKey.Fold("");
    }
}
