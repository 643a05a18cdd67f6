using System.ComponentModel;
using System.Diagnostics;

namespace GymBridge.Cli;

/// <summary>Runs the interpreter once and captures what it printed.</summary>
internal static class PythonProbe
{
    public sealed record Outcome(bool Started, int ExitCode, string Output, string Error)
    {
        public bool Succeeded => Started && ExitCode == 0;
    }

    public static async Task<Outcome> RunAsync(string python, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception error)
        {
            return new Outcome(false, -1, string.Empty, error.Message);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return new Outcome(true, process.ExitCode, (await output.ConfigureAwait(false)).Trim(), (await errors.ConfigureAwait(false)).Trim());
        }
    }
}
