using System.Diagnostics;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Npgsql;
using Regin.Core.Persistence;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Replies;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// The watcher against a real Dovecot mailbox, replies through a real SMTP server (smtp4dev). The watchers run as
/// processes of their own, killed and restarted, in <see cref="WatcherProcessTests"/>.
/// </summary>
public sealed class WatcherTests(MailServers servers) : IClassFixture<MailServers>
{
    internal static Dictionary<string, string?> Settings(MailServers servers, string user) => new()
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
        // The contributions carry our receiving server's verdict (MailTestHost.Authenticated).
        ["Mail:AuthServId"] = MailTestHost.AuthServId,
        // These tests are about the mailbox, not the time budget: a busy test machine must not turn mails into retries.
        ["Mail:MaxSecondsPerMessage"] = "60",
        // Small batches: a kill lands between commits (some mails committed, some not), and the lease is renewed after each.
        ["Mail:BatchSize"] = "4",
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = servers.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",
    };

    internal static MimeMessage Contribution(string from, int i)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = $"Practice {i}";
        message.MessageId = $"watch-{Guid.NewGuid():N}@example.org";
        message.Body = new TextPart("plain") { Text = $"[Q05] Title of the practice\nPractice number {i}\n\n[Q06] Country\nMalta\n" };
        return MailTestHost.Authenticated(message);
    }

    internal static async Task<(int Inbox, int Processed, int Failed)> CountsAsync(MailServers servers, string user)
    {
        using var client = await servers.ConnectAsync(user);
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

    [Fact]
    public async Task New_mail_is_processed_answered_by_smtp_and_moved_to_Processed_after_the_commit()
    {
        var user = servers.NewUser();
        await using var host = await MailTestHost.CreateAsync(Settings(servers, user), watch: true);
        await host.Host.StartAsync();
        // The watcher has made its folders and its cursor: the mailbox is no longer new to it.
        await Eventually.UntilAsync(async () => (await host.CountAsync(db => db.ImapCursors.Count())) == 1);

        var senders = Enumerable.Range(1, 3).Select(i => $"{user}.sender{i}@example.org").ToList();
        var mails = senders.Select(Contribution).ToList();
        var broken = new MimeMessage();
        broken.From.Add(MailboxAddress.Parse($"{user}.macro@example.org"));
        broken.Subject = "macro";
        broken.MessageId = $"watch-macro-{Guid.NewGuid():N}@example.org";
        broken.Body = new Multipart("mixed") { new TextPart("plain") { Text = "attached" }, new MimePart("application", "vnd.ms-word.document.macroEnabled.12") { FileName = "t.docm", Content = new MimeContent(new MemoryStream(new byte[10])) } };
        MailTestHost.Authenticated(broken);
        await servers.AppendAsync(user, mails.Append(broken));

        await Eventually.UntilAsync(async () => await CountsAsync(servers, user) is (0, 3, 1));
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
    public async Task A_large_message_is_downloaded_in_pieces_stored_byte_for_byte_and_read()
    {
        var user = servers.NewUser();
        await using var host = await MailTestHost.CreateAsync(Settings(servers, user), watch: true);
        await host.Host.StartAsync();
        await Eventually.UntilAsync(async () => (await host.CountAsync(db => db.ImapCursors.Count())) == 1);

        // Over the size downloaded into a temporary file by partial fetches (1 MB a piece): 2.5 MB, so three pieces.
        var large = Contribution($"{user}.large@example.org", 1);
        var annex = new byte[2_500_000];
        new Random(7).NextBytes(annex);
        large.Body = new Multipart("mixed")
        {
            large.Body!,
            new MimePart("application", "pdf") { FileName = "scan.pdf", Content = new MimeContent(new MemoryStream(annex)), ContentTransferEncoding = ContentEncoding.Base64 },
        };
        await servers.AppendAsync(user, [large]);

        await Eventually.UntilAsync(async () => await CountsAsync(servers, user) is (0, 1, 0));
        await host.Host.StopAsync();

        // The bytes stored are the server's, whole: the message as Processed holds it.
        using var client = await servers.ConnectAsync(user);
        var processed = await client.GetFolderAsync("Processed");
        await processed.OpenAsync(FolderAccess.ReadOnly);
        using var served = new MemoryStream();
        await (await processed.GetStreamAsync(0)).CopyToAsync(served);
        await client.DisconnectAsync(true);
        var stored = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().SingleAsync(r => r.Channel == "email"));
        Assert.True(stored.Content.Length > 3_000_000);
        Assert.Equal(served.ToArray(), stored.Content);
        // Read from its temporary file: the practice it starts.
        Assert.Equal(1, await host.CountAsync(db => db.Practices.Count()));
        Assert.Equal(MailProcessor.RawProcessed, stored.Outcome);
    }

    [Fact]
    public async Task First_start_on_a_full_mailbox_ingests_the_old_mail_without_answering_it()
    {
        var user = servers.NewUser();
        await servers.AppendAsync(user, Enumerable.Range(1, 5).Select(i => Contribution($"{user}.old{i}@example.org", i)));
        await using var host = await MailTestHost.CreateAsync(Settings(servers, user), watch: true);
        await host.Host.StartAsync();
        await Eventually.UntilAsync(async () => await CountsAsync(servers, user) is (0, 5, 0));

        // New mail after the start is answered.
        var fresh = Contribution($"{user}.new@example.org", 6);
        await servers.AppendAsync(user, [fresh]);
        await Eventually.UntilAsync(async () => await CountsAsync(servers, user) is (0, 6, 0));
        await Eventually.UntilAsync(async () => (await servers.SentRepliesAsync()).Any(r => r.InReplyTo == fresh.MessageId));
        await host.Host.StopAsync();

        Assert.Equal(6, await host.CountAsync(db => db.Practices.Count()));
        var replies = (await servers.SentRepliesAsync()).Where(r => r.To.Mailboxes.Any(m => m.Address.StartsWith(user + ".", StringComparison.Ordinal))).ToList();
        Assert.Single(replies);
    }
}

