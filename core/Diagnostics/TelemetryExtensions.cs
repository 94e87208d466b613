using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Regin.Core.Diagnostics;

/// <summary>
/// OpenTelemetry for both hosts: the Regin meter and activity source (<see cref="ReginTelemetry"/>) plus .NET's own
/// runtime meter, exported as <c>Telemetry:Exporter</c> says. A host adds its own instrumentation (the bot: ASP.NET Core)
/// with <c>ConfigureOpenTelemetryMeterProvider</c>/<c>ConfigureOpenTelemetryTracerProvider</c>.
/// </summary>
public static class TelemetryExtensions
{
    public static IHostApplicationBuilder AddReginTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.OtlpEndpoint) || Uri.TryCreate(o.OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                "Telemetry:OtlpEndpoint must be an absolute http(s) address, e.g. http://collector:4317.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ReginTelemetry>();
        // The exporters are chosen when the providers are built, so the section is read here as well.
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var interval = (int)TimeSpan.FromSeconds(options.MetricsIntervalSeconds).TotalMilliseconds;
        builder.Services.AddOpenTelemetry()
            // OTEL_SERVICE_NAME tells the hosts of one deployment apart; without it, the application's name.
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : builder.Environment.ApplicationName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ReginTelemetry.Name, "System.Runtime");
                switch (options.Exporter)
                {
                    case TelemetryExporter.Console:
                        metrics.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval);
                        break;
                    case TelemetryExporter.Otlp:
                        metrics.AddOtlpExporter((exporter, reader) =>
                        {
                            Collector(exporter, options);
                            reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                        });
                        break;
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(ReginTelemetry.Name);
                switch (options.Exporter)
                {
                    case TelemetryExporter.Console:
                        tracing.AddConsoleExporter();
                        break;
                    case TelemetryExporter.Otlp:
                        tracing.AddOtlpExporter(exporter => Collector(exporter, options));
                        break;
                }
            });
        if (options.Exporter == TelemetryExporter.Otlp)
        {
            // With a collector the logs go there too, structured, next to the traces they belong to; on the console
            // they stay the console logger's (Logging:Console:FormatterName=json for structured lines).
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
                logging.AddOtlpExporter(exporter => Collector(exporter, options));
            });
        }
        return builder;
    }

    private static void Collector(OtlpExporterOptions exporter, TelemetryOptions options)
    {
        // A wrong address is reported by the start-up check with the setting's name.
        if (Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint))
        {
            exporter.Endpoint = endpoint;
        }
    }
}
