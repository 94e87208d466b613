using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Regin.Core.Diagnostics;
using Regin.Core.Hosting;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;
using Regin.Testing;

namespace Regin.Core.Tests.Diagnostics;

/// <summary>
/// The core's telemetry on a real host and database: the queue lengths the gauge reports, and the Regin meter reaching
/// OpenTelemetry's exporters as the hosts configure them.
/// </summary>
public sealed class ReginTelemetryTests
{
    private static async Task<IHost> HostAsync(TestDatabase database, ICollection<Metric>? exported = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(database.Settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:Exporter"] = "None" });
        builder.Logging.ClearProviders();
        builder.AddReginCore();
        if (exported is not null)
        {
            builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported));
        }
        var host = builder.Build();
        await host.Services.InitialiseReginAsync();
        return host;
    }

    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task The_queue_gauge_counts_the_replies_and_notifications_waiting_to_go_out(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var host = await HostAsync(database);
        using var recorder = new MetricRecorder(host.Services.GetRequiredService<IMeterFactory>(), ReginTelemetry.Name);
        _ = host.Services.GetRequiredService<ReginTelemetry>();

        var now = DateTimeOffset.UtcNow;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
            var practice = new Practice { Id = Guid.NewGuid(), Number = 1, Language = "it", Channels = "chat", CreatedAt = now, UpdatedAt = now };
            db.Practices.Add(practice);
            foreach (var (channel, state) in new[] { ("webchat", "pending"), ("webchat", "pending"), ("email", "pending"), ("webchat", "sent"), ("msteams", "failed") })
            {
                db.ContributorNotifications.Add(new ContributorNotification
                {
                    PracticeId = practice.Id, Kind = "changes_requested", Channel = channel, Recipient = "giulia@example.org", Language = "it",
                    PracticeReference = "REGIN-0001", Message = "Aggiunga il budget.", Text = "Aggiunga il budget.", CreatedAt = now, CreatedBy = "researcher",
                    State = state,
                });
            }
            foreach (var (key, state) in new[] { ("a", MailOutboxStates.Pending), ("b", MailOutboxStates.Sent), ("c", MailOutboxStates.Pending), ("d", MailOutboxStates.Failed) })
            {
                db.MailOutbox.Add(new MailOutboxMessage
                {
                    DedupKey = key, Recipient = "giulia@example.org", Content = [1], State = state, CreatedAt = now.UtcDateTime, NextAttemptAt = now.UtcDateTime,
                });
            }
            await db.SaveChangesAsync();
        }

        recorder.Observe();
        Assert.Equal([2], recorder.Values("regin.queue.length", ("queue", "mail_replies")));
        Assert.Equal([2], recorder.Values("regin.queue.length", ("queue", "contributor_notifications"), ("channel", "webchat")));
        Assert.Equal([1], recorder.Values("regin.queue.length", ("queue", "contributor_notifications"), ("channel", "email")));
        Assert.Empty(recorder.Values("regin.queue.length", ("channel", "msteams")));
    }

    [Fact]
    public async Task The_Regin_meter_reaches_the_OpenTelemetry_exporter_of_the_host()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.Sqlite);
        var exported = new List<Metric>();
        using var host = await HostAsync(database, exported);
        var telemetry = host.Services.GetRequiredService<ReginTelemetry>();
        var meters = host.Services.GetRequiredService<MeterProvider>();

        telemetry.MailIngested("created", TimeSpan.FromMilliseconds(40));
        telemetry.MailIngested("created", TimeSpan.FromMilliseconds(60));
        telemetry.MailIngested("duplicate", TimeSpan.FromMilliseconds(5));
        telemetry.MessageSent("reply", "email", "sent");
        Assert.True(meters.ForceFlush());

        var ingested = Assert.Single(exported, m => m.Name == "regin.mail.ingested");
        var byOutcome = new Dictionary<string, long>();
        foreach (ref readonly var point in ingested.GetMetricPoints())
        {
            foreach (var tag in point.Tags)
            {
                if (tag.Key == "outcome")
                {
                    byOutcome[(string)tag.Value!] = point.GetSumLong();
                }
            }
        }
        Assert.Equal(2, byOutcome["created"]);
        Assert.Equal(1, byOutcome["duplicate"]);
        Assert.Contains(exported, m => m.Name == "regin.mail.ingest.duration" && m.Unit == "s");
        Assert.Contains(exported, m => m.Name == "regin.messages.sent");
        // The gauge is read at export time, from the database.
        Assert.Contains(exported, m => m.Name == "regin.queue.length");
    }
}
