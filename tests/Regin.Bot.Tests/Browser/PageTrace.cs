using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;

namespace Regin.Bot.Tests.Browser;

/// <summary>
/// What a page did, timed from the trace's start: the test's own steps and the page's requests, responses, failed
/// requests, navigations, load events and downloads. Written to the test's output when the test fails (a browser test
/// that ran out of the shared browser's 120 s under load once left only "timeout": this says which step waited, and
/// on what).
/// </summary>
public sealed class PageTrace
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Records what <paramref name="page"/> does from now on.</summary>
    public void Attach(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.Request += (_, r) => Add($"request {r.Method} {r.Url}{(r.IsNavigationRequest ? " (navigation)" : "")}");
        page.Response += (_, r) => Add($"response {r.Status} {r.Url}");
        page.RequestFailed += (_, r) => Add($"request failed {r.Url}: {r.Failure}");
        page.FrameNavigated += (_, f) => Add($"navigated {f.Url}");
        page.Load += (_, _) => Add("load");
        page.Download += (_, d) => Add($"download {d.SuggestedFilename} from {d.Url}");
        page.Crash += (_, _) => Add("page crashed");
        page.Close += (_, _) => Add("page closed");
        page.Console += (_, m) => Add($"console {m.Type}: {m.Text}");
    }

    /// <summary>A step of the test (said before it runs: the last step in a failing trace is the one that waited).</summary>
    public void Step(string what) => Add("step: " + what);

    /// <summary>Runs <paramref name="test"/>; if it throws, the trace goes to <paramref name="output"/> first.</summary>
    public async Task RunAsync(Xunit.Abstractions.ITestOutputHelper output, Func<Task> test)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(test);
        try
        {
            await test();
        }
        catch
        {
            foreach (var line in _lines)
            {
                output.WriteLine(line);
            }
            throw;
        }
    }

    private void Add(string line) => _lines.Enqueue($"{_clock.Elapsed.TotalSeconds,7:F2} s  {line}");
}
