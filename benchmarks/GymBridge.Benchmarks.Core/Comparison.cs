namespace GymBridge.Benchmarks;

/// <summary>
/// The comparison benchmark: GymBridge and in-process gymnasium measured in the same run, interleaved round by
/// round so a noisy moment of the VM hits both sides alike. Used by the runner (JSON) and by <c>gymbridge bench</c> (a table).
/// </summary>
public static class Comparison
{
    /// <summary>The env the single and vector measurements use.</summary>
    public const string CartPole = "CartPole-v1";

    /// <summary>The 84×84×4 uint8 frame env of gymbridge_testenvs.</summary>
    public const string Frames = "GymBridgeTest/Frames-v0";

    /// <summary>Bytes of one <see cref="Frames"/> observation.</summary>
    public const int FrameBytes = 84 * 84 * 4;

    /// <summary>The pool options the comparison runs with: one worker per core, the repository's worker folder (it holds the test envs).</summary>
    public static GymBridgeOptions PoolOptions(SpinPolicy spin)
    {
        var options = new GymBridgeOptions { WorkerCount = Environment.ProcessorCount, WorkerDirectory = PythonBaseline.FindWorkerDirectory(), SpinPolicy = spin };
        options.ImportModules.Add("gymbridge_testenvs");
        return options;
    }

    /// <summary>The names of the measurements one round of <paramref name="only"/> (all, single, vector or frames) makes, in order.</summary>
    public static IReadOnlyList<string> Measurements(string only) =>
    [
        .. only is "all" or "single" ? ["python_single", "library_single"] : Array.Empty<string>(),
        .. only is "all" or "vector" ? ["python_sync_vector64", "python_async_vector64", "library_vector64"] : Array.Empty<string>(),
        .. only is "all" or "frames" ? ["python_frames_single", "library_frames_single"] : Array.Empty<string>(),
    ];

    /// <summary>
    /// Runs <paramref name="rounds"/> rounds of the measurements of <paramref name="only"/>, reporting each one before it starts
    /// and each figure after; returns every figure (steps or env-steps per second, latencies in µs) per round.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, List<double>>> RunAsync(
        EnvPool pool, string only, int rounds, TimeSpan duration, Action<int, string>? starting = null, Action<string, double>? measured = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var figures = new Dictionary<string, List<double>>();
        void Add(string name, double value)
        {
            (figures.TryGetValue(name, out var list) ? list : figures[name] = []).Add(value);
            measured?.Invoke(name, value);
        }

        double Python(string mode, string envId, params string[] extra) =>
            PythonBaseline.Run(mode, envId, duration.TotalSeconds, extra)[mode == "single" ? "steps_per_s" : "env_steps_per_s"]!.GetValue<double>();

        var measurements = Measurements(only);
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var name in measurements)
            {
                starting?.Invoke(round, name);
                switch (name)
                {
                    case "python_single": Add(name, Python("single", CartPole)); break;
                    case "library_single":
                        var single = await SingleStepBenchmark.RunAsync(pool, CartPole, duration).ConfigureAwait(false);
                        Add(name, single.StepsPerSecond);
                        Add("library_single_p50_us", single.P50Microseconds);
                        Add("library_single_p99_us", single.P99Microseconds);
                        break;
                    case "python_sync_vector64": Add(name, Python("sync_vector", CartPole, "64")); break;
                    case "python_async_vector64": Add(name, Python("async_vector", CartPole, "64")); break;
                    case "library_vector64": Add(name, await VectorBenchmark.EnvStepsPerSecondAsync(pool, CartPole, 64, duration).ConfigureAwait(false)); break;
                    case "python_frames_single": Add(name, Python("single", Frames)); break;
                    default: Add(name, (await SingleStepBenchmark.RunAsync(pool, Frames, duration).ConfigureAwait(false)).StepsPerSecond); break;
                }
            }
        }

        return figures;
    }
}
