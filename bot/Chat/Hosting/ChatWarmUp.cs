using System.Diagnostics;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;
using Regin.Bot.DirectLine;
using Regin.Core;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// Rehearses the first turns of a web chat once at start-up, before the host listens: in each language a start and the
/// first answers, each turn through the local Direct Line's adapter and the whole turn pipeline (the turn lock, the unit
/// of work, the posted message joining the transcript, the raw input, the chat state, the engine, the intake's new draft
/// and its answers, the replies rendered, appended and told to the streams, the commit), in the provider's rehearsal
/// database (<see cref="ReginDatabaseProvider.OpenRehearsalDatabaseAsync"/>: on SQLite a private in-memory copy of the
/// schema, thrown away afterwards; <see cref="ChatRehearsal"/> makes each turn use it). The real database is only read
/// (its schema, and the look-up of a conversation a post makes): nothing is written to it, no lock of it is taken, no
/// number is used, no turn is counted, and nothing below Warning is logged.
/// Without it the first answer after a start compiled the code of a new draft and of a posted message's turn while it
/// held SQLite's one write lock (first about 300 ms, then, with the engine rehearsed alone, about 110 ms on a shared
/// 2-core machine), during which every other chat's turn queued behind it (the reply p99 of 100 chats at once was those
/// first answers). A provider without a rehearsal database (PostgreSQL) is not warmed.
/// </summary>
public sealed class ChatWarmUp(IServiceProvider services, ReginDatabaseProvider database, IOptions<ChatOptions> options, ILogger<ChatWarmUp> logger) : IHostedService
{
    /// <summary>The answers rehearsed after each start (the first questions, whatever they are).</summary>
    private const int Answers = 3;

    /// <summary>How many turns the last warm-up rehearsed (for tests and diagnostics).</summary>
    public int TurnsRehearsed { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.WarmUp)
        {
            return;
        }
        var clock = Stopwatch.StartNew();
        try
        {
            await using var rehearsal = await database.OpenRehearsalDatabaseAsync(cancellationToken);
            if (rehearsal is null)
            {
                return;
            }
            var adapter = services.GetRequiredService<DirectLineBotAdapter>();
            var bot = services.GetRequiredService<IBot>();
            var store = services.GetRequiredService<DirectLineStore>();
            var questionnaire = services.GetRequiredService<QuestionnaireDefinition>();
            // The rehearsed turns run on the rehearsal's database and log nothing below Warning (their drafts are never
            // stored); this summary says what ran.
            using (ChatRehearsal.Begin(rehearsal))
            {
                foreach (var language in Languages.All)
                {
                    TurnsRehearsed += await RehearseAsync(adapter, bot, store, questionnaire, language, cancellationToken);
                }
            }
            logger.LogInformation("Chat warm-up: {Turns} turns rehearsed in a private in-memory database in {Milliseconds} ms (nothing stored)",
                TurnsRehearsed, clock.ElapsedMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A warm-up that fails costs the first chats their speed, not the host its start.
            logger.LogWarning(e, "Chat warm-up failed after {Milliseconds} ms; the first chats compile their code themselves", clock.ElapsedMilliseconds);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>One web chat in <paramref name="language"/>: a start and the first answers, as the Direct Line's API runs them; the number of turns it ran.</summary>
    private static async Task<int> RehearseAsync(DirectLineBotAdapter adapter, IBot bot, DirectLineStore store, QuestionnaireDefinition questionnaire, string language,
        CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var conversation = new DirectLineConversation { Id = "warm-up-" + language, UserId = "warm-up:" + language, Locale = language, CreatedAt = now, UpdatedAt = now };
        await adapter.StartAsync(conversation, bot, cancellationToken);
        var turns = 1;
        foreach (var question in questionnaire.Questions.Take(Answers))
        {
            if (AnswerTo(question) is not { } text)
            {
                break;
            }
            // What the API does with a post: the conversation looked up (in the real database: none, it is only read), the
            // body read as an activity, the activity posted into its turn.
            await store.FindAsync(conversation.Id, cancellationToken);
            var body = Newtonsoft.Json.JsonConvert.SerializeObject(new
            {
                type = "message",
                text,
                locale = language,
                from = new { id = conversation.UserId },
                channelData = new { clientActivityID = $"warm-up-{turns}" },
            });
            var activity = DirectLineApi.ReadActivity(body) ?? throw new InvalidOperationException("The rehearsal's message is not an activity.");
            DirectLineApi.Address(activity, conversation, DateTimeOffset.UtcNow);
            await adapter.ProcessPostedAsync(activity, bot, (_, newId) =>
            {
                activity.Id = newId;
                return Newtonsoft.Json.JsonConvert.SerializeObject(activity, DirectLineBotAdapter.JsonSettings);
            }, cancellationToken);
            turns++;
        }
        return turns;
    }

    /// <summary>A valid answer of the question's type (what a contributor types first: a name, an organisation, an address).</summary>
    private static string? AnswerTo(Question question) => question.Type switch
    {
        QuestionType.Text or QuestionType.Longtext => "Warm Up",
        QuestionType.Email => "warm-up@example.org",
        QuestionType.Phone => "+32 2 555 0100",
        QuestionType.Url => "www.example.org",
        QuestionType.Integer => "10",
        QuestionType.MoneyEur => "1000",
        _ => null,
    };
}
