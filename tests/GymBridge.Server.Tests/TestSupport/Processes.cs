using System.Diagnostics;
using GymBridge.Tests.TestSupport;

namespace GymBridge.Server.Tests.TestSupport;

/// <summary>Runs the tests' Python scripts (with the repository's interpreter) and tools such as ffmpeg.</summary>
public static class Processes
{
    public static Task<(int ExitCode, string Output, string Errors)> PythonAsync(string script, params string[] arguments) =>
        RunAsync(RepoPaths.Python, [Path.Combine(AppContext.BaseDirectory, "Scripts", script), .. arguments]);

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string fileName, IEnumerable<string> arguments, byte[]? input = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONPATH"] = RepoPaths.PythonWorker;
        start.Environment["PYTHONWARNINGS"] = "ignore";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(input);
            process.StandardInput.Close();
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>Runs ffmpeg/ffprobe with binary stdin and stdout.</summary>
    public static async Task<(int ExitCode, byte[] Output, string Errors)> RunBinaryAsync(string fileName, IEnumerable<string> arguments, byte[] input)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await copy;
        return (process.ExitCode, output.ToArray(), await errors);
    }
}
