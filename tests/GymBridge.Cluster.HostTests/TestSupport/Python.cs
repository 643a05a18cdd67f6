using System.Diagnostics;
using GymBridge.Tests.TestSupport;

namespace GymBridge.Cluster.HostTests.TestSupport;

/// <summary>Runs the tests' Python scripts (Scripts/, beside the tests) with the repository's interpreter and gymnasium.</summary>
public static class Python
{
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string script, params string[] arguments)
    {
        var start = RepoPaths.PythonStartInfo([Path.Combine(AppContext.BaseDirectory, "Scripts", script), .. arguments]);
        start.RedirectStandardInput = false;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await errors);
    }
}
