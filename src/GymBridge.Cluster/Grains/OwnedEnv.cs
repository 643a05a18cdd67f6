using GymBridge.Cluster.Silo;
using GymBridge.Errors;
using Orleans.Runtime;

namespace GymBridge.Cluster.Grains;

/// <summary>
/// What an env grain's activation finds of its env on the silo it was activated on: the env, or why there is none —
/// lost when the key names a silo that died, closed (or never made) otherwise. Decided from the key and membership alone,
/// so every later activation answers the same.
/// </summary>
internal static class OwnedEnv
{
    public static LocalEnv Find(string key, SiloEnvs envs, IClusterMembershipService membership)
    {
        var token = ClusterKeys.TokenOf(key);
        if (token == envs.Token)
        {
            return envs.TryGet(key, out var env) ? env : throw new EnvClosedException($"No env {key} is open: it was closed, or never made.");
        }

        var owner = token is null ? null : membership.CurrentSnapshot.Members.Values.FirstOrDefault(m => ClusterKeys.Token(m.SiloAddress) == token);
        if (owner is null)
        {
            throw new EnvClosedException($"No env {key} is open: no silo of this cluster ever made it.");
        }

        throw new EnvLostException(owner.Status == SiloStatus.Active
            ? $"Env {key} belongs to silo {owner.SiloAddress}, which this activation is not on; its env cannot be reached."
            : $"Env {key} is lost: the silo that hosted it ({owner.SiloAddress}) is {owner.Status.ToString().ToLowerInvariant()}.");
    }
}
