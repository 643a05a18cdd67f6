using GymBridge.SharedMemory;
using Xunit;

namespace GymBridge.Tests.SharedMemory;

public sealed class SpinGateTests
{
    private static readonly TimeSpan Spin = TimeSpan.FromMicroseconds(200);
    private static readonly int Spinners = Environment.ProcessorCount / 2;

    [Fact]
    public void Auto_spins_while_each_busy_lane_leaves_two_cores()
    {
        var gate = new SpinGate(SpinPolicy.Auto, Spin);
        for (var i = 0; i < Spinners; i++)
        {
            Assert.True(gate.Enter());
        }

        Assert.False(gate.Enter());
        gate.Leave();
        gate.Leave();
        Assert.True(gate.Enter());
        Assert.True(gate.WorkerMaySpin);
    }

    [Fact]
    public void Caller_only_counts_pipe_requests_too_and_never_lets_workers_spin()
    {
        var gate = new SpinGate(SpinPolicy.CallerOnly, Spin, queuedWork: () => 0);
        Assert.False(gate.WorkerMaySpin);
        for (var i = 0; i < Spinners; i++)
        {
            gate.EnterPipe();
        }

        Assert.False(gate.Enter());
        gate.Leave();
        gate.LeavePipe();
        Assert.True(gate.Enter());
    }

    [Fact]
    public void Caller_only_does_not_spin_while_work_waits_for_a_thread()
    {
        long queued = 3;
        var gate = new SpinGate(SpinPolicy.CallerOnly, Spin, queuedWork: () => queued);
        Assert.False(gate.Enter());
        gate.Leave();
        queued = 0;
        Assert.True(gate.Enter());
    }

    [Fact]
    public void Always_spins_and_never_does_not_however_many_lanes_are_busy()
    {
        var always = new SpinGate(SpinPolicy.Always, Spin);
        var never = new SpinGate(SpinPolicy.Never, Spin);
        for (var i = 0; i < Environment.ProcessorCount * 4; i++)
        {
            Assert.True(always.Enter());
            Assert.False(never.Enter());
        }

        Assert.True(always.WorkerMaySpin);
    }
}
