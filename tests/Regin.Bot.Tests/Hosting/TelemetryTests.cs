using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Regin.Core.Diagnostics;

namespace Regin.Bot.Tests.Hosting;

/// <summary>
/// What an operator sees of the chat: each turn counted and timed by channel and outcome, the span of the turn under
/// the span of its HTTP request, and ASP.NET Core's request metrics, through the host's OpenTelemetry pipeline.
/// </summary>
public sealed class TelemetryTests
{
    /// <summary>The real host with in-memory exporters next to the configured ones.</summary>
    private sealed class TelemetryApplication(ICollection<Metric> metrics, ICollection<Activity> spans) : ReginApplication
    {
        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            base.ConfigureSettings(builder);
            builder.ConfigureServices(services =>
            {
                services.ConfigureOpenTelemetryMeterProvider(meter => meter.AddInMemoryExporter(metrics));
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
            });
        }
    }

    /// <summary>
    /// The exporters' collection, added to by the exporters' threads: the tracer listens to sources shared by every host
    /// in this process, so another test's spans can arrive while this test reads (a plain list threw "Collection was
    /// modified" in CI). Readers take a <see cref="Snapshot"/>.
    /// </summary>
    private sealed class ConcurrentCollection<T> : ICollection<T>
    {
        private readonly List<T> items = [];

        public T[] Snapshot() { lock (items) return [.. items]; }

        public int Count { get { lock (items) return items.Count; } }
        public bool IsReadOnly => false;
        public void Add(T item) { lock (items) items.Add(item); }
        public void Clear() { lock (items) items.Clear(); }
        public bool Contains(T item) { lock (items) return items.Contains(item); }
        public void CopyTo(T[] array, int arrayIndex) { lock (items) items.CopyTo(array, arrayIndex); }
        public bool Remove(T item) { lock (items) return items.Remove(item); }
        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Snapshot()).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static JsonObject Message(string conversation, string text) => new()
    {
        ["type"] = "message",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["channelId"] = "webchat",
        ["serviceUrl"] = "https://webchat.invalid/",
        ["deliveryMode"] = "expectReplies",
        ["locale"] = "de-DE",
        ["from"] = new JsonObject { ["id"] = "user-" + conversation, ["role"] = "user" },
        ["recipient"] = new JsonObject { ["id"] = "regin-bot" },
        ["conversation"] = new JsonObject { ["id"] = conversation },
        ["text"] = text,
    };

    [Fact]
    public async Task Chat_turns_are_counted_timed_and_traced_under_their_HTTP_request()
    {
        var exported = new ConcurrentCollection<Metric>();
        var spans = new ConcurrentCollection<Activity>();
        await using var app = new TelemetryApplication(exported, spans);
        var client = app.CreateClient();
        using var recorder = new MetricRecorder(app.Services.GetRequiredService<IMeterFactory>(), ReginTelemetry.Name);
        var conversation = "telemetry-" + Guid.NewGuid().ToString("N");

        foreach (var text in new[] { "Hallo", "Maria Schneider", "Landkreis Göttingen" })
        {
            var response = await client.PostAsJsonAsync("/api/messages", Message(conversation, text));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // This host's meter only: three message turns on webchat, all fine, each timed.
        Assert.Equal(3, recorder.Values("regin.chat.turns", ("channel", "webchat"), ("activity.type", "message"), ("outcome", "ok")).Sum());
        var durations = recorder.Values("regin.chat.turn.duration", ("channel", "webchat"));
        Assert.Equal(3, durations.Count);
        Assert.All(durations, d => Assert.InRange(d, 1e-6, 60));

        // The same figures leave through OpenTelemetry, with ASP.NET Core's request metrics.
        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush());
        Assert.Contains(exported, m => m.Name == "regin.chat.turns");
        Assert.Contains(exported, m => m.Name == "regin.chat.turn.duration");
        Assert.Contains(exported, m => m.Name == "http.server.request.duration");

        // Each turn is a span inside the span of its POST /api/messages (the static source is shared by the hosts in
        // this process, so this conversation's spans are picked by its id).
        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush());
        var flushed = spans.Snapshot();
        var turns = flushed.Where(s => s.DisplayName == "chat turn" && Equals(s.GetTagItem("regin.conversation.id"), conversation)).ToList();
        Assert.Equal(3, turns.Count);
        foreach (var turn in turns)
        {
            Assert.Equal("webchat", turn.GetTagItem("regin.channel"));
            var request = Assert.Single(flushed, s => s.SpanId == turn.ParentSpanId);
            Assert.Equal(ActivityKind.Server, request.Kind);
            Assert.Equal("/api/messages", request.GetTagItem("url.path"));
        }
    }
}
