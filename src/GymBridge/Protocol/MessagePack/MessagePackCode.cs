namespace GymBridge.Protocol.MessagePack;

/// <summary>The first byte of each MessagePack format (https://github.com/msgpack/msgpack/blob/master/spec.md).</summary>
public static class MessagePackCode
{
    /// <summary>The smallest positive fixint code.</summary>
    public const byte MinFixInt = 0x00;
    /// <summary>The largest positive fixint code.</summary>
    public const byte MaxFixInt = 0x7f;
    /// <summary>The first fixmap code.</summary>
    public const byte MinFixMap = 0x80;
    /// <summary>The last fixmap code.</summary>
    public const byte MaxFixMap = 0x8f;
    /// <summary>The first fixarray code.</summary>
    public const byte MinFixArray = 0x90;
    /// <summary>The last fixarray code.</summary>
    public const byte MaxFixArray = 0x9f;
    /// <summary>The first fixstr code.</summary>
    public const byte MinFixStr = 0xa0;
    /// <summary>The last fixstr code.</summary>
    public const byte MaxFixStr = 0xbf;
    /// <summary>The MessagePack format code of nil.</summary>
    public const byte Nil = 0xc0;
    /// <summary>The reserved code.</summary>
    public const byte NeverUsed = 0xc1;
    /// <summary>The MessagePack format code of false.</summary>
    public const byte False = 0xc2;
    /// <summary>The MessagePack format code of true.</summary>
    public const byte True = 0xc3;
    /// <summary>The MessagePack format code of bin 8.</summary>
    public const byte Bin8 = 0xc4;
    /// <summary>The MessagePack format code of bin 16.</summary>
    public const byte Bin16 = 0xc5;
    /// <summary>The MessagePack format code of bin 32.</summary>
    public const byte Bin32 = 0xc6;
    /// <summary>The MessagePack format code of ext 8.</summary>
    public const byte Ext8 = 0xc7;
    /// <summary>The MessagePack format code of ext 16.</summary>
    public const byte Ext16 = 0xc8;
    /// <summary>The MessagePack format code of ext 32.</summary>
    public const byte Ext32 = 0xc9;
    /// <summary>The MessagePack format code of float 32.</summary>
    public const byte Float32 = 0xca;
    /// <summary>The MessagePack format code of float 64.</summary>
    public const byte Float64 = 0xcb;
    /// <summary>The MessagePack format code of uint 8.</summary>
    public const byte UInt8 = 0xcc;
    /// <summary>The MessagePack format code of uint 16.</summary>
    public const byte UInt16 = 0xcd;
    /// <summary>The MessagePack format code of uint 32.</summary>
    public const byte UInt32 = 0xce;
    /// <summary>The MessagePack format code of uint 64.</summary>
    public const byte UInt64 = 0xcf;
    /// <summary>The MessagePack format code of int 8.</summary>
    public const byte Int8 = 0xd0;
    /// <summary>The MessagePack format code of int 16.</summary>
    public const byte Int16 = 0xd1;
    /// <summary>The MessagePack format code of int 32.</summary>
    public const byte Int32 = 0xd2;
    /// <summary>The MessagePack format code of int 64.</summary>
    public const byte Int64 = 0xd3;
    /// <summary>The MessagePack format code of fixext 1.</summary>
    public const byte FixExt1 = 0xd4;
    /// <summary>The MessagePack format code of fixext 2.</summary>
    public const byte FixExt2 = 0xd5;
    /// <summary>The MessagePack format code of fixext 4.</summary>
    public const byte FixExt4 = 0xd6;
    /// <summary>The MessagePack format code of fixext 8.</summary>
    public const byte FixExt8 = 0xd7;
    /// <summary>The MessagePack format code of fixext 16.</summary>
    public const byte FixExt16 = 0xd8;
    /// <summary>The MessagePack format code of str 8.</summary>
    public const byte Str8 = 0xd9;
    /// <summary>The MessagePack format code of str 16.</summary>
    public const byte Str16 = 0xda;
    /// <summary>The MessagePack format code of str 32.</summary>
    public const byte Str32 = 0xdb;
    /// <summary>The MessagePack format code of array 16.</summary>
    public const byte Array16 = 0xdc;
    /// <summary>The MessagePack format code of array 32.</summary>
    public const byte Array32 = 0xdd;
    /// <summary>The MessagePack format code of map 16.</summary>
    public const byte Map16 = 0xde;
    /// <summary>The MessagePack format code of map 32.</summary>
    public const byte Map32 = 0xdf;
    /// <summary>The first negative fixint code.</summary>
    public const byte MinNegativeFixInt = 0xe0;
    /// <summary>The last negative fixint code.</summary>
    public const byte MaxNegativeFixInt = 0xff;

