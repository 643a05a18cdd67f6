using GymBridge.Errors;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace GymBridge.Cluster.Wire;

/// <summary>
/// Every grain call the client makes goes through here, so a failure reaches the caller as the library's typed
/// exception: a library error as itself, a silo that is gone or unreachable as <see cref="EnvLostException"/>,
/// a silo that does not answer in time as <see cref="WorkerTimeoutException"/>.
/// </summary>
internal static class ClusterCalls
{
    public static async ValueTask<T> Run<T>(Func<Task<T>> call, string what)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception error) when (Translate(error, what) is { } typed)
        {
            throw typed;
        }
    }

    public static async ValueTask Run(Func<Task> call, string what)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception error) when (Translate(error, what) is { } typed)
        {
            throw typed;
        }
    }

    internal static GymBridgeException? Translate(Exception error, string what) => error switch
    {
        ClusterFault fault => fault.ToException(),
        SiloUnavailableException e => new EnvLostException($"{what}: the silo that hosts it is gone ({e.Message})", e),
        OrleansMessageRejectionException e => new EnvLostException($"{what}: the silo that hosts it cannot be reached ({e.Message})", e),
        ConnectionFailedException e => new EnvLostException($"{what}: the silo that hosts it cannot be reached ({e.Message})", e),
        TimeoutException e => new WorkerTimeoutException($"{what}: its silo did not answer in time ({e.Message})"),
        _ => null,
    };
}
