using GymBridge.Protocol.MessagePack;

namespace GymBridge.Protocol;

internal static class MessagePackWriterExtensions
{
    /// <summary>The value, or nil for "not given" (Python's None).</summary>
    public static void WriteOptional(this ref MessagePackWriter writer, long? value)
    {
        if (value is { } present)
        {
            writer.Write(present);
        }
        else
        {
            writer.WriteNil();
        }
    }
}
