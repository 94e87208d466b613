using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Regin.Testing;

/// <summary>
/// The measurements of one host's meter: a MeterListener that enables only the instruments of the meter that host's
/// IMeterFactory made (its <see cref="Meter.Scope"/>), so the other hosts running in the same test process do not count.
/// </summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measured> _measurements = new();

    public MetricRecorder(object meterScope, string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && ReferenceEquals(instrument.Meter.Scope, meterScope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue(new(instrument.Name, value, tags.ToArray())));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue(new(instrument.Name, value, tags.ToArray())));
        _listener.Start();
    }

    /// <summary>Asks the observable instruments (gauges) for their current values.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <summary>Every measurement of <paramref name="instrument"/> that has all of <paramref name="tags"/>.</summary>
    public IReadOnlyList<double> Values(string instrument, params (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(k => k.Key == t.Key && Equals(k.Value?.ToString(), t.Value))))
            .Select(m => m.Value).ToList();

    public void Dispose() => _listener.Dispose();

    private sealed record Measured(string Instrument, double Value, KeyValuePair<string, object?>[] Tags);
}
