using System.Buffers;
using GymBridge.Protocol;
using GymBridge.Server.Errors;
using GymBridge.Values;
using MessagePack;

namespace GymBridge.Server.Json;

/// <summary>
/// MessagePack request and response bodies, through MessagePack-CSharp with the library's GymValue formatter.
/// What clients send is read as <see cref="MessagePackSecurity.UntrustedData"/>; anything malformed is a 400.
/// </summary>
internal static class MessagePackBody
{
    /// <summary>A body that must hold exactly one MessagePack value.</summary>
    public static GymValue Read(ReadOnlySequence<byte> body)
    {
        var reader = new MessagePackReader(body);
        GymValue value;
        try
        {
            value = MessagePackSerializer.Deserialize<GymValue>(ref reader, GymValueFormatter.UntrustedOptions);
        }
        catch (MessagePackSerializationException error)
        {
            // The serializer wraps what went wrong ("Failed to deserialize ..."); the innermost error says what it was.
            throw Malformed(error.GetBaseException().Message);
        }

        return reader.End ? value : throw Malformed($"unexpected data at offset {reader.Consumed} after the value, in a body of {body.Length} bytes.");
    }

    public static void Write(IBufferWriter<byte> output, GymValue value) =>
        MessagePackSerializer.Serialize(output, value, GymValueFormatter.UntrustedOptions);

    private static ApiException Malformed(string reason) =>
        new(StatusCodes.Status400BadRequest, ErrorKinds.MalformedBody, $"Malformed MessagePack body: {reason}");
}
