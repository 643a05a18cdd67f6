using System.ComponentModel;
using System.Text.Json;

namespace GymBridge.Server.Endpoints.Bodies;

internal sealed record VectorCreateRequest(
    string EnvId,
    [property: Description("How many copies, 1 to 1024.")] int NumEnvs,
    [property: Description("NextStep (default), SameStep or Disabled.")] string? AutoresetMode = null,
    [property: Description("Used by the first reset that names none; env i gets seed + i.")] long? Seed = null,
    int? MaxEpisodeSteps = null,
    string? RenderMode = null,
    Dictionary<string, JsonElement>? Kwargs = null);

internal sealed record VectorCreateReply(
    string InstanceId,
    string EnvId,
    int NumEnvs,
    string AutoresetMode,
    [property: Description("The space info, as in /action_space.")] Dictionary<string, JsonElement> SingleActionSpace,
    Dictionary<string, JsonElement> SingleObservationSpace);

internal sealed record VectorSummary(string InstanceId, string EnvId, int NumEnvs, string AutoresetMode);

internal sealed record VectorListReply(VectorSummary[] VectorEnvs);

internal sealed record VectorResetRequest(
    long? Seed = null,
    Dictionary<string, JsonElement>? Options = null,
    [property: Description("num_envs booleans: reset only these (for Disabled mode).")] bool[]? ResetMask = null);

internal sealed record VectorResetReply(
    [property: Description("A (num_envs, ...) array for array spaces, else a list of num_envs observations.")] JsonElement Observations,
    [property: Description("Gymnasium's vector info format: values and _key masks.")] Dictionary<string, JsonElement> Infos);

internal sealed record VectorStepRequest([property: Description("One action per env (or a (num_envs, ...) ndarray in MessagePack).")] JsonElement[] Actions);

internal sealed record VectorStepReply(
    JsonElement Observations,
    double[] Rewards,
    bool[] Terminated,
    bool[] Truncated,
    bool[] Done,
    Dictionary<string, JsonElement> Infos);
