namespace GymBridge.Protocol;

/// <summary>The operation names of docs/protocol.md, "Operations".</summary>
internal static class WorkerOp
{
    public const int ProtocolVersion = 2;

    public const string Hello = "hello";
    public const string Ping = "ping";
    public const string ListEnvs = "list_envs";
    public const string Make = "make";
    public const string Reset = "reset";
    public const string Step = "step";
    public const string Spaces = "spaces";
    public const string Sample = "sample";
    public const string Contains = "contains";
    public const string Render = "render";
    public const string Transitions = "transitions";
    public const string Close = "close";
    public const string Shutdown = "shutdown";
    public const string LaneOpen = "lane_open";
    public const string MakeVector = "make_vector";
    public const string VectorAttach = "vector_attach";
    public const string VectorReset = "vector_reset";
    public const string VectorStep = "vector_step";
}
