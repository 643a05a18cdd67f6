using System.Net.WebSockets;
using System.Text;

namespace GymBridge.Cluster.HostTests.TestSupport;

/// <summary>A Gymie-protocol session on a host's <c>/gym</c> WebSocket: one call, one reply.</summary>
public sealed class GymSocket : IDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);
    private readonly ClientWebSocket _socket = new();

    private GymSocket()
    {
    }

    public static async Task<GymSocket> ConnectAsync(HostProcess host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var session = new GymSocket();
        await session._socket.ConnectAsync(new UriBuilder(host.BaseAddress) { Scheme = "ws", Path = "/gym" }.Uri, CancellationToken.None);
        return session;
    }

    /// <summary>Sends <c>{"method": METHOD, "params": PARAMETERS}</c> and returns the reply; fails when the host closes the socket instead.</summary>
    public async Task<JsonNode?> CallAsync(string method, string parameters)
    {
        await _socket.SendAsync(Encoding.UTF8.GetBytes($"{{\"method\": \"{method}\", \"params\": {parameters}}}"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[1 << 16];
        var count = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None).AsTask().WaitAsync(ReplyTimeout);
            Assert.False(result.MessageType == WebSocketMessageType.Close, $"{method}: the host closed the socket ({_socket.CloseStatus}: {_socket.CloseStatusDescription})");
            count += result.Count;
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, count));
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
