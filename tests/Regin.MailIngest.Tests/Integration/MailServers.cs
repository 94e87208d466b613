using System.Diagnostics;
using System.Globalization;
using MailKit;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Real mail servers for the integration tests: Dovecot (Debian's dovecot-imapd, a foreground process with a minimal
/// configuration in a temporary folder, on 127.0.0.1, plaintext login) as the project mailbox, and smtp4dev (the repo's
/// local dotnet tool) as the SMTP sink for replies. One pair per test process, started for the first class that needs
/// it and stopped when the process ends. Each test class takes this as its class fixture, so the classes run beside
/// each other as xunit runs classes (in one collection they ran one after another, ~10 minutes on one thread) while they
/// share the servers: each test has a mailbox user of its own and reads only the replies to its own mail.
/// </summary>
public sealed class MailServers : IAsyncLifetime
{
    private static readonly Lazy<Task<Processes>> Shared = new(() => Processes.StartAsync(FreePort.Next));
    private Processes _run = null!;

    public int ImapPort => _run.ImapPort;
    public int SmtpPort => _run.SmtpPort;
    public int Smtp4devWebPort => _run.Smtp4devWebPort;
    public const string Password = "secret";
    private const int StartSeconds = 300;

    /// <summary>A new mailbox user per test, so tests share the server but not the mail.</summary>
    public string NewUser() => _run.NewUser();

    public async Task InitializeAsync() => _run = await Shared.Value;

    /// <summary>The servers stay up for the classes still to run; they stop with the test process.</summary>
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// A pair of the caller's own, not the run's, on ports from <paramref name="freePorts"/> (for the test of the start
    /// retries: ports it takes itself); <see cref="Stop"/> ends it.
    /// </summary>
    internal static async Task<MailServers> StartOwnAsync(Func<int> freePorts) => new() { _run = await Processes.StartAsync(freePorts) };

    /// <summary>Stops a pair of <see cref="StartOwnAsync"/>.</summary>
    internal void Stop() => _run.Stop();

    /// <summary>A signed-in IMAP client of <paramref name="user"/>'s mailbox on the run's Dovecot.</summary>
    public async Task<MailKit.Net.Imap.ImapClient> ConnectAsync(string user)
    {
        var client = new MailKit.Net.Imap.ImapClient();
        await client.ConnectAsync("127.0.0.1", ImapPort, MailKit.Security.SecureSocketOptions.None);
        await client.AuthenticateAsync(user, Password);
        return client;
    }

    /// <summary>Delivers <paramref name="messages"/> to <paramref name="user"/>'s inbox, as the mail server would.</summary>
    public async Task AppendAsync(string user, params IEnumerable<MimeKit.MimeMessage> messages)
    {
        using var client = await ConnectAsync(user);
        foreach (var message in messages)
        {
            await client.Inbox.AppendAsync(message);
        }
        await client.DisconnectAsync(true);
    }

    /// <summary>
    /// <paramref name="raw"/> through the door a mail really comes by: sent over SMTP to smtp4dev as a sender's server hands
    /// it on (EHLO, MAIL FROM, RCPT TO, DATA, its lines dot-stuffed), then the bytes smtp4dev received (found by
    /// <paramref name="marker"/>, e.g. its Message-ID) delivered to <paramref name="user"/>'s inbox on Dovecot, where the
    /// watcher fetches it over IMAP. Appending a mail built in the test skipped the wire (session 57). The bytes smtp4dev
    /// received are returned.
    /// </summary>
    public async Task<byte[]> RelayAsync(string user, byte[] raw, string marker)
    {
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync("127.0.0.1", SmtpPort);
            var stream = tcp.GetStream();
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1, false, 1024, leaveOpen: true);
            async Task ExpectAsync(string code)
            {
                string? line;
                do
                {
                    line = await reader.ReadLineAsync() ?? throw new IOException("smtp4dev closed the connection");
                }
                while (line.Length > 3 && line[3] == '-');
                if (!line.StartsWith(code, StringComparison.Ordinal))
                {
                    throw new IOException($"smtp4dev answered \"{line}\", expected {code}");
                }
            }
            async Task SayAsync(string command, string code)
            {
                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(command + "\r\n"));
                await ExpectAsync(code);
            }
            await ExpectAsync("220");
            await SayAsync("EHLO door.example", "250");
            await SayAsync("MAIL FROM:<sender@door.example>", "250");
            await SayAsync("RCPT TO:<reginproject@crpm.org>", "250");
            await SayAsync("DATA", "354");
            using (var data = new MemoryStream(raw.Length + 1024))
            {
                var start = 0;
                while (start < raw.Length)
                {
                    var end = Array.IndexOf(raw, (byte)'\n', start);
                    end = end < 0 ? raw.Length : end + 1;
                    if (raw[start] == (byte)'.')
                    {
                        data.WriteByte((byte)'.');
                    }
                    data.Write(raw, start, end - start);
                    start = end;
                }
                if (raw.Length == 0 || raw[^1] != (byte)'\n')
                {
                    data.Write("\r\n"u8);
                }
                data.Write(".\r\n"u8);
                await stream.WriteAsync(data.GetBuffer().AsMemory(0, (int)data.Length));
            }
            await ExpectAsync("250");
            await SayAsync("QUIT", "221");
        }
        byte[]? received = null;
        var needle = System.Text.Encoding.ASCII.GetBytes(marker);
        await Eventually.UntilAsync(async () => (received = (await ReceivedAsync()).LastOrDefault(r => r.AsSpan().IndexOf(needle) >= 0)) is not null, 120);
        await AppendRawAsync(user, received!);
        return received!;
    }

    /// <summary>
    /// <paramref name="raw"/> appended to <paramref name="user"/>'s inbox byte for byte: an IMAP APPEND whose literal is the
    /// bytes themselves, as a delivery agent stores what the MTA received. MailKit's APPEND takes a parsed MimeMessage and
    /// writes it again (its own folding, line ends and boundaries), which hid what the wire carried (session 58).
    /// </summary>
    public async Task AppendRawAsync(string user, byte[] raw)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync("127.0.0.1", ImapPort);
        var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, System.Text.Encoding.Latin1, false, 1024, leaveOpen: true);
        async Task<string> UntilAsync(string start)
        {
            string line;
            do
            {
                line = await reader.ReadLineAsync() ?? throw new IOException("Dovecot closed the connection");
            }
            while (!line.StartsWith(start, StringComparison.Ordinal));
            return line;
        }
        async Task SayAsync(string command, string tag)
        {
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(command + "\r\n"));
            if (await UntilAsync(tag + " ") is var answer && !answer.StartsWith(tag + " OK", StringComparison.Ordinal))
            {
                throw new IOException($"Dovecot answered \"{answer}\" to {command.Split(' ').ElementAtOrDefault(1) ?? "APPEND"}");
            }
        }
        await UntilAsync("* OK");
        await SayAsync($"a LOGIN {user} {Password}", "a");
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"b APPEND INBOX {{{raw.Length}}}\r\n"));
        if (await UntilAsync("") is var ready && !ready.StartsWith('+'))
        {
            throw new IOException($"Dovecot answered \"{ready}\" to APPEND");
        }
        await stream.WriteAsync(raw);
        await SayAsync("", "b");
        await SayAsync("c LOGOUT", "c");
    }

    /// <summary>The raw messages smtp4dev received, oldest first.</summary>
    public async Task<List<MimeKit.MimeMessage>> SentRepliesAsync()
    {
        var messages = new List<MimeKit.MimeMessage>();
        foreach (var raw in await ReceivedAsync())
        {
            messages.Add(await MimeKit.MimeMessage.LoadAsync(new MemoryStream(raw, writable: false)));
        }
        return messages;
    }

    /// <summary>The messages smtp4dev received as they came over SMTP (bytes as Latin-1 characters), oldest first.</summary>
    public async Task<List<string>> SentRawRepliesAsync() =>
        [.. (await ReceivedAsync()).Select(raw => System.Text.Encoding.Latin1.GetString(raw))];

    /// <summary>
    /// Every message smtp4dev holds, as the bytes it received, in its list's order. A message's bytes never change, so
    /// each is downloaded once per run: the tests poll this every 200 ms while hundreds of replies pile up on the one
    /// server, and reading all of them again on every poll made each poll slower as the run went on.
    /// </summary>
    private async Task<List<byte[]>> ReceivedAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Smtp4devWebPort}") };
        var list = JsonNode.Parse(await http.GetStringAsync("/api/messages?pageSize=1000"))!;
        var items = list is JsonArray array ? array : list["results"]!.AsArray();
        var messages = new List<byte[]>();
        foreach (var item in items)
        {
            var id = item!["id"]!.GetValue<string>();
            if (!_run.Received.TryGetValue(id, out var raw))
            {
                using var response = await http.GetAsync($"/api/messages/{id}/raw");
                if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    continue; // gone between the list and the read (smtp4dev pruned it): not one of the messages a test waits for
                }
                response.EnsureSuccessStatusCode();
                raw = _run.Received.GetOrAdd(id, await response.Content.ReadAsByteArrayAsync());
            }
            messages.Add(raw);
        }
        return messages;
    }

    public static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, ".config", "dotnet-tools.json")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("The repository root (with .config/dotnet-tools.json) was not found.");
    }

    /// <summary>
    /// Starts a server as the leader of a process group of its own (setsid execs it in place: the process is the
    /// server), so it is stopped with all its children in one signal. Stopped as a tree (.NET stops each process, lists
    /// its children, then kills them), a run whose test host was ended midway left Dovecot's children orphaned, one
    /// stopped (state T), holding the ports and every file the test host had open.
    /// </summary>
    private static Process Start(string file, string[] arguments, string workingDirectory, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        var info = new ProcessStartInfo("setsid") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(file);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Waits until the server answers as itself (<paramref name="answers"/>: null once it does, or what answered in its
    /// place; it throws while nothing answers yet). Else why not: the server said a port of its was taken since it was
    /// probed (smtp4dev then goes on without its SMTP server), or another server answers there; the process is stopped and
    /// the caller starts it again on other ports. A connection to a taken port may meet a listener that never answers: a
    /// probe gives up after a few seconds and the server's log is read again. Generous, as <see cref="Eventually"/>:
    /// smtp4dev is a .NET program started through `dotnet tool run`, and at a load of ~130 on 2 cores it did not listen
    /// within 90 s.
    /// </summary>
    private static async Task<string?> WaitForServerAsync(Process process, Func<string> log, Func<Task<string?>> answers)
    {
        var deadline = DateTime.UtcNow.AddSeconds(StartSeconds);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(); // and for the end of its output
            }
            var text = log();
            if (text.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                StopGroupNow(process);
                return $"a port was taken: {text}";
            }
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode}: {text}");
            }
            try
            {
                if (await answers() is { } other)
                {
                    StopGroupNow(process);
                    return other;
                }
                return null;
            }
            catch (Exception e) when (e is SocketException or IOException or TimeoutException or HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(200);
            }
        }
        throw new TimeoutException($"{process.StartInfo.FileName} did not answer within {StartSeconds} s: {log()}");
    }

    /// <summary>How long one probe waits for an answer before the server's log and state are read again.</summary>
    private static readonly TimeSpan ProbeWait = TimeSpan.FromSeconds(5);

    /// <summary>Null when <paramref name="port"/> greets with <paramref name="greeting"/>, or what it greets with.</summary>
    private static async Task<string?> GreetsAsync(int port, string greeting)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        using var reader = new StreamReader(client.GetStream(), System.Text.Encoding.ASCII);
        var line = await reader.ReadLineAsync().WaitAsync(ProbeWait);
        return line?.Contains(greeting, StringComparison.Ordinal) == true ? null : $"port {port} greets with \"{line}\", not {greeting}'s greeting";
    }

    /// <summary>Null when smtp4dev's API answers on <paramref name="port"/>, or what answered there.</summary>
    private static async Task<string?> Smtp4devAnswersAsync(int port)
    {
        using var http = new HttpClient { Timeout = ProbeWait };
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/api/messages?pageSize=1"));
        return response.IsSuccessStatusCode ? null : $"port {port} answers {(int)response.StatusCode}, not smtp4dev's API";
    }

    /// <summary>Kills a server's whole process group (its leader's id is the group's) and waits for the leader.</summary>
    private static void StopGroupNow(Process process)
    {
        using var kill = Process.Start("sh", ["-c", "kill -KILL -\"$1\" 2>/dev/null", "sh", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit(10_000);
        process.WaitForExit(10_000);
    }

    /// <summary>The run's Dovecot and smtp4dev processes and what the tests share through them.</summary>
    private sealed class Processes
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("regin-mailservers-").FullName;
        private Process? _dovecot;
        private Process? _smtp4dev;
        private int _nextUser;

        // Probed free ports: free when probed, maybe not when the server binds them (another test process's server, or its
        // probe, may take one meanwhile): a server that exits refusing its port is started again on new ones.
        public int ImapPort { get; private set; }
        public int SmtpPort { get; private set; }
        public int Smtp4devWebPort { get; private set; }
        private const int StartAttempts = 5;
        private readonly Func<int> _freePorts;

        private Processes(Func<int> freePorts)
        {
            _freePorts = freePorts;
            (ImapPort, SmtpPort, Smtp4devWebPort) = (freePorts(), freePorts(), freePorts());
        }

        /// <summary>The bytes of each message smtp4dev received, by its id (they never change).</summary>
        public System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> Received { get; } = new(StringComparer.Ordinal);

        public string NewUser() => $"user{Interlocked.Increment(ref _nextUser)}";

        public static async Task<Processes> StartAsync(Func<int> freePorts)
        {
            var run = new Processes(freePorts);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => run.Stop();
            await run.StartDovecotAsync();
            await run.StartSmtp4devAsync();
            return run;
        }

        private async Task StartDovecotAsync()
        {
            var dovecot = new[] { "/usr/sbin/dovecot", "/usr/local/sbin/dovecot" }.FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("Dovecot is not installed: run ./test.sh (it installs Debian's dovecot-imapd) or apt-get install dovecot-imapd.");
            var root = Environment.UserName == "root";
            var user = root ? "dovecot" : Environment.UserName;
            foreach (var sub in new[] { "run", "state", "home" })
            {
                Directory.CreateDirectory(Path.Combine(_folder, sub));
            }
            // Any user name logs in with the one password; each gets a Maildir of its own.
            await File.WriteAllTextAsync(Path.Combine(_folder, "passwd"), "");
            if (root && !OperatingSystem.IsWindows())
            {
                // The mail processes run as the dovecot user: they must reach the homes under the temp folder.
                File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                Process.Start("chown", ["-R", "dovecot:dovecot", Path.Combine(_folder, "home")])!.WaitForExit();
            }
            for (var attempt = 1; await TryStartDovecotAsync(dovecot, root, user) is { } refused; attempt++)
            {
                if (attempt == StartAttempts)
                {
                    throw new InvalidOperationException($"Dovecot did not start in {attempt} attempts: {refused}");
                }
                ImapPort = _freePorts();
            }
        }

        /// <summary>Dovecot listening on <see cref="ImapPort"/> (null), or why not (<see cref="WaitForPortAsync"/>).</summary>
        private async Task<string?> TryStartDovecotAsync(string dovecot, bool root, string user)
        {
            var config = $$"""
                protocols = imap
                listen = 127.0.0.1
                base_dir = {{_folder}}/run
                state_dir = {{_folder}}/state
                log_path = {{_folder}}/dovecot.log
                ssl = no
                disable_plaintext_auth = no
                auth_mechanisms = plain login
                {{(root ? "" : $"default_login_user = {user}\ndefault_internal_user = {user}")}}
                passdb {
                  driver = static
                  args = password={{Password}}
                }
                userdb {
                  driver = static
                  args = uid={{user}} gid={{user}} home={{_folder}}/home/%u
                }
                mail_location = maildir:~/Maildir
                first_valid_uid = 1
                service anvil {
                  chroot =
                }
                service imap-login {
                  chroot =
                  inet_listener imap {
                    address = 127.0.0.1
                    port = {{ImapPort}}
                  }
                }
                namespace inbox {
                  inbox = yes
                  separator = /
                }
                """;
            var path = Path.Combine(_folder, "dovecot.conf");
            await File.WriteAllTextAsync(path, config);
            var log = Path.Combine(_folder, "dovecot.log");
            File.Delete(log);
            var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
            _dovecot?.Dispose();
            _dovecot = Start(dovecot, ["-F", "-c", path], _folder, output);
            // Stopped at ProcessExit; a killed test process runs none, so a watchdog stops the orphans: the whole group, the
            // master's children too even if the master is gone (a number still some group's is never given to a new
            // process). Then CONT: an orphaned Dovecot was seen stopped (state T), holding the TERM until continued.
            ProcessWatchdog.RunWhenGone("regin-dovecot-watchdog", StopGroup + "; rm -rf \"$2\"", _dovecot.Id.ToString(CultureInfo.InvariantCulture), _folder);
            // Debian's greeting is "Dovecot (Debian) ready.", upstream's "Dovecot ready.".
            return await WaitForServerAsync(_dovecot, () => (File.Exists(log) ? File.ReadAllText(log) : "") + string.Join('\n', output), () => GreetsAsync(ImapPort, "Dovecot"));
        }

        private async Task StartSmtp4devAsync()
        {
            for (var attempt = 1; await TryStartSmtp4devAsync() is { } refused; attempt++)
            {
                if (attempt == StartAttempts)
                {
                    throw new InvalidOperationException($"smtp4dev did not start in {attempt} attempts: {refused}");
                }
                (SmtpPort, Smtp4devWebPort) = (_freePorts(), _freePorts());
            }
        }

        /// <summary>smtp4dev listening on its two ports (null), or why not (<see cref="WaitForPortAsync"/>).</summary>
        private async Task<string?> TryStartSmtp4devAsync()
        {
            var repo = RepoRoot();
            var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
            _smtp4dev?.Dispose();
            _smtp4dev = Start("dotnet", ["tool", "run", "smtp4dev", "--", $"--urls=http://127.0.0.1:{Smtp4devWebPort}", $"--smtpport={SmtpPort}", "--imapport=", "--pop3port=",
                "--db=", "--nousersettings", "--tlsmode=None", "--hostname=localhost",
                // One smtp4dev serves the whole run: it must not drop the older mails (100 by default) while a test reads them.
                "--messagestokeep=100000", "--sessionstokeep=100000"], repo, output);
            // `dotnet tool run` starts smtp4dev as its child, in its group: the watchdog stops both.
            ProcessWatchdog.RunWhenGone("regin-smtp4dev-watchdog", StopGroup, _smtp4dev.Id.ToString(CultureInfo.InvariantCulture));
            // "220 localhost smtp4dev ready"; its web port's API (a listener there that is not smtp4dev makes it exit).
            return await WaitForServerAsync(_smtp4dev, () => string.Join('\n', output), () => GreetsAsync(SmtpPort, "smtp4dev ready"))
                ?? await WaitForServerAsync(_smtp4dev, () => string.Join('\n', output), () => Smtp4devAnswersAsync(Smtp4devWebPort));
        }

        /// <summary>The watchdog's stop of the server's process group ($1: its leader's pid), if the group still exists.</summary>
        private const string StopGroup = "kill -0 -\"$1\" && { kill -TERM -\"$1\"; kill -CONT -\"$1\"; }";

        /// <summary>Stops both servers (once: a pair of a test's own is stopped by it and again at the process's exit).</summary>
        public void Stop()
        {
            var processes = new[] { _dovecot, _smtp4dev };
            (_dovecot, _smtp4dev) = (null, null);
            foreach (var process in processes)
            {
                if (process is not null)
                {
                    // One signal to the server's whole group: nothing left half stopped if this process is ended meanwhile.
                    using var kill = Process.Start("sh", ["-c", "kill -KILL -\"$1\"", "sh", process.Id.ToString(CultureInfo.InvariantCulture)]);
                    kill.WaitForExit(10_000);
                    process.WaitForExit(10_000);
                }
                process?.Dispose();
            }
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left to the OS.
            }
        }
    }
}
