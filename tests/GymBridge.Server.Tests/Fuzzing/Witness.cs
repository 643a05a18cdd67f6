using GymBridge.Server.Tests.TestSupport;

namespace GymBridge.Server.Tests.Fuzzing;

/// <summary>
/// An env and a vector env made before a fuzz run and never named by it: afterwards each must step exactly as a fresh
/// one does (same seed, same actions, same JSON), which shows the run left the workers and the host sound.
/// </summary>
internal sealed class Witness
{
    private const int Seed = 2026;
    private static readonly int[] Actions = [.. Enumerable.Range(0, 40).Select(i => (i * 7 / 3) % 2)];

    private readonly string _env;
    private readonly string _vector;

    private Witness(string env, string vector) => (_env, _vector) = (env, vector);

    public static async Task<Witness> StartAsync(HttpClient client)
    {
        var env = await client.CreateAsync("CartPole-v1");
        var vector = (string)(await client.OkAsync(HttpMethod.Post, "v1/vector_envs/", "{\"env_id\": \"CartPole-v1\", \"num_envs\": 2}"))["instance_id"]!;
        var witness = new Witness(env, vector);
        await RunAsync(client, env, vector); // busy before the fuzz, too
        return witness;
    }

    public async Task AssertStepsLikeAFreshEnvAsync(HttpClient client)
    {
        var expected = await RunAsync(client, await client.CreateAsync("CartPole-v1"),
            (string)(await client.OkAsync(HttpMethod.Post, "v1/vector_envs/", "{\"env_id\": \"CartPole-v1\", \"num_envs\": 2}"))["instance_id"]!);
        Assert.Equal(expected, await RunAsync(client, _env, _vector));
    }

    private static async Task<List<string>> RunAsync(HttpClient client, string env, string vector)
    {
        var trace = new List<string> { (await client.OkAsync(HttpMethod.Post, $"v1/envs/{env}/reset/", $"{{\"seed\": {Seed}}}"))["observation"]!.ToJsonString() };
        trace.Add((await client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{vector}/reset/", $"{{\"seed\": {Seed}}}"))["observations"]!.ToJsonString());
        foreach (var action in Actions)
        {
            var step = await client.OkAsync(HttpMethod.Post, $"v1/envs/{env}/step/", $"{{\"action\": {action}}}");
            trace.Add($"{step["observation"]!.ToJsonString()} {step["reward"]} {step["done"]}");
            if ((bool)step["done"]!)
            {
                trace.Add((await client.OkAsync(HttpMethod.Post, $"v1/envs/{env}/reset/", $"{{\"seed\": {Seed + trace.Count}}}"))["observation"]!.ToJsonString());
            }

            var steps = await client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{vector}/step/", $"{{\"actions\": [{action}, {1 - action}]}}");
            trace.Add($"{steps["observations"]!.ToJsonString()} {steps["rewards"]!.ToJsonString()} {steps["done"]!.ToJsonString()}");
        }

        return trace;
    }
}
