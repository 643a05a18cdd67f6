using System.CommandLine;
using GymBridge.Server.Hosting;

namespace GymBridge.Cli;

/// <summary><c>gymbridge serve [--urls URL] [--api-key KEY] ...</c>: the REST host in this process; every argument goes to it, and a host that cannot start says why in one line.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the REST/WebSocket host (arguments pass through: --urls http://127.0.0.1:5000 and the host's switches).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((parseResult, cancellationToken) => ServerApp.RunAsync([.. parseResult.UnmatchedTokens], cancellationToken));
        return command;
    }
}
