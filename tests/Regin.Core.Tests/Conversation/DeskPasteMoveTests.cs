using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 38: a regional official at a desk (Teams, web chat) pasting from the practice's report. The moves main's engine
/// got wrong or left stuck: two countries refused, a Portuguese "continua" run as Italian's "continue" command, the end of a
/// period with a numeric date never offered.
/// </summary>
public sealed class DeskPasteMoveTests(ConversationClassHost classHost) : IAsyncLifetime, IClassFixture<ConversationClassHost>
{
    private ConversationHost _host = null!;

    public Task InitializeAsync()
    {
        _host = classHost.Host.ForCase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static readonly string[] ToTheCountry = ["Karin Huber", "Land Salzburg", "karin.huber@salzburg.gv.at", "-", "Integration ab Tag 1"];

    [Theory]
    [InlineData("AUT / DEU", "Österreich", "AT")]
    [InlineData("Österreich und Deutschland", "2", "DE")]
    public async Task Two_countries_are_offered_to_pick_and_the_one_picked_is_kept(string typed, string picked, string country)
    {
        // "I do not recognise this country" (the contributor had named both rightly).
        var chat = _host.Chat("de-AT");
        await chat.StartAsync();
        foreach (var message in ToTheCountry)
        {
            await chat.SendAsync(message);
        }
        Assert.Equal("country", chat.AskedQuestion);

        await chat.SendAsync(typed);

        var offer = Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        Assert.Equal(["Österreich", "Deutschland"], offer.Candidates.Select(c => c.Display));
        Assert.Contains(chat.Shown, line => line.Contains("Welches ist es?", StringComparison.Ordinal));

        await chat.SendAsync(picked);

        Assert.Equal("region", chat.AskedQuestion);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal($"\"{country}\"", practice!.Answers.Single(a => a.QuestionId == "country").ValueJson);
    }

    [Fact]
    public async Task Continua_at_the_end_date_of_a_Portuguese_chat_is_ongoing_not_Italian_s_continue()
    {
        // It ran Italian's "continue" ("Sembra che stia scrivendo in un'altra lingua"), the end date asked again.
        var chat = _host.Chat("pt-PT");
        await chat.StartAsync();
        foreach (var message in new[] { "João Pereira", "Governo Regional dos Açores", "joao@azores.gov.pt", "-", "Açores Acolhe", "Portugal",
                     "Açores", "Governo Regional dos Açores", "autoridade regional", "lidera o projeto", "-", "-", "março de 2019" })
        {
            await chat.SendAsync(message);
        }
        Assert.Equal("end_date", chat.AskedQuestion);

        await chat.SendAsync("continua");

        Assert.Equal("integration_areas", chat.AskedQuestion);
        Assert.DoesNotContain(chat.Shown, line => line.Contains("Italiano", StringComparison.Ordinal));
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.Equal("\"ongoing\"", practice!.Answers.Single(a => a.QuestionId == "end_date").ValueJson);
    }

    [Theory]
    [InlineData("it-IT", "dal 1° marzo 2019 al 31/12/2021", "\"2021-12-31\"")]
    [InlineData("es-ES", "Empezó en marzo de 2019 y sigue en marcha", "\"ongoing\"")]
    [InlineData("es-ES", "Empezó en marzo de 2019 y sigue en marcha; presupuesto de 120.000 € al año, cofinanciado por el FAMI", "\"ongoing\"")]
    // Session 38: a comma before "still running" (the end was asked blank: the comma read as a remark, as at the end date).
    [InlineData("de-DE", "März 2019, läuft noch", "\"ongoing\"")]
    [InlineData("en-GB", "Started in March 2019, still running", "\"ongoing\"")]
    [InlineData("es-ES", "marzo 2019, todavía en marcha; presupuesto de 120.000 € al año", "\"ongoing\"")]
    public async Task A_period_typed_at_the_start_date_offers_its_end(string locale, string period, string end)
    {
        // The end date was asked blank (the numeric end's slashes were taken for a school year's; "y sigue en marcha" was
        // "could not read this date").
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        foreach (var message in new[] { "Anna Verdi", "Regione", "anna@regione.it", "-", "Benvenuti", "Italia", "Lazio", "Comune di Roma", "1", "4", "-", "-" })
        {
            await chat.SendAsync(message);
        }
        Assert.Equal("start_date", chat.AskedQuestion);

        await chat.SendAsync(period);

        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        await chat.SendAsync(locale[..2] switch { "it" => "sì", "es" => "sí", "de" => "ja", _ => "yes" });
        Assert.Equal("integration_areas", chat.AskedQuestion);
        var practice = await _host.PracticeOfAsync("sms", "user-1");
        Assert.StartsWith("\"2019-03", practice!.Answers.Single(a => a.QuestionId == "start_date").ValueJson, StringComparison.Ordinal);
        Assert.Equal(end, practice.Answers.Single(a => a.QuestionId == "end_date").ValueJson);
    }
}
