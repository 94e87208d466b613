using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Security;

/// <summary>
/// Look-alikes of a contributor's domain (<see cref="ContributorDomains"/>): Anna at Region Västernorrland sent her practice
/// from region-vasternorrland.se, authenticated; a stranger who owns a domain that reads as hers is processed as the
/// stranger he is, his practice flagged <c>sender_lookalike</c>, and the reply he gets quotes nothing of his. On both
/// providers: <see cref="ContributorLookalikeTestsOnSqlite"/>, <see cref="ContributorLookalikeTestsOnPostgreSql"/>.
/// </summary>
public abstract class ContributorLookalikeTests(string provider)
{
    private const string Anna = "anna.lindqvist@region-vasternorrland.se";
    private const string AnnasTitle = "Språkcafé för nyanlända i Sundsvall";
    // What an impostor wants the project to sign: his words in our reply, to forward as ours.
    private const string Bait = "Bekräfta ert konto på https://rvn-login.example/verify";

    private static MimeMessage Mail(string from, string subject, string body)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.se");
        message.Body = new TextPart("plain") { Text = body };
        return MailTestHost.Authenticated(message);
    }

    private static MimeMessage AnnasPractice() =>
        Mail($"Anna Lindqvist <{Anna}>", "Vår praktik", $"Hej!\n\nHär kommer vår praktik.\n\n[Q05] {AnnasTitle}\n[Q06] Sverige\n\nMed vänliga hälsningar\nAnna\n");

    private static MimeMessage Impostor(string address) =>
        Mail($"Anna Lindqvist <{address}>", "Rättelse REGIN-0001", $"Hej, en rättelse till vår praktik:\n\n[Q05] {Bait}\n");

    private async Task<MailTestHost> HostWithAnnasPracticeAsync(TestDatabase? database = null)
    {
        var host = await MailTestHost.CreateAsync(provider: provider, database: database);
        var anna = await host.IngestAsync(AnnasPractice());
        Assert.Equal((MailOutcomes.Created, "REGIN-0001"), (anna.Outcome, anna.Reference));
        return host;
    }

    private static async Task AssertFlaggedAndAnsweredWithNothingOfHisAsync(MailTestHost host, MailResult result, string address)
    {
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.NotEqual("REGIN-0001", result.Reference);
        var practice = await host.PracticeAsync(result.Reference);
        var flag = Assert.Single(practice!.Flags, f => f.Reason == "sender_lookalike");
        Assert.Contains("looks like region-vasternorrland.se, a contributor's domain", flag.Detail, StringComparison.Ordinal);
        var anna = await host.PracticeAsync("REGIN-0001");
        Assert.Equal(AnnasTitle, anna!.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.DoesNotContain(anna.Flags, f => f.Reason == "sender_lookalike");
        // Compared as mail servers write them: MimeKit reads a punycode domain as Unicode.
        var reply = Assert.Single(await host.OutboxAsync(), r => MailboxAddress.EncodeAddrspec(r.To.Mailboxes.Single().Address) == MailboxAddress.EncodeAddrspec(address));
        Assert.DoesNotContain("rvn-login.example", reply.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("anna.lindqvist@region-v\u0430sternorrland.se")] // a Cyrillic "а"
    [InlineData("anna.lindqvist@xn--region-vsternorrland-wgq.se")] // the same, as mail servers write it
    [InlineData("anna.lindqvist@region-vastemorrland.se")] // "rn" written "m"
    [InlineData("anna.lindqvist@region-vasternorland.se")] // one letter off
    [InlineData("anna.lindqvist@regionvasternorrland.se")] // the hyphen dropped
    public async Task A_domain_that_reads_as_a_contributors_is_flagged_and_answered_with_nothing_of_its_own(string address)
    {
        await using var host = await HostWithAnnasPracticeAsync();

        var result = await host.IngestAsync(Impostor(address));

        await AssertFlaggedAndAnsweredWithNothingOfHisAsync(host, result, address);
    }

    [Theory]
    [InlineData("erik.berg@region-vasternorrland.se")] // her colleague
    [InlineData("erik.berg@sundsvall.region-vasternorrland.se")] // a subdomain of hers
    [InlineData("erik.berg@region-vasternorrland.com")] // another suffix: providers have many (gmx.de, gmx.at)
    [InlineData("erik.berg@region-norrbotten.se")] // another region
    public async Task Her_colleagues_and_other_regions_are_not_lookalikes(string address)
    {
        await using var host = await HostWithAnnasPracticeAsync();

        var result = await host.IngestAsync(Mail($"Erik Berg <{address}>", "Vår praktik", "[Q05] Läxhjälp på biblioteket\n[Q06] Sverige\n"));

        Assert.Equal(MailOutcomes.Created, result.Outcome);
        await AssertNotFlaggedAsync(host, result);
        Assert.Contains("Läxhjälp på biblioteket", Assert.Single(await host.OutboxAsync(), r => r.To.Mailboxes.Single().Address == address).TextBody, StringComparison.Ordinal);
    }

    private static async Task AssertNotFlaggedAsync(MailTestHost host, MailResult result)
    {
        var practice = await host.PracticeAsync(result.Reference);
        Assert.DoesNotContain(practice!.Flags, f => f.Reason == "sender_lookalike");
    }

    // One letter off the impostor's "region-vasternorland.se", two off Anna's: not flagged, for a flagged domain is nobody's.
    private static MimeMessage NearTheImpostor() => Mail("Olle <olle@region-vasternoland.se>", "Praktik", "[Q05] Läxhjälp\n");

    [Fact]
    public async Task A_restarted_ingester_knows_the_contributors_domains_from_the_database_and_not_the_impostors()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var first = await HostWithAnnasPracticeAsync(database))
        {
            await AssertFlaggedAndAnsweredWithNothingOfHisAsync(first, await first.IngestAsync(Impostor("anna.lindqvist@region-vasternorland.se")), "anna.lindqvist@region-vasternorland.se");
        }
        await using var restarted = await MailTestHost.CreateAsync(provider: provider, database: database);

        var result = await restarted.IngestAsync(Impostor("anna.lindqvist@region-vastemorrland.se"));
        var near = await restarted.IngestAsync(NearTheImpostor());

        await AssertFlaggedAndAnsweredWithNothingOfHisAsync(restarted, result, "anna.lindqvist@region-vastemorrland.se");
        await AssertNotFlaggedAsync(restarted, near);
    }

    /// <summary>
    /// An impostor at a look-alike domain who only names Anna's practice, unauthenticated ("Rättelse REGIN-0001" with a
    /// forged From), flags her practice but changes nothing of it: after a restart her domain is still a contributor's.
    /// </summary>
    [Fact]
    public async Task An_impostor_who_only_names_her_practice_does_not_take_her_domain_out_after_a_restart()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var first = await HostWithAnnasPracticeAsync(database))
        {
            var naming = Impostor("anna.lindqvist@region-vasternorland.se");
            naming.Headers.Remove("Authentication-Results");
            var named = await first.IngestAsync(naming);
            Assert.Equal(MailOutcomes.UnverifiedUpdate, named.Outcome);
            Assert.Contains((await first.PracticeAsync("REGIN-0001"))!.Flags, f => f.Reason == "sender_lookalike");
        }
        await using var restarted = await MailTestHost.CreateAsync(provider: provider, database: database);

        var result = await restarted.IngestAsync(Impostor("anna.lindqvist@region-vastemorrland.se"));

        var practice = await restarted.PracticeAsync(result.Reference);
        Assert.NotEqual("REGIN-0001", result.Reference);
        Assert.Contains(practice!.Flags, f => f.Reason == "sender_lookalike");
    }

    [Fact]
    public async Task In_one_batch_a_lookalike_after_the_contributors_first_mail_is_flagged_and_the_impostors_domain_is_nobodys()
    {
        await using var host = await MailTestHost.CreateAsync(new Dictionary<string, string?> { ["Mail:BatchMilliseconds"] = "60000" }, provider: provider);
        var mails = new[] { AnnasPractice(), Impostor("anna.lindqvist@region-vasternorland.se"), NearTheImpostor() }
            .Select(m =>
            {
                using var stream = new MemoryStream();
                m.WriteTo(stream);
                return stream.ToArray();
            }).ToList();
        var results = new List<MailResult>();
        await host.Services.GetRequiredService<MailBatchIngester>().IngestAsync(
            mails.Select((bytes, i) => new MailSource($"mail{i}", _ => Task.FromResult(bytes))).ToAsyncEnumerable(),
            (batch, _) =>
            {
                results.AddRange(batch.Select(m => m.Result));
                return Task.CompletedTask;
            });

        Assert.Equal("REGIN-0001", results[0].Reference);
        await AssertFlaggedAndAnsweredWithNothingOfHisAsync(host, results[1], "anna.lindqvist@region-vasternorland.se");
        await AssertNotFlaggedAsync(host, results[2]);
    }
}

public sealed class ContributorLookalikeTestsOnSqlite() : ContributorLookalikeTests(TestProviders.Sqlite);

public sealed class ContributorLookalikeTestsOnPostgreSql() : ContributorLookalikeTests(TestProviders.PostgreSql);
