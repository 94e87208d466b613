using Regin.Core.Questionnaire;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// Session 58: a key line typed below the sign-off ("[Q31] ja / Viele Grüße / Julia / [Q03] …", an answer remembered after
/// signing, mail57's open question) was not read: the sign-off ended the answers. A key names its question for sure and no
/// signature writes one, so it is read; the sign-off and the signature between still end the answer above and are no
/// answer, and what the signature offers (the organisation, the phone) is offered as before.
/// </summary>
public sealed class Mail58ReadingTests
{
    private static readonly TemplateTextParser Parser = new(new QuestionCatalog(QuestionnaireLoader.LoadEmbedded()));

    private static Dictionary<string, string> Answers(string text) => Parser.Parse(text, "body").Answers.ToDictionary(a => a.QuestionId, a => a.Text);

    [Theory]
    [InlineData("Viele Grüße\nJulia Weber\nLandratsamt Augsburg", "[Q03] integration@landkreis-augsburg.example", "contact_email", "integration@landkreis-augsburg.example")]
    [InlineData("Cordialement,\nClaire", "[Q03]  c.martin@bretagne-region.example", "contact_email", "c.martin@bretagne-region.example")]
    [InlineData("cheers\nSiobhan\n\nps forgot the phone", "[Q04] 021 427 6891", "contact_phone", "021 427 6891")]
    [InlineData("Saludos,\nAna Ruiz\nJunta de Andalucía\nTel. 955 00 00 00", "[q23] 45.000 eur", "budget_eur", "45.000 eur")]
    [InlineData("Με εκτίμηση,\nΝίκος", "[Q30] www.crete.gov.gr/entaxi", "website", "www.crete.gov.gr/entaxi")]
    public void A_key_line_typed_under_the_sign_off_is_read_and_the_signature_is_no_answer(string signOff, string below, string question, string expected)
    {
        var answers = Answers($"[Q05] Welcome desk\n[Q27] Volunteers support newcomers.\n[Q31] yes\n\n{signOff}\n\n{below}\n");
        Assert.Equal(expected, answers[question]);
        Assert.Equal("Volunteers support newcomers.", answers["transferability"]);
        Assert.Equal("yes", answers["consent_publish"]);
        Assert.Equal("Welcome desk", answers["title"]);
    }

    [Fact]
    public void Without_a_key_line_below_the_signature_stays_outside_the_answers_and_its_phone_is_offered()
    {
        var answers = Answers("[Q05] Welcome desk\n[Q12] Town library\n\nKind regards,\nSiobhan Kelly\nCork County Council\nTel. +353 21 427 6891\n");
        Assert.Equal("Town library", answers["partners"]);
        Assert.DoesNotContain("contact_email", answers.Keys);
        Assert.Equal("+353 21 427 6891", answers.GetValueOrDefault("contact_phone"));
    }

    [Fact]
    public void A_key_line_in_a_quoted_mail_under_the_sign_off_is_not_read()
    {
        var answers = Answers("[Q05] Welcome desk\n\nKind regards,\nSiobhan\n\n> [Q03] someone.else@example.org\n");
        Assert.DoesNotContain("contact_email", answers.Keys);
        Assert.Equal("Welcome desk", answers["title"]);
    }

    [Fact]
    public void The_signatures_phone_is_offered_when_a_key_line_follows_it()
    {
        var answers = Answers("[Q05] Welcome desk\n[Q31] yes\n\nKind regards,\nSiobhan Kelly\nTel. +353 21 427 6891\n\n[Q03] s.kelly@corkcoco.example\n");
        Assert.Equal("s.kelly@corkcoco.example", answers["contact_email"]);
        Assert.Equal("+353 21 427 6891", answers.GetValueOrDefault("contact_phone"));
        Assert.Equal("yes", answers["consent_publish"]);
    }
}
