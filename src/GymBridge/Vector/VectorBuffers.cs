using System.Runtime.InteropServices;
using GymBridge.SharedMemory;
using GymBridge.Values;

namespace GymBridge.Vector;

/// <summary>
/// The shared region of one vector env: actions, observations (for array spaces), rewards (float64),
/// terminated and truncated (one byte each), each an array over all N envs that every worker maps at
/// its slice's offset (docs/protocol.md, "Vector envs").
/// </summary>
internal sealed class VectorBuffers : IDisposable
{
    private const int Alignment = 64;
    private readonly SharedRegion _region;
    private readonly int _numEnvs;
    private readonly long _actions, _observations, _rewards, _terminated, _truncated;

    public VectorBuffers(int numEnvs, ArrayLayout? actions, ArrayLayout? observations)
    {
        _numEnvs = numEnvs;
        ActionLayout = actions;
        ObservationLayout = observations;
        long offset = 0;
        long Take(long bytes)
        {
            var at = offset;
            offset = (offset + bytes + Alignment - 1) / Alignment * Alignment;
            return at;
        }

        _actions = Take(numEnvs * (long)(actions?.ElementBytes ?? 0));
        _observations = Take(numEnvs * (long)(observations?.ElementBytes ?? 0));
        _rewards = Take(numEnvs * 8L);
        _terminated = Take(numEnvs);
        _truncated = Take(numEnvs);
        _region = SharedRegion.Create("vector", Math.Max(offset, Alignment));
    }

    public ArrayLayout? ActionLayout { get; }

    public ArrayLayout? ObservationLayout { get; }

    public Span<byte> ActionBytes => _region.Span(_actions, _numEnvs * (ActionLayout?.ElementBytes ?? 0));

    public ReadOnlySpan<byte> ObservationBytes => _region.Span(_observations, _numEnvs * (ObservationLayout?.ElementBytes ?? 0));

    public ReadOnlySpan<double> Rewards => MemoryMarshal.Cast<byte, double>(_region.Span(_rewards, _numEnvs * 8));

    public ReadOnlySpan<bool> Terminated => MemoryMarshal.Cast<byte, bool>(_region.Span(_terminated, _numEnvs));

    public ReadOnlySpan<bool> Truncated => MemoryMarshal.Cast<byte, bool>(_region.Span(_truncated, _numEnvs));

    /// <summary>The <c>shared</c> argument of <c>vector_attach</c> for the slice of envs [start, start + count).</summary>
    public GymMap DescribeSlice(int start, int count)
    {
        var entries = new List<(string, GymValue)>
        {
            ("path", _region.Address),
            ("size", _region.Size),
            ("rewards", Section(_rewards, DType.Float64, [], start, count)),
            ("terminated", Section(_terminated, DType.Bool, [], start, count)),
            ("truncated", Section(_truncated, DType.Bool, [], start, count)),
        };
        if (ActionLayout is { } action)
        {
            entries.Add(("actions", Section(_actions, action.DType, action.ElementShape, start, count)));
        }

        if (ObservationLayout is { } observation)
        {
            entries.Add(("observations", Section(_observations, observation.DType, observation.ElementShape, start, count)));
        }

        return GymMap.Of([.. entries]);
    }

    /// <summary>Called once every worker has mapped the region.</summary>
    public void Unlink() => _region.Unlink();

    public void Dispose() => _region.Dispose();

    private static GymMap Section(long sectionOffset, DType dtype, int[] elementShape, int start, int count)
    {
        var elementBytes = dtype.ItemSize * elementShape.Aggregate(1, (a, b) => a * b);
        return GymMap.Of(
            ("offset", sectionOffset + ((long)start * elementBytes)),
            ("dtype", dtype.Code),
            ("shape", GymValue.List([count, .. elementShape.Select(d => (GymValue)d)])));
    }
}
