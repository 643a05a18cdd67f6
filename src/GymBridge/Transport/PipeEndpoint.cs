using System.IO.Pipes;

namespace GymBridge.Transport;

/// <summary>
/// The supervisor's end of one worker pipe. On Linux and macOS .NET's named pipe is a Unix domain
/// socket at an absolute path; on Windows it is a real named pipe (untested).
/// </summary>
internal sealed class PipeEndpoint : IDisposable
{
    private static int s_counter;
    private readonly NamedPipeServerStream _server;

    public PipeEndpoint()
    {
        var name = $"gymbridge-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}";
        Address = OperatingSystem.IsWindows() ? name : Path.Combine(Path.GetTempPath(), name + ".sock");
        _server = new NamedPipeServerStream(Address, PipeDirection.InOut, 1, PipeTransmissionMode.Byte, PipeOptions.Asynchronous);
    }

    /// <summary>What the worker connects to: a socket path, or a pipe name on Windows.</summary>
    public string Address { get; }

    public Stream Stream => _server;

    public Task WaitForConnectionAsync(CancellationToken cancellationToken) => _server.WaitForConnectionAsync(cancellationToken);

    public void Dispose()
    {
        _server.Dispose();
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(Address);
        }
    }
}
