using GymBridge.Errors;
using GymBridge.Protocol;
using MessagePack;
using GymBridge.Values;
using GymBridge.Workers;
using Xunit;

namespace GymBridge.Tests.Workers;

public sealed class WorkerConnectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private readonly InMemoryWorker _worker = new();
    private WorkerConnection _connection = null!;

    public Task InitializeAsync()
    {
        _connection = new WorkerConnection(_worker.ClientSide, () => "test worker");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task A_request_travels_as_id_op_args_and_its_reply_is_readable()
    {
        var sent = SendPing(42);
        var (id, op, args) = await _worker.ReadRequestAsync();
        Assert.Equal("ping", op);
        Assert.Equal(42, args["value"].AsInt64());
        await _worker.ReplyAsync(id, "pong");
        Assert.Equal("pong", await sent);
    }

    [Fact]
    public async Task Many_concurrent_requests_get_their_own_replies()
    {
        var sends = Enumerable.Range(0, 50).Select(SendPing).ToArray();
        for (var i = 0; i < sends.Length; i++)
        {
            var (id, _, args) = await _worker.ReadRequestAsync();
            await _worker.ReplyAsync(id, $"echo {args["value"].AsInt64()}");
        }

        var replies = await Task.WhenAll(sends);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"echo {i}"), replies);
    }

    [Fact]
    public async Task An_error_reply_becomes_the_typed_exception_with_the_traceback()
    {
        var sent = SendPing(1);
        var (id, _, _) = await _worker.ReadRequestAsync();
        await _worker.ReplyErrorAsync(id, "env_error", "RuntimeError: boom", "Traceback (most recent call last): ...");
        var error = await Assert.ThrowsAsync<EnvErrorException>(() => sent);
        Assert.Equal("RuntimeError: boom", error.Message);
        Assert.StartsWith("Traceback", error.PythonTraceback);
        Assert.False(_connection.IsFailed);
    }

    [Theory]
    [InlineData("unknown_env", typeof(UnknownEnvException))]
    [InlineData("bad_action", typeof(InvalidActionException))]
    [InlineData("no_such_env", typeof(EnvClosedException))]
    public async Task Each_wire_kind_has_its_exception_type(string kind, Type expected)
    {
        var sent = SendPing(1);
        var (id, _, _) = await _worker.ReadRequestAsync();
        await _worker.ReplyErrorAsync(id, kind, "message");
        Assert.IsType(expected, await Record.ExceptionAsync(() => sent));
    }

    [Fact]
    public async Task A_reply_with_id_zero_answers_the_oldest_request()
    {
        var sent = SendPing(1);
        await _worker.ReadRequestAsync();
        await _worker.ReplyErrorAsync(0, "protocol", "undecodable frame");
        var error = await Assert.ThrowsAsync<GymBridgeException>(() => sent);
        Assert.Equal(GymErrorKind.Protocol, error.Kind);
    }

    [Fact]
    public async Task Requests_in_flight_fail_as_env_lost_when_the_pipe_closes_and_later_ones_fail_at_once()
    {
        var sent = SendPing(1);
        await _worker.ReadRequestAsync();
        await _worker.CloseAsync();
        var error = await Assert.ThrowsAsync<EnvLostException>(() => sent);
        Assert.Contains("test worker", error.Message);
        await Assert.ThrowsAsync<EnvLostException>(() => SendPing(2));
    }

    [Fact]
    public async Task A_malformed_reply_frame_fails_the_connection_instead_of_hanging()
    {
        var sent = SendPing(1);
        await _worker.ReadRequestAsync();
        await _worker.SendRawAsync(InMemoryWorker.Frame([0xc1]));
        await Assert.ThrowsAsync<EnvLostException>(() => sent);
        Assert.True(_connection.IsFailed);
    }

    [Fact]
    public async Task An_oversized_frame_length_fails_the_connection()
    {
        var sent = SendPing(1);
        await _worker.ReadRequestAsync();
        await _worker.SendRawAsync([0xff, 0xff, 0xff, 0x7f]);
        await Assert.ThrowsAnyAsync<GymBridgeException>(() => sent);
        Assert.True(_connection.IsFailed);
    }

    [Fact]
    public async Task A_reply_out_of_order_fails_the_connection()
    {
        var sent = SendPing(1);
        var (id, _, _) = await _worker.ReadRequestAsync();
        await _worker.ReplyAsync(id + 5, "late");
        await Assert.ThrowsAnyAsync<GymBridgeException>(() => sent);
        Assert.True(_connection.IsFailed);
    }

    [Fact]
    public async Task An_unanswered_request_times_out_and_the_connection_is_failed_as_hung()
    {
        GymBridgeException? failure = null;
        _connection.Failed += reason => failure = reason;
        var sent = _connection.SendAsync("ping", 0, WriteValue, TimeSpan.FromMilliseconds(200), CancellationToken.None).AsTask();
        await _worker.ReadRequestAsync();
        await Assert.ThrowsAsync<WorkerTimeoutException>(() => sent);
        Assert.IsType<WorkerTimeoutException>(failure);
        await Assert.ThrowsAsync<EnvLostException>(() => SendPing(2));
    }

    [Fact]
    public async Task A_cancelled_wait_ends_at_once_and_the_connection_skips_its_late_reply()
    {
        using var cancel = new CancellationTokenSource();
        var cancelled = _connection.SendAsync("ping", 0, WriteValue, Long, cancel.Token).AsTask();
        var (first, _, _) = await _worker.ReadRequestAsync();
        cancel.Cancel();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(cancel.Token, error.CancellationToken);

        var next = SendPing(2);
        var (second, _, _) = await _worker.ReadRequestAsync();
        await _worker.ReplyAsync(first, "late");
        await _worker.ReplyAsync(second, "on time");
        Assert.Equal("on time", await next);
        Assert.False(_connection.IsFailed);
    }

    [Fact]
    public async Task A_later_request_with_a_shorter_timeout_finds_the_hang_first()
    {
        var patient = _connection.SendAsync("ping", 0, WriteValue, Long, CancellationToken.None).AsTask();
        var hasty = _connection.SendAsync("ping", 1, WriteValue, TimeSpan.FromMilliseconds(100), CancellationToken.None).AsTask();
        await Assert.ThrowsAsync<WorkerTimeoutException>(() => hasty);
        await Assert.ThrowsAsync<EnvLostException>(() => patient);
    }

    [Fact]
    public async Task A_frame_split_into_single_bytes_still_arrives_whole()
    {
        var sent = SendPing(1);
        var (id, _, _) = await _worker.ReadRequestAsync();
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        var mp = new MessagePackWriter(writer);
        GymValueFormatter.Write(ref mp, GymValue.List((long)id, true, "split"));
        mp.Flush();
        foreach (var b in InMemoryWorker.Frame(writer.WrittenSpan))
        {
            await _worker.SendRawAsync([b]);
        }

        Assert.Equal("split", await sent);
    }

    private async Task<string> SendPing(int value)
    {
        using var reply = await _connection.SendAsync("ping", value, WriteValue, Long, CancellationToken.None);
        var reader = reply.CreateResultReader();
        return GymValueFormatter.Read(ref reader).AsString();
    }

    private static void WriteValue(ref MessagePackWriter writer, int value)
    {
        writer.WriteMapHeader(1);
        writer.Write("value");
        writer.Write(value);
    }
}
