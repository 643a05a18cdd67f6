using System.Diagnostics;
using GymBridge.Diagnostics;
using GymBridge.Errors;
using GymBridge.Protocol;
using GymBridge.Spaces;
using GymBridge.Values;
using GymBridge.Workers;

namespace GymBridge.Envs;

/// <summary>
/// A Gymnasium env living in a Python worker, with Gymnasium's names: <see cref="Reset"/>,
/// <see cref="Step"/>, <see cref="ActionSpace"/>, <see cref="ObservationSpace"/>, <see cref="Render"/>.
/// Every method has an async form. Not thread-safe: one caller at a time per env, as in Python.
/// </summary>
public sealed class RemoteEnv : IDisposable, IAsyncDisposable
{
    private readonly Worker _worker;
    private readonly PoolMetrics _metrics;
    private readonly long _handle;
    private readonly LaneStep? _laneStep;
    private TimeSpan? _requestTimeout;
    private int _closed;

    /// <param name="worker">The worker, which has already counted this env.</param>
    /// <param name="made">The reply to <c>make</c>.</param>
    /// <param name="metrics">The pool's metrics, which count this env as open until it is disposed.</param>
    internal RemoteEnv(Worker worker, GymMap made, PoolMetrics metrics)
    {
        _worker = worker;
        _metrics = metrics;
        _handle = made["handle"].AsInt64();
        Id = made["env_id"].AsString();
        ActionSpace = Space.FromDescription(made["action_space"]);
        ObservationSpace = Space.FromDescription(made["observation_space"]);
        RenderMode = made["render_mode"] is { IsNone: false } mode ? mode.AsString() : null;
        MaxEpisodeSteps = made["max_episode_steps"] is { IsNone: false } steps ? steps.AsInt32() : null;
        RewardThreshold = made["reward_threshold"] is { IsNone: false } threshold ? threshold.AsDouble() : null;
        metrics.EnvOpened(vector: false);
        _laneStep = LaneStep.For(ActionSpace, ObservationSpace);
    }

    /// <summary>The registered id, e.g. <c>CartPole-v1</c>.</summary>
    public string Id { get; }

    /// <summary>The env's <c>action_space</c>, typed (<see cref="DiscreteSpace"/>, <see cref="BoxSpace"/>, ...).</summary>
    public Space ActionSpace { get; }

    /// <summary>The env's <c>observation_space</c>, typed.</summary>
    public Space ObservationSpace { get; }

    /// <summary>The <c>render_mode</c> the env was made with (<c>rgb_array</c>, <c>ansi</c>, ...), or null.</summary>
    public string? RenderMode { get; }

    /// <summary>The <c>max_episode_steps</c> of the env's spec (after which <see cref="StepResult.Truncated"/> is set), or null.</summary>
    public int? MaxEpisodeSteps { get; }

    /// <summary>The <c>reward_threshold</c> of the env's spec (the return at which it counts as solved), or null.</summary>
    public double? RewardThreshold { get; }

    /// <summary>Whether the env was closed (disposed) or lost with its worker.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    /// <summary>Which worker hosts this env (for diagnostics).</summary>
    public int WorkerIndex => _worker.Index;

    /// <summary>The process id of the worker that hosts this env (for diagnostics).</summary>
    public int WorkerPid => _worker.Info.Pid;

    /// <summary>
    /// How long each call on this env may wait for its worker; null means <see cref="GymBridgeOptions.RequestTimeout"/>.
    /// A call that times out throws <see cref="WorkerTimeoutException"/> and stops the worker as hung, so every env
    /// on it is lost (the pool restarts the worker).
    /// </summary>
    public TimeSpan? RequestTimeout
    {
        get => _requestTimeout;
        set
        {
            if (value is { } timeout)
            {
                Supervision.Supervisor.ValidateTimeout(timeout, nameof(value));
            }

            _requestTimeout = value;
        }
    }

    /// <summary>Resets the env (seeded when <paramref name="seed"/> is given) and returns the first observation and info.</summary>
    public ResetResult Reset(long? seed = null, GymMap? options = null) =>
        Sync.Run((Env: this, Seed: seed, Options: options), static s => s.Env.ResetAsync(s.Seed, s.Options));

    /// <summary>Resets the env (see <see cref="Reset"/>).</summary>
    public async ValueTask<ResetResult> ResetAsync(long? seed = null, GymMap? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        using var reply = await WorkerRequests.Reset(_worker, _handle, seed, options, _requestTimeout, cancellationToken).ConfigureAwait(false);
        var reader = reply.CreateResultReader();
        reader.ReadArrayHeader();
        var observation = GymValueFormatter.Read(ref reader);
        var info = GymValueFormatter.Read(ref reader).AsMap();
        return new ResetResult(observation, info);
    }

    /// <summary>Steps with <paramref name="action"/>: an int for Discrete, an <see cref="NDArray"/> for Box, ...</summary>
    public StepResult Step(GymValue action) => Sync.Run((Env: this, Action: action), static s => s.Env.StepAsync(s.Action));

