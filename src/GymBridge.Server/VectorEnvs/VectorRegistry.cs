using GymBridge.Hosting;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using GymBridge.Errors;
using GymBridge.Server.Errors;
using GymBridge.Server.Instances;
using GymBridge.Server.Security;
using GymBridge.Vector;

namespace GymBridge.Server.VectorEnvs;

/// <summary>
/// The vector envs the host serves, by instance id (<c>v</c> and 8 hex digits, so they never clash with single
/// envs). Each counts its number of sub-envs against the env limits (<see cref="EnvLimits"/>).
/// </summary>
public sealed class VectorRegistry(EnvPoolService pool, EnvLimits limits, ModulePolicy modules) : IAsyncDisposable
{
    private const int RememberedRemovals = 1024;

    private readonly ConcurrentDictionary<string, VectorInstance> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _removed = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _removedOrder = new();

    public ICollection<VectorInstance> All => _instances.Values;

    /// <summary>Makes <paramref name="numEnvs"/> sub-envs as one vector env for <paramref name="owner"/> after checking the limits.</summary>
    public async Task<VectorInstance> CreateAsync(string envId, int numEnvs, VectorOptions vectorOptions, string owner, CancellationToken cancellationToken)
    {
        modules.Check(envId);
        limits.Reserve(owner, numEnvs);
        try
        {
            VectorEnv env;
            try
            {
                env = await pool.Pool.MakeVectorAsync(envId, numEnvs, vectorOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (UnknownEnvException error)
            {
                throw new ApiException(StatusCodes.Status400BadRequest, ErrorKinds.UnknownEnv, $"Unknown env id '{envId}': {error.Message}");
            }

            var instance = new VectorInstance(NewId(), env, owner, envId);
            _instances[instance.InstanceId] = instance;
            return instance;
        }
        catch
        {
            limits.Release(owner, numEnvs);
            throw;
        }
    }

    /// <summary>The live vector env, or a 404 (unknown or closed) / 410 (lost) error.</summary>
    public VectorInstance Get(string instanceId) =>
        _instances.TryGetValue(instanceId, out var instance) ? (instance.IsLost ? throw Gone(instance) : instance)
        : _removed.TryGetValue(instanceId, out var why) ? throw new ApiException(StatusCodes.Status404NotFound, ErrorKinds.UnknownInstance, $"Vector instance_id {instanceId} unknown: it {why}")
        : throw new ApiException(StatusCodes.Status404NotFound, ErrorKinds.UnknownInstance, $"Vector instance_id {instanceId} unknown");

    public bool TryGet(string instanceId, out VectorInstance instance) => _instances.TryGetValue(instanceId, out instance!);

    /// <summary>Removes and closes the vector env; <paramref name="reason"/> is what later requests for its id are told.</summary>
    public async ValueTask<bool> RemoveAsync(VectorInstance instance, RemovalReason reason)
    {
        if (!_instances.TryRemove(new KeyValuePair<string, VectorInstance>(instance.InstanceId, instance)))
        {
            return false;
        }

        _removed[instance.InstanceId] = reason switch
        {
            RemovalReason.Evicted => "was closed after its idle TTL without requests",
            RemovalReason.Lost => "was lost when a worker hosting it died",
            _ => "was closed",
        };
        _removedOrder.Enqueue(instance.InstanceId);
        while (_removedOrder.Count > RememberedRemovals && _removedOrder.TryDequeue(out var old))
        {
            _removed.TryRemove(old, out _);
        }

        ReleaseSlots(instance);
        await instance.DisposeAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>Marks a vector env one of whose workers died: requests for it get 410 until it is deleted.</summary>
    public void MarkLost(VectorInstance instance)
    {
        instance.MarkLost();
        ReleaseSlots(instance);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances.Values)
        {
            await RemoveAsync(instance, RemovalReason.Closed).ConfigureAwait(false);
        }
    }

    internal static ApiException Gone(VectorInstance instance) => instance.IsLost
        ? new(StatusCodes.Status410Gone, ErrorKinds.EnvLost, $"Vector instance_id {instance.InstanceId} ({instance.EnvId}) was lost when a worker hosting it died; make a new one.")
        : new(StatusCodes.Status404NotFound, ErrorKinds.UnknownInstance, $"Vector instance_id {instance.InstanceId} was closed");

    private void ReleaseSlots(VectorInstance instance)
    {
        if (instance.TryReleaseSlots())
        {
            limits.Release(instance.Owner, instance.NumEnvs);
        }
    }

    private string NewId()
    {
        Span<byte> bytes = stackalloc byte[4];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var id = "v" + Convert.ToHexStringLower(bytes);
            if (!_instances.ContainsKey(id) && !_removed.ContainsKey(id))
            {
                return id;
            }
        }
    }
}
