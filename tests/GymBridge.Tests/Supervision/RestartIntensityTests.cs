using GymBridge.Supervision;
using Xunit;

namespace GymBridge.Tests.Supervision;

public sealed class RestartIntensityTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    [Fact]
    public void Admits_at_most_the_limit_within_the_window_with_doubling_delays()
    {
        var intensity = new RestartIntensity(3, Window, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        var delays = new List<TimeSpan>();
        for (var second = 0; second < 3; second++)
        {
            Assert.True(intensity.TryAdmit(TimeSpan.FromSeconds(second), out var delay));
            delays.Add(delay);
        }

        Assert.Equal([100, 200, 400], delays.Select(d => d.TotalMilliseconds));
        Assert.False(intensity.TryAdmit(TimeSpan.FromSeconds(3), out _));
        Assert.False(intensity.TryAdmit(TimeSpan.FromSeconds(9.9), out _));
    }

    [Fact]
    public void Restarts_older_than_the_window_no_longer_count_and_the_backoff_relaxes()
    {
        var intensity = new RestartIntensity(2, Window, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        Assert.True(intensity.TryAdmit(TimeSpan.FromSeconds(0), out _));
        Assert.True(intensity.TryAdmit(TimeSpan.FromSeconds(5), out _));
        Assert.False(intensity.TryAdmit(TimeSpan.FromSeconds(9), out _));
        Assert.True(intensity.TryAdmit(TimeSpan.FromSeconds(10), out var delay));
        Assert.Equal(TimeSpan.FromMilliseconds(200), delay);
        Assert.True(intensity.TryAdmit(TimeSpan.FromSeconds(30), out delay));
        Assert.Equal(TimeSpan.FromMilliseconds(100), delay);
    }

    [Fact]
    public void The_delay_stops_growing_at_the_maximum()
    {
        var intensity = new RestartIntensity(100, Window, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        var delay = TimeSpan.Zero;
        for (var i = 0; i < 100; i++)
        {
            Assert.True(intensity.TryAdmit(TimeSpan.FromMilliseconds(i), out delay));
        }

        Assert.Equal(TimeSpan.FromSeconds(5), delay);
    }

    [Fact]
    public void A_limit_of_zero_never_restarts()
    {
        var intensity = new RestartIntensity(0, Window, TimeSpan.Zero, TimeSpan.Zero);
        Assert.False(intensity.TryAdmit(TimeSpan.Zero, out _));
    }
}
