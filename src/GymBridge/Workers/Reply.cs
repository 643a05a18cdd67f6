using System.Buffers;
using MessagePack;

namespace GymBridge.Workers;

/// <summary>
/// A successful reply's bytes, in a buffer rented from <see cref="ArrayPool{T}"/>; dispose to return it.
/// <see cref="CreateResultReader"/> starts at the result value of a MessagePack reply; a lane step's reply
/// (<see cref="IsLaneStep"/>) is read from <see cref="Bytes"/> instead (docs/protocol.md, "Lane steps").
/// </summary>
internal readonly struct Reply(byte[] buffer, int resultOffset, int length, bool isLaneStep = false) : IDisposable
{
    public bool IsLaneStep => isLaneStep;

    public ReadOnlySpan<byte> Bytes => buffer.AsSpan(resultOffset, length - resultOffset);

    /// <summary>A reader over <paramref name="length"/> bytes at <paramref name="offset"/> of <see cref="Bytes"/>.</summary>
    /// <remarks>Readers over memory rather than a <see cref="ReadOnlySequence{T}"/>: MessagePack-CSharp's cheaper mode for one piece.</remarks>
    public MessagePackReader CreateReader(int offset, int length) => new(buffer.AsMemory(resultOffset + offset, length));

    public MessagePackReader CreateResultReader() => new(buffer.AsMemory(resultOffset, length - resultOffset));

    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
}
