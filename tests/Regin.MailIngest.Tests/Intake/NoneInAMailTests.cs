using MimeKit;
using Regin.Core.Questionnaire;
using Regin.MailIngest.Intake;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// A mail reads its answers with the chat's normaliser: "néant" or "ingen ännu" to the partners says the practice has none,
/// a fact the reviewer sees (it left them blank while "aucun", "inga" were kept), and "aucun pour l'instant" to the role's
/// details still leaves that question blank. Run on both providers.
/// </summary>
public abstract class NoneInAMailTests(string provider)
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    private static string Line(string id, string language, string answer)
    {
        var number = Questionnaire.Questions.ToList().FindIndex(q => q.Id == id) + 1;
        return $"[Q{number:00}] {Questionnaire.Questions.Single(q => q.Id == id).Label.In(language)}\n{answer}\n\n";
    }

    private static MimeMessage Mail(string from, string body)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = "REGIN";
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.org");
        message.Body = new TextPart("plain") { Text = body };
        return MailTestHost.Authenticated(message);
    }

    [Theory]
    [InlineData("fr", "claire.martin@lyon.example", "Accueil des nouveaux arrivants", "néant", "nous n'en avons pas", "aucun pour l'instant")]
    [InlineData("sv", "anna.lind@vasteras.example", "Språkcafé", "ingen ännu", "har ingen", "inga ännu")]
    public async Task None_to_the_partners_in_a_mail_is_stored_as_the_answer(string language, string from, string title, string partners, string monitoring, string roleDetails)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var result = await host.IngestAsync(Mail(from, $"REGIN-TEMPLATE v2026.1 lang={language}\n\n" + Line("title", language, title)
            + Line("regional_authority_role_details", language, roleDetails) + Line("partners", language, partners)
            + Line("monitoring_evaluation", language, monitoring)));

        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.Equal(0, result.Invalid);
        var practice = await host.PracticeAsync(result.Reference!);
        Assert.Equal(["contact_email", "monitoring_evaluation", "partners", "title"], practice!.Answers.Select(a => a.QuestionId).Order());
        Assert.Equal(partners, practice.Answers.Single(a => a.QuestionId == "partners").Original);
        Assert.Equal(monitoring, practice.Answers.Single(a => a.QuestionId == "monitoring_evaluation").Original);
    }
}

public sealed class NoneInAMailTestsOnSqlite() : NoneInAMailTests(Regin.Testing.TestProviders.Sqlite);

public sealed class NoneInAMailTestsOnPostgreSql() : NoneInAMailTests(Regin.Testing.TestProviders.PostgreSql);
