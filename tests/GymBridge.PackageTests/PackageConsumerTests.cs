using System.Diagnostics;
using System.IO.Compression;
using Xunit;

namespace GymBridge.PackageTests;

/// <summary>
/// Packs src/GymBridge, then builds and runs a console program that references only that package
/// (restored from a local folder), with no python_worker folder anywhere near it: the worker must come out of the package.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"gymbridge-package-{Guid.NewGuid():N}");
    private readonly string _version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    [Fact]
    public void AProgramThatOnlyReferencesThePackageStepsCartPole()
    {
        var feed = Path.Combine(_work, "feed");
        var packages = Path.Combine(_work, "packages");
        var consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        Run(RepoPaths.Root, "dotnet", "pack", Path.Combine(RepoPaths.Root, "src", "GymBridge"), "-c", "Release", "-o", feed, "-nologo", $"-p:PackageVersion={_version}");

        var package = Path.Combine(feed, $"GymBridge.{_version}.nupkg");
        using (var zip = ZipFile.OpenRead(package))
        {
            // Exactly the library, its docs and the readme: dependencies (CliWrap among them, with the Windows
            // signaler it carries inside its own dll) stay package references, nothing of theirs is copied in.
            var entries = zip.Entries.Select(e => e.FullName)
                .Where(name => !name.StartsWith("_rels/", StringComparison.Ordinal) && !name.StartsWith("package/", StringComparison.Ordinal) && name != "[Content_Types].xml")
                .Order(StringComparer.Ordinal);
            Assert.Equal(["GymBridge.nuspec", "README.md", "lib/net10.0/GymBridge.dll", "lib/net10.0/GymBridge.xml"], entries);
            using var nuspec = new StreamReader(zip.GetEntry("GymBridge.nuspec")!.Open());
            Assert.Contains("<dependency id=\"CliWrap\" version=\"3.10.5\"", nuspec.ReadToEnd(), StringComparison.Ordinal);
        }

        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="GymBridge" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="GymBridge" Version="{_version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using GymBridge;

            await using var pool = await EnvPool.StartAsync(new GymBridgeOptions { WorkerCount = 1 });
            await using var env = await pool.MakeAsync("CartPole-v1");
            env.Reset(seed: 42);
            var steps = 0;
            for (var done = false; !done; steps++)
            {
                var step = env.Step(1L);
                done = step.Terminated || step.Truncated;
            }

            Console.WriteLine($"stepped {steps}");
            """);

        // The global package cache must not hand back an older build of this version; RestorePackagesPath keeps it out.
        Run(consumer, "dotnet", "build", "-c", "Release", "-nologo", "-v", "quiet", $"-p:RestorePackagesPath={packages}");
        var output = Run(consumer, "dotnet", Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll"));

        Assert.Matches(@"stepped \d+", output);
        Assert.False(Directory.Exists(Path.Combine(consumer, "bin", "Release", "net10.0", "python_worker")));
        var extracted = Directory.GetDirectories(Path.Combine(_work, "data", "gymbridge"));
        Assert.True(File.Exists(Path.Combine(Assert.Single(extracted), "python_worker", "gymbridge_worker", "__main__.py")));
    }

    private string Run(string directory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        start.Environment["GYMBRIDGE_PYTHON"] = RepoPaths.Python;
        start.Environment["XDG_DATA_HOME"] = Path.Combine(_work, "data");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{stdout}\n{stderr.Result}");
        return stdout;
    }

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }
}
