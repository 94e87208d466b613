using Regin.Core.Conversation;
using Regin.Tests.Shared.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 37: what a volunteer typing on a phone does around the answers (a thumb for yes, two answers in one message, a
/// second message adding to the first, a star correcting the message before), each of which was refused, stored in the
/// wrong question or read as "your message is empty" by main's engine.
/// </summary>
public sealed class PhoneMoveTests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
{
    private ConversationHost _host = null!;

    public Task InitializeAsync()
    {
        _host = classHost.Host.ForCase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("👍", true)]
    [InlineData("👍🏽", true)]
    [InlineData("👌", true)]
    [InlineData("✅", true)]
    [InlineData("✔️", true)]
    [InlineData("👍👍", true)]
    [InlineData("👎", false)]
    [InlineData("❌", false)]
    [InlineData("👍👎", null)]
    [InlineData("ok 👍", null)] // words: read as words
    [InlineData("🙂", null)]
    public void A_thumb_alone_is_a_yes_or_a_no(string text, bool? meaning) =>
        Assert.Equal(meaning, ConversationEngine.Thumbs(text));

    [Theory]
    [InlineData("en-IE", "Ireland", "Southern", "Cork County Council, local authority", "Cork County Council")]
    [InlineData("de-DE", "Deutschland", "Hessen", "Landkreis Kassel, Kommune", "Landkreis Kassel")]
    [InlineData("fr-FR", "France", "Bretagne", "Ville de Rennes, collectivite locale", "Ville de Rennes")]
    [InlineData("es-ES", "España", "Andalucía", "Ayuntamiento de Sevilla, entidad local", "Ayuntamiento de Sevilla")]
    [InlineData("it-IT", "Italia", "Lazio", "Comune di Roma (ente locale)", "Comune di Roma")]
    [InlineData("pt-PT", "Portugal", "Norte", "Camara Municipal do Porto - autarquia", "Camara Municipal do Porto")]
    [InlineData("el-GR", "Ελλάδα", "Αττική", "Dimos Athinaion, topiki aftodioikisi", "Dimos Athinaion")]
    [InlineData("sv-SE", "Sverige", "Stockholm", "Malmo stad, kommun", "Malmo stad")]
    public async Task The_kind_typed_after_the_lead_organisation_is_offered_for_the_next_question_and_a_thumb_takes_it(
        string locale, string country, string region, string typed, string name)
    {
        // The whole line was stored as the organisation's name, and the kind asked again blank.
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        foreach (var message in new[] { "anna", "refugee aid", "anna@ra.org", "-", "welcome packs", country, region })
        {
            await chat.SendAsync(message);
        }
        Assert.Equal("lead_organisation", chat.AskedQuestion);

        await chat.SendAsync(typed);

        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal($"\"{name}\"", practice!.Answers.Single(a => a.QuestionId == "lead_organisation").ValueJson);
        await chat.SendAsync("👍");
        practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("\"local_authority\"", practice!.Answers.Single(a => a.QuestionId == "lead_organisation_type").ValueJson);
        Assert.Equal("regional_authority_role", chat.AskedQuestion);
    }

    [Fact]
    public async Task A_thumb_down_refuses_the_kind_offered_and_the_kind_is_asked()
    {
        var chat = _host.Chat("en-IE");
        await chat.StartAsync();
        foreach (var message in new[] { "anna", "refugee aid", "anna@ra.org", "-", "welcome packs", "Ireland", "Southern", "Cork County Council, local authority" })
        {
            await chat.SendAsync(message);
        }

        await chat.SendAsync("👎");

        Assert.Equal("lead_organisation_type", chat.AskedQuestion);
        Assert.Null(chat.Progress.Pending);
        Assert.DoesNotContain((await _host.PracticeOfAsync("sms", "user-1"))!.Answers, a => a.QuestionId == "lead_organisation_type");
    }

    [Theory]
    [InlineData("en-IE", "n/a", "Caritas", "and the red cross", "Added – Other partners and stakeholders: Caritas and the red cross")]
    [InlineData("de-DE", "n/a", "Diakonie", "und das DRK", "Ergänzt – Weitere Partner und Beteiligte: Diakonie und das DRK")]
    [InlineData("fr-FR", "n/a", "Caritas", "et la croix rouge", "Ajouté – Autres partenaires et parties prenantes : Caritas et la croix rouge")]
    [InlineData("el-GR", "n/a", "Caritas", "kai o erythros stavros", "Προστέθηκε – Άλλοι εταίροι και ενδιαφερόμενα μέρη: Caritas kai o erythros stavros")]
    [InlineData("sv-SE", "n/a", "Caritas", "och roda korset", "Tillagt – Andra partner och intressenter: Caritas och roda korset")]
    public async Task A_second_message_opening_with_and_adds_to_the_answer_just_given(string locale, string skip, string first, string more, string said)
    {
        // "and the red cross" typed once the start date was asked: "I could not read this date".
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        foreach (var message in new[] { "anna", "refugee aid", "anna@ra.org", "-", "welcome packs", "Ireland", "Southern", "refugee aid", "ngo", "4", skip, first })
        {
            await chat.SendAsync(message);
        }
        Assert.Equal("start_date", chat.AskedQuestion);

        await chat.SendAsync(more);

        Assert.Equal("start_date", chat.AskedQuestion);
        Assert.Contains(said, chat.Shown);
        var partners = (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "partners");
        Assert.Equal($"{first} {more}", partners.Original);
    }

    [Fact]
    public async Task A_decline_opening_with_a_letter_that_is_an_and_adds_nothing()
    {
        // "n/a" at the website, after the monitoring: "n" is the SMS "and"; it was added to the monitoring's answer.
        var chat = _host.Chat("en-IE");
        await chat.StartAsync();
        foreach (var message in EverydayChats.Phone["en"].Messages.TakeWhile(m => m != "idk"))
        {
            await chat.SendAsync(message);
        }
        await chat.SendAsync("annual review");
        Assert.Equal("website", chat.AskedQuestion);

        await chat.SendAsync("n/a");

        Assert.Equal("consent_publish", chat.AskedQuestion);
        Assert.Equal("annual review", (await _host.PracticeOfAsync("sms", "user-1"))!.Answers.Single(a => a.QuestionId == "monitoring_evaluation").Original);
    }

    [Theory]
    [InlineData("en-IE", "ongoing")]
    [InlineData("de-DE", "läuft noch")]
    public async Task A_star_before_a_value_corrects_the_message_before(string locale, string ongoing)
    {
        // "*2018" typed at the end date after "2019": it was stored as the end date.
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        foreach (var message in new[] { "anna", "refugee aid", "anna@ra.org", "-", "welcome packs", "Ireland", "Southern", "refugee aid", "ngo", "4", "-", "-", "2019" })
        {
            await chat.SendAsync(message);
        }
        Assert.Equal("end_date", chat.AskedQuestion);

        await chat.SendAsync("*2018");

        Assert.Equal("end_date", chat.AskedQuestion);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("\"2018\"", practice!.Answers.Single(a => a.QuestionId == "start_date").ValueJson);
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "end_date");
        await chat.SendAsync(ongoing);
        Assert.Equal("integration_areas", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("en-IE", "ok thx", "You're welcome!")]
    [InlineData("en-IE", "thanks", "You're welcome!")]
    [InlineData("fr-FR", "merci", "Je vous en prie !")]
    [InlineData("fr-FR", "ok merci", "Je vous en prie !")]
    [InlineData("de-DE", "danke", "Gern geschehen!")]
    [InlineData("de-DE", "ok danke", "Gern geschehen!")]
    [InlineData("el-GR", "ευχαριστώ", "Παρακαλώ!")]
    [InlineData("el-GR", "efxaristw", "Παρακαλώ!")]
    [InlineData("sv-SE", "tack", "Ingen orsak!")]
    [InlineData("it-IT", "grazie", "Prego!")]
    [InlineData("pt-PT", "obrigado", "De nada!")]
    [InlineData("es-ES", "gracias", "¡De nada!")]
    public async Task A_thanks_alone_is_no_answer_and_the_question_comes_again(string locale, string thanks, string said)
    {
        // "ok thx" typed at the title (after the "👍" of a question before) was stored as the practice's title.
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        foreach (var message in new[] { "anna", "refugee aid", "anna@ra.org", "-" })
        {
            await chat.SendAsync(message);
        }
        Assert.Equal("title", chat.AskedQuestion);

        await chat.SendAsync(thanks);

        Assert.Equal("title", chat.AskedQuestion);
        Assert.Contains(said, chat.Shown);
        Assert.DoesNotContain((await _host.PracticeOfAsync("sms", "user-1"))!.Answers, a => a.QuestionId == "title");
    }

    [Fact]
    public async Task A_thanks_alone_at_a_long_text_is_no_description()
    {
        var chat = _host.Chat("en-IE");
        await chat.StartAsync();
        foreach (var message in EverydayChats.Phone["en"].Messages.TakeWhile(m => m != "ppl had nowhere to go"))
        {
            await chat.SendAsync(message);
        }
        Assert.Equal("description", chat.AskedQuestion);

        await chat.SendAsync("ok thx");

        Assert.Equal("description", chat.AskedQuestion);
        Assert.DoesNotContain((await _host.PracticeOfAsync("sms", "user-1"))!.Answers, a => a.QuestionId == "description");
        await chat.SendAsync("ppl had nowhere to go");
        Assert.Equal("objectives", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("en-IE", "👍", "Your message is empty.")]
    [InlineData("de-DE", "👌🏽", "Ihre Nachricht ist leer.")]
    [InlineData("fr-FR", "👎", "Votre message est vide.")]
    public async Task A_thumb_where_no_yes_or_no_is_awaited_asks_the_question_again_without_calling_it_empty(string locale, string thumb, string empty)
    {
        // "👍" at the title, nothing pending: "your message is empty", which it was not.
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        foreach (var message in new[] { "anna", "refugee aid", "anna@ra.org", "-" })
        {
            await chat.SendAsync(message);
        }

        await chat.SendAsync(thumb);

        Assert.Equal("title", chat.AskedQuestion);
        Assert.DoesNotContain(chat.Shown, line => line.Contains(empty, StringComparison.Ordinal));
        Assert.DoesNotContain((await _host.PracticeOfAsync("sms", "user-1"))!.Answers, a => a.QuestionId == "title");
    }

    [Fact]
    public async Task The_dates_named_at_submit_now_ask_the_start_date_then_the_end_date_then_the_summary()
    {
        // After "no, the dates are wrong" only the start date was asked; "ongoing" for the end date met "submit now?".
        var chat = _host.Chat("en-IE");
        await chat.StartAsync();
        foreach (var message in EverydayChats.Phone["en"].Messages.TakeWhile(m => m != "no, the dates are wrong"))
        {
            await chat.SendAsync(message);
        }
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);

        await chat.SendAsync("no, the dates are wrong");
        Assert.Equal("start_date", chat.AskedQuestion);
        await chat.SendAsync("2018");
        Assert.Equal("end_date", chat.AskedQuestion);
        await chat.SendAsync("ongoing");

        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("\"2018\"", practice!.Answers.Single(a => a.QuestionId == "start_date").ValueJson);
        Assert.Equal("\"ongoing\"", practice.Answers.Single(a => a.QuestionId == "end_date").ValueJson);
    }
}
