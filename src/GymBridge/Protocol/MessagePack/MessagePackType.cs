namespace GymBridge.Protocol.MessagePack;

/// <summary>The family of a MessagePack value, as told by its first byte.</summary>
public enum MessagePackType
{
    Unknown = 0,
    Integer = 1,
    Nil = 2,
    Boolean = 3,
    Float = 4,
    String = 5,
    Binary = 6,
    Array = 7,
    Map = 8,
    Extension = 9,
}
