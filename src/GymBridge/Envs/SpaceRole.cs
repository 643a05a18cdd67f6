namespace GymBridge.Envs;

/// <summary>Which of an env's two spaces a call is about.</summary>
public enum SpaceRole
{
    /// <summary>The action space.</summary>
    Action,
    /// <summary>The observation space.</summary>
    Observation,
}
