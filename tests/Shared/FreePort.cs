using System.Net;
using System.Net.Sockets;

namespace Regin.Testing;

/// <summary>A TCP port of 127.0.0.1 nobody listens on now, for a server a test starts (never a fixed port).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
