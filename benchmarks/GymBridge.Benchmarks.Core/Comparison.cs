namespace GymBridge.Benchmarks;

/// <summary>What the comparison measures and how (the runner's and <c>gymbridge bench</c>'s options).</summary>
public sealed record ComparisonSettings
{
    /// <summary>all, or one group: single, vector, frames, cpu (stepping once per 10 ms) or async (uneven envs, SendAsync/RecvAsync).</summary>
    public string Only { get; init; } = "all";

    public int Rounds { get; init; } = 3;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Busy processes of each round's loaded phase (figures prefixed <c>loaded_</c>); 0 measures idle only.</summary>
    public int Load { get; init; }

    /// <summary>The policy of the main library figures; the single-step group also measures every other policy.</summary>
    public SpinPolicy Spin { get; init; } = new GymBridgeOptions().SpinPolicy;

    /// <summary>Workers of the vector measurement's pool (one slice each); 0: one per core, as the single-env pool.</summary>
    public int VectorWorkers { get; init; }

    /// <summary>The pythonnet baseline, or null to leave it out.</summary>
    public PythonNetBaseline? PythonNet { get; init; }
}

/// <summary>Every figure of every round (steps or env-steps per second, per CPU-second, latencies in µs, CPU in % of a core), and who measured.</summary>
public sealed record ComparisonResult(IReadOnlyDictionary<string, List<double>> Figures, int WorkerCount, string Worker);

/// <summary>
/// The comparison benchmark: GymBridge, in-process gymnasium and pythonnet measured in the same run, interleaved round by
/// round so a noisy moment of the VM hits every side alike; each round measures everything idle, then again under a
/// background load the runner starts and stops itself. Used by the runner (JSON) and by <c>gymbridge bench</c> (a table).
/// </summary>
public static class Comparison
{
    /// <summary>The env the single and vector measurements use.</summary>
    public const string CartPole = "CartPole-v1";

    /// <summary>The 84×84×4 uint8 frame env of gymbridge_testenvs.</summary>
    public const string Frames = "GymBridgeTest/Frames-v0";

    /// <summary>The env of gymbridge_testenvs whose steps sleep a seeded, uneven delay.</summary>
    public const string Delay = "GymBridgeTest/Delay-v0";

    /// <summary>Bytes of one <see cref="Frames"/> observation.</summary>
    public const int FrameBytes = 84 * 84 * 4;

    /// <summary>Envs (and workers: one env per slice) of the async measurement, and the batch sizes it receives.</summary>
    public const int DelayEnvs = 8;

    public static readonly int[] DelayBatches = [4, 2];

    /// <summary>The pace of the CPU measurement: one step per this interval.</summary>
    public static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(10);

    /// <summary>The pool options the comparison runs with: one worker per core, the repository's worker folder (it holds the test envs).</summary>
    public static GymBridgeOptions PoolOptions(SpinPolicy spin, int workers = 0)
    {
        var options = new GymBridgeOptions
        {
            WorkerCount = workers > 0 ? workers : Environment.ProcessorCount,
            WorkerDirectory = PythonBaseline.FindWorkerDirectory(),
            SpinPolicy = spin,
        };
        options.ImportModules.Add("gymbridge_testenvs");
        return options;
    }

    /// <summary>The measurements one round phase makes, in order.</summary>
    public static IReadOnlyList<string> Measurements(ComparisonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        bool Wanted(string group) => settings.Only == "all" || settings.Only == group;
        var pythonNet = settings.PythonNet is not null;
        return
        [
            .. Wanted("single") ? ["python_single", .. pythonNet ? ["pythonnet_single"] : Array.Empty<string>(), "library_single"] : Array.Empty<string>(),
            .. Wanted("single") ? Enum.GetValues<SpinPolicy>().Where(p => p != settings.Spin).Select(SingleName) : [],
            .. Wanted("vector") ? ["python_sync_vector64", "python_async_vector64", .. pythonNet ? ["pythonnet_sync_vector64"] : Array.Empty<string>(), "library_vector64"] : Array.Empty<string>(),
            .. Wanted("frames") ? ["python_frames_single", "library_frames_single"] : Array.Empty<string>(),
            .. Wanted("cpu") ? ["library_paced_10ms"] : Array.Empty<string>(),
            .. Wanted("async") ? [DelayName(0), .. DelayBatches.Select(DelayName)] : Array.Empty<string>(),
        ];
    }

    /// <summary>The measurement of the uneven envs: synchronous steps (batch 0) or SendAsync/RecvAsync with <paramref name="batch"/>.</summary>
    public static string DelayName(int batch) => batch == 0 ? $"library_delay_sync{DelayEnvs}" : $"library_delay_async{DelayEnvs}_batch{batch}";

    /// <summary>The single-step measurement of a policy that is not the main one.</summary>
    public static string SingleName(SpinPolicy policy) => $"library_single_{policy.ToString().ToLowerInvariant()}";

