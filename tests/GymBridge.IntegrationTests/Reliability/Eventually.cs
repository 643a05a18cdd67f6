namespace GymBridge.IntegrationTests.Reliability;

internal static class Eventually
{
    /// <summary>A generous hang guard, never a timing claim.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test naming <paramref name="what"/> if it does not within <see cref="Guard"/>.</summary>
    public static async Task HoldsAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Still not true after {Guard.TotalSeconds:0} s: {what}");
            }

            await Task.Delay(10);
        }
    }
}
