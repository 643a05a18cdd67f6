using System.Globalization;
using System.Text.Json.Nodes;
using GymBridge.Server.Tests.TestSupport;

namespace GymBridge.Server.Tests;

/// <summary>
/// The peers' clients, replayed call for call by standard-library Python scripts, work unchanged; and a seeded
/// trajectory through REST equals gymnasium in-process, float for float after the JSON round trip.
/// </summary>
[Collection(ServerGroup.Name)]
public sealed class ClientCompatibilityTests(ServerFixture fixture)
{
    [Fact]
    public async Task The_gym_http_api_python_client_calls_work_unchanged()
    {
        var (code, output, errors) = await Processes.PythonAsync("legacy_client.py", fixture.Host.BaseAddress.ToString(), "legacy-run");
        Assert.True(code == 0, $"legacy_client.py failed: {output}{errors}");
        Assert.Equal("ok", output.Trim());
    }

    [Fact]
    public async Task The_cloudkj_client_calls_work_unchanged()
    {
        var (code, output, errors) = await Processes.PythonAsync("cloudkj_client.py", fixture.Host.BaseAddress.ToString());
        Assert.True(code == 0, $"cloudkj_client.py failed: {output}{errors}");
        Assert.Equal("ok", output.Trim());
    }

    [Theory]
    [InlineData("CartPole-v1")]
    [InlineData("Pendulum-v1")]
    [InlineData("MountainCarContinuous-v0")]
    [InlineData("Acrobot-v1")]
    [InlineData("FrozenLake-v1")]
    public async Task A_seeded_trajectory_through_REST_matches_in_process_gymnasium_exactly(string envId)
    {
        const int seed = 2026, steps = 120;
        var (code, output, errors) = await Processes.PythonAsync("rest_reference.py", seed.ToString(CultureInfo.InvariantCulture), steps.ToString(CultureInfo.InvariantCulture), envId);
        Assert.True(code == 0, errors);
        var expected = JsonNode.Parse(output)![envId]!;
        var client = fixture.Client;
        var id = await client.CreateAsync(envId);
        var reset = await client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", $"{{\"seed\": {seed}}}");
        var resets = expected["resets"]!.AsArray();
        RestObservations.AssertSame(resets[0]![1]!, reset["observation"]!, "reset");
        var nextReset = 1;
        for (var i = 0; i < steps; i++)
        {
            var action = expected["actions"]![i]!.ToJsonString();
            var step = await client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", $"{{\"action\": {action}}}");
            RestObservations.AssertSame(expected["observations"]![i]!, step["observation"]!, $"step {i}");
            Assert.Equal(BitConverter.DoubleToInt64Bits((double)expected["rewards"]![i]!), BitConverter.DoubleToInt64Bits((double)step["reward"]!));
            Assert.Equal((bool)expected["terminated"]![i]!, (bool)step["terminated"]!);
            Assert.Equal((bool)expected["truncated"]![i]!, (bool)step["truncated"]!);
            if ((bool)step["done"]!)
            {
                var again = await client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
                Assert.Equal(i + 1, (int)resets[nextReset]![0]!);
                RestObservations.AssertSame(resets[nextReset]![1]!, again["observation"]!, $"reset after step {i}");
                nextReset++;
            }
        }

        Assert.Equal(resets.Count, nextReset);
        await client.CloseEnvAsync(id);
    }
}
