using System.Runtime.InteropServices;
using GymBridge.Spaces;
using GymBridge.Values;
using GymBridge.Vector;

namespace GymBridge.Server.VectorEnvs;

/// <summary>
/// The raw bytes of a <see cref="VectorEnv"/>'s shared action and observation buffers, whatever their dtype, and
/// which spaces batch as arrays (as the library batches them: Discrete as int64, Box, MultiBinary, MultiDiscrete).
/// </summary>
internal static class VectorArrays
{
    /// <summary>The dtype and element shape one env's value has in the batch; null for spaces that travel as lists.</summary>
    public static (DType DType, int[] Shape)? Layout(Space space) => space switch
    {
        DiscreteSpace => (DType.Int64, []),
        BoxSpace box => (box.DType, [.. box.Shape]),
        MultiBinarySpace binary => (MultiBinarySpace.DType, [.. binary.Shape]),
        MultiDiscreteSpace multi => (multi.DType, [.. multi.Shape]),
        _ => null,
    };

    public static Span<byte> ActionBytes(VectorEnv env, DType dtype) => dtype.Name switch
    {
        "bool" => MemoryMarshal.AsBytes(env.Actions<bool>()),
        "int8" => MemoryMarshal.AsBytes(env.Actions<sbyte>()),
        "uint8" => env.Actions<byte>(),
        "int16" => MemoryMarshal.AsBytes(env.Actions<short>()),
        "uint16" => MemoryMarshal.AsBytes(env.Actions<ushort>()),
        "int32" => MemoryMarshal.AsBytes(env.Actions<int>()),
        "uint32" => MemoryMarshal.AsBytes(env.Actions<uint>()),
        "int64" => MemoryMarshal.AsBytes(env.Actions<long>()),
        "uint64" => MemoryMarshal.AsBytes(env.Actions<ulong>()),
        "float16" => MemoryMarshal.AsBytes(env.Actions<Half>()),
        "float32" => MemoryMarshal.AsBytes(env.Actions<float>()),
        _ => MemoryMarshal.AsBytes(env.Actions<double>()),
    };

    public static ReadOnlySpan<byte> ObservationBytes(VectorEnv env) => env.ObservationDType.Name switch
    {
        "bool" => MemoryMarshal.AsBytes(env.Observations<bool>()),
        "int8" => MemoryMarshal.AsBytes(env.Observations<sbyte>()),
        "uint8" => env.Observations<byte>(),
        "int16" => MemoryMarshal.AsBytes(env.Observations<short>()),
        "uint16" => MemoryMarshal.AsBytes(env.Observations<ushort>()),
        "int32" => MemoryMarshal.AsBytes(env.Observations<int>()),
        "uint32" => MemoryMarshal.AsBytes(env.Observations<uint>()),
        "int64" => MemoryMarshal.AsBytes(env.Observations<long>()),
        "uint64" => MemoryMarshal.AsBytes(env.Observations<ulong>()),
        "float16" => MemoryMarshal.AsBytes(env.Observations<Half>()),
        "float32" => MemoryMarshal.AsBytes(env.Observations<float>()),
        _ => MemoryMarshal.AsBytes(env.Observations<double>()),
    };

    /// <summary>Stores <paramref name="value"/> as element <paramref name="index"/> of a buffer of <paramref name="dtype"/>.</summary>
    public static void Write(Span<byte> buffer, DType dtype, int index, double value)
    {
        switch (dtype.Name)
        {
            case "bool": buffer[index] = value != 0 ? (byte)1 : (byte)0; break;
            case "int8": MemoryMarshal.Cast<byte, sbyte>(buffer)[index] = (sbyte)value; break;
            case "uint8": buffer[index] = (byte)value; break;
            case "int16": MemoryMarshal.Cast<byte, short>(buffer)[index] = (short)value; break;
            case "uint16": MemoryMarshal.Cast<byte, ushort>(buffer)[index] = (ushort)value; break;
            case "int32": MemoryMarshal.Cast<byte, int>(buffer)[index] = (int)value; break;
            case "uint32": MemoryMarshal.Cast<byte, uint>(buffer)[index] = (uint)value; break;
            case "int64": MemoryMarshal.Cast<byte, long>(buffer)[index] = (long)value; break;
            case "uint64": MemoryMarshal.Cast<byte, ulong>(buffer)[index] = (ulong)value; break;
            case "float16": MemoryMarshal.Cast<byte, Half>(buffer)[index] = (Half)value; break;
            case "float32": MemoryMarshal.Cast<byte, float>(buffer)[index] = (float)value; break;
            default: MemoryMarshal.Cast<byte, double>(buffer)[index] = value; break;
        }
    }
}
