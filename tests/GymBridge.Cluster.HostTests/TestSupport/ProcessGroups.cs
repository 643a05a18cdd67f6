using System.Diagnostics;
using System.Globalization;

namespace GymBridge.Cluster.HostTests.TestSupport;

/// <summary>Process groups on Linux, read from /proc: who is in one, and <c>kill -9</c> of all of it.</summary>
public static class ProcessGroups
{
    /// <summary>The pids of the live (not zombie) processes in group <paramref name="group"/>.</summary>
    public static IReadOnlyList<int> Members(int group)
    {
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (Stat(pid) is { } stat && stat.Group == group && stat.State != 'Z')
            {
                members.Add(pid);
            }
        }

        return members;
    }

    /// <summary>True while <paramref name="pid"/> runs (a zombie counts as gone).</summary>
    public static bool IsRunning(int pid) => Stat(pid) is { State: not 'Z' };

    /// <summary>Sends SIGKILL to every process of the group (<c>kill -KILL -- -PGID</c>).</summary>
    public static void Kill(int group)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-KILL", "--", $"-{group.ToString(CultureInfo.InvariantCulture)}"])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        })!;
        kill.WaitForExit();
    }

    private static (char State, int Group)? Stat(int pid)
    {
        try
        {
            // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[2], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
