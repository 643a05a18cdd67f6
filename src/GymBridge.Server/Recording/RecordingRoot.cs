using GymBridge.Server.Errors;
using GymBridge.Server.Hosting;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Recording;

/// <summary>
/// Confines the directories clients name for recordings under <see cref="ServerOptions.RecordingsRoot"/>:
/// relative paths resolve inside it; absolute paths are accepted only if they lie inside it; <c>..</c> segments
/// and symbolic links that lead outside are refused (403 <c>path_refused</c>).
/// </summary>
public sealed class RecordingRoot(IOptions<ServerOptions> options, IHostEnvironment environment)
{
    private readonly Lazy<string> _root = new(() =>
    {
        var root = Path.GetFullPath(options.Value.RecordingsRoot, environment.ContentRootPath);
        Directory.CreateDirectory(root);
        return RealPath(root);
    });

    public string Root => _root.Value;

    /// <summary>The real, absolute directory for <paramref name="directory"/>, created if missing.</summary>
    public string Resolve(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw ApiException.MissingParameter("directory");
        }

        if (directory.Contains('\0', StringComparison.Ordinal)
            || directory.Split('/', '\\').Any(segment => segment == ".."))
        {
            throw Refused(directory, "'..' segments are not allowed");
        }

        var root = Root;
        var full = Path.GetFullPath(Path.IsPathRooted(directory) ? directory : Path.Combine(root, directory));
        if (!IsInside(full, root))
        {
            throw Refused(directory, $"it is outside the recordings root {root}");
        }

        if (!IsInside(RealPath(full), root))
        {
            throw Refused(directory, "a symbolic link leads outside the recordings root");
        }

        Directory.CreateDirectory(full);
        var real = RealPath(full);
        return IsInside(real, root) ? real : throw Refused(directory, "a symbolic link leads outside the recordings root");
    }

    /// <summary>A path relative to the root, with forward slashes (for responses).</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every existing symbolic link along it resolved (missing tail segments kept as they are).</summary>
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var rootOfPath = Path.GetPathRoot(full)!;
        var current = rootOfPath;
        foreach (var segment in full[rootOfPath.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, segment);
            var info = new DirectoryInfo(current);
            if (info.Exists || File.Exists(current))
            {
                if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                {
                    current = Path.GetFullPath(target.FullName);
                }
            }
        }

        return current;
    }

    private static ApiException Refused(string directory, string why) =>
        new(StatusCodes.Status403Forbidden, ErrorKinds.PathRefused, $"Cannot record to '{directory}': {why}.");
}
