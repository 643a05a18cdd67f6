namespace GymBridge.Protocol.MessagePack;

/// <summary>The family of a MessagePack value, as told by its first byte.</summary>
public enum MessagePackType
{
    /// <summary>A code no value starts with (0xc1, reserved).</summary>
    Unknown = 0,
    /// <summary>Any integer format.</summary>
    Integer = 1,
    /// <summary>nil.</summary>
    Nil = 2,
    /// <summary>true or false.</summary>
    Boolean = 3,
    /// <summary>float 32 or float 64.</summary>
    Float = 4,
    /// <summary>Any str format (UTF-8).</summary>
    String = 5,
    /// <summary>Any bin format (raw bytes).</summary>
    Binary = 6,
    /// <summary>Any array format.</summary>
    Array = 7,
    /// <summary>Any map format.</summary>
    Map = 8,
    /// <summary>Any ext or fixext format.</summary>
    Extension = 9,
}
