using GymBridge.ExamplesTests.TestSupport;

namespace GymBridge.ExamplesTests;

public sealed class FrozenLakeValueIterationTests
{
    [Fact]
    public async Task The_greedy_policy_succeeds_as_often_as_the_model_predicts()
    {
        var run = await Examples.DotnetAsync("FrozenLakeValueIteration", "1000", "0");

        Assert.True(run.ExitCode == 0, run.ToString());
        var policy = run.Number(@"P\(goal within 100 steps\): policy (\S+),");
        var best = run.Number(@"best possible (\S+)$");
        var rate = run.Number(@"^success rate: (\S+) \(\d+/1000 episodes\)");
        // Near-optimal: the stationary gamma-0.99 greedy policy loses < 1 point to the best time-dependent policy
        // for the 100-step limit (0.740 vs 0.744 for the 4x4 map).
        Assert.InRange(policy, best - 0.01, best + 1e-9);
        // 1,000 independent episodes: the success count is Binomial(1000, policy), so the rate's standard error is
        // sqrt(p(1-p)/1000) ≈ 0.014. Outside 4 standard errors (chance 6e-5) the policy, the model P or the
        // stepping is wrong. (A fixed floor such as 0.70 would sit only 2.9 standard errors below 0.74.)
        var standardError = Math.Sqrt(policy * (1 - policy) / 1000);
        Assert.InRange(rate, policy - (4 * standardError), policy + (4 * standardError));
    }
}
