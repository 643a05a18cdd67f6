using System.ComponentModel;
using System.Text.Json;

namespace GymBridge.Server.Endpoints.Bodies;

// The shapes of the single-env bodies, for the generated OpenAPI document only: the endpoints read and write
// GymValue trees (JSON or MessagePack), so these records are never (de)serialized. Names go snake_case (OpenApiDocs).

[Description("gymnasium.make(env_id, render_mode=..., max_episode_steps=..., **kwargs); the seed is used by the first reset that names none.")]
internal sealed record CreateRequest(
    [property: Description("A registered id (GET /v1/registry), or module:Env for a module the server allows.")] string EnvId,
    [property: Description("A non-negative integer.")] long? Seed = null,
    [property: Description("e.g. rgb_array (needed for frames and videos), ansi.")] string? RenderMode = null,
    int? MaxEpisodeSteps = null,
    [property: Description("Keyword arguments for gymnasium.make.")] Dictionary<string, JsonElement>? Kwargs = null);

internal sealed record CreateReply([property: Description("8 hex digits; the {id} of the other routes.")] string InstanceId);

internal sealed record EnvListReply([property: Description("instance_id → env_id.")] Dictionary<string, string> AllEnvs);

internal sealed record EnvIdReply([property: Description("The env id the instance was made from.")] string Id);

internal sealed record ClosedReply(string Message, string InstanceId);

internal sealed record ResetRequest(
    [property: Description("A non-negative integer (or \"\" for none).")] long? Seed = null,
    [property: Description("The env's reset options.")] Dictionary<string, JsonElement>? Options = null);

internal sealed record ResetReply(
    [property: Description("The observation, as the observation space encodes it.")] JsonElement Observation,
    Dictionary<string, JsonElement> Info);

internal sealed record StepRequest(
    [property: Description("An action of the action space (a number, a list, a map, ...).")] JsonElement Action,
    [property: Description("Accepted for gym-http-api clients; rendering is GET /render.")] bool? Render = null);

internal sealed record StepReply(
    JsonElement Observation,
    double Reward,
    bool Terminated,
    bool Truncated,
    [property: Description("terminated or truncated (for gym-http-api clients).")] bool Done,
    Dictionary<string, JsonElement> Info);

[Description("The space's fields (name, and n, shape, low, high, dtype, ... by kind), under info and also at the top level.")]
internal sealed record SpaceReply(
    [property: Description("Discrete, Box, MultiBinary, MultiDiscrete, Text, Tuple, Dict, ...")] string Name,
    Dictionary<string, JsonElement> Info);

internal sealed record SampleReply(JsonElement Action);

internal sealed record ContainsRequest([property: Description("The value to test (also accepted under value, action or observation).")] JsonElement X);

internal sealed record ContainsReply(bool Member);

internal sealed record TransitionsReply(
    [property: Description("state → action → [[probability, next_state, reward, done], ...] (toy-text envs' P).")]
    Dictionary<string, Dictionary<string, JsonElement[][]>> Transitions);

internal sealed record EpisodesRequest(
    [property: Description("How many episodes, 1 to 1000.")] int Count,
    [property: Description("A non-negative integer, an integer string, or \"\" for none.")] JsonElement? Seed = null);

internal sealed record EpisodeState([property: Description("The observation.")] JsonElement S, [property: Description("The reward that led to it.")] double R);

internal sealed record EpisodesReply(EpisodeState[][] Episodes);
