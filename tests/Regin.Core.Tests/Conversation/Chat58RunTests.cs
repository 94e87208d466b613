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
}
