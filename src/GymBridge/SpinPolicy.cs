namespace GymBridge;

/// <summary>Whether the fast lane may spin on shared memory instead of waking the other side through the kernel.</summary>
public enum SpinPolicy
{
    /// <summary>
    /// Spin while every busy lane can have a core for its worker and one for its caller; block otherwise. Every spin
    /// yields its core on each turn and stops as soon as a yield kept it off the core for long (other processes want
    /// the cores), and a side whose spins keep missing stops spinning for a while, so a busy machine costs sleeps, not spins.
    /// </summary>
    Auto,

    /// <summary>Always spin (for machines with cores to spare).</summary>
    Always,

    /// <summary>Never spin and never use the lane: one pipe message and one kernel wake-up per request (and no lane steps).</summary>
    Never,

    /// <summary>
    /// The caller spins for its reply under <see cref="Auto"/>'s rule; the worker never spins for the next request
    /// and is woken through the pipe. For hosts whose time between requests is other threads' work, such as an
    /// HTTP server answering its clients: there a worker spinning for the next request takes the core they need.
    /// </summary>
    CallerOnly,
}
