using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// A TCP proxy in front of a PostgreSQL server for a host's sessions. Once armed, it cuts the connection whose server
/// answer holds a conversation's advisory lock (a chat turn's) and its COMMIT's completion, instead of passing that
/// answer on: the server has committed, the client finds its session ended (a connection lost as the COMMIT's answer
/// came back). Used once per test; each connection's two directions are copied by two tasks.
/// </summary>
internal sealed class CommitCuttingProxy : IAsyncDisposable
{
    // A CommandComplete message: 'C', its length (4 + 7), "COMMIT\0".
    private static readonly byte[] CommitComplete = [(byte)'C', 0, 0, 0, 11, .. "COMMIT\0"u8];
    private static readonly byte[] TurnLock = "pg_advisory_xact_lock"u8.ToArray();

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _serverHost;
    private readonly int _serverPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;
    private int _armed;
    private int _cut;

    public CommitCuttingProxy(string connectionString)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        _serverHost = server.Host!;
        _serverPort = server.Port;
        _listener.Start();
        var proxied = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
        };
        ConnectionString = proxied.ConnectionString;
        _accepting = AcceptAsync();
    }

    /// <summary>The connection string through the proxy.</summary>
    public string ConnectionString { get; }

    /// <summary>How many connections were cut.</summary>
    public int Cut => Volatile.Read(ref _cut);

    /// <summary>The next turn's COMMIT answer is not passed on: its connection is cut.</summary>
    public void Arm() => Volatile.Write(ref _armed, 1);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var server = new TcpClient();
            lock (_clients)
            {
                _clients.Add(client);
                _clients.Add(server);
            }
            _ = RelayAsync(client, server);
        }
    }

    private async Task RelayAsync(TcpClient client, TcpClient server)
    {
        try
        {
            await server.ConnectAsync(_serverHost, _serverPort, _stop.Token);
            var toServer = CopyAsync(client.GetStream(), server.GetStream(), watch: false);
            var toClient = CopyAsync(server.GetStream(), client.GetStream(), watch: true);
            await Task.WhenAny(toServer, toClient);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            // Either side gone (or the cut): both closed at once, without a graceful goodbye.
            client.Client.LingerState = new LingerOption(true, 0);
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task CopyAsync(Stream from, Stream to, bool watch)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                if (watch && chunk.IndexOf(CommitComplete) >= 0 && chunk.IndexOf(TurnLock) >= 0 && Interlocked.Exchange(ref _armed, 0) == 1)
                {
                    Interlocked.Increment(ref _cut);
                    return;
                }
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }
        _stop.Dispose();
    }
}
