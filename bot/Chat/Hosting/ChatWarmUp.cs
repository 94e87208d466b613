using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Regin.Bot.Chat.Rendering;
using Regin.Core;
using Regin.Core.Conversation;
using Regin.Core.Intake;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// Rehearses the first turns of a chat once at start-up, before the host listens: in each language a start and the first
/// answers (a new draft, its answers, their events), through the conversation engine, the intake and EF Core, rendered
/// as the channel renders them, in the provider's rehearsal database (<see cref="ReginDatabaseProvider.OpenRehearsalDatabaseAsync"/>:
/// on SQLite a private in-memory copy of the schema, thrown away afterwards). The real database is only read (its
/// schema): nothing is written to it, no lock of it is taken, no number is used, no turn is counted.
/// Without it the first answer after a start compiled the code of a new draft (EF Core's insert of a practice with its
/// identity and event, the answer's save, the engine's echo) while it held SQLite's one write lock: about 300 ms on a
/// shared 2-core machine, during which every other chat's turn queued behind it (the reply p99 of 100 chats at once was
/// those first answers). A provider without a rehearsal database (PostgreSQL) is not warmed.
/// </summary>
public sealed class ChatWarmUp(IServiceScopeFactory scopes, ReginDatabaseProvider database, IOptions<ChatOptions> options, ILogger<ChatWarmUp> logger) : IHostedService
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
            // The rehearsed turns log nothing below Warning (their drafts are never stored); this summary says what ran.
            using (RehearsalLog.Quiet())
            {
                foreach (var language in Languages.All)
                {
                    TurnsRehearsed += await RehearseAsync(rehearsal, language, cancellationToken);
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

    /// <summary>One chat in <paramref name="language"/>: a start and the first answers; the number of turns it ran.</summary>
    private async Task<int> RehearseAsync(DbConnection rehearsal, string language, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var own = db.Database.GetConnectionString();
        db.Database.SetDbConnection(rehearsal, contextOwnsConnection: false);
        // Opened (it is open already) and closed once, as a turn's unit of work does: the pooled context goes back with its
        // connection counted closed, and takes its own connection back.
        await db.Database.OpenConnectionAsync(cancellationToken);
        // Each rehearsed turn is one transaction, begun by its first write, as TurnUnitOfWork begins a turn's: the writes
        // that bypass SaveChanges join it through UnitTransaction, a save begins it, and it commits at the turn's end.
        void BeginOnFirstWrite(object? sender, SavingChangesEventArgs e)
        {
            if (db.Database.CurrentTransaction is null && db.ChangeTracker.HasChanges())
            {
                db.Database.BeginTransaction();
            }
        }
        db.SavingChanges += BeginOnFirstWrite;
        try
        {
            var engine = scope.ServiceProvider.GetRequiredService<ConversationEngine>();
            var questionnaire = scope.ServiceProvider.GetRequiredService<QuestionnaireDefinition>();
            var rawInputs = scope.ServiceProvider.GetRequiredService<RawInputStore>();
            var unit = scope.ServiceProvider.GetRequiredService<UnitTransaction>();
            unit.Join = async token =>
            {
                if (db.Database.CurrentTransaction is null)
                {
                    await db.Database.BeginTransactionAsync(token);
                }
            };
            async Task CommitAsync()
            {
                await db.SaveChangesAsync(cancellationToken);
                if (db.Database.CurrentTransaction is { } transaction)
                {
                    await transaction.CommitAsync(cancellationToken);
                    await transaction.DisposeAsync();
                }
            }
            var progress = new ConversationProgress();
            var profile = new ContributorProfile();
            var channel = Microsoft.Bot.Connector.Channels.Webchat;
            var user = "warm-up:" + language;
            var input = new ConversationInput(channel, "warm-up:" + language, user, Text: null, Locale: language, IsConversationStart: true);
            Render(await engine.HandleAsync(input, progress, profile, cancellationToken), channel, user);
            await CommitAsync();
            var turns = 1;
            for (var i = 0; i < Answers; i++)
            {
                var question = questionnaire.Questions.FirstOrDefault(q => q.Id == progress.QuestionId);
                if (question is null || AnswerTo(question) is not { } text)
                {
                    break;
                }
                Render(await engine.HandleAsync(input with { Text = text, IsConversationStart = false }, progress, profile, cancellationToken), channel, user);
                turns++;
                // The message's raw input, as a turn stores it (statements prepared from the model, in the unit's transaction).
                await rawInputs.StoreInUnitAsync(new RawInput
                {
                    Channel = channel,
                    DedupKey = $"{input.ConversationId}|{turns}",
                    ConversationId = input.ConversationId,
                    ContentType = "application/json",
                    Content = System.Text.Encoding.UTF8.GetBytes(text),
                    PracticeId = progress.PracticeId,
                }, unit, cancellationToken);
                await CommitAsync();
            }
            return turns;
        }
        finally
        {
            db.SavingChanges -= BeginOnFirstWrite;
            if (db.Database.CurrentTransaction is { } open)
            {
                await open.DisposeAsync();
            }
            db.ChangeTracker.Clear();
            await db.Database.CloseConnectionAsync();
            db.Database.SetDbConnection(null, contextOwnsConnection: true);
            db.Database.SetConnectionString(own);
        }
    }

    private static void Render(IReadOnlyList<ConversationReply> replies, string channel, string user)
    {
        foreach (var reply in replies)
        {
            // As the local Direct Line stores it in the transcript.
            Newtonsoft.Json.JsonConvert.SerializeObject(ActivityRenderer.Render(reply, channel, user), Regin.Bot.DirectLine.DirectLineBotAdapter.JsonSettings);
        }
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
