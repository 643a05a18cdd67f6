using System.Globalization;

namespace GymBridge.IntegrationTests.Reliability;

/// <summary>What this test process holds: child processes (zombies included), open file descriptors, and its shared-memory files.</summary>
internal sealed record ResourceCounts(int Children, int FileDescriptors, int SharedMemory)
{
    /// <summary>
    /// The counts after collecting garbage, so that descriptors earlier tests left to finalizers do not
    /// close in the middle of a measurement. Only for a baseline: a later count must match it without help.
    /// </summary>
    public static ResourceCounts Baseline()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Now();
    }

    public static ResourceCounts Now() => new(ChildPids().Count, Directory.GetFiles("/proc/self/fd").Length, SharedMemoryFiles());

    /// <summary>Pids whose parent is this process; a zombie (exited, not reaped) still counts.</summary>
    public static IReadOnlyList<int> ChildPids()
    {
        var me = Environment.ProcessId;
        var children = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == me)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return children;
    }

    public static int FileDescriptorsOf(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;

    /// <summary>
    /// This process's <c>/dev/shm/gymbridge-*</c> files. Only those carrying this process's pid:
    /// another test process running at the same time has its own.
    /// </summary>
    private static int SharedMemoryFiles() =>
        Directory.Exists("/dev/shm") ? Directory.GetFiles("/dev/shm", $"gymbridge-{Environment.ProcessId}-*").Length : 0;
}
