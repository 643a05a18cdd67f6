using System.Diagnostics;
using System.Runtime.InteropServices;
using GymBridge.Diagnostics;
using GymBridge.Errors;
using GymBridge.Protocol;
using GymBridge.Spaces;
using GymBridge.Values;
using GymBridge.Workers;

namespace GymBridge.Vector;

/// <summary>
/// N copies of an env spread over the pool's workers, stepped as one, with gymnasium's vector
/// semantics (<see cref="Vector.AutoresetMode"/>). For array spaces, actions are written into
/// <see cref="Actions{T}"/> and results read from <see cref="Observations{T}"/>, <see cref="Rewards"/>,
/// <see cref="Terminated"/> and <see cref="Truncated"/>: spans over memory the workers write into, not
/// copies, valid until the next call. Other spaces travel serialized (<see cref="ObservationList"/>).
/// Like a gymnasium env, it serves one caller at a time.
/// </summary>
public sealed class VectorEnv : IVectorEnv, IDisposable
{
    private readonly VectorSlice[] _slices;
    private readonly int[] _allSlices;
    private readonly VectorBuffers _buffers;
    private readonly WorkerCall[] _calls;
    private readonly bool[] _inFlight;
    private readonly Task<Reply>?[] _endTasks;
    private readonly List<(int Env, GymMap Info)>[] _sliceInfos;
    private readonly GymValue[]? _observationList;
    private readonly TimeSpan _spinTime;
    private readonly PoolMetrics _metrics;
    private IEnumerable<int> _lastSlices = [];
    private int _closed;

    internal VectorEnv(string id, AutoresetMode mode, Space actionSpace, Space observationSpace, VectorSlice[] slices, VectorBuffers buffers, TimeSpan spinTime, PoolMetrics metrics)
    {
        Id = id;
        AutoresetMode = mode;
        SingleActionSpace = actionSpace;
        SingleObservationSpace = observationSpace;
        _slices = slices;
        _allSlices = [.. Enumerable.Range(0, slices.Length)];
        _buffers = buffers;
        _spinTime = spinTime;
        NumEnvs = slices.Sum(s => s.Count);
        _calls = new WorkerCall[slices.Length];
        _inFlight = new bool[slices.Length];
        _endTasks = new Task<Reply>?[slices.Length];
        _sliceInfos = [.. slices.Select(_ => new List<(int, GymMap)>())];
        _observationList = buffers.ObservationLayout is null ? Enumerable.Repeat(GymValue.None, NumEnvs).ToArray() : null;
        _metrics = metrics;
        metrics.EnvOpened(vector: true);
    }

    /// <summary>The env id every copy was made from.</summary>
    public string Id { get; }

    /// <summary>How many copies step as one.</summary>
    public int NumEnvs { get; }

    /// <summary>When a finished env resets (gymnasium's autoreset modes).</summary>
    public AutoresetMode AutoresetMode { get; }

    /// <summary>The action space of one env.</summary>
    public Space SingleActionSpace { get; }

    /// <summary>The observation space of one env.</summary>
    public Space SingleObservationSpace { get; }

    /// <summary>Which envs each worker slice steps as one batch: the groups <see cref="SendAsync"/> takes.</summary>
    public IReadOnlyList<Range> Slices => [.. _slices.Select(s => new Range(s.Start, s.Start + s.Count))];

    /// <summary>One env's observation shape within <see cref="Observations{T}"/> (which holds NumEnvs of them).</summary>
    public IReadOnlyList<int> ObservationShape => ObservationLayout.ElementShape;

    /// <summary>The dtype of <see cref="Observations{T}"/>.</summary>
    public DType ObservationDType => ObservationLayout.DType;

    /// <summary>The infos of the last call, joined over all envs in gymnasium's vector format (values and <c>_key</c> masks).</summary>
    public GymMap Infos { get; private set; } = GymMap.Empty;

