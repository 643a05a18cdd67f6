using GymBridge.SharedMemory;
using Xunit;

namespace GymBridge.Tests.SharedMemory;

public sealed class SpinGateTests : IDisposable
{
    private readonly string _stat = Path.GetTempFileName();

    public void Dispose() => File.Delete(_stat);

    [Fact]
    public void Procs_running_is_read_from_proc_stat_lines()
    {
        Assert.Equal(3, RunnableThreads.Parse(["cpu  1 2 3", "procs_running 3", "procs_blocked 0"]));
        Assert.Equal(0, RunnableThreads.Parse(["cpu  1 2 3"]));
        Assert.Equal(0, RunnableThreads.Parse(["procs_running x"]));
    }

    [Fact]
    public void Auto_spins_while_each_busy_lane_has_two_cores_and_the_machine_has_room()
    {
        WriteRunnable(2);
        var gate = new SpinGate(SpinPolicy.Auto, TimeSpan.FromMicroseconds(200), new RunnableThreads(_stat), cores: 4);
        Assert.True(gate.Enter());
        Assert.True(gate.Enter());
        Assert.False(gate.Enter()); // three busy lanes want six cores
        gate.Leave();
        gate.Leave();
        gate.Leave();
    }

    [Fact]
    public void Auto_stops_spinning_when_other_processes_fill_the_cores()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // procs_running is read on Linux only; elsewhere the lanes alone decide
        }

        WriteRunnable(5);
        var gate = new SpinGate(SpinPolicy.Auto, TimeSpan.FromMicroseconds(200), new RunnableThreads(_stat), cores: 4);
        Assert.False(gate.Enter());
        gate.Leave();
    }

    [Fact]
    public void Always_and_Never_ignore_the_load()
    {
        WriteRunnable(50);
        var machine = new RunnableThreads(_stat);
        Assert.True(new SpinGate(SpinPolicy.Always, TimeSpan.Zero, machine, cores: 2).Enter());
        Assert.False(new SpinGate(SpinPolicy.Never, TimeSpan.Zero, machine, cores: 2).Enter());
    }

    private void WriteRunnable(int count) => File.WriteAllLines(_stat, ["cpu  1 2 3", $"procs_running {count}"]);
}
