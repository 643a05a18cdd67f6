using System.CommandLine;
using GymBridge.Cli;
using GymBridge.Errors;

// gymbridge: serve the REST host, list envs, check the Python setup, run the comparison benchmark.
CommonOptions.WidenWhenRedirected();
var root = new RootCommand("GymBridge: every Gymnasium environment from .NET.")
{
    ServeCommand.Create(),
    EnvsCommand.Create(),
    CheckCommand.Create(),
    BenchCommand.Create(),
};
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
}
catch (WorkerStartException error)
{
    // The message says what is wrong and the command that fixes it; a stack trace would only hide that.
    await Console.Error.WriteLineAsync($"{error.Message}\nRun `gymbridge check` for a full diagnosis.").ConfigureAwait(false);
    return 1;
}
