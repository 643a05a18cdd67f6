using System.Diagnostics;

namespace GymBridge.Benchmarks;

/// <summary>CPU time so far (user plus system, all threads; /proc on Linux) of this process and of a pool's workers.</summary>
public readonly record struct CpuTimes(TimeSpan Host, TimeSpan Workers)
{
    public static CpuTimes Now(EnvPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var workers = TimeSpan.Zero;
        foreach (var worker in pool.Workers)
        {
            using var process = Process.GetProcessById(worker.Pid);
            workers += process.TotalProcessorTime;
        }

        using var self = Process.GetCurrentProcess();
        return new CpuTimes(self.TotalProcessorTime, workers);
    }

    public static CpuTimes operator -(CpuTimes after, CpuTimes before) => new(after.Host - before.Host, after.Workers - before.Workers);

    public double TotalSeconds => (Host + Workers).TotalSeconds;
}
