using GymBridge.Errors;

namespace GymBridge.Cluster.Wire;

/// <summary>On each silo: a library error thrown by a GymBridge grain leaves it as a <see cref="ClusterFault"/>, whose shape Orleans serializes.</summary>
internal sealed class ClusterFaultFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke().ConfigureAwait(false);
        }
        catch (GymBridgeException error) when (context.Grain is Grains.IGymBridgeGrain)
        {
            throw new ClusterFault(error);
        }
    }
}
