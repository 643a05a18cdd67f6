using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GymBridge.Tests.TestSupport;
using GymBridge.Values;
using Xunit;

namespace GymBridge.Tests.Spaces;

/// <summary>
/// One Python process for the cross-check: it prints the worker's <c>describe()</c> and <c>repr()</c> of real
/// gymnasium spaces, then answers batches of values with gymnasium's <c>contains</c> and whether the worker's
/// <c>to_action</c> accepts them. JSON lines both ways (<see cref="JsonGymValues"/>).
/// </summary>
public sealed class PythonSpacesFixture : IAsyncLifetime
{
    private const string Script = """
        import json, sys
        import numpy as np
        import gymnasium as gym
        from gymnasium import spaces
        from gymbridge_worker.spaces import BadAction, describe, to_action

        found = {}
        for env_id in ["CartPole-v1", "Pendulum-v1", "Blackjack-v1", "FrozenLake-v1", "Taxi-v4", "Acrobot-v1", "MountainCarContinuous-v0"]:
            env = gym.make(env_id)
            found[env_id + " action"] = env.action_space
            found[env_id + " observation"] = env.observation_space
            env.close()
        found["nested"] = spaces.Dict({
            "position": spaces.Box(-1, 1, (2,)),
            "inner": spaces.Tuple((spaces.Discrete(3, start=-1), spaces.MultiBinary([2, 2]), spaces.MultiDiscrete([[3, 4], [2, 2]], start=[[1, 0], [0, -1]]))),
            "it's": spaces.Text(5, charset="cab"),
        })
        found["int box"] = spaces.Box(-np.inf, np.inf, (3,), np.int64)
        found["uint8 image"] = spaces.Box(0, 255, (4, 4, 3), np.uint8)
        found["mixed box"] = spaces.Box(np.array([[-1.5, 0.001], [-1e-5, 7.0]]), np.array([[1.5, 2.0], [1e-5, 8.0]]), dtype=np.float64)
        found["wide box"] = spaces.Box(np.linspace(-3.4e38, 0, 1200, dtype=np.float32).reshape(30, 40), np.float32(3.4e38))
        found["half box"] = spaces.Box(np.array([0.0, -np.inf], dtype=np.float16), np.array([np.inf, 0.1], dtype=np.float16), dtype=np.float16)
        found["multi-discrete"] = spaces.MultiDiscrete(np.array([5, 2, 300], dtype=np.uint16))
        found["text"] = spaces.Text(4)
        found["graph"] = spaces.Graph(spaces.Discrete(3), None)

        rng = np.random.default_rng(7)
        for i in range(100):
            dtype = np.dtype(rng.choice(["f2", "f4", "f8", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8"]))
            shape = tuple(int(d) for d in rng.integers(1, 6, size=rng.integers(1, 4)))
            if dtype.kind == "f":
                scale = 10.0 ** rng.integers(-7, {2: 4, 4: 37, 8: 300}[dtype.itemsize])
                low, high = -np.abs(rng.standard_normal(shape)) * scale, np.abs(rng.standard_normal(shape)) * scale
                if rng.random() < 0.3:
                    low, high = np.floor(low), np.ceil(high)
                low[rng.random(shape) < 0.2] = -np.inf
                high[rng.random(shape) < 0.2] = np.inf
            else:
                info = np.iinfo(dtype)
                wide = rng.random() < 0.5
                a, b = (rng.integers(info.min if wide else max(info.min, -100), info.max if wide else 100, size=shape, dtype=dtype, endpoint=True) for _ in range(2))
                low, high = np.minimum(a, b), np.maximum(a, b)
            found[f"random box {i}"] = spaces.Box(low.astype(dtype), high.astype(dtype), dtype=dtype)

        def to_json(value):
            if isinstance(value, np.ndarray):
                data = [x if not isinstance(x, float) or np.isfinite(x) else str(x) for x in value.ravel().tolist()]
                return {"__ndarray__": {"dtype": value.dtype.str, "shape": list(value.shape), "data": data}}
            if isinstance(value, dict):
                return {key: to_json(item) for key, item in value.items()}
            if isinstance(value, (list, tuple)):
                return [to_json(item) for item in value]
            return value

        def from_json(value):
            if isinstance(value, dict) and "__ndarray__" in value:
                array = value["__ndarray__"]
                data = [float(x) if isinstance(x, str) else x for x in array["data"]]
                return np.array(data, dtype=np.dtype(array["dtype"])).reshape(array["shape"])
            if isinstance(value, dict):
                return {key: from_json(item) for key, item in value.items()}
            if isinstance(value, list):
                return [from_json(item) for item in value]
            return value

        def accepts(space, value):
            try:
                to_action(space, value)
                return True
            except BadAction:
                return False

        print(json.dumps({name: {"description": to_json(describe(space)), "repr": repr(space)} for name, space in found.items()}), flush=True)
        for line in iter(sys.stdin.readline, ""):
            checks = []
            for name, value in json.loads(line):
                value = from_json(value)
                checks.append([bool(found[name].contains(value)), accepts(found[name], value)])
            print(json.dumps(checks), flush=True)
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _stderr = new();
    private Process? _python;

    public IReadOnlyDictionary<string, (GymValue Description, string Repr)> Spaces { get; private set; } =
        new Dictionary<string, (GymValue, string)>();

    public async Task InitializeAsync()
    {
        var start = RepoPaths.PythonStartInfo("-c", Script);
        _python = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {RepoPaths.Python}.");
        _python.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _python.BeginErrorReadLine();

        using var json = JsonDocument.Parse(await ReadLineAsync());
        Spaces = json.RootElement.EnumerateObject().ToDictionary(
            space => space.Name,
            space => (JsonGymValues.Read(space.Value.GetProperty("description")), space.Value.GetProperty("repr").GetString()!));
    }

    /// <summary>For each (space name, value): gymnasium's contains, and whether the worker's to_action accepts it.</summary>
    public async Task<IReadOnlyList<(bool Contains, bool Accepted)>> CheckAsync(IEnumerable<(string Space, GymValue Value)> values)
    {
        var request = new MemoryStream();
        using (var writer = new Utf8JsonWriter(request))
        {
            writer.WriteStartArray();
            foreach (var (space, value) in values)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(space);
                JsonGymValues.Write(writer, value);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        await _python!.StandardInput.WriteLineAsync(Encoding.UTF8.GetString(request.ToArray()));
        await _python.StandardInput.FlushAsync();
        using var reply = JsonDocument.Parse(await ReadLineAsync());
        return [.. reply.RootElement.EnumerateArray().Select(check => (check[0].GetBoolean(), check[1].GetBoolean()))];
    }

    public async Task DisposeAsync()
    {
        if (_python is null)
        {
            return;
        }

        _python.StandardInput.Close();
        using var exited = new CancellationTokenSource(Timeout);
        try
        {
            await _python.WaitForExitAsync(exited.Token);
        }
        catch (OperationCanceledException)
        {
            _python.Kill();
        }

        _python.Dispose();
    }

    private async Task<string> ReadLineAsync()
    {
        var line = await _python!.StandardOutput.ReadLineAsync().WaitAsync(Timeout);
        if (line is null)
        {
            await _python.WaitForExitAsync().WaitAsync(Timeout);
            lock (_stderr)
            {
                throw new InvalidOperationException($"The Python cross-check script ended (exit code {_python.ExitCode}):\n{_stderr}");
            }
        }

        return line;
    }
}
