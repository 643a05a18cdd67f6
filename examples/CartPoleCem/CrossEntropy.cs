namespace CartPoleCem;

/// <summary>One iteration's summary: the population's mean return and the elites' mean return.</summary>
internal readonly record struct Iteration(int Number, double MeanReturn, double EliteReturn, double BestReturn);

/// <summary>
/// The cross-entropy method over a diagonal Gaussian: sample a population, keep the best fraction (the elites),
/// refit the mean and standard deviation to them, plus extra noise that decays so the search does not collapse early.
/// </summary>
internal sealed class CrossEntropy(int dimensions, int population, double eliteFraction, Random random)
{
    private readonly double[] _mean = new double[dimensions];
    private readonly double[] _deviation = [.. Enumerable.Repeat(1.0, dimensions)];

    public double[] Mean => [.. _mean];

    public int EliteCount { get; } = Math.Max(2, (int)Math.Round(population * eliteFraction));

    public double[][] Sample() =>
        [.. Enumerable.Range(0, population).Select(_ => _mean.Select((m, d) => m + (_deviation[d] * Gaussian())).ToArray())];

    /// <summary>Refits to the elites of <paramref name="candidates"/> by <paramref name="scores"/>.</summary>
    public void Update(double[][] candidates, double[] scores, double extraNoise)
    {
        var elites = Enumerable.Range(0, population).OrderByDescending(i => scores[i]).ThenBy(i => i)
            .Take(EliteCount).Select(i => candidates[i]).ToArray();
        for (var d = 0; d < dimensions; d++)
        {
            var mean = elites.Average(e => e[d]);
            var variance = elites.Average(e => (e[d] - mean) * (e[d] - mean));
            _mean[d] = mean;
            _deviation[d] = Math.Sqrt(variance + (extraNoise * extraNoise));
        }
    }

    /// <summary>Box–Muller, from the seeded <see cref="Random"/> so runs repeat.</summary>
    private double Gaussian()
    {
        var u = 1.0 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }
}
