namespace GymBridge.Workers;

/// <summary>The Python interpreter the workers run, and why it was chosen.</summary>
/// <param name="Path">The interpreter: a path, or a command name looked up on PATH.</param>
/// <param name="Reason">Which rule picked it, in words (for diagnostics such as <c>gymbridge check</c>).</param>
public sealed record PythonChoice(string Path, string Reason);