    /// <summary>Steps with <paramref name="action"/> (see <see cref="Step"/>): observation, reward, terminated, truncated, info.</summary>
    public async ValueTask<StepResult> StepAsync(GymValue action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        var started = Stopwatch.GetTimestamp();
        ThrowIfClosed();
        using var reply = await WorkerRequests.Step(_worker, _handle, action, _laneStep, _requestTimeout, cancellationToken).ConfigureAwait(false);
        var result = reply.IsLaneStep ? _laneStep!.ReadReply(reply) : ReadStepResult(reply);
        var elapsed = Stopwatch.GetElapsedTime(started);
        _worker.Counters.StepCompleted(elapsed);
        _metrics.SingleStepCompleted(Id, elapsed);
        return result;
    }

    private static StepResult ReadStepResult(Reply reply)
    {
        var reader = reply.CreateResultReader();
        reader.ReadArrayHeader();
        var observation = GymValueFormatter.Read(ref reader);
        var reward = reader.ReadDouble();
        var terminated = reader.ReadBoolean();
        var truncated = reader.ReadBoolean();
        var info = GymValueFormatter.Read(ref reader).AsMap();
        return new StepResult(observation, reward, terminated, truncated, info);
    }

    /// <summary>
    /// The current frame: an <see cref="NDArray"/> of uint8 (height × width × 3) for <c>rgb_array</c>,
    /// a string for <c>ansi</c>, a list of those for the <c>*_list</c> modes.
    /// </summary>
    public GymValue Render() => Sync.Run(this, static env => env.RenderAsync());

    /// <summary>The current frame (see <see cref="Render"/>).</summary>
    public ValueTask<GymValue> RenderAsync(CancellationToken cancellationToken = default) =>
        RequestValueAsync(WorkerOp.Render, cancellationToken);

    /// <summary>The transition model <c>P</c> of a toy-text env (FrozenLake, Taxi, CliffWalking).</summary>
    public TransitionTable GetTransitions() => Sync.Run(this, static env => env.GetTransitionsAsync());

    /// <summary>The transition model <c>P</c> of a toy-text env (see <see cref="GetTransitions"/>).</summary>
    public async ValueTask<TransitionTable> GetTransitionsAsync(CancellationToken cancellationToken = default) =>
        new((await RequestValueAsync(WorkerOp.Transitions, cancellationToken).ConfigureAwait(false)).AsMap());

    /// <summary>An action drawn by gymnasium's own sampler in the worker (<see cref="Space.Sample"/> samples locally).</summary>
    public GymValue SampleAction(long? seed = null) => Sync.Run((Env: this, Seed: seed), static s => s.Env.SampleActionAsync(s.Seed));

    /// <summary>An action drawn by gymnasium's sampler in the worker, seeded when <paramref name="seed"/> is given (see <see cref="SampleAction"/>).</summary>
    public async ValueTask<GymValue> SampleActionAsync(long? seed = null, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        using var reply = await WorkerRequests.Sample(_worker, _handle, seed, _requestTimeout, cancellationToken).ConfigureAwait(false);
        var reader = reply.CreateResultReader();
        return GymValueFormatter.Read(ref reader);
    }

    /// <summary>Whether the worker would accept <paramref name="value"/>: the blocking form of <see cref="ContainsAsync"/>.</summary>
    public bool Contains(SpaceRole space, GymValue value) =>
        Sync.Run((Env: this, Space: space, Value: value), static s => s.Env.ContainsAsync(s.Space, s.Value));

    /// <summary>
    /// Whether the worker would accept <paramref name="value"/> as a member of the space, after the
    /// same conversions <c>step</c> applies (lists to arrays, ints to floats). Works for every space,
    /// also those with no typed C# counterpart (<see cref="UnsupportedSpace"/>).
    /// </summary>
    public async ValueTask<bool> ContainsAsync(SpaceRole space, GymValue value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        ThrowIfClosed();
        using var reply = await WorkerRequests.Contains(_worker, _handle, space, value, _requestTimeout, cancellationToken).ConfigureAwait(false);
        var reader = reply.CreateResultReader();
        return reader.ReadBoolean();
    }

    /// <summary>Closes the env and waits for it: the blocking form of <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => Sync.Run(this, static env => env.DisposeAsync());

    /// <summary>Closes the env in its worker. Later calls throw <see cref="EnvClosedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        try
        {
            if (_worker.IsAlive)
            {
                using var reply = await WorkerRequests.Close(_worker, _handle).ConfigureAwait(false);
            }
        }
        catch (EnvLostException)
        {
            // The worker died: the env is gone either way.
        }
        finally
        {
            _worker.EnvRemoved();
            _metrics.EnvClosed(vector: false);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"RemoteEnv({Id}, worker {_worker.Index})";

    private async ValueTask<GymValue> RequestValueAsync(string op, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        using var reply = await WorkerRequests.OnHandle(_worker, op, _handle, _requestTimeout, cancellationToken).ConfigureAwait(false);
        var reader = reply.CreateResultReader();
        return GymValueFormatter.Read(ref reader);
    }

    private void ThrowIfClosed()
    {
        if (IsClosed)
        {
            throw new EnvClosedException($"{Id} was closed; make a new env.");
        }
    }
}
