// Value iteration on slippery FrozenLake-v1 from the env's own model (RemoteEnv.GetTransitions, gymnasium's
// env.unwrapped.P), then the greedy policy run for 1,000 episodes in a vector env.
// Usage: dotnet run -c Release --project examples/FrozenLakeValueIteration -- [episodes] [seed]
// Exits 1 when the measured success rate is more than 4 standard errors from the rate the model predicts.
using System.Globalization;
using FrozenLakeValueIteration;
using GymBridge;

const double Gamma = 0.99;
const int Envs = 100;
string[] arrows = ["←", "↓", "→", "↑"]; // FrozenLake's actions 0..3

var episodes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0;

await using var pool = await EnvPool.StartAsync();
await using var env = await pool.MakeAsync("FrozenLake-v1"); // 4x4, is_slippery=True, TimeLimit 100
var horizon = env.MaxEpisodeSteps ?? int.MaxValue;
var start = env.Reset(seed: seed).Observation.AsInt64();
var planning = new Planning(env.GetTransitions());
var (values, sweeps) = planning.ValueIteration(Gamma);
var policy = planning.Greedy(values, Gamma);
var side = (int)Math.Sqrt(policy.Length);
Console.WriteLine($"{env.Id}: {policy.Length} states, value iteration (gamma {Gamma}) converged in {sweeps} sweeps");
for (var row = 0; row < side; row++)
{
    Console.WriteLine("  " + string.Join(' ', policy.Skip(row * side).Take(side).Select(a => arrows[a])));
}

var predicted = planning.ReturnWithin(horizon, policy)[start];
var optimal = planning.ReturnWithin(horizon, policy: null)[start];
Console.WriteLine(FormattableString.Invariant($"V(start) = {values[start]:F4} (discounted); P(goal within {horizon} steps): policy {predicted:F4}, best possible {optimal:F4}"));

await using var vector = await pool.MakeVectorAsync(env.Id, Envs);
var successes = Episodes.Successes(vector, policy, episodes / Envs, seed);
var rate = (double)successes / episodes;
// Each episode succeeds independently with probability `predicted`, so the count is Binomial(episodes, predicted)
// and the rate's standard error is sqrt(p(1-p)/n) (0.014 for p = 0.74, n = 1000). A deviation beyond 4 standard
// errors happens by chance with probability 6e-5: it means the policy, the model or the bridge is wrong.
var standardError = Math.Sqrt(predicted * (1 - predicted) / episodes);
Console.WriteLine(FormattableString.Invariant($"success rate: {rate:F3} ({successes}/{episodes} episodes), predicted {predicted:F3} ± {standardError:F3} (1 standard error)"));
return Math.Abs(rate - predicted) <= 4 * standardError ? 0 : 1;
