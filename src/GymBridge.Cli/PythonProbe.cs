using System.ComponentModel;
using CliWrap;
using CliWrap.Buffered;

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
        try
        {
            var result = await CliWrap.Cli.Wrap(python)
                .WithArguments(arguments)
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cancellationToken)
                .ConfigureAwait(false);
            return new Outcome(true, result.ExitCode, result.StandardOutput.Trim(), result.StandardError.Trim());
        }
        catch (Win32Exception error)
        {
            // CliWrap's message says what could be wrong in general; the system's says what was.
            return new Outcome(false, -1, string.Empty, (error.InnerException ?? error).Message);
        }
    }
}
