namespace CartPoleCem;

/// <summary>Pushes right (action 1) when w·observation + b &gt; 0, else left (action 0).</summary>
internal sealed class LinearPolicy(double[] parameters)
{
    /// <summary>The weights, one per observation element, then the bias.</summary>
    public double[] Parameters { get; } = parameters;

    public long Act(ReadOnlySpan<float> observation)
    {
        var sum = Parameters[^1];
        for (var i = 0; i < observation.Length; i++)
        {
            sum += Parameters[i] * observation[i];
        }

        return sum > 0 ? 1 : 0;
    }
}
