using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace GymBridge.Benchmarks;

/// <summary>Runs python_baseline.py with the same interpreter the pool uses.</summary>
public static class PythonBaseline
{
    public static JsonNode Run(string mode, string envId, double seconds, params string[] extra)
    {
        // The same interpreter the pool runs, so both sides of each ratio use one Python.
        var python = PythonSetup.ResolvePython(new GymBridgeOptions()).Path;
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "python_baseline.py"));
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(envId);
        start.ArgumentList.Add(seconds.ToString(CultureInfo.InvariantCulture));
        foreach (var argument in extra)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONPATH"] = FindWorkerDirectory();
        start.Environment["PYTHONWARNINGS"] = "ignore";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? JsonNode.Parse(output)! : throw new InvalidOperationException($"python_baseline.py failed ({process.ExitCode})");
    }

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
