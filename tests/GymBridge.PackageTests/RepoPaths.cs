namespace GymBridge.PackageTests;

/// <summary>The repository this test assembly was built from, and its bootstrapped Python.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>GYMBRIDGE_PYTHON, else the repository's .venv (made by scripts/bootstrap-python.sh).</summary>
    public static string Python =>
        Environment.GetEnvironmentVariable("GYMBRIDGE_PYTHON") is { Length: > 0 } configured ? configured : Path.Combine(Root, ".venv", "bin", "python");

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
