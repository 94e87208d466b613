using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Regin.Testing;

namespace Regin.Bot.Tests.ScaleOut;

/// <summary>
/// The real bot host as a process of its own (`dotnet Regin.Bot.dll`), on a free port of 127.0.0.1. Killed when
/// disposed, and in any case when the test process exits (a failed or aborted run leaves no host behind).
/// </summary>
public sealed class BotHostProcess : IAsyncDisposable
{
    private static readonly HashSet<Process> Running = [];

    static BotHostProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BotHostProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Whether the process has ended (killed, or stopped by itself).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What the host printed (for a failing assertion's message).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the host with <paramref name="settings"/> (configuration keys) and waits until GET /healthz answers 200; on
    /// <paramref name="port"/> when given (a host started again where a stopped one listened), else on a free port from
    /// <paramref name="freePorts"/> (<see cref="FreePort.Next"/>; the test of the retry below gives ports it takes itself).
    /// </summary>
    public static async Task<BotHostProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan deadline, int? port = null, Func<int>? freePorts = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (port is not null)
        {
            return await StartOnceAsync(settings, deadline, port.Value, retryIfTaken: false) ?? throw new UnreachableException();
        }
        // A free port is free when probed, not when the host binds it seconds later (another test's server, or a test
        // process's probe, may take it meanwhile): the host refusing it is started again on another one.
        for (var attempt = 1; ; attempt++)
        {
            if (await StartOnceAsync(settings, deadline, (freePorts ?? FreePort.Next)(), retryIfTaken: attempt < 5) is { } host)
            {
                return host;
            }
        }
    }

    /// <summary>The host started on <paramref name="port"/>; null when that port was taken and <paramref name="retryIfTaken"/>.</summary>
    private static async Task<BotHostProcess?> StartOnceAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan deadline, int port, bool retryIfTaken)
    {
        var address = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Regin.Bot.dll"));
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["Urls"] = address.ToString().TrimEnd('/');
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Telemetry__Exporter"] = "None";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = ProcessWatchdog.StartOwned(info);
        lock (Running)
        {
            Running.Add(process);
        }
        var host = new BotHostProcess(process, address);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(); // and for the end of its output, read asynchronously
                var portTaken = host.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
                if (portTaken && retryIfTaken)
                {
                    await host.DisposeAsync();
                    return null;
                }
                throw new InvalidOperationException(portTaken
                    ? $"Port {port} was taken by another process before the bot host could listen on it:\n{host.Output}"
                    : $"The bot host stopped ({process.ExitCode}):\n{host.Output}");
            }
            try
            {
                if ((await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > until)
            {
                await host.DisposeAsync();
                throw new TimeoutException($"The bot host did not answer /healthz within {deadline}:\n{host.Output}");
            }
            await Task.Delay(200);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }


    /// <summary>Kills the process (no goodbye on its connections) and waits until it has ended.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(Eventually.Deadline);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            lock (Running)
            {
                Running.Remove(_process);
            }
            _process.Dispose();
        }
    }

    private static void KillAll()
    {
        lock (Running)
        {
            foreach (var process in Running)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
            Running.Clear();
        }
    }
}
