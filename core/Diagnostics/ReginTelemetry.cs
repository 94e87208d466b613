using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;

namespace Regin.Core.Diagnostics;

/// <summary>
/// What the hosts measure: chat turns, mails ingested, replies and notifications sent, and the length of the queues
/// waiting to go out. One <see cref="Meter"/> and one <see cref="ActivitySource"/>, both named <see cref="Name"/>, read by
/// OpenTelemetry (<see cref="TelemetryExtensions"/>) or by any MeterListener. The meter comes from the host's
/// <see cref="IMeterFactory"/>, so two hosts in one process (the tests) keep their figures apart.
/// </summary>
public sealed class ReginTelemetry
{
    public const string Name = "Regin";

    /// <summary>The spans of a chat turn, a mail's ingest and a send (static, as .NET's guidance has it: one per process).</summary>
    public static readonly ActivitySource Traces = new(Name);

    // Seconds: a turn or a mail takes milliseconds when all is well and seconds when something waits.
    private static readonly InstrumentAdvice<double> DurationAdvice = new()
    {
        HistogramBucketBoundaries = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    };

    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<ReginTelemetry> _logger;
    private readonly Counter<long> _turns;
    private readonly Histogram<double> _turnDuration;
    private readonly Counter<long> _mails;
    private readonly Histogram<double> _mailDuration;
    private readonly Counter<long> _sent;

    public ReginTelemetry(IMeterFactory meters, IServiceScopeFactory scopes, ILogger<ReginTelemetry> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _scopes = scopes;
        _logger = logger;
        var meter = meters.Create(Name);
        _turns = meter.CreateCounter<long>("regin.chat.turns", "{turn}", "Chat turns handled, by channel, activity type and outcome (ok, failed).");
        _turnDuration = meter.CreateHistogram("regin.chat.turn.duration", "s", "How long a chat turn took, from the activity's arrival to its last reply.", advice: DurationAdvice);
        _mails = meter.CreateCounter<long>("regin.mail.ingested", "{mail}", "Mails read from the mailbox or from files, by outcome (the ingest's result).");
        _mailDuration = meter.CreateHistogram("regin.mail.ingest.duration", "s", "How long a mail's ingest took, from its bytes to its commit.", advice: DurationAdvice);
        _sent = meter.CreateCounter<long>("regin.messages.sent", "{message}",
            "Messages to contributors handed over: mail replies and notifications, by kind (reply, notification), channel and outcome (sent, retry, failed).");
        meter.CreateObservableGauge("regin.queue.length", ObserveQueues, "{message}",
            "Messages waiting to go out: mail replies in the outbox, contributor notifications by channel.");
    }

    public void TurnHandled(string? channel, string? activityType, TimeSpan elapsed, bool failed)
    {
        var tags = new TagList
        {
            { "channel", channel ?? "unknown" },
            { "activity.type", activityType ?? "unknown" },
            { "outcome", failed ? "failed" : "ok" },
        };
        _turns.Add(1, tags);
        _turnDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void MailIngested(string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "outcome", outcome } };
        _mails.Add(1, tags);
        _mailDuration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>A message to a contributor was handed to its channel (sent), will be tried again (retry), or never will (failed).</summary>
    public void MessageSent(string kind, string channel, string outcome) =>
        _sent.Add(1, new TagList { { "kind", kind }, { "channel", channel }, { "outcome", outcome } });

    // Called by the exporter (every Telemetry:MetricsIntervalSeconds) or a listener, never on a request's path.
    private IEnumerable<Measurement<long>> ObserveQueues()
    {
        try
        {
            using var scope = _scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
            var replies = db.MailOutbox.AsNoTracking().Count(m => m.State == MailOutboxStates.Pending);
            var notifications = db.ContributorNotifications.AsNoTracking()
                .Where(n => n.State == ContributorNotificationStates.Pending)
                .GroupBy(n => n.Channel)
                .Select(g => new { Channel = g.Key, Count = g.Count() })
                .ToList();
            var measurements = new List<Measurement<long>>(notifications.Count + 1)
            {
                new(replies, new KeyValuePair<string, object?>("queue", "mail_replies")),
            };
            measurements.AddRange(notifications.Select(n => new Measurement<long>(n.Count,
                new KeyValuePair<string, object?>("queue", "contributor_notifications"), new KeyValuePair<string, object?>("channel", n.Channel))));
            return measurements;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // A database that is down (or not migrated yet) must not break the export of every other figure.
            _logger.LogWarning(e, "Queue lengths not measured: the database did not answer");
            return [];
        }
    }
}
