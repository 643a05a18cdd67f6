// The cluster vector env (GymCluster.MakeVectorAsync over HOSTS real hosts in cluster mode, one external client) against
// the single-host VectorEnv with the same envs and the same number of workers in this process, interleaved round by
// round, idle and with LOAD cores kept busy. Prints one JSON object: env-steps/s of both, their ratio, and the
// cluster's price per batch in µs (docs/cluster.md, "Measured").
// Usage: dotnet build GymBridge.sln -c Release && dotnet benchmarks/GymBridge.Benchmarks.Cluster/bin/Release/net10.0/GymBridge.Benchmarks.Cluster.dll
//            [--hosts 3] [--workers-per-host 1] [--envs 64,256] [--rounds 3] [--seconds 5] [--load 1]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GymBridge;
using GymBridge.Benchmarks;
using GymBridge.Cluster;

var hosts = (int)Arguments.Get(args, "--hosts", 3);
var workersPerHost = (int)Arguments.Get(args, "--workers-per-host", 1);
var envCounts = Arguments.GetText(args, "--envs", "64,256").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
var rounds = (int)Arguments.Get(args, "--rounds", 3);
var duration = TimeSpan.FromSeconds(Arguments.Get(args, "--seconds", 5));
var load = (int)Arguments.Get(args, "--load", 1);
var serverDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "GymBridge.Server", "bin", "Release", "net10.0", "GymBridge.Server.dll"));
if (!File.Exists(serverDll))
{
    Console.Error.WriteLine($"build first: dotnet build GymBridge.sln -c Release (no {serverDll})");
    return 1;
}

const string EnvId = "CartPole-v1";
Console.Error.WriteLine($"starting redis-server and {hosts} hosts ({workersPerHost} worker(s) each)");
await using var cluster = await ClusterHosts.StartAsync(serverDll, "bench", hosts, workersPerHost);
await using var client = await GymCluster.ConnectAsync(new GymClusterClientOptions { Redis = cluster.Redis, ClusterId = "bench" });
await using var pool = await EnvPool.StartAsync(Comparison.PoolOptions(new GymBridgeOptions().SpinPolicy, hosts * workersPerHost));

var figures = new Dictionary<string, List<double>>();
var layout = new JsonObject();
foreach (var numEnvs in envCounts)
{
    await using var clustered = await client.MakeVectorAsync(EnvId, numEnvs);
    await clustered.ResetAsync(seed: 0);
    await using var local = await pool.MakeVectorAsync(EnvId, numEnvs);
    local.Reset(seed: 0);
    layout[$"{numEnvs}_envs"] = new JsonArray([.. clustered.Slices.Zip(clustered.Silos, (range, silo) =>
        (JsonNode)$"{range.End.Value - range.Start.Value} on {silo}")]);
    var actions = Actions(numEnvs);
    await ClusterBatchesAsync(clustered, actions, TimeSpan.FromSeconds(2)); // warm-up: connections, JIT, caches
    LocalBatches(local, actions, TimeSpan.FromSeconds(2));
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var loaded in load > 0 ? [false, true] : new[] { false })
        {
            Console.Error.WriteLine($"{numEnvs} envs, round {round}/{rounds}{(loaded ? $", {load} core(s) busy" : "")}");
            using var background = loaded ? BackgroundLoad.Start(load) : null;
            var prefix = loaded ? "loaded_" : "";
            Add($"{prefix}cluster_{numEnvs}_batches_per_s", await ClusterBatchesAsync(clustered, actions, duration));
            Add($"{prefix}local_{numEnvs}_batches_per_s", LocalBatches(local, actions, duration));
        }
    }
}

var result = new JsonObject
{
    ["measured_at"] = DateTime.UtcNow.ToString("s", CultureInfo.InvariantCulture) + "Z",
    ["env"] = EnvId,
    ["hosts"] = hosts,
    ["workers_per_host"] = workersPerHost,
    ["local_workers"] = hosts * workersPerHost,
    ["rounds"] = rounds,
    ["seconds"] = duration.TotalSeconds,
    ["load"] = load,
    ["processors"] = Environment.ProcessorCount,
    ["slices"] = layout,
};
foreach (var numEnvs in envCounts)
{
    foreach (var prefix in load > 0 ? ["", "loaded_"] : new[] { "" })
    {
        var clusterRate = Statistics.Median(figures[$"{prefix}cluster_{numEnvs}_batches_per_s"]);
        var localRate = Statistics.Median(figures[$"{prefix}local_{numEnvs}_batches_per_s"]);
        result[$"{prefix}cluster_{numEnvs}_env_steps_per_s"] = Math.Round(clusterRate * numEnvs);
        result[$"{prefix}local_{numEnvs}_env_steps_per_s"] = Math.Round(localRate * numEnvs);
        result[$"{prefix}cluster_vs_local_{numEnvs}"] = Math.Round(clusterRate / localRate, 3);
        result[$"{prefix}cluster_price_per_batch_us_{numEnvs}"] = Math.Round(1e6 / clusterRate - 1e6 / localRate, 1);
    }
}

Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
return 0;

void Add(string name, double value)
{
    Console.Error.WriteLine($"  {name}: {value:F1}");
    (figures.TryGetValue(name, out var values) ? values : figures[name] = []).Add(value);
}

static long[][] Actions(int numEnvs)
{
    var random = new Random(0);
    return [.. Enumerable.Range(0, 64).Select(_ => Enumerable.Range(0, numEnvs).Select(_ => (long)random.Next(2)).ToArray())];
}

static async Task<double> ClusterBatchesAsync(ClusterVectorEnv vector, long[][] actions, TimeSpan duration)
{
    long batches = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < duration)
    {
        actions[batches % actions.Length].CopyTo(vector.Actions<long>());
        await vector.StepAsync();
        batches++;
    }

    return batches / clock.Elapsed.TotalSeconds;
}

static double LocalBatches(GymBridge.Vector.VectorEnv vector, long[][] actions, TimeSpan duration)
{
    long batches = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < duration)
    {
        vector.Step<long>(actions[batches % actions.Length]);
        batches++;
    }

    return batches / clock.Elapsed.TotalSeconds;
}
