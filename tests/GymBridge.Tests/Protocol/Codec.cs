using System.Buffers;
using GymBridge.Protocol;
using GymBridge.Values;
using MessagePack;

namespace GymBridge.Tests.Protocol;

/// <summary>Whole payloads through MessagePack-CSharp and the GymValue formatter, as the worker protocol and the REST host use them.</summary>
internal static class Codec
{
    public static byte[] Encode(GymValue value) => MessagePackSerializer.Serialize(value, GymValueFormatter.WorkerOptions);

    public static void Encode(IBufferWriter<byte> output, GymValue value) => MessagePackSerializer.Serialize(output, value, GymValueFormatter.WorkerOptions);

    /// <summary>Exactly one value (two values, or a value and more bytes, are an error).</summary>
    public static GymValue Decode(ReadOnlySequence<byte> payload, MessagePackSerializerOptions? options = null)
    {
        var reader = new MessagePackReader(payload);
        var value = MessagePackSerializer.Deserialize<GymValue>(ref reader, options ?? GymValueFormatter.WorkerOptions);
        return reader.End ? value : throw new MessagePackSerializationException($"Unexpected data at offset {reader.Consumed} after the value.");
    }

    public static GymValue Decode(byte[] payload) => Decode(new ReadOnlySequence<byte>(payload));

    /// <summary>What the formatter said: the serializer wraps it in "Failed to deserialize ...".</summary>
    public static string Reason(MessagePackSerializationException error) => error.InnerException?.Message ?? error.Message;
}