    /// <summary>The largest count a fixarray or fixmap holds.</summary>
    public const int MaxFixCount = 15;

    /// <summary>The longest string, in UTF-8 bytes, a fixstr holds.</summary>
    public const int MaxFixStrLength = 31;

    /// <summary>The smallest int a negative fixint holds.</summary>
    public const int MinNegativeFixIntValue = -32;

    /// <summary>The kind of value a value starting with <paramref name="code"/> is.</summary>
    public static MessagePackType ToMessagePackType(byte code) => code switch
    {
        <= MaxFixInt or >= MinNegativeFixInt => MessagePackType.Integer,
        <= MaxFixMap => MessagePackType.Map,
        <= MaxFixArray => MessagePackType.Array,
        <= MaxFixStr => MessagePackType.String,
        Nil => MessagePackType.Nil,
        False or True => MessagePackType.Boolean,
        Bin8 or Bin16 or Bin32 => MessagePackType.Binary,
        Ext8 or Ext16 or Ext32 or (>= FixExt1 and <= FixExt16) => MessagePackType.Extension,
        Float32 or Float64 => MessagePackType.Float,
        (>= UInt8 and <= UInt64) or (>= Int8 and <= Int64) => MessagePackType.Integer,
        Str8 or Str16 or Str32 => MessagePackType.String,
        Array16 or Array32 => MessagePackType.Array,
        Map16 or Map32 => MessagePackType.Map,
        _ => MessagePackType.Unknown,
    };

    /// <summary>The spec's name of the format <paramref name="code"/> starts, for error messages.</summary>
    public static string ToFormatName(byte code) => code switch
    {
        <= MaxFixInt => "positive fixint",
        >= MinNegativeFixInt => "negative fixint",
        <= MaxFixMap => "fixmap",
        <= MaxFixArray => "fixarray",
        <= MaxFixStr => "fixstr",
        Nil => "nil",
        NeverUsed => "never-used code 0xc1",
        False => "false",
        True => "true",
        Bin8 => "bin8",
        Bin16 => "bin16",
        Bin32 => "bin32",
        Ext8 => "ext8",
        Ext16 => "ext16",
        Ext32 => "ext32",
        Float32 => "float32",
        Float64 => "float64",
        UInt8 => "uint8",
        UInt16 => "uint16",
        UInt32 => "uint32",
        UInt64 => "uint64",
        Int8 => "int8",
        Int16 => "int16",
        Int32 => "int32",
        Int64 => "int64",
        FixExt1 => "fixext1",
        FixExt2 => "fixext2",
        FixExt4 => "fixext4",
        FixExt8 => "fixext8",
        FixExt16 => "fixext16",
        Str8 => "str8",
        Str16 => "str16",
        Str32 => "str32",
        Array16 => "array16",
        Array32 => "array32",
        Map16 => "map16",
        _ => "map32",
    };

    /// <summary>"a uint32", "an int8": the format's name with its article.</summary>
    internal static string Describe(byte code)
    {
        var name = ToFormatName(code);
        return (name[0] is 'a' or 'e' or 'i' ? "an " : "a ") + name;
    }
}
