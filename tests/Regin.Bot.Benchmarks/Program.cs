using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Regin.Bot.Chat.Hosting;
using Regin.Bot.Extensions;
using Regin.Core.Hosting;

// Turn cost of the intake bot (engine, intake service, EF Core state and answers in SQLite, raw input kept, turn lock)
// against an echo bot on the same TestAdapter: once with the same pipeline (lock + raw inputs), once bare.
var conversations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 6;
var folder = Directory.CreateTempSubdirectory("regin-bench-").FullName;
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    EnvironmentName = "Benchmark",
    Args = [$"--ConnectionStrings:Regin=Data Source={Path.Combine(folder, "regin.db")}"],
});
builder.Logging.ClearProviders();
builder.AddReginCore();
builder.AddReginChat();
await using var app = builder.Build();
await app.Services.InitialiseReginAsync();
var services = app.Services;
var regin = services.GetRequiredService<IBot>();
IBot echo = new EchoBot();

TestAdapter Adapter(string conversation, bool pipeline)
{
    var adapter = new TestAdapter(new ConversationReference
    {
        ChannelId = "webchat",
        ServiceUrl = "https://bench.invalid",
        User = new ChannelAccount("user-" + conversation, "User", RoleTypes.User),
        Bot = new ChannelAccount("bot", "Bot", RoleTypes.Bot),
        Conversation = new ConversationAccount(id: conversation),
        Locale = "it-IT",
    }) { Locale = "it-IT" };
    return pipeline ? (TestAdapter)adapter.UseReginPipeline(services) : adapter;
}

// One whole questionnaire, typed as a person types it: the greeting, every question (the known answer, else the first
// label of the question's card), "sì" to the engine's own questions ("did you mean …?", "send it now?"), until the
// reply names the practice's reference (submitted).
async Task<List<double>> ReginConversationAsync(string id)
{
    var adapter = Adapter(id, pipeline: true);
    var times = new List<double>();
    var replies = new List<System.Text.Json.Nodes.JsonObject>();
    async Task TurnAsync(string text)
    {
        var watch = Stopwatch.StartNew();
        await adapter.ProcessActivityAsync(adapter.MakeActivity(text), regin.OnTurnAsync, CancellationToken.None);
        watch.Stop();
        times.Add(watch.Elapsed.TotalMilliseconds);
        replies.Clear();
        while (adapter.GetNextReply() is IActivity reply)
        {
            replies.Add(System.Text.Json.Nodes.JsonNode.Parse(Newtonsoft.Json.JsonConvert.SerializeObject(reply))!.AsObject());
        }
    }
    await TurnAsync("buongiorno");
    for (var i = 0; i < 80; i++)
    {
        if (replies.Any(r => System.Text.RegularExpressions.Regex.IsMatch(r["text"]?.GetValue<string>() ?? "", @"REGIN-\d+")))
        {
            return times;
        }
        await TurnAsync(NextAnswer(replies.LastOrDefault()));
    }
    throw new InvalidOperationException($"The questionnaire of {id} did not end submitted.");
}

static string NextAnswer(System.Text.Json.Nodes.JsonObject? last)
{
    var card = last?["attachments"]?[0]?["content"]?.AsObject();
    var actions = card?["actions"]?.AsArray().Select(a => a?["data"]).Where(d => d is not null).ToList() ?? [];
    if (actions.Any(d => d!["regin"]?.GetValue<string>() == "pick"))
    {
        return "1";
    }
    if (actions.Any(d => d!["regin"]?.GetValue<string>() == "confirm"))
    {
        return "sì";
    }
    if (last?["channelData"]?["questionId"]?.GetValue<string>() is not { } question)
    {
        return "invia";
    }
    var known = question switch
    {
        "contact_email" => "maria@regione.puglia.it",
        "contact_phone" => "+39 080 540 1111",
        "country" => "Italia",
        "region" => "Puglia",
        "start_date" => "03/2019",
        "end_date" => "2023",
        "beneficiaries_count" => "1200",
        "budget_eur" => "120000",
        "website" => "www.regione.puglia.it",
        _ => null,
    };
    if (known is not null)
    {
        return known;
    }
    var choices = card?["body"]?.AsArray().FirstOrDefault(b => b?["type"]?.GetValue<string>() == "Input.ChoiceSet")?["choices"]?.AsArray();
    if (choices is { Count: > 0 })
    {
        return System.Text.RegularExpressions.Regex.Replace(choices[0]!["title"]!.GetValue<string>(), @"\\(.)", "$1");
    }
    var button = card?["actions"]?.AsArray().FirstOrDefault(a => a?["data"]?["regin"]?.GetValue<string>() == "answer")?["title"]?.GetValue<string>();
    return button ?? "Una descrizione breve della pratica, scritta in italiano.";
}

