using System.ComponentModel;
using System.Globalization;
using System.Text;
using CliWrap;
using GymBridge.Errors;
using GymBridge.Transport;
using Microsoft.Extensions.Logging;

namespace GymBridge.Workers;

/// <summary>
/// One Python worker process and its pipe, run by CliWrap: its stdout and stderr lines go to the logger, a
/// stop interrupts it (CliWrap's graceful cancellation: SIGINT, Ctrl+C on Windows) before it is killed (the
/// forceful one, which takes its whole process tree). It also exits by itself when the pipe closes or this
/// process dies: CliWrap cannot take a child down with a parent that was killed, so the worker watches its
/// parent's pid.
/// </summary>
internal sealed partial class WorkerProcess : IDisposable
{
    private const int ExitMissingDependency = 3;
    private const int ExitImportFailed = 4;
    private const int StderrLinesKept = 30;

    private readonly PipeEndpoint _endpoint;
    private readonly ILogger _logger;
    private readonly Queue<string> _stderrTail = new();
    private readonly CancellationTokenSource _interrupt = new();
    private readonly CancellationTokenSource _kill = new();
    private Task _exited = Task.CompletedTask;
    private int? _exitCode;
    private string? _exit;

    private WorkerProcess(PipeEndpoint endpoint, ILogger logger)
    {
        _endpoint = endpoint;
        _logger = logger;
    }

    public int Pid { get; private set; }

    public Stream Stream => _endpoint.Stream;

    /// <summary>Completes once the process has exited, however it ended; never faults.</summary>
    public Task Exited => _exited;

