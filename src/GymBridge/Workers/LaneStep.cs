using System.Buffers.Binary;
using GymBridge.Envs;
using GymBridge.Errors;
using GymBridge.Protocol;
using GymBridge.Spaces;
using GymBridge.Values;
using GymBridge.Vector;

namespace GymBridge.Workers;

/// <summary>
/// One env's lane steps (docs/protocol.md, "Lane steps"; python_worker/gymbridge_worker/lane.py): a step request and
/// its reply in a fixed binary layout, the observation as raw bytes the worker wrote with numpy, so neither side
/// encodes or decodes MessagePack for it. Only for envs whose action and observation spaces are Discrete or arrays;
/// whatever does not fit (another action value, an observation off its space, a non-empty info) falls back as the protocol says.
/// </summary>
internal sealed class LaneStep
{
    // Request: id u32, action length u32, handle i64, action bytes.
    private const int RequestHeader = 16;

    // Reply: id u32, terminated u8, truncated u8, 2 zero bytes, reward f64, observation length u32, info length u32; observation at 64.
    private const int ReplyHeader = 24;
    private const int ObservationOffset = 64;

    private readonly ArrayLayout _action;
    private readonly ArrayLayout _observation;
    private readonly bool _discreteObservation;

    private LaneStep(ArrayLayout action, ArrayLayout observation, bool discreteObservation)
    {
        _action = action;
        _observation = observation;
        _discreteObservation = discreteObservation;
    }

    /// <summary>The lane steps of an env with these spaces, or null when either is not Discrete or an array space.</summary>
    public static LaneStep? For(Space actionSpace, Space observationSpace) =>
        ArrayLayout.For(actionSpace) is { } action && ArrayLayout.For(observationSpace) is { } observation
            ? new LaneStep(action, observation, observationSpace is DiscreteSpace)
            : null;

    /// <summary>Writes the step request; -1 when the action is not exactly the layout's (an int for Discrete, an ndarray of the space's dtype and shape).</summary>
    public int WriteRequest(Span<byte> area, uint id, long handle, GymValue action)
    {
        var length = RequestHeader + _action.ElementBytes;
        if (length > area.Length)
        {
            return -1;
        }

        var payload = area[RequestHeader..length];
        if (_action.ElementShape.Length == 0 && _action.DType == DType.Int64 && action.Kind == GymValueKind.Int)
        {
            BinaryPrimitives.WriteInt64LittleEndian(payload, action.AsInt64());
        }
        else if (action is NDArray array && array.DType == _action.DType && array.Shape.SequenceEqual(_action.ElementShape))
        {
            array.Data.Span.CopyTo(payload);
        }
        else
        {
            return -1;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(area, id);
        BinaryPrimitives.WriteUInt32LittleEndian(area[4..], (uint)_action.ElementBytes);
        BinaryPrimitives.WriteInt64LittleEndian(area[8..], handle);
        return length;
    }

    /// <summary>The request id a lane step reply answers.</summary>
    public static uint ReplyId(ReadOnlySpan<byte> reply) =>
        reply.Length >= ReplyHeader ? BinaryPrimitives.ReadUInt32LittleEndian(reply) : throw Malformed($"{reply.Length} bytes");

    /// <summary>Reads a lane step reply: the observation copied out of it, the info decoded when there is one.</summary>
    public StepResult ReadReply(in Reply reply)
    {
        var bytes = reply.Bytes;
        var terminated = bytes[4] != 0;
        var truncated = bytes[5] != 0;
        var reward = BinaryPrimitives.ReadDoubleLittleEndian(bytes[8..]);
        var observationLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]);
        var infoLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[20..]);
        var infoOffset = ObservationOffset + ((observationLength + 7) / 8 * 8);
        if (observationLength != _observation.ElementBytes || (long)infoOffset + infoLength > bytes.Length)
        {
            throw Malformed($"an observation of {observationLength} bytes (expected {_observation.ElementBytes}) and {infoLength} of info in {bytes.Length}");
        }

        var raw = bytes.Slice(ObservationOffset, observationLength);
        GymValue observation = _discreteObservation
            ? BinaryPrimitives.ReadInt64LittleEndian(raw)
            : new NDArray(_observation.DType, _observation.ElementShape, raw.ToArray());
        var info = GymMap.Empty;
        if (infoLength > 0)
        {
            var reader = reply.CreateReader(infoOffset, infoLength);
            info = GymValueFormatter.Read(ref reader).AsMap();
        }

        return new StepResult(observation, reward, terminated, truncated, info);
    }

    private static GymBridgeException Malformed(string what) => new(GymErrorKind.Protocol, $"A malformed lane step reply: {what}.");
}
