namespace GymBridge.Protocol.MessagePack;

/// <summary>
/// MessagePack data that cannot be read (truncated, malformed or not of the expected type)
/// or a value that cannot be written. Messages from the reader name the byte offset.
/// </summary>
public class MessagePackSerializationException : Exception
{
    /// <summary>An error without a message.</summary>
    public MessagePackSerializationException()
    {
    }

    /// <summary>An error with <paramref name="message"/>.</summary>
    public MessagePackSerializationException(string message)
        : base(message)
    {
    }

    /// <summary>An error with <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public MessagePackSerializationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static MessagePackSerializationException EndOfData(long offset, string reading, long remaining) =>
        new($"Unexpected end of data at offset {offset} reading {reading} ({remaining} {(remaining == 1 ? "byte" : "bytes")} left).");

    internal static MessagePackSerializationException UnexpectedCode(long offset, byte code, string expected) =>
        code == MessagePackCode.NeverUsed
            ? new($"Malformed data at offset {offset}: 0xc1 is never used in MessagePack.")
            : new($"Expected {expected} but found {MessagePackCode.Describe(code)} (0x{code:x2}) at offset {offset}.");

    internal static MessagePackSerializationException Overflow(long offset, string value, string type) =>
        new($"The integer {value} at offset {offset} does not fit in {type}.", new OverflowException());

    internal static MessagePackSerializationException TooDeep(long offset, int maxDepth) =>
        new($"Nesting deeper than {maxDepth} arrays and maps at offset {offset}.");
}
