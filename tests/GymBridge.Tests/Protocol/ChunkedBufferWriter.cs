using System.Buffers;

namespace GymBridge.Tests.Protocol;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that hands out spans no larger than it must (the size hint, at least
/// <paramref name="chunk"/> bytes), so a writer has to ask again and again.
/// </summary>
internal sealed class ChunkedBufferWriter(int chunk) : IBufferWriter<byte>
{
    private readonly List<byte> _written = [];
    private byte[] _current = [];

    public int GetSpanCalls { get; private set; }

    public byte[] WrittenBytes => [.. _written];

    public void Advance(int count)
    {
        if (count > _current.Length)
        {
            throw new InvalidOperationException($"Advanced {count} past a span of {_current.Length}.");
        }

        _written.AddRange(_current.AsSpan(0, count));
        _current = [];
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        GetSpanCalls++;
        _current = new byte[Math.Max(sizeHint, chunk)];
        return _current;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}
