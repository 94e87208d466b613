using System.ComponentModel.DataAnnotations;

namespace Regin.Core.Diagnostics;

/// <summary>Where metrics and traces go (section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// Console (the default: readable where the host runs, no collector needed), Otlp (an OpenTelemetry collector at
    /// <see cref="OtlpEndpoint"/>, or the standard OTEL_EXPORTER_OTLP_* variables; logs go there too) or None.
    /// </summary>
    public TelemetryExporter Exporter { get; set; } = TelemetryExporter.Console;

    /// <summary>The collector's address for Otlp (e.g. http://collector:4317); empty: OTEL_EXPORTER_OTLP_ENDPOINT or localhost:4317.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>How often metrics are exported.</summary>
    [Range(1, 3600)]
    public int MetricsIntervalSeconds { get; set; } = 60;
}

public enum TelemetryExporter
{
    None,
    Console,
    Otlp,
}
