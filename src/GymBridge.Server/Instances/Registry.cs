using System.Collections.Concurrent;
using System.Security.Cryptography;
using GymBridge.Errors;
using GymBridge.Server.Errors;
using GymBridge.Server.Security;

namespace GymBridge.Server.Instances;

/// <summary>
/// The served envs of one kind by instance id (a prefix and 8 hex digits, like gym-http-api's <c>'3c657dbc'</c>).
/// Enforces the global and per-client env limits (<see cref="EnvLimits"/>) and remembers why recently removed ids
/// are gone (closed, evicted, lost), so a late request gets a clear 404 or 410.
/// </summary>
public abstract class Registry<T>(EnvLimits limits, ModulePolicy modules, string idPrefix) : IAsyncDisposable
    where T : class, IServedEnv
{
    private const int RememberedRemovals = 4096;

    private readonly ConcurrentDictionary<string, T> _instances = new(StringComparer.Ordinal);
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

    public ICollection<T> All => _instances.Values;

    /// <summary>The live instance, or a 404 (unknown or closed) / 410 (lost) error.</summary>
    public T Get(string instanceId)
    {
        if (_instances.TryGetValue(instanceId, out var instance))
        {
            return instance.IsLost ? throw Gone(instance) : instance;
        }

        throw _removed.TryGetValue(instanceId, out var why)
            ? new ApiException(StatusCodes.Status404NotFound, ErrorKinds.UnknownInstance, $"{Noun(instanceId)} {instanceId} unknown: it {why}")
            : new ApiException(StatusCodes.Status404NotFound, ErrorKinds.UnknownInstance, $"{Noun(instanceId)} {instanceId} unknown");
    }

    public bool TryGet(string instanceId, out T instance) => _instances.TryGetValue(instanceId, out instance!);

    /// <summary>Removes and closes the instance; <paramref name="reason"/> is what later requests for its id are told.</summary>
    public async ValueTask<bool> RemoveAsync(T instance, RemovalReason reason)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (!_instances.TryRemove(new KeyValuePair<string, T>(instance.InstanceId, instance)))
        {
            return false;
        }

        Remember(instance.InstanceId, Why(reason));
        ReleaseSlots(instance);
        _ = reason switch
        {
            RemovalReason.Evicted => Interlocked.Increment(ref _evicted),
            RemovalReason.Lost => Interlocked.Increment(ref _lost),
            _ => Interlocked.Increment(ref _closed),
        };
        await CloseAsync(instance, reason).ConfigureAwait(false);
        return true;
    }

    /// <summary>Closes the envs without a request for <paramref name="ttl"/>, never one that is in use; returns those it closed.</summary>
    public async Task<List<T>> EvictIdleAsync(TimeSpan ttl)
    {
        var evicted = new List<T>();
        foreach (var instance in _instances.Values)
        {
            if (instance.IdleFor < ttl || !instance.Gate.Wait(0, CancellationToken.None))
            {
                continue;
            }

            try
            {
                if (instance.IdleFor >= ttl && await RemoveAsync(instance, RemovalReason.Evicted).ConfigureAwait(false))
                {
                    evicted.Add(instance);
                }
            }
            finally
            {
                instance.Gate.Release();
            }
        }

        return evicted;
    }

    /// <summary>Marks an env a worker of which died: requests for it get 410 until it is deleted.</summary>
    public void MarkLost(T instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (!instance.IsLost)
        {
            instance.MarkLost();
            Interlocked.Increment(ref _lost);
            ReleaseSlots(instance);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances.Values)
        {
            await RemoveAsync(instance, RemovalReason.Closed).ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The 410 of a lost env, or the 404 of a closed one.</summary>
    internal static ApiException Gone(IServedEnv instance) => instance.IsLost
        ? new(StatusCodes.Status410Gone, ErrorKinds.EnvLost, $"{Noun(instance.InstanceId)} {instance.InstanceId} ({instance.EnvId}) was lost when a worker hosting it died; make a new one.")
        : new(StatusCodes.Status404NotFound, ErrorKinds.UnknownInstance, $"{Noun(instance.InstanceId)} {instance.InstanceId} was closed");

    /// <summary>Makes an env for <paramref name="owner"/> after checking the module and the limits, and registers it under an id of its own.</summary>
    protected Task<T> CreateAsync<TEnv>(string envId, string owner, int slots, Func<CancellationToken, Task<TEnv>> make, Func<string, TEnv, T> serve, CancellationToken cancellationToken) =>
        CreateAsync(envId, owner, slots, make, static _ => null, serve, cancellationToken);

    /// <summary>
    /// Makes an env for <paramref name="owner"/> after checking the module and the limits, and registers it: under the key
    /// <paramref name="keyOf"/> gives it (a cluster's env), or under an id of its own when that is null.
    /// </summary>
    protected async Task<T> CreateAsync<TEnv>(string envId, string owner, int slots, Func<CancellationToken, Task<TEnv>> make, Func<TEnv, string?> keyOf,
        Func<string, TEnv, T> serve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyOf);
        ArgumentNullException.ThrowIfNull(make);
        ArgumentNullException.ThrowIfNull(serve);
        modules.Check(envId);
        limits.Reserve(owner, slots);
        var made = false;
        try
        {
            TEnv env;
            try
            {
                env = await make(cancellationToken).ConfigureAwait(false);
            }
            catch (UnknownEnvException error)
            {
                throw new ApiException(StatusCodes.Status400BadRequest, ErrorKinds.UnknownEnv, $"Unknown env id '{envId}': {error.Message}");
            }

            var key = keyOf(env);
            while (true)
            {
                var instance = serve(key ?? NewId(), env);
                if (_instances.TryAdd(instance.InstanceId, instance))
                {
                    Interlocked.Increment(ref _created);
                    made = true;
                    return instance;
                }

                if (key is not null)
                {
                    throw new InvalidOperationException($"The new env's key {key} is already served here.");
                }
            }
        }
        finally
        {
            if (!made)
            {
                limits.Release(owner, slots);
            }
        }
    }

    /// <summary>
    /// Registers an env made elsewhere (a cluster's, through another host) that a request here named, or returns the one
    /// another request registered first. It does not count against this host's limits.
    /// </summary>
    protected T Adopt(T instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return _instances.GetOrAdd(instance.InstanceId, instance);
    }

    /// <summary>True when the id was removed here recently (closed, evicted, lost): <see cref="Get"/> says why.</summary>
    protected bool WasRemoved(string instanceId) => _removed.ContainsKey(instanceId);

    /// <summary>Closes a removed instance (its env with it).</summary>
    protected virtual ValueTask CloseAsync(T instance, RemovalReason reason)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.DisposeAsync();
    }

    /// <summary>What later requests for a removed id are told it did ("was closed", ...).</summary>
    protected abstract string Why(RemovalReason reason);

    private static string Noun(string instanceId) => instanceId.StartsWith('v') ? "Vector instance_id" : "Instance_id";

    private void ReleaseSlots(T instance)
    {
        if (instance.TryReleaseSlots())
        {
            limits.Release(instance.Owner, instance.Slots);
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
            var id = idPrefix + Convert.ToHexStringLower(bytes);
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
