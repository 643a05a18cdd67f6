namespace GymBridge.Cluster;

/// <summary>One live silo: its address, its workers, how many envs it holds and how much room it has left.</summary>
/// <param name="Address">The silo's address (<c>host:port@generation</c>).</param>
/// <param name="Token">The short name of this silo incarnation that the keys of its envs begin with.</param>
/// <param name="Workers">Worker slots of its pool.</param>
/// <param name="LiveWorkers">Workers running now.</param>
/// <param name="Envs">Envs it holds (a vector slice of N copies counts N).</param>
/// <param name="FreeCapacity">Live workers × <see cref="GymClusterOptions.EnvsPerWorker"/> − envs: what placement maximizes.</param>
/// <param name="Steps">Steps its pool has served.</param>
public sealed record ClusterSiloInfo(string Address, string Token, int Workers, int LiveWorkers, int Envs, int FreeCapacity, long Steps);
