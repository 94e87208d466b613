using Regin.Core.Localisation;
using Regin.Core.Questionnaire;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// Our reply coming back under no quote mark and no quote header: a ticket robot's "request registered" above it, a mail
/// server's bounce as plain text. Its "[Q05] Title of the practice: …" lines were read as the sender's answers (the
/// practice "updated" with its own values, the title refused, and our reply sent to the robot).
/// </summary>
public sealed class OurReplyEchoTests
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();
    private static readonly TemplateTextParser Parser = new(new QuestionCatalog(Questionnaire));
    private static readonly Texts Texts = new(Questionnaire);

    /// <summary>Our reply's text in <paramref name="language"/>, as <c>ReplyComposer</c> writes it for REGIN-0001.</summary>
    private static string OurReply(string language)
    {
        string Label(string id) => Questionnaire.Questions.Single(q => q.Id == id).Label.In(language);
        return $"""
            {Texts.Get("mail.reply_greeting", language)}
            {Texts.Get("mail.reply_subject", language, ("reference", "REGIN-0001"))}

            {Texts.Get("mail.reply_understood", language)}
              [Q05] {Label("title")}: Harbour welcome
              [Q06] {Label("country")}: Malta

            {Texts.Get("mail.reply_missing", language)}
              [Q13] {Label("start_date")}
            """;
    }

    [Theory]
    [InlineData("en", "Thank you for your message. Your request has been registered under ticket 2026120510000011.")]
    [InlineData("fr", "Merci pour votre message. Votre demande a été enregistrée sous le numéro 2026120510000011.")]
    [InlineData("de", "Vielen Dank für Ihre Nachricht. Ihre Anfrage wurde unter der Ticketnummer 2026120510000011 erfasst.")]
    [InlineData("es", "Gracias por su mensaje. Su solicitud ha quedado registrada con el número 2026120510000011.")]
    [InlineData("it", "Grazie per il messaggio. La sua richiesta è stata registrata con il numero 2026120510000011.")]
    [InlineData("el", "Σας ευχαριστούμε για το μήνυμά σας. Το αίτημά σας καταχωρίστηκε με αριθμό 2026120510000011.")]
    [InlineData("pt", "Obrigado pela sua mensagem. O seu pedido foi registado com o número 2026120510000011.")]
    [InlineData("sv", "Tack för ditt meddelande. Ditt ärende har registrerats med nummer 2026120510000011.")]
    public void Our_reply_echoed_under_no_quote_mark_answers_nothing(string language, string robot)
    {
        // The byte order mark our replies open with stays on the line a robot copies.
        var parts = ReplySplitter.Split($"{robot}\n\n\uFEFF{OurReply(language)}\n", Parser.Markers);

        Assert.True(parts.EchoesOurReply);
        Assert.Empty(Parser.Parse(parts.Newest, "body").Answers);
    }

    [Fact]
    public void Answers_above_our_echoed_reply_are_read_and_ours_below_are_not()
    {
        var parts = ReplySplitter.Split($"[Q13] 2021\n[Q12] Town library\n\n{OurReply("en")}\n", Parser.Markers);

        var answers = Parser.Parse(parts.Newest, "body").Answers.ToDictionary(a => a.QuestionId, a => a.Text);
        Assert.Equal(["partners", "start_date"], answers.Keys.Order());
        Assert.Equal("Town library", answers["partners"]);
    }

    [Fact]
    public void Our_reply_quoted_with_marks_still_takes_the_answers_typed_under_its_keys()
    {
        var quoted = string.Join("\n", OurReply("en").Split('\n').Select(l => ("> " + l).TrimEnd()));
        var parts = ReplySplitter.Split($"Here you are\n\n{quoted}\n2021\n", Parser.Markers);

        Assert.False(parts.EchoesOurReply);
        Assert.Equal("2021", Parser.Parse(parts.Newest, "body").Answers.Single(a => a.QuestionId == "start_date").Text);
    }
}
