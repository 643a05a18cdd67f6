using BenchmarkDotNet.Attributes;
using GymBridge.Envs;
using GymBridge.Vector;

namespace GymBridge.Benchmarks.Suite;

/// <summary>One library step against a real worker, per spin policy, and one 64-env vector step.</summary>
[MemoryDiagnoser]
public class StepBenchmarks
{
    private EnvPool _pool = null!;
    private RemoteEnv _env = null!;
    private VectorEnv _vector = null!;
    private long _steps;

    [Params(SpinPolicy.Auto, SpinPolicy.Never)]
    public SpinPolicy Spin { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _pool = await EnvPool.StartAsync(new GymBridgeOptions { SpinPolicy = Spin });
        _env = await _pool.MakeAsync("CartPole-v1");
        _env.Reset(seed: 0);
        _vector = await _pool.MakeVectorAsync("CartPole-v1", 64);
        _vector.Reset(seed: 0);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _vector.DisposeAsync();
        await _env.DisposeAsync();
        await _pool.DisposeAsync();
    }

    [Benchmark]
    public bool SingleStep()
    {
        var step = _env.Step(_steps++ & 1);
        if (step.Done)
        {
            _env.Reset();
        }

        return step.Done;
    }

    [Benchmark(OperationsPerInvoke = 64)]
    public double VectorStep64()
    {
        _vector.Actions<long>().Fill(_steps++ & 1);
        _vector.Step();
        return _vector.Rewards[0];
    }
}
