using System.Diagnostics;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using Microsoft.Extensions.Options;
using Regin.Bot.DirectLine;
using Regin.Core;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// Rehearses a web chat once at start-up, before the host listens: in each language a start and an answer to every
/// question up to the last one (never the submission), each turn through the local Direct Line's adapter and the whole turn pipeline (the turn lock, the unit
/// of work, the posted message joining the transcript, the raw input, the chat state, the engine, the intake's new draft
/// and its answers, the replies rendered, appended and told to the streams, the commit), in the provider's rehearsal
/// database (<see cref="ReginDatabaseProvider.OpenRehearsalDatabaseAsync"/>: on SQLite a private in-memory copy of the
/// schema, on PostgreSQL a session of its own whose tables are empty temporary copies of the real ones, each thrown away
/// afterwards; <see cref="ChatRehearsal"/> makes each turn use it). The real database is only read (its schema): nothing
/// is written to it, no lock another session waits for is taken, no number is used, no turn is counted, nothing is told
/// to another host, and nothing below Warning is logged. Each answer is posted through the Direct Line
/// API's own endpoint, called in process (the page's token, the body, the conversation looked up in the rehearsal's
/// database, the id written back); the real database's kept connections get the rehearsal's statements compiled; and the
/// warm-up ends once the runtime has stopped recompiling the code it made hot (at most 3 s).
/// Without it the first answer after a start compiled the code of a new draft and of a posted message's turn while it
/// held SQLite's one write lock (first about 300 ms, then, with the engine rehearsed alone, about 110 ms on a shared
/// 2-core machine), during which every other chat's turn queued behind it (the reply p99 of 100 chats at once was those
/// first answers). On PostgreSQL, until session 17, nothing was rehearsed: 10 chats at once started in 1.3 s (SQLite
/// 0.2 s) while their first turns compiled Npgsql's and EF Core's PostgreSQL code. A provider without a rehearsal
/// database (an in-memory SQLite database) is not warmed. Its last part runs once the host listens, before GET /healthz
/// says ready: chats over a real loopback socket (ChatWarmUp.Socket.cs).
/// </summary>
public sealed partial class ChatWarmUp(IServiceProvider services, ReginDatabaseProvider database, IOptions<ChatOptions> options, ILogger<ChatWarmUp> logger) : IHostedLifecycleService
{
    /// <summary>How many turns the last warm-up rehearsed (for tests and diagnostics).</summary>
    public int TurnsRehearsed { get; private set; }

    /// <summary>How many of the last warm-up's messages were posted through the Direct Line API's own endpoint (for tests and diagnostics).</summary>
    public int PostedThroughEndpoint { get; private set; }

    /// <summary>How many of the rehearsal's statements the last warm-up compiled on the real database's kept connections (for tests and diagnostics).</summary>
    public int StatementsCompiled { get; private set; }

    /// <summary>How many sessions of the database's pool the last warm-up opened (PostgreSQL; for tests and diagnostics).</summary>
    public int PoolSessionsOpened { get; private set; }

    /// <summary>How many of the rehearsal's statements the last warm-up prepared on them, all sessions together (for tests and diagnostics).</summary>
    public int PoolStatementsPrepared { get; private set; }

