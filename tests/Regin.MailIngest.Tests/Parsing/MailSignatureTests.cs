using Regin.Core.Questionnaire;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// The line a phone or a mail app writes under the text ("Sent from my iPhone") ended up in the last answer ("Town
/// library\n\nSent from my iPhone" as the partners). It ends the answers, in every language's words.
/// </summary>
public sealed class MailSignatureTests
{
    private static readonly TemplateTextParser Parser = new(new QuestionCatalog(QuestionnaireLoader.LoadEmbedded()));

    private static Dictionary<string, string> Answers(string text) => Parser.Parse(text, "body").Answers.ToDictionary(a => a.QuestionId, a => a.Text);

    [Theory]
    [InlineData("Sent from my iPhone")]
    [InlineData("Sent from my Samsung Galaxy smartphone.")]
    [InlineData("Get Outlook for Android")]
    [InlineData("Envoyé de mon iPhone")]
    [InlineData("Von meinem iPhone gesendet")]
    [InlineData("Enviado desde mi iPad")]
    [InlineData("Inviato da iPhone")]
    [InlineData("Στάλθηκε από το iPhone μου")]
    [InlineData("Enviado do meu iPhone")]
    [InlineData("Skickat från min iPhone")]
    // Session 31, a native reader's look: Windows Mail in Swedish and Greek, Outlook's Android line and the German
    // webmailers' app line, French Windows Mail (each stayed in the last answer).
    [InlineData("Skickades från E-post för Windows")]
    [InlineData("Εστάλη από την Αλληλογραφία για Windows")]
    [InlineData("Outlook für Android herunterladen")]
    [InlineData("Diese Nachricht wurde von meinem Android Mobiltelefon mit GMX Mail gesendet.")]
    [InlineData("Envoyé à partir de Courrier pour Windows")]
    public void A_phones_line_under_the_last_answer_is_not_part_of_it(string signature)
    {
        var answers = Answers($"[Q05] Youth mentoring\n[Q12] Town library\nRed Cross\n\n{signature}\n\n");
        Assert.Equal("Youth mentoring", answers["title"]);
        Assert.Equal("Town library\nRed Cross", answers["partners"]);
    }

    [Theory]
    [InlineData("Get Outlook for iOS<https://aka.ms/o0ukef>")]
    [InlineData("Obtenir Outlook pour Android<https://aka.ms/AAb9ysg>")]
    [InlineData("Outlook für iOS beziehen<https://aka.ms/o0ukef>")]
    [InlineData("Obtener Outlook para Android<https://aka.ms/AAb9ysg>")]
    [InlineData("Ottieni Outlook per iOS<https://aka.ms/o0ukef>")]
    [InlineData("Λήψη του Outlook για Android<https://aka.ms/AAb9ysg>")]
    [InlineData("Obter o Outlook para iOS<https://aka.ms/o0ukef>")]
    [InlineData("Hämta Outlook för Android<https://aka.ms/AAb9ysg>")]
    public void Outlook_mobiles_line_with_its_link_and_the_rule_under_it_is_not_part_of_the_last_answer(string signature)
    {
        // Outlook for iOS and Android: the link glued to the words, then its rule above the quoted mail's header block
        // (cut before the parser sees it). Both stayed in the partners.
        var answers = Answers($"[Q05] Youth mentoring\n[Q12] Town library, Red Cross\n{signature}\n________________________________\n");
        Assert.Equal("Youth mentoring", answers["title"]);
        Assert.Equal("Town library, Red Cross", answers["partners"]);
    }

    [Theory]
    // Not the last line, or more than a name after the words: the sender's text.
    [InlineData("[Q12] Sent from my office to the town hall every week by the volunteers\n", "Sent from my office to the town hall every week by the volunteers")]
    [InlineData("[Q19] Sent from my iPhone, the photos reach the families.\nThen we meet.\n", "Sent from my iPhone, the photos reach the families.\nThen we meet.")]
    public void Words_like_a_phones_line_inside_an_answer_stay_in_it(string text, string answer)
    {
        Assert.Equal(answer, Answers(text).Values.Single());
    }
}
