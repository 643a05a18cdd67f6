using GymBridge.Server.Endpoints.Bodies;
using GymBridge.Envs;
using GymBridge.Server.Errors;
using GymBridge.Server.Instances;
using GymBridge.Server.Json;
using GymBridge.Values;

namespace GymBridge.Server.Endpoints;

/// <summary>
/// The hot path: POST /v1/envs/{id}/reset/ and /step/. Step answers both dialects at once:
/// <c>terminated</c>/<c>truncated</c> for Gymnasium clients and <c>done</c> for gym-http-api clients.
/// </summary>
internal static class StepEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ApiServices api)
    {
        routes.Map(api.Stats, "POST", "/v1/envs/{id}/reset", "reset", context => ResetAsync(context, api)).Takes<ResetRequest>(optional: true).Gives<ResetReply>("Reset: {observation, info}");
        routes.Map(api.Stats, "POST", "/v1/envs/{id}/step", "step", context => StepAsync(context, api)).Takes<StepRequest>().Gives<StepReply>("Step: {observation, reward, terminated, truncated, done, info}");
    }

    private static async Task ResetAsync(HttpContext context, ApiServices api)
    {
        var instance = await api.Registry.GetAsync(EnvEndpoints.InstanceId(context), context.RequestAborted).ConfigureAwait(false);
        var parameters = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        var seed = Parameters.OptionalSeed(parameters);
        var options = Parameters.OptionalMap(parameters, "options");
        var reset = await EnvCalls.ResetAsync(api, instance, seed, options, context.RequestAborted).ConfigureAwait(false);
        await ResponseWriter.WriteAsync(context, GymMap.Of(("observation", reset.Observation), ("info", reset.Info))).ConfigureAwait(false);
    }

    private static async Task StepAsync(HttpContext context, ApiServices api)
    {
        var instance = await api.Registry.GetAsync(EnvEndpoints.InstanceId(context), context.RequestAborted).ConfigureAwait(false);
        var parameters = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        var step = await EnvCalls.StepAsync(api, instance, parameters, context.RequestAborted).ConfigureAwait(false);
        await ResponseWriter.WriteAsync(context, StepBody(step)).ConfigureAwait(false);
    }

    private static readonly GymValue ObservationKey = "observation", RewardKey = "reward", TerminatedKey = "terminated",
        TruncatedKey = "truncated", DoneKey = "done", InfoKey = "info";

    /// <summary>The step reply; its keys are made once (this runs for every step).</summary>
    public static GymMap StepBody(StepResult step) => new(
    [
        new(ObservationKey, step.Observation),
        new(RewardKey, step.Reward),
        new(TerminatedKey, step.Terminated),
        new(TruncatedKey, step.Truncated),
        new(DoneKey, step.Done),
        new(InfoKey, step.Info),
    ]);
}
