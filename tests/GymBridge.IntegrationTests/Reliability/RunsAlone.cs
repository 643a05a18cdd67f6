using Xunit;

namespace GymBridge.IntegrationTests.Reliability;

/// <summary>
/// The reliability tests count this process's children, file descriptors and allocations, and time
/// how fast deaths are seen, so they run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Reliability";
}
