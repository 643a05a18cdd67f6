namespace GymBridge.Cluster;

/// <summary>How N envs of a cluster vector env split over the silos: each next env to the silo with the most free capacity left.</summary>
internal static class VectorSpread
{
    public static int[] Split(int numEnvs, int[] freeCapacity)
    {
        var counts = new int[freeCapacity.Length];
        for (var n = 0; n < numEnvs; n++)
        {
            var best = 0;
            for (var k = 1; k < counts.Length; k++)
            {
                if (freeCapacity[k] - counts[k] > freeCapacity[best] - counts[best])
                {
                    best = k;
                }
            }

            counts[best]++;
        }

        return counts;
    }
}
