// The pythonnet baseline of the comparison runner: what a .NET user embedding CPython would measure.
// gymnasium is called directly through pythonnet and each observation is copied into a .NET array
// (through the buffer protocol, the cheapest way pythonnet offers). Prints one JSON object like
// benchmarks/python_baseline.py's: steps (env-steps for sync_vector) per second, this process's CPU seconds.
// Usage: GymBridge.Benchmarks.PythonNet LIBPYTHON SITE_DIR WORKER_DIR single ENV_ID SECONDS
//        GymBridge.Benchmarks.PythonNet LIBPYTHON SITE_DIR WORKER_DIR sync_vector ENV_ID SECONDS NUM_ENVS
using System.Diagnostics;
using System.Globalization;
using Python.Runtime;

var (library, siteDir, workerDir, mode, envId) = (args[0], args[1], args[2], args[3], args[4]);
var seconds = double.Parse(args[5], CultureInfo.InvariantCulture);
Runtime.PythonDLL = library;
PythonEngine.Initialize();
using (Py.GIL())
{
    // The project's venv (its .pth files bring gymnasium) and the worker folder (the test envs).
    dynamic site = Py.Import("site");
    site.addsitedir(siteDir);
    dynamic sys = Py.Import("sys");
    sys.path.insert(0, workerDir);
    dynamic warnings = Py.Import("warnings");
    warnings.simplefilter("ignore");
    Py.Import("gymbridge_testenvs");
    dynamic gymnasium = Py.Import("gymnasium");
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var (steps, elapsed) = mode == "single"
        ? Single(gymnasium, envId, seconds)
        : SyncVector(gymnasium, envId, seconds, int.Parse(args[6], CultureInfo.InvariantCulture));
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"steps_per_s\": {steps / elapsed}, \"cpu_s\": {cpuSeconds}, \"steps\": {steps}}}"));
}

PythonEngine.Shutdown();
return 0;

static (long Steps, double Seconds) Single(dynamic gymnasium, string envId, double seconds)
{
    var env = gymnasium.make(envId);
    env.reset(seed: 0);
    using var stepMethod = ((PyObject)env).GetAttr("step");
    using var resetMethod = ((PyObject)env).GetAttr("reset");
    var random = new Random(0);
    var actions = Enumerable.Range(0, 1000).Select(_ => new PyInt(random.Next(2))).ToArray();
    var observation = Array.Empty<byte>();
    long steps = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        foreach (var action in actions)
        {
            using var step = stepMethod.Invoke(action);
            using var obs = step[0];
            using var reward = step[1];
            using var terminated = step[2];
            using var truncated = step[3];
            _ = reward.As<double>();
            observation = CopyOut(obs, observation);
            var done = terminated.IsTrue() || truncated.IsTrue();
            if (done)
            {
                resetMethod.Invoke().Dispose();
            }
        }

        steps += actions.Length;
    }

    return (steps, clock.Elapsed.TotalSeconds);
}

static (long Steps, double Seconds) SyncVector(dynamic gymnasium, string envId, double seconds, int numEnvs)
{
    var envs = gymnasium.make_vec(envId, num_envs: numEnvs, vectorization_mode: "sync");
    envs.reset(seed: 0);
    envs.action_space.seed(0);
    var actions = Enumerable.Range(0, 64).Select(_ => (PyObject)envs.action_space.sample()).ToArray();
    using var stepMethod = ((PyObject)envs).GetAttr("step");
    var observations = Array.Empty<byte>();
    var rewards = Array.Empty<byte>();
    var terminatedFlags = Array.Empty<byte>();
    var truncatedFlags = Array.Empty<byte>();
    long batches = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        using var step = stepMethod.Invoke(actions[batches % actions.Length]);
        using var obs = step[0];
        using var reward = step[1];
        using var terminated = step[2];
        using var truncated = step[3];
        observations = CopyOut(obs, observations);
        rewards = CopyOut(reward, rewards);
        terminatedFlags = CopyOut(terminated, terminatedFlags);
        truncatedFlags = CopyOut(truncated, truncatedFlags);
        batches++;
    }

    var elapsed = clock.Elapsed.TotalSeconds;
    envs.close();
    return (batches * numEnvs, elapsed);
}

static unsafe byte[] CopyOut(PyObject array, byte[] into)
{
    using var buffer = array.GetBuffer(PyBUF.STRIDED_RO);
    if (into.Length != buffer.Length)
    {
        into = new byte[buffer.Length];
    }

    fixed (byte* destination = into)
    {
        buffer.ToContiguous((IntPtr)destination, BufferOrderStyle.C);
    }

    return into;
}
