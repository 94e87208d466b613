using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace Regin.Testing;

/// <summary>
/// The round trips Npgsql makes to one database while this recorder lives (Npgsql makes one activity per round trip, a
/// batch being one): each one's connection id and its tags as text (the statements among them), in the order they ended.
/// Other databases of the test process (other tests' hosts) are not recorded.
/// </summary>
public sealed class RoundTripRecorder : IDisposable
{
    private readonly ConcurrentQueue<(object? Connection, string Text)> _trips = new();
    private readonly ActivityListener _listener;

    public RoundTripRecorder(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.TagObjects.Any(t => t.Value as string == database))
                {
                    _trips.Enqueue((a.GetTagItem("db.npgsql.connection_id"), string.Join("\n", a.TagObjects.Select(t => t.Key + "=" + t.Value))));
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The round trips recorded so far (or since <see cref="Clear"/>).</summary>
    public List<(object? Connection, string Text)> Trips => [.. _trips];

    /// <summary>
    /// The round trips of one chat turn: those on the connection that took its conversation's lock, which the turn holds
    /// to its end (not the search indexer's, which may run beside it). Exactly one of the recorded trips took the lock.
    /// </summary>
    public List<string> TurnTrips()
    {
        var all = Trips;
        var locking = all.Where(t => t.Text.Contains("pg_advisory_xact_lock", StringComparison.Ordinal)).ToList();
        if (locking.Count != 1)
        {
            throw new InvalidOperationException($"{locking.Count} round trips took a conversation's lock, not 1:\n" + string.Join("\n----\n", all.Select(t => t.Text)));
        }
        return [.. all.Where(t => Equals(t.Connection, locking[0].Connection)).Select(t => t.Text)];
    }

    public void Clear() => _trips.Clear();

    public void Dispose() => _listener.Dispose();
}
