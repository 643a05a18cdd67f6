using System.Buffers;
using GymBridge.Protocol.MessagePack;

namespace GymBridge.Workers;

/// <summary>
/// A successful reply's bytes, in a buffer rented from <see cref="ArrayPool{T}"/>; dispose to return it.
/// <see cref="CreateResultReader"/> starts at the result value.
/// </summary>
internal readonly struct Reply(byte[] buffer, int resultOffset, int length) : IDisposable
{
    public MessagePackReader CreateResultReader() =>
        new(new ReadOnlySequence<byte>(buffer, resultOffset, length - resultOffset));

    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
}
