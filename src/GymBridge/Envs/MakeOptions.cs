using GymBridge.Values;

namespace GymBridge.Envs;

/// <summary>The arguments of <c>gymnasium.make</c> beyond the env id.</summary>
public sealed class MakeOptions
{
    /// <summary>Keyword arguments for the env's constructor, e.g. <c>["is_slippery"] = false</c>.</summary>
    public IDictionary<string, GymValue> Kwargs { get; } = new Dictionary<string, GymValue>();

    /// <summary><c>"rgb_array"</c>, <c>"ansi"</c>, ... (must be one the env lists in <c>metadata["render_modes"]</c>).</summary>
    public string? RenderMode { get; set; }

    /// <summary>Overrides the registered time limit.</summary>
    public int? MaxEpisodeSteps { get; set; }
}
