using System.Text;
using MimeKit;
using Microsoft.Extensions.DependencyInjection;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Parsing;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Session 56, the mail door's keys: a mail whose header block is over the bounds is refused unparsed and keyed by its
/// bytes' hash on every path (the plain scan gave the Message-ID of a block ending within 128 kB, MimeKit's path the hash),
/// so a mail fetched twice, or again after a restart, is stored once and never read or answered twice.
/// </summary>
public sealed class MailDoor56Tests(MailServers servers) : IClassFixture<MailServers>
{
    /// <summary>Mallory's mail with <paramref name="lines"/> header lines of <paramref name="padding"/> bytes each.</summary>
    private static MimeMessage Oversized(string id, int lines, int padding)
    {
        var m = new MimeMessage();
        m.From.Add(new MailboxAddress("Mallory", "mallory.56@evil.example"));
        m.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        m.Subject = "REGIN";
        m.MessageId = id;
        m.Body = new TextPart("plain") { Text = "[Q05] Header flood\n[Q06] Malta\n" };
        m = MailTestHost.Authenticated(m);
        for (var i = 0; i < lines; i++)
        {
            m.Headers.Add("X-Spam-Score", i + " " + new string('s', padding));
        }
        return m;
    }

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>Over the line bound within 128 kB (the scan keyed it by its Message-ID before), over the byte bound, over the field bound.</summary>
    public static TheoryData<int, int> Shapes() => new() { { 2_100, 0 }, { 1_200, 120 }, { 1, 70_000 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void An_oversized_header_gets_one_key_on_every_path(int lines, int padding)
    {
        var raw = Bytes(Oversized("over.bounds@evil.example", lines, padding));
        Assert.NotNull(HeaderBlock.Refusal(HeaderBlock.Start(new MemoryStream(raw))));
        var key = MailReader.IdentifyByParse(raw);
        Assert.StartsWith("sha256:", key.DedupKey, StringComparison.Ordinal);
        Assert.Null(key.From);
        Assert.Equal(key, MailKeyScan.TryIdentify(raw, new ParserOptions { MaxMimeDepth = MailProcessor.MaxMimeDepth }));
        Assert.Equal(key, MailReader.Identify(raw));
        using var stream = new MemoryStream(raw, writable: false);
        Assert.Equal(key, MailReader.Identify(stream));
    }

    /// <summary>
    /// The same oversized-header mail in the mailbox twice (an IMAP re-delivery), then again after the watcher is stopped and
    /// a new one started on the same database (a restart): one raw input, failed as headers_too_large, no reply (its From is
    /// never read: there is nobody known to answer), every copy moved out of the inbox.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite, 2_100, 0)]
    [InlineData(TestProviders.PostgreSql, 2_100, 0)]
    [InlineData(TestProviders.Sqlite, 1_200, 120)]
    [InlineData(TestProviders.PostgreSql, 1_200, 120)]
    public async Task An_oversized_header_fetched_twice_and_after_a_restart_is_stored_once_and_never_answered(string provider, int lines, int padding)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (host, user) = await ContributorPlay.StartAsync(servers, provider, database: database);
        var mail = Oversized($"{user}.over.bounds@evil.example", lines, padding);
        try
        {
            await servers.AppendAsync(user, mail, mail);
            await Eventually.UntilAsync(async () => await WatcherTests.CountsAsync(servers, user) is (0, var processed, var failed) && processed + failed == 2, 120);
        }
        finally
        {
            await host.Host.StopAsync();
            await host.DisposeAsync();
        }
        var (again, _) = await ContributorPlay.StartAsync(servers, provider, user, database);
        await using (again)
        {
            await servers.AppendAsync(user, mail);
            await Eventually.UntilAsync(async () => await WatcherTests.CountsAsync(servers, user) is (0, var processed, var failed) && processed + failed == 3, 120);
            await again.Host.StopAsync();
            var rows = await again.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<Regin.Core.Persistence.ReginDbContext>().RawInputs
                .Where(r => r.Channel == "email").Select(r => new { r.DedupKey, r.Outcome, r.OutcomeDetail, r.Content }).ToList()));
            var row = Assert.Single(rows);
            // Kept raw as the server gave it (its bytes' hash is the key: Dovecot's copy, not our serialisation).
            Assert.Equal(MailReader.Identify(row.Content).DedupKey, row.DedupKey);
            Assert.Contains(mail.MessageId!, Encoding.ASCII.GetString(row.Content), StringComparison.Ordinal);
            Assert.Equal("failed", row.Outcome);
            Assert.Contains(HeaderBlock.TooLarge + ":", row.OutcomeDetail, StringComparison.Ordinal);
            Assert.DoesNotContain(await servers.SentRepliesAsync(), r => r.InReplyTo == mail.MessageId);
            Assert.Equal(0, await again.CountAsync(db => db.MailOutbox.Count()));
        }
    }
}
