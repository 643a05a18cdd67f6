using System.Runtime.InteropServices;

namespace GymBridge.SharedMemory;

/// <summary>The CPU the calling thread runs on (Linux: glibc's <c>sched_getcpu</c>, a vDSO read); -1 elsewhere.</summary>
internal static partial class CurrentCpu
{
    public static int Get() => Futex.IsSupported ? sched_getcpu() : -1;

    [LibraryImport("libc")]
    private static partial int sched_getcpu();
}