/// <summary>
/// Watchers as processes of their own, as in production, so they can really be killed: a kill mid-batch and a second
/// watcher on the same mailbox. Classes of their own, one per provider (<see cref="WatcherProcessTestsOnSqlite"/>,
/// <see cref="WatcherProcessTestsOnPostgreSql"/>), so they run beside <see cref="WatcherTests"/> and each other rather
/// than after them: a case starts two watcher processes and waits on them (112–154 s a case at load ~40 in session 42;
/// the four in one class ran 509 s one after another).
/// </summary>
public abstract class WatcherProcessTests(MailServers servers, string provider, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<MailServers>
{
    [Fact]
    public async Task A_watcher_killed_mid_batch_and_restarted_processes_every_message_exactly_once()
    {
        // Where the time goes (the PostgreSQL case once ran past Eventually's 300 s under load): each phase's end, in the
        // test's output, and the watchers' own lines (warnings and above) if it fails.
        var clock = Stopwatch.StartNew();
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Phase(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,7:F1} s  {what}");
        var user = servers.NewUser();
        var folder = Directory.CreateTempSubdirectory("regin-kill-test-").FullName;
        // SQLite: a file the first watcher makes; PostgreSQL: a database of the test run's cluster (accepting writes a
        // batch's rows and bytes in one statement there: a kill mid-batch must still lose and double nothing).
        await using var database = await TestDatabase.CreateAsync(provider);
        Phase("database made");
        var started = 0;
        Process StartWatcher()
        {
            var name = ++started == 1 ? "first" : "second";
            return StartWatcherProcess(folder, database, user, line => lines.Enqueue($"{clock.Elapsed.TotalSeconds,7:F1} s  {name}: {line}"));
        }
        int Count(string sql) => CountRows(database, sql);
        const string Processed = "select count(*) from raw_inputs where \"Channel\" = 'email' and \"Outcome\" = 'processed'";

        var first = StartWatcher();
        try
        {
            await Eventually.UntilAsync(() => Task.FromResult(Count("select count(*) from imap_cursors") == 1));
            Phase("first watcher's cursor made (started, migrated, mailbox opened)");
            // Enough mail that the kill lands mid-mailbox, fewer than Mail:MaxRepliesPerHour (100), so that every mail is
            // answered. The watcher is stopped (SIGSTOP) before the mail comes and then run in steps of ~20 ms (SIGCONT, a
            // step, SIGSTOP), the mail it read counted while it stands still, and killed once 8 or more are read (two of
            // its reading batches committed): wherever it is then (downloading and storing the next mails, reading,
            // committing, moving the read ones out of the inbox), with mail stored and not read, and mail read and not
            // moved, left for the second. Before session 45 it ran freely while the test
            // counted every 5 ms and killed it at 8: on a busy machine the test process waited for a core meanwhile, and
            // the watcher had stored all 96 (its acceptor runs ahead of its reader) or even read and moved them all ("killed
            // with 96 mails stored (96 of them read), 0 in the inbox"; 4 of 9 runs at load 1–70 failed so): a step is ~20 ms
            // of the test's time however long the test waits for a core, and the watcher, as starved, does less in it.
            const int total = 96;
            Signal(first, Stop);
            await servers.AppendAsync(user, Enumerable.Range(1, total).Select(i => WatcherTests.Contribution($"{user}.k{i}@example.org", i)));
            Phase($"{total} mails appended (the watcher stopped)");
            var deadline = DateTime.UtcNow.AddSeconds(300);
            var steps = 0;
            do
            {
                Assert.True(DateTime.UtcNow < deadline, "the watcher read fewer than 8 mails in 300 s");
                Signal(first, Continue);
                await Task.Delay(20);
                Signal(first, Stop);
                steps++;
                await Eventually.UntilAsync(() => Task.FromResult(IsStopped(first)), seconds: 60);
            }
            while (Count(Processed) < 8);
            Phase($"first watcher stopped after {steps} steps: {Count("select count(*) from raw_inputs where \"Channel\" = 'email'")} mails stored, {Count(Processed)} read");
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            var (inboxLeft, _, _) = await WatcherTests.CountsAsync(servers, user);
            var storedAtKill = Count("select count(*) from raw_inputs where \"Channel\" = 'email'");
            Phase($"first watcher killed with {storedAtKill} mails stored ({Count(Processed)} of them read), {inboxLeft} in the inbox");
            Assert.True(inboxLeft > 0, "the watcher finished before it was killed: nothing was left mid-batch");

            var second = StartWatcher();
            try
            {
                // What the second watcher does first depends on where the kill landed: the first one accepts (stores) mail
                // ahead of reading it, and it had stored all 96 before the test saw 8 (session 45: "killed with 96 mails
                // stored, 90 in the inbox"), so the second stored nothing new and a wait for a new row ran out its 300 s
                // while the mailbox was done. So: its lease (it has started and the killed one's lease is over), then
                // every mail read, then every mail moved, whatever the first left.
                await Eventually.UntilAsync(() => Task.FromResult(Scalar(database, "select \"Holder\" from worker_leases where \"Name\" like 'imap:%'") is string holder
                    && holder.Contains($"/{second.Id}/", StringComparison.Ordinal)), seconds: 300);
                Phase("second watcher holds the mailbox (started, lease of the killed one over)");
                await Eventually.UntilAsync(() => Task.FromResult(Count(Processed) == total), seconds: 300);
                Phase("every mail stored and read");
                await Eventually.UntilAsync(async () => await WatcherTests.CountsAsync(servers, user) is (0, total, 0), seconds: 300);
                Phase("every mail moved to Processed");
            }
            catch
            {
                output.WriteLine($"stored {Count("select count(*) from raw_inputs where \"Channel\" = 'email'")} ({Count(Processed)} read), mailbox {await WatcherTests.CountsAsync(servers, user)}; the watchers said:");
                foreach (var line in lines)
                {
                    output.WriteLine(line);
                }
                throw;
            }
            finally
            {
                second.Kill(entireProcessTree: true);
                await second.WaitForExitAsync();
            }
            Assert.Equal(total, Count("select count(*) from raw_inputs where \"Channel\" = 'email'"));
            Assert.Equal(total, Count("select count(*) from raw_inputs where \"Channel\" = 'email' and \"Outcome\" = 'processed'"));
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
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A watcher as its own process, as in production, so it can really be killed.</summary>
    private Process StartWatcherProcess(string folder, string database, string user, Action<string>? log = null) =>
        StartWatcherProcess(folder, new Dictionary<string, string?> { ["ConnectionStrings:Regin"] = $"Data Source={database}" }, user, log);

    private Process StartWatcherProcess(string folder, TestDatabase database, string user, Action<string>? log = null) =>
        StartWatcherProcess(folder, database.Settings, user, log);

    private Process StartWatcherProcess(string folder, IReadOnlyDictionary<string, string?> databaseSettings, string user, Action<string>? log)
    {
        var repo = MailServers.RepoRoot();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(repo, "mail-ingest", "bin", configuration, "net10.0", "Regin.MailIngest.dll");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("watch");
        info.Environment["Telemetry__Exporter"] = "None";
        foreach (var (key, value) in WatcherTests.Settings(servers, user).Concat(databaseSettings))
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        // In a process group of its own that dies with this test process (a watcher outliving an aborted run polled on).
        var process = ProcessWatchdog.StartOwned(info);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log?.Invoke(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log?.Invoke(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private const int Stop = 19;
    private const int Continue = 18;

#pragma warning disable SYSLIB1054 // a plain int call: DllImport marshals nothing here
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
#pragma warning restore SYSLIB1054

    /// <summary>SIGSTOP (19) or SIGCONT (18) to the watcher (Linux, as the mail servers these tests start).</summary>
    private static void Signal(Process process, int signal) =>
        Assert.True(SendSignal(process.Id, signal) == 0, $"signal {signal} to {process.Id}: error {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");

    /// <summary>Whether every thread of the process stands stopped (state T in /proc), so that nothing of it runs while the test counts.</summary>
    private static bool IsStopped(Process process) =>
        Directory.GetDirectories($"/proc/{process.Id}/task").All(task =>
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                return stat[stat.LastIndexOf(')') + 2] is 'T' or 't';
            }
            catch (IOException)
            {
                // A thread that ended meanwhile.
                return true;
            }
        });

    /// <summary>A time of worker_leases as UTC: a DateTime from PostgreSQL (timestamptz), EF Core's text on SQLite.</summary>
    private static DateTime LeaseTime(object? value) => value switch
    {
        DateTime time => time.ToUniversalTime(),
        string text => DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal),
        _ => throw new InvalidOperationException($"no lease time in {value ?? "null"}"),
    };

    private static int CountRows(string database, string sql) => Convert.ToInt32(Scalar(database, sql) ?? 0, System.Globalization.CultureInfo.InvariantCulture);

    private static int CountRows(TestDatabase database, string sql) => Convert.ToInt32(Scalar(database, sql) ?? 0, System.Globalization.CultureInfo.InvariantCulture);

    private static object? Scalar(string database, string sql) =>
        File.Exists(database) ? Scalar(new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False"), sql) : null;

    private static object? Scalar(TestDatabase database, string sql) => database.IsSqlite
        ? Scalar(database.FilePath!, sql)
        : Scalar(new NpgsqlConnection(database.ConnectionString), sql);

    /// <summary>One value read by <paramref name="sql"/>, or null while the database or its tables are not made yet.</summary>
    private static object? Scalar(System.Data.Common.DbConnection connection, string sql)
    {
        using (connection)
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            try
            {
                return command.ExecuteScalar();
            }
            catch (System.Data.Common.DbException)
            {
                return null;
            }
        }
    }

    [Fact]
    public async Task Two_watchers_on_one_mailbox_never_process_a_mail_twice_and_the_second_takes_over_when_the_first_dies()
    {
        var user = servers.NewUser();
        var folder = Directory.CreateTempSubdirectory("regin-two-watchers-").FullName;
        // SQLite: a file the first watcher makes; PostgreSQL: a database of the test run's cluster (the one several
        // hosts would share in production).
        await using var database = await TestDatabase.CreateAsync(provider);
        int Count(string sql) => CountRows(database, sql);
        var watchers = new List<Process> { StartWatcherProcess(folder, database, user) };
        try
        {
            // The second starts once the first has made the database (as a second instance would, later).
            // A process start (and the first migration) is slow on a busy machine: at a load of ~130 on 2 cores the first
            // watcher had not made its cursor within 180 s, so the start waits get Eventually's full deadline.
            await Eventually.UntilAsync(() => Task.FromResult(Count("select count(*) from imap_cursors") == 1));
            var secondLog = new System.Collections.Concurrent.ConcurrentQueue<string>();
            watchers.Add(StartWatcherProcess(folder, database, user, secondLog.Enqueue));
            await Eventually.UntilAsync(() => Task.FromResult(secondLog.Any(l => l.Contains("Another watcher holds", StringComparison.Ordinal))));
            const int first = 30;
            await servers.AppendAsync(user, Enumerable.Range(1, first).Select(i => WatcherTests.Contribution($"{user}.w{i}@example.org", i)));
            await Eventually.UntilAsync(async () => await WatcherTests.CountsAsync(servers, user) is (0, first, 0), seconds: 180);
            // Their replies sent before the kill: a reply the holder dies sending is marked unknown and never sent again (no
            // double), by design; this test is about the takeover (a death mid-batch is the kill test's). The clean clone of
            // session 40 failed once at load ~30 waiting 60 s for all 40 replies sent.
            await Eventually.UntilAsync(() => Task.FromResult(Count("select count(*) from mail_outbox where \"State\" = 'sent'") == first), seconds: 180);

            // The holder dies; the other waits for its lease to end (10 s here), then reads the mail that came meanwhile.
            var holder = (string)Scalar(database, "select \"Holder\" from worker_leases")!;
            var dead = watchers.Single(p => holder.Contains($"/{p.Id}/", StringComparison.Ordinal));
            dead.Kill(entireProcessTree: true);
            await dead.WaitForExitAsync();
            var killedAt = DateTime.UtcNow;
            var deadLeaseEnds = LeaseTime(Scalar(database, "select \"ExpiresAt\" from worker_leases"));
            const int second = 10;
            await servers.AppendAsync(user, Enumerable.Range(first + 1, second).Select(i => WatcherTests.Contribution($"{user}.w{i}@example.org", i)));
            // The takeover happens (a deadline on it, not on the time it took: at a load of ~130 a minute of wall time
            // was not sure). What bounds it does not depend on the load: the dead holder's lease ends at most one lease
            // (Mail:Imap:LeaseSeconds, 10 s) after its death, as its last renewal came before the kill; and the other takes
            // the lease only once it has ended, never while it runs (then two would read the mailbox).
            await Eventually.UntilAsync(() => Task.FromResult(Scalar(database, "select \"Holder\" from worker_leases") is string now && now != holder));
            var takenAt = LeaseTime(Scalar(database, "select \"AcquiredAt\" from worker_leases"));
            output.WriteLine($"lease of the dead holder ends {(deadLeaseEnds - killedAt).TotalSeconds:F1} s after the kill; taken over {(takenAt - deadLeaseEnds).TotalSeconds:F1} s after that");
            Assert.InRange(deadLeaseEnds, DateTime.MinValue, killedAt + TimeSpan.FromSeconds(10));
            Assert.True(takenAt > deadLeaseEnds, $"taken over at {takenAt:O}, while the dead holder's lease ran until {deadLeaseEnds:O}");
            await Eventually.UntilAsync(async () => await WatcherTests.CountsAsync(servers, user) is (0, first + second, 0), seconds: 180);
            await Eventually.UntilAsync(() => Task.FromResult(Count("select count(*) from mail_outbox where \"State\" = 'sent'") == first + second), seconds: 180);

            const int total = first + second;
            Assert.Equal(total, Count("select count(*) from raw_inputs where \"Channel\" = 'email'"));
            Assert.Equal(total, Count("select count(*) from raw_inputs where \"Channel\" = 'email' and \"Outcome\" = 'processed'"));
            Assert.Equal(total, Count("select count(*) from practices"));
            Assert.Equal(total, Count("select count(*) from mail_outbox"));
            var replies = (await servers.SentRepliesAsync()).Where(r => r.To.Mailboxes.Any(m => m.Address.StartsWith(user + ".", StringComparison.Ordinal))).ToList();
            Assert.Equal(total, replies.Count);
            Assert.Equal(total, replies.Select(r => r.InReplyTo).Distinct().Count());
        }
        finally
        {
            foreach (var watcher in watchers.Where(w => !w.HasExited))
            {
                watcher.Kill(entireProcessTree: true);
                await watcher.WaitForExitAsync();
            }
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}

public sealed class WatcherProcessTestsOnSqlite(MailServers servers, Xunit.Abstractions.ITestOutputHelper output) : WatcherProcessTests(servers, TestProviders.Sqlite, output);

public sealed class WatcherProcessTestsOnPostgreSql(MailServers servers, Xunit.Abstractions.ITestOutputHelper output) : WatcherProcessTests(servers, TestProviders.PostgreSql, output);
