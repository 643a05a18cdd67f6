using System.Buffers;
using BenchmarkDotNet.Attributes;
using GymBridge.Protocol;
using GymBridge.Values;
using MessagePack;

namespace GymBridge.Benchmarks.Suite;

/// <summary>What the supervisor spends encoding a step request and decoding a CartPole step reply.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(256);
    private readonly GymValue _action = 1;
    private byte[] _reply = [];
    private byte[] _replyWithInfo = [];

    [GlobalSetup]
    public void Setup()
    {
        var observation = NDArray.From(new float[] { 0.01f, -0.2f, 0.03f, 0.4f });
        var writer = new ArrayBufferWriter<byte>();
        MessagePackSerializer.Serialize<GymValue>(writer, GymValue.List(7L, true, GymValue.List(observation, 1.0, false, false, GymMap.Empty)), GymValueFormatter.WorkerOptions);
        _reply = writer.WrittenSpan.ToArray();

        // An info of three floats, as MuJoCo's locomotion envs return one every step.
        var info = GymMap.Of(("x_position", 0.5), ("x_velocity", -0.25), ("reward_ctrl", -0.01));
        writer.ResetWrittenCount();
        MessagePackSerializer.Serialize<GymValue>(writer, GymValue.List(7L, true, GymValue.List(observation, 1.0, false, false, info)), GymValueFormatter.WorkerOptions);
        _replyWithInfo = writer.WrittenSpan.ToArray();
    }

    [Benchmark]
    public int EncodeStepRequest()
    {
        _output.ResetWrittenCount();
        var writer = new MessagePackWriter(_output);
        writer.WriteArrayHeader(3);
        writer.Write(7u);
        writer.Write("step");
        writer.WriteMapHeader(2);
        writer.Write("handle");
        writer.Write(1L);
        writer.Write("action");
        GymValueFormatter.Write(ref writer, _action);
        writer.Flush();
        return _output.WrittenCount;
    }

    /// <summary>A reply as the library reads it: a reader over the reply's memory (<c>Reply.CreateResultReader</c>).</summary>
    [Benchmark]
    public double DecodeStepReply()
    {
        var reader = new MessagePackReader(_reply.AsMemory());
        return ReadStepReply(ref reader);
    }

    /// <summary>The same bytes through a reader over a <see cref="ReadOnlySequence{T}"/> (how pipe frames and request bodies arrive).</summary>
    [Benchmark]
    public double DecodeStepReplyFromSequence()
    {
        var reader = new MessagePackReader(new ReadOnlySequence<byte>(_reply));
        return ReadStepReply(ref reader);
    }

    /// <summary>A reply whose info has three string keys (docs/performance.md, "The codec").</summary>
    [Benchmark]
    public double DecodeStepReplyWithInfo()
    {
        var reader = new MessagePackReader(_replyWithInfo.AsMemory());
        return ReadStepReply(ref reader);
    }

    private static double ReadStepReply(ref MessagePackReader reader)
    {
        reader.ReadArrayHeader();
        reader.ReadUInt32();
        reader.ReadBoolean();
        reader.ReadArrayHeader();
        var observation = GymValueFormatter.Read(ref reader);
        var reward = reader.ReadDouble();
        reader.ReadBoolean();
        reader.ReadBoolean();
        GymValueFormatter.Read(ref reader);
        return reward + observation.AsArray().Length;
    }
}