async Task<List<double>> EchoConversationAsync(string id, bool pipeline, int turns)
{
    var adapter = Adapter(id, pipeline);
    var times = new List<double>();
    for (var i = 0; i < turns; i++)
    {
        var watch = Stopwatch.StartNew();
        await adapter.ProcessActivityAsync(adapter.MakeActivity("Una descrizione breve " + i), echo.OnTurnAsync, CancellationToken.None);
        watch.Stop();
        times.Add(watch.Elapsed.TotalMilliseconds);
        while (adapter.GetNextReply() is not null)
        {
        }
    }
    return times;
}

// --json N: the Bot Framework JSON on a turn's path, in process: reading the speed driver's activity from a request body
// (BotJson.ReadActivityAsync, Newtonsoft) and writing a real turn's expectReplies answer (BotJson.WriteResponseAsync,
// ExpectedRepliesWriter), N rounds over every turn of one Italian questionnaire; µs an operation (issue 12, session 46).
if (args.Length > 1 && args[1] == "--json")
{
    await JsonCostAsync(conversations);
    return;
}

async Task JsonCostAsync(int rounds)
{
    var adapter = Adapter("json-replies", pipeline: true);
    var turns = new List<(byte[] Body, List<Microsoft.Bot.Schema.Activity> Replies)>();
    var last = (System.Text.Json.Nodes.JsonObject?)null;
    var text = "buongiorno";
    for (var i = 0; i < 80; i++)
    {
        await adapter.ProcessActivityAsync(adapter.MakeActivity(text), regin.OnTurnAsync, CancellationToken.None);
        var replies = new List<Microsoft.Bot.Schema.Activity>();
        while (adapter.GetNextReply() is Microsoft.Bot.Schema.Activity reply)
        {
            replies.Add(reply);
        }
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "webchat",
            ["serviceUrl"] = "https://load.invalid/",
            ["deliveryMode"] = "expectReplies",
            ["locale"] = "en-US",
            ["from"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "user-json", ["role"] = "user" },
            ["recipient"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "regin-bot" },
            ["conversation"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "json-replies" },
            ["text"] = text,
        };
        turns.Add((System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()), replies));
        if (replies.Any(r => System.Text.RegularExpressions.Regex.IsMatch(r.Text ?? "", @"REGIN-\d+")))
        {
            break;
        }
        last = replies.Count > 0 ? System.Text.Json.Nodes.JsonNode.Parse(Newtonsoft.Json.JsonConvert.SerializeObject(replies[^1]))!.AsObject() : null;
        text = NextAnswer(last);
    }
    long written = 0;
    async Task<double> ReadAsync()
    {
        var watch = Stopwatch.StartNew();
        foreach (var (body, _) in turns)
        {
            var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
            context.Request.Body = new MemoryStream(body, writable: false);
            context.Request.ContentLength = body.Length;
            context.Request.ContentType = "application/json";
            _ = await BotJson.ReadActivityAsync(context.Request) ?? throw new InvalidOperationException("no activity");
        }
        return watch.Elapsed.TotalMicroseconds / turns.Count;
    }
    async Task<double> WriteAsync()
    {
        var watch = Stopwatch.StartNew();
        foreach (var (_, replies) in turns)
        {
            var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
            var output = new MemoryStream();
            context.Response.Body = output;
            await BotJson.WriteResponseAsync(context.Response, new InvokeResponse { Status = 200, Body = new ExpectedReplies(replies.ToList()) });
            written += output.Length;
        }
        return watch.Elapsed.TotalMicroseconds / turns.Count;
    }
    async Task<double> ContextAsync()
    {
        // What the two above pay for a context and its streams, not the JSON.
        var watch = Stopwatch.StartNew();
        foreach (var (body, _) in turns)
        {
            var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
            context.Request.Body = new MemoryStream(body, writable: false);
            context.Response.Body = new MemoryStream();
            _ = await context.Request.BodyReader.ReadAsync();
        }
        return watch.Elapsed.TotalMicroseconds / turns.Count;
    }
    for (var i = 0; i < 200; i++)
    {
        await ReadAsync();
        await WriteAsync();
        await ContextAsync();
    }
    var reads = new List<double>();
    var writes = new List<double>();
    var contexts = new List<double>();
    written = 0;
    for (var i = 0; i < rounds; i++)
    {
        reads.Add(await ReadAsync());
        writes.Add(await WriteAsync());
        contexts.Add(await ContextAsync());
    }
    Console.WriteLine($"Bot Framework JSON a turn, in process: {turns.Count} turns of one questionnaire x {rounds} rounds (medians of the rounds' means), {Environment.ProcessorCount} CPUs, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
    Console.WriteLine($"| reading the activity (BotJson.ReadActivityAsync, body {turns.Average(t => t.Body.Length):F0} B) | {Median(reads):F2} us |");
    Console.WriteLine($"| writing the expectReplies answer (BotJson.WriteResponseAsync, {turns.Average(t => t.Replies.Count):F1} activities, {written / (double)(turns.Count * rounds):F0} B) | {Median(writes):F2} us |");
    Console.WriteLine($"| of which a DefaultHttpContext and its streams (both) | {Median(contexts):F2} us |");
}

