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
        "beneficiaries_count=420 personer|budget_eur=ca 600 000 kronor per år|country=SE|region=Malmö|start_date=sedan 2021")]
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

    private static string Places(string text) =>
        string.Join("|", Prose.ReadFirstMail(text, Markers).Where(a => a.RecognisedBy == ProseAnswers.PlaceGuess).Select(a => a.QuestionId + "=" + a.Text));

    /// <summary>
    /// Session 48: where a first mail says its practice runs, a place after its project word or beside its "since", read
    /// as the region (and the region's country) core's normaliser knows without doubt: a guess the reply asks to confirm.
    /// A partner's town, a conference city, a place in a question, two different places: nothing.
    /// </summary>
    [Theory]
    [InlineData("Hej!\n\nVi driver ett projekt i Malmö sedan 2021 som heter Språkbron. Vi samarbetar med Malmö stad och Arbetsförmedlingen.\n\nHittills har ungefär 420 personer deltagit. Budgeten är ca 600 000 kronor per år.\n\nVänliga hälsningar\nMaria",
        "region=Malmö|country=SE")]
    [InlineData("Bonjour,\n\nnous menons à Lyon depuis 2022 des ateliers de français pour les femmes réfugiées. Environ 150 personnes y ont participé.\n\nCordialement,\nLéa",
        "region=Lyon|country=FR")]
    [InlineData("Guten Tag,\n\nwir betreiben in Osnabrück seit 2019 ein Sprachcafé für Geflüchtete. Bisher haben rund 300 Personen teilgenommen.\n\nViele Grüße\nJonas",
        "region=Osnabrück|country=DE")]
    [InlineData("Guten Tag,\n\nwir betreiben seit 2019 in Osnabrück ein Sprachcafé. Bisher haben rund 300 Personen teilgenommen.\n\nViele Grüße\nJonas",
        "region=Osnabrück|country=DE")]
    [InlineData("Buongiorno,\n\nabbiamo un progetto a Torino dal 2020 per l'inserimento lavorativo dei rifugiati. Finora 200 persone hanno partecipato.\n\nCordiali saluti\nGiulia",
        "region=Torino|country=IT")]
    [InlineData("Hola:\n\nllevamos un proyecto en Zaragoza desde 2021 con mujeres migrantes. Han participado unas 90 personas.\n\nUn saludo,\nAna",
        "region=Zaragoza|country=ES")]
    [InlineData("Bom dia,\n\ntemos um projeto em Braga desde 2020 para acolher refugiados. Já participaram 120 pessoas.\n\nCumprimentos,\nJoão",
        "region=Braga|country=PT")]
    // A partner's town and a conference city: no anchor of the practice's place; the practice's own comes first and wins.
    [InlineData("Hello,\n\nwe have run a project in Cork since 2021 for young refugees. Our partner in Galway has helped, and we presented it at a conference in Lisbon in 2023. About 250 people took part.\n\nBest,\nKate",
        "region=Cork|country=IE")]
    [InlineData("Hello,\n\nsince 2021 we have worked with our partner in Galway on a mentoring scheme. About 250 people took part.\n\nBest,\nKate", "")]
    [InlineData("Hej!\n\nVi startade 2021 och har haft 420 deltagare. Vi presenterade projektet på en konferens i Göteborg 2023.\n\nMaria", "")]
    // Two places where it runs: which is hers is for her to say.
    [InlineData("Hej!\n\nVi driver ett projekt i Malmö sedan 2021 och ett projekt i Göteborg sedan 2022. Ungefär 420 personer har deltagit.\n\nMaria", "")]
    // One fact: no draft, no place either.
    [InlineData("Hej! Vi driver ett projekt i Malmö sedan 2021. Kan vi vara med?\n\nMaria", "")]
    public void A_first_mail_names_where_its_practice_runs_as_a_guess(string text, string expected)
    {
        Assert.Equal(expected, Places(text));
    }
}
