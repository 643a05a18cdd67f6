using System.Diagnostics;
using System.Reflection;

namespace GymBridge.Cli.Tests;

/// <summary>Runs the real <c>gymbridge</c> executable (dotnet GymBridge.Cli.dll) and captures what it printed.</summary>
internal static class Cli
{
    private static readonly string Path = typeof(Cli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliPath").Value!;

    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path);
        arguments.ToList().ForEach(start.ArgumentList.Add);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gymbridge {string.Join(' ', arguments)} did not finish:\n{output}");
        }

        return (process.ExitCode, output + errors.Result);
    }
}
