using System.Net.Sockets;
using MailKit.Net.Smtp;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Intake;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Persistence.Sqlite;
using Regin.Core.Review;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Replies;
using Regin.MailIngest.Tests.Notifications;

namespace Regin.MailIngest.Tests.Security;

/// <summary>The mailbox as a door: who may change a draft, who gets a reply, what SMTP and poison can do to ingest.</summary>
public sealed class MailDoorTests
{
    private static MimeMessage Mail(string from, string subject, string body) => HostileCorpusTests.Mail(from, subject, body);

    /// <summary>
    /// Which of a sender's Message-IDs our reply names in In-Reply-To and References: message ids only. "Message-ID: this is
    /// not one" came back from MimeKit as "thisisnotone" and went out as "In-Reply-To: &lt;thisisnotone&gt;" (h175); an id
    /// longer than a header line holds is dropped too. The reply goes out unthreaded, or under the valid ids alone.
    /// </summary>
    [Theory]
    [InlineData("abc.def@example.org", true)]
    [InlineData("CAF=x+y_z@mail.gmail.com", true)]
    [InlineData("1234@[192.0.2.1]", true)]
    [InlineData("thisisnotamessageidatall", false)]
    [InlineData("@example.org", false)]
    [InlineData("a@", false)]
    [InlineData("a..b@example.org", false)]
    [InlineData("a b@example.org", false)]
    [InlineData("a\r\nBcc: victim@example.net@example.org", false)]
    [InlineData("café@example.org", false)]
    [InlineData("", false)]
    public void Only_message_ids_thread_our_reply(string id, bool threads)
    {
        Assert.Equal(threads, ReplyComposer.IsMessageId(id));
        Assert.False(ReplyComposer.IsMessageId(new string('a', 300) + "@example.org"));
        var thread = ReplyComposer.ThreadReferences(["root@example.org", "words", id], "answered@example.org");
        Assert.Equal(threads ? ["root@example.org", id, "answered@example.org"] : ["root@example.org", "answered@example.org"], thread);
    }

