using System.Diagnostics;
using System.Runtime.Versioning;
using GymBridge.Envs;
using GymBridge.Errors;
using GymBridge.IntegrationTests.Reliability;
using GymBridge.IntegrationTests.TestSupport;
using GymBridge.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GymBridge.IntegrationTests;

/// <summary>Starting, losing and stopping real worker processes.</summary>
public sealed class WorkerLifecycleTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_missing_interpreter_fails_fast_naming_it_and_the_fix()
    {
        var options = PoolFixture.Options();
        options.PythonPath = "/nonexistent/python3.99";
        var error = await Assert.ThrowsAsync<WorkerStartException>(() => EnvPool.StartAsync(options));
        Assert.Contains("/nonexistent/python3.99", error.Message);
        Assert.Contains("GYMBRIDGE_PYTHON", error.Message);
        Assert.Contains("bootstrap-python.sh", error.Message);
    }

    [Fact]
    public async Task A_Python_without_gymnasium_fails_fast_with_the_pip_command()
    {
        // A worker folder whose fake gymnasium shadows the real one: the worker sees "no gymnasium".
        var folder = Directory.CreateTempSubdirectory("gymbridge-nogym-");
        try
        {
            CopyDirectory(Path.Combine(RepoPaths.PythonWorker, "gymbridge_worker"), Path.Combine(folder.FullName, "gymbridge_worker"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "gymnasium.py"), "raise ImportError(\"No module named 'gymnasium'\")\n");
            var options = PoolFixture.Options();
            options.ImportModules.Clear();
            options.WorkerDirectory = folder.FullName;
            var error = await Assert.ThrowsAsync<WorkerStartException>(() => EnvPool.StartAsync(options));
            Assert.Contains(RepoPaths.Python, error.Message);
            Assert.Contains("No module named 'gymnasium'", error.Message);
            Assert.Contains("-m pip install -r", error.Message);
            Assert.Contains("requirements.txt", error.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_failing_import_module_fails_fast_naming_the_module()
    {
        var options = PoolFixture.Options();
        options.ImportModules.Add("module_that_does_not_exist_anywhere");
        var error = await Assert.ThrowsAsync<WorkerStartException>(() => EnvPool.StartAsync(options));
        Assert.Contains("module_that_does_not_exist_anywhere", error.Message);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task A_worker_that_exits_before_connecting_reports_its_exit_code_and_its_stderr()
    {
        var wrapper = Path.Combine(Path.GetTempPath(), $"gymbridge-exiting-python-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(wrapper, "#!/bin/sh\necho 'no worker today' >&2\nexit 5\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var options = PoolFixture.Options();
            options.PythonPath = wrapper;
            var error = await Assert.ThrowsAsync<WorkerStartException>(() => EnvPool.StartAsync(options));
            Assert.Contains("exited with code 5 before connecting", error.Message);
            Assert.Contains("no worker today", error.Message);
        }
        finally
        {
            File.Delete(wrapper);
        }
    }

    [Fact]
    public async Task Worker_output_reaches_the_logger_stdout_as_information_and_stderr_as_warnings()
    {
        var folder = Directory.CreateTempSubdirectory("gymbridge-chatty-");
        try
        {
            CopyDirectory(Path.Combine(RepoPaths.PythonWorker, "gymbridge_worker"), Path.Combine(folder.FullName, "gymbridge_worker"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "chatty.py"),
                "import sys\nprint('chatty: to stdout, é')\nprint('chatty: to stderr', file=sys.stderr)\n");
            var options = PoolFixture.Options();
            options.ImportModules.Clear();
            options.ImportModules.Add("chatty");
            options.WorkerDirectory = folder.FullName;
            using var logs = new CapturingLoggerFactory();
            int pid;
            await using (var pool = await EnvPool.StartAsync(options, logs))
            {
                pid = pool.Workers[0].Pid;
            }

            // Disposing waits for the process and its output: every line is in by now.
            Assert.Contains(("GymBridge.Workers", LogLevel.Information, $"[worker {pid}] chatty: to stdout, é"), logs.Entries);
            Assert.Contains(("GymBridge.Workers", LogLevel.Warning, $"[worker {pid}] chatty: to stderr"), logs.Entries);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Disposing_a_pool_whose_worker_is_busy_interrupts_the_worker_which_then_exits_by_itself()
    {
        var (pid, logs) = await DisposeWhileAnEnvHangsAsync(interruptible: true);
        Assert.Contains(("GymBridge.Workers", LogLevel.Warning, $"[worker {pid}] gymbridge-worker: interrupted, exiting"), logs);
        Assert.DoesNotContain(logs, e => e.Message.Contains("killing it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_busy_worker_that_ignores_the_interrupt_is_killed_after_the_grace()
    {
        var (pid, logs) = await DisposeWhileAnEnvHangsAsync(interruptible: false);
        Assert.Contains(logs, e => e.Level == LogLevel.Warning && e.Message == $"Worker pid {pid} did not exit within 2 s of being interrupted; killing it");
    }

    [Theory]
    [InlineData("exit")]
    [InlineData("abort")]
    public async Task An_env_that_kills_its_worker_loses_only_that_workers_envs(string how)
    {
        await using var pool = await EnvPool.StartAsync(PoolFixture.Options(workers: 2));
        var options = new MakeOptions();
        options.Kwargs["how"] = how;
        await using var killer = await pool.MakeAsync("GymBridgeTest/Exiting-v0", options);
        await using var first = await pool.MakeAsync("CartPole-v1");
        await using var second = await pool.MakeAsync("CartPole-v1");
        var victim = new[] { first, second }.Single(e => e.WorkerIndex == killer.WorkerIndex);
        var survivor = new[] { first, second }.Single(e => e.WorkerIndex != killer.WorkerIndex);
        killer.Reset();
        survivor.Reset(seed: 0);

        var error = await Assert.ThrowsAsync<EnvLostException>(() => killer.StepAsync(1).AsTask().WaitAsync(Guard));
        Assert.Contains("worker", error.Message);
        await Assert.ThrowsAsync<EnvLostException>(() => victim.ResetAsync().AsTask().WaitAsync(Guard));
        Assert.Equal(1.0, survivor.Step(0).Reward);
    }

    [Fact]
    public async Task A_hung_env_times_out_and_its_worker_is_stopped()
    {
        var options = PoolFixture.Options();
        options.RequestTimeout = TimeSpan.FromSeconds(2);
        await using var pool = await EnvPool.StartAsync(options);
        var pid = pool.Workers[0].Pid;
        await using var hanging = await pool.MakeAsync("GymBridgeTest/Hanging-v0");
        await using var neighbour = await pool.MakeAsync("CartPole-v1");
        hanging.Reset();

        var error = await Assert.ThrowsAsync<WorkerTimeoutException>(() => hanging.StepAsync(1).AsTask().WaitAsync(Guard));
        Assert.Contains("hung", error.Message);
        Assert.True(await ProcessProbe.WaitForExitAsync(pid, Guard), "the hung worker was not stopped");
        await Assert.ThrowsAsync<EnvLostException>(() => neighbour.ResetAsync().AsTask().WaitAsync(Guard));
    }

    [Fact]
    public async Task Disposing_the_pool_ends_its_workers()
    {
        var pool = await EnvPool.StartAsync(PoolFixture.Options(workers: 2));
        var pids = pool.Workers.Select(w => w.Pid).ToArray();
        Assert.All(pids, pid => Assert.True(ProcessProbe.IsRunning(pid)));
        await pool.DisposeAsync();
        foreach (var pid in pids)
        {
            Assert.True(await ProcessProbe.WaitForExitAsync(pid, Guard), $"worker {pid} outlived its pool");
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.MakeAsync("CartPole-v1"));
    }

    [Fact]
    public async Task A_worker_exits_when_its_parent_process_is_killed()
    {
        var example = Path.Combine(RepoPaths.Root, "examples", "CartPoleRandom", "bin", BuildConfiguration(), "net10.0", "CartPoleRandom.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(example);
        start.ArgumentList.Add("--hold");
        start.Environment["GYMBRIDGE_PYTHON"] = RepoPaths.Python;
        using var parent = Process.Start(start)!;
        int[] workerPids;
        try
        {
            var line = await parent.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.StartsWith("worker-pids: ", line);
            workerPids = [.. line!["worker-pids: ".Length..].Split(',').Select(pid => int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture))];
            Assert.All(workerPids, pid => Assert.True(ProcessProbe.IsRunning(pid)));
        }
        finally
        {
            parent.Kill(); // SIGKILL: no dispose, no shutdown message
        }

        foreach (var workerPid in workerPids)
        {
            Assert.True(await ProcessProbe.WaitForExitAsync(workerPid, Guard), $"worker {workerPid} was orphaned");
        }
    }

    /// <summary>Disposes a one-worker pool while its env hangs in step; checks that the worker is gone and the step lost.</summary>
    private static async Task<(int Pid, (string Category, LogLevel Level, string Message)[] Logs)> DisposeWhileAnEnvHangsAsync(bool interruptible)
    {
        using var logs = new CapturingLoggerFactory();
        var pool = await EnvPool.StartAsync(PoolFixture.Options(), logs);
        var pid = pool.Workers[0].Pid;
        var options = new MakeOptions();
        options.Kwargs["interruptible"] = interruptible;
        await using var hanging = await pool.MakeAsync("GymBridgeTest/Hanging-v0", options);
        hanging.Reset();
        var step = hanging.StepAsync(1).AsTask();

        await pool.DisposeAsync().AsTask().WaitAsync(Guard);
        Assert.True(await ProcessProbe.WaitForExitAsync(pid, Guard), "the busy worker outlived its pool");
        await Assert.ThrowsAsync<EnvLostException>(() => step.WaitAsync(Guard));
        return (pid, [.. logs.Entries]);
    }

    private static string BuildConfiguration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*.py"))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
