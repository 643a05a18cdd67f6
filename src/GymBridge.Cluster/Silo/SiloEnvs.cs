using System.Collections.Concurrent;
using GymBridge.Cluster.Wire;
using GymBridge.Envs;
using GymBridge.Errors;
using GymBridge.Hosting;
using GymBridge.Spaces;
using GymBridge.Values;
using GymBridge.Vector;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace GymBridge.Cluster.Silo;

/// <summary>
/// The envs this silo's pool hosts, by key. The env lives here, not in its grain: a grain that is deactivated and
/// activated again on this silo finds its env; one activated on another silo (its own died) finds nothing of it.
/// </summary>
internal sealed class SiloEnvs(EnvPoolService pool, ILocalSiloDetails silo, IOptions<GymClusterOptions> options, IOptions<GymBridgeOptions> poolOptions)
{
    private readonly ConcurrentDictionary<string, LocalEnv> _envs = new();
    private readonly ModuleAllowList _modules = new(options.Value.AllowedModules, poolOptions.Value);
    private long _made;
    private int _making;

    public SiloAddress Address => silo.SiloAddress;

    public string Token { get; } = ClusterKeys.Token(silo.SiloAddress);

    public bool TryGet(string key, out LocalEnv env) => _envs.TryGetValue(key, out env!);

    public void Remove(string key) => _envs.TryRemove(key, out _);

    public async Task<EnvDescription> MakeAsync(MakeRequest request)
    {
        CheckModule(request.EnvId);
        RemoteEnv env;
        Interlocked.Increment(ref _made);
        Interlocked.Increment(ref _making);
        try
        {
            env = await pool.Pool.MakeAsync(request.EnvId, ToOptions(request)).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _making);
        }

        var key = Add(new LocalEnv(env, null));
        return new EnvDescription(key, env.Id, Address.ToParsableString(), ClusterCodec.Encode(env.ActionSpace.ToDescription()),
            ClusterCodec.Encode(env.ObservationSpace.ToDescription()), env.RenderMode, env.MaxEpisodeSteps, env.RewardThreshold, 1);
    }

    public async Task<EnvDescription> MakeVectorAsync(VectorSliceRequest request)
    {
        CheckModule(request.Make.EnvId);
        var vectorOptions = new VectorOptions { AutoresetMode = (AutoresetMode)request.AutoresetMode };
        Copy(ToOptions(request.Make), vectorOptions.Make);
        var vector = await pool.Pool.MakeVectorAsync(request.Make.EnvId, request.NumEnvs, vectorOptions).ConfigureAwait(false);
        var key = Add(new LocalEnv(null, vector));
        return new EnvDescription(key, vector.Id, Address.ToParsableString(), ClusterCodec.Encode(vector.SingleActionSpace.ToDescription()),
            ClusterCodec.Encode(vector.SingleObservationSpace.ToDescription()), request.Make.RenderMode, request.Make.MaxEpisodeSteps, null, vector.NumEnvs);
    }

    /// <summary>
    /// Any Orleans client of the cluster can ask this silo for a make, not only its own REST host (which asks the same
    /// list first): a module its operator did not allow is refused before any import.
    /// </summary>
    private void CheckModule(string envId)
    {
        if (_modules.Refused(envId) is { } module)
        {
            throw new GymBridgeException(GymErrorKind.BadArgument,
                $"The env id '{envId}' names the Python module '{module}', which silo {Address.ToParsableString()} does not import for callers " +
                $"(importing runs the module's code); its operator can allow it: GymClusterOptions.AllowedModules (REST host: --allow-module {module}).");
        }
    }

    public SiloReport Report()
    {
        var entries = _envs.Select(e => new SiloEnvEntry(e.Key, e.Value.EnvId, e.Value.NumEnvs)).ToArray();
        var made = Interlocked.Read(ref _made);
        var envs = entries.Sum(e => e.NumEnvs) + Volatile.Read(ref _making);
        if (!pool.IsRunning)
        {
            return new SiloReport(Address.ToParsableString(), Token, 0, 0, envs, -envs, 0, entries, made);
        }

        var stats = pool.Pool.GetStats();
        var free = (stats.LiveWorkers * options.Value.EnvsPerWorker) - envs;
        return new SiloReport(Address.ToParsableString(), Token, stats.Workers.Count, stats.LiveWorkers, envs, free, stats.Steps, entries, made);
    }

    private string Add(LocalEnv env)
    {
        while (true)
        {
            var key = ClusterKeys.NewKey(Token);
            if (_envs.TryAdd(key, env))
            {
                return key;
            }
        }
    }

    private static MakeOptions ToOptions(MakeRequest request)
    {
        var options = new MakeOptions { RenderMode = request.RenderMode, MaxEpisodeSteps = request.MaxEpisodeSteps };
        if (request.Kwargs is { } kwargs)
        {
            foreach (var (name, value) in ClusterCodec.DecodeMap(kwargs).Entries)
            {
                options.Kwargs[name.AsString()] = value;
            }
        }

        return options;
    }

    private static void Copy(MakeOptions from, MakeOptions to)
    {
        to.RenderMode = from.RenderMode;
        to.MaxEpisodeSteps = from.MaxEpisodeSteps;
        foreach (var (name, value) in from.Kwargs)
        {
            to.Kwargs[name] = value;
        }
    }
}

/// <summary>One env or vector slice of this silo.</summary>
internal sealed record LocalEnv(RemoteEnv? Single, VectorEnv? Vector)
{
    public string EnvId => Single?.Id ?? Vector!.Id;

    public int NumEnvs => Vector?.NumEnvs ?? 1;

    public ValueTask DisposeAsync() => Single is not null ? Single.DisposeAsync() : Vector!.DisposeAsync();
}
