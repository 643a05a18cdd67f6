using System.Diagnostics;

namespace GymBridge.Tests.TestSupport;

/// <summary>Where the repository and its bootstrapped Python live, for tests that run real workers.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string PythonWorker => Path.Combine(Root, "python_worker");

    public static string TestVectors => Path.Combine(Root, "protocol", "test-vectors.json");

    /// <summary>GYMBRIDGE_PYTHON, else the repository's .venv (made by scripts/bootstrap-python.sh).</summary>
    public static string Python
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("GYMBRIDGE_PYTHON");
            if (!string.IsNullOrEmpty(configured))
            {
                return configured;
            }

            var venv = OperatingSystem.IsWindows()
                ? Path.Combine(Root, ".venv", "Scripts", "python.exe")
                : Path.Combine(Root, ".venv", "bin", "python");
            return File.Exists(venv)
                ? venv
                : throw new InvalidOperationException($"No Python at {venv}: run scripts/bootstrap-python.sh first.");
        }
    }

    /// <summary>Runs <see cref="Python"/> with the worker packages importable and every stream redirected.</summary>
    public static ProcessStartInfo PythonStartInfo(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONPATH"] = PythonWorker;
        start.Environment["PYTHONWARNINGS"] = "ignore";
        return start;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GymBridge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GymBridge.sln not found above " + AppContext.BaseDirectory);
    }
}
