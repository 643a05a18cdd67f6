using System.Diagnostics;
using GymBridge.Envs;
using GymBridge.Errors;
using GymBridge.IntegrationTests.TestSupport;
using GymBridge.Tests.TestSupport;
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
