namespace GymBridge.Protocol.MessagePack;

/// <summary>The header of an ext value: its application type code and the length of its payload.</summary>
public readonly record struct ExtensionHeader(sbyte TypeCode, uint Length);
