using System.Text.RegularExpressions;
using GymBridge.ExamplesTests.TestSupport;

namespace GymBridge.ExamplesTests;

public sealed class CartPoleRandomTests
{
    [Fact]
    public async Task Prints_one_return_per_episode()
    {
        var run = await Examples.DotnetAsync("CartPoleRandom", "3");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"^Python \S+, gymnasium \S+, numpy \S+$", run.Output.Split('\n')[0].TrimEnd());
        var episodes = Regex.Matches(run.Output, @"^episode (\d+): return (\d+) in (\d+) steps$", RegexOptions.Multiline);
        Assert.Equal(["0", "1", "2"], episodes.Select(m => m.Groups[1].Value));
        // CartPole pays 1 per step, so each return equals its step count; random play ends well before 500.
        Assert.All(episodes, m => Assert.Equal(m.Groups[3].Value, m.Groups[2].Value));
        Assert.All(episodes, m => Assert.InRange(int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 499));
    }
}
