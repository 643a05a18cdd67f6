using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Xunit;

namespace GymBridge.Cli.Tests;

public sealed class ServeTests
{
    public static TheoryData<string[], string> StartupFailures => new()
    {
        { ["--urls", "http://0.0.0.0:{port}"], "Refusing to listen on http://0.0.0.0:" },
        { ["--urls", "http://127.0.0.1:{port}", "--workers", "many"], "GymBridge:WorkerCount" },
        { ["--urls", "http://127.0.0.1:{port}", "--import", "gymbridge_no_such_module"], "gymbridge_no_such_module" },
        { ["--urls", "http://127.0.0.1:{busy}"], "address already in use" },
        { ["--urls", "http://127.0.0.1:{port}", "--workers", "1", "--cluster", "127.0.0.1:{busy}"], "The cluster's Redis (--cluster) cannot be reached" },
        { ["--urls", "http://127.0.0.1:{port}", "--cluster", "127.0.0.1:6379", "--advertise", "10.1.2.3"], "would let any machine that reaches them" },
    };

    /// <summary>Failures that need the suite's redis-server (scripts/test.sh sets GYMBRIDGE_TEST_REDIS): none without it.</summary>
    public static TheoryData<string[], string> ClusterStartupFailures
    {
        get
        {
            var data = new TheoryData<string[], string>();
            if (Environment.GetEnvironmentVariable("GYMBRIDGE_TEST_REDIS") is { Length: > 0 } redis)
            {
                data.Add(["--urls", "http://127.0.0.1:{port}", "--workers", "1", "--cluster", redis, "--silo-port", "{busy}"], "The silo port ({busy}) or the gateway port");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(StartupFailures))]
    [MemberData(nameof(ClusterStartupFailures))]
    public void A_host_that_cannot_start_says_why_in_one_line_without_a_stack_trace(string[] arguments, string says)
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var busyPort = ((IPEndPoint)busy.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exitCode, output) = Cli.Run(["serve", .. arguments.Select(a => a.Replace("{port}", FreePort(), StringComparison.Ordinal).Replace("{busy}", busyPort, StringComparison.Ordinal))]);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("gymbridge: ", line, StringComparison.Ordinal);
        Assert.Contains(says.Replace("{busy}", busyPort, StringComparison.Ordinal), line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

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
