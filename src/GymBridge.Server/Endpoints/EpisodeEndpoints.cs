using GymBridge.Server.Endpoints.Bodies;
using GymBridge.Server.Errors;
using GymBridge.Server.Instances;
using GymBridge.Server.Json;
using GymBridge.Spaces;
using GymBridge.Values;

namespace GymBridge.Server.Endpoints;

/// <summary>
/// unrenormalizable/gymnasium-http-api's sampler: POST /v1/envs/{id}/episodes/ <c>{count, seed?}</c> plays
/// <c>count</c> episodes of random actions, each from a reset with <c>seed</c> (as that server does), and answers
/// <c>{episodes: [[{s, r}, ...], ...]}</c>: the reset observation with reward 0.0, then each step's observation and
/// reward. An episode ends when the env terminates or truncates, or after <see cref="MaxSteps"/> steps.
/// </summary>
internal static class EpisodeEndpoints
{
    public const int MaxCount = 1000;
    public const int MaxSteps = 10_000;

    public static void Map(IEndpointRouteBuilder routes, ApiServices api) =>
        routes.Map(api.Stats, "POST", "/v1/envs/{id}/episodes", "episodes", context => EpisodesAsync(context, api)).Takes<EpisodesRequest>().Gives<EpisodesReply>("Play count episodes of random actions, each from a reset with seed (unrenormalizable's sampler)");

    private static async Task EpisodesAsync(HttpContext context, ApiServices api)
    {
        var instance = await api.Registry.GetAsync(EnvEndpoints.InstanceId(context), context.RequestAborted).ConfigureAwait(false);
        var parameters = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        var count = Parameters.OptionalInt(parameters, "count") ?? throw ApiException.MissingParameter("count");
        if (count is < 1 or > MaxCount)
        {
            throw ApiException.BadRequest($"count must be from 1 to {MaxCount}, got {count}.");
        }

        var seed = Parameters.OptionalSeed(parameters);
        var episodes = new GymValue[count];
        using (await Lease.AcquireAsync(instance, context.RequestAborted).ConfigureAwait(false))
        {
            for (var e = 0; e < count; e++)
            {
                var reset = await EnvCalls.ResetLeasedAsync(api, instance, seed, null, context.RequestAborted).ConfigureAwait(false);
                var states = new List<GymValue> { State(reset.Observation, 0.0) };
                for (var t = 0; t < MaxSteps; t++)
                {
                    var action = instance.Env.ActionSpace is UnsupportedSpace
                        ? await instance.Env.SampleActionAsync(cancellationToken: context.RequestAborted).ConfigureAwait(false)
                        : instance.Env.ActionSpace.Sample();
                    var step = await EnvCalls.StepLeasedAsync(api, instance, action, context.RequestAborted).ConfigureAwait(false);
                    states.Add(State(step.Observation, step.Reward));
                    if (step.Done)
                    {
                        break;
                    }
                }

                episodes[e] = GymValue.List([.. states]);
            }
        }

        await ResponseWriter.WriteAsync(context, GymMap.Of(("episodes", GymValue.List(episodes)))).ConfigureAwait(false);
    }

    private static GymMap State(GymValue observation, double reward) => GymMap.Of(("s", observation), ("r", reward));
}
