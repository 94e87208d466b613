using System.Diagnostics;
using MailKit;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Real mail servers for the integration tests, started once per test run and stopped at its end: Dovecot (Debian's
/// dovecot-imapd, a foreground process with a minimal configuration in a temporary folder, on 127.0.0.1, plaintext
/// login) as the project mailbox, and smtp4dev (the repo's local dotnet tool) as the SMTP sink for replies.
/// </summary>
public sealed class MailServers : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("regin-mailservers-").FullName;
    private Process? _dovecot;
    private Process? _smtp4dev;
    private int _nextUser;

    public int ImapPort { get; private set; }
    public int SmtpPort { get; private set; }
    public int Smtp4devWebPort { get; private set; }
    public const string Password = "secret";

    /// <summary>A new mailbox user per test, so tests share the server but not the mail.</summary>
    public string NewUser() => $"user{Interlocked.Increment(ref _nextUser)}";

    public async Task InitializeAsync()
    {
        ImapPort = FreePort.Next();
        SmtpPort = FreePort.Next();
        Smtp4devWebPort = FreePort.Next();
        await StartDovecotAsync();
        await StartSmtp4devAsync();
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
        if (root && !OperatingSystem.IsWindows())
        {
            // The mail processes run as the dovecot user: they must reach the homes under the temp folder.
            File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            Process.Start("chown", ["-R", "dovecot:dovecot", Path.Combine(_folder, "home")])!.WaitForExit();
        }
        _dovecot = Start(dovecot, ["-F", "-c", path], _folder);
        await WaitForPortAsync(ImapPort, _dovecot, () => File.Exists(Path.Combine(_folder, "dovecot.log")) ? File.ReadAllText(Path.Combine(_folder, "dovecot.log")) : "");
    }

    private async Task StartSmtp4devAsync()
    {
        var repo = RepoRoot();
        _smtp4dev = Start("dotnet", ["tool", "run", "smtp4dev", "--", $"--urls=http://127.0.0.1:{Smtp4devWebPort}", $"--smtpport={SmtpPort}", "--imapport=", "--pop3port=",
            "--db=", "--nousersettings", "--tlsmode=None", "--hostname=localhost",
            // One smtp4dev serves the whole run: it must not drop the older mails (100 by default) while a test reads them.
            "--messagestokeep=100000", "--sessionstokeep=100000"], repo);
        await WaitForPortAsync(SmtpPort, _smtp4dev, () => "");
        await WaitForPortAsync(Smtp4devWebPort, _smtp4dev, () => "");
    }

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

    /// <summary>The raw messages smtp4dev received, oldest first.</summary>
    public async Task<List<MimeKit.MimeMessage>> SentRepliesAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Smtp4devWebPort}") };
        var list = JsonNode.Parse(await http.GetStringAsync("/api/messages?pageSize=1000"))!;
        var items = list is JsonArray array ? array : list["results"]!.AsArray();
        var messages = new List<MimeKit.MimeMessage>();
        foreach (var item in items)
        {
            using var response = await http.GetAsync($"/api/messages/{item!["id"]!.GetValue<string>()}/raw");
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                continue; // gone between the list and the read (smtp4dev pruned it): not one of the messages a test waits for
            }
            response.EnsureSuccessStatusCode();
            messages.Add(await MimeKit.MimeMessage.LoadAsync(await response.Content.ReadAsStreamAsync()));
        }
        return messages;
    }

    /// <summary>The messages smtp4dev received as they came over SMTP (bytes as Latin-1 characters), oldest first.</summary>
    public async Task<List<string>> SentRawRepliesAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Smtp4devWebPort}") };
        var list = JsonNode.Parse(await http.GetStringAsync("/api/messages?pageSize=1000"))!;
        var items = list is JsonArray array ? array : list["results"]!.AsArray();
        var messages = new List<string>();
        foreach (var item in items)
        {
            using var response = await http.GetAsync($"/api/messages/{item!["id"]!.GetValue<string>()}/raw");
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                continue;
            }
            response.EnsureSuccessStatusCode();
            messages.Add(System.Text.Encoding.Latin1.GetString(await response.Content.ReadAsByteArrayAsync()));
        }
        return messages;
    }

    public Task DisposeAsync()
    {
        foreach (var process in new[] { _dovecot, _smtp4dev })
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
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
        return Task.CompletedTask;
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

    private static Process Start(string file, string[] arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForPortAsync(int port, Process process, Func<string> log)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode}: {log()}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(200);
            }
        }
        throw new TimeoutException($"Nothing listens on port {port} after 90 s: {log()}");
    }

}

[CollectionDefinition(Name)]
public sealed class MailServersCollection : ICollectionFixture<MailServers>
{
    public const string Name = "mail servers";
}
