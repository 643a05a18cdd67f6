using BenchmarkDotNet.Attributes;
using GymBridge.Envs;
using GymBridge.Server.Imaging;
using GymBridge.Values;

namespace GymBridge.Benchmarks.Suite;

/// <summary>
/// What the REST host spends turning one 600×400 rgb_array frame (CartPole's own render, from a real worker)
/// into a PNG (monitor/render) and into a JPEG at the MJPEG stream's quality (monitor/stream).
/// Frames per second = 1 s / Mean. (docs/rest.md, "Frames", has the figures of the server's first, own encoders beside these.)
/// </summary>
[MemoryDiagnoser]
public class FrameBenchmarks
{
    private GymValue _frame = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        await using var pool = await EnvPool.StartAsync(new GymBridgeOptions { WorkerCount = 1 });
        await using var env = await pool.MakeAsync("CartPole-v1", new MakeOptions { RenderMode = "rgb_array" });
        env.Reset(seed: 0);
        env.Step(1L);
        _frame = await env.RenderAsync();
        var array = (NDArray)_frame;
        if (array.Shape[0] != 400 || array.Shape[1] != 600 || array.Shape[2] != 3)
        {
            throw new InvalidOperationException($"CartPole rendered {string.Join('×', array.Shape)}, not 400×600×3.");
        }

        Console.WriteLine($"// frame sizes: PNG {FrameEncoder.EncodePng(_frame)!.Length} B, JPEG {FrameEncoder.EncodeJpeg(_frame, 80)!.Length} B");
    }

    [Benchmark]
    public int Png() => FrameEncoder.EncodePng(_frame)!.Length;

    [Benchmark]
    public int Jpeg() => FrameEncoder.EncodeJpeg(_frame, 80)!.Length;
}
