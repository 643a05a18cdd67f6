namespace GymBridge;

/// <summary>Whether the fast lane may spin on shared memory instead of waking the other side through the kernel.</summary>
public enum SpinPolicy
{
    /// <summary>
    /// Spin while every busy lane can have a core for its worker and one for its caller, and the machine
    /// has no more runnable threads than cores (Linux: <c>procs_running</c>); block otherwise.
    /// </summary>
    Auto,

    /// <summary>Always spin (for machines with cores to spare).</summary>
    Always,

    /// <summary>Never spin and never use the lane: one pipe message and one kernel wake-up per request.</summary>
    Never,
}
