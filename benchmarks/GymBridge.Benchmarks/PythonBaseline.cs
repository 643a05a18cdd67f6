using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace GymBridge.Benchmarks;

/// <summary>Runs python_baseline.py with the same interpreter the pool uses.</summary>
internal static class PythonBaseline
{
    public static JsonNode Run(string mode, string envId, double seconds)
    {
        var python = Environment.GetEnvironmentVariable("GYMBRIDGE_PYTHON") ?? FindVenvPython();
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "python_baseline.py"));
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(envId);
        start.ArgumentList.Add(seconds.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? JsonNode.Parse(output)! : throw new InvalidOperationException($"python_baseline.py failed ({process.ExitCode})");
    }

    private static string FindVenvPython()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".venv", "bin", "python");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return "python3";
    }
}
