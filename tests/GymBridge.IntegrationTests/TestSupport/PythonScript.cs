using System.Diagnostics;
using GymBridge.Protocol;
using MessagePack;
using GymBridge.Tests.TestSupport;
using GymBridge.Values;

namespace GymBridge.IntegrationTests.TestSupport;

/// <summary>Runs a Python script of the tests with the repository's interpreter and decodes its MessagePack output.</summary>
internal static class PythonScript
{
    public static async Task<GymValue> RunAsync(string script, params string[] arguments)
    {
        var start = RepoPaths.PythonStartInfo([Path.Combine(AppContext.BaseDirectory, script), .. arguments]);
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await copy;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed with code {process.ExitCode}: {await errors}");
        }

        var reader = new MessagePackReader(new System.Buffers.ReadOnlySequence<byte>(output.ToArray()));
        return GymValueFormatter.Read(ref reader);
    }
}
