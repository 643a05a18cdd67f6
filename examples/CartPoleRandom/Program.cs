// Steps CartPole-v1 with random actions in a real Gymnasium worker and prints each episode's return.
// Usage: dotnet run --project examples/CartPoleRandom -- [episodes] [--hold]
// --hold prints the worker pids and waits, so a test can kill this process and watch the worker follow.
using GymBridge;

var episodes = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 5;
await using var pool = await EnvPool.StartAsync();
if (args.Contains("--hold"))
{
    Console.WriteLine("worker-pids: " + string.Join(",", pool.Workers.Select(w => w.Pid)));
    await Task.Delay(Timeout.Infinite);
}

var worker = pool.Workers[0];
Console.WriteLine($"Python {worker.Python}, gymnasium {worker.Gymnasium}, numpy {worker.NumPy}");
await using var env = await pool.MakeAsync("CartPole-v1");
Console.WriteLine($"{env.Id}: actions {env.ActionSpace}, observations {env.ObservationSpace}");
env.ActionSpace.Seed(0);
for (var episode = 0; episode < episodes; episode++)
{
    env.Reset(seed: episode);
    double episodeReturn = 0;
    int steps = 0;
    while (true)
    {
        var step = env.Step(env.ActionSpace.Sample());
        episodeReturn += step.Reward;
        steps++;
        if (step.Done)
        {
            break;
        }
    }

    Console.WriteLine($"episode {episode}: return {episodeReturn} in {steps} steps");
}