// Warm-up (JIT, EF Core model, SQLite pages), then the measured runs.
await ReginConversationAsync("warm-regin");
await EchoConversationAsync("warm-echo", pipeline: true, 33);
await EchoConversationAsync("warm-bare", pipeline: false, 33);

var reginTimes = new List<double>();
var echoPipelineTimes = new List<double>();
var echoBareTimes = new List<double>();
for (var i = 0; i < conversations; i++)
{
    reginTimes.AddRange(await ReginConversationAsync($"regin-{i}"));
    echoPipelineTimes.AddRange(await EchoConversationAsync($"echo-{i}", pipeline: true, 33));
    echoBareTimes.AddRange(await EchoConversationAsync($"bare-{i}", pipeline: false, 33));
}

static string Line(string name, List<double> times)
{
    var sorted = times.Order().ToList();
    double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
    return $"| {name} | {times.Count} | {times.Average():F3} | {At(0.5):F3} | {At(0.95):F3} |";
}

Console.WriteLine($"Turn cost, {conversations} conversations of {reginTimes.Count / conversations} turns each ({Environment.ProcessorCount} CPUs, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})");
Console.WriteLine("| bot | turns | mean ms | median ms | p95 ms |");
Console.WriteLine("|---|---|---|---|---|");
Console.WriteLine(Line("Regin intake bot (SQLite state + answers)", reginTimes));
Console.WriteLine(Line("echo bot, same adapter and pipeline", echoPipelineTimes));
Console.WriteLine(Line("echo bot, bare TestAdapter", echoBareTimes));
Console.WriteLine($"ratio Regin / echo (same pipeline): mean {reginTimes.Average() / echoPipelineTimes.Average():F1}x, median {Median(reginTimes) / Median(echoPipelineTimes):F1}x");
Console.WriteLine($"ratio Regin / echo (bare adapter):  mean {reginTimes.Average() / echoBareTimes.Average():F1}x, median {Median(reginTimes) / Median(echoBareTimes):F1}x");

Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
try
{
    Directory.Delete(folder, recursive: true);
}
catch (IOException)
{
}

static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);

internal sealed class EchoBot : ActivityHandler
{
    protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync(MessageFactory.Text("Echo: " + turnContext.Activity.Text), cancellationToken);
}
