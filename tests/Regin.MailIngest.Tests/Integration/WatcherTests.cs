using System.Diagnostics;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Replies;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>The watcher against a real Dovecot mailbox, replies through a real SMTP server (smtp4dev).</summary>
[Collection(MailServersCollection.Name)]
public sealed class WatcherTests(MailServers servers)
{
    private Dictionary<string, string?> Settings(string user) => new()
    {
        ["Mail:Imap:Host"] = "127.0.0.1",
        ["Mail:Imap:Port"] = servers.ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Imap:Security"] = "None",
        ["Mail:Imap:Username"] = user,
        ["Mail:Imap:Password"] = MailServers.Password,
        ["Mail:Imap:PollSeconds"] = "5",
        ["Mail:Imap:RetrySeconds"] = "1",
        // A watcher killed by a test holds the mailbox until its lease ends.
        ["Mail:Imap:LeaseSeconds"] = "10",
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = servers.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",
    };

    private static MimeMessage Contribution(string from, int i)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = $"Practice {i}";
        message.MessageId = $"watch-{Guid.NewGuid():N}@example.org";
        message.Body = new TextPart("plain") { Text = $"[Q05] Title of the practice\nPractice number {i}\n\n[Q06] Country\nMalta\n" };
        return MailTestHost.Authenticated(message);
    }

    private async Task<ImapClient> ConnectAsync(string user)
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", servers.ImapPort, SecureSocketOptions.None);
        await client.AuthenticateAsync(user, MailServers.Password);
        return client;
    }

    private async Task AppendAsync(string user, IEnumerable<MimeMessage> messages)
    {
        using var client = await ConnectAsync(user);
        foreach (var message in messages)
        {
            await client.Inbox.AppendAsync(message);
        }
        await client.DisconnectAsync(true);
    }

    private async Task<(int Inbox, int Processed, int Failed)> CountsAsync(string user)
    {
        using var client = await ConnectAsync(user);
        async Task<int> Count(string name)
        {
            try
            {
                var folder = name == "INBOX" ? client.Inbox : await client.GetFolderAsync(name);
                await folder.StatusAsync(StatusItems.Count);
                return folder.Count;
            }
            catch (FolderNotFoundException)
            {
                return 0;
            }
        }
        var counts = (await Count("INBOX"), await Count("Processed"), await Count("Failed"));
        await client.DisconnectAsync(true);
        return counts;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, int seconds = 60)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException("The condition was not met in time.");
            }
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task New_mail_is_processed_answered_by_smtp_and_moved_to_Processed_after_the_commit()
    {
        var user = servers.NewUser();
        await using var host = await MailTestHost.CreateAsync(Settings(user), watch: true);
        await host.Host.StartAsync();
        // The watcher has made its folders and its cursor: the mailbox is no longer new to it.
        await UntilAsync(async () => (await host.CountAsync(db => db.ImapCursors.Count())) == 1);

        var senders = Enumerable.Range(1, 3).Select(i => $"{user}.sender{i}@example.org").ToList();
        var mails = senders.Select(Contribution).ToList();
        var broken = new MimeMessage();
        broken.From.Add(MailboxAddress.Parse($"{user}.macro@example.org"));
        broken.Subject = "macro";
        broken.MessageId = $"watch-macro-{Guid.NewGuid():N}@example.org";
        broken.Body = new Multipart("mixed") { new TextPart("plain") { Text = "attached" }, new MimePart("application", "vnd.ms-word.document.macroEnabled.12") { FileName = "t.docm", Content = new MimeContent(new MemoryStream(new byte[10])) } };
        MailTestHost.Authenticated(broken);
        await AppendAsync(user, mails.Append(broken));

        await UntilAsync(async () => await CountsAsync(user) is (0, 3, 1));
        await host.Host.StopAsync();

        Assert.Equal(3, await host.CountAsync(db => db.Practices.Count()));
        var replies = (await servers.SentRepliesAsync()).Where(r => r.To.Mailboxes.Any(m => m.Address.StartsWith(user + ".", StringComparison.Ordinal))).ToList();
        Assert.Equal(4, replies.Count);
        foreach (var mail in mails)
        {
            var reply = Assert.Single(replies, r => r.InReplyTo == mail.MessageId);
            Assert.Equal("auto-replied", reply.Headers["Auto-Submitted"]);
            Assert.Contains("REGIN-", reply.Subject, StringComparison.Ordinal);
        }
        Assert.Equal(0, await host.CountAsync(db => db.MailOutbox.Count(r => r.State == Regin.Core.Persistence.Entities.MailOutboxStates.Pending)));
    }

    [Fact]
    public async Task First_start_on_a_full_mailbox_ingests_the_old_mail_without_answering_it()
    {
        var user = servers.NewUser();
        await AppendAsync(user, Enumerable.Range(1, 5).Select(i => Contribution($"{user}.old{i}@example.org", i)));
        await using var host = await MailTestHost.CreateAsync(Settings(user), watch: true);
        await host.Host.StartAsync();
        await UntilAsync(async () => await CountsAsync(user) is (0, 5, 0));

        // New mail after the start is answered.
        var fresh = Contribution($"{user}.new@example.org", 6);
        await AppendAsync(user, [fresh]);
        await UntilAsync(async () => await CountsAsync(user) is (0, 6, 0));
        await UntilAsync(async () => (await servers.SentRepliesAsync()).Any(r => r.InReplyTo == fresh.MessageId));
        await host.Host.StopAsync();

        Assert.Equal(6, await host.CountAsync(db => db.Practices.Count()));
        var replies = (await servers.SentRepliesAsync()).Where(r => r.To.Mailboxes.Any(m => m.Address.StartsWith(user + ".", StringComparison.Ordinal))).ToList();
        Assert.Single(replies);
    }

    [Fact]
    public async Task A_watcher_killed_mid_batch_and_restarted_processes_every_message_exactly_once()
    {
        var user = servers.NewUser();
        var folder = Directory.CreateTempSubdirectory("regin-kill-test-").FullName;
        var database = Path.Combine(folder, "regin.db");
        // The watcher runs as its own process, as in production, so it can really be killed.
        Process StartWatcher()
        {
            var repo = MailServers.RepoRoot();
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var dll = Path.Combine(repo, "mail-ingest", "bin", configuration, "net10.0", "Regin.MailIngest.dll");
            var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(dll);
            info.ArgumentList.Add("watch");
            info.Environment["ConnectionStrings__Regin"] = $"Data Source={database}";
            foreach (var (key, value) in Settings(user))
            {
                info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }
        int Count(string sql)
        {
            if (!File.Exists(database))
            {
                return 0;
            }
            using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            try
            {
                return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (SqliteException)
            {
                return 0;
            }
        }

        var first = StartWatcher();
        try
        {
            await UntilAsync(() => Task.FromResult(Count("select count(*) from imap_cursors") == 1));
            const int total = 40;
            await AppendAsync(user, Enumerable.Range(1, total).Select(i => Contribution($"{user}.k{i}@example.org", i)));
            await UntilAsync(() => Task.FromResult(Count("select count(*) from raw_inputs where Channel = 'email'") >= 8));
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            var (inboxLeft, _, _) = await CountsAsync(user);
            Assert.True(inboxLeft > 0, "the watcher finished before it was killed: nothing was left mid-batch");

            var second = StartWatcher();
            try
            {
                await UntilAsync(async () => await CountsAsync(user) is (0, total, 0), seconds: 120);
            }
            finally
            {
                second.Kill(entireProcessTree: true);
                await second.WaitForExitAsync();
            }
            Assert.Equal(total, Count("select count(*) from raw_inputs where Channel = 'email'"));
            Assert.Equal(total, Count("select count(*) from raw_inputs where Channel = 'email' and Outcome = 'processed'"));
            Assert.Equal(total, Count("select count(*) from practices"));
            Assert.Equal(total, Count("select count(*) from mail_outbox"));
        }
        finally
        {
            if (!first.HasExited)
            {
                first.Kill(entireProcessTree: true);
            }
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
