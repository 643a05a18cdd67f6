using System.ComponentModel;
using System.Diagnostics;
using GymBridge.Errors;
using GymBridge.Transport;
using Microsoft.Extensions.Logging;

namespace GymBridge.Workers;

/// <summary>
/// One Python worker process and its pipe. Its stdout and stderr go to the logger. It exits by itself
/// when the pipe closes or this process dies (the worker watches its parent pid).
/// </summary>
internal sealed partial class WorkerProcess : IDisposable
{
    private const int ExitMissingDependency = 3;
    private const int ExitImportFailed = 4;
    private const int StderrLinesKept = 30;

    private readonly Process _process;
    private readonly PipeEndpoint _endpoint;
    private readonly ILogger _logger;
    private readonly Queue<string> _stderrTail = new();
    private string? _disposedDescription;

    private WorkerProcess(Process process, PipeEndpoint endpoint, ILogger logger)
    {
        _process = process;
        _endpoint = endpoint;
        _logger = logger;
    }

    public int Pid { get; private set; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public Stream Stream => _endpoint.Stream;

    public Task Exited => _process.WaitForExitAsync();

    public static async Task<WorkerProcess> StartAsync(GymBridgeOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var python = PythonLocator.FindPython(options);
        var workerDirectory = PythonLocator.FindWorkerDirectory(options);
        var endpoint = new PipeEndpoint();
        var startInfo = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // the worker must never read this process's terminal
            UseShellExecute = false,
            WorkingDirectory = Environment.CurrentDirectory,
        };
        foreach (var argument in new[] { "-u", "-m", "gymbridge_worker", "--pipe", endpoint.Address, "--parent-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var module in options.ImportModules)
        {
            startInfo.ArgumentList.Add("--import");
            startInfo.ArgumentList.Add(module);
        }

        var pythonPath = Environment.GetEnvironmentVariable("PYTHONPATH");
        startInfo.Environment["PYTHONPATH"] = string.IsNullOrEmpty(pythonPath) ? workerDirectory : workerDirectory + Path.PathSeparator + pythonPath;

        var worker = new WorkerProcess(new Process { StartInfo = startInfo, EnableRaisingEvents = true }, endpoint, logger);
        try
        {
            await worker.StartAndConnectAsync(python, workerDirectory, options.StartTimeout, cancellationToken).ConfigureAwait(false);
            return worker;
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    public string Describe() => _disposedDescription ?? (_process.HasExited
        ? $"worker pid {Pid} (exited with code {_process.ExitCode}{StderrSummary()})"
        : $"worker pid {Pid}");

    public void Dispose()
    {
        Kill();
        _disposedDescription ??= Pid == 0 ? "worker (not started)" : Describe();
        _process.Dispose();
        _endpoint.Dispose();
    }

    private async Task StartAndConnectAsync(string python, string workerDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _process.OutputDataReceived += (_, e) => Log(e.Data, isError: false);
        _process.ErrorDataReceived += (_, e) => Log(e.Data, isError: true);
        try
        {
            _process.Start();
        }
        catch (Win32Exception error)
        {
            throw new WorkerStartException(
                $"Python interpreter '{python}' could not be started ({error.Message}). Set GymBridgeOptions.PythonPath or the GYMBRIDGE_PYTHON " +
                "environment variable to a Python with gymnasium, or create the project's .venv with scripts/bootstrap-python.sh.", error);
        }

        Pid = _process.Id;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var connected = _endpoint.WaitForConnectionAsync(timeoutSource.Token);
        var exited = _process.WaitForExitAsync(timeoutSource.Token);
        await Task.WhenAny(connected, exited).ConfigureAwait(false);
        if (connected.IsCompletedSuccessfully)
        {
            return;
        }

        if (_process.HasExited)
        {
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw StartFailure(python, workerDirectory);
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new WorkerStartException($"The Python worker ({python}, pid {Pid}) did not connect within {timeout.TotalSeconds:0} s.{StderrSummary()}");
    }

    private WorkerStartException StartFailure(string python, string workerDirectory)
    {
        string tail;
        lock (_stderrTail)
        {
            tail = string.Join(Environment.NewLine, _stderrTail);
        }

        return _process.ExitCode switch
        {
            ExitMissingDependency => new WorkerStartException(
                $"Python at '{python}' cannot import what the worker needs ({LastLine(tail, "missing-dependency: ")}). " +
                $"Fix: {PythonLocator.InstallCommand(python, workerDirectory)} (or run scripts/bootstrap-python.sh in the GymBridge repository)."),
            ExitImportFailed => new WorkerStartException(
                $"A module in GymBridgeOptions.ImportModules failed to import in '{python}': {LastLine(tail, "import-failed: ")}"),
            var code => new WorkerStartException(
                $"The Python worker ('{python}' -m gymbridge_worker, from {workerDirectory}) exited with code {code} before connecting." +
                (tail.Length > 0 ? Environment.NewLine + tail : string.Empty)),
        };
    }

    private static string LastLine(string text, string marker)
    {
        var index = text.LastIndexOf(marker, StringComparison.Ordinal);
        return index < 0 ? text : text[(index + marker.Length)..].Split('\n')[0].Trim();
    }

    private string StderrSummary()
    {
        lock (_stderrTail)
        {
            return _stderrTail.Count == 0 ? string.Empty : "; last stderr: " + _stderrTail.Last();
        }
    }

    private void Log(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }

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
}
