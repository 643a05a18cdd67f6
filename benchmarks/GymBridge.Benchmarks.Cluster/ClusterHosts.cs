using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GymBridge.Benchmarks;

/// <summary>
/// A redis-server and <c>hosts</c> GymBridge REST hosts in cluster mode on 127.0.0.1, each the built GymBridge.Server
/// started as <c>scripts/serve.sh --cluster</c> starts it, in a process group of its own; disposed, all are killed.
/// </summary>
internal sealed class ClusterHosts : IAsyncDisposable
{
    private readonly List<Process> _processes = [];

    private ClusterHosts(string redis) => Redis = redis;

    /// <summary>The redis-server's connection string (membership and grain directory).</summary>
    public string Redis { get; }

    public static async Task<ClusterHosts> StartAsync(string serverDll, string clusterId, int hosts, int workersPerHost)
    {
        var redisPort = FreePort();
        var cluster = new ClusterHosts($"127.0.0.1:{redisPort}");
        try
        {
            cluster.Start("redis-server", ["--bind", "127.0.0.1", "--port", $"{redisPort}", "--save", "", "--appendonly", "no"]);
            await Task.Delay(500);
            using var http = new HttpClient();
            var bases = new List<string>();
            for (var i = 0; i < hosts; i++)
            {
                var port = FreePort();
                bases.Add($"http://127.0.0.1:{port}/");
                cluster.Start("setsid", ["dotnet", serverDll, "--urls", $"http://127.0.0.1:{port}", "--workers", $"{workersPerHost}",
                    "--cluster", cluster.Redis, "--cluster-id", clusterId, "--silo-port", $"{FreePort()}", "--gateway-port", $"{FreePort()}"]);
            }

            foreach (var address in bases)
            {
                await WaitHealthyAsync(http, address);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private void Start(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    private static async Task WaitHealthyAsync(HttpClient http, string address)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                using var response = await http.GetAsync(new Uri(address + "healthz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the host at {address} was not healthy within 120 s");
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