    /// <summary>Per-env observations, for observation spaces that are not arrays (Tuple, Dict, Text...).</summary>
    public IReadOnlyList<GymValue> ObservationList =>
        _observationList ?? throw new InvalidOperationException($"{SingleObservationSpace} observations are arrays: read Observations<T>().");

    /// <summary>Each env's reward of the last step, in shared memory.</summary>
    public ReadOnlySpan<double> Rewards => _buffers.Rewards;

    /// <summary>Each env's terminated flag of the last step, in shared memory.</summary>
    public ReadOnlySpan<bool> Terminated => _buffers.Terminated;

    /// <summary>Each env's truncated flag of the last step, in shared memory.</summary>
    public ReadOnlySpan<bool> Truncated => _buffers.Truncated;

    /// <summary>The action buffer as bytes (GymBridge.Cluster copies a silo's slice of actions in here).</summary>
    internal Span<byte> ActionBytes => _buffers.ActionBytes;

    /// <summary>The observation buffer as bytes.</summary>
    internal ReadOnlySpan<byte> ObservationBytes => _buffers.ObservationBytes;

    /// <summary>Whether observations are arrays in the shared buffer (else <see cref="ObservationList"/>).</summary>
    internal bool HasArrayObservations => _buffers.ObservationLayout is not null;

    /// <summary>Each env's own info of the last call, (env index, info) in gymnasium's joining order: what <see cref="Infos"/> was built from.</summary>
    internal IEnumerable<(int Env, GymMap Info)> LastInfoRecords => _lastSlices.Order().SelectMany(k => _sliceInfos[k]);

    private ArrayLayout ObservationLayout => _buffers.ObservationLayout
        ?? throw new InvalidOperationException($"{SingleObservationSpace} observations are not arrays: read ObservationList.");

    /// <summary>The action buffer, NumEnvs actions in a row, in the space's dtype (long for Discrete). Write, then <see cref="Step()"/>.</summary>
    public Span<T> Actions<T>()
        where T : unmanaged
    {
        var layout = _buffers.ActionLayout
            ?? throw new InvalidOperationException($"{SingleActionSpace} actions are not arrays: pass them to Step(IReadOnlyList<GymValue>).");
        CheckElementType<T>(layout.DType, "actions");
        return MemoryMarshal.Cast<byte, T>(_buffers.ActionBytes);
    }

    /// <summary>All observations, NumEnvs × <see cref="ObservationShape"/>, in the space's dtype.</summary>
    public ReadOnlySpan<T> Observations<T>()
        where T : unmanaged
    {
        CheckElementType<T>(ObservationLayout.DType, "observations");
        return MemoryMarshal.Cast<byte, T>(_buffers.ObservationBytes);
    }

    /// <summary>Resets every env, or those of <paramref name="resetMask"/> (seeded <c>seed, seed + 1, ...</c> when <paramref name="seed"/> is given).</summary>
    public void Reset(long? seed = null, GymMap? options = null, bool[]? resetMask = null) =>
        Sync.Run((Vector: this, Seed: seed, Options: options, Mask: resetMask), static s => s.Vector.ResetAsync(s.Seed, s.Options, s.Mask));

