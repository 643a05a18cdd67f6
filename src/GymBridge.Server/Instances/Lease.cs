namespace GymBridge.Server.Instances;

/// <summary>Exclusive use of one served env (single or vector) for one request: holds its gate until disposed.</summary>
public readonly struct Lease : IDisposable
{
    private readonly IServedEnv _instance;

    private Lease(IServedEnv instance) => _instance = instance;

    /// <summary>Waits for the env's gate (fast path: no allocation when it is free); a closed or lost env throws its 404/410.</summary>
    public static async ValueTask<Lease> AcquireAsync(IServedEnv instance, CancellationToken cancellationToken)
    {
        if (!instance.Gate.Wait(0, CancellationToken.None))
        {
            await instance.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (instance.IsClosed || instance.IsLost)
        {
            instance.Gate.Release();
            throw Registry<IServedEnv>.Gone(instance);
        }

        instance.Touch();
        return new Lease(instance);
    }

    public void Dispose()
    {
        _instance.Touch();
        _instance.Gate.Release();
    }
}
