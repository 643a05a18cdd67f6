using System.Diagnostics;

namespace GymBridge.Benchmarks;

/// <summary>Runs python_baseline.py (gymnasium in one Python process) with the same interpreter the pool uses.</summary>
public static class PythonBaseline
{
    /// <summary>One measurement: <paramref name="mode"/> is single, sync_vector or async_vector (then <paramref name="extra"/> holds the env count).</summary>
    public static Throughput Run(string mode, string envId, double seconds, params string[] extra)
    {
        var start = new ProcessStartInfo(Interpreter);
        start.Environment["PYTHONPATH"] = FindWorkerDirectory();
        start.Environment["PYTHONWARNINGS"] = "ignore";
        return ChildMeasurement.Run(start, [Path.Combine(AppContext.BaseDirectory, "python_baseline.py"), mode, envId, ChildMeasurement.Seconds(seconds), .. extra]);
    }

    /// <summary>The interpreter the pool runs, so both sides of each ratio use one Python.</summary>
    public static string Interpreter => PythonSetup.ResolvePython(new GymBridgeOptions()).Path;

    /// <summary>The repository's python_worker, which also holds the test envs (the copy beside the assembly has only the worker).</summary>
    public static string FindWorkerDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "python_worker");
            if (Directory.Exists(Path.Combine(candidate, "gymbridge_testenvs")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("python_worker/gymbridge_testenvs not found above " + AppContext.BaseDirectory);
    }
}
