using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Xunit;

namespace GymBridge.Cli.Tests;

public sealed class ServeTests
{
    [Fact]
    public async Task ServePassesUrlsToTheRestHost()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Cli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliPath").Value!);
        foreach (var argument in new[] { "serve", "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        using var server = Process.Start(start)!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    var body = await http.GetStringAsync(new Uri("/v1/envs/", UriKind.Relative));
                    Assert.Contains("all_envs", body, StringComparison.Ordinal);
                    return;
                }
                catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60) && !server.HasExited)
                {
                    await Task.Delay(200);
                }
            }
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }
}
