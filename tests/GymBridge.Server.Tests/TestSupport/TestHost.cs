using System.Net.Http.Headers;
using GymBridge.Server.Hosting;
using GymBridge.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GymBridge.Server.Tests.TestSupport;

/// <summary>
/// The real host on Kestrel at 127.0.0.1 on a free port, with real Python workers (and the test envs registered),
/// started in this process the way Program.cs starts it.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private TestHost(WebApplication app, Uri baseAddress, string recordings)
    {
        App = app;
        BaseAddress = baseAddress;
        RecordingsRoot = recordings;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string RecordingsRoot { get; }

    public static Dictionary<string, string?> DefaultSettings(string recordings) => new()
    {
        ["GymBridge:WorkerCount"] = "2",
        ["GymBridge:PythonPath"] = RepoPaths.Python,
        ["GymBridge:WorkerDirectory"] = RepoPaths.PythonWorker,
        ["GymBridge:ImportModules:0"] = "gymbridge_testenvs",
        ["GymBridge:RecordingsRoot"] = recordings,
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <param name="settings">Overrides of <see cref="DefaultSettings"/> (a null value removes a setting).</param>
    public static async Task<TestHost> StartAsync(IDictionary<string, string?>? settings = null, params string[] args)
    {
        var recordings = Path.Combine(Path.GetTempPath(), "gymbridge-rec-" + Guid.NewGuid().ToString("N")[..8]);
        var merged = DefaultSettings(recordings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        var app = ServerApp.Build(["--urls", "http://127.0.0.1:0", .. args], builder => builder.Configuration.AddInMemoryCollection(merged));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestHost(app, new Uri(address.TrimEnd('/') + "/"), recordings);
    }

    /// <summary>A client whose connections come from another loopback address (another client to the env limits).</summary>
    public HttpClient ClientFrom(string sourceAddress) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, token) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Parse(sourceAddress), 0));
            await socket.ConnectAsync(context.DnsEndPoint, token);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        },
    })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(RecordingsRoot, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>One host shared by the tests that need no special settings.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public TestHost Host { get; private set; } = null!;

    public HttpClient Client => Host.Client;

    public async Task InitializeAsync() => Host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServerGroup : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