    /// <summary>In how many languages the last warm-up answered the questionnaire's last question (for tests and diagnostics).</summary>
    public int LanguagesCompleted { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.WarmUp)
        {
            return;
        }
        _rehearsing = true;
        var clock = Stopwatch.StartNew();
        System.Data.Common.DbConnection? rehearsal = null;
        try
        {
            rehearsal = await database.OpenRehearsalDatabaseAsync(cancellationToken);
            if (rehearsal is null)
            {
                return;
            }
            var adapter = services.GetRequiredService<DirectLineBotAdapter>();
            var bot = services.GetRequiredService<IBot>();
            var store = services.GetRequiredService<DirectLineStore>();
            var questionnaire = services.GetRequiredService<QuestionnaireDefinition>();
            // Through the API's endpoint with a token signed by the Direct Line secret; without a secret a token is sealed
            // by the Data Protection key ring, which lives in the database (its first key would be stored by the warm-up):
            // then the posts go straight to the adapter, as before.
            var post = services.GetRequiredService<DirectLineTokens>().HasSecret ? PostEndpoint() : null;
            // The rehearsed turns run on the rehearsal's database and log nothing below Warning (their drafts are never
            // stored); this summary says what ran.
            using (ChatRehearsal.Begin(rehearsal))
            {
                foreach (var language in Languages.All)
                {
                    var (turns, completed) = await RehearseAsync(adapter, bot, store, post, questionnaire, language, cancellationToken);
                    TurnsRehearsed += turns;
                    LanguagesCompleted += completed ? 1 : 0;
                }
            }
            // PostgreSQL: the pool's sessions opened at once, each with the rehearsal's statements prepared on it, so the
            // first turns after the start (every chat's first answer, arriving together) neither open a session nor run
            // their statements unprepared on a cold one.
            var scopes = new List<AsyncServiceScope>();
            try
            {
                (PoolSessionsOpened, PoolStatementsPrepared) = await database.WarmPoolAsync(rehearsal, () =>
                {
                    var scope = services.CreateAsyncScope();
                    scopes.Add(scope);
                    return scope.ServiceProvider.GetRequiredService<ReginDbContext>();
                }, cancellationToken);
            }
            finally
            {
                foreach (var scope in scopes)
                {
                    await scope.DisposeAsync();
                }
            }
            // The real database's kept connections, opened now (their schema read, the search index attached) rather than
            // by the first chats that borrow them, each with the statements the rehearsal ran compiled on it (compiled, not
            // run: nothing is read or written); after the pool's warm-up, for on PostgreSQL each holds one of the pool's
            // sessions, prepared by then (opened before, they left the warm-up short of sessions). Until session 13 the first chats to borrow each one compiled a new draft's
            // statements, their triggers and the search index's there, while holding the one writer (7-21 ms a turn).
            var compiled = 0;
            if (services.GetService<KeptConnections>() is { } kept)
            {
                var opened = new List<System.Data.Common.DbConnection>();
                try
                {
                    while (opened.Count < kept.Capacity && kept.Rent() is { } connection)
                    {
                        opened.Add(connection);
                        compiled += StatementCache.CompileLike(rehearsal, connection);
                    }
                }
                finally
                {
                    opened.ForEach(kept.Return);
                }
            }
            StatementsCompiled = compiled;
            var (quietAfter, recompiled) = await JitQuietAsync(cancellationToken);
            logger.LogInformation("Chat warm-up: {Turns} turns rehearsed in the rehearsal database ({Provider}), {Statements} statements compiled on the kept connections, "
                + "{Prepared} prepared on {Sessions} pooled sessions, {Methods} methods recompiled in the {Quiet} ms after, in {Milliseconds} ms (nothing stored)",
                TurnsRehearsed, database.Name, compiled, PoolStatementsPrepared, PoolSessionsOpened, recompiled, quietAfter, clock.ElapsedMilliseconds);
            if (post is not null)
            {
                // Once the host listens (StartedAsync), the same chat over a real socket, before /healthz says ready.
                _loopback = new Loopback(rehearsal, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
                rehearsal = null;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A warm-up that fails costs the first chats their speed, not the host its start.
            logger.LogWarning(e, "Chat warm-up failed after {Milliseconds} ms; the first chats compile their code themselves", clock.ElapsedMilliseconds);
        }
        finally
        {
            if (rehearsal is not null)
            {
                await rehearsal.DisposeAsync();
            }
            _rehearsing = _loopback is not null;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Waits until the runtime has compiled no method for <see cref="JitQuiet"/> (at most <see cref="JitQuietLimit"/>): the
    /// framework code the rehearsal made hot is compiled again, optimised, on a background thread of the runtime (tiered
    /// compilation), and on 2 cores that work took the CPU from the first real chats when it ran after the host listened.
    /// Returns how long it waited and how many methods were compiled meanwhile.
    /// </summary>
    private static async Task<(long Milliseconds, long Methods)> JitQuietAsync(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var first = System.Runtime.JitInfo.GetCompiledMethodCount();
        var last = first;
        while (waited.Elapsed < JitQuietLimit)
        {
            await Task.Delay(JitQuiet, cancellationToken);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now == last)
            {
                break;
            }
            last = now;
        }
        return (waited.ElapsedMilliseconds, last - first);
    }

    private static readonly TimeSpan JitQuiet = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan JitQuietLimit = TimeSpan.FromSeconds(3);

    /// <summary>
    /// One web chat in <paramref name="language"/>: a start, then an answer to each question the bot asks, as the Direct
    /// Line's API runs them, up to and including the questionnaire's last question (never the submission that follows):
    /// every kind of question, the "did you mean …?" confirmations, the summary. Until session 11 only the first three
    /// answers were rehearsed, and the first chat to reach a later kind of question (a phone number, a country, a choice,
    /// several choices) compiled its code in its own turn, 13-30 ms more, one of the slowest replies of a run. Returns the
    /// number of turns it ran, and whether it answered the last question.
    /// </summary>
    private async Task<(int Turns, bool Completed)> RehearseAsync(DirectLineBotAdapter adapter, IBot bot, DirectLineStore store, RequestDelegate? post,
        QuestionnaireDefinition questionnaire, string language, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var conversation = new DirectLineConversation { Id = "warm-up-" + language, UserId = "warm-up:" + language, Locale = language, CreatedAt = now, UpdatedAt = now };
        ChatRehearsal.TakeSent();
        await adapter.StartAsync(conversation, bot, cancellationToken);
        var turns = 1;
        var last = questionnaire.Questions[^1].Id;
        string? asked = null;
        var askedAgain = 0;
        // A bound in case an answer is refused again and again (the rehearsal then stops: it compiled what it reached).
        for (var limit = questionnaire.Questions.Count * 3; limit > 0; limit--)
        {
            var next = NextAnswer(ChatRehearsal.TakeSent(), questionnaire, language);
            // After the last question comes the summary and "send it now?": never answered (nothing is submitted).
            if (next is null || asked == last)
            {
                break;
            }
            if (next.Value.Question is { } question)
            {
                askedAgain = question == asked ? askedAgain + 1 : 0;
                if (askedAgain > 1)
                {
                    break;
                }
                asked = question;
            }
            var body = Body(next.Value, language, conversation.UserId, $"warm-up-{turns}");
            if (post is not null)
            {
                await PostAsync(post, conversation, body, cancellationToken);
                PostedThroughEndpoint++;
                turns++;
                continue;
            }
            // What the API does with a post: the conversation looked up, the body read as an activity, the activity posted
            // into its turn.
            await store.FindAsync(conversation.Id, cancellationToken);
            var activity = DirectLineApi.ReadActivity(body) ?? throw new InvalidOperationException("The rehearsal's message is not an activity.");
            DirectLineApi.Address(activity, conversation, DateTimeOffset.UtcNow);
            await adapter.ProcessPostedAsync(activity, bot, (_, newId) =>
            {
                activity.Id = newId;
                return Newtonsoft.Json.JsonConvert.SerializeObject(activity, DirectLineBotAdapter.JsonSettings);
            }, cancellationToken);
            turns++;
        }
        return (turns, asked == last);
    }

    /// <summary>The Direct Line API's endpoints (<see cref="DirectLineApi.MapDirectLineApi"/> hands them over when it maps them).</summary>
    internal void UseEndpoints(IEnumerable<EndpointDataSource> endpoints) => _endpoints = endpoints;

    private IEnumerable<EndpointDataSource> _endpoints = [];

    /// <summary>
    /// The endpoint of POST /v3/directline/conversations/{id}/activities, built from the API's route group as routing builds
    /// it (the host's routing does not have its endpoints yet before it listens), or null when the host maps no Direct Line.
    /// </summary>
    private RequestDelegate? PostEndpoint() =>
        _endpoints.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>().FirstOrDefault(endpoint =>
            endpoint.RoutePattern.RawText?.EndsWith("/conversations/{conversationId}/activities", StringComparison.Ordinal) == true
            && endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Post) == true)?.RequestDelegate;

    /// <summary>
    /// A rehearsed message posted as a page posts it: the API's own endpoint (its parameters bound, the page's token
    /// checked, the body read, the conversation looked up in the rehearsal's database, the turn, the id written back as
    /// JSON; not counted against any flood limit), called in process, without a socket:
    /// until session 13 the first real posts compiled that part themselves (a process's first posts 5-35 ms later into
    /// the endpoint than the others).
    /// </summary>
    private async Task PostAsync(RequestDelegate post, DirectLineConversation conversation, string body, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var content = System.Text.Encoding.UTF8.GetBytes(body);
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = cancellationToken };
        context.Request.Method = HttpMethods.Post;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Request.Path = $"{DirectLineApi.BasePath}/conversations/{conversation.Id}/activities";
        context.Request.RouteValues["conversationId"] = conversation.Id;
        context.Request.Headers.Authorization = "Bearer " + scope.ServiceProvider.GetRequiredService<DirectLineTokens>().Issue(conversation.Id, conversation.UserId);
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = content.Length;
        context.Request.Body = new MemoryStream(content);
        context.Response.Body = new MemoryStream();
        await post(context);
        if (context.Response.StatusCode != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException($"The rehearsal's post was answered {context.Response.StatusCode}.");
        }
    }

