using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.Tests.Chat;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;
using Regin.Testing;

namespace Regin.Bot.Tests.Review;

/// <summary>
/// The review search finds what the bot host's writers stored, as soon as it is committed (the search index is written
/// once per practice per transaction): a researcher's edit of an answer, an erasure (its words gone), a chat turn.
/// Run on both providers.
/// </summary>
public abstract class SearchIndexWritersTests<TApplication>(TApplication app) : IClassFixture<TApplication>
    where TApplication : ReviewApplication
{
    [Fact]
    public async Task A_researchers_edit_and_an_erasure_change_what_the_search_finds()
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var address = $"walker.{unique}@example.org";
        var name = $"Wanda Zyxwalker{unique}";
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "en", change: p =>
        {
            p.ContributorEmail = address;
            p.Identities.Clear();
            p.Identities.Add(new ContributorIdentity { Channel = Channels.Email, ExternalId = address });
            ReviewApplication.Set(p, "contact_name", JsonSerializer.Serialize(name), name);
        });
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        Assert.Contains(practice.Reference, await client.GetStringAsync("/review?q=" + Uri.EscapeDataString("zyxwalker" + unique)), StringComparison.Ordinal);

        var page = await client.GetStringAsync(path);
        var edited = await ReviewApplication.PostFormAsync(client, path + "/answers/title", await ReviewApplication.TokenAsync(client, path),
            ("text", $"Lighthouse{unique} reading circle"), ("reason", "The contributor's own title"), ("version", ReviewApplication.Version(page)));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal([practice.Number], await SearchAsync($"lighthouse{unique} circle"));

        var erased = await ReviewApplication.PostFormAsync(client, "/review/contributors/erase", await ReviewApplication.TokenAsync(client, "/review/contributors"),
            ("email", address), ("confirm", "yes"));
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Empty(await SearchAsync("zyxwalker" + unique));
        Assert.Equal([practice.Number], await SearchAsync($"lighthouse{unique}"));
    }

    [Fact]
    public async Task A_chat_turn_is_found_by_its_words()
    {
        await using var host = await ChatHost.StartAsync(app.Database);
        var unique = Guid.NewGuid().ToString("N")[..10];
        var chat = new ChatDriver(host.Adapter("webchat", "search-" + unique, "user-" + unique, "en-US"), host.Bot);
        await chat.StartAsync();
        await chat.SendAsync("Jo Bloggs");
        await chat.SendAsync($"Quarrytown{unique} County Council");
        var practice = await host.PracticeOfAsync("webchat", "user-" + unique);
        Assert.Equal([practice!.Number], await SearchAsync($"quarrytown{unique} council"));
    }

    private Task<List<int>> SearchAsync(string words) => app.WithDbAsync(async db =>
        (await new ReviewQueries(db).ListAsync(new PracticeListQuery { Search = words, PageSize = 200 })).Rows.Select(r => r.Number).ToList());
}

public sealed class SearchIndexWritersTestsOnSqlite(ReviewApplication app) : SearchIndexWritersTests<ReviewApplication>(app);

public sealed class SearchIndexWritersTestsOnPostgreSql(PostgreSqlReviewApplication app) : SearchIndexWritersTests<PostgreSqlReviewApplication>(app);
