namespace Regin.Bot.Tests.Chat;

/// <summary>The chat shows what it noted as the contributor's language writes it, never as stored.</summary>
public sealed class ValueDisplayTests(ChatClassHost host) : ChatTestBase(host), IClassFixture<ChatClassHost>
{
    [Theory]
    [InlineData("it-IT", "modifica", "03/2019", "Registrato: marzo 2019", "in corso", "Registrato: in corso", "240000", "Registrato: 240.000 €")]
    [InlineData("de-DE", "ändern", "3/2019", "Notiert: März 2019", "laufend", "Notiert: laufend", "240000", "Notiert: 240.000 €")]
    [InlineData("es-ES", "cambiar", "2019-03", "marzo de 2019", "en curso", "en curso", "240000", "240.000 €")]
    [InlineData("el-GR", "αλλαγή", "03/2019", "Μάρτιος 2019", "σε εξέλιξη", "σε εξέλιξη", "240000", "240.000 €")]
    public async Task Dates_ongoing_and_euros_are_shown_in_the_contributor_s_language(
        string locale, string change, string start, string startShown, string end, string endShown, string budget, string budgetShown)
    {
        var chat = Driver(locale);
        await chat.StartAsync();

        await chat.SendAsync($"{change} 13");
        var replies = await chat.SendAsync(start);
        Assert.Contains(startShown, Seen(replies[0].Text));
        Assert.DoesNotContain("2019-03", replies[0].Text);

        await chat.SendAsync($"{change} 14");
        replies = await chat.SendAsync(end);
        Assert.Contains(endShown, replies[0].Text);
        Assert.DoesNotContain("ongoing", replies[0].Text);

        await chat.SendAsync($"{change} 23");
        replies = await chat.SendAsync(budget);
        Assert.Contains(budgetShown, Seen(replies[0].Text));
    }

    private static string Seen(string text) => text.Replace('\u00a0', ' ').Replace('\u202f', ' ');
}