    /// <summary>
    /// Resets every env (env i seeded with seed + i, as gymnasium does), or with <paramref name="resetMask"/>
    /// only the envs it marks (for <see cref="AutoresetMode.Disabled"/>).
    /// </summary>
    public async ValueTask ResetAsync(long? seed = null, GymMap? options = null, bool[]? resetMask = null, CancellationToken cancellationToken = default)
    {
        if (resetMask is not null && resetMask.Length != NumEnvs)
        {
            throw new ArgumentException($"The reset mask needs {NumEnvs} entries, got {resetMask.Length}.", nameof(resetMask));
        }

        var selected = Enumerable.Range(0, _slices.Length)
            .Where(k => resetMask is null || resetMask.AsSpan(_slices[k].Start, _slices[k].Count).Contains(true))
            .ToArray();
        await RunAsync(selected, new VectorSliceRequest(_slices[0], null, IsReset: true, seed, options, resetMask), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Steps every env with the actions in <see cref="Actions{T}"/>.</summary>
    public void Step() => Sync.Run(this, static vector => vector.StepAsync());

    /// <summary>Copies <paramref name="actions"/> into the action buffer and steps.</summary>
    public void Step<T>(ReadOnlySpan<T> actions)
        where T : unmanaged
    {
        var buffer = Actions<T>();
        if (actions.Length != buffer.Length)
        {
            throw new ArgumentException($"Expected {buffer.Length} action elements for {NumEnvs} envs, got {actions.Length}.", nameof(actions));
        }

        actions.CopyTo(buffer);
        Step();
    }

    /// <summary>Steps with one action per env, for action spaces that are not arrays.</summary>
    public void Step(IReadOnlyList<GymValue> actions) => Sync.Run((Vector: this, Actions: actions), static s => s.Vector.StepAsync(s.Actions));

    /// <summary>Steps every env with the actions written in place (<see cref="Actions{T}"/>).</summary>
#pragma warning disable RS0026 // two overloads with an optional token: StepAsync() and StepAsync(actions) read as gymnasium's step, and both shipped together
    public ValueTask StepAsync(CancellationToken cancellationToken = default) => StepAsync(null, cancellationToken);

    /// <summary>Steps every env with <paramref name="actions"/> (one per env), or with the actions written in place when null.</summary>
    public async ValueTask StepAsync(IReadOnlyList<GymValue>? actions, CancellationToken cancellationToken = default)
#pragma warning restore RS0026
    {
        var serializedActions = CheckSerializedActions(actions);
        var started = Stopwatch.GetTimestamp();
        await RunAsync(_allSlices, new VectorSliceRequest(_slices[0], serializedActions, IsReset: false, null, null, null), cancellationToken).ConfigureAwait(false);
        _metrics.VectorStepCompleted(Id, NumEnvs, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Starts stepping the envs <paramref name="envIds"/>: the blocking form of <see cref="SendAsync"/> (it waits only for the sending).</summary>
    public void Send(IReadOnlyCollection<int> envIds) => Sync.Run((Vector: this, EnvIds: envIds), static s => s.Vector.SendAsync(s.EnvIds));

    /// <summary>Waits for at least <paramref name="batchSize"/> envs to finish: the blocking form of <see cref="RecvAsync"/>.</summary>
    public int[] Recv(int batchSize) => Sync.Run((Vector: this, BatchSize: batchSize), static s => s.Vector.RecvAsync(s.BatchSize));

    /// <summary>
    /// Starts stepping the envs <paramref name="envIds"/> (whole <see cref="Slices"/>, as <see cref="RecvAsync"/>
    /// returns them) with their actions in <see cref="Actions{T}"/>, without waiting: EnvPool's asynchronous API.
    /// </summary>
    public async ValueTask SendAsync(IReadOnlyCollection<int> envIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envIds);
        ThrowIfClosed();
        if (_buffers.ActionLayout is null)
        {
            throw new InvalidOperationException($"{SingleActionSpace} actions are not arrays; use StepAsync(actions).");
        }

        foreach (var k in SlicesCoveredBy(envIds))
        {
            _calls[k] = await WorkerRequests.BeginVector(new VectorSliceRequest(_slices[k], null, IsReset: false, null, null, null), cancellationToken).ConfigureAwait(false);
            _inFlight[k] = true;
        }
    }

    /// <summary>
    /// Waits until slices holding at least <paramref name="batchSize"/> envs have finished stepping, and
    /// returns those envs' ids; their results are in the shared spans, so a learner never waits for the slowest env.
    /// </summary>
    public async ValueTask<int[]> RecvAsync(int batchSize, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        var pending = Enumerable.Range(0, _slices.Length).Where(k => _inFlight[k]).ToList();
        var inFlightEnvs = pending.Sum(k => _slices[k].Count);
        if (batchSize < 1 || batchSize > inFlightEnvs)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"{inFlightEnvs} envs are in flight; ask for 1 to {inFlightEnvs}.");
        }

        var done = new List<int>();
        var spinStart = Stopwatch.GetTimestamp();
        var spinner = default(SpinWait);
        while (done.Sum(k => _slices[k].Count) < batchSize)
        {
            foreach (var k in pending.ToList())
            {
                if (_endTasks[k]?.IsCompleted ?? _calls[k].IsReplyReady)
                {
                    await FinishAsync(k, cancellationToken).ConfigureAwait(false);
                    pending.Remove(k);
                    done.Add(k);
                }
            }

            if (done.Sum(k => _slices[k].Count) >= batchSize)
            {
                break;
            }

            if (Stopwatch.GetElapsedTime(spinStart) < _spinTime)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            // Spun long enough: wait, without spinning, for whichever slice answers first.
            foreach (var k in pending)
            {
                _endTasks[k] ??= _slices[k].Worker.EndAsync(_calls[k], cancellationToken, spin: false).AsTask();
            }

            await Task.WhenAny(pending.Select(k => _endTasks[k]!)).ConfigureAwait(false);
        }

        Infos = JoinInfos(done);
        var envs = done.SelectMany(k => Enumerable.Range(_slices[k].Start, _slices[k].Count)).ToArray();
        _metrics.VectorStepCompleted(Id, envs.Length, elapsed: null);
        return envs;
    }

    /// <summary>Collects slice <paramref name="k"/>'s reply (its end task's, if it has one) and marks it idle.</summary>
    private async ValueTask FinishAsync(int k, CancellationToken cancellationToken)
    {
        try
        {
            var task = _endTasks[k];
            using var reply = task is null
                ? await _slices[k].Worker.EndAsync(_calls[k], cancellationToken, spin: false).ConfigureAwait(false)
                : await task.ConfigureAwait(false);
            ReadSliceReply(k, reply);
        }
        finally
        {
            _endTasks[k] = null;
            _inFlight[k] = false;
        }
    }

    /// <summary>Closes every slice and waits for it: the blocking form of <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => Sync.Run(this, static vector => vector.DisposeAsync());

    /// <summary>Closes every slice in its worker and releases the shared buffers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        for (var k = 0; k < _slices.Length; k++)
        {
            var slice = _slices[k];
            try
            {
                if (_inFlight[k])
                {
                    await FinishAsync(k, CancellationToken.None).ConfigureAwait(false);
                }

                if (slice.Worker.IsAlive)
                {
                    using var reply = await WorkerRequests.Close(slice.Worker, slice.Handle).ConfigureAwait(false);
                }
            }
            catch (GymBridgeException)
            {
                // The slice's worker died or the slice failed: it is gone either way.
            }
            finally
            {
                slice.Worker.EnvRemoved();
            }
        }

        _buffers.Dispose();
        _metrics.EnvClosed(vector: true);
    }

