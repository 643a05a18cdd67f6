// The quick comparison runner: measures GymBridge and in-process gymnasium in the same run and
// prints one JSON object of ratios and raw figures (docs: README "Speed").
// Usage: scripts/bench.sh [--seconds 3] [--rounds 3]
using System.Text.Json;
using System.Text.Json.Nodes;
using GymBridge;
using GymBridge.Benchmarks;

var seconds = Arguments.Get(args, "--seconds", 3.0);
var rounds = (int)Arguments.Get(args, "--rounds", 3.0);
var duration = TimeSpan.FromSeconds(seconds);

var spin = Enum.Parse<SpinPolicy>(Arguments.GetText(args, "--spin", nameof(SpinPolicy.Auto)));
var only = Arguments.GetText(args, "--only", "all");
var options = Comparison.PoolOptions(spin);
await using var pool = await EnvPool.StartAsync(options);
var figures = await Comparison.RunAsync(
    pool, only, rounds, duration,
    (round, name) =>
    {
        if (name == Comparison.Measurements(only)[0])
        {
            Console.Error.WriteLine($"round {round}/{rounds}");
        }
    },
    (name, value) => Console.Error.WriteLine($"  {name}: {value:F0}"));

if (only != "all")
{
    foreach (var (name, values) in figures)
    {
        Console.WriteLine($"{name}: {Statistics.Median(values):F1}");
    }

    return;
}

double M(string name) => Statistics.Median(figures[name]);
var result = new JsonObject
{
    ["env"] = Comparison.CartPole,
    ["workers"] = options.WorkerCount,
    ["spin_policy"] = spin.ToString(),
    ["rounds"] = rounds,
    ["seconds_per_measurement"] = seconds,
    ["single_step_ratio"] = Math.Round(M("library_single") / M("python_single"), 3),
    ["vector64_vs_sync"] = Math.Round(M("library_vector64") / M("python_sync_vector64"), 3),
    ["vector64_vs_async"] = Math.Round(M("library_vector64") / M("python_async_vector64"), 3),
    ["frames_single_ratio"] = Math.Round(M("library_frames_single") / M("python_frames_single"), 3),
    ["raw"] = new JsonObject
    {
        ["library_single_steps_per_s"] = Math.Round(M("library_single")),
        ["python_single_steps_per_s"] = Math.Round(M("python_single")),
        ["library_single_step_p50_us"] = Math.Round(M("library_single_p50_us"), 1),
        ["library_single_step_p99_us"] = Math.Round(M("library_single_p99_us"), 1),
        ["library_vector64_env_steps_per_s"] = Math.Round(M("library_vector64")),
        ["python_sync_vector64_env_steps_per_s"] = Math.Round(M("python_sync_vector64")),
        ["python_async_vector64_env_steps_per_s"] = Math.Round(M("python_async_vector64")),
        ["library_frames_84x84x4_bytes_per_s"] = Math.Round(M("library_frames_single") * Comparison.FrameBytes),
        ["python_frames_84x84x4_bytes_per_s"] = Math.Round(M("python_frames_single") * Comparison.FrameBytes),
    },
    ["worker"] = $"Python {pool.Workers[0].Python}, gymnasium {pool.Workers[0].Gymnasium}, numpy {pool.Workers[0].NumPy}",
    ["machine"] = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
};
Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
