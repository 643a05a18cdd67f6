namespace GymBridge.Envs;

/// <summary>One entry of a toy-text env's <c>P[state][action]</c>.</summary>
public readonly record struct Transition(double Probability, long NextState, double Reward, bool Terminated);
