using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Regin.Benchmarks;

// dotnet run -c Release --project tests/Regin.Benchmarks -- --filter '*'
// The Min column is the figure to compare on a shared machine: other processes only ever add time to an iteration.
// -- --min-of-batches [rounds]: a plain harness for a machine too busy for BenchmarkDotNet's statistics: the benchmarks'
// methods in turns, many short batches each, and the fastest batch of each (what the load did not slow), as a ratio to Text.
// -- --engine [questionnaires a language] [--loop seconds]: the chat engine's turns in process against the normalisation of
// the same texts (EngineTurns); --loop runs questionnaires for a profiler and prints only their count.
if (args.Length > 0 && args[0] == "--engine")
{
    var loop = Array.IndexOf(args, "--loop") is var at and >= 0 ? double.Parse(args[at + 1], CultureInfo.InvariantCulture) : 0;
    await EngineTurns.RunAsync(args.Length > 1 && int.TryParse(args[1], out var count) ? count : 20, loop);
    return;
}
if (args.Length > 0 && args[0] == "--min-of-batches")
{
    MinOfBatches.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 400);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.AddColumn(StatisticColumn.Min));

internal static class MinOfBatches
{
    public static void Run(int rounds)
    {
        var benchmarks = new NormalisationBenchmarks();
        benchmarks.Setup();
        (string Name, Func<int> Call)[] methods =
            [("Text", benchmarks.Text), ("Date", benchmarks.Date), ("Region", benchmarks.Region), ("Multi", benchmarks.Multi), ("Money", benchmarks.Money)];
        // Each call normalises 4 answers (OperationsPerInvoke = 4); a batch lasts about half a millisecond.
        var sizes = new int[methods.Length];
        for (var m = 0; m < methods.Length; m++)
        {
            for (var i = 0; i < 2000; i++)
            {
                methods[m].Call();
            }
            var clock = Stopwatch.StartNew();
            var calls = 0;
            while (clock.Elapsed.TotalMilliseconds < 20)
            {
                methods[m].Call();
                calls++;
            }
            sizes[m] = Math.Max(1, (int)(calls / 40.0));
        }
        var best = Enumerable.Repeat(double.MaxValue, methods.Length).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var m = 0; m < methods.Length; m++)
            {
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < sizes[m]; i++)
                {
                    methods[m].Call();
                }
                var nanoseconds = Stopwatch.GetElapsedTime(start).TotalNanoseconds / (sizes[m] * 4.0);
                best[m] = Math.Min(best[m], nanoseconds);
            }
        }
        Console.WriteLine($"| method | min ns per answer | ratio to Text |   ({rounds} rounds, batches of {string.Join("/", sizes)} calls)");
        Console.WriteLine("|--------|------------------:|--------------:|");
        for (var m = 0; m < methods.Length; m++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {methods[m].Name,-6} | {best[m],17:N0} | {best[m] / best[0],13:F2} |"));
        }
    }
}
