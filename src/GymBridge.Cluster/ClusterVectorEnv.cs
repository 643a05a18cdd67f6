using System.Runtime.InteropServices;
using GymBridge.Cluster.Grains;
using GymBridge.Cluster.Wire;
using GymBridge.Errors;
using GymBridge.Spaces;
using GymBridge.Values;
using GymBridge.Vector;

namespace GymBridge.Cluster;

/// <summary>
/// N copies of an env spread over the cluster's silos and stepped as one, with <see cref="VectorEnv"/>'s API and
/// gymnasium's vector semantics (autoreset modes, infos with <c>_key</c> masks): a step is one grain call per silo
/// carrying that silo's slice of actions, stepped there by the silo's own shared-memory VectorEnv; the results are
/// gathered into one set of arrays here. Env i is env i of the silo slice whose range holds it (<see cref="Slices"/>).
/// Serves one caller at a time. When a silo dies its slice is lost: every later step throws <see cref="EnvLostException"/>.
/// </summary>
public sealed class ClusterVectorEnv : IVectorEnv
{
    private readonly (IVectorSliceGrain Grain, EnvDescription Description)[] _slices;
    private readonly int[] _starts;
    private readonly ArrayLayout? _actionLayout;
    private readonly ArrayLayout? _observationLayout;
    private readonly byte[] _actions;
    private readonly byte[] _observations;
    private readonly double[] _rewards;
    private readonly bool[] _terminated;
    private readonly bool[] _truncated;
    private readonly GymValue[]? _observationList;
    private readonly List<(int Env, GymMap Info)>[] _sliceInfos;
    private int _closed;

