using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// Session 51: a colleague's filled template under Outlook's "-----Original Message-----" blocks, read when the own text
/// answers nothing (never our own mail quoted back); the funding sources a budget's line names after its amount.
/// </summary>
public sealed class Mail51ReadingTests
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();
    private static readonly AnswerNormaliser Normaliser = new(Questionnaire, GeoCatalog.LoadEmbedded());
    private static readonly ProseAnswers Prose = new(Questionnaire, Normaliser, new Texts(Questionnaire));
    private static readonly MailMarkers Markers = new QuestionCatalog(Questionnaire).Markers;

    private const string Forward = "Buongiorno,\n\nvi inoltro la scheda compilata dalla collega.\n\nMarco Bianchi\nRegione Piemonte\n\n"
        + "-----Messaggio originale-----\nDa: Giulia Rossi <g.rossi@regione.piemonte.example>\nInviato: martedì 1 dicembre 2026 15:40\n"
        + "A: Marco Bianchi <m.bianchi@regione.piemonte.example>\nOggetto: scheda REGIN\n\nCiao Marco, ecco la scheda:\n\n"
        + "[Q05] Sportello lavoro migranti\n[Q06] Italia\n[Q07] Piemonte\n\nGiulia\n";

    [Fact]
    public void A_colleagues_mail_under_Original_Message_is_the_history_read_when_the_own_text_answers_nothing()
    {
        var parts = ReplySplitter.Split(Forward, Markers, ourDomain: "crpm.org");
        Assert.DoesNotContain("[Q05]", parts.Newest, StringComparison.Ordinal);
        var block = Assert.Single(parts.History);
        Assert.Contains("[Q05] Sportello lavoro migranti", block, StringComparison.Ordinal);
        Assert.DoesNotContain("Inviato:", block, StringComparison.Ordinal);
    }

    [Fact]
    public void The_newest_quoted_mail_comes_first_and_a_quoted_copy_is_unquoted()
    {
        var text = "Σας προωθώ τη φόρμα.\n\n-----Original Message-----\nFrom: Νίκος <n@crete.example>\nSent: Τρίτη 4:12 μμ\n\nΕυχαριστώ.\n\n> [Q05] Κέντρο ένταξης\n> [Q06] Ελλάδα\n\n"
            + "-------- Μήνυμα που προωθήθηκε --------\nFrom: Μαρία <m@crete.example>\n\n[Q05] Παλιός τίτλος\n";
        var parts = ReplySplitter.Split(text, Markers, ourDomain: "crpm.org");
        Assert.Equal(2, parts.History.Count);
        Assert.Contains("[Q05] Κέντρο ένταξης", parts.History[0], StringComparison.Ordinal);
        Assert.Contains("[Q05] Παλιός τίτλος", parts.History[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Our_own_mail_quoted_back_is_never_history()
    {
        var text = "Grazie!\n\n-----Messaggio originale-----\nDa: REGIN Integration Lab <reginproject@crpm.org>\nInviato: lunedì\n\n[Q05] Sportello lavoro migranti\n[Q06] Italia\n[Q07] Piemonte\n";
        Assert.Empty(ReplySplitter.Split(text, Markers, ourDomain: "crpm.org").History);
    }

    /// <summary>The sources after the amount, as officials type the budget line; the codes are the normaliser's for those words.</summary>
    [Theory]
    [InlineData("80.000 € από το ΕΣΠΑ και τον Δήμο", "el", "local_budget")]
    [InlineData("50 000 € du FSE et de la Région", "fr", "regional_budget")]
    [InlineData("circa 120.000 euro, dal FAMI", "it", "amif")]
    [InlineData("ca. 95.000 Euro aus dem ESF und vom Land", "de", "esf_plus")]
    [InlineData("40.000 € del FSE y fondos propios de la Diputación", "es", "esf_plus")]
    [InlineData("85 mil euros do FAMI e da Câmara Municipal", "pt", "amif")]
    [InlineData("600 000 kronor från Allmänna arvsfonden och kommunen", "sv", "local_budget")]
    [InlineData("about 40k from AMIF and the county council", "en", "amif")]
    [InlineData("ca. 95.000 Euro aus ESF-Mitteln und vom Land", "de", "esf_plus")] // since lang52: "ESF-Mitteln" is the fund
    public void The_sources_named_after_the_budgets_amount_answer_the_funding_question(string budget, string language, string code)
    {
        var (funding, amount) = Prose.FundingOfBudget(budget, language) ?? throw new Xunit.Sdk.XunitException("no sources read: " + budget);
        Assert.Equal(ProseAnswers.FundingInBudget, funding.RecognisedBy);
        // The amount alone is the budget's answer, and reads as one.
        Assert.NotNull(amount);
        Assert.True(Normaliser.Normalise("budget_eur", amount, language).Ok, amount);
        var read = Normaliser.Normalise("funding_sources", funding.Text, language);
        // The value read, or the sources offered to confirm (a shared name such as "ΕΣΠΑ").
        var codes = (read.Value?.ToJsonString() ?? "") + string.Join(",", read.Candidates.Select(c => c.Value.ToJsonString()));
        Assert.Contains($"\"{code}\"", codes, StringComparison.Ordinal);
        Assert.Null(read.OtherText);
    }

    [Theory]
    // A source the normaliser does not know ("Glücksspirale") would leave a part of the list: nothing is offered.
    [InlineData("ca. 95.000 Euro aus Glücksspirale-Mitteln und vom Land", "de")]
    [InlineData("80.000 €", "el")]
    [InlineData("circa 120.000 euro all'anno", "it")]
    [InlineData("50 000 € (à confirmer)", "fr")]
    public void A_budget_naming_no_source_gives_none(string budget, string language) =>
        Assert.Null(Prose.FundingOfBudget(budget, language));
}
