using System.Numerics;

namespace GymBridge.Supervision;

/// <summary>
/// Durations counted in log-linear microsecond buckets: exact below 16 µs, then 16 buckets per power
/// of two (each at most 1/16 of its value wide) up to 2^32 µs (about 71 minutes); longer ones share
/// the last bucket. Recording is one interlocked increment and allocates nothing, so threads stepping
/// envs at once can record side by side.
/// </summary>
internal sealed class LatencyHistogram
{
    public const int BucketCount = SubBuckets + ((MaxExponent - SubBucketBits) * SubBuckets);

    private const int SubBucketBits = 4;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int MaxExponent = 32;

    private readonly long[] _counts = new long[BucketCount];

    public void Record(long microseconds) => Interlocked.Increment(ref _counts[BucketOf(microseconds)]);

    public void Record(TimeSpan duration) => Record(duration.Ticks / TimeSpan.TicksPerMicrosecond);

    /// <summary>Adds this histogram's counts to <paramref name="totals"/> (a <see cref="BucketCount"/>-long array).</summary>
    public void AddTo(long[] totals)
    {
        for (var i = 0; i < BucketCount; i++)
        {
            totals[i] += Volatile.Read(ref _counts[i]);
        }
    }

    public static long Count(long[] counts)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        return total;
    }

    /// <summary>The duration below which a fraction <paramref name="quantile"/> of the recorded ones fall (its bucket's upper edge); zero when empty.</summary>
    public static TimeSpan Percentile(long[] counts, double quantile)
    {
        var total = Count(counts);
        if (total == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return TimeSpan.FromMicroseconds(UpperBoundOf(i));
            }
        }

        return TimeSpan.FromMicroseconds(UpperBoundOf(BucketCount - 1));
    }

    internal static int BucketOf(long microseconds)
    {
        if (microseconds < SubBuckets)
        {
            return (int)Math.Max(microseconds, 0);
        }

        var exponent = 63 - BitOperations.LeadingZeroCount((ulong)microseconds);
        if (exponent >= MaxExponent)
        {
            return BucketCount - 1;
        }

        var shift = exponent - SubBucketBits;
        return SubBuckets + (shift * SubBuckets) + (int)((microseconds >> shift) & (SubBuckets - 1));
    }

    /// <summary>The largest duration, in µs, that falls in <paramref name="bucket"/>.</summary>
    internal static long UpperBoundOf(int bucket)
    {
        if (bucket < SubBuckets)
        {
            return bucket;
        }

        var shift = (bucket - SubBuckets) / SubBuckets;
        var subBucket = (bucket - SubBuckets) % SubBuckets;
        return ((long)(SubBuckets + subBucket + 1) << shift) - 1;
    }
}
