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

/// <summary>
/// A port source for the harnesses' start retries (in place of <see cref="FreePort.Next"/>): it hands out free ports
/// and listens itself on the first <c>taken</c> of them, as another process would that took a port between the
/// harness's probe and its server's bind. Its listeners accept nothing and say nothing, like a server still starting.
/// The ports stay taken until this is disposed.
/// </summary>
public sealed class PortsTakenAfterTheProbe(int taken) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<TcpListener> _listeners = [];
    private readonly List<int> _handedOut = [];
    private readonly List<int> _taken = [];

    /// <summary>Every port handed out, in order.</summary>
    public IReadOnlyList<int> HandedOut
    {
        get
        {
            lock (_gate)
            {
                return [.. _handedOut];
            }
        }
    }

    /// <summary>The ports this listens on (the first ones handed out).</summary>
    public IReadOnlyList<int> Taken
    {
        get
        {
            lock (_gate)
            {
                return [.. _taken];
            }
        }
    }

    public int Next()
    {
        lock (_gate)
        {
            int port;
            if (_taken.Count < taken)
            {
                // Port 0: a free port, held from now on (a probe and then a bind of our own could race another process).
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                _listeners.Add(listener);
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
                _taken.Add(port);
            }
            else
            {
                port = FreePort.Next();
            }
            _handedOut.Add(port);
            return port;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _listeners.ForEach(l => l.Dispose());
            _listeners.Clear();
        }
    }
}
