using System.Diagnostics;

namespace GymBridge.SharedMemory;

/// <summary>
/// How many threads the whole machine has ready to run right now (Linux: <c>procs_running</c> in
/// /proc/stat), sampled at most every 50 ms. Spinning only pays on a core nobody else wants; other
/// processes' load is invisible to <see cref="SpinGate"/>'s own count of busy lanes.
/// Elsewhere (or if /proc is unreadable) it reports 0: spinning is then decided by the lanes alone.
/// </summary>
internal sealed class RunnableThreads
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private readonly string _statPath;
    private long _sampledAt;
    private int _count;

    public RunnableThreads(string statPath = "/proc/stat") => _statPath = statPath;

    public int Current
    {
        get
        {
            var now = Stopwatch.GetTimestamp();
            if (now - Volatile.Read(ref _sampledAt) > Interval.TotalSeconds * Stopwatch.Frequency)
            {
                Volatile.Write(ref _count, Read());
                Volatile.Write(ref _sampledAt, now);
            }

            return Volatile.Read(ref _count);
        }
    }

    /// <summary>The value of the <c>procs_running</c> line, or 0.</summary>
    internal static int Parse(IEnumerable<string> statLines)
    {
        foreach (var line in statLines)
        {
            if (line.StartsWith("procs_running ", StringComparison.Ordinal)
                && int.TryParse(line.AsSpan("procs_running ".Length), System.Globalization.CultureInfo.InvariantCulture, out var running))
            {
                return running;
            }
        }

        return 0;
    }

    private int Read()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        try
        {
            return Parse(File.ReadLines(_statPath));
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
