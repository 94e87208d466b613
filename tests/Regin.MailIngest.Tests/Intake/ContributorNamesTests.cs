using MimeKit;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Tests.Parsing;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// A From display name that is a known contributor's, from another address (<see cref="ContributorNames"/>): the forms an
/// impostor really writes are told apart, and a namesake of one word, another person, or the contributor herself are not.
/// </summary>
public sealed class ContributorNamesTests
{
    private static ContributorNames Known()
    {
        var names = new ContributorNames();
        names.Add("Alice Example", "alice@crete.gr", "REGIN-0001");
        names.Add("Ελένη Παπαδοπούλου", "e.papadopoulou@crete.gr", "REGIN-0002");
        return names;
    }

    private static MimeMessage From(string from)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        return message;
    }

    [Theory]
    [InlineData("\"Alice Example\" <mallory@evil.example>")]
    [InlineData("\"Alice Example (Region of Crete)\" <alice.example@gmail.com>")]
    [InlineData("\"Alice Example | Region of Crete\" <alice.example@gmail.com>")]
    [InlineData("\"Alice Example - Περιφέρεια Κρήτης\" <alice.example@gmail.com>")]
    [InlineData("\"Alice Example, Region of Crete\" <alice.example@gmail.com>")]
    [InlineData("\"EXAMPLE, Alice\" <alice.example@outlook.com>")]
    [InlineData("\"Alice  Exámple\" <alice.example@outlook.com>")]
    [InlineData("\"\u0410lice Ex\u0430mple\" <mallory@evil.example>")] // Cyrillic "А" and "а"
    [InlineData("\"Alice Example\" <alice@crete-gr.example>")]
    [InlineData("\"Ελένη Παπαδοπούλου\" <eleni.pap@yahoo.gr>")]
    [InlineData("\"ΕΛΕΝΗ ΠΑΠΑΔΟΠΟΥΛΟΥ\" <eleni.pap@yahoo.gr>")]
    public void A_known_contributors_name_from_another_address_is_told(string from)
    {
        var known = Known().NameOfAnother(From(from), From(from).From.Mailboxes.Single().Address);

        Assert.NotNull(known);
        Assert.Contains(known!.Reference, new[] { "REGIN-0001", "REGIN-0002" });
    }

    [Theory]
    [InlineData("\"Alice Example\" <alice@crete.gr>")] // herself
    [InlineData("\"Alice Example\" <ALICE@crete.gr>")] // herself, as her mail program capitalises it
    [InlineData("\"Alice\" <alice.lind@gmail.com>")] // a first name alone tells nothing
    [InlineData("\"Alice Lind\" <alice.lind@gmail.com>")] // another Alice
    [InlineData("\"Alice Examples\" <a@evil.example>")] // another name
    [InlineData("alice.example@gmail.com")] // no display name
    [InlineData("\"Region of Crete\" <info@crete.gr>")]
    public void Another_name_or_the_contributor_herself_is_not_told(string from)
    {
        Assert.Null(Known().NameOfAnother(From(from), From(from).From.Mailboxes.Single().Address));
    }

    [Fact]
    public void A_contributor_who_wrote_from_two_addresses_is_known_at_both()
    {
        var names = Known();
        names.Add("Alice Example", "alice.example@gmail.com", "REGIN-0003");

        Assert.Null(names.NameOfAnother(From("\"Alice Example\" <alice.example@gmail.com>"), "alice.example@gmail.com"));
        Assert.NotNull(names.NameOfAnother(From("\"Alice Example\" <mallory@evil.example>"), "mallory@evil.example"));
    }

    /// <summary>
    /// The names are read again a minute after the first read, only the practices changed since: on SQLite that query
    /// (a DateTimeOffset compared) could not be translated, so every mail read more than a minute after the first failed
    /// (processing_error), which a busy test machine showed as rows differing in the batch-rows test.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task A_mail_read_more_than_a_minute_after_the_first_is_recorded(string provider)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var host = await MailTestHost.CreateAsync(provider: provider, clock: clock);
        var first = await host.IngestAsync(await File.ReadAllBytesAsync(Path.Combine(FixtureCorpusTests.Folder, "01-en-keys-complete.eml")));
        Assert.Equal(MailOutcomes.Submitted, first.Outcome);
        clock.Advance(ContributorNames.RefreshEvery + TimeSpan.FromSeconds(30));
        var later = await host.IngestAsync(await File.ReadAllBytesAsync(Path.Combine(FixtureCorpusTests.Folder, "02-fr-keys-complete.eml")));
        Assert.True(later.Outcome == MailOutcomes.Submitted, $"{later.Outcome}: {later.Detail}");
        Assert.Equal("REGIN-0002", later.Reference);
    }
}
