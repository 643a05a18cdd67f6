namespace GymBridge.Supervision;

/// <summary>Where one worker slot of an <see cref="EnvPool"/> stands.</summary>
public enum WorkerState
{
    /// <summary>A worker process is running and takes new envs.</summary>
    Running,

    /// <summary>The slot's worker died, hung or failed to start; a replacement is on its way (after a backoff).</summary>
    Restarting,

    /// <summary>
    /// The slot's worker died more often than <see cref="GymBridgeOptions.MaxRestarts"/> allows within
    /// <see cref="GymBridgeOptions.RestartWindow"/> (or restarts are off); the slot stays down.
    /// </summary>
    Failed,

    /// <summary>The pool was disposed.</summary>
    Stopped,
}
