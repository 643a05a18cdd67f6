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
const string CartPole = "CartPole-v1", Frames = "GymBridgeTest/Frames-v0";
const int FrameBytes = 84 * 84 * 4;

var spin = Enum.Parse<SpinPolicy>(Arguments.GetText(args, "--spin", nameof(SpinPolicy.Auto)));
var only = Arguments.GetText(args, "--only", "all");
var options = new GymBridgeOptions { WorkerCount = Environment.ProcessorCount, WorkerDirectory = PythonBaseline.FindWorkerDirectory(), SpinPolicy = spin };
options.ImportModules.Add("gymbridge_testenvs");
await using var pool = await EnvPool.StartAsync(options);

double Python(string mode, string envId, params string[] extra) =>
    PythonBaseline.Run(mode, envId, seconds, extra)[mode == "single" ? "steps_per_s" : "env_steps_per_s"]!.GetValue<double>();

var figures = new Dictionary<string, List<double>>();
void Add(string name, double value)
{
    (figures.TryGetValue(name, out var list) ? list : figures[name] = []).Add(value);
    Console.Error.WriteLine($"  {name}: {value:F0}");
}

for (var round = 1; round <= rounds; round++)
{
    // Interleaved so that a noisy moment of the VM hits both sides alike.
    Console.Error.WriteLine($"round {round}/{rounds}");
    if (only is "all" or "single")
    {
        Add("python_single", Python("single", CartPole));
        var single = await SingleStepBenchmark.RunAsync(pool, CartPole, duration);
        Add("library_single", single.StepsPerSecond);
        Add("library_single_p50_us", single.P50Microseconds);
        Add("library_single_p99_us", single.P99Microseconds);
    }

    if (only is "all" or "vector")
    {
        Add("python_sync_vector64", Python("sync_vector", CartPole, "64"));
        Add("python_async_vector64", Python("async_vector", CartPole, "64"));
        Add("library_vector64", await VectorBenchmark.EnvStepsPerSecondAsync(pool, CartPole, 64, duration));
    }

    if (only is "all" or "frames")
    {
        Add("python_frames_single", Python("single", Frames));
        Add("library_frames_single", (await SingleStepBenchmark.RunAsync(pool, Frames, duration)).StepsPerSecond);
    }
}

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
    ["env"] = CartPole,
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
        ["library_frames_84x84x4_bytes_per_s"] = Math.Round(M("library_frames_single") * FrameBytes),
        ["python_frames_84x84x4_bytes_per_s"] = Math.Round(M("python_frames_single") * FrameBytes),
    },
    ["worker"] = $"Python {pool.Workers[0].Python}, gymnasium {pool.Workers[0].Gymnasium}, numpy {pool.Workers[0].NumPy}",
    ["machine"] = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
};
Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
