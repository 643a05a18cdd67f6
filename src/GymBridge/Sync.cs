namespace GymBridge;

/// <summary>
/// The one idiom of the synchronous API: every blocking form is <c>Sync.Run(state, static s => ...Async(...))</c>.
/// Blocks on the ValueTask without a Task allocation when it already completed.
/// <c>Run</c> also marks the calling thread as one that blocks anyway, so a lane may put it to
/// sleep on a futex until the reply instead of hopping through the pipe's reader and the thread pool.
/// </summary>
internal static class Sync
{
    [ThreadStatic]
    private static bool t_mayBlock;

    /// <summary>True while this thread runs the synchronous part of a <c>Run</c> call.</summary>
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

    /// <summary>Like <c>Run</c> for calls without a result.</summary>
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

    /// <summary>Like <c>Run</c> for calls that return a <see cref="Task{T}"/>.</summary>
    public static T Run<TState, T>(TState state, Func<TState, Task<T>> start) =>
        Run((State: state, Start: start), static s => new ValueTask<T>(s.Start(s.State)));

    private static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    private static void Wait(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            task.AsTask().GetAwaiter().GetResult();
        }
    }
}
