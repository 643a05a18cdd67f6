namespace GymBridge.Server.VectorEnvs;

/// <summary>Exclusive use of one vector env for one request: holds its gate until disposed.</summary>
public readonly struct VectorLease : IDisposable
{
    private readonly VectorInstance _instance;

    private VectorLease(VectorInstance instance) => _instance = instance;

    /// <summary>Waits for the vector env's gate (no allocation when it is free).</summary>
    public static async ValueTask<VectorLease> AcquireAsync(VectorInstance instance, CancellationToken cancellationToken)
    {
        if (!instance.Gate.Wait(0, CancellationToken.None))
        {
            await instance.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (instance.IsClosed || instance.IsLost)
        {
            instance.Gate.Release();
            throw VectorRegistry.Gone(instance);
        }

        instance.Touch();
        return new VectorLease(instance);
    }

    public void Dispose()
    {
        _instance.Touch();
        _instance.Gate.Release();
    }
}
