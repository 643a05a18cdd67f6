using System.Net.Sockets;

namespace GymBridge.Cluster.HostTests.TestSupport;

/// <summary>Free TCP ports on 127.0.0.1 (asked of the kernel, then released for the host to bind).</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
