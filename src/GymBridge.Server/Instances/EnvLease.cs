using GymBridge.Server.Errors;

namespace GymBridge.Server.Instances;

/// <summary>Exclusive use of one env for one request: holds its gate until disposed.</summary>
public readonly struct EnvLease : IDisposable
{
    private readonly EnvInstance _instance;

    private EnvLease(EnvInstance instance) => _instance = instance;

    public EnvInstance Instance => _instance;

    /// <summary>Waits for the env's gate (fast path: no allocation when it is free).</summary>
    public static async ValueTask<EnvLease> AcquireAsync(EnvInstance instance, CancellationToken cancellationToken)
    {
        if (!instance.Gate.Wait(0, CancellationToken.None))
        {
            await instance.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (instance.IsClosed)
        {
            instance.Gate.Release();
            throw InstanceRegistry.Gone(instance);
        }

        instance.Touch();
        return new EnvLease(instance);
    }

    public void Dispose()
    {
        _instance.Touch();
        _instance.Gate.Release();
    }
}
