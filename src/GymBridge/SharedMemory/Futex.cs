using System.Runtime.InteropServices;

namespace GymBridge.SharedMemory;

/// <summary>
/// Linux futexes on words of a shared mapping, which work across processes (no FUTEX_PRIVATE_FLAG): the worker
/// (python_worker/gymbridge_worker/futex.py) and this process sleep on and wake each other through lane words
/// without a pipe message. Elsewhere <see cref="IsSupported"/> is false and the lane wakes through the pipe.
/// </summary>
internal static unsafe partial class Futex
{
    private const int Wait = 0;
    private const int Wake = 1;
    private const int EAgain = 11;

    /// <summary>Linux on x64 or arm64, where the syscall number is known.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    private static long SysFutex => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 202 : 98;

    /// <summary>Sleeps while <paramref name="word"/> holds <paramref name="expected"/>, at most <paramref name="timeout"/>; returns at once if it does not.</summary>
    public static void WaitWhile(ref uint word, uint expected, TimeSpan timeout)
    {
        var spec = new Timespec { Seconds = (long)timeout.TotalSeconds, Nanoseconds = timeout.Ticks % TimeSpan.TicksPerSecond * 100 };
        fixed (uint* address = &word)
        {
            // EAGAIN (the word changed), EINTR and ETIMEDOUT all mean "look again"; the caller loops.
            if (syscall(SysFutex, address, Wait, expected, &spec, 0, 0) < 0 && Marshal.GetLastPInvokeError() is not (EAgain or 4 or 110))
            {
                throw new IOException($"futex wait failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
    }

    /// <summary>Wakes every process sleeping on <paramref name="word"/>.</summary>
    public static void WakeAll(ref uint word)
    {
        fixed (uint* address = &word)
        {
            syscall(SysFutex, address, Wake, int.MaxValue, null, 0, 0);
        }
    }

    // glibc's syscall(2) is variadic; on x64 and arm64 Linux its integer arguments travel in the same registers as a fixed signature's.
    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, uint* address, int operation, uint value, Timespec* timeout, nint address2, uint value3);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
