using GymBridge.Envs;
using GymBridge.Protocol;
using GymBridge.SharedMemory;
using GymBridge.Values;
using GymBridge.Vector;
using MessagePack;

namespace GymBridge.Workers;

/// <summary>
/// Every request the supervisor sends a worker, each op's args written in one place (docs/protocol.md,
/// "Operations"), as Npgsql keeps its frontend messages. The writers are static and take their arguments as a
/// state value, so a request allocates no closure.
/// </summary>
internal static class WorkerRequests
{
    public static ValueTask<Reply> Hello(Worker worker, CancellationToken cancellationToken) =>
        worker.RequestAsync(WorkerOp.Hello, WorkerOp.ProtocolVersion, static (ref MessagePackWriter w, int version) =>
        {
            w.WriteMapHeader(1);
            w.Write("protocol");
            w.Write(version);
        }, cancellationToken);

    public static ValueTask<Reply> Shutdown(Worker worker, TimeSpan timeout) =>
        worker.RequestAsync<object?>(WorkerOp.Shutdown, null, null, CancellationToken.None, timeout);

    public static ValueTask<Reply> LaneOpen(Worker worker, WorkerLane lane, CancellationToken cancellationToken) =>
        worker.RequestAsync(WorkerOp.LaneOpen, lane, static (ref MessagePackWriter w, WorkerLane lane) =>
        {
            w.WriteMapHeader(4);
            w.Write("path");
            w.Write(lane.Address);
            w.Write("size");
            w.Write(WorkerLane.Size);
            w.Write("request_capacity");
            w.Write(WorkerLane.RequestCapacity);
            w.Write("wake");
            w.Write(Futex.IsSupported ? "futex" : "pipe");
        }, cancellationToken);

    public static ValueTask<Reply> ListEnvs(Worker worker, CancellationToken cancellationToken) =>
        worker.RequestAsync<object?>(WorkerOp.ListEnvs, null, null, cancellationToken);

    public static ValueTask<Reply> Make(Worker worker, string envId, MakeOptions options, CancellationToken cancellationToken) =>
        worker.RequestAsync(WorkerOp.Make, (EnvId: envId, Options: options), static (ref MessagePackWriter w, (string EnvId, MakeOptions Options) s) =>
            WriteMakeArgs(ref w, s.EnvId, s.Options), cancellationToken);

    public static ValueTask<Reply> MakeVector(Worker worker, string envId, int count, VectorOptions options, CancellationToken cancellationToken) =>
        worker.RequestAsync(WorkerOp.MakeVector, (EnvId: envId, Count: count, Options: options), static (ref MessagePackWriter w, (string EnvId, int Count, VectorOptions Options) s) =>
        {
            w.WriteMapHeader(3);
            w.Write("num_envs");
            w.Write(s.Count);
            w.Write("autoreset_mode");
            w.Write(s.Options.AutoresetMode.ToString());
            w.Write("make");
            WriteMakeArgs(ref w, s.EnvId, s.Options.Make);
        }, cancellationToken);

    /// <summary>Closes a single env or a vector slice.</summary>
    public static ValueTask<Reply> Close(Worker worker, long handle) =>
        worker.RequestAsync(WorkerOp.Close, handle, WriteHandle, CancellationToken.None);

    public static ValueTask<Reply> Reset(Worker worker, long handle, long? seed, GymMap? options, TimeSpan? timeout, CancellationToken cancellationToken) =>
        worker.RequestAsync(WorkerOp.Reset, (Handle: handle, Seed: seed, Options: options), static (ref MessagePackWriter w, (long Handle, long? Seed, GymMap? Options) s) =>
        {
            w.WriteMapHeader(3);
            w.Write("handle");
            w.Write(s.Handle);
            w.Write("seed");
            WriteOptional(ref w, s.Seed);
            w.Write("options");
            GymValueFormatter.Write(ref w, s.Options ?? GymValue.None);
        }, cancellationToken, timeout);

    /// <summary>A step, in the lane's fixed layout when <paramref name="laneStep"/> takes it (docs/protocol.md, "Lane steps").</summary>
    public static ValueTask<Reply> Step(Worker worker, long handle, GymValue action, LaneStep? laneStep, TimeSpan? timeout, CancellationToken cancellationToken) =>
        worker.RequestAsync(WorkerOp.Step, (Handle: handle, Action: action, Lane: laneStep), WriteStep, cancellationToken, timeout, laneStep is null ? null : WriteLaneStep);

    /// <summary>An op whose only arg is the env's handle: render, transitions.</summary>
    public static ValueTask<Reply> OnHandle(Worker worker, string op, long handle, TimeSpan? timeout, CancellationToken cancellationToken) =>
        worker.RequestAsync(op, handle, WriteHandle, cancellationToken, timeout);

    public static ValueTask<Reply> Sample(Worker worker, long handle, long? seed, TimeSpan? timeout, CancellationToken cancellationToken) =>
        worker.RequestAsync(WorkerOp.Sample, (Handle: handle, Seed: seed), static (ref MessagePackWriter w, (long Handle, long? Seed) s) =>
        {
            w.WriteMapHeader(s.Seed is null ? 2 : 3);
            w.Write("handle");
            w.Write(s.Handle);
            w.Write("space");
            w.Write("action");
            if (s.Seed is { } seed)
            {
                w.Write("seed");
                w.Write(seed);
            }
        }, cancellationToken, timeout);

