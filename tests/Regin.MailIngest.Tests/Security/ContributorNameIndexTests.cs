using MimeKit;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Security;

/// <summary>
/// The known-names index (<see cref="ContributorNames"/>) after an impostor who only names a contributor's practice: the
/// practice is flagged for the researchers, but its contributor stays a known name when the index is read again from the
/// database (a restart), so the next impostor under her name is still flagged. On both providers:
/// <see cref="ContributorNameIndexTestsOnSqlite"/>, <see cref="ContributorNameIndexTestsOnPostgreSql"/>.
/// </summary>
public abstract class ContributorNameIndexTests(string provider)
{
    private static MimeMessage Mail(string from, string subject, string body)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.gr");
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    [Fact]
    public async Task An_impostor_who_only_names_her_practice_does_not_take_her_name_out_of_the_index_after_a_restart()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var first = await MailTestHost.CreateAsync(provider: provider, database: database))
        {
            // Eleni's own practice, from her authenticated address: her name is a known contributor's.
            var eleni = await first.IngestAsync(MailTestHost.Authenticated(Mail("\"Ελένη Παπαδοπούλου\" <e.papadopoulou@crete.gr>", "Η πρακτική μας",
                "Καλησπέρα,\n\n[Q05] Ψηφιακό κέντρο εξυπηρέτησης πολιτών\n[Q06] Ελλάδα\n\nΕλένη\n")));
            Assert.Equal((MailOutcomes.Created, "REGIN-0001"), (eleni.Outcome, eleni.Reference));
            // The attacker's first step: her name, his free-mail address, her practice's reference, nothing authenticated.
            var named = await first.IngestAsync(Mail("\"Ελένη Παπαδοπούλου\" <eleni.papadopoulou.crete@gmail.com>", "Διόρθωση REGIN-0001",
                "Καλησπέρα,\n\nπαρακαλώ διορθώστε:\n\n[Q03] eleni.papadopoulou.crete@gmail.com\n\nΕλένη\n"));
            Assert.Equal(MailOutcomes.UnverifiedUpdate, named.Outcome);
            Assert.Contains((await first.PracticeAsync("REGIN-0001"))!.Flags, f => f.Reason == "sender_name_of_contributor");
        }
        // The index read whole again from the database, as after a restart.
        await using var restarted = await MailTestHost.CreateAsync(provider: provider, database: database);

        var result = await restarted.IngestAsync(MailTestHost.Authenticated(Mail("\"ΕΛΕΝΗ ΠΑΠΑΔΟΠΟΥΛΟΥ\" <eleni.pap@yahoo.gr>", "Νέα πρακτική",
            "[Q05] Πρόγραμμα επιδότησης ενοικίου\n[Q06] Ελλάδα\n")));

        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.NotEqual("REGIN-0001", result.Reference);
        var practice = await restarted.PracticeAsync(result.Reference);
        Assert.Contains(practice!.Flags, f => f.Reason == "sender_name_of_contributor" && f.Detail!.Contains("REGIN-0001", StringComparison.Ordinal));
    }
}

public sealed class ContributorNameIndexTestsOnSqlite() : ContributorNameIndexTests(TestProviders.Sqlite);

public sealed class ContributorNameIndexTestsOnPostgreSql() : ContributorNameIndexTests(TestProviders.PostgreSql);
