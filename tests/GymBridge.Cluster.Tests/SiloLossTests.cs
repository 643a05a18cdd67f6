using GymBridge.Cluster.Tests.TestSupport;
using GymBridge.Errors;
using GymBridge.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;
using Xunit;
using Xunit.Abstractions;

namespace GymBridge.Cluster.Tests;

/// <summary>
/// A silo of its own three-silo cluster killed while its envs exist (the test cluster's kill stops the silo at once;
/// its membership row reads dead almost at once too, so the window before the death declaration is the multi-process
/// tests' to show). In the "cluster" collection only so that it does
/// not run beside the shared cluster: on two cores, two clusters probing each other every second could starve one.
/// </summary>
[Collection("cluster")]
public sealed class SiloLossTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan DeathDeadline = TimeSpan.FromSeconds(60);
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = TestClusters.Build([1, 1, 1], envsPerWorker: 4);
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_killed_silos_envs_are_lost_through_every_host_and_the_client_while_the_others_keep_stepping()
    {
        var client = new GymCluster(_cluster.Client);
        GymCluster[] hosts = [_cluster.Through(0), _cluster.Through(1), client];
        var envs = new List<ClusterEnv>();
        for (var i = 0; i < 6; i++)
        {
            envs.Add(await hosts[i % 3].MakeAsync("CartPole-v1"));
        }

        Assert.All(_cluster.Silos, s => Assert.Equal(2, envs.Count(e => e.Silo == s.SiloAddress.ToParsableString())));
        var vector = await client.MakeVectorAsync("CartPole-v1", 6);
        Assert.Equal(3, vector.Silos.Distinct().Count());
        foreach (var (env, i) in envs.Select((e, i) => (e, i)))
        {
            await env.ResetAsync(seed: i);
        }

        await vector.ResetAsync(seed: 10);

        // Silo 2, not silo 0: the test cluster's in-memory membership table lives on silo 0.
        var victim = _cluster.Silos[2];
        var lost = envs.Where(e => e.Silo == victim.SiloAddress.ToParsableString()).ToArray();
        var live = envs.Except(lost).ToArray();
        // Handles to the lost envs through every other host, taken while their silo lived.
        var lostHandles = lost.Concat(await Task.WhenAll(lost.SelectMany(e => hosts.Select(h => h.GetEnvAsync(e.Key).AsTask())))).ToArray();
        Assert.Equal(8, lostHandles.Length);

        var victimWorkers = victim.ServiceProvider.GetRequiredService<EnvPoolService>().Pool.GetStats().Workers.Select(w => w.Pid!.Value).ToArray();
        await _cluster.KillSiloAsync(victim);

        var started = DateTime.UtcNow;
        var roundsSinceDeclared = 0;
        var rounds = 0;
        while (roundsSinceDeclared < 5)
        {
            Assert.True(DateTime.UtcNow - started < DeathDeadline, $"silo {victim.SiloAddress} was not declared dead within {DeathDeadline}");
            foreach (var handle in lostHandles)
            {
                await Assert.ThrowsAsync<EnvLostException>(async () => await handle.StepAsync(0));
                await Assert.ThrowsAsync<EnvLostException>(async () => await handle.ResetAsync());
            }

            foreach (var host in hosts)
            {
                foreach (var env in lost)
                {
                    await Assert.ThrowsAsync<EnvLostException>(async () => await host.GetEnvAsync(env.Key));
                }
            }

            await Assert.ThrowsAsync<EnvLostException>(async () => await vector.StepAsync());
            foreach (var env in live)
            {
                var step = await env.StepAsync(rounds % 2);
                if (step.Done)
                {
                    await env.ResetAsync();
                }
            }

            rounds++;
            roundsSinceDeclared += DeclaredDead(victim.SiloAddress) ? 1 : 0;
            await Task.Delay(200);
        }

        output.WriteLine($"{rounds - roundsSinceDeclared} rounds of calls before every live silo had {victim.SiloAddress} dead, {DateTime.UtcNow - started:g} in all");

        // In-process, the killed silo's host stops its pool (a killed process's workers go by the parent-death watchdog).
        Assert.All(victimWorkers, pid => Assert.True(Exited(pid), $"worker {pid} of the killed silo still runs"));

        var made = new List<ClusterEnv>();
        for (var i = 0; i < 4; i++)
        {
            made.Add(await hosts[i % 3].MakeAsync("CartPole-v1"));
        }

        Assert.All(made, e => Assert.NotEqual(victim.SiloAddress.ToParsableString(), e.Silo));
        Assert.Equal(2, made.Select(e => e.Silo).Distinct().Count());
        var silos = await client.GetSilosAsync();
        Assert.DoesNotContain(silos, s => s.Address == victim.SiloAddress.ToParsableString());
        Assert.Equal(2, silos.Count);
        var listed = (await hosts[1].ListEnvsAsync()).Select(e => e.Key).ToHashSet();
        Assert.DoesNotContain(lost, e => listed.Contains(e.Key));
        Assert.All(live.Concat(made), e => Assert.Contains(e.Key, listed));

        // Every lost env is still lost after the new makes (no fresh env took its key), and closing what is lost is quiet.
        foreach (var env in lost)
        {
            await Assert.ThrowsAsync<EnvLostException>(async () => await client.GetEnvAsync(env.Key));
        }

        await vector.DisposeAsync();
        foreach (var env in envs.Concat(made))
        {
            await env.DisposeAsync();
        }

        Assert.Empty(await client.ListEnvsAsync());
    }

    private static bool Exited(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
    }

    private bool DeclaredDead(SiloAddress silo) => _cluster.Silos.Where(s => s.IsActive).All(s =>
        s.ServiceProvider.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.GetSiloStatus(silo) == SiloStatus.Dead);
}