    public static ValueTask<Reply> Contains(Worker worker, long handle, SpaceRole space, GymValue value, TimeSpan? timeout, CancellationToken cancellationToken) =>
        worker.RequestAsync(WorkerOp.Contains, (Handle: handle, Space: space, Value: value), static (ref MessagePackWriter w, (long Handle, SpaceRole Space, GymValue Value) s) =>
        {
            w.WriteMapHeader(3);
            w.Write("handle");
            w.Write(s.Handle);
            w.Write("space");
            w.Write(s.Space == SpaceRole.Action ? "action" : "observation");
            w.Write("value");
            GymValueFormatter.Write(ref w, s.Value);
        }, cancellationToken, timeout);

    public static ValueTask<Reply> VectorAttach(Worker worker, long handle, GymMap shared, CancellationToken cancellationToken) =>
        worker.RequestAsync(WorkerOp.VectorAttach, (Handle: handle, Shared: shared), static (ref MessagePackWriter w, (long Handle, GymMap Shared) s) =>
        {
            w.WriteMapHeader(2);
            w.Write("handle");
            w.Write(s.Handle);
            w.Write("shared");
            GymValueFormatter.Write(ref w, s.Shared);
        }, cancellationToken);

    /// <summary>Starts a vector slice's step or reset; collect it with <see cref="Worker.EndAsync"/>.</summary>
    public static ValueTask<WorkerCall> BeginVector(VectorSliceRequest request, CancellationToken cancellationToken) =>
        request.Slice.Worker.BeginAsync(request.IsReset ? WorkerOp.VectorReset : WorkerOp.VectorStep, request, WriteVectorArgs, cancellationToken);

    private static void WriteVectorArgs(ref MessagePackWriter w, VectorSliceRequest r)
    {
        var slice = r.Slice;
        w.WriteMapHeader(r.IsReset ? 3 : (r.Actions is null ? 1 : 2));
        w.Write("handle");
        w.Write(slice.Handle);
        if (!r.IsReset)
        {
            if (r.Actions is { } actions)
            {
                w.Write("actions");
                w.WriteArrayHeader(slice.Count);
                for (var i = 0; i < slice.Count; i++)
                {
                    GymValueFormatter.Write(ref w, actions[slice.Start + i]);
                }
            }

            return;
        }

        w.Write("seed");
        WriteOptional(ref w, r.Seed + slice.Start);
        w.Write("options");
        var options = r.Options?.Entries ?? [];
        w.WriteMapHeader(options.Count + (r.Mask is null ? 0 : 1));
        foreach (var (key, value) in options)
        {
            GymValueFormatter.Write(ref w, key);
            GymValueFormatter.Write(ref w, value);
        }

        if (r.Mask is { } mask)
        {
            w.Write("reset_mask");
            w.WriteArrayHeader(slice.Count);
            foreach (var reset in mask.AsSpan(slice.Start, slice.Count))
            {
                w.Write(reset);
            }
        }
    }

    /// <summary>The args of gymnasium.make: env_id, kwargs, render_mode, max_episode_steps.</summary>
    private static void WriteMakeArgs(ref MessagePackWriter w, string envId, MakeOptions options)
    {
        w.WriteMapHeader(4);
        w.Write("env_id");
        w.Write(envId);
        w.Write("kwargs");
        w.WriteMapHeader(options.Kwargs.Count);
        foreach (var (key, value) in options.Kwargs)
        {
            w.Write(key);
            GymValueFormatter.Write(ref w, value);
        }

        w.Write("render_mode");
        w.Write(options.RenderMode);
        w.Write("max_episode_steps");
        WriteOptional(ref w, options.MaxEpisodeSteps);
    }

    private static void WriteStep(ref MessagePackWriter w, (long Handle, GymValue Action, LaneStep? Lane) s)
    {
        w.WriteMapHeader(2);
        w.Write("handle");
        w.Write(s.Handle);
        w.Write("action");
        GymValueFormatter.Write(ref w, s.Action);
    }

    private static int WriteLaneStep(Span<byte> area, uint id, (long Handle, GymValue Action, LaneStep? Lane) s) =>
        s.Lane!.WriteRequest(area, id, s.Handle, s.Action);

    private static void WriteHandle(ref MessagePackWriter w, long handle)
    {
        w.WriteMapHeader(1);
        w.Write("handle");
        w.Write(handle);
    }

    /// <summary>The value, or nil for "not given" (Python's None).</summary>
    private static void WriteOptional(ref MessagePackWriter w, long? value)
    {
        if (value is { } present)
        {
            w.Write(present);
        }
        else
        {
            w.WriteNil();
        }
    }
}

/// <summary>A vector slice's step (with <paramref name="Actions"/> when they are not in shared memory) or reset.</summary>
internal readonly record struct VectorSliceRequest(VectorSlice Slice, IReadOnlyList<GymValue>? Actions, bool IsReset, long? Seed, GymMap? Options, bool[]? Mask);
