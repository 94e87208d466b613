using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// Session 47: the facts of a first mail written in prose, no template (a Swedish NGO's "Vi driver ett projekt i Malmö
/// sedan 2021 … ungefär 420 personer … Budgeten är ca 600 000 kronor per år"): dates, numbers, amounts only.
/// </summary>
public sealed class FirstMailProseTests
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();
    private static readonly ProseAnswers Prose = new(Questionnaire, new AnswerNormaliser(Questionnaire, GeoCatalog.LoadEmbedded()), new Texts(Questionnaire));
    private static readonly MailMarkers Markers = new QuestionCatalog(Questionnaire).Markers;

    private static string Read(string text) => string.Join("|", Prose.ReadFirstMail(text, Markers).Select(a => a.QuestionId + "=" + a.Text));

    [Theory]
    [InlineData("Hej!\n\nVi driver ett projekt i Malmö sedan 2021 som heter Språkbron. Vi samarbetar med Malmö stad.\n\nHittills har ungefär 420 personer deltagit. Budgeten är ca 600 000 kronor per år, mest från Allmänna arvsfonden.\n\nVänliga hälsningar\nMaria",
        "beneficiaries_count=420 personer|budget_eur=ca 600 000 kronor per år|start_date=sedan 2021")]
    [InlineData("Bonjour,\n\nnous menons depuis mars 2019 un atelier de français à Lille. Environ 150 personnes y ont participé.\n\nCordialement,\nLéa",
        "beneficiaries_count=150 personnes|start_date=depuis mars 2019")]
    [InlineData("Hello, we run a welcome desk in Cork. The region is Munster and we started in March 2021. Can we take part?\n\nKate", "")] // a question
    [InlineData("Hello, we run a welcome desk in Cork since March 2021.\n\nKate", "start_date=since March 2021")] // one fact: no draft (MailContentReader)
    [InlineData("Hi, since when does REGIN collect practices? We have 3 questions about it.\n\nTom", "")]
    [InlineData("Hej! Vi driver ett projekt sedan 2021. Titeln är Språkbron och regionen är Skåne.\n\nMaria", "start_date=sedan 2021")]
    public void A_first_mail_keeps_its_dates_numbers_and_amounts_only(string text, string expected)
    {
        Assert.Equal(expected, string.Join("|", Read(text).Split('|', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)));
    }
}
