namespace GymBridge;

/// <summary>
/// Blocks on a ValueTask for the synchronous API, without a Task allocation when it already completed.
/// <see cref="Run{TState, T}"/> also marks the calling thread as one that blocks anyway, so a lane may put it to
/// sleep on a futex until the reply instead of hopping through the pipe's reader and the thread pool.
/// </summary>
internal static class Sync
{
    [ThreadStatic]
    private static bool t_mayBlock;

    /// <summary>True while this thread runs the synchronous part of a <see cref="Run{TState, T}"/> call.</summary>
    public static bool MayBlock => t_mayBlock;

    /// <summary>Starts <paramref name="start"/> on this thread, marked as one that may block, and waits for its result.</summary>
    public static T Run<TState, T>(TState state, Func<TState, ValueTask<T>> start)
    {
        var outer = t_mayBlock;
        t_mayBlock = true;
        ValueTask<T> task;
        try
        {
            task = start(state);
        }
        finally
        {
            t_mayBlock = outer;
        }

        return Wait(task);
    }

    /// <summary>Like <see cref="Run{TState, T}"/> for calls without a result.</summary>
    public static void Run<TState>(TState state, Func<TState, ValueTask> start)
    {
        var outer = t_mayBlock;
        t_mayBlock = true;
        ValueTask task;
        try
        {
            task = start(state);
        }
        finally
        {
            t_mayBlock = outer;
        }

        Wait(task);
    }

    public static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    public static void Wait(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            task.AsTask().GetAwaiter().GetResult();
        }
    }
}
