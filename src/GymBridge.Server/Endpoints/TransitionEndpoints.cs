using GymBridge.Server.Endpoints.Bodies;
using GymBridge.Envs;
using GymBridge.Server.Instances;
using GymBridge.Server.Json;
using GymBridge.Values;

namespace GymBridge.Server.Endpoints;

/// <summary>
/// GET /v1/envs/{id}/transitions/: a toy-text env's whole model <c>P</c> as
/// <c>{"transitions": {"state": {"action": [[probability, next_state, reward, done], ...]}}}</c>
/// (JSON object keys are strings). Envs without <c>P</c> answer 400 <c>not_supported</c>.
/// </summary>
internal static class TransitionEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ApiServices api) =>
        routes.Map(api.Stats, "GET", "/v1/envs/{id}/transitions", "transitions", context => TransitionsAsync(context, api)).Gives<TransitionsReply>("Toy-text model P: {transitions: {state: {action: [[p, next_state, reward, done]]}}}");

    private static async Task TransitionsAsync(HttpContext context, ApiServices api)
    {
        var instance = await api.Registry.GetAsync(EnvEndpoints.InstanceId(context), context.RequestAborted).ConfigureAwait(false);
        TransitionTable table;
        using (await Lease.AcquireAsync(instance, context.RequestAborted).ConfigureAwait(false))
        {
            try
            {
                table = await instance.Env.GetTransitionsAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception error) when (EnvCalls.LosesEnv(api.Registry, instance, error))
            {
                throw;
            }
        }

        var states = new List<KeyValuePair<GymValue, GymValue>>(table.States.Count);
        foreach (var state in table.States)
        {
            var actions = new List<KeyValuePair<GymValue, GymValue>>(table.Actions.Count);
            foreach (var action in table.Actions)
            {
                var transitions = table[state, action]
                    .Select(t => GymValue.List(t.Probability, t.NextState, t.Reward, t.Terminated))
                    .ToArray();
                actions.Add(new(action, GymValue.List(transitions)));
            }

            states.Add(new(state, new GymMap([.. actions])));
        }

        await ResponseWriter.WriteAsync(context, GymMap.Of(("transitions", new GymMap([.. states])))).ConfigureAwait(false);
    }
}
