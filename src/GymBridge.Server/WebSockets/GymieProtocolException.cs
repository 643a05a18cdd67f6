using System.Net.WebSockets;

namespace GymBridge.Server.WebSockets;

/// <summary>A Gymie request that Gymie answers by closing the socket with <see cref="Status"/> and a reason.</summary>
internal sealed class GymieProtocolException(WebSocketCloseStatus status, string reason, string kind) : Exception(reason)
{
    public WebSocketCloseStatus Status { get; } = status;

    public string Kind { get; } = kind;
}
