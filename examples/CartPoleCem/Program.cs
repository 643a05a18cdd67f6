// Trains a linear CartPole-v1 policy with the cross-entropy method, evaluating every candidate in parallel
// in one vector env, prints the learning curve, writes it as an SVG plot and evaluates the final policy.
// Usage: dotnet run -c Release --project examples/CartPoleCem -- [plot.svg] [seed]
// Exits 1 when the final policy's average return over 100 episodes is below 475 (CartPole-v1's threshold).
using System.Diagnostics;
using System.Globalization;
using CartPoleCem;
using GymBridge;

const int Population = 50;          // one env per candidate
const int EpisodesPerCandidate = 2; // run one after another in the candidate's env (NextStep autoreset)
const double EliteFraction = 0.2;
const int MaxIterations = 50;
const int EvaluationEpisodes = 100; // Population envs × 2 episodes
const double Threshold = 475;

var plotPath = args.Length > 0 ? args[0] : "cartpole-cem.svg";
var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0;
var clock = Stopwatch.StartNew();

await using var pool = await EnvPool.StartAsync();
await using var vector = await pool.MakeVectorAsync("CartPole-v1", Population);
var dimensions = vector.ObservationShape[0] + 1;
var cem = new CrossEntropy(dimensions, Population, EliteFraction, new Random(seed));
var curve = new List<Iteration>();
Console.WriteLine($"CEM on {vector}: population {Population}, {EpisodesPerCandidate} episodes each, elite fraction {EliteFraction}, seed {seed}");
Console.WriteLine("iteration  mean return  elite return  best");
for (var number = 1; number <= MaxIterations; number++)
{
    var candidates = cem.Sample();
    var returns = Episodes.Run(vector, [.. candidates.Select(c => new LinearPolicy(c))], EpisodesPerCandidate, number == 1 ? seed : null);
    var scores = returns.Select(r => r.Average()).ToArray();
    cem.Update(candidates, scores, extraNoise: Math.Max(0, 0.25 * (1 - (number / 20.0))));
    var iteration = new Iteration(number, scores.Average(), scores.OrderDescending().Take(cem.EliteCount).Average(), scores.Max());
    curve.Add(iteration);
    Console.WriteLine(FormattableString.Invariant($"{number,9}  {iteration.MeanReturn,11:F1}  {iteration.EliteReturn,12:F1}  {iteration.BestReturn,4:F0}"));
    if (iteration.MeanReturn >= 490)
    {
        break; // nearly every sample around the mean solves it: the mean is done
    }
}

File.WriteAllText(plotPath, SvgPlot.LearningCurve(curve, Threshold));
Console.WriteLine($"learning curve: {Path.GetFullPath(plotPath)}");

var final = new LinearPolicy(cem.Mean);
var evaluation = Episodes.Run(vector, [.. Enumerable.Repeat(final, Population)], EvaluationEpisodes / Population).SelectMany(r => r).ToArray();
Console.WriteLine("final policy: " + string.Join(", ", final.Parameters.Select(p => p.ToString("F3", CultureInfo.InvariantCulture))));
Console.WriteLine(FormattableString.Invariant($"evaluation: average return {evaluation.Average():F2} over {evaluation.Length} episodes (min {evaluation.Min()}), {clock.Elapsed.TotalSeconds:F1} s in all"));
return evaluation.Average() >= Threshold ? 0 : 1;