    internal ClusterVectorEnv(string id, AutoresetMode mode, (IVectorSliceGrain, EnvDescription)[] slices)
    {
        Id = id;
        AutoresetMode = mode;
        _slices = slices;
        _starts = new int[slices.Length];
        for (var k = 1; k < slices.Length; k++)
        {
            _starts[k] = _starts[k - 1] + slices[k - 1].Item2.NumEnvs;
        }

        NumEnvs = slices.Sum(s => s.Item2.NumEnvs);
        SingleActionSpace = Space.FromDescription(ClusterCodec.Decode(slices[0].Item2.ActionSpace));
        SingleObservationSpace = Space.FromDescription(ClusterCodec.Decode(slices[0].Item2.ObservationSpace));
        _actionLayout = ArrayLayout.For(SingleActionSpace);
        _observationLayout = ArrayLayout.For(SingleObservationSpace);
        _actions = new byte[NumEnvs * (_actionLayout?.ElementBytes ?? 0)];
        _observations = new byte[NumEnvs * (_observationLayout?.ElementBytes ?? 0)];
        _rewards = new double[NumEnvs];
        _terminated = new bool[NumEnvs];
        _truncated = new bool[NumEnvs];
        _observationList = _observationLayout is null ? Enumerable.Repeat(GymValue.None, NumEnvs).ToArray() : null;
        _sliceInfos = [.. slices.Select(_ => new List<(int, GymMap)>())];
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

    /// <summary>The env range each silo steps, in the order of <see cref="Silos"/>.</summary>
    public IReadOnlyList<Range> Slices => [.. _slices.Select((s, k) => new Range(_starts[k], _starts[k] + s.Description.NumEnvs))];

    /// <summary>The silo of each slice.</summary>
    public IReadOnlyList<string> Silos => [.. _slices.Select(s => s.Description.Silo)];

    /// <summary>One env's observation shape within <see cref="Observations{T}"/>.</summary>
    public IReadOnlyList<int> ObservationShape => ObservationLayout.ElementShape;

    /// <summary>The dtype of <see cref="Observations{T}"/>.</summary>
    public DType ObservationDType => ObservationLayout.DType;

    /// <summary>The infos of the last call, joined over all envs in gymnasium's vector format.</summary>
    public GymMap Infos { get; private set; } = GymMap.Empty;

    /// <summary>Per-env observations, for observation spaces that are not arrays.</summary>
    public IReadOnlyList<GymValue> ObservationList =>
        _observationList ?? throw new InvalidOperationException($"{SingleObservationSpace} observations are arrays: read Observations<T>().");

    /// <summary>Each env's reward of the last step.</summary>
    public ReadOnlySpan<double> Rewards => _rewards;

    /// <summary>Each env's terminated flag of the last step.</summary>
    public ReadOnlySpan<bool> Terminated => _terminated;

    /// <summary>Each env's truncated flag of the last step.</summary>
    public ReadOnlySpan<bool> Truncated => _truncated;

    private ArrayLayout ObservationLayout => _observationLayout
        ?? throw new InvalidOperationException($"{SingleObservationSpace} observations are not arrays: read ObservationList.");

    /// <summary>The action buffer, NumEnvs actions in a row, in the space's dtype (long for Discrete). Write, then <see cref="StepAsync(CancellationToken)"/>.</summary>
    public Span<T> Actions<T>()
        where T : unmanaged
    {
        var layout = _actionLayout
            ?? throw new InvalidOperationException($"{SingleActionSpace} actions are not arrays: pass them to StepAsync(actions).");
        CheckElementType<T>(layout.DType, "actions");
        return MemoryMarshal.Cast<byte, T>(_actions.AsSpan());
    }

    /// <summary>All observations, NumEnvs × <see cref="ObservationShape"/>, in the space's dtype.</summary>
    public ReadOnlySpan<T> Observations<T>()
        where T : unmanaged
    {
        CheckElementType<T>(ObservationLayout.DType, "observations");
        return MemoryMarshal.Cast<byte, T>(_observations.AsSpan());
    }

    /// <summary>
    /// Resets every env (env i seeded with seed + i, as gymnasium does), or with <paramref name="resetMask"/> only
    /// the envs it marks (for <see cref="AutoresetMode.Disabled"/>): <see cref="VectorEnv.ResetAsync"/>.
    /// </summary>
    public async ValueTask ResetAsync(long? seed = null, GymMap? options = null, bool[]? resetMask = null, CancellationToken cancellationToken = default)
    {
        if (resetMask is not null && resetMask.Length != NumEnvs)
        {
            throw new ArgumentException($"The reset mask needs {NumEnvs} entries, got {resetMask.Length}.", nameof(resetMask));
        }

        var encodedOptions = ClusterCodec.EncodeOptional(options);
        var selected = Enumerable.Range(0, _slices.Length)
            .Where(k => resetMask is null || resetMask.AsSpan(_starts[k], _slices[k].Description.NumEnvs).Contains(true))
            .ToArray();
        await RunAsync(selected, k => _slices[k].Grain.Reset(new VectorResetRequest(
            seed + _starts[k], encodedOptions, resetMask?.AsSpan(_starts[k], _slices[k].Description.NumEnvs).ToArray())), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Steps every env with the actions written in place (<see cref="Actions{T}"/>).</summary>
#pragma warning disable RS0026 // as VectorEnv: StepAsync() and StepAsync(actions) read as gymnasium's step
    public ValueTask StepAsync(CancellationToken cancellationToken = default) => StepAsync(null, cancellationToken);

    /// <summary>Steps every env with <paramref name="actions"/> (one per env), or with the actions written in place when null.</summary>
    public async ValueTask StepAsync(IReadOnlyList<GymValue>? actions, CancellationToken cancellationToken = default)
#pragma warning restore RS0026
    {
        if (actions is null && _actionLayout is null)
        {
            throw new InvalidOperationException($"{SingleActionSpace} actions are not arrays: pass them to StepAsync(actions).");
        }

        if (actions is not null && _actionLayout is not null)
        {
            throw new InvalidOperationException($"{SingleActionSpace} actions are arrays: write them into Actions<T>().");
        }

        if (actions is not null && actions.Count != NumEnvs)
        {
            throw new ArgumentException($"Expected {NumEnvs} actions, got {actions.Count}.", nameof(actions));
        }

        await RunAsync([.. Enumerable.Range(0, _slices.Length)], k =>
        {
            var count = _slices[k].Description.NumEnvs;
            var request = actions is null
                ? new VectorStepRequest(_actions.AsSpan(_starts[k] * _actionLayout!.ElementBytes, count * _actionLayout.ElementBytes).ToArray(), null)
                : new VectorStepRequest(null, ClusterCodec.Encode(GymValue.List([.. actions.Skip(_starts[k]).Take(count)])));
            return _slices[k].Grain.Step(request);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes every slice on its silo; slices already lost are left as they are.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        await Task.WhenAll(_slices.Select(async s =>
        {
            try
            {
                await ClusterCalls.Run(s.Grain.Close, What).ConfigureAwait(false);
            }
            catch (GymBridgeException)
            {
                // Its silo is gone, or the slice was closed: nothing left to close.
            }
        })).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => $"ClusterVectorEnv({Id} x{NumEnvs}, {_slices.Length} silos)";

    private string What => $"vector env {Id} x{NumEnvs}";

    /// <summary>Calls the slices <paramref name="sliceIndexes"/> at once, then gathers each reply into the arrays; the first failure is thrown once all have answered.</summary>
    private async Task RunAsync(int[] sliceIndexes, Func<int, Task<VectorSliceReply>> call, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _closed) == 1)
        {
            throw new EnvClosedException($"{this} was closed.");
        }

        var calls = sliceIndexes.Select(k => ClusterCalls.Run(() => call(k).WaitAsync(cancellationToken), What).AsTask()).ToArray();
        try
        {
            await Task.WhenAll(calls).ConfigureAwait(false);
        }
        catch
        {
            // Task.WhenAll's exception is the first failure; the library's typed one is what callers catch.
            throw calls.First(t => t.IsFaulted).Exception!.InnerException!;
        }

        for (var i = 0; i < sliceIndexes.Length; i++)
        {
            Gather(sliceIndexes[i], calls[i].Result);
        }

        var records = sliceIndexes.Order().SelectMany(k => _sliceInfos[k]).ToList();
        Infos = records.Count == 0 ? GymMap.Empty : VectorInfos.Build(records, NumEnvs);
    }

    private void Gather(int k, VectorSliceReply reply)
    {
        var start = _starts[k];
        if (reply.ObservationBytes is { } bytes)
        {
            bytes.CopyTo(_observations.AsSpan(start * _observationLayout!.ElementBytes));
        }
        else if (reply.ObservationList is { } list)
        {
            var observations = ClusterCodec.Decode(list).AsList();
            for (var i = 0; i < observations.Count; i++)
            {
                _observationList![start + i] = observations[i];
            }
        }

        reply.Rewards.CopyTo(_rewards, start);
        reply.Terminated.CopyTo(_terminated, start);
        reply.Truncated.CopyTo(_truncated, start);
        _sliceInfos[k].Clear();
        _sliceInfos[k].AddRange(ClusterCodec.DecodeInfoRecords(reply.InfoRecords, start));
    }

    private static void CheckElementType<T>(DType dtype, string what)
        where T : unmanaged
    {
        if (typeof(T) != dtype.ClrType)
        {
            throw new InvalidCastException($"The {what} are {dtype} ({dtype.ClrType.Name}), not {typeof(T).Name}.");
        }
    }
}
