// Ping-pong over loopback TCP, 1-byte messages: µs a round trip (tests/wakeup.sh prints the table).
//   serve MODE      listens on 127.0.0.1 (port 0), prints its port, answers every byte of one client with a byte, where MODE
//                   says how it waits for the byte:
//                     blocking      Socket.Receive on a socket never used asynchronously (a thread blocked in recv: one wake-up)
//                     async         await Socket.ReceiveAsync (the socket engine's epoll thread, then a pool worker: two)
//                     sync-after-async  one async receive first (as Npgsql's async open and reads leave a socket), then
//                                   Socket.Receive: .NET keeps the socket non-blocking and waits for the epoll thread's event
//   ping PORT N [GAP]  connects (blocking), sends N bytes one at a time, each after the answer to the last (and GAP µs
//                   of busy work, 0: as a host computes a turn before it sends it, the other side idle meanwhile);
//                   prints mean, p50 and p99 µs a round trip (the gap not counted).
//   npgsql MODE CONNECTION N [GAP]  N round trips (each after GAP µs of busy work) of a prepared SELECT 1 on one Npgsql connection, where MODE says how:
//                     async         OpenAsync, ExecuteScalarAsync (the host's way: a pool worker woken by the epoll thread)
//                     sync          OpenAsync and one ExecuteScalarAsync first (as a pooled session of the host has been
//                                   used), then ExecuteScalar: the request's thread blocked until the answer
//                     sync-only     Open, ExecuteScalar: a session never used asynchronously
//                     tx            a chat turn's shape (session 45): BeginTransactionAsync, then one batch of the lock,
//                                   a statement busy for about WORK µs on the server and COMMIT (Npgsql sends its BEGIN as
//                                   a simple query ahead of the batch: the server answers it, flushed, before the rest)
//                     tx-batched    the same with BEGIN as the batch's first statement (no NpgsqlTransaction: one answer)
//                   tx modes take WORK (µs, default 250) after GAP and also print the client's and the server session's
//                   CPU µs a round trip (their clocks across the timed loop, the gaps' busy work taken off the client's).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

var inv = CultureInfo.InvariantCulture;
switch (args)
{
    case ["serve", var mode]:
        await ServeAsync(mode);
        break;
    case ["ping", var port, var count, ..var gap]:
        Ping(int.Parse(port, inv), int.Parse(count, inv), Gap(gap));
        break;
    case ["npgsql", "tx" or "tx-batched", var connection, var count, ..var rest]:
        await NpgsqlTransactionAsync(args[1] == "tx-batched", connection, int.Parse(count, inv), Gap(rest), rest.Length > 1 ? int.Parse(rest[1], inv) : 250);
        break;
    case ["npgsql", var mode, var connection, var count, ..var gap]:
        await NpgsqlAsync(mode, connection, int.Parse(count, inv), Gap(gap));
        break;
    default:
        Console.Error.WriteLine("usage: serve blocking|async|sync-after-async | ping PORT N [GAP] | npgsql async|sync|sync-only CONNECTION N [GAP] | npgsql tx|tx-batched CONNECTION N [GAP [WORK]]");
        return 2;
}
return 0;

static async Task ServeAsync(string mode)
{
    using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    listener.Listen(1);
    Console.WriteLine(((IPEndPoint)listener.LocalEndPoint!).Port);
    Console.Out.Flush();
    using var socket = listener.Accept();
    socket.NoDelay = true;
    var buffer = new byte[1];
    switch (mode)
    {
        case "blocking":
            while (socket.Receive(buffer) == 1)
            {
                socket.Send(buffer);
            }
            break;
        case "async":
            while (await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None) == 1)
            {
                await socket.SendAsync(buffer.AsMemory(), SocketFlags.None);
            }
            break;
        case "sync-after-async":
            if (await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None) != 1)
            {
                return;
            }
            do
            {
                socket.Send(buffer);
            }
            while (socket.Receive(buffer) == 1);
            break;
        default:
            throw new ArgumentException($"unknown mode {mode}");
    }
}

static void Ping(int port, int count, int gap)
{
    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
    var buffer = new byte[1];
    var ticks = new long[count];
    var warmUp = Math.Min(1000, count / 10);
    for (var i = -warmUp; i < count; i++)
    {
        BusyFor(gap);
        var start = Stopwatch.GetTimestamp();
        socket.Send(buffer);
        if (socket.Receive(buffer) != 1)
        {
            throw new InvalidOperationException("the server closed the connection");
        }
        if (i >= 0)
        {
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }
    }
    socket.Shutdown(SocketShutdown.Both);
    Print(ticks);
}

