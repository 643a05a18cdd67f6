using GymBridge.Cluster.Grains;
using GymBridge.Cluster.Security;
using GymBridge.Cluster.Silo;
using GymBridge.Cluster.Wire;
using GymBridge.Envs;
using GymBridge.Values;
using GymBridge.Vector;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;

namespace GymBridge.Cluster;

/// <summary>
/// The whole cluster as one GymBridge: make envs (placed on the silo with the most free worker capacity), reach any
/// env by its key, list envs and silos, make vector envs spread over the silos. On a silo
/// (<see cref="GymClusterHostingExtensions.AddGymBridgeSilo"/>) it is in the container; elsewhere
/// <see cref="ConnectAsync"/> connects an Orleans client to the cluster's gateways.
/// </summary>
public sealed class GymCluster : IAsyncDisposable
{
    private readonly IGrainFactory _grains;
    private readonly IHost? _clientHost;

    internal GymCluster(IGrainFactory grains, IHost? clientHost = null)
    {
        _grains = grains;
        _clientHost = clientHost;
    }

    /// <summary>Connects to the cluster's gateways, found through its membership table in Redis.</summary>
    public static async Task<GymCluster> ConnectAsync(GymClusterClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var certificate = ClusterCertificate.Load(options.Certificate, options.CertificatePassword);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(options.Redis)
                .Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = options.ClusterId;
                    cluster.ServiceId = options.ServiceId;
                });
            if (certificate is not null)
            {
                client.UseTls(tls => ClusterCertificate.Configure(tls, certificate));
            }
        });
        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            // A gateway that refuses the handshake (a missing or foreign certificate) makes Orleans' client retry without end.
            await host.StartAsync(timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw new TimeoutException(
                $"No gateway of cluster '{options.ClusterId}' (membership in Redis {options.Redis}) admitted this client within " +
                $"{options.ConnectTimeout.TotalSeconds:0} s: no silo is running, or the silos require the cluster's certificate and this client " +
                $"{(certificate is null ? "has none (GymClusterClientOptions.Certificate)" : "holds another")}.");
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new GymCluster(host.Services.GetRequiredService<IClusterClient>(), host);
    }

    /// <summary><c>gymnasium.make</c> on the silo with the most free worker capacity.</summary>
    public async ValueTask<ClusterEnv> MakeAsync(string id, MakeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var request = ToRequest(id, options);
        var maker = _grains.GetGrain<IEnvMakerGrain>(Guid.NewGuid());
        var made = await ClusterCalls.Run(() => maker.Make(request).WaitAsync(cancellationToken), $"make {id}").ConfigureAwait(false);
        return new ClusterEnv(_grains.GetGrain<IEnvGrain>(made.Key), made);
    }

    /// <summary>
    /// The env with <paramref name="key"/>, from any host: throws <see cref="Errors.EnvClosedException"/> for a key that
    /// was closed or never made, <see cref="Errors.EnvLostException"/> when the silo that hosted it died.
    /// </summary>
    public async ValueTask<ClusterEnv> GetEnvAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!ClusterKeys.IsEnvKey(key))
        {
            throw new Errors.EnvClosedException($"No env {key} is open: this cluster's keys are TOKEN-RANDOM, 8 and 8 lower-case hex digits.");
        }

        var grain = _grains.GetGrain<IEnvGrain>(key);
        var description = await ClusterCalls.Run(() => grain.Describe().WaitAsync(cancellationToken), $"env {key}").ConfigureAwait(false);
        return new ClusterEnv(grain, description);
    }

    /// <summary>Every env of the live silos (a cluster vector env shows as one entry per silo slice).</summary>
    public async ValueTask<IReadOnlyList<ClusterEnvInfo>> ListEnvsAsync(CancellationToken cancellationToken = default)
    {
        var reports = await ReportsAsync(cancellationToken).ConfigureAwait(false);
        return [.. reports.SelectMany(r => r.EnvList.Select(e => new ClusterEnvInfo(e.Key, e.EnvId, r.Address, e.NumEnvs))).OrderBy(e => e.Key, StringComparer.Ordinal)];
    }

    /// <summary>Every live silo with its workers, envs, free capacity and steps.</summary>
    public async ValueTask<IReadOnlyList<ClusterSiloInfo>> GetSilosAsync(CancellationToken cancellationToken = default)
    {
        var reports = await ReportsAsync(cancellationToken).ConfigureAwait(false);
        return [.. reports.Select(r => new ClusterSiloInfo(r.Address, r.Token, r.Workers, r.LiveWorkers, r.Envs, r.FreeCapacity, r.Steps))];
    }

    /// <summary>
    /// <paramref name="numEnvs"/> copies of <paramref name="id"/> spread over the silos by free worker capacity and
    /// stepped as one: one grain call per silo per step, each silo stepping its slice with its own shared-memory VectorEnv.
    /// </summary>
    public async ValueTask<ClusterVectorEnv> MakeVectorAsync(string id, int numEnvs, VectorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentOutOfRangeException.ThrowIfLessThan(numEnvs, 1);
        options ??= new VectorOptions();
        var reports = (await ReportsAsync(cancellationToken).ConfigureAwait(false)).Where(r => r.LiveWorkers > 0).ToArray();
        if (reports.Length == 0)
        {
            throw new Errors.EnvLostException("No silo of the cluster has a live worker.");
        }

        var counts = VectorSpread.Split(numEnvs, [.. reports.Select(r => r.FreeCapacity)]);
        var make = ToRequest(id, options.Make);
        var made = reports.Zip(counts).Where(p => p.Second > 0)
            .Select(p => ClusterCalls.Run(() => _grains.GetGrain<ISiloGrain>(p.First.Token)
                .MakeVectorSlice(new VectorSliceRequest(make, p.Second, (int)options.AutoresetMode)).WaitAsync(cancellationToken), $"make {id} on {p.First.Address}").AsTask())
            .ToArray();
        try
        {
            await Task.WhenAll(made).ConfigureAwait(false);
        }
        catch
        {
            await Task.WhenAll(made.Where(t => t.IsCompletedSuccessfully).Select(t => CloseQuietlyAsync(_grains.GetGrain<IVectorSliceGrain>(t.Result.Key)))).ConfigureAwait(false);
            throw;
        }

        var slices = made.Select(t => t.Result).ToArray();
        return new ClusterVectorEnv(id, options.AutoresetMode, [.. slices.Select(s => (_grains.GetGrain<IVectorSliceGrain>(s.Key), s))]);
    }

    /// <summary>Stops the client of <see cref="ConnectAsync"/>; on a silo (from the container) it does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_clientHost is not null)
        {
            await _clientHost.StopAsync().ConfigureAwait(false);
            _clientHost.Dispose();
        }
    }

    internal static MakeRequest ToRequest(string id, MakeOptions? options) => new(
        id,
        options is { Kwargs.Count: > 0 } ? ClusterCodec.Encode(new GymMap([.. options.Kwargs.Select(k => new KeyValuePair<GymValue, GymValue>(k.Key, k.Value))])) : null,
        options?.RenderMode,
        options?.MaxEpisodeSteps);

    private async Task<SiloReport[]> ReportsAsync(CancellationToken cancellationToken)
    {
        var management = _grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(true, cancellationToken).ConfigureAwait(false);
        var reports = await Task.WhenAll(hosts.Keys.Select(async silo =>
        {
            try
            {
                return await _grains.GetGrain<ISiloGrain>(ClusterKeys.Token(silo)).GetReport().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (ClusterCalls.Translate(error, "silo") is not null)
            {
                return null; // it died since the membership said it was live
            }
        })).ConfigureAwait(false);
        return [.. reports.OfType<SiloReport>().OrderBy(r => r.Address, StringComparer.Ordinal)];
    }

    private static async Task CloseQuietlyAsync(IVectorSliceGrain slice)
    {
        try
        {
            await ClusterCalls.Run(slice.Close, "slice").ConfigureAwait(false);
        }
        catch (Errors.GymBridgeException)
        {
            // Its silo is gone: so is the slice.
        }
    }
}
