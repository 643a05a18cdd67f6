using GymBridge.Tests.TestSupport;
using GymBridge.Workers;
using Xunit;

namespace GymBridge.Tests.Workers;

public sealed class WorkerDeploymentTests : IDisposable
{
    private readonly string _cacheRoot = Path.Combine(Path.GetTempPath(), $"gymbridge-cache-{Guid.NewGuid():N}");

    [Fact]
    public void ExtractsTheEmbeddedWorkerAndRequirementsAsTheyAreInTheRepository()
    {
        var folder = WorkerDeployment.EnsureExtracted(_cacheRoot);

        var source = Path.Combine(RepoPaths.Root, "python_worker", "gymbridge_worker");
        foreach (var file in Directory.GetFiles(source, "*.py"))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(folder, "gymbridge_worker", Path.GetFileName(file))));
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "requirements.txt")), File.ReadAllBytes(Path.Combine(folder, "requirements.txt")));
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(Path.GetDirectoryName(folder)!)!, "*.tmp"));
    }

    [Fact]
    public void ReusesAnExtractedFolder()
    {
        var first = WorkerDeployment.EnsureExtracted(_cacheRoot);
        var marker = Path.Combine(first, "gymbridge_worker", "__main__.py");
        var written = File.GetLastWriteTimeUtc(marker);

        Assert.Equal(first, WorkerDeployment.EnsureExtracted(_cacheRoot));
        Assert.Equal(written, File.GetLastWriteTimeUtc(marker));
    }

    [Fact]
    public async Task ConcurrentFirstUsesAgreeOnOneCompleteFolder()
    {
        var folders = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => WorkerDeployment.EnsureExtracted(_cacheRoot))));

        Assert.Single(folders.Distinct());
        Assert.True(File.Exists(Path.Combine(folders[0], "gymbridge_worker", "__main__.py")));
        Assert.Single(Directory.GetDirectories(_cacheRoot));
        Assert.Single(Directory.GetDirectories(Path.GetDirectoryName(folders[0])!));
    }

    public void Dispose()
    {
        if (Directory.Exists(_cacheRoot))
        {
            Directory.Delete(_cacheRoot, recursive: true);
        }
    }
}
