using Microsoft.Bot.Schema;
using Regin.Core.Conversation;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.Chat;

/// <summary>The whole questionnaire, answered in each of the 8 languages, through the bot's own pipeline.</summary>
/// <remarks>Also run on PostgreSQL: <see cref="FullQuestionnaireTestsOnPostgreSql"/>.</remarks>
public class FullQuestionnaireTests(ChatClassHost host) : ChatTestBase(host), IClassFixture<ChatClassHost>
{
    public static TheoryData<string, string, string, string, string> Languages => new()
    {
        { "en-GB", "Italy", "Welcome desks for newcomers in Apulia", "Newcomers did not know where to find help, so the region opened welcome desks.",
          "Staff from the health service and the job centre sat at the same desk every week." },
        { "fr-FR", "Italie", "Guichets d'accueil pour les nouveaux arrivants", "Les nouveaux arrivants ne savaient pas où trouver de l'aide ; la région a ouvert des guichets.",
          "Le personnel de la santé et de l'emploi tenait une permanence commune chaque semaine." },
        { "de-DE", "Italien", "Willkommensschalter für Neuankömmlinge", "Neuankömmlinge wussten nicht, wo sie Hilfe finden; die Region eröffnete Anlaufstellen.",
          "Fachkräfte aus Gesundheitsamt und Jobcenter saßen jede Woche am selben Schalter." },
        { "es-ES", "Italia", "Ventanillas de acogida para recién llegados", "Las personas recién llegadas no sabían dónde encontrar ayuda; la región abrió ventanillas.",
          "Personal de salud y de empleo atendía juntos cada semana en la misma ventanilla." },
        { "it-IT", "Italia", "Sportelli di accoglienza per i nuovi arrivati", "I nuovi arrivati non sapevano dove trovare aiuto; la regione ha aperto degli sportelli.",
          "Operatori della sanità e del centro per l'impiego ricevevano insieme ogni settimana." },
        { "el-GR", "Ιταλία", "Γραφεία υποδοχής για νεοαφιχθέντες", "Οι νεοαφιχθέντες δεν ήξεραν πού να βρουν βοήθεια· η περιφέρεια άνοιξε γραφεία.",
          "Υπάλληλοι της υγείας και της απασχόλησης εξυπηρετούσαν μαζί κάθε εβδομάδα." },
        { "pt-BR", "Itália", "Balcões de acolhimento para recém-chegados", "Os recém-chegados não sabiam onde encontrar ajuda; a região abriu balcões.",
          "Funcionários da saúde e do emprego atendiam juntos toda semana no mesmo balcão." },
        { "sv-SE", "Italien", "Välkomstdiskar för nyanlända", "Nyanlända visste inte var de kunde få hjälp, så regionen öppnade välkomstdiskar.",
          "Personal från vården och arbetsförmedlingen satt vid samma disk varje vecka." },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Completes_and_submits_the_whole_questionnaire_in_the_contributors_language(string locale, string country, string title, string longText, string otherText)
    {
        var language = Regin.Core.Languages.FromLocale(locale)!;
        var chat = Driver(locale, user: "full-" + language);

        var replies = await chat.StartAsync();
        Assert.Contains(Fixed(ConversationMessageKeys.Welcome, language), replies.AllText());
        Assert.Equal("contact_name", replies.AskedQuestion());
        Assert.Contains(Fixed(ConversationMessageKeys.Progress, language), replies[^1].Shown());

        var asked = new List<string>();
        var last = replies[^1];
        // Two long texts in turn, as a contributor's differ from question to question: the same text twice in a row is one
        // message sent twice by accident (session 48), not the next answer.
        var longTexts = 0;
        for (var turn = 0; turn < 40 && last.QuestionId() is { } questionId; turn++)
        {
            asked.Add(questionId);
            Assert.Equal(asked.Count, last.ProgressCurrent());
            var typed = questionId switch
            {
                "contact_name" => "Maria Rossi",
                // No place in the name: the region would be offered from "Regione Puglia" (session 47), a confirmation, not a question.
                "contact_organisation" => "Assessorato al Welfare",
                "contact_email" => "maria.rossi@regione.puglia.it",
                "contact_phone" => "+39 080 540 1111",
                "title" => title,
                "country" => country,
                "region" => "Puglia",
                "start_date" => "03/2019",
                "end_date" => "2023-12",
                "beneficiaries_count" => "1.250",
                "budget_eur" => "€120k",
                "website" => "www.regione.puglia.it",
                "lead_organisation" or "partners" => "Regione Puglia",
                _ when last.Buttons().Count > 0 => null,
                _ => longTexts++ % 2 == 0 ? longText : otherText,
            };
            // Choices and yes/no are answered with the first button (a card's button or form on this channel).
            replies = await chat.SendAsync(typed is null ? last.Press(chat.Adapter) : chat.Adapter.MakeActivity(typed));
            last = replies[^1];
            Assert.True(replies.Count >= 2, $"{questionId}: {replies.AllText()}");
            Assert.StartsWith(Fixed(ConversationMessageKeys.Noted, language), replies[0].Shown());
        }

        Assert.Equal(Questionnaire.Questions.Select(q => q.Id), asked);
        Assert.Contains(Fixed(ConversationMessageKeys.AllAnswered, language), replies.AllText());
        Assert.Contains(Fixed(ConversationMessageKeys.SummaryTitle, language), replies.AllText());
        Assert.Equal(Texts.Get(ConversationMessageKeys.SubmitConfirm, language), last.Shown());
        replies = await chat.SendAsync(last.Press(chat.Adapter));
        var practice = await PracticeOfAsync("webchat", "full-" + language);
        Assert.NotNull(practice);
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
        Assert.Equal(language, practice.Language);
        Assert.Equal(Questionnaire.Questions.Count, practice.Answers.Count);
        Assert.Equal(Texts.Get(ConversationMessageKeys.Submitted, language, ("reference", practice.Reference)), replies.Single().Shown());
        Assert.Equal("ITF4", practice.Answers.Single(a => a.QuestionId == "region").ValueJson?.Trim('"'));
        Assert.Equal(title, practice.Answers.Single(a => a.QuestionId == "title").Original);

        // Afterwards, a message does not reopen anything: the contributor is told the practice is in.
        replies = await chat.SendAsync("merci");
        Assert.Equal(Texts.Get(ConversationMessageKeys.AlreadySubmitted, language, ("reference", practice.Reference)), replies.Single().Shown());
    }
}

public sealed class FullQuestionnaireTestsOnPostgreSql(ChatClassHost host) : FullQuestionnaireTests(host)
{
    protected override string Provider => Regin.Testing.TestProviders.PostgreSql;
}
