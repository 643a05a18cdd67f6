using System.CommandLine;

namespace GymBridge.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<string?> Python() => new("--python") { Description = "The Python interpreter (default: GYMBRIDGE_PYTHON, then a .venv above the current directory, then python3)." };

    /// <summary>Spectre sizes tables to the terminal; redirected output (a pipe, a test) gets a wide page instead of 80 columns.</summary>
    public static void WidenWhenRedirected()
    {
        if (Console.IsOutputRedirected)
        {
            Spectre.Console.AnsiConsole.Profile.Width = 200;
        }
    }
}
