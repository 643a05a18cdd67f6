// The BenchmarkDotNet suite: codec costs and library steps with allocation figures.
// Usage: dotnet run -c Release --project benchmarks/GymBridge.Benchmarks.Suite -- --filter '*' [--job short]
// (the ratios against gymnasium come from the comparison runner: scripts/bench.sh)
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(GymBridge.Benchmarks.Suite.StepBenchmarks).Assembly).Run(args);
