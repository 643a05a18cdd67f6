using GymBridge.Supervision;
using Xunit;

namespace GymBridge.Tests.Supervision;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Buckets_are_exact_below_16_us_and_at_most_a_sixteenth_wide_above()
    {
        var previousBucket = -1;
        for (long us = 0; us < 1 << 20; us++)
        {
            var bucket = LatencyHistogram.BucketOf(us);
            Assert.InRange(bucket, previousBucket, previousBucket + 1);
            var upper = LatencyHistogram.UpperBoundOf(bucket);
            Assert.InRange(upper, us, us + Math.Max(us / 16, 0));
            if (us < 32)
            {
                Assert.Equal(us, upper);
            }

            previousBucket = bucket;
        }
    }

    [Fact]
    public void Every_bucket_edge_maps_back_to_its_bucket_and_huge_values_share_the_last()
    {
        for (var bucket = 0; bucket < LatencyHistogram.BucketCount; bucket++)
        {
            Assert.Equal(bucket, LatencyHistogram.BucketOf(LatencyHistogram.UpperBoundOf(bucket)));
        }

        Assert.Equal(LatencyHistogram.BucketCount - 1, LatencyHistogram.BucketOf(long.MaxValue));
        Assert.Equal(0, LatencyHistogram.BucketOf(-5));
    }

    [Fact]
    public void Percentiles_come_from_the_recorded_distribution()
    {
        var histogram = new LatencyHistogram();
        for (var us = 1; us <= 1000; us++)
        {
            histogram.Record(us);
        }

        var counts = new long[LatencyHistogram.BucketCount];
        histogram.AddTo(counts);
        Assert.Equal(1000, LatencyHistogram.Count(counts));
        AssertClose(500, LatencyHistogram.Percentile(counts, 0.50));
        AssertClose(990, LatencyHistogram.Percentile(counts, 0.99));
        AssertClose(1000, LatencyHistogram.Percentile(counts, 1.0));
        AssertClose(1, LatencyHistogram.Percentile(counts, 0.0));
    }

    [Fact]
    public void An_empty_histogram_reports_zero()
    {
        Assert.Equal(TimeSpan.Zero, LatencyHistogram.Percentile(new long[LatencyHistogram.BucketCount], 0.99));
    }

    [Fact]
    public void Concurrent_recording_loses_no_count()
    {
        var histogram = new LatencyHistogram();
        Parallel.For(0, 8, thread =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                histogram.Record(i % 64);
            }
        });
        var counts = new long[LatencyHistogram.BucketCount];
        histogram.AddTo(counts);
        Assert.Equal(800_000, LatencyHistogram.Count(counts));
    }

    [Fact]
    public void Recording_allocates_nothing()
    {
        var histogram = new LatencyHistogram();
        var duration = System.Diagnostics.Stopwatch.GetElapsedTime(System.Diagnostics.Stopwatch.GetTimestamp());
        histogram.Record(duration);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            histogram.Record(duration);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void AssertClose(long expectedMicroseconds, TimeSpan actual) =>
        Assert.InRange(actual.TotalMicroseconds, expectedMicroseconds, expectedMicroseconds * 17 / 16.0);
}
