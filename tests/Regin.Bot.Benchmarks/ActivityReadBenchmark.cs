using Stopwatch = System.Diagnostics.Stopwatch;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Regin.Bot.Chat.Hosting;

/// <summary>
/// `dotnet run -c Release --project tests/Regin.Bot.Benchmarks -- --read [rounds]`: the host's reading of a POST /api/messages
/// body (<see cref="BotJson.ReadActivityAsync"/>, the request's body read, the activity made) against the Bot Framework's
/// Newtonsoft reading of the same bytes (what it was before session 43), alternated, for three activities as channels send
/// them: the speed driver's message, a Web Chat message through Azure's Direct Line, a Teams message. µs a read, median of
/// the rounds, and bytes allocated a read.
/// </summary>
internal static class ActivityReadBenchmark
{
    public const string Driver = """{"type":"message","id":"0f8b9e7c4c7b4f6e9d8a1b2c3d4e5f60","channelId":"webchat","serviceUrl":"https://load.invalid/","deliveryMode":"expectReplies","locale":"en-US","from":{"id":"speed-user-3","role":"user"},"recipient":{"id":"regin-bot"},"conversation":{"id":"speed-conversation-3"},"text":"Welcome Cafés for newcomers"}""";

    public const string WebChat = """{"type":"message","id":"8QkRsZ3Vb1f4Xy2PqLmN0a-eu|0000004","timestamp":"2026-12-06T09:12:44.4510413Z","localTimestamp":"2026-12-06T10:12:44.123+01:00","localTimezone":"Europe/Brussels","serviceUrl":"https://webchat.botframework.com/","channelId":"webchat","from":{"id":"dl_3f9c2b7a41d84e0f9a6b5c4d3e2f1a09","name":"","role":"user"},"conversation":{"id":"8QkRsZ3Vb1f4Xy2PqLmN0a-eu"},"recipient":{"id":"regin-bot@Dq3x9Lw","name":"Regin"},"textFormat":"plain","locale":"fr-FR","text":"on a commencé en mars 2019 et ça continue","entities":[{"type":"ClientCapabilities","requiresBotState":true,"supportsListening":true,"supportsTts":true}],"channelData":{"clientActivityID":"1733476364123k3j4h5g6f","clientTimestamp":"2026-12-06T09:12:44.123Z"}}""";

    public const string Teams = """{"text":"Landkreis Harburg","textFormat":"plain","type":"message","timestamp":"2026-12-06T09:12:44.4510413Z","localTimestamp":"2026-12-06T10:12:44.4510413+01:00","id":"1733476364451","channelId":"msteams","serviceUrl":"https://smba.trafficmanager.net/emea/","from":{"id":"29:1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstuvwx","name":"Jürgen Weber","aadObjectId":"6f0f7d2e-3c4b-4a59-8e7d-1c2b3a4d5e6f"},"conversation":{"conversationType":"personal","tenantId":"72f988bf-86f1-41af-91ab-2d7cd011db47","id":"a:1XyZ-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"},"recipient":{"id":"28:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0","name":"Regin"},"entities":[{"locale":"de-DE","country":"DE","platform":"Web","timezone":"Europe/Berlin","type":"clientInfo"}],"channelData":{"tenant":{"id":"72f988bf-86f1-41af-91ab-2d7cd011db47"}},"locale":"de-DE","localTimezone":"Europe/Berlin"}""";

    private static readonly Newtonsoft.Json.JsonSerializer Newtonsoft = global::Newtonsoft.Json.JsonSerializer.Create(new JsonSerializerSettings(HttpHelper.BotMessageSerializerSettings) { MaxDepth = ReginBotAdapter.MaxDepth });

    /// <summary>The reading before session 43: the body read, decoded, read by Newtonsoft.</summary>
    private static async Task<Activity?> ReadByNewtonsoftAsync(HttpRequest request)
    {
        var read = await request.BodyReader.ReadAsync();
        while (!read.IsCompleted)
        {
            request.BodyReader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            read = await request.BodyReader.ReadAsync();
        }
        var bytes = System.Buffers.BuffersExtensions.ToArray(read.Buffer);
        request.BodyReader.AdvanceTo(read.Buffer.End);
        using var reader = new JsonTextReader(new StringReader(Encoding.UTF8.GetString(bytes))) { MaxDepth = ReginBotAdapter.MaxDepth, ArrayPool = PooledChars.Instance };
        var activity = Newtonsoft.Deserialize<Activity>(reader);
        // As BotJson kept the body for the raw-input log.
        if (activity is not null && bytes.AsSpan().IndexOf("\\u"u8) < 0 && System.Text.Unicode.Utf8.IsValid(bytes))
        {
            Received.AddOrUpdate(activity, bytes);
        }
        return activity;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Activity, byte[]> Received = new();

    private sealed class PooledChars : IArrayPool<char>
    {
        public static readonly PooledChars Instance = new();

        public char[] Rent(int minimumLength) => System.Buffers.ArrayPool<char>.Shared.Rent(minimumLength);

        public void Return(char[]? array)
        {
            if (array is not null)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(array);
            }
        }
    }

    private static HttpRequest Request(byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.ContentLength = body.Length;
        return context.Request;
    }

    public static async Task RunAsync(int rounds)
    {
        const int Reads = 20_000;
        Console.WriteLine($"Reading a POST /api/messages body, {rounds} rounds of {Reads:N0} reads each way, alternated ({Environment.ProcessorCount} CPUs, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})");
        Console.WriteLine("| activity | bytes | Newtonsoft µs | BotJson µs | ratio | Newtonsoft B alloc | BotJson B alloc |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, json) in new[] { ("speed driver's message", Driver), ("Web Chat through Azure", WebChat), ("Teams", Teams) })
        {
            var body = Encoding.UTF8.GetBytes(json);
            if (JsonConvert.SerializeObject(await ReadByNewtonsoftAsync(Request(body)), HttpHelper.BotMessageSerializerSettings)
                != JsonConvert.SerializeObject(await BotJson.ReadActivityAsync(Request(body)), HttpHelper.BotMessageSerializerSettings))
            {
                throw new InvalidOperationException(name + ": the two readings differ");
            }
            var before = new List<double>();
            var after = new List<double>();
            long allocatedBefore = 0, allocatedAfter = 0;
            for (var round = 0; round < rounds + 1; round++)
            {
                foreach (var newer in new[] { round % 2 == 0, round % 2 != 0 })
                {
                    var requests = Enumerable.Range(0, Reads).Select(_ => Request(body)).ToArray();
                    var allocated = GC.GetAllocatedBytesForCurrentThread();
                    var watch = Stopwatch.StartNew();
                    foreach (var request in requests)
                    {
                        _ = newer ? await BotJson.ReadActivityAsync(request) : await ReadByNewtonsoftAsync(request);
                    }
                    watch.Stop();
                    allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
                    if (round == 0)
                    {
                        continue; // warm-up
                    }
                    (newer ? after : before).Add(watch.Elapsed.TotalMicroseconds / Reads);
                    if (newer)
                    {
                        allocatedAfter = allocated / Reads;
                    }
                    else
                    {
                        allocatedBefore = allocated / Reads;
                    }
                }
            }
            double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
            Console.WriteLine($"| {name} | {body.Length} | {Median(before):F2} | {Median(after):F2} | {Median(after) / Median(before):F2} | {allocatedBefore:N0} | {allocatedAfter:N0} |");
        }
    }
}
