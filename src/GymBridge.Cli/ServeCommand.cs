using System.CommandLine;
using GymBridge.Server.Hosting;
using Microsoft.Extensions.Hosting;

namespace GymBridge.Cli;

/// <summary><c>gymbridge serve [--urls URL] [--api-key KEY] ...</c>: the REST host in this process; every argument goes to it.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the REST/WebSocket host (arguments pass through: --urls http://127.0.0.1:5000 and the host's switches).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var app = ServerApp.Build([.. parseResult.UnmatchedTokens]);
            await ((IHost)app).RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
