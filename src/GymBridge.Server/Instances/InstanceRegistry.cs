using GymBridge.Hosting;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using GymBridge.Envs;
using GymBridge.Server.Errors;
using GymBridge.Server.Hosting;
using GymBridge.Server.Security;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Instances;

/// <summary>
/// The envs the host serves, by instance id (8 hex digits, like gym-http-api's <c>'3c657dbc'</c>). Enforces the
/// global and per-client env limits and remembers why recently removed ids are gone (closed, evicted, lost), so
/// a late request gets a clear 404 or 410.
/// </summary>
public sealed class InstanceRegistry(IOptions<ServerOptions> options, EnvPoolService pool, EnvLimits limits, ModulePolicy modules) : IAsyncDisposable
{
    private const int RememberedRemovals = 4096;

    private readonly ConcurrentDictionary<string, EnvInstance> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _removed = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _removedOrder = new();
    private long _created;
    private long _closed;
    private long _evicted;
    private long _lost;

    public int Count => _instances.Count;

    public long Created => Interlocked.Read(ref _created);

    public long ClosedCount => Interlocked.Read(ref _closed);

    public long Evicted => Interlocked.Read(ref _evicted);

    public long LostCount => Interlocked.Read(ref _lost);

    public ICollection<EnvInstance> All => _instances.Values;

    /// <summary>Makes an env for <paramref name="owner"/> after checking the limits, and registers it.</summary>
    public async Task<EnvInstance> CreateAsync(string envId, MakeOptions makeOptions, string owner, CancellationToken cancellationToken)
    {
        modules.Check(envId);
        limits.Reserve(owner, 1);
        var made = false;
        try
        {
            RemoteEnv env;
            try
            {
                env = await pool.Pool.MakeAsync(envId, makeOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (GymBridge.Errors.UnknownEnvException error)
            {
                throw new ApiException(StatusCodes.Status400BadRequest, ErrorKinds.UnknownEnv, $"Unknown env id '{envId}': {error.Message}");
            }

            while (true)
            {
                var instance = new EnvInstance(NewId(), env, owner);
                if (_instances.TryAdd(instance.InstanceId, instance))
                {
                    Interlocked.Increment(ref _created);
                    made = true;
                    return instance;
                }
            }
        }
        finally
        {
            if (!made)
            {
                limits.Release(owner, 1);
            }
        }
    }

    /// <summary>The live instance, or a 404 (unknown or closed) / 410 (lost) error.</summary>
    public EnvInstance Get(string instanceId)
    {
        if (_instances.TryGetValue(instanceId, out var instance))
        {
            return instance.IsLost ? throw Gone(instance) : instance;
        }

        throw NotFound(instanceId);
    }

    public bool TryGet(string instanceId, out EnvInstance instance) => _instances.TryGetValue(instanceId, out instance!);

    /// <summary>Removes and closes the instance; <paramref name="reason"/> is what later requests for its id are told.</summary>
    public async ValueTask<bool> RemoveAsync(EnvInstance instance, RemovalReason reason)
    {
        if (!_instances.TryRemove(new KeyValuePair<string, EnvInstance>(instance.InstanceId, instance)))
        {
            return false;
        }

        var text = reason switch
        {
            RemovalReason.Evicted => $"was closed after {options.Value.IdleTtl.TotalSeconds:0.###} s without requests (idle TTL)",
            RemovalReason.Lost => "was lost when its worker died",
            RemovalReason.Disconnected => "was closed when its WebSocket connection ended",
            _ => "was closed",
        };
        Remember(instance.InstanceId, text);
        ReleaseSlot(instance);
        _ = reason switch
        {
            RemovalReason.Evicted => Interlocked.Increment(ref _evicted),
            RemovalReason.Lost => Interlocked.Increment(ref _lost),
            _ => Interlocked.Increment(ref _closed),
        };
        await instance.DisposeAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>Marks an env whose worker died: requests for it get 410 until it is deleted.</summary>
    public void MarkLost(EnvInstance instance)
    {
        if (!instance.IsLost)
        {
            instance.MarkLost();
            Interlocked.Increment(ref _lost);
            ReleaseSlot(instance);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances.Values)
        {
            await RemoveAsync(instance, RemovalReason.Closed).ConfigureAwait(false);
        }
    }

    internal static ApiException Gone(EnvInstance instance) => instance.IsLost
        ? new(StatusCodes.Status410Gone, ErrorKinds.EnvLost, $"Instance_id {instance.InstanceId} ({instance.EnvId}) was lost when its worker died; make a new env.")
        : new(StatusCodes.Status404NotFound, ErrorKinds.UnknownInstance, $"Instance_id {instance.InstanceId} was closed");

    private ApiException NotFound(string instanceId) => _removed.TryGetValue(instanceId, out var why)
        ? new(StatusCodes.Status404NotFound, ErrorKinds.UnknownInstance, $"Instance_id {instanceId} unknown: it {why}")
        : new(StatusCodes.Status404NotFound, ErrorKinds.UnknownInstance, $"Instance_id {instanceId} unknown");

    private void ReleaseSlot(EnvInstance instance)
    {
        if (instance.TryReleaseSlot())
        {
            limits.Release(instance.Owner, 1);
        }
    }

    private void Remember(string instanceId, string why)
    {
        _removed[instanceId] = why;
        _removedOrder.Enqueue(instanceId);
        while (_removedOrder.Count > RememberedRemovals && _removedOrder.TryDequeue(out var old))
        {
            _removed.TryRemove(old, out _);
        }
    }

    private string NewId()
    {
        Span<byte> bytes = stackalloc byte[4];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var id = Convert.ToHexStringLower(bytes);
            if (!_instances.ContainsKey(id) && !_removed.ContainsKey(id))
            {
                return id;
            }
        }
    }
}

public enum RemovalReason
{
    Closed,
    Evicted,
    Lost,
    Disconnected,
}
