using MimeKit;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Session 41: in the chat, a long text that is only another question's fact ("Depuis janvier 2021" where the partners are
/// asked) is offered there with a yes/no. A mail cannot be asked yes/no, and its answers stand under the labels the
/// contributor wrote them under: nothing changes for a mail (pinned: the words stay the partners, the start date is not
/// filled in, and the reply lists the start date as still to be answered).
/// </summary>
public sealed class FactElsewhereMailTests
{
    [Fact]
    public async Task A_date_written_under_the_partners_in_a_mail_stays_the_partners()
    {
        await using var host = await MailTestHost.CreateAsync();
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("claire.martin@laregion.fr"));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = "Fiche pratique";
        message.Body = new TextPart("plain") { Text = "[Q05] Titre de la pratique\nAccueil des primo-arrivants\n[Q12] Autres partenaires\nDepuis janvier 2021\n" };

        var result = await host.IngestAsync(MailTestHost.Authenticated(message));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Depuis janvier 2021", Assert.Single(practice!.Answers, a => a.QuestionId == "partners").Original);
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "start_date");
    }
}