    /// <summary>
    /// What a contributor answers to the bot's last reply: "yes" to a "did you mean …?" (the card's own button, so in every
    /// language), the first candidate of a pick, and to a question a valid answer of its kind; null after the summary.
    /// </summary>
    internal static (string? Question, string? Text, JObject? Value)? NextAnswer(IReadOnlyList<Microsoft.Bot.Schema.Activity> replies, QuestionnaireDefinition questionnaire, string language)
    {
        var reply = replies.LastOrDefault(a => a.Type == ActivityTypes.Message);
        var card = reply?.Attachments?.Select(a => a.Content switch { JObject json => json, string text => JObject.Parse(text), _ => null }).FirstOrDefault(c => c is not null);
        var buttons = (card?["actions"] as JArray)?.Select(a => a["data"] as JObject).OfType<JObject>().ToList() ?? [];
        if (buttons.FirstOrDefault(d => d.Value<string>("regin") == "confirm" && d.Value<bool?>("yes") == true) is { } yes)
        {
            return (null, null, yes);
        }
        if (buttons.FirstOrDefault(d => d.Value<string>("regin") == "pick") is { } pick)
        {
            return (null, null, pick);
        }
        var id = (reply?.ChannelData as JObject)?.Value<string>("questionId");
        if (id is null || questionnaire.Questions.FirstOrDefault(q => q.Id == id) is not { } question || AnswerTo(question, questionnaire, language) is not { } text)
        {
            return null;
        }
        return (id, text, null);
    }

