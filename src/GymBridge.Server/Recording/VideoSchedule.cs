using GymBridge.Values;

namespace GymBridge.Server.Recording;

/// <summary>
/// Which episodes /monitor/start records. <c>interval: N</c> or <c>video_callable: N</c> (an int): every N-th
/// episode (0, N, 2N, ...). <c>video_callable: true</c>: every episode. Otherwise (absent, or the legacy client's
/// default <c>false</c>, which only meant "no custom callable"): gymnasium's capped cubic schedule
/// (episodes 0, 1, 8, 27, ..., 729, then every 1000th).
/// </summary>
public sealed class VideoSchedule
{
    private readonly long _interval;

    private VideoSchedule(long interval) => _interval = interval;

    public static VideoSchedule Every(long interval) => new(Math.Max(1, interval));

    public static VideoSchedule CappedCubic { get; } = new(0);

    public static VideoSchedule FromParameters(GymMap parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.TryGetValue("interval", out var interval) && interval.Kind == GymValueKind.Int)
        {
            return Every(Endpoints.Parameters.OptionalInt(parameters, "interval")!.Value);
        }

        if (parameters.TryGetValue("video_callable", out var callable))
        {
            if (callable.Kind == GymValueKind.Int)
            {
                return Every(Endpoints.Parameters.OptionalInt(parameters, "video_callable")!.Value);
            }

            if (callable.Kind == GymValueKind.Bool && callable.AsBoolean())
            {
                return Every(1);
            }
        }

        return CappedCubic;
    }

    public bool ShouldRecord(long episode)
    {
        if (_interval > 0)
        {
            return episode % _interval == 0;
        }

        if (episode < 1000)
        {
            var root = (long)Math.Round(Math.Cbrt(episode));
            return root * root * root == episode;
        }

        return episode % 1000 == 0;
    }

    public override string ToString() => _interval > 0 ? $"every {_interval}" : "capped cubic";
}
