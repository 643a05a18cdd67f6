using MessagePack;

namespace GymBridge.Workers;

/// <summary>Writes a request's args map. Static lambdas plus a state argument keep requests closure-free.</summary>
internal delegate void ArgsWriter<TState>(ref MessagePackWriter writer, TState state);
