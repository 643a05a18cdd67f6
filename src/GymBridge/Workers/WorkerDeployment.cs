using System.Reflection;
using System.Security.Cryptography;

namespace GymBridge.Workers;

/// <summary>
/// The Python worker embedded in this assembly, written out on first use to a per-version cache folder
/// (<c>LocalApplicationData/gymbridge/&lt;version&gt;-&lt;content hash&gt;/python_worker</c>) so that a program that
/// only references the package can start workers. The folder is written under a temporary name and renamed
/// into place, so a reader never sees half of it; an existing folder is reused.
/// </summary>
internal static class WorkerDeployment
{
    private const string ResourcePrefix = "python_worker/";

    /// <summary>The folder that contains <c>gymbridge_worker/</c> and <c>requirements.txt</c>, extracted if it is not there yet.</summary>
    public static string EnsureExtracted(string cacheRoot)
    {
        var assembly = typeof(WorkerDeployment).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        var target = Path.Combine(cacheRoot, $"{Version(assembly)}-{ContentHash(assembly, names)}", "python_worker");
        if (File.Exists(Path.Combine(target, "gymbridge_worker", "__main__.py")))
        {
            return target;
        }

        var staging = $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            foreach (var name in names)
            {
                var path = Path.Combine(staging, name[ResourcePrefix.Length..].Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var resource = assembly.GetManifestResourceStream(name)!;
                using var file = File.Create(path);
                resource.CopyTo(file);
            }

            Directory.Move(staging, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            // Another process put the same content in place first.
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return target;
    }

    /// <summary><c>LocalApplicationData/gymbridge</c> (on Linux <c>$XDG_DATA_HOME/gymbridge</c> or <c>~/.local/share/gymbridge</c>).</summary>
    public static string DefaultCacheRoot() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "gymbridge");

    private static string Version(Assembly assembly) =>
        (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0").Split('+')[0];

    /// <summary>Builds of one version can differ (a source checkout): the hash keeps their workers apart.</summary>
    private static string ContentHash(Assembly assembly, string[] names)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in names)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(name));
            using var resource = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            resource.CopyTo(copy);
            hash.AppendData(copy.GetBuffer(), 0, (int)copy.Length);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}
