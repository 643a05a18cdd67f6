using GymBridge.Vector;

namespace FrozenLakeValueIteration;

internal static class Episodes
{
    /// <summary>
    /// Runs <paramref name="episodesPerEnv"/> episodes in each env of <paramref name="vector"/> with a tabular policy
    /// and counts those that reached the goal (reward 1). In NextStep autoreset mode the step after an episode's
    /// last one resets the env (action ignored, reward 0), so it belongs to no episode.
    /// </summary>
    public static int Successes(VectorEnv vector, long[] policy, int episodesPerEnv, long seed)
    {
        var n = vector.NumEnvs;
        var completed = new int[n];
        var resetting = new bool[n];
        var successes = 0;
        var running = n;
        vector.Reset(seed); // env i gets seed + i
        while (running > 0)
        {
            var observations = vector.Observations<long>(); // Discrete batches as int64
            var actions = vector.Actions<long>();
            for (var i = 0; i < n; i++)
            {
                actions[i] = policy[observations[i]];
            }

            vector.Step();
            for (var i = 0; i < n; i++)
            {
                if (resetting[i])
                {
                    resetting[i] = false;
                }
                else if (completed[i] < episodesPerEnv && (vector.Terminated[i] || vector.Truncated[i]))
                {
                    successes += vector.Rewards[i] > 0 ? 1 : 0;
                    resetting[i] = true;
                    running -= ++completed[i] == episodesPerEnv ? 1 : 0;
                }
            }
        }

        return successes;
    }
}
