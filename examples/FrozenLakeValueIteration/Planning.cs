using GymBridge.Envs;

namespace FrozenLakeValueIteration;

/// <summary>Dynamic programming over a toy-text env's model P (states and actions are 0..n-1).</summary>
internal sealed class Planning(TransitionTable p)
{
    private readonly int _states = p.States.Count;
    private readonly int _actions = p.Actions.Count;

    /// <summary>Value iteration: V(s) = max_a Σ p·(r + γ·V(s')·[not terminated]), until no value moves by more than tolerance.</summary>
    public (double[] Values, int Sweeps) ValueIteration(double gamma, double tolerance = 1e-10)
    {
        var values = new double[_states];
        for (var sweep = 1; ; sweep++)
        {
            var delta = 0.0;
            for (var s = 0; s < _states; s++)
            {
                var best = Enumerable.Range(0, _actions).Max(a => Backup(s, a, values, gamma));
                delta = Math.Max(delta, Math.Abs(best - values[s]));
                values[s] = best;
            }

            if (delta < tolerance)
            {
                return (values, sweep);
            }
        }
    }

    /// <summary>The greedy policy: in each state the action with the highest backed-up value (lowest on ties).</summary>
    public long[] Greedy(double[] values, double gamma) =>
        [.. Enumerable.Range(0, _states).Select(s => (long)Enumerable.Range(0, _actions).MaxBy(a => Backup(s, a, values, gamma)))];

    /// <summary>
    /// Expected undiscounted return within <paramref name="horizon"/> steps from each state: following
    /// <paramref name="policy"/>, or, when it is null, the best any (time-dependent) policy can do. FrozenLake pays 1
    /// at the goal and 0 elsewhere, so this is the probability of reaching the goal before the time limit.
    /// </summary>
    public double[] ReturnWithin(int horizon, long[]? policy)
    {
        var values = new double[_states];
        for (var k = 0; k < horizon; k++)
        {
            values = [.. Enumerable.Range(0, _states).Select(s => policy is null
                ? Enumerable.Range(0, _actions).Max(a => Backup(s, a, values, 1.0))
                : Backup(s, policy[s], values, 1.0))];
        }

        return values;
    }

    private double Backup(int state, long action, double[] values, double gamma) =>
        p[state, action].Sum(t => t.Probability * (t.Reward + (t.Terminated ? 0 : gamma * values[t.NextState])));
}
