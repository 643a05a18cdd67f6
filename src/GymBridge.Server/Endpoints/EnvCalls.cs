using GymBridge.Errors;
using GymBridge.Server.Instances;

namespace GymBridge.Server.Endpoints;

/// <summary>What every call on a worker does when it fails because the worker died or hung.</summary>
internal static class EnvCalls
{
    /// <summary>True for failures that lose the env (its worker is gone); the instance is then marked lost (410 afterwards).</summary>
    public static bool LosesEnv(InstanceRegistry registry, EnvInstance instance, Exception error)
    {
        if (error is EnvLostException or WorkerTimeoutException)
        {
            registry.MarkLost(instance);
        }

        return false;
    }
}
