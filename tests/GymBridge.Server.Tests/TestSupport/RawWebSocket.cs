using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace GymBridge.Server.Tests.TestSupport;

/// <summary>
/// A WebSocket client over a bare TCP socket (RFC 6455 by hand), for what ClientWebSocket will not do: choose every
/// handshake header (Gymie's <c>Host: 0.0.0.0</c>, foreign <c>Origin</c>s) and send malformed frames.
/// </summary>
public sealed class RawWebSocket : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawWebSocket(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>The handshake's status code (101 when upgraded).</summary>
    public int Status { get; private set; }

    /// <param name="headers">Extra handshake headers; <c>Host</c> here replaces the default one.</param>
    public static async Task<RawWebSocket> ConnectAsync(Uri baseAddress, string pathAndQuery, params (string Name, string Value)[] headers)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var socket = new RawWebSocket(tcp);
        var host = headers.FirstOrDefault(h => h.Name.Equals("Host", StringComparison.OrdinalIgnoreCase)).Value ?? $"{baseAddress.Host}:{baseAddress.Port}";
        var lines = new List<string>
        {
            $"GET {pathAndQuery} HTTP/1.1", $"Host: {host}", "Upgrade: websocket", "Connection: Upgrade",
            $"Sec-WebSocket-Key: {Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))}", "Sec-WebSocket-Version: 13",
        };
        lines.AddRange(headers.Where(h => !h.Name.Equals("Host", StringComparison.OrdinalIgnoreCase)).Select(h => $"{h.Name}: {h.Value}"));
        await socket._stream.WriteAsync(Encoding.ASCII.GetBytes(string.Join("\r\n", lines) + "\r\n\r\n"));
        var head = await socket.ReadHeadAsync();
        socket.Status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return socket;
    }

    /// <summary>Sends one frame, masked as a client must (unless <paramref name="masked"/> is false, which breaks the protocol).</summary>
    public async Task SendFrameAsync(byte opcode, ReadOnlyMemory<byte> payload, bool fin = true, byte reservedBits = 0, bool masked = true)
    {
        var frame = new List<byte> { (byte)((fin ? 0x80 : 0) | (reservedBits << 4) | (opcode & 0x0F)) };
        var maskBit = masked ? 0x80 : 0;
        if (payload.Length < 126)
        {
            frame.Add((byte)(maskBit | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            frame.Add((byte)(maskBit | 126));
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }
        else
        {
            frame.Add((byte)(maskBit | 127));
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
            frame.AddRange(length);
        }

        var mask = masked ? RandomNumberGenerator.GetBytes(4) : [];
        frame.AddRange(mask);
        var body = payload.ToArray();
        for (var i = 0; masked && i < body.Length; i++)
        {
            body[i] ^= mask[i % 4];
        }

        frame.AddRange(body);
        await _stream.WriteAsync(frame.ToArray());
    }

    public Task SendTextAsync(string text) => SendFrameAsync(0x1, Encoding.UTF8.GetBytes(text));

    /// <summary>The next frame from the server (opcode and payload), or null when the connection ended.</summary>
    public async Task<(byte Opcode, byte[] Payload)?> ReceiveFrameAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var header = new byte[2];
        if (!await ReadExactlyAsync(header, cancel.Token))
        {
            return null;
        }

        long length = header[1] & 0x7F;
        if (length >= 126)
        {
            var extended = new byte[length == 126 ? 2 : 8];
            if (!await ReadExactlyAsync(extended, cancel.Token))
            {
                return null;
            }

            length = extended.Length == 2 ? BinaryPrimitives.ReadUInt16BigEndian(extended) : (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
        }

        var payload = new byte[length];
        return await ReadExactlyAsync(payload, cancel.Token) ? ((byte)(header[0] & 0x0F), payload) : null;
    }

    /// <summary>
    /// The next text message's text, skipping pings; null if the server closed instead: <paramref name="closed"/> gets
    /// the close code and reason (1006 when the connection ended without a close frame).
    /// </summary>
    public async Task<string?> ReceiveTextAsync(TimeSpan timeout, Action<int, string>? closed = null)
    {
        while (await ReceiveFrameAsync(timeout) is { } frame)
        {
            switch (frame.Opcode)
            {
                case 0x1:
                    return Encoding.UTF8.GetString(frame.Payload);
                case 0x8:
                    closed?.Invoke(
                        frame.Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(frame.Payload) : 1005,
                        frame.Payload.Length > 2 ? Encoding.UTF8.GetString(frame.Payload, 2, frame.Payload.Length - 2) : string.Empty);
                    return null;
                default:
                    continue;
            }
        }

        closed?.Invoke(1006, string.Empty);
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task<string> ReadHeadAsync()
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await _stream.ReadAsync(one) == 0)
            {
                break;
            }

            head.Add(one[0]);
        }

        var text = Encoding.ASCII.GetString(head.ToArray());
        var lengthLine = text.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (lengthLine is not null && int.TryParse(lengthLine.Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture, out var length) && length > 0)
        {
            await ReadExactlyAsync(new byte[length], CancellationToken.None); // a refusal's body: not part of any frame
        }

        return text;
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, cancellationToken);
            return true;
        }
        catch (Exception error) when (error is EndOfStreamException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
