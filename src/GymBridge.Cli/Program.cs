using System.CommandLine;
using GymBridge.Cli;

// gymbridge: serve the REST host, list envs, check the Python setup, run the comparison benchmark.
CommonOptions.WidenWhenRedirected();
var root = new RootCommand("GymBridge: every Gymnasium environment from .NET.")
{
    ServeCommand.Create(),
    EnvsCommand.Create(),
    CheckCommand.Create(),
    BenchCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