static async Task NpgsqlAsync(string mode, string connectionString, int count, int gap)
{
    await using var connection = new Npgsql.NpgsqlConnection(connectionString);
    if (mode == "sync-only")
    {
        connection.Open();
    }
    else
    {
        await connection.OpenAsync();
    }
    await using var command = new Npgsql.NpgsqlCommand("SELECT 1", connection);
    if (mode == "sync-only")
    {
        command.Prepare();
    }
    else
    {
        await command.PrepareAsync();
        await command.ExecuteScalarAsync();
    }
    var ticks = new long[count];
    var warmUp = Math.Min(1000, count / 10);
    for (var i = -warmUp; i < count; i++)
    {
        BusyFor(gap);
        var start = Stopwatch.GetTimestamp();
        _ = mode == "async" ? await command.ExecuteScalarAsync() : command.ExecuteScalar();
        if (i >= 0)
        {
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }
    }
    Print(ticks);
}

// A turn's shape: lock, work, COMMIT in one batch, the BEGIN either Npgsql's (a simple query written ahead of the batch,
// which the server answers and flushes on its own) or the batch's first statement (extended protocol: one flush at Sync).
static async Task NpgsqlTransactionAsync(bool batched, string connectionString, int count, int gap, int work)
{
    await using var connection = new Npgsql.NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var pid = new Npgsql.NpgsqlCommand("SELECT pg_backend_pid()", connection);
    var backend = (int)(await pid.ExecuteScalarAsync())!;
    // generate_series' rows a µs of the server's work, roughly (measured below, printed: the server's CPU a round trip).
    var rows = Math.Max(1, work * 12);
    async Task OnceAsync()
    {
        await using var transaction = batched ? null : await connection.BeginTransactionAsync();
        await using var batch = new Npgsql.NpgsqlBatch(connection, transaction);
        if (batched)
        {
            batch.BatchCommands.Add(new Npgsql.NpgsqlBatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"));
        }
        var lockCommand = new Npgsql.NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1), set_config('synchronous_commit', 'off', true)");
        lockCommand.Parameters.Add(new Npgsql.NpgsqlParameter { Value = 42L });
        batch.BatchCommands.Add(lockCommand);
        var workCommand = new Npgsql.NpgsqlBatchCommand("SELECT count(*) FROM generate_series(1, $1)");
        workCommand.Parameters.Add(new Npgsql.NpgsqlParameter { Value = rows });
        batch.BatchCommands.Add(workCommand);
        batch.BatchCommands.Add(new Npgsql.NpgsqlBatchCommand("COMMIT"));
        await batch.ExecuteNonQueryAsync();
    }
    var warmUp = Math.Min(1000, count / 10);
    for (var i = 0; i < warmUp; i++)
    {
        await OnceAsync();
    }
    var ticks = new long[count];
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var serverBefore = SessionCpuNs(backend);
    long busy = 0;
    for (var i = 0; i < count; i++)
    {
        var busyStart = Stopwatch.GetTimestamp();
        BusyFor(gap);
        var start = Stopwatch.GetTimestamp();
        busy += start - busyStart;
        await OnceAsync();
        ticks[i] = Stopwatch.GetTimestamp() - start;
    }
    process.Refresh();
    var clientUs = ((process.TotalProcessorTime - cpuBefore).Ticks / 10.0 - busy * 1e6 / Stopwatch.Frequency) / count;
    var serverUs = (SessionCpuNs(backend) - serverBefore) / 1000.0 / count;
    Print(ticks, string.Create(CultureInfo.InvariantCulture, $" {clientUs:F1} {serverUs:F1}"));
}

// A process's CPU time in ns (its scheduler statistics: run time on a CPU, the first field).
static long SessionCpuNs(int pid) => long.Parse(File.ReadAllText($"/proc/{pid}/schedstat").Split(' ')[0], CultureInfo.InvariantCulture);

static int Gap(string[] rest) => rest.Length == 0 ? 0 : int.Parse(rest[0], CultureInfo.InvariantCulture);

// Busy work for gap µs (a spin on the clock: the core stays busy, as the host's is while it computes a turn).
static void BusyFor(int gap)
{
    var end = Stopwatch.GetTimestamp() + gap * Stopwatch.Frequency / 1_000_000;
    while (Stopwatch.GetTimestamp() < end)
    {
    }
}

static void Print(long[] ticks, string more = "")
{
    Array.Sort(ticks);
    double Us(long t) => t * 1e6 / Stopwatch.Frequency;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{Us((long)ticks.Average()):F1} {Us(ticks[ticks.Length / 2]):F1} {Us(ticks[ticks.Length * 99 / 100]):F1}{more}"));
}
