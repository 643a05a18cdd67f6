using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace GymBridge.Benchmarks;

/// <summary>Steps per second and steps per CPU-second of one measurement (env-steps for vector envs).</summary>
public readonly record struct Throughput(double StepsPerSecond, double StepsPerCpuSecond);

/// <summary>Runs a baseline in a child process that prints <c>{"steps_per_s", "cpu_s", "steps"}</c> (python_baseline.py, the pythonnet baseline).</summary>
internal static class ChildMeasurement
{
    public static Throughput Run(ProcessStartInfo start, params IEnumerable<string> arguments)
    {
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(start.FileName)} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode})");
        }

        var result = JsonNode.Parse(output)!;
        var steps = result["steps"]!.GetValue<double>();
        return new Throughput(result["steps_per_s"]!.GetValue<double>(), steps / result["cpu_s"]!.GetValue<double>());
    }

    public static string Seconds(double seconds) => seconds.ToString(CultureInfo.InvariantCulture);
}
