using GymBridge.Vector;

namespace CartPoleCem;

internal static class Episodes
{
    /// <summary>
    /// Runs <paramref name="episodesPerEnv"/> whole episodes in every env of <paramref name="vector"/> (env i acting
    /// with <paramref name="policies"/>[i]) and returns each env's episode returns.
    /// </summary>
    /// <remarks>
    /// The vector env is in NextStep autoreset mode, as gymnasium's default: after env i's episode ends, the
    /// next <c>Step</c> resets it (its action is ignored, its reward is 0 and its observation is the new episode's
    /// first), so that step is not part of any episode. Envs that have finished their episodes keep stepping
    /// until the slowest is done; those steps are not counted.
    /// </remarks>
    public static double[][] Run(VectorEnv vector, IReadOnlyList<LinearPolicy> policies, int episodesPerEnv, long? seed = null)
    {
        var n = vector.NumEnvs;
        var size = vector.ObservationShape[0];
        var returns = Enumerable.Range(0, n).Select(_ => new double[episodesPerEnv]).ToArray();
        var completed = new int[n];
        var resetting = new bool[n];
        var running = n;
        vector.Reset(seed); // seeded once; later calls pass null, so each env's RNG carries on
        while (running > 0)
        {
            var observations = vector.Observations<float>();
            var actions = vector.Actions<long>();
            for (var i = 0; i < n; i++)
            {
                actions[i] = policies[i].Act(observations.Slice(i * size, size));
            }

            vector.Step();
            var rewards = vector.Rewards;
            var terminated = vector.Terminated;
            var truncated = vector.Truncated;
            for (var i = 0; i < n; i++)
            {
                if (resetting[i])
                {
                    resetting[i] = false; // this step was env i's autoreset
                    continue;
                }

                if (completed[i] == episodesPerEnv)
                {
                    continue;
                }

                returns[i][completed[i]] += rewards[i];
                if (terminated[i] || truncated[i])
                {
                    resetting[i] = true;
                    if (++completed[i] == episodesPerEnv)
                    {
                        running--;
                    }
                }
            }
        }

        return returns;
    }
}
