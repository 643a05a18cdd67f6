using System.Collections.Concurrent;
using System.Diagnostics;

namespace GymBridge.Cluster.HostTests;

/// <summary>kill -9 of one host's whole process group while envs are being stepped through the others.</summary>
public sealed class HostDeathTests
{
    private static readonly TimeSpan LostWithin = TimeSpan.FromSeconds(15);

    [RedisFact]
    public async Task A_killed_host_loses_its_envs_only_new_envs_land_on_live_hosts_and_a_later_host_receives_new_envs()
    {
        await using var cluster = await HostCluster.StartAsync(hosts: 3);
        var owners = new Dictionary<string, HostProcess>();
        for (var i = 0; i < 6; i++)
        {
            var id = await cluster[i % 3].Http.CreateAsync();
            await cluster[(i + 1) % 3].Http.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", $"{{\"seed\": {i}}}");
            owners[id] = await cluster.OwnerAsync(id, cluster[0]);
        }

        Assert.True(owners.Values.Distinct().Count() >= 2, $"six envs on one host: {string.Join(", ", owners.Select(o => $"{o.Key}@{o.Value.Name}"))}");
        var victim = owners.Values.GroupBy(h => h).OrderByDescending(g => g.Count()).First().Key;
        var survivors = cluster.Hosts.Where(h => h != victim).ToArray();
        var lostIds = owners.Where(o => o.Value == victim).Select(o => o.Key).ToArray();
        var liveIds = owners.Where(o => o.Value != victim).Select(o => o.Key).ToArray();
        var workerPids = (await victim.Http.OkAsync(HttpMethod.Get, "stats"))["workers"]!.AsArray().Select(w => (int)w!["pid"]!).ToArray();
        Assert.NotEmpty(workerPids);

        using var stop = new CancellationTokenSource();
        var killedAt = new TaskCompletionSource<Stopwatch>(TaskCreationOptions.RunContinuationsAsynchronously);
        var liveErrors = new ConcurrentQueue<string>();
        var lostAfter = new ConcurrentDictionary<string, TimeSpan>();
        var liveSteps = liveIds.Select(id => SteppingAsync(id, survivors, (status, body) =>
            liveErrors.Enqueue($"{id}: {(int)status} {body?.ToJsonString()}"), stop.Token)).ToArray();
        var lostSteps = lostIds.Select(id => SteppingAsync(id, survivors, (status, body) =>
        {
            if (status == HttpStatusCode.Gone && killedAt.Task.IsCompleted)
            {
                lostAfter.TryAdd(id, killedAt.Task.Result.Elapsed);
            }
            else if (status == HttpStatusCode.Gone || !killedAt.Task.IsCompleted || lostAfter.ContainsKey(id))
            {
                // Before the kill every step must succeed; once 410, every later answer must be 410 too.
                liveErrors.Enqueue($"{id} (on the victim): {(int)status} {body?.ToJsonString()}");
            }
        }, stop.Token)).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();
        killedAt.SetResult(clock);
        await victim.KillGroupAsync();
        while (lostAfter.Count < lostIds.Length && clock.Elapsed < LostWithin + TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        await Task.Delay(TimeSpan.FromSeconds(1)); // the live envs keep stepping a while after the deaths are known
        await stop.CancelAsync();
        var stepped = await Task.WhenAll(liveSteps);
        await Task.WhenAll(lostSteps);

        Assert.True(liveErrors.IsEmpty, string.Join("\n", liveErrors));
        Assert.All(stepped, count => Assert.True(count > 0));
        Assert.Equal(lostIds.Order(), lostAfter.Keys.Order());
        Assert.All(lostAfter.Values, after => Assert.True(after <= LostWithin, $"410 only {after.TotalSeconds:0.0} s after the kill"));
        Assert.Empty(ProcessGroups.Members(victim.ProcessGroup));
        Assert.All(workerPids, pid => Assert.False(ProcessGroups.IsRunning(pid), $"worker {pid} of the killed host still runs"));
        foreach (var id in lostIds)
        {
            foreach (var host in survivors)
            {
                Rest.AssertError(await host.Http.SendAsync(HttpMethod.Post, $"v1/envs/{id}/reset/"), HttpStatusCode.Gone, "env_lost");
            }
        }

        for (var i = 0; i < 4; i++)
        {
            var id = await survivors[i % survivors.Length].Http.CreateAsync();
            Assert.Contains(await cluster.OwnerAsync(id, survivors[0]), survivors);
        }

        var joined = await cluster.AddHostAsync();
        var placed = new List<HostProcess>();
        for (var i = 0; i < 3; i++)
        {
            var id = await survivors[0].Http.CreateAsync();
            placed.Add(await cluster.OwnerAsync(id, joined));
            await joined.Http.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
            await survivors[1].Http.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 0}");
        }

        Assert.Contains(joined, placed);
    }

    /// <summary>Steps env <paramref name="id"/> through the hosts in turn until stopped; reports every answer but 200; returns the steps done.</summary>
    private static async Task<int> SteppingAsync(string id, HostProcess[] through, Action<HttpStatusCode, JsonNode?> failed, CancellationToken stop)
    {
        var steps = 0;
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var http = through[i % through.Length].Http;
            (HttpStatusCode Status, JsonNode? Body) answer;
            try
            {
                answer = await http.SendAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 1}", stop);
                if (answer.Status == HttpStatusCode.OK && (bool)answer.Body!["done"]!)
                {
                    answer = await http.SendAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", null, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }

            if (answer.Status == HttpStatusCode.OK)
            {
                steps++;
            }
            else
            {
                failed(answer.Status, answer.Body);
                await Task.Delay(50, CancellationToken.None);
            }
        }

        return steps;
    }
}
