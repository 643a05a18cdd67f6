using System.Buffers;
using System.Buffers.Binary;
using GymBridge.Errors;
using GymBridge.Spaces;
using GymBridge.Values;
using GymBridge.Workers;
using Xunit;

namespace GymBridge.Tests.Workers;

/// <summary>The lane step layout of docs/protocol.md ("Lane steps"), byte by byte, and what does not take it.</summary>
public sealed class LaneStepTests
{
    private static readonly BoxSpace CartPoleObservation = new(-1, 1, [4], DType.Float32);

    [Fact]
    public void A_discrete_step_request_is_id_length_handle_action()
    {
        var step = LaneStep.For(new DiscreteSpace(2), CartPoleObservation)!;
        var area = new byte[64];
        Assert.Equal(24, step.WriteRequest(area, id: 7, handle: 3, action: 1));
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(area));
        Assert.Equal(8u, BinaryPrimitives.ReadUInt32LittleEndian(area.AsSpan(4)));
        Assert.Equal(3L, BinaryPrimitives.ReadInt64LittleEndian(area.AsSpan(8)));
        Assert.Equal(1L, BinaryPrimitives.ReadInt64LittleEndian(area.AsSpan(16)));
    }

    [Fact]
    public void Only_an_action_of_the_exact_layout_is_written()
    {
        var box = LaneStep.For(new BoxSpace(-2, 2, [1], DType.Float32), CartPoleObservation)!;
        var area = new byte[64];
        Assert.Equal(20, box.WriteRequest(area, 1, 1, NDArray.From(new[] { 0.5f }, 1)));
        Assert.Equal(0.5f, BinaryPrimitives.ReadSingleLittleEndian(area.AsSpan(16)));
        Assert.Equal(-1, box.WriteRequest(area, 1, 1, NDArray.From(new[] { 0.5 }, 1))); // float64
        Assert.Equal(-1, box.WriteRequest(area, 1, 1, NDArray.From(new[] { 0.5f, 1f }, 2))); // shape
        Assert.Equal(-1, box.WriteRequest(area, 1, 1, GymValue.List(0.5))); // a list: MessagePack converts it
        Assert.Equal(-1, box.WriteRequest(new byte[18], 1, 1, NDArray.From(new[] { 0.5f }, 1))); // no room
        var discrete = LaneStep.For(new DiscreteSpace(2), CartPoleObservation)!;
        Assert.Equal(-1, discrete.WriteRequest(area, 1, 1, 1.0));
        Assert.Null(LaneStep.For(new TextSpace(4), CartPoleObservation));
        Assert.Null(LaneStep.For(new DiscreteSpace(2), new TextSpace(4)));
    }

    [Fact]
    public void A_reply_gives_the_observation_reward_flags_and_info()
    {
        var step = LaneStep.For(new DiscreteSpace(2), CartPoleObservation)!;
        byte[] info = [0x81, 0xa1, (byte)'k', 0x05]; // {"k": 5}
        var bytes = Reply(id: 9, terminated: true, truncated: false, reward: 1.5, observation: [1f, 2f, 3f, 4f], info);
        using var reply = Rented(bytes);
        Assert.Equal(9u, LaneStep.ReplyId(reply.Bytes));
        var result = step.ReadReply(reply);
        Assert.Equal([1f, 2f, 3f, 4f], result.Observation.AsArray().ToArray<float>());
        Assert.Equal(1.5, result.Reward);
        Assert.True(result.Terminated);
        Assert.False(result.Truncated);
        Assert.Equal(5, result.Info["k"].AsInt64());
    }

    [Fact]
    public void A_discrete_observation_is_an_int()
    {
        var step = LaneStep.For(new DiscreteSpace(4), new DiscreteSpace(16))!;
        var bytes = new byte[72];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 8);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(64), 11);
        using var reply = Rented(bytes);
        Assert.Equal(11, step.ReadReply(reply).Observation.AsInt64());
    }

    [Theory]
    [InlineData(12, 0)] // an observation shorter than the space's
    [InlineData(16, 4000)] // an info past the end
    public void A_malformed_reply_is_a_protocol_error(int observationLength, int infoLength)
    {
        var step = LaneStep.For(new DiscreteSpace(2), CartPoleObservation)!;
        var bytes = Reply(1, false, false, 0, [0f, 0f, 0f, 0f], []);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)observationLength);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), (uint)infoLength);
        using var reply = Rented(bytes);
        Assert.Equal(GymErrorKind.Protocol, Assert.Throws<GymBridgeException>(() => step.ReadReply(reply)).Kind);
        Assert.Throws<GymBridgeException>(() => LaneStep.ReplyId(new byte[10]));
    }

    private static byte[] Reply(uint id, bool terminated, bool truncated, double reward, float[] observation, byte[] info)
    {
        var infoAt = 64 + ((observation.Length * 4 + 7) / 8 * 8);
        var bytes = new byte[infoAt + info.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, id);
        bytes[4] = terminated ? (byte)1 : (byte)0;
        bytes[5] = truncated ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8), reward);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)(observation.Length * 4));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), (uint)info.Length);
        for (var i = 0; i < observation.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(64 + (i * 4)), observation[i]);
        }

        info.CopyTo(bytes, infoAt);
        return bytes;
    }

    private static Reply Rented(byte[] bytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(buffer, 0);
        return new Reply(buffer, 0, bytes.Length, isLaneStep: true);
    }
}
