namespace GymBridge.Workers;

/// <summary>
/// Writes a request in a lane's fixed binary layout (docs/protocol.md, "Lane steps") into <paramref name="area"/>;
/// returns the bytes written, or -1 when this request cannot take that form (it then travels as MessagePack).
/// </summary>
internal delegate int LaneWriter<TState>(Span<byte> area, uint id, TState state);
