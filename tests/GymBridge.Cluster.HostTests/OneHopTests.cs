using System.Globalization;

namespace GymBridge.Cluster.HostTests;

/// <summary>Three real hosts in one cluster: every route of a single env works through every host.</summary>
[Collection(ThreeHostsGroup.Name)]
public sealed class OneHopTests(ThreeHosts hosts)
{
    private HostCluster Cluster => hosts.Cluster;

    [RedisFact]
    public async Task An_env_made_through_one_host_resets_and_steps_through_the_others()
    {
        var (one, two, three) = (Cluster[0].Http, Cluster[1].Http, Cluster[2].Http);
        var id = await one.CreateAsync();

        var reset = await two.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "{\"seed\": 3}");
        Assert.Equal(4, reset["observation"]!.AsArray().Count);
        var step = await three.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 1}");
        Assert.Equal(1.0, (double)step["reward"]!);
        await two.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 0}");

        Assert.Equal("Discrete", (string?)(await three.OkAsync(HttpMethod.Get, $"v1/envs/{id}/action_space/"))["info"]!["name"]);
        Assert.Equal("Box", (string?)(await two.OkAsync(HttpMethod.Get, $"v1/envs/{id}/observation_space/"))["info"]!["name"]);
        var sample = await three.OkAsync(HttpMethod.Get, $"v1/envs/{id}/action_space/sample");
        Assert.InRange((int)sample["action"]!, 0, 1);
        Assert.True((bool)(await two.OkAsync(HttpMethod.Post, $"v1/envs/{id}/action_space/contains", "{\"x\": 1}"))["member"]!);
        Assert.Equal("CartPole-v1", (string?)(await three.OkAsync(HttpMethod.Get, $"v1/envs/{id}/"))["id"]);
        foreach (var host in Cluster.Hosts)
        {
            var all = await host.Http.OkAsync(HttpMethod.Get, "v1/envs/");
            Assert.Equal("CartPole-v1", (string?)all["all_envs"]![id]);
        }

        await three.OkAsync(HttpMethod.Delete, $"v1/envs/{id}/");
        var stats = await one.OkAsync(HttpMethod.Get, "stats"); // one made it and has not heard of the close yet
        Assert.DoesNotContain(stats["instances"]!.AsArray(), e => (string?)e!["instance_id"] == id);
        Rest.AssertError(await one.SendAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 0}"), HttpStatusCode.NotFound, "unknown_instance");
        Rest.AssertError(await two.SendAsync(HttpMethod.Post, $"v1/envs/{id}/reset/"), HttpStatusCode.NotFound, "unknown_instance");
        Assert.Null((await one.OkAsync(HttpMethod.Get, "v1/envs/"))["all_envs"]![id]);
    }

    [RedisFact]
    public async Task An_env_made_over_one_hosts_websocket_steps_over_the_others_rest_and_websockets()
    {
        using var first = await GymSocket.ConnectAsync(Cluster[0]);
        using var third = await GymSocket.ConnectAsync(Cluster[2]);
        var id = (string)(await first.CallAsync("make", "{\"env_id\": \"CartPole-v1\"}"))!["instance_id"]!;

        Assert.Equal(4, (await Cluster[1].Http.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "{\"seed\": 3}"))["observation"]!.AsArray().Count);
        var step = (await third.CallAsync("step", $"{{\"instance_id\": \"{id}\", \"action\": 1}}"))!.AsArray();
        Assert.Equal(4, step.Count); // Gymie's [observation, reward, done, info]
        Assert.Equal(1.0, (double)step[1]!);
        Assert.Equal("CartPole-v1", (string?)(await Cluster[1].Http.OkAsync(HttpMethod.Get, "v1/envs/"))["all_envs"]![id]);

        Assert.True((bool)(await third.CallAsync("close", $"{{\"instance_id\": \"{id}\"}}"))!);
        Rest.AssertError(await Cluster[0].Http.SendAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 0}"), HttpStatusCode.NotFound, "unknown_instance");
    }

    [RedisFact]
    public async Task A_seeded_CartPole_trajectory_through_the_cluster_equals_gymnasium()
    {
        const int seed = 11;
        const int steps = 120;
        var (code, output, errors) = await Python.RunAsync("rest_reference.py", seed.ToString(CultureInfo.InvariantCulture), steps.ToString(CultureInfo.InvariantCulture), "CartPole-v1");
        Assert.True(code == 0, errors);
        var expected = JsonNode.Parse(output)!["CartPole-v1"]!;

        var id = await Cluster[0].Http.CreateAsync();
        var reset = await Cluster[1].Http.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", $"{{\"seed\": {seed}}}");
        var resets = expected["resets"]!.AsArray();
        RestObservations.AssertSame(resets[0]![1]!, reset["observation"]!, "reset");
        var nextReset = 1;
        for (var i = 0; i < steps; i++)
        {
            var through = Cluster[i % 3].Http;
            var step = await through.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", $"{{\"action\": {expected["actions"]![i]!.ToJsonString()}}}");
            RestObservations.AssertSame(expected["observations"]![i]!, step["observation"]!, $"step {i}");
            Assert.Equal((double)expected["rewards"]![i]!, (double)step["reward"]!);
            Assert.Equal((bool)expected["terminated"]![i]!, (bool)step["terminated"]!);
            Assert.Equal((bool)expected["truncated"]![i]!, (bool)step["truncated"]!);
            if ((bool)step["done"]!)
            {
                var again = await Cluster[(i + 1) % 3].Http.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
                Assert.Equal(i + 1, (int)resets[nextReset]![0]!);
                RestObservations.AssertSame(resets[nextReset]![1]!, again["observation"]!, $"reset after step {i}");
                nextReset++;
            }
        }

        Assert.Equal(resets.Count, nextReset);
        await Cluster[2].Http.OkAsync(HttpMethod.Delete, $"v1/envs/{id}/");
    }

    [RedisFact]
    public async Task Errors_keep_the_single_host_mapping_through_every_host()
    {
        var id = await Cluster[0].Http.CreateAsync();
        foreach (var host in Cluster.Hosts)
        {
            Rest.AssertError(await host.Http.SendAsync(HttpMethod.Post, "v1/envs/0badc0de/step/", "{\"action\": 0}"), HttpStatusCode.NotFound, "unknown_instance");
            Rest.AssertError(await host.Http.SendAsync(HttpMethod.Post, "v1/envs/", "{\"env_id\": \"NoSuchEnv-v0\"}"), HttpStatusCode.BadRequest, "unknown_env");
            Rest.AssertError(await host.Http.SendAsync(HttpMethod.Post, "v1/envs/", "{\"env_id\": \"  \"}"), HttpStatusCode.BadRequest, "bad_request");
            Rest.AssertError(await host.Http.SendAsync(HttpMethod.Post, "v1/envs/", "{\"env_id\": \"CartPole-v1\", \"kwargs\": {\"nope\": 1}}"), HttpStatusCode.BadRequest, "bad_argument");
        }

        Rest.AssertError(await Cluster[1].Http.SendAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 0}"), HttpStatusCode.BadRequest, "reset_needed");
        await Cluster[2].Http.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        Rest.AssertError(await Cluster[1].Http.SendAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 7}"), HttpStatusCode.BadRequest, "invalid_action");
        await Cluster[1].Http.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 1}");
        await Cluster[0].Http.OkAsync(HttpMethod.Delete, $"v1/envs/{id}/");
    }

    /// <summary>Ids no host made, of every odd shape: each is a 404 on every route, never a 5xx.</summary>
    [RedisFact]
    public async Task Any_id_no_host_made_is_404_unknown_instance_on_every_route_of_every_host()
    {
        string[] ids = ["%20", "%20%20", "-", "x", "0badc0de", "0badc0de-", "0BADC0DE-00000000", "0badc0de-0000000g", "0badc0de-00000000-00",
            "0badc0de-00000000", "%C3%A9", "..%2F..", "a%3Ab", new string('f', 4000)];
        (HttpMethod Method, string Route, string? Body)[] routes =
        [
            (HttpMethod.Post, "step/", "{\"action\": 0}"), (HttpMethod.Post, "reset/", "{}"), (HttpMethod.Get, "", null), (HttpMethod.Delete, "", null),
            (HttpMethod.Get, "action_space/", null), (HttpMethod.Get, "observation_space/", null), (HttpMethod.Get, "action_space/sample", null),
        ];
        foreach (var host in Cluster.Hosts)
        {
            foreach (var id in ids)
            {
                foreach (var (method, route, body) in routes)
                {
                    var (status, answer) = await host.Http.SendAsync(method, $"v1/envs/{id}/{route}", body);
                    Assert.True(status == HttpStatusCode.NotFound && (string?)answer?["kind"] == "unknown_instance",
                        $"{method} v1/envs/{id[..Math.Min(id.Length, 40)]}/{route} through {host.Name}: {(int)status} {answer?.ToJsonString()}");
                }
            }
        }
    }

    [RedisFact]
    public async Task Stats_show_every_silo_of_the_cluster_through_every_host()
    {
        foreach (var host in Cluster.Hosts)
        {
            var stats = await host.Http.OkAsync(HttpMethod.Get, "stats");
            var silos = stats["cluster"]!["silos"]!.AsArray();
            Assert.Equal(3, silos.Count);
            foreach (var other in Cluster.Hosts)
            {
                Assert.Contains(silos, s => other.IsSilo((string)s!["address"]!));
            }
        }
    }
}
