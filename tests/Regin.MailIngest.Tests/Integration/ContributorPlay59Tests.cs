using static Regin.MailIngest.Tests.Integration.ContributorPlay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.MailIngest.Tests.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Session 59 over the wire (SMTP to smtp4dev, its bytes into Dovecot, the watcher over IMAP), on both providers: three of
/// <see cref="MailClients59"/>'s mails as their programs write them: Thunderbird's ISO-8859-7 with Greeklish answers,
/// Gmail's .docx named by RFC 2231, and an Italian PEC envelope whose inner mail is read and answered at its certified
/// sender, not at the provider. The rest of the session's mails are parsing tests (<see cref="Mail59Tests"/>).
/// </summary>
public sealed class ContributorPlay59Tests(MailServers servers) : IClassFixture<MailServers>
{
    public static TheoryData<string, string> Mails() => OnBothProviders("el-thunderbird-greeklish", "pt-gmail-docx", "it-pec");

    [Theory]
    [MemberData(nameof(Mails))]
    public async Task A_mail_as_its_program_writes_it_is_read_and_answered_in_its_language_at_its_sender_and_kept_byte_for_byte(string provider, string name)
    {
        var (host, user) = await StartAsync(servers, provider);
        await using var _ = host;
        var client = MailClients59.Named(name);
        var text = System.Text.Encoding.Latin1.GetString(client.Raw);
        var ids = System.Text.RegularExpressions.Regex.Matches(text, @"(?im)^Message-I[Dd]: <([^>]+)>").Select(m => m.Groups[1].Value).ToList();
        var received = await servers.RelayAsync(user, client.Raw, ids[0]);

        MimeMessage? reply = null;
        await Eventually.UntilAsync(async () => (reply = (await servers.SentRepliesAsync()).LastOrDefault(r => ids.Contains(r.InReplyTo ?? ""))) is not null, 120);
        // The raw mail is kept once, exactly the bytes that came over the wire.
        var rows = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking().Where(r => r.Channel == "email").ToListAsync());
        Assert.Equal(received, Assert.Single(rows).Content);
        Assert.Equal(client.ReplyTo, Assert.Single(reply!.To.Mailboxes).Address);
        Assert.Equal(client.Language, Language(reply));
        var practice = await host.PracticeAsync(System.Text.RegularExpressions.Regex.Match(reply.Subject ?? "", @"REGIN-\d+").Value);
        Assert.NotNull(practice);
        Assert.Equal(client.Title, Original(practice, "title"));
        Assert.Equal(client.Region, Original(practice, "region"));
        Assert.Equal(client.ReplyTo, Answer(practice, "contact_email").Trim('"'));
        Assert.DoesNotContain(practice.Flags, f => f.Reason is FlagReasons.ForwardedBy or FlagReasons.PecSenderDiffers or FlagReasons.HiddenText);
        var body = Body(reply);
        Assert.DoesNotContain(Opening("mail.attachment_not_read", client.Language), body, StringComparison.Ordinal);
        Assert.DoesNotContain("daticert", body, StringComparison.Ordinal);
    }
}
