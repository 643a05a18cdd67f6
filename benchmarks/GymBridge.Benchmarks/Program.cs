// The quick comparison runner: measures GymBridge and in-process gymnasium in the same run and
// prints one JSON object of ratios and raw figures.
// Usage: dotnet run -c Release --project benchmarks/GymBridge.Benchmarks -- [--seconds 5] [--rounds 3]
using System.Text.Json;
using System.Text.Json.Nodes;
using GymBridge.Benchmarks;

var seconds = Arguments.Get(args, "--seconds", 5.0);
var rounds = (int)Arguments.Get(args, "--rounds", 3.0);

await using var pool = await GymBridge.EnvPool.StartAsync();
var python = new List<double>();
var bridge = new List<SingleStepResult>();
for (var round = 0; round < rounds; round++)
{
    // Interleaved so that a noisy moment of the VM hits both sides alike.
    python.Add(PythonBaseline.Run("single", "CartPole-v1", seconds)["steps_per_s"]!.GetValue<double>());
    bridge.Add(await SingleStepBenchmark.RunAsync(pool, "CartPole-v1", TimeSpan.FromSeconds(seconds)));
    Console.Error.WriteLine($"round {round + 1}/{rounds}: python {python[^1]:F0} steps/s, bridge {bridge[^1].StepsPerSecond:F0} steps/s");
}

var pythonMedian = Statistics.Median(python);
var bridgeMedian = Statistics.Median(bridge.Select(b => b.StepsPerSecond));
var result = new JsonObject
{
    ["env"] = "CartPole-v1",
    ["rounds"] = rounds,
    ["seconds_per_round"] = seconds,
    ["single_step_ratio"] = Math.Round(bridgeMedian / pythonMedian, 3),
    ["library_single_steps_per_s"] = Math.Round(bridgeMedian),
    ["python_single_steps_per_s"] = Math.Round(pythonMedian),
    ["library_single_step_p50_us"] = Math.Round(Statistics.Median(bridge.Select(b => b.P50Microseconds)), 1),
    ["library_single_step_p99_us"] = Math.Round(Statistics.Median(bridge.Select(b => b.P99Microseconds)), 1),
    ["worker"] = $"Python {pool.Workers[0].Python}, gymnasium {pool.Workers[0].Gymnasium}, numpy {pool.Workers[0].NumPy}",
    ["machine"] = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
};
Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
