using System.Buffers;
using System.Buffers.Binary;
using GymBridge.Errors;

namespace GymBridge.Protocol.Framing;

/// <summary>A frame is a 4-byte little-endian length followed by that many bytes (docs/protocol.md, "Frames").</summary>
internal static class FrameFormat
{
    public const int HeaderSize = 4;

    public const int MaxPayloadSize = 1 << 30;

    /// <summary>Slices one complete frame's payload off the front of <paramref name="buffer"/>, if it holds one.</summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length > MaxPayloadSize)
        {
            throw new GymBridgeException(GymErrorKind.Protocol, $"Frame of {length} bytes exceeds the {MaxPayloadSize}-byte limit.");
        }

        if (buffer.Length - HeaderSize < length)
        {
            return false;
        }

        payload = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>Writes the header and <paramref name="payload"/> to <paramref name="output"/>.</summary>
    public static void WriteFrame(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        var span = output.GetSpan(HeaderSize + payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)payload.Length);
        payload.CopyTo(span[HeaderSize..]);
        output.Advance(HeaderSize + payload.Length);
    }
}
