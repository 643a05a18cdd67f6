using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using GymBridge.Tests.TestSupport;

namespace GymBridge.ExamplesTests.TestSupport;

/// <summary>Runs an example as its own process, with the repository's Python, and captures its output.</summary>
internal static class Examples
{
    public sealed record Run(int ExitCode, string Output, string Errors)
    {
        public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Errors}";

        /// <summary>The invariant-culture number in the first group of the first line matching <paramref name="pattern"/>.</summary>
        public double Number(string pattern, int group = 1)
        {
            var match = Regex.Match(Output, pattern, RegexOptions.Multiline);
            Assert.True(match.Success, $"no line matches {pattern}:\n{this}");
            return double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Runs examples/<paramref name="name"/>, built beside this test assembly's configuration, with dotnet exec.</summary>
    public static Task<Run> DotnetAsync(string name, params string[] arguments) =>
        RunAsync("dotnet", ["exec", Path.Combine(RepoPaths.Root, "examples", name, "bin", Configuration, "net10.0", name + ".dll"), .. arguments]);

    public static async Task<Run> RunAsync(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GYMBRIDGE_PYTHON"] = RepoPaths.Python;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Run(process.ExitCode, await output, await errors);
    }

    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
}
