namespace GymBridge.Workers;

/// <summary>Finds the interpreter and the worker package (DESIGN.md, "Python interpreter").</summary>
internal static class PythonLocator
{
    public const string PythonVariable = "GYMBRIDGE_PYTHON";

    public static string FindPython(GymBridgeOptions options) => ResolvePython(options).Path;

    /// <summary>The interpreter and why it was chosen (the first of: option, environment variable, a .venv, PATH).</summary>
    public static PythonChoice ResolvePython(GymBridgeOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PythonPath))
        {
            return new(options.PythonPath, "GymBridgeOptions.PythonPath is set");
        }

        var configured = Environment.GetEnvironmentVariable(PythonVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new(configured, $"the {PythonVariable} environment variable is set");
        }

        var venvPython = OperatingSystem.IsWindows() ? Path.Combine(".venv", "Scripts", "python.exe") : Path.Combine(".venv", "bin", "python");
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, venvPython);
                if (File.Exists(candidate))
                {
                    return new(candidate, $"a .venv was found above {start}");
                }
            }
        }

        return new(OperatingSystem.IsWindows() ? "python" : "python3", $"no option, no {PythonVariable} and no .venv: the interpreter on PATH");
    }

    /// <summary>The folder that contains <c>gymbridge_worker/</c>: configured, copied beside the assembly, a source checkout above it, or else the copy embedded in the assembly, extracted to a cache folder.</summary>
    public static string FindWorkerDirectory(GymBridgeOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.WorkerDirectory))
        {
            return options.WorkerDirectory;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "python_worker");
            if (File.Exists(Path.Combine(candidate, "gymbridge_worker", "__main__.py")))
            {
                return candidate;
            }
        }

        return WorkerDeployment.EnsureExtracted(WorkerDeployment.DefaultCacheRoot());
    }

    /// <summary>The command that installs what the worker needs, for error messages.</summary>
    public static string InstallCommand(string python, string workerDirectory)
    {
        var requirements = Path.Combine(workerDirectory, "requirements.txt");
        if (!File.Exists(requirements))
        {
            requirements = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(workerDirectory)) ?? workerDirectory, "requirements.txt");
        }

        return $"\"{python}\" -m pip install -r \"{requirements}\"";
    }
}