    /// <inheritdoc />
    public override string ToString() => $"VectorEnv({Id} x{NumEnvs}, {_slices.Length} slices)";

    /// <summary>After the slices were made, mapped and counted by their workers.</summary>
    internal static async Task<VectorEnv> AttachAsync(
        string id, AutoresetMode mode, Space actionSpace, Space observationSpace, VectorSlice[] slices, VectorBuffers buffers, TimeSpan spinTime, PoolMetrics metrics, CancellationToken cancellationToken)
    {
        await Task.WhenAll(slices.Select(async slice =>
        {
            using var reply = await WorkerRequests.VectorAttach(slice.Worker, slice.Handle, buffers.DescribeSlice(slice.Start, slice.Count), cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);
        buffers.Unlink();
        return new VectorEnv(id, mode, actionSpace, observationSpace, slices, buffers, spinTime, metrics);
    }

    private async ValueTask RunAsync(int[] sliceIndexes, VectorSliceRequest template, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        if (_inFlight.Contains(true))
        {
            throw new InvalidOperationException("Steps sent with SendAsync are still in flight; RecvAsync them first.");
        }

        // Publish to every worker before waiting on any, so the slices step in parallel.
        var begun = 0;
        Exception? failure = null;
        try
        {
            for (; begun < sliceIndexes.Length; begun++)
            {
                var k = sliceIndexes[begun];
                _calls[k] = await WorkerRequests.BeginVector(template with { Slice = _slices[k] }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is GymBridgeException or OperationCanceledException)
        {
            failure = error;
        }

        for (var i = 0; i < begun; i++)
        {
            var k = sliceIndexes[i];
            try
            {
                using var reply = await _slices[k].Worker.EndAsync(_calls[k], cancellationToken).ConfigureAwait(false);
                ReadSliceReply(k, reply);
            }
            catch (Exception error) when (error is GymBridgeException or OperationCanceledException)
            {
                failure ??= error;
            }
        }

        if (failure is not null)
        {
            throw failure;
        }

        Infos = JoinInfos(sliceIndexes);
    }

    private void ReadSliceReply(int k, Reply reply)
    {
        var reader = reply.CreateResultReader();
        reader.ReadArrayHeader();
        if (reader.TryReadNil())
        {
            // Array observations are already in the shared buffer.
        }
        else
        {
            var observations = GymValueFormatter.Read(ref reader).AsList();
            for (var i = 0; i < observations.Count; i++)
            {
                _observationList![_slices[k].Start + i] = observations[i];
            }
        }

        var records = _sliceInfos[k];
        records.Clear();
        foreach (var record in GymValueFormatter.Read(ref reader).AsList())
        {
            records.Add((_slices[k].Start + record[0].AsInt32(), record[1].AsMap()));
        }
    }

    private GymMap JoinInfos(IEnumerable<int> sliceIndexes)
    {
        _lastSlices = sliceIndexes;
        var records = sliceIndexes.Order().SelectMany(k => _sliceInfos[k]);
        return _sliceInfos.All(r => r.Count == 0) ? GymMap.Empty : VectorInfos.Build(records, NumEnvs);
    }

    private List<int> SlicesCoveredBy(IReadOnlyCollection<int> envIds)
    {
        var covered = new int[_slices.Length];
        foreach (var id in envIds.Distinct())
        {
            var k = Array.FindIndex(_slices, s => id >= s.Start && id < s.Start + s.Count);
            if (k < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(envIds), $"Env id {id} is not in 0..{NumEnvs - 1}.");
            }

            covered[k]++;
        }

        var slices = new List<int>();
        for (var k = 0; k < _slices.Length; k++)
        {
            if (covered[k] == 0)
            {
                continue;
            }

            if (covered[k] != _slices[k].Count)
            {
                throw new ArgumentException($"Envs are sent by slice: {_slices[k].Start}..{_slices[k].Start + _slices[k].Count - 1} go together (see Slices).", nameof(envIds));
            }

            if (_inFlight[k])
            {
                throw new InvalidOperationException($"Envs {_slices[k].Start}..{_slices[k].Start + _slices[k].Count - 1} are still in flight; RecvAsync them first.");
            }

            slices.Add(k);
        }

        return slices;
    }

    private IReadOnlyList<GymValue>? CheckSerializedActions(IReadOnlyList<GymValue>? actions)
    {
        if (actions is null)
        {
            return _buffers.ActionLayout is null
                ? throw new InvalidOperationException($"{SingleActionSpace} actions are not arrays: pass them to StepAsync(actions).")
                : null;
        }

        if (_buffers.ActionLayout is not null)
        {
            throw new InvalidOperationException($"{SingleActionSpace} actions are arrays: write them into Actions<T>().");
        }

        return actions.Count == NumEnvs ? actions : throw new ArgumentException($"Expected {NumEnvs} actions, got {actions.Count}.", nameof(actions));
    }

    private static void CheckElementType<T>(DType dtype, string what)
        where T : unmanaged
    {
        if (typeof(T) != dtype.ClrType)
        {
            throw new InvalidCastException($"The {what} are {dtype} ({dtype.ClrType.Name}), not {typeof(T).Name}.");
        }
    }

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closed) == 1)
        {
            throw new EnvClosedException($"{this} was closed.");
        }
    }
}
