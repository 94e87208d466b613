using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Regin.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
