using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;
using Regin.Core.Templates;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// Session 53: "Lead:" typed under a long answer, "I work at" and an indefinite article ("bei einem Verein"), a word that
/// restates the groups ("famílias refugiadas").
/// </summary>
public sealed class Mail53ReadingTests
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();
    private static readonly AnswerNormaliser Normaliser = new(Questionnaire, GeoCatalog.LoadEmbedded());
    private static readonly ProseAnswers Prose = new(Questionnaire, Normaliser, new Texts(Questionnaire));
    private static readonly TemplateTextParser Parser = new(new QuestionCatalog(Questionnaire));
    private static readonly MailMarkers Markers = Parser.Markers;

    private static string Key(string id) => TemplateKeys.KeyOf(Questionnaire, id);

    private const string Description = "Volunteers from the parish and the county's library meet newcomers every Tuesday evening, help them with forms, "
        + "letters from the school and appointments, and run a conversation club in the library's back room.";

    /// <summary>
    /// Item 2. The template's key lines without the leading organisation's, which she types under the description as she
    /// says it, "Lead: …", right below the answer's line or after a blank line (before: part of the description, or a line
    /// not read: "Lead" is the head of "Lead organisation" and "Lead partner" and a word inside "Type of lead organisation",
    /// and inside a long answer no short label was read).
    /// </summary>
    [Theory]
    [InlineData("\n", "Lead: Cork County Council", "lead_organisation", "Cork County Council")]
    [InlineData("\n\n", "Lead: Cork County Council", "lead_organisation", "Cork County Council")]
    [InlineData("\n", "LEAD: CORK COUNTY COUNCIL", "lead_organisation", "CORK COUNTY COUNCIL")]
    [InlineData("\n", "Start: March 2021", "start_date", "March 2021")]
    [InlineData("\n\n", "Start: March 2021", "start_date", "March 2021")]
    public void A_short_label_under_a_long_answer_names_the_question_left_out_above(string between, string line, string question, string answer)
    {
        var text = $"Hello,\n\n[{Key("title")}] Welcome desk\n[{Key("country")}] Ireland\n[{Key("description")}] {Description}{between}{line}\n"
            + $"[{Key("objectives")}] Fewer missed appointments.\n\nKind regards,\nSiobhan";
        var parsed = Parser.Parse(text, "body");
        Assert.Equal(answer, parsed.Answers.Single(a => a.QuestionId == question).Text);
        Assert.Equal(Description, parsed.Answers.Single(a => a.QuestionId == "description").Text);
        Assert.Empty(parsed.Unplaced);
    }

    /// <summary>
    /// A short label that does not name a question left out above (a later one's, or one answered already), typed under a
    /// long answer, is never lost: it stays in that answer, or is quoted back in the reply (mail53 could not tell where
    /// "Lead: …" went when the lead was answered above: among the answers given again, quoted with their key).
    /// </summary>
    [Theory]
    [InlineData("\n", "Tips: start with the library")]
    [InlineData("\n\n", "Tips: start with the library")]
    [InlineData("\n", "Country: Ireland")]
    [InlineData("\n", "Lead: Cork County Council")]
    public void A_short_label_under_a_long_answer_is_never_lost(string between, string line)
    {
        var lead = line.StartsWith("Lead", StringComparison.Ordinal) ? $"[{Key("lead_organisation")}] Cork ETB\n" : "";
        var text = $"Hello,\n\n[{Key("title")}] Welcome desk\n[{Key("country")}] Ireland\n{lead}[{Key("description")}] {Description}{between}{line}\n"
            + $"[{Key("objectives")}] Fewer missed appointments.\n\nKind regards,\nSiobhan";
        var parsed = Parser.Parse(text, "body");
        var said = line[(line.IndexOf(':') + 1)..].Trim();
        // Kept in an answer, or quoted back in the reply as a line not read or as an answer given again ("[Q08] Lead: …").
        var everywhere = parsed.Answers.Select(a => a.Text).Concat(parsed.Unplaced).Concat(parsed.Repeated).ToList();
        Assert.True(everywhere.Exists(t => t.Contains(said, StringComparison.Ordinal)), $"'{line}' lost: " + string.Join(" | ", everywhere)
            + " twice: " + string.Join(",", parsed.AnsweredTwice) + " repeated: " + string.Join(",", parsed.Repeated));
    }

    private static Dictionary<string, string> FirstMail(string text) =>
        Prose.ReadFirstMail(text, Markers).ToDictionary(a => a.QuestionId, a => a.Text);

    /// <summary>Item 3. "I work at" and an indefinite article: a kind of body, no name: nothing offered.</summary>
    [Theory]
    [InlineData("Guten Tag,\n\nich arbeite bei einem Verein in Graz und wir betreiben seit 2019 ein Sprachcafé.\n\nViele Grüße\nJulia")]
    [InlineData("Guten Tag,\n\nich arbeite bei einer Beratungsstelle, seit 2020 beraten wir Geflüchtete.\n\nViele Grüße\nJulia")]
    [InlineData("Bonjour,\n\nje travaille dans une association, nous menons depuis 2020 des ateliers de français.\n\nCordialement,\nLéa")]
    [InlineData("Hola:\n\ntrabajo en una ONG y desde 2021 llevamos un programa de acogida.\n\nUn saludo,\nAna")]
    [InlineData("Bom dia,\n\ntrabalho numa ONG e desde 2020 temos um projeto de acolhimento.\n\nCumprimentos,\nRita")]
    [InlineData("Hello,\n\nI work for an NGO and since 2021 we have run a welcome desk.\n\nBest,\nKate")]
    [InlineData("Buongiorno,\n\nlavoro per una Cooperativa sociale e dal 2021 gestiamo uno sportello.\n\nCordiali saluti\nGiulia")]
    [InlineData("Καλημέρα,\n\nδουλεύω για μια ΜΚΟ και από το 2018 τρέχουμε ένα πρόγραμμα.\n\nΜαρία")]
    [InlineData("Hej,\n\njag jobbar på en Förening och sedan 2019 driver vi ett språkcafé.\n\nMvh\nKarin")]
    public void I_work_at_a_kind_of_body_names_no_organisation(string text)
    {
        var read = FirstMail(text);
        Assert.False(read.ContainsKey("contact_organisation"), read.GetValueOrDefault("contact_organisation"));
        Assert.False(read.ContainsKey("lead_organisation"), read.GetValueOrDefault("lead_organisation"));
    }

    [Theory]
    [InlineData("Guten Tag,\n\nich arbeite bei der Caritas Wien und wir betreiben seit 2019 ein Sprachcafé.\n\nViele Grüße\nJulia", "Caritas Wien")]
    [InlineData("Bonjour,\n\nje travaille dans la Mission locale de Rennes, nous menons depuis 2020 des ateliers.\n\nCordialement,\nLéa", "Mission locale de Rennes")]
    [InlineData("Hola:\n\ntrabajo en Cruz Roja Alicante y desde 2021 llevamos un programa de acogida.\n\nUn saludo,\nAna", "Cruz Roja Alicante")]
    public void I_work_at_a_named_body_still_names_it(string text, string organisation)
    {
        var read = FirstMail(text);
        Assert.Equal(organisation, read["contact_organisation"]);
    }

    /// <summary>Item 4. A word restating who the groups are, before or after the group's word, is part of the answer as typed.</summary>
    [Theory]
    [InlineData("pt", "Bom dia,\n\ndesde 2020 trabalhamos com famílias refugiadas em Braga.\n\nCumprimentos,\nRita", "famílias refugiadas")]
    [InlineData("fr", "Bonjour,\n\ndepuis 2020 nous accompagnons des familles réfugiées à Rennes.\n\nCordialement,\nLéa", "familles réfugiées")]
    [InlineData("es", "Hola:\n\ndesde 2021 trabajamos con familias refugiadas en Alicante.\n\nUn saludo,\nAna", "familias refugiadas")]
    [InlineData("it", "Buongiorno,\n\ndal 2021 lavoriamo con famiglie rifugiate a Bari.\n\nCordiali saluti\nGiulia", "famiglie rifugiate")]
    [InlineData("en", "Hello,\n\nsince 2021 we have supported refugee families in Cork.\n\nBest,\nKate", "refugee families")]
    public void A_word_restating_the_groups_stays_with_them(string language, string text, string words)
    {
        var groups = Prose.Groups(text, Markers, language) ?? throw new Xunit.Sdk.XunitException("no groups read");
        Assert.Equal(words, groups.Text);
        Assert.Equal(words, FirstMail(text)["target_groups"]);
    }

    /// <summary>
    /// The facts of a prose reply's sentences hold no groups (mail53 read them there, as a first mail's; the lead took it back:
    /// "The budget will be decided by the council in January" stored "council" as public officials, a reply that answers
    /// nothing). Since session 54 <see cref="ProseAnswers.ReadReply"/> reads them strictly (Mail54ReadingTests).
    /// </summary>
    [Theory]
    [InlineData("Hello, please see attached the flyer. The budget will be decided by the council in January.\n\nKate")]
    [InlineData("Hallo,\n\nzu Ihrer Frage nach der Zielgruppe: wir unterstützen geflüchtete Frauen und ihre Kinder.\n\nViele Grüße\nJulia")]
    public void A_prose_reply_gives_no_groups(string text) =>
        Assert.DoesNotContain(Prose.Read(text, Markers), a => a.QuestionId == "target_groups");
}
