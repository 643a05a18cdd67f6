using Xunit;

namespace GymBridge.Cli.Tests;

/// <summary>The real CLI against the real Python (GYMBRIDGE_PYTHON, set by scripts/test.sh).</summary>
public sealed class CliTests
{
    [Fact]
    public void CheckPassesWithAGoodPython()
    {
        var (exitCode, output) = Cli.Run("check");

        Assert.True(exitCode == 0, output);
        Assert.Contains("GYMBRIDGE_PYTHON environment variable", output, StringComparison.Ordinal);
        Assert.Contains("gymnasium", output, StringComparison.Ordinal);
        Assert.Contains("CartPole-v1 stepped", output, StringComparison.Ordinal);

        // Every env family, whether it works here, and the command for those that do not (the tests need none of the extras).
        foreach (var family in new[] { "classic_control", "toy_text", "box2d", "mujoco", "atari", "jax" })
        {
            var row = Assert.Single(output.Split('\n'), line => line.Contains($" {family} ", StringComparison.Ordinal));
            Assert.True(row.Contains("works", StringComparison.Ordinal) || row.Contains($"scripts/bootstrap-python.sh --extras", StringComparison.Ordinal), row);
        }

        Assert.Contains("works", Assert.Single(output.Split('\n'), line => line.Contains(" classic_control ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckFailsWithAMissingPythonAndPrintsTheFix()
    {
        var (exitCode, output) = Cli.Run("check", "--python", "/nonexistent/python3");

        Assert.Equal(1, exitCode);
        Assert.Contains("cannot run /nonexistent/python3", output, StringComparison.Ordinal);
        Assert.Contains("Fix:", output, StringComparison.Ordinal);
        Assert.Contains("-m pip install -r", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckFailsWhenThePackagesAreMissingAndPrintsThePipCommand()
    {
        // Debian's interpreter without the venv: numpy and msgpack may be there, gymnasium is not.
        var (exitCode, output) = Cli.Run("check", "--python", "/usr/bin/python3");

        Assert.Equal(1, exitCode);
        Assert.Contains("gymnasium is not installed", output, StringComparison.Ordinal);
        Assert.Contains("Fix: \"/usr/bin/python3\" -m pip install -r", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EnvsListsCartPoleWithItsSpaces()
    {
        var (exitCode, output) = Cli.Run("envs", "--filter", "CartPole");

        Assert.True(exitCode == 0, output);
        var row = Assert.Single(output.Split('\n'), line => line.Contains(" CartPole-v1 ", StringComparison.Ordinal));
        Assert.Contains("Discrete(2)", row, StringComparison.Ordinal);
        Assert.Contains("(4,), float32", row, StringComparison.Ordinal);
        Assert.DoesNotContain("Acrobot", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EnvsWithAMissingPythonSaysHowToFixItWithoutAStackTrace()
    {
        var (exitCode, output) = Cli.Run("envs", "--python", "/nonexistent/python3");

        Assert.Equal(1, exitCode);
        Assert.Contains("/nonexistent/python3", output, StringComparison.Ordinal);
        Assert.Contains("gymbridge check", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void CheckFailsWhenTheWorkerItselfFailsAndPrintsTheFix()
    {
        // An interpreter that answers --version and the requirements check but dies when started as a worker.
        var wrapper = Path.Combine(Path.GetTempPath(), $"gymbridge-broken-python-{Guid.NewGuid():N}");
        File.WriteAllText(wrapper, $"#!/bin/sh\ncase \"$*\" in *gymbridge_worker\\ --pipe*) echo 'worker refused' >&2; exit 3;; esac\nexec \"{Environment.GetEnvironmentVariable("GYMBRIDGE_PYTHON")}\" \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var (exitCode, output) = Cli.Run("check", "--python", wrapper);

            Assert.Equal(1, exitCode);
            Assert.Contains("ok   packages:", output, StringComparison.Ordinal);
            Assert.Contains("FAIL the worker failed:", output, StringComparison.Ordinal);
            Assert.Contains($"Fix: \"{wrapper}\" -m pip install -r", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(wrapper);
        }
    }
}