    /// <summary>
    /// Which senders look like the project (mailbox reginproject@crpm.org, a second domain regin-lab.eu, the name REGIN): a
    /// look-alike of a domain of ours (another alphabet's letters, punycode, "rn" for "m", "l" for "i", a hyphen more or
    /// less, another top-level domain, our name inside theirs, one letter off a long name), an address or display name
    /// claiming the project, a Reply-To on a look-alike; and which do not (our own domains, Regina, a name that merely
    /// contains four of our letters).
    /// </summary>
    [Theory]
    [InlineData("REGIN <reginproject@crpm.\u03bfrg>", null, "domain")]
    [InlineData("x@xn--rpm-3ed.org", null, "domain")]
    [InlineData("x@crprn.org", null, "domain")]
    [InlineData("x@crpm.com", null, "domain")]
    [InlineData("x@crpm-org.net", null, "domain")]
    [InlineData("x@crpmorg.com", null, "domain")]
    [InlineData("x@crpm.org.mail-check.net", null, "domain")]
    [InlineData("x@regln-lab.eu", null, "domain")]
    [InlineData("x@reginlab.com", null, "domain")]
    [InlineData("x@re-gin-lab.eu", null, "domain")]
    [InlineData("x@regin-labs.eu", null, "domain")]
    [InlineData("x@secure-regin-lab.eu", null, "domain")]
    [InlineData("x@\uff43rpm.org", null, "domain")]
    [InlineData("REGIN Team <m.ferraro@gmail.com>", null, "display name")]
    [InlineData("\"reginproject@crpm.org\" <mallory@attacker.example>", null, "display name")]
    [InlineData("CRPM secretariat <office@example.com>", null, "display name")]
    [InlineData("regin-support@gmail.com", null, "address")]
    [InlineData("reginproject@gmail.com", null, "address")]
    [InlineData("Pat <pat@example.ie>", "reginproject@crpm.co", "Reply-To")]
    [InlineData("REGIN Team <m.ferraro@gmail.com>", "collect@attacker.example", "differs from From")]
    [InlineData("REGIN Integration Lab <reginproject@crpm.org>", "other@example.org", null)]
    [InlineData("Lab <lab@mail.regin-lab.eu>", null, null)]
    [InlineData("Regina Costa <regina.costa@scrpmedia.it>", null, null)]
    [InlineData("Pat <pat@example.ie>", "pat.private@example.net", null)]
    [InlineData("Maria <maria@regione.emilia-romagna.it>", null, null)]
    [InlineData("Jürgen <j@müller-verein.de>", null, null)]
    public void Senders_that_look_like_the_project_are_told_apart(string from, string? replyTo, string? signal)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        if (replyTo is not null)
        {
            message.ReplyTo.Add(MailboxAddress.Parse(replyTo));
        }
        var found = new LookalikeSender("reginproject@crpm.org", ["regin-lab.eu"], ["REGIN"]).Check(message);
        if (signal is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.NotNull(found);
            Assert.Contains(found!.Signals, s => s.Contains(signal, StringComparison.Ordinal));
        }
    }

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task Our_reply_carries_a_signed_thread_id_that_verifies_only_unchanged_and_the_key_is_kept_in_the_database()
    {
        await using var database = await TestDatabase.CreateAsync(TestProviders.Sqlite);
        string messageId;
        await using (var host = await MailTestHost.CreateAsync(database: database))
        {
            await HostileCorpusTests.VictimAsync(host);
            messageId = Assert.Single(await host.OutboxAsync()).MessageId!;
        }
        Assert.StartsWith("regin.REGIN-0001.", messageId, StringComparison.Ordinal);
        await using (var again = await MailTestHost.CreateAsync(database: database))
        {
            var key = await again.WithScopeAsync(sp => sp.GetRequiredService<ThreadTokens>().KeyAsync(sp.GetRequiredService<ReginDbContext>()));
            Assert.True(ThreadTokens.TryVerify(key, messageId, out var reference));
            Assert.Equal("REGIN-0001", reference);
            Assert.False(ThreadTokens.TryVerify(key, messageId.Replace("REGIN-0001", "REGIN-0002", StringComparison.Ordinal), out _));
            var mac = messageId[(messageId.LastIndexOf('.', messageId.IndexOf('@')) + 1)..messageId.IndexOf('@')];
            Assert.False(ThreadTokens.TryVerify(key, messageId.Replace(mac, new string('0', mac.Length), StringComparison.Ordinal), out _));
            Assert.Equal(1, await again.CountAsync(db => db.AppSecrets.Count()));
        }
    }

    [Fact]
    public async Task An_unauthenticated_colleague_in_our_signed_thread_changes_nothing_and_the_contributor_is_told_at_her_address()
    {
        // A colleague at Alice's organisation (a stranger elsewhere holding our thread id changes nothing: hostile h222-h225).
        // Until session 47b his answers were applied, flagged; since then a mail our server does not vouch for changes nothing
        // of a practice it did not start: it is held as a proposed change, and Alice, not he, is told.
        await using var host = await MailTestHost.CreateAsync();
        await HostileCorpusTests.VictimAsync(host);
        var ourReply = Assert.Single(await host.OutboxAsync());
        var colleague = Mail("pat@example.org", "Re: REGIN", "[Q03] pat@example.org\n[Q07] Malta\n");
        colleague.InReplyTo = ourReply.MessageId;
        var result = await host.IngestAsync(colleague);

        Assert.Equal((MailOutcomes.UnverifiedUpdate, "REGIN-0001"), (result.Outcome, result.Reference));
        Assert.StartsWith("held in our thread: answers=2 not applied contact_told", result.Detail, StringComparison.Ordinal);
        var practice = await host.PracticeAsync("REGIN-0001");
        Assert.DoesNotContain(practice!.Answers, a => a.QuestionId == "region");
        Assert.Equal("alice@example.org", practice.ContributorEmail);
        Assert.DoesNotContain(practice.Identities, i => i.ExternalId == "pat@example.org");
        var held = Assert.Single(practice.Flags, f => f.Reason == FlagReasons.UnverifiedUpdate);
        Assert.Contains("[Q03] pat@example.org (stored: alice@example.org); [Q07] Malta (none stored)", held.Detail, StringComparison.Ordinal);
        var outbox = await host.OutboxAsync();
        Assert.Equal(2, outbox.Count);
        Assert.All(outbox, m => Assert.Equal("alice@example.org", m.To.Mailboxes.Single().Address));

        // A second such mail the same day: counted on his open flag (one open flag an address since session 50), Alice not told
        // again; its value held on its question.
        var again = Mail("pat@example.org", "Re: REGIN", "[Q13] 2019\n");
        again.InReplyTo = ourReply.MessageId;
        var second = await host.IngestAsync(again);
        Assert.Equal(MailOutcomes.UnverifiedUpdate, second.Outcome);
        Assert.DoesNotContain("contact_told", second.Detail, StringComparison.Ordinal);
        Assert.Equal(2, (await host.OutboxAsync()).Count);
        practice = (await host.PracticeAsync("REGIN-0001"))!;
        var counted = Assert.Single(practice.Flags, f => f.Reason == FlagReasons.UnverifiedUpdate);
        Assert.Contains("1 more like it", counted.Detail, StringComparison.Ordinal);
        // The newest mail's words, its brackets shown as parentheses (they cannot fake the count).
        Assert.Contains("(Q13) 2019", counted.Detail, StringComparison.Ordinal);
        Assert.Contains(practice.Flags, f => f.Reason == FlagReasons.ChangeHeld && f.QuestionId == "start_date" && f.Detail!.Contains("2019", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_ReplyToUnauthenticated_the_reply_goes_to_the_From_address_under_a_fixed_subject_and_quotes_nothing()
    {
        await using var host = await MailTestHost.CreateAsync(new() { ["Mail:ReplyToUnauthenticated"] = "true" });
        var mail = Mail("r1@attacker.example", "Your account is locked - verify at https://evil.example/login", "[Q05] Visit https://evil.example/login now\n[Q13] visit https://evil.example\n");
        mail.ReplyTo.Add(MailboxAddress.Parse("victim@example.net"));
        var result = await host.IngestAsync(mail);

        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Equal("r1@attacker.example", reply.To.Mailboxes.Single().Address);
        Assert.Equal($"REGIN: your practice {result.Reference}", reply.Subject);
        Assert.DoesNotContain("evil.example", reply.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("locked", reply.TextBody, StringComparison.Ordinal);
        Assert.Contains("[Q13]", reply.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mail_without_answers_is_answered_under_the_fixed_localised_subject_never_its_own()
    {
        await using var host = await MailTestHost.CreateAsync();
        await host.IngestAsync(MailTestHost.Authenticated(Mail("anna@example.se", "Buy cheap watches at https://spam.example", "Hej")));
        var reply = Assert.Single(await host.OutboxAsync());
        // In the language of the sender's own words ("Hej"), never their subject.
        Assert.Equal("REGIN Integration Lab: mall för insatser", reply.Subject);
    }

    [Fact]
    public async Task Replies_are_capped_per_recipient_per_day_and_in_all_per_hour()
    {
        await using var host = await MailTestHost.CreateAsync(new() { ["Mail:MaxRepliesPerHour"] = "5" });
        // Each mail leaves other questions missing: five different error replies, of which three go out.
        string[] extra = ["[Q01] Anna", "[Q02] Org", "[Q08] Lead", "[Q06] Malta", "[Q12] Partners"];
        for (var i = 0; i < 5; i++)
        {
            await host.IngestAsync(MailTestHost.Authenticated(Mail("busy@example.org", $"Practice {i}", $"[Q05] Practice number {i}\n{extra[i]}\n")));
        }
        Assert.Equal(3, (await host.OutboxAsync()).Count);
        for (var i = 0; i < 4; i++)
        {
            await host.IngestAsync(MailTestHost.Authenticated(Mail($"other{i}@example.org", "Practice", "[Q05] Another practice\n")));
        }
        Assert.Equal(5, (await host.OutboxAsync()).Count);
        Assert.Equal(9, await host.CountAsync(db => db.Practices.Count()));
    }

    /// <summary>Fails in a chosen way; counts what it sends.</summary>
    private sealed class FlakySender(Func<MimeMessage, Exception?> failure) : IReplySender
    {
        public List<MimeMessage> Sent { get; } = [];

        public Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
        {
            if (failure(message) is { } error)
            {
                throw error;
            }
            lock (Sent)
            {
                Sent.Add(message);
            }
            return Task.CompletedTask;
        }

        public bool IsPermanent(Exception error) => error is SmtpCommandException { StatusCode: >= (SmtpStatusCode)500 };
    }

    private static Task<int> SendAsync(MailTestHost host, IReplySender sender) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<Outbox>().SendPendingAsync(sender));

    private static Task<List<MailOutboxMessage>> RowsAsync(MailTestHost host) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().MailOutbox.AsNoTracking().OrderBy(r => r.Id).ToListAsync());

    [Fact]
    public async Task A_4xx_is_retried_later_with_backoff_a_5xx_fails_for_good_and_neither_stops_the_other_replies()
    {
        await using var host = await MailTestHost.CreateAsync();
        foreach (var who in new[] { "busy@no-such-domain.example", "refused@example.org", "fine@example.org" })
        {
            await host.IngestAsync(MailTestHost.Authenticated(Mail(who, "Practice", "[Q05] A practice\n")));
        }
        var sender = new FlakySender(m => m.To.Mailboxes.Single().Address switch
        {
            "busy@no-such-domain.example" => new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxBusy, "450 4.1.2 Domain not found"),
            "refused@example.org" => new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, "550 5.1.1 No such user"),
            _ => null,
        });

        // The retry's time against the moment before the send: a send slowed by a busy machine does not eat the margin.
        var beforeSend = DateTime.UtcNow;
        Assert.Equal(1, await SendAsync(host, sender));
        var rows = await RowsAsync(host);
        Assert.Equal((MailOutboxStates.Pending, 1), (rows[0].State, rows[0].Attempts));
        Assert.True(rows[0].NextAttemptAt > beforeSend.AddSeconds(20), $"the retry waits (next attempt {rows[0].NextAttemptAt:O}, send at {beforeSend:O})");
        Assert.Contains("450", rows[0].LastError, StringComparison.Ordinal);
        Assert.Equal(MailOutboxStates.Failed, rows[1].State);
        Assert.Equal(MailOutboxStates.Sent, rows[2].State);
        // Not due yet: nothing is tried again now.
        Assert.Equal(0, await SendAsync(host, sender));
        Assert.Equal(1, (await RowsAsync(host))[0].Attempts);
    }

    [Fact]
    public async Task An_unreachable_smtp_server_pauses_sending_without_an_error_and_the_replies_wait()
    {
        await using var host = await MailTestHost.CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            await host.IngestAsync(MailTestHost.Authenticated(Mail($"c{i}@example.org", "Practice", "[Q05] A practice\n")));
        }
        var down = new FlakySender(_ => new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal(0, await SendAsync(host, down));
        var rows = await RowsAsync(host);
        Assert.Equal(1, rows.Sum(r => r.Attempts));
        Assert.All(rows, r => Assert.Equal(MailOutboxStates.Pending, r.State));
        // Ingest goes on meanwhile.
        Assert.Equal(MailOutcomes.Created, (await host.IngestAsync(MailTestHost.Authenticated(Mail("late@example.org", "Practice", "[Q05] Late\n")))).Outcome);
    }

    [Fact]
    public async Task Two_workers_sending_the_outbox_at_once_send_each_reply_once()
    {
        await using var host = await MailTestHost.CreateAsync(new() { ["Mail:MaxRepliesPerHour"] = "1000" });
        for (var i = 0; i < 30; i++)
        {
            await host.IngestAsync(MailTestHost.Authenticated(Mail($"p{i}@example.org", "Practice", "[Q05] A practice\n")));
        }
        var sender = new FlakySender(_ => null);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => SendAsync(host, sender))));
        Assert.Equal(30, sender.Sent.Count);
        Assert.Equal(30, sender.Sent.Select(m => m.MessageId).Distinct().Count());
        Assert.All(await RowsAsync(host), r => Assert.Equal((MailOutboxStates.Sent, 1), (r.State, r.Attempts)));
    }

    [Fact]
    public async Task A_reply_left_sending_by_a_crash_becomes_unknown_and_is_not_sent_again()
    {
        await using var host = await MailTestHost.CreateAsync();
        await host.IngestAsync(MailTestHost.Authenticated(Mail("c@example.org", "Practice", "[Q05] A practice\n")));
        await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().MailOutbox.ExecuteUpdateAsync(u => u
            .SetProperty(r => r.State, MailOutboxStates.Sending).SetProperty(r => r.ClaimedAt, DateTime.UtcNow.AddHours(-1))));
        var sender = new FlakySender(_ => null);
        Assert.Equal(0, await SendAsync(host, sender));
        Assert.Equal(MailOutboxStates.Unknown, Assert.Single(await RowsAsync(host)).State);
        Assert.Empty(sender.Sent);
    }

    [Fact]
    public async Task A_mail_that_fails_three_times_is_failed_with_its_reason_and_the_mail_behind_it_is_read()
    {
        await using var host = await MailTestHost.CreateAsync();
        await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().Database.ExecuteSqlRawAsync(
            "CREATE TRIGGER poison BEFORE INSERT ON answers WHEN NEW.Original = 'Poisoned practice' BEGIN SELECT RAISE(ABORT, 'poison answer'); END;"));
        var poison = Bytes(MailTestHost.Authenticated(Mail("p@example.org", "Practice", "[Q05] Poisoned practice\n")));
        var outcomes = new List<MailResult>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add(await host.IngestAsync(poison));
        }
        Assert.Equal([MailOutcomes.Retry, MailOutcomes.Retry, MailOutcomes.Failed], outcomes.Select(o => o.Outcome));
        Assert.Contains("gave_up: 3 attempts", outcomes[2].Detail, StringComparison.Ordinal);
        Assert.Contains("poison answer", outcomes[2].Detail, StringComparison.Ordinal);
        var again = await host.IngestAsync(poison);
        Assert.True(again is { Outcome: MailOutcomes.Duplicate, IsFailure: true });
        Assert.Equal(MailOutcomes.Created, (await host.IngestAsync(MailTestHost.Authenticated(Mail("q@example.org", "Practice", "[Q05] Healthy practice\n")))).Outcome);
        Assert.Equal(0, await host.CountAsync(db => db.Practices.Count(p => p.Answers.Any(a => a.Original == "Poisoned practice"))));
    }

    [Fact]
    public async Task Two_workers_processing_the_same_mail_at_once_make_one_draft_and_one_reply()
    {
        await using var host = await MailTestHost.CreateAsync();
        for (var round = 0; round < 5; round++)
        {
            var bytes = Bytes(MailTestHost.Authenticated(Mail($"twice{round}@example.org", "Practice", "[Q05] Twice\n[Q06] Malta\n")));
            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => host.IngestAsync(bytes))));
            Assert.Single(results, r => r.Outcome == MailOutcomes.Created);
            Assert.Single(results, r => r.Outcome is MailOutcomes.Duplicate or MailOutcomes.InProgress);
        }
        Assert.Equal(5, await host.CountAsync(db => db.Practices.Count()));
        Assert.Equal(5, (await host.OutboxAsync()).Count);
    }

    [Fact]
    public async Task A_lease_has_one_holder_is_renewed_by_it_and_taken_over_after_it_expires()
    {
        await using var host = await MailTestHost.CreateAsync();
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReginDbContext>();
            var now = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);
            var minute = TimeSpan.FromMinutes(1);
            Assert.True(await WorkerLeases.TryAcquireAsync(db, "imap:x", "first", minute, now));
            Assert.False(await WorkerLeases.TryAcquireAsync(db, "imap:x", "second", minute, now.AddSeconds(30)));
            Assert.True(await WorkerLeases.TryAcquireAsync(db, "imap:x", "first", minute, now.AddSeconds(50)));
            Assert.False(await WorkerLeases.TryAcquireAsync(db, "imap:x", "second", minute, now.AddSeconds(100)));
            Assert.True(await WorkerLeases.TryAcquireAsync(db, "imap:x", "second", minute, now.AddSeconds(111)));
            Assert.False(await WorkerLeases.TryAcquireAsync(db, "imap:x", "first", minute, now.AddSeconds(112)));
            Assert.Equal("second", (await WorkerLeases.FindAsync(db, "imap:x"))!.Holder);
            await WorkerLeases.ReleaseAsync(db, "imap:x", "second");
            Assert.True(await WorkerLeases.TryAcquireAsync(db, "imap:x", "first", minute, now.AddSeconds(113)));
            return true;
        });
    }

    [Fact]
    public async Task A_request_for_changes_follows_the_contributors_own_channel_not_a_strangers_mail_nor_our_reply()
    {
        await using var host = await MailTestHost.CreateAsync();
        // A chat contributor's practice, as the bot leaves it: identity, and their message in the raw-input log.
        var practiceId = await host.WithScopeAsync(async sp =>
        {
            var intake = sp.GetRequiredService<IntakeService>();
            var practice = await intake.StartDraftAsync(new ContributorKey("webchat", "u-42"), "en", Channels.Chat);
            var db = sp.GetRequiredService<ReginDbContext>();
            db.RawInputs.Add(new RawInput { Channel = "webchat", DedupKey = "activity-1", ConversationId = "conv-1", ContentType = "application/json", Content = [1], PracticeId = practice.Id, Outcome = "processed" });
            await db.SaveChangesAsync();
            await db.Practices.Where(p => p.Id == practice.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, PracticeStatus.Submitted));
            return practice.Id;
        });
        // A stranger names it by mail (unauthenticated), then an authenticated stranger does.
        Assert.Equal(MailOutcomes.UnverifiedUpdate, (await host.IngestAsync(Mail("mallory@attacker.example", "REGIN-0001", "[Q03] mallory@attacker.example\n"))).Outcome);
        Assert.Equal(MailOutcomes.Created, (await host.IngestAsync(MailTestHost.Authenticated(Mail("bob@example.net", "REGIN-0001", "[Q05] Bob's\n")))).Outcome);

        var notification = await host.WithScopeAsync(sp => Workflow(sp).RequestChangesAsync(practiceId, "Please add the budget.", "researcher@regin.eu", null));
        Assert.Equal(("webchat", "u-42", "conv-1"), (notification.Channel, notification.Recipient, notification.ConversationId));

        // An e-mail contributor: our reply sits in the outbox, not in the raw inputs, so their own mail decides.
        var alice = await host.IngestAsync(MailTestHost.Authenticated(Mail("alice@example.org", "REGIN", "[Q05] Alice's practice\n")));
        var alicePractice = (await host.PracticeAsync(alice.Reference))!.Id;
        await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().Practices.Where(p => p.Id == alicePractice).ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, PracticeStatus.Submitted)));
        var toAlice = await host.WithScopeAsync(sp => Workflow(sp).RequestChangesAsync(alicePractice, "Please add the budget.", "researcher@regin.eu", null));
        Assert.Equal(("email", "alice@example.org"), (toAlice.Channel, toAlice.Recipient));
        Assert.Equal(0, await host.CountAsync(db => db.RawInputs.Count(r => r.Channel != "email" && r.Channel != "webchat")));
    }

    /// <summary>The researchers' workflow as the review host builds it, on the mail host's services.</summary>
    private static PracticeWorkflow Workflow(IServiceProvider services)
    {
        var db = services.GetRequiredService<ReginDbContext>();
        return ActivatorUtilities.CreateInstance<PracticeWorkflow>(services,
            ActivatorUtilities.CreateInstance<ReviewChanges>(services), new ContributorRouter(db), (IContributorNotifier)new OutboxContributorNotifier(db));
    }

    [Fact]
    public async Task The_migration_moves_old_replies_and_the_imap_cursor_out_of_the_raw_inputs()
    {
        var folder = Directory.CreateTempSubdirectory("regin-migrate-").FullName;
        var builder = new DbContextOptionsBuilder<ReginDbContext>();
        builder.UseReginSqlite($"Data Source={Path.Combine(folder, "regin.db")}");
        var options = builder.Options;
        await using (var db = new ReginDbContext(options))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261126051507_AddDirectLine");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO raw_inputs (Channel, DedupKey, ConversationId, ContentType, Content, ReceivedAt, Outcome, OutcomeDetail) VALUES
                ('email', 'mid:a@example.org', 'a@example.org', 'message/rfc822', X'41', '2026-11-29 10:00:00+00:00', 'processed', NULL),
                ('email-out', 'reply:a@example.org', 'A@example.org', 'message/rfc822', X'42', '2026-11-29 10:00:01+00:00', 'sent', NULL),
                ('email-out', 'limit:b@example.org:x:2026-11-29', 'b@example.org', 'message/rfc822', X'43', '2026-11-29 10:00:02+00:00', 'pending', NULL),
                ('imap-cursor', 'regin@imap.example/INBOX', NULL, 'text/plain', CAST('1700000000 42 17' AS BLOB), '2026-11-29 10:00:03+00:00', 'cursor', NULL);
                """);
            await db.Database.MigrateAsync();
            Assert.Equal(["email"], await db.RawInputs.Select(r => r.Channel).ToListAsync());
            var outbox = await db.MailOutbox.OrderBy(r => r.Id).ToListAsync();
            Assert.Equal([("a@example.org", MailOutboxStates.Sent), ("b@example.org", MailOutboxStates.Pending)], outbox.Select(r => (r.Recipient, r.State)));
            var cursor = await db.ImapCursors.SingleAsync();
            Assert.Equal(("regin@imap.example/INBOX", 1700000000L, 42L, 17L), (cursor.Mailbox, cursor.UidValidity, cursor.LastUid, cursor.BacklogUid));
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
