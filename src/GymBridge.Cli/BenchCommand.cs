using System.CommandLine;
using System.Globalization;
using GymBridge.Benchmarks;
using Spectre.Console;

namespace GymBridge.Cli;

/// <summary><c>gymbridge bench</c>: the comparison benchmark (GymBridge vs in-process gymnasium) with a progress display, then a table of medians.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "Length of each measurement.", DefaultValueFactory = _ => 3.0 };
        var rounds = new Option<int>("--rounds") { Description = "Interleaved rounds; the table shows medians.", DefaultValueFactory = _ => 3 };
        var spin = new Option<SpinPolicy>("--spin") { Description = "The pool's spin policy.", DefaultValueFactory = _ => SpinPolicy.Auto };
        var only = new Option<string>("--only") { Description = "all, single, vector or frames.", DefaultValueFactory = _ => "all" };
        only.AcceptOnlyFromAmong("all", "single", "vector", "frames");
        var command = new Command("bench", "Run the comparison benchmark (needs the repository's python_worker for its test envs).") { seconds, rounds, spin, only };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var roundCount = parseResult.GetValue(rounds);
            var which = parseResult.GetValue(only)!;
            var pool = await EnvPool.StartAsync(Comparison.PoolOptions(parseResult.GetValue(spin)), cancellationToken: cancellationToken).ConfigureAwait(false);
            await using var poolScope = pool.ConfigureAwait(false);
            var figures = await AnsiConsole.Progress().StartAsync(async context =>
            {
                var task = context.AddTask("benchmark", maxValue: roundCount * Comparison.Measurements(which).Count);
                return await Comparison.RunAsync(
                    pool, which, roundCount, TimeSpan.FromSeconds(parseResult.GetValue(seconds)),
                    (round, name) => task.Description = $"round {round}/{roundCount}: {name}",
                    (name, _) => task.Increment(name.EndsWith("_us", StringComparison.Ordinal) ? 0 : 1)).ConfigureAwait(false);
            }).ConfigureAwait(false);

            var table = new Table().AddColumns("measurement", "median", "rounds");
            foreach (var (name, values) in figures)
            {
                table.AddRow(name, Format(Statistics.Median(values)), string.Join("  ", values.Select(Format)));
            }

            AnsiConsole.Write(table);
            var worker = pool.Workers[0];
            AnsiConsole.MarkupLine(Markup.Escape($"steps/s (env-steps/s for vector64; µs for _us); {pool.Workers.Count} workers, Python {worker.Python}, gymnasium {worker.Gymnasium}"));
            return 0;
        });
        return command;
    }

    private static string Format(double value) => value.ToString(value >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture);
}
