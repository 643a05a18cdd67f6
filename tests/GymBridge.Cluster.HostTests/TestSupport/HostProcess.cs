using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using GymBridge.Tests.TestSupport;

namespace GymBridge.Cluster.HostTests.TestSupport;

/// <summary>
/// One real GymBridge host process (the built GymBridge.Server, started as scripts/serve.sh starts it) in a process
/// group of its own (<c>setsid</c>), so that it and its Python workers can be killed together with <c>kill -9 -PGID</c>.
/// Its output is kept (and written to host-logs/ beside the tests) for failure messages. Disposal always kills the group.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private static readonly string ServerPath = typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ServerPath").Value!;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StreamWriter _log;

    private HostProcess(string name, int port, int? siloPort, Process process, StreamWriter log)
    {
        Name = name;
        Port = port;
        SiloPort = siloPort;
        _process = process;
        _log = log;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>The Orleans silo port it was given (null for a single host).</summary>
    public int? SiloPort { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>The process group: the host's pid (setsid makes it the leader), shared by its Python workers.</summary>
    public int ProcessGroup => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the host printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>setsid dotnet GymBridge.Server.dll --urls http://127.0.0.1:PORT ARGS</c> and waits until /healthz answers 200.</summary>
    public static async Task<HostProcess> StartAsync(string name, IEnumerable<string> arguments, TimeSpan readyWithin, int? siloPort = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var port = FreePorts.Next();
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["dotnet", ServerPath, "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GYMBRIDGE_PYTHON"] = RepoPaths.Python;
        var logs = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "host-logs"));
        var log = new StreamWriter(Path.Combine(logs.FullName, $"{name}.log"), append: false) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(name, port, siloPort, process, log);
        process.OutputDataReceived += (_, line) => host.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => host.Keep(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitReadyAsync(readyWithin);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary><c>kill -9</c> of the whole process group (the host and its Python workers), then waits until the host is reaped.</summary>
    public async Task KillGroupAsync()
    {
        ProcessGroups.Kill(ProcessGroup);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited || ProcessGroups.Members(ProcessGroup).Count > 0)
        {
            ProcessGroups.Kill(ProcessGroup);
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                // Left for the kernel; the failure message of the test says more than this would.
            }
        }

        Http.Dispose();
        _process.Dispose();
        await _log.DisposeAsync();
    }

    /// <summary>Whether <paramref name="siloAddress"/> (<c>host:port@generation</c>, as /stats shows it) is this host's silo.</summary>
    public bool IsSilo(string siloAddress) =>
        SiloPort is { } port && siloAddress.Contains($":{port.ToString(CultureInfo.InvariantCulture)}@", StringComparison.Ordinal);

    public override string ToString() => $"{Name} ({BaseAddress}, pgid {ProcessGroup})";

    private async Task WaitReadyAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Host {Name} exited with code {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var health = await Http.GetAsync(new Uri("healthz", UriKind.Relative));
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (clock.Elapsed > within)
            {
                throw new TimeoutException($"Host {Name} was not ready within {within.TotalSeconds} s:\n{Output}");
            }

            await Task.Delay(200);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            _log.WriteLine(line);
        }
    }
}
