using System.Diagnostics;

namespace GymBridge.Benchmarks;

/// <summary>
/// The controlled load of a loaded measurement: processes that each keep one core busy with a plain CPU-bound loop
/// (a training run's learner beside the envs), started and stopped by the runner. Each ends by itself once the runner
/// is gone (it looks at its parent between bursts), so a killed runner leaves no busy process behind.
/// </summary>
public sealed class BackgroundLoad : IDisposable
{
    private const string BusyLoop = """
        import os
        parent = os.getppid()
        while os.getppid() == parent:
            for _ in range(100_000):
                pass
        """;

    private readonly List<Process> _processes = [];

    private BackgroundLoad()
    {
    }

    public static BackgroundLoad Start(int processes)
    {
        var load = new BackgroundLoad();
        for (var i = 0; i < processes; i++)
        {
            var start = new ProcessStartInfo(PythonBaseline.Interpreter) { UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(BusyLoop);
            load._processes.Add(Process.Start(start)!);
        }

        return load;
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
        }

        _processes.Clear();
    }
}
