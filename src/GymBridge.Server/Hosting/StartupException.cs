namespace GymBridge.Server.Hosting;

/// <summary>
/// The host cannot start as configured. The message is one line that says what is wrong and how to fix it; it is what
/// the command line prints (<see cref="ServerApp.RunAsync"/>), without a stack trace.
/// </summary>
public sealed class StartupException(string message, Exception? innerException = null) : Exception(message, innerException);