    /// <summary>
    /// Runs the rounds, reporting each measurement before it starts (round, name) and each figure after;
    /// returns every figure per round.
    /// </summary>
    public static async Task<ComparisonResult> RunAsync(ComparisonSettings settings, Action<int, string>? starting = null, Action<string, double>? measured = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var figures = new Dictionary<string, List<double>>();
        var pools = new Dictionary<(SpinPolicy, int), EnvPool>();
        async Task<EnvPool> Pool(SpinPolicy spin, int workers = 0)
        {
            if (!pools.TryGetValue((spin, workers), out var pool))
            {
                pools[(spin, workers)] = pool = await EnvPool.StartAsync(PoolOptions(spin, workers)).ConfigureAwait(false);
            }

            return pool;
        }

        try
        {
            var main = await Pool(settings.Spin).ConfigureAwait(false);
            var measurements = Measurements(settings);
            for (var round = 1; round <= settings.Rounds; round++)
            {
                foreach (var loaded in settings.Load > 0 ? [false, true] : new[] { false })
                {
                    using var load = loaded ? BackgroundLoad.Start(settings.Load) : null;
                    var prefix = loaded ? "loaded_" : "";
                    void Add(string name, double value)
                    {
                        (figures.TryGetValue(prefix + name, out var list) ? list : figures[prefix + name] = []).Add(value);
                        measured?.Invoke(prefix + name, value);
                    }

                    foreach (var name in measurements)
                    {
                        starting?.Invoke(round, prefix + name);
                        await MeasureAsync(name, settings, Pool, Add).ConfigureAwait(false);
                    }
                }
            }

            var worker = main.Workers[0];
            return new ComparisonResult(figures, main.Workers.Count, $"Python {worker.Python}, gymnasium {worker.Gymnasium}, numpy {worker.NumPy}");
        }
        finally
        {
            foreach (var pool in pools.Values)
            {
                await pool.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task MeasureAsync(string name, ComparisonSettings settings, Func<SpinPolicy, int, Task<EnvPool>> pool, Action<string, double> add)
    {
        var seconds = settings.Duration.TotalSeconds;
        void AddThroughput(Throughput result)
        {
            add(name, result.StepsPerSecond);
            add(name + "_per_cpu_s", result.StepsPerCpuSecond);
        }

        void AddSingle(SingleStepResult result)
        {
            AddThroughput(new Throughput(result.StepsPerSecond, result.StepsPerCpuSecond));
            add(name + "_p50_us", result.P50Microseconds);
            add(name + "_p99_us", result.P99Microseconds);
        }

        switch (name)
        {
            case "python_single": AddThroughput(PythonBaseline.Run("single", CartPole, seconds)); break;
            case "pythonnet_single": AddThroughput(settings.PythonNet!.Run("single", CartPole, seconds)); break;
            case "library_single": AddSingle(await SingleStepBenchmark.RunAsync(await pool(settings.Spin, 0), CartPole, settings.Duration)); break;
            case "python_sync_vector64": AddThroughput(PythonBaseline.Run("sync_vector", CartPole, seconds, "64")); break;
            case "python_async_vector64": AddThroughput(PythonBaseline.Run("async_vector", CartPole, seconds, "64")); break;
            case "pythonnet_sync_vector64": AddThroughput(settings.PythonNet!.Run("sync_vector", CartPole, seconds, "64")); break;
            case "library_vector64": AddThroughput(await VectorBenchmark.StepAsync(await pool(settings.Spin, settings.VectorWorkers), CartPole, 64, settings.Duration)); break;
            case "python_frames_single": AddThroughput(PythonBaseline.Run("single", Frames, seconds)); break;
            case "library_frames_single": AddSingle(await SingleStepBenchmark.RunAsync(await pool(settings.Spin, 0), Frames, settings.Duration)); break;
            case "library_paced_10ms":
                var paced = await SingleStepBenchmark.RunAsync(await pool(settings.Spin, 0), CartPole, settings.Duration, Pace);
                add(name, paced.StepsPerSecond);
                add(name + "_host_cpu_percent", paced.HostCpuPercent);
                add(name + "_worker_cpu_percent", paced.WorkerCpuPercent);
                add(name + "_p50_us", paced.P50Microseconds);
                break;
            case var sync when sync == DelayName(0):
                AddThroughput(await VectorBenchmark.StepAsync(await pool(settings.Spin, DelayEnvs), Delay, DelayEnvs, settings.Duration));
                break;
            case var async when DelayBatches.Any(b => DelayName(b) == async):
                var batch = DelayBatches.Single(b => DelayName(b) == async);
                AddThroughput(await VectorBenchmark.SendRecvAsync(await pool(settings.Spin, DelayEnvs), Delay, DelayEnvs, batch, settings.Duration));
                break;
            default:
                var policy = Enum.GetValues<SpinPolicy>().Single(p => SingleName(p) == name);
                AddSingle(await SingleStepBenchmark.RunAsync(await pool(policy, 0), CartPole, settings.Duration));
                break;
        }
    }
}
