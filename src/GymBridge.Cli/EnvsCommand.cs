using System.CommandLine;
using System.Text.RegularExpressions;
using GymBridge.Errors;
using Spectre.Console;

namespace GymBridge.Cli;

/// <summary><c>gymbridge envs [--filter TEXT]</c>: the registered env ids with their action and observation spaces.</summary>
internal static partial class EnvsCommand
{
    public static Command Create()
    {
        var filter = new Option<string?>("--filter") { Description = "Only ids containing this text (case-insensitive)." };
        var python = CommonOptions.Python();
        var command = new Command("envs", "List the registered Gymnasium env ids with their action and observation spaces.") { filter, python };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new GymBridgeOptions { WorkerCount = 1, PythonPath = parseResult.GetValue(python) };
            var pool = await EnvPool.StartAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using var poolScope = pool.ConfigureAwait(false);
            var text = parseResult.GetValue(filter) ?? string.Empty;
            var ids = (await pool.ListEnvIdsAsync(cancellationToken).ConfigureAwait(false))
                .Where(id => id.Contains(text, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
            var table = new Table().AddColumns("env id", "action space", "observation space");
            foreach (var id in ids)
            {
                var (action, observation) = await DescribeAsync(pool, id, cancellationToken).ConfigureAwait(false);
                table.AddRow(Markup.Escape(id), action, observation);
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{ids.Count} env(s)");
            return 0;
        });
        return command;
    }

    /// <summary>The spaces of a made env, or why it cannot be made here (e.g. Box2D or MuJoCo not installed).</summary>
    private static async Task<(string Action, string Observation)> DescribeAsync(EnvPool pool, string id, CancellationToken cancellationToken)
    {
        try
        {
            var env = await pool.MakeAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using var envScope = env.ConfigureAwait(false);
            return (Markup.Escape(env.ActionSpace.ToString()), Markup.Escape(env.ObservationSpace.ToString()));
        }
        catch (GymBridgeException error) when (error is not EnvLostException and not WorkerTimeoutException)
        {
            // A missing family: which extra of scripts/bootstrap-python.sh installs it (its message names it) is all the row needs.
            var install = error.Kind == GymErrorKind.DependencyMissing ? Extra().Match(error.Message) : Match.Empty;
            var reason = install.Success ? $"needs {install.Value}" : error.Message.Split('\n')[0];
            return ($"[grey]cannot make: {Markup.Escape(reason.Length > 80 ? reason[..80] + "…" : reason)}[/]", string.Empty);
        }
    }

    [GeneratedRegex(@"(?<=scripts/bootstrap-python\.sh )--extras [\w-]+")]
    private static partial Regex Extra();
}
