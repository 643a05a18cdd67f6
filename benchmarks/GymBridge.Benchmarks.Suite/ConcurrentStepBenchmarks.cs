using BenchmarkDotNet.Attributes;
using GymBridge.Envs;

namespace GymBridge.Benchmarks.Suite;

/// <summary>
/// Eight callers stepping at once, as the REST host's 8-client case does (its default <see cref="SpinPolicy.CallerOnly"/>):
/// with two workers most requests find the lane taken and go over the pipe. Allocated bytes are per step.
/// </summary>
[MemoryDiagnoser]
public class ConcurrentStepBenchmarks
{
    private const int Callers = 8;
    private readonly ValueTask<StepResult>[] _steps = new ValueTask<StepResult>[Callers];
    private EnvPool _pool = null!;
    private RemoteEnv[] _envs = [];
    private long _round;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _pool = await EnvPool.StartAsync(new GymBridgeOptions { SpinPolicy = SpinPolicy.CallerOnly });
        _envs = new RemoteEnv[Callers];
        for (var i = 0; i < Callers; i++)
        {
            _envs[i] = await _pool.MakeAsync("CartPole-v1");
            await _envs[i].ResetAsync(seed: i);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var env in _envs)
        {
            await env.DisposeAsync();
        }

        await _pool.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = Callers)]
    public async Task EightConcurrentSteps()
    {
        var action = _round++ & 1;

        // Each stored ValueTask is awaited exactly once, below; AsTask would add the allocation being measured.
#pragma warning disable CA2012
        for (var i = 0; i < Callers; i++)
        {
            _steps[i] = _envs[i].StepAsync(action);
        }
#pragma warning restore CA2012

        for (var i = 0; i < Callers; i++)
        {
            if ((await _steps[i]).Done)
            {
                await _envs[i].ResetAsync();
            }
        }
    }
}
