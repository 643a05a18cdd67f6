using System.Text.Json;
using System.Text.RegularExpressions;
using GymBridge.ExamplesTests.TestSupport;
using GymBridge.Server.Tests.TestSupport;
using GymBridge.Tests.TestSupport;

namespace GymBridge.ExamplesTests;

public sealed class NodeClientTests
{
    private static readonly string Agent = Path.Combine(RepoPaths.Root, "examples", "node-client", "agent.mjs");

    [Fact]
    public async Task The_JavaScript_agent_plays_CartPole_through_the_REST_host_and_closes_its_env()
    {
        await using var host = await TestHost.StartAsync();

        var run = await Examples.RunAsync("node", [Agent, host.BaseAddress.ToString(), "3"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var id = Regex.Match(run.Output, "^env ([0-9a-f]{8}): CartPole-v1, action space Discrete\\(2\\)$", RegexOptions.Multiline);
        Assert.True(id.Success, run.ToString());
        var episodes = Regex.Matches(run.Output, @"^episode (\d): return (\d+) in (\d+) steps$", RegexOptions.Multiline);
        Assert.Equal(["0", "1", "2"], episodes.Select(m => m.Groups[1].Value));
        Assert.All(episodes, m => Assert.Equal(m.Groups[3].Value, m.Groups[2].Value));
        Assert.Contains($"closed {id.Groups[1].Value}", run.Output, StringComparison.Ordinal);
        using var envs = JsonDocument.Parse(await host.Client.GetStringAsync("v1/envs/"));
        Assert.Empty(envs.RootElement.GetProperty("all_envs").EnumerateObject());
    }

    [Fact]
    public async Task The_JavaScript_agent_exits_non_zero_when_the_host_is_unreachable()
    {
        var run = await Examples.RunAsync("node", [Agent, "http://127.0.0.1:9", "1"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("fetch failed", run.Errors, StringComparison.Ordinal);
    }
}
