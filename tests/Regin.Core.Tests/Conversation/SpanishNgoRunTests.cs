using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 45, a Málaga NGO worker's chat in Spanish, typed one question ahead: "si vale" to the welcome was stored as her
/// name, "desde 2019 y seguimos" (the start and that it goes on) at the partners was stored as the partners and refused at the
/// start date, and "seguimos" at the end date (the continue word) asked the end date again, silently.
/// </summary>
public sealed class SpanishNgoRunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private async Task<EngineChat> AtThePartnersAsync()
    {
        var chat = Host.Chat("es-ES");
        await chat.StartAsync();
        await chat.SendAsync("si vale");
        Assert.Equal("contact_name", chat.AskedQuestion);
        Assert.Null(await AnswerOfAsync("contact_name"));
        foreach (var answer in new[]
        {
            "lucia fdez", "Asociacion Malaga Acoge", "lucia.fdez@malagaacoge.org", "saltar",
            "Malaga Acoge - Acompañamiento a familias refugiadas", "españa", "andalucia", "nosotros", "ong",
            "la junta nos financia una parte", "nos dan una subvencion anual via convocatoria IRPF",
        })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("partners", chat.AskedQuestion);
        return chat;
    }

    [Theory]
    [InlineData("desde 2019 y seguimos", "2019")]
    [InlineData("empezamos en sept 2019 y seguimos", "2019-09")]
    public void The_start_with_we_go_on_after_it_is_the_start(string text, string start)
    {
        var answer = TestCore.Normalise("start_date", text, "es");
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(start, answer.Value());
    }

    [Theory]
    [InlineData("es", "seguimos")]
    [InlineData("es", "seguimos en ello")]
    [InlineData("it", "è ancora attivo")]
    public void We_go_on_at_the_end_date_is_ongoing(string language, string text)
    {
        var answer = TestCore.Normalise("end_date", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("ongoing", answer.Value());
    }

    [Fact]
    public async Task The_dates_typed_at_the_partners_are_offered_at_the_start_date_and_seguimos_at_the_end_date_is_ongoing()
    {
        var chat = await AtThePartnersAsync();

        await chat.SendAsync("desde 2019 y seguimos");
        Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        Assert.Null(await AnswerOfAsync("partners"));
        await chat.SendAsync("sí");
        Assert.Equal("\"2019\"", (await AnswerOfAsync("start_date"))!.ValueJson);

        // Back at the partners, then the end date: the continue word is the answer there.
        Assert.Equal("partners", chat.AskedQuestion);
        await chat.SendAsync("la junta de andalucia y el ayuntamiento de malaga, tambien cruz roja para derivaciones");
        Assert.Equal("end_date", chat.AskedQuestion);
        await chat.SendAsync("seguimos");
        Assert.Equal("\"ongoing\"", (await AnswerOfAsync("end_date"))!.ValueJson);
        Assert.NotEqual("end_date", chat.AskedQuestion);
    }

    [Fact]
    public async Task The_budget_offered_at_the_funding_sources_and_passed_over_is_offered_again_at_the_budget()
    {
        var chat = await AtThePartnersAsync();
        foreach (var answer in new[]
        {
            "la junta de andalucia y el ayuntamiento de malaga", "sept 2019", "seguimos", "acogida, vivienda y empleo", "sí",
            "familias refugiadas y solicitantes de asilo", "muchas familias llegaban sin saber a donde ir",
            "que las familias tengan vivienda estable", "acompañamos a cada familia", "unas 400 personas con vivienda", "400",
        })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("funding_sources", chat.AskedQuestion);

        await chat.SendAsync("unos 180.000 € en total");
        Assert.IsType<SkipAheadConfirmation>(chat.Progress.Pending);
        // The sources typed instead of a yes or a no: the sources' answer, and the amount offered when the budget comes.
        await chat.SendAsync("junta (IRPF) y fondos propios");
        Assert.Equal("[\"regional_budget\",\"private\"]", (await AnswerOfAsync("funding_sources"))!.ValueJson);
        Assert.Equal("budget_eur", chat.AskedQuestion);
        Assert.Contains(chat.Shown, shown => shown.Contains("«unos 180.000 € en total»", StringComparison.Ordinal));
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);

        await chat.SendAsync("sí");
        Assert.Equal("180000", (await AnswerOfAsync("budget_eur"))!.ValueJson);
        Assert.Null(chat.Progress.OfferedAhead);
    }

    [Fact]
    public async Task After_a_pause_the_continue_word_continues_and_answers_nothing()
    {
        var chat = await AtThePartnersAsync();
        await chat.SendAsync("saltar");
        await chat.SendAsync("sept 2019");
        Assert.Equal("end_date", chat.AskedQuestion);
        await chat.SendAsync("pausa");

        await chat.SendAsync("seguimos");

        Assert.Null(await AnswerOfAsync("end_date"));
        Assert.Equal("end_date", chat.AskedQuestion);
    }
}
