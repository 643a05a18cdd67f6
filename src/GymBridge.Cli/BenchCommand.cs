using System.CommandLine;
using System.Globalization;
using GymBridge.Benchmarks;
using Spectre.Console;

namespace GymBridge.Cli;

/// <summary><c>gymbridge bench</c>: the comparison benchmark (GymBridge vs in-process gymnasium; the runner, scripts/bench.sh, adds pythonnet) with a progress display, then a table of medians.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "Length of each measurement.", DefaultValueFactory = _ => 3.0 };
        var rounds = new Option<int>("--rounds") { Description = "Interleaved rounds; the table shows medians.", DefaultValueFactory = _ => 3 };
        var spin = new Option<SpinPolicy>("--spin") { Description = "The pool's spin policy.", DefaultValueFactory = _ => new GymBridgeOptions().SpinPolicy };
        var only = new Option<string>("--only") { Description = "all, single, vector, frames, cpu or async.", DefaultValueFactory = _ => "all" };
        only.AcceptOnlyFromAmong("all", "single", "vector", "frames", "cpu", "async");
        var load = new Option<int>("--load") { Description = "Busy processes of each round's loaded phase (0: idle only).", DefaultValueFactory = _ => 0 };
        var command = new Command("bench", "Run the comparison benchmark (needs the repository's python_worker for its test envs).") { seconds, rounds, spin, only, load };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new ComparisonSettings
            {
                Only = parseResult.GetValue(only)!,
                Rounds = parseResult.GetValue(rounds),
                Duration = TimeSpan.FromSeconds(parseResult.GetValue(seconds)),
                Load = parseResult.GetValue(load),
                Spin = parseResult.GetValue(spin),
            };
            var result = await AnsiConsole.Progress().StartAsync(async context =>
            {
                var task = context.AddTask("benchmark", maxValue: settings.Rounds * (settings.Load > 0 ? 2 : 1) * Comparison.Measurements(settings).Count);
                return await Comparison.RunAsync(
                    settings,
                    (round, name) =>
                    {
                        task.Description = $"round {round}/{settings.Rounds}: {name}";
                        task.Increment(1);
                    }).ConfigureAwait(false);
            }).ConfigureAwait(false);

            var table = new Table().AddColumns("measurement", "median", "rounds");
            foreach (var (name, values) in result.Figures)
            {
                table.AddRow(name, Format(Statistics.Median(values)), string.Join("  ", values.Select(Format)));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(Markup.Escape($"steps/s (env-steps/s for vectors; µs for _us, % of a core for _percent); {result.WorkerCount} workers, {result.Worker}"));
            return 0;
        });
        return command;
    }

    private static string Format(double value) => value.ToString(value >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture);
}
