// The quick comparison runner: measures GymBridge, in-process gymnasium and pythonnet in the same run, idle and
// under a background load, and prints one JSON object of ratios and raw figures (docs: README "Speed", docs/performance.md).
// Usage: scripts/bench.sh [--seconds 3] [--rounds 3] [--load 1] [--spin POLICY] [--vector-workers N] [--only all|single|vector|frames|cpu|async]
//                         [--libpython /usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0]
using System.Text.Json;
using System.Text.Json.Nodes;
using GymBridge;
using GymBridge.Benchmarks;

var settings = new ComparisonSettings
{
    Only = Arguments.GetText(args, "--only", "all"),
    Rounds = (int)Arguments.Get(args, "--rounds", 3.0),
    Duration = TimeSpan.FromSeconds(Arguments.Get(args, "--seconds", 3.0)),
    Load = (int)Arguments.Get(args, "--load", 1.0),
    VectorWorkers = (int)Arguments.Get(args, "--vector-workers", 0.0),
    Spin = Enum.Parse<SpinPolicy>(Arguments.GetText(args, "--spin", new GymBridgeOptions().SpinPolicy.ToString())),
    PythonNet = PythonNetBaseline.Find(Arguments.GetText(args, "--libpython", PythonNetBaseline.DebianLibPython)),
};
if (settings.PythonNet is null)
{
    Console.Error.WriteLine("pythonnet baseline left out: its program or libpython was not found (dotnet build benchmarks/GymBridge.Benchmarks.PythonNet; apt-get install libpython3.11)");
}

var first = Comparison.Measurements(settings)[0];
var result = await Comparison.RunAsync(
    settings,
    (round, name) =>
    {
        if (name == first)
        {
            Console.Error.WriteLine($"round {round}/{settings.Rounds}");
        }
    },
    (name, value) => Console.Error.WriteLine($"  {name}: {value:F1}"));

if (settings.Only != "all")
{
    foreach (var (name, values) in result.Figures)
    {
        Console.WriteLine($"{name}: {Statistics.Median(values):F1}");
    }

    return;
}

var json = new JsonObject
{
    ["env"] = Comparison.CartPole,
    ["workers"] = result.WorkerCount,
    ["spin_policy"] = settings.Spin.ToString(),
    ["rounds"] = settings.Rounds,
    ["seconds_per_measurement"] = settings.Duration.TotalSeconds,
    ["load_processes"] = settings.Load,
};
var raw = new JsonObject();
var cpu = new JsonObject();
foreach (var prefix in settings.Load > 0 ? ["", "loaded_"] : new[] { "" })
{
    double M(string name) => result.Figures.TryGetValue(prefix + name, out var values) ? Statistics.Median(values) : double.NaN;
    void Ratio(string key, string numerator, string denominator)
    {
        var ratio = M(numerator) / M(denominator);
        json[prefix + key] = double.IsFinite(ratio) ? Math.Round(ratio, 3) : null;
    }

    Ratio("single_step_ratio", "library_single", "python_single");
    Ratio("single_step_vs_pythonnet", "library_single", "pythonnet_single");
    Ratio("vector64_vs_sync", "library_vector64", "python_sync_vector64");
    Ratio("vector64_vs_async", "library_vector64", "python_async_vector64");
    Ratio("vector64_vs_pythonnet", "library_vector64", "pythonnet_sync_vector64");
    Ratio("frames_single_ratio", "library_frames_single", "python_frames_single");
    foreach (var batch in Comparison.DelayBatches)
    {
        Ratio($"delay{Comparison.DelayEnvs}_async_batch{batch}_vs_sync", Comparison.DelayName(batch), Comparison.DelayName(0));
    }

    foreach (var (name, _) in result.Figures.Where(f => prefix.Length > 0 ? f.Key.StartsWith(prefix, StringComparison.Ordinal) : !f.Key.StartsWith("loaded_", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal))
    {
        var bare = name[prefix.Length..];
        var value = M(bare);
        var (target, key) = bare switch
        {
            _ when bare.EndsWith("_per_cpu_s", StringComparison.Ordinal) => (cpu, bare.Replace("_per_cpu_s", "_steps_per_cpu_s", StringComparison.Ordinal)),
            _ when bare.EndsWith("_cpu_percent", StringComparison.Ordinal) => (cpu, bare),
            _ when bare.EndsWith("_us", StringComparison.Ordinal) => (raw, bare),
            _ => (raw, bare + "_steps_per_s"),
        };
        target[prefix + key] = Math.Round(value, bare.EndsWith("_us", StringComparison.Ordinal) || bare.EndsWith("_percent", StringComparison.Ordinal) ? 1 : 0);
    }

    if (result.Figures.ContainsKey(prefix + "library_frames_single"))
    {
        raw[prefix + "library_frames_84x84x4_bytes_per_s"] = Math.Round(M("library_frames_single") * Comparison.FrameBytes);
        raw[prefix + "python_frames_84x84x4_bytes_per_s"] = Math.Round(M("python_frames_single") * Comparison.FrameBytes);
    }
}

json["delay_batches"] = new JsonArray([.. Comparison.DelayBatches.Select(b => JsonValue.Create(b))]);
json["raw"] = raw;
json["cpu"] = cpu;
json["worker"] = result.Worker;
json["machine"] = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
Console.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
