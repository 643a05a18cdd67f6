using System.Buffers;

namespace GymBridge.Tests.Protocol;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, each segment its own array.</summary>
internal static class Segments
{
    /// <summary>The data whole, split in two at every position, one byte per segment, and with empty segments between bytes.</summary>
    public static IEnumerable<ReadOnlySequence<byte>> EverySplit(byte[] data)
    {
        yield return new ReadOnlySequence<byte>(data);

        // Long data is cut near both ends and in the middle only: every cut would be quadratic.
        var cuts = data.Length <= 512
            ? Enumerable.Range(1, Math.Max(0, data.Length - 1))
            : new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, data.Length / 2, data.Length - 2, data.Length - 1 };
        foreach (var cut in cuts)
        {
            yield return Split(data, cut);
        }

        yield return Split(data, Enumerable.Range(1, Math.Max(0, data.Length - 1)).ToArray());
        yield return Split(data, Enumerable.Range(0, data.Length + 1).SelectMany(i => new[] { i, i }).ToArray());
    }

    /// <summary>Cuts <paramref name="data"/> at <paramref name="cuts"/> (ascending; a repeated cut makes an empty segment).</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var bounds = cuts.Append(data.Length).ToArray();
        var first = new Segment(data[..bounds[0]], 0);
        var last = first;
        for (var i = 1; i < bounds.Length; i++)
        {
            last = last.Append(data[bounds[i - 1]..bounds[i]]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data, long runningIndex)
        {
            // A copy, so that reading past a segment's end cannot find the next bytes by accident.
            Memory = data.ToArray();
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] data)
        {
            var next = new Segment(data, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