    public static async Task<WorkerProcess> StartAsync(GymBridgeOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var python = PythonLocator.FindPython(options);
        var workerDirectory = PythonLocator.FindWorkerDirectory(options);
        var worker = new WorkerProcess(new PipeEndpoint(), logger);
        try
        {
            worker.Start(python, workerDirectory, options.ImportModules);
            await worker.ConnectAsync(python, workerDirectory, options.StartTimeout, cancellationToken).ConfigureAwait(false);
            return worker;
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    /// <summary>Kills the process and its children now.</summary>
    public void Kill() => _kill.Cancel();

    /// <summary>
    /// Gives the process <paramref name="grace"/> to exit on its own (it has been asked to), then interrupts it
    /// and gives it <paramref name="grace"/> again (the worker closes its envs and exits), then kills it.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (await ExitsWithinAsync(grace).ConfigureAwait(false))
        {
            return;
        }

        _interrupt.Cancel();
        if (!await ExitsWithinAsync(grace).ConfigureAwait(false))
        {
            LogKilled(_logger, Pid, grace.TotalSeconds);
            Kill();
            await _exited.ConfigureAwait(false);
        }
    }

    public string Describe() => _exit is null ? $"worker pid {Pid}" : $"worker pid {Pid} ({_exit}{StderrSummary()})";

    public void Dispose()
    {
        Kill();
        _endpoint.Dispose();
    }

    private void Start(string python, string workerDirectory, IEnumerable<string> importModules)
    {
        var pythonPath = Environment.GetEnvironmentVariable("PYTHONPATH");
        var command = Cli.Wrap(python)
            .WithArguments(arguments =>
            {
                arguments.Add(["-u", "-m", "gymbridge_worker", "--pipe", _endpoint.Address, "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)]);
                foreach (var module in importModules)
                {
                    arguments.Add("--import").Add(module);
                }
            })
            .WithEnvironmentVariables(variables => variables.Set(
                "PYTHONPATH", string.IsNullOrEmpty(pythonPath) ? workerDirectory : workerDirectory + Path.PathSeparator + pythonPath))
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => Log(line, isError: false), Encoding.UTF8))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => Log(line, isError: true), Encoding.UTF8))
            .WithValidation(CommandResultValidation.None); // an exit code is a reason to report, not to throw
        try
        {
            // Its stdin is CliWrap's empty source: closed at once, so the worker never reads this process's terminal.
            var running = command.ExecuteAsync(_kill.Token, _interrupt.Token);
            Pid = running.ProcessId;
            _exited = WatchAsync(running.Task);
        }
        catch (Win32Exception error)
        {
            throw new WorkerStartException(
                $"Python interpreter '{python}' could not be started ({(error.InnerException ?? error).Message}). Set GymBridgeOptions.PythonPath or the GYMBRIDGE_PYTHON " +
                "environment variable to a Python with gymnasium, or create the project's .venv with scripts/bootstrap-python.sh.", error);
        }
    }

    private async Task ConnectAsync(string python, string workerDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var connected = _endpoint.WaitForConnectionAsync(timeoutSource.Token);
        await Task.WhenAny(connected, _exited.WaitAsync(timeoutSource.Token)).ConfigureAwait(false);
        if (connected.IsCompletedSuccessfully)
        {
            return;
        }

        if (_exited.IsCompleted)
        {
            throw StartFailure(python, workerDirectory);
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new WorkerStartException($"The Python worker ({python}, pid {Pid}) did not connect within {timeout.TotalSeconds:0} s.{StderrSummary()}");
    }

    /// <summary>Waits for the process to end and notes how: its exit code, or that it was interrupted or killed.</summary>
    private async Task WatchAsync(Task<CommandResult> running)
    {
        try
        {
            var result = await running.ConfigureAwait(false);
            _exitCode = result.ExitCode;
            _exit = $"exited with code {result.ExitCode}";
        }
        catch (OperationCanceledException)
        {
            _exit = _kill.IsCancellationRequested ? "killed" : "stopped";
        }
        catch (Exception error) when (error is TimeoutException or IOException)
        {
            // CliWrap could not reap it after killing it, or its output pipes broke.
            _exit = $"lost ({error.Message})";
        }
    }

    private WorkerStartException StartFailure(string python, string workerDirectory)
    {
        string tail;
        lock (_stderrTail)
        {
            tail = string.Join(Environment.NewLine, _stderrTail);
        }

        return _exitCode switch
        {
            ExitMissingDependency => new WorkerStartException(
                $"Python at '{python}' cannot import what the worker needs ({LastLine(tail, "missing-dependency: ")}). " +
                $"Fix: {PythonLocator.InstallCommand(python, workerDirectory)} (or run scripts/bootstrap-python.sh in the GymBridge repository)."),
            ExitImportFailed => new WorkerStartException(
                $"A module in GymBridgeOptions.ImportModules failed to import in '{python}': {LastLine(tail, "import-failed: ")}"),
            _ => new WorkerStartException(
                $"The Python worker ('{python}' -m gymbridge_worker, from {workerDirectory}) {_exit} before connecting." +
                (tail.Length > 0 ? Environment.NewLine + tail : string.Empty)),
        };
    }

    private static string LastLine(string text, string marker)
    {
        var index = text.LastIndexOf(marker, StringComparison.Ordinal);
        return index < 0 ? text : text[(index + marker.Length)..].Split('\n')[0].Trim();
    }

    private async Task<bool> ExitsWithinAsync(TimeSpan grace)
    {
        try
        {
            await _exited.WaitAsync(grace).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private string StderrSummary()
    {
        lock (_stderrTail)
        {
            return _stderrTail.Count == 0 ? string.Empty : "; last stderr: " + _stderrTail.Last();
        }
    }

    private void Log(string line, bool isError)
    {
        if (isError)
        {
            lock (_stderrTail)
            {
                _stderrTail.Enqueue(line);
                if (_stderrTail.Count > StderrLinesKept)
                {
                    _stderrTail.Dequeue();
                }
            }
        }

        LogOutput(_logger, isError ? LogLevel.Warning : LogLevel.Information, Pid, line);
    }

    [LoggerMessage(Message = "[worker {Pid}] {Line}")]
    private static partial void LogOutput(ILogger logger, LogLevel level, int pid, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker pid {Pid} did not exit within {GraceSeconds} s of being interrupted; killing it")]
    private static partial void LogKilled(ILogger logger, int pid, double graceSeconds);
}
