using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using GymBridge.Errors;
using Spectre.Console;

namespace GymBridge.Cli;

/// <summary>
/// <c>gymbridge check</c>: which interpreter and why, its version, the packages of requirements.txt, then a real worker
/// start and a CartPole step, then every env family and whether it works here. Each failure prints the command that
/// fixes it; any failure of the core exits 1 (a family that does not work is listed with its install command).
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var python = CommonOptions.Python();
        var command = new Command("check", "Diagnose the Python setup: interpreter, packages, a worker start, a CartPole step and every env family.") { python };
        command.SetAction(async (parseResult, cancellationToken) =>
            await RunAsync(new GymBridgeOptions { WorkerCount = 1, PythonPath = parseResult.GetValue(python) }, cancellationToken).ConfigureAwait(false) ? 0 : 1);
        return command;
    }

    private static async Task<bool> RunAsync(GymBridgeOptions options, CancellationToken cancellationToken)
    {
        var choice = PythonSetup.ResolvePython(options);
        var workerDirectory = PythonSetup.FindWorkerDirectory(options);
        var install = PythonSetup.InstallCommand(choice.Path, workerDirectory);
        Pass($"interpreter: {choice.Path} ({choice.Reason})");
        Pass($"worker: {workerDirectory} (protocol {PythonSetup.ProtocolVersion})");

        var version = await PythonProbe.RunAsync(choice.Path, ["--version"], cancellationToken).ConfigureAwait(false);
        if (!version.Succeeded)
        {
            return Fail(
                $"cannot run {choice.Path}: {version.Error}",
                $"install Python 3 (e.g. apt-get install python3 python3-venv), create a venv and install the requirements:\n" +
                $"  python3 -m venv .venv && .venv/bin/python -m pip install -r \"{Path.Combine(workerDirectory, "requirements.txt")}\"\n" +
                $"then point GymBridge at it: export {PythonSetup.PythonVariable}=$PWD/.venv/bin/python (or pass --python)");
        }

        Pass($"version: {(version.Output.Length > 0 ? version.Output : version.Error)}");
        var requirements = await PythonProbe.RunAsync(
            choice.Path,
            [Path.Combine(workerDirectory, "gymbridge_worker", "requirements_check.py"), Path.Combine(workerDirectory, "requirements.txt")],
            cancellationToken).ConfigureAwait(false);
        if (!requirements.Succeeded)
        {
            return Fail($"requirements.txt is not satisfied: {requirements.Error}", install);
        }

        Pass($"packages: {requirements.Output}");
        try
        {
            var clock = Stopwatch.StartNew();
            var pool = await EnvPool.StartAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using var poolScope = pool.ConfigureAwait(false);
            var worker = pool.Workers[0];
            Pass($"worker started in {clock.ElapsedMilliseconds} ms: pid {worker.Pid}, protocol {worker.Protocol}, gymnasium {worker.Gymnasium}, numpy {worker.NumPy}, msgpack {worker.MsgPack}");
            var env = await pool.MakeAsync("CartPole-v1", cancellationToken: cancellationToken).ConfigureAwait(false);
            await using var envScope = env.ConfigureAwait(false);
            env.Reset(seed: 0);
            var step = env.Step(env.ActionSpace.Sample());
            Pass($"CartPole-v1 stepped: reward {step.Reward}, observation {step.Observation}");
        }
        catch (GymBridgeException error)
        {
            return Fail($"the worker failed: {error.Message}", install);
        }

        await ListFamiliesAsync(choice.Path, workerDirectory, cancellationToken).ConfigureAwait(false);
        AnsiConsole.MarkupLine("[green]GymBridge is ready.[/]");
        return true;
    }

    /// <summary>
    /// Every Gymnasium env family (the worker's table, gymbridge_worker/families.py) and whether it works here: made,
    /// reset, stepped and rendered in this interpreter. A family that does not work is information, not a failure.
    /// </summary>
    private static async Task ListFamiliesAsync(string python, string workerDirectory, CancellationToken cancellationToken)
    {
        var probe = await PythonProbe.RunAsync(python, [Path.Combine(workerDirectory, "gymbridge_worker", "families.py")], cancellationToken).ConfigureAwait(false);
        if (!probe.Succeeded)
        {
            AnsiConsole.MarkupLine($"[yellow]--[/]   env families: the probe failed: {Markup.Escape(probe.Error)}");
            return;
        }

        var table = new Table().AddColumns("family", "example", "here", "to install it");
        foreach (var family in JsonNode.Parse(probe.Output)!.AsArray().Select(f => f!))
        {
            var status = (string)family["status"]!;
            var here = status switch
            {
                "works" => "[green]works[/]",
                "no_rendering" => $"[yellow]works, cannot render[/]: {Markup.Escape((string)family["detail"]!)}",
                _ => $"[red]{status}[/]: {Markup.Escape((string)family["detail"]!)}",
            };
            table.AddRow(Markup.Escape((string)family["family"]!), Markup.Escape((string)family["example"]!), here, status == "works" ? string.Empty : Markup.Escape((string)family["install"]!));
        }

        AnsiConsole.MarkupLine("[green]ok[/]   env families (scripts/bootstrap-python.sh --extras FAMILY installs one where PyPI is reachable):");
        AnsiConsole.Write(table);
    }

    private static void Pass(string text) => AnsiConsole.MarkupLine($"[green]ok[/]   {Markup.Escape(text)}");

    private static bool Fail(string problem, string fix)
    {
        AnsiConsole.MarkupLine($"[red]FAIL[/] {Markup.Escape(problem)}");
        AnsiConsole.MarkupLine($"[yellow]Fix:[/] {Markup.Escape(fix)}");
        return false;
    }
}
