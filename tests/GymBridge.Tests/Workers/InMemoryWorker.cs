using System.Buffers;
using System.IO.Pipelines;
using GymBridge.Protocol;
using GymBridge.Protocol.Framing;
using MessagePack;
using GymBridge.Values;

namespace GymBridge.Tests.Workers;

/// <summary>
/// The far end of an in-memory duplex pipe, playing a worker: it decodes request frames and
/// answers with whatever the test's handler returns (or sends raw bytes).
/// </summary>
internal sealed class InMemoryWorker
{
    private readonly Pipe _toWorker = new();
    private readonly Pipe _fromWorker = new();

    public InMemoryWorker()
    {
        ClientSide = new DuplexPipe(_fromWorker.Reader, _toWorker.Writer);
    }

    public IDuplexPipe ClientSide { get; }

    /// <summary>Reads the next request: (id, op, args).</summary>
    public async Task<(uint Id, string Op, GymValue Args)> ReadRequestAsync()
    {
        while (true)
        {
            var result = await _toWorker.Reader.ReadAsync();
            var buffer = result.Buffer;
            if (FrameFormat.TryReadFrame(ref buffer, out var payload))
            {
                var (id, op, args) = Decode(payload);
                _toWorker.Reader.AdvanceTo(buffer.Start);
                return (id, op, args);
            }

            _toWorker.Reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new EndOfStreamException("The client closed the pipe.");
            }
        }
    }

    public Task ReplyAsync(uint id, GymValue result) => SendAsync(GymValue.List((long)id, true, result));

    public Task ReplyErrorAsync(uint id, string kind, string message, string traceback = "") =>
        SendAsync(GymValue.List((long)id, false, GymMap.Of(("kind", kind), ("message", message), ("traceback", traceback))));

    public async Task SendAsync(GymValue value)
    {
        var payload = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(payload);
        GymValueFormatter.Write(ref writer, value);
        writer.Flush();
        await SendRawAsync(Frame(payload.WrittenSpan));
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        await _fromWorker.Writer.WriteAsync(bytes);
    }

    public Task CloseAsync() => _fromWorker.Writer.CompleteAsync().AsTask();

    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var frame = new ArrayBufferWriter<byte>();
        FrameFormat.WriteFrame(frame, payload);
        return frame.WrittenSpan.ToArray();
    }

    private static (uint, string, GymValue) Decode(ReadOnlySequence<byte> payload)
    {
        var reader = new MessagePackReader(payload);
        var request = GymValueFormatter.Read(ref reader).AsList();
        return ((uint)request[0].AsInt64(), request[1].AsString(), request[2]);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
