namespace GymBridge.Cluster.HostTests.TestSupport;

/// <summary>
/// A test that needs a real redis-server for cluster membership: the one GYMBRIDGE_TEST_REDIS names (scripts/test.sh
/// starts one and sets it). Without it the test is skipped, saying so.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisFactAttribute : FactAttribute
{
    public const string Variable = "GYMBRIDGE_TEST_REDIS";

    public RedisFactAttribute()
    {
        if (string.IsNullOrEmpty(Redis))
        {
            Skip = $"{Variable} is unset: the multi-process cluster tests need a redis-server (scripts/test.sh starts one and sets {Variable}=127.0.0.1:PORT).";
        }
    }

    /// <summary>The StackExchange.Redis connection string of the tests' redis-server.</summary>
    public static string? Redis => Environment.GetEnvironmentVariable(Variable);
}
