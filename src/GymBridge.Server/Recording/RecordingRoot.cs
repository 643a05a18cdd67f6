using GymBridge.Server.Errors;
using GymBridge.Server.Hosting;
using GymBridge.Server.Security;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Recording;

/// <summary>
/// Where the directories clients name for recordings go (<see cref="ServerOptions.RecordingsRoot"/>): relative paths
/// resolve inside the root, and <c>..</c> segments and symbolic links that lead out of it are refused (403
/// <c>path_refused</c>). Absolute paths must lie inside the root too, except on a single-user host
/// (<see cref="Exposure.SingleUser"/>), where they are taken as given, as the legacy servers took them.
/// A path that is too long or that the system cannot create is a 400 <c>invalid_path</c>.
/// </summary>
public sealed class RecordingRoot(IOptions<ServerOptions> options, IHostEnvironment environment, Exposure exposure)
{
    private readonly Lazy<string> _root = new(() =>
    {
        var root = Path.GetFullPath(options.Value.RecordingsRoot ?? DefaultRoot(), environment.ContentRootPath);
        Directory.CreateDirectory(root);
        return RealPath(root);
    });

    public string Root => _root.Value;

    /// <summary>Outside any source tree: <c>gymbridge/recordings</c> in the user's local data folder, else in the temp folder.</summary>
    public static string DefaultRoot()
    {
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return Path.Combine(string.IsNullOrEmpty(data) ? Path.GetTempPath() : data, "gymbridge", "recordings");
    }

    /// <summary>The real, absolute directory for <paramref name="directory"/>, created if missing.</summary>
    public string Resolve(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw ApiException.MissingParameter("directory");
        }

        if (directory.Contains('\0', StringComparison.Ordinal))
        {
            throw Invalid(directory, "it contains a NUL character");
        }

        try
        {
            return Path.IsPathRooted(directory) && exposure.SingleUser ? Create(Path.GetFullPath(directory)) : Confined(directory);
        }
        catch (PathTooLongException)
        {
            throw Invalid(directory, "the path is too long");
        }
        catch (UnauthorizedAccessException error)
        {
            throw new ApiException(StatusCodes.Status403Forbidden, ErrorKinds.PathRefused, $"Cannot record to '{Shown(directory)}': {error.Message}");
        }
        catch (IOException error)
        {
            throw Invalid(directory, error.Message);
        }
    }

    /// <summary>A path relative to the root, with forward slashes (for responses); absolute when it lies outside the root.</summary>
    public string Relative(string path) => IsInside(path, Root) ? Path.GetRelativePath(Root, path).Replace('\\', '/') : path;

    private string Confined(string directory)
    {
        if (directory.Split('/', '\\').Any(segment => segment == ".."))
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

        var real = Create(full);
        return IsInside(real, root) ? real : throw Refused(directory, "a symbolic link leads outside the recordings root");
    }

    private static string Create(string full)
    {
        Directory.CreateDirectory(full);
        return RealPath(full);
    }

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

    private static string Shown(string directory) => directory.Length > 120 ? directory[..120] + "..." : directory;

    private static ApiException Refused(string directory, string why) =>
        new(StatusCodes.Status403Forbidden, ErrorKinds.PathRefused, $"Cannot record to '{Shown(directory)}': {why}.");

    private static ApiException Invalid(string directory, string why) =>
        new(StatusCodes.Status400BadRequest, ErrorKinds.InvalidPath, $"Cannot record to '{Shown(directory)}': {why}.");
}
