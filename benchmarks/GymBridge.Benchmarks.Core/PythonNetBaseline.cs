using System.Diagnostics;

namespace GymBridge.Benchmarks;

/// <summary>
/// Runs the pythonnet baseline (benchmarks/GymBridge.Benchmarks.PythonNet): gymnasium embedded in a .NET process through
/// pythonnet, with Debian's libpython and the pool's venv on its path. It runs as a child process, not inside the runner:
/// an embedded interpreter cannot be torn down and set up again per round, and it would share the runner's process
/// (its GIL thread, its signal handlers, its CPU time) with the library being measured (docs/performance.md).
/// </summary>
/// <param name="program">The baseline's built program (its apphost or its dll).</param>
/// <param name="libPython">The libpython shared library to embed.</param>
public sealed class PythonNetBaseline(string program, string libPython)
{
    /// <summary>Debian's libpython (package libpython3.11), the shared library of /usr/bin/python3.</summary>
    public const string DebianLibPython = "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0";

    private readonly Lazy<string> _sitePackages = new(() => SitePackages(PythonBaseline.Interpreter));

    /// <summary>The baseline built beside the runner (same configuration), or null when it was not built or libpython is missing.</summary>
    public static PythonNetBaseline? Find(string libPython = DebianLibPython)
    {
        // The runner lives in benchmarks/GymBridge.Benchmarks/bin/<configuration>/<tfm>/; the baseline in its sibling project's bin.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = Path.Combine(output.Parent!.Name, output.Name);
        var benchmarks = Directory.GetParent(PythonBaseline.FindWorkerDirectory())!.FullName;
        var folder = Path.Combine(benchmarks, "benchmarks", "GymBridge.Benchmarks.PythonNet", "bin", configuration);
        var program = Path.Combine(folder, OperatingSystem.IsWindows() ? "GymBridge.Benchmarks.PythonNet.exe" : "GymBridge.Benchmarks.PythonNet");
        return File.Exists(program) && File.Exists(libPython) ? new PythonNetBaseline(program, libPython) : null;
    }

    /// <summary>One measurement: <paramref name="mode"/> is single or sync_vector (then <paramref name="extra"/> holds the env count).</summary>
    public Throughput Run(string mode, string envId, double seconds, params string[] extra) =>
        ChildMeasurement.Run(new ProcessStartInfo(program), [libPython, _sitePackages.Value, PythonBaseline.FindWorkerDirectory(), mode, envId, ChildMeasurement.Seconds(seconds), .. extra]);

    private static string SitePackages(string python)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import site; print(site.getsitepackages()[0])");
        using var process = Process.Start(start)!;
        var path = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 ? path : throw new InvalidOperationException($"{python} could not name its site-packages");
    }
}
