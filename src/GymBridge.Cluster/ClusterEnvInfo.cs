namespace GymBridge.Cluster;

/// <summary>One env of the cluster: its key (the REST instance id), its gymnasium id and the silo that hosts it.</summary>
/// <param name="Key">The env's key, valid through any host of the cluster.</param>
/// <param name="EnvId">The registered id, e.g. <c>CartPole-v1</c>.</param>
/// <param name="Silo">The address of the silo whose worker hosts it.</param>
/// <param name="NumEnvs">1 for a single env; for a slice of a cluster vector env, how many copies it steps.</param>
public sealed record ClusterEnvInfo(string Key, string EnvId, string Silo, int NumEnvs);