    /// <summary>A valid answer of the question's kind, in <paramref name="language"/> where the kind has words.</summary>
    internal static string? AnswerTo(Question question, QuestionnaireDefinition questionnaire, string language) => question.Type switch
    {
        QuestionType.Text => "Warm Up",
        QuestionType.Longtext => "A rehearsal of the chat before the host listens.",
        QuestionType.Email => "warm-up@example.org",
        QuestionType.Phone => "+32 2 555 0100",
        QuestionType.Url => "www.example.org",
        QuestionType.Integer => "10",
        QuestionType.MoneyEur => "1000",
        QuestionType.Date => "2019-03",
        QuestionType.DateOrOngoing => "2023",
        QuestionType.Country => "BE",
        QuestionType.Region => "BE10",
        QuestionType.Choice when question.ChoiceList.Count > 0 => question.ChoiceList[0].Label.In(language),
        // Two options in one sentence, as people write them.
        QuestionType.Multi when question.ChoiceList.Count > 1 && questionnaire.Vocabulary.And.In(language) is [var and, ..] =>
            $"{question.ChoiceList[0].Label.In(language)} {and} {question.ChoiceList[1].Label.In(language)}",
        QuestionType.Multi when question.ChoiceList.Count > 0 => question.ChoiceList[0].Label.In(language),
        QuestionType.Yesno when questionnaire.Vocabulary.Yes.In(language) is [var yes, ..] => yes,
        _ => null,
    };
}
