using Regin.Core.Questionnaire;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// Corrections typed in prose at the top of a reply to our reply, as contributors write them in the 8 languages: the
/// question named by its number, the new value read, the old one dropped; and prose that only holds a number is not one.
/// </summary>
public sealed class ProseCorrectionTests
{
    private static readonly TemplateTextParser Parser = new(new QuestionCatalog(QuestionnaireLoader.LoadEmbedded()));

    private static Dictionary<string, string> Read(string text, bool keyedOnly = false) =>
        Parser.Parse(ProseCorrections.Rewrite(text, Parser.Markers, keyedOnly), "body").Answers.ToDictionary(a => a.QuestionId, a => a.Text);

    /// <summary>As the mail reader does: only key lines are corrections in a text that holds answers of its own.</summary>
    private static Dictionary<string, string> ReadAsAMail(string text) => Read(text, keyedOnly: Parser.Parse(text, "body").Answers.Count > 0);

    [Theory]
    [InlineData("Sorry, one correction: Q13 should be 2020, not 2019.", "start_date", "2020")]
    [InlineData("Q13 should be 2020, not 2019", "start_date", "2020")]
    [InlineData("question 21 is 120 instead of 100", "beneficiaries_count", "120")]
    [InlineData("Frage 13: bitte 2021", "start_date", "2021")]
    [InlineData("Korrektur: Frage 13 sollte März 2021 sein, nicht 2020.", "start_date", "März 2021")]
    [InlineData("Ερ. 23: 150.000 €", "budget_eur", "150.000 €")]
    [InlineData("Διόρθωση: η ερώτηση 21 θα πρέπει να είναι 120, όχι 100.", "beneficiaries_count", "120")]
    [InlineData("Pardon, la 13 c'est 2020", "start_date", "2020")]
    [InlineData("Perdón, la pregunta 13 debería ser 2020, no 2019.", "start_date", "2020")]
    [InlineData("Scusate, la domanda 21 è 120, non 100.", "beneficiaries_count", "120")]
    [InlineData("Desculpem, a pergunta 13 deve ser 2020 e não 2019.", "start_date", "2020")]
    [InlineData("Förlåt, fråga 21 ska vara 120, inte 100.", "beneficiaries_count", "120")]
    public void A_correction_in_prose_answers_the_question_it_names(string text, string question, string value)
    {
        var answers = Read($"Hello,\n\n{text}\n\nBest regards\nAlice\n");
        Assert.True(answers.TryGetValue(question, out var read), $"{question} not read from: {text} ({string.Join(", ", answers.Keys)})");
        Assert.Equal(value, read);
    }

    /// <summary>
    /// A reply-all in a list thread names whom a line is for ("REGIN team: …"): those words are in the publication consent's
    /// label ("… may the REGIN team contact you about it?"), a question asked as a sentence, and answered nothing (the
    /// correction after them was read as the consent, "No", and its date refused).
    /// </summary>
    [Theory]
    [InlineData("REGIN team: sorry, one correction: Q13 should be 2020, not 2019.", "start_date", "2020")]
    [InlineData("Équipe REGIN : pardon, la 13 c'est 2020 et pas 2019.", "start_date", "2020")]
    [InlineData("REGIN-Team: Korrektur: Frage 13 sollte 2020 sein, nicht 2019.", "start_date", "2020")]
    [InlineData("Equipo de REGIN: perdón, la pregunta 13 debería ser 2020, no 2019.", "start_date", "2020")]
    [InlineData("Team di REGIN: scusate, la domanda 21 è 120, non 100.", "beneficiaries_count", "120")]
    [InlineData("Ομάδα του REGIN: διόρθωση, η ερώτηση 21 θα πρέπει να είναι 120, όχι 100.", "beneficiaries_count", "120")]
    [InlineData("Equipa do REGIN: desculpem, a pergunta 13 deve ser 2020 e não 2019.", "start_date", "2020")]
    [InlineData("REGIN-teamet: förlåt, fråga 21 ska vara 120, inte 100.", "beneficiaries_count", "120")]
    public void A_correction_addressed_to_the_REGIN_team_in_a_reply_all_is_read_and_no_consent(string text, string question, string value)
    {
        var answers = ReadAsAMail($"Thanks Bob, you are right.\n\n{text}\n\nAlice\n");
        Assert.False(answers.ContainsKey("consent_publish"), $"consent_publish read as \"{answers.GetValueOrDefault("consent_publish")}\" from: {text}");
        Assert.True(answers.TryGetValue(question, out var read), $"{question} not read from: {text} ({string.Join(", ", answers.Keys)})");
        Assert.Equal(value, read);
    }

    [Theory]
    [InlineData("REGIN team: the rest follows next week, we are waiting for the figures.")]
    [InlineData("REGIN-Team: den Rest schicken wir nächste Woche, nicht vorher.")]
    [InlineData("Ομάδα του REGIN: τα υπόλοιπα θα τα στείλουμε την άλλη εβδομάδα.")]
    public void A_line_addressed_to_the_REGIN_team_answers_no_question(string text) => Assert.Empty(ReadAsAMail($"Hello all,\n\n{text}\n"));

    /// <summary>
    /// The consent's everyday names are questions too ("Can we publish it", "Pouvons-nous la publier", "Dürfen wir es
    /// veröffentlichen", "Får vi publicera den"): a word of one before a colon answered the consent with the rest of the
    /// line ("We: …" refused as no yes or no). Taken whole, as its label is.
    /// </summary>
    [Theory]
    [InlineData("We: the three of us at the region will send the rest next week.")]
    [InlineData("May: the second course starts, with 20 places.")]
    [InlineData("Nous : la mairie et deux écoles enverront le reste la semaine prochaine.")]
    [InlineData("Wir: die Stadt und zwei Schulen schicken den Rest nächste Woche.")]
    [InlineData("Vi: kommunen och två skolor skickar resten nästa vecka.")]
    [InlineData("Podemos: enviar o resto na próxima semana.")]
    public void A_word_of_the_consents_everyday_name_answers_no_question(string line)
    {
        var answers = ReadAsAMail($"[Q13] 2021\n\n{line}\n");
        Assert.False(answers.ContainsKey("consent_publish"), $"consent_publish read as \"{answers.GetValueOrDefault("consent_publish")}\" from: {line}");
        Assert.Equal("2021", answers["start_date"]);
    }

    [Theory]
    [InlineData("Consent: yes")]
    [InlineData("Can we publish it: yes")]
    [InlineData("Einwilligung: ja")]
    [InlineData("Publication : oui")]
    [InlineData("Får vi publicera den: ja")]
    public void The_consents_everyday_name_whole_still_names_it(string line) =>
        Assert.True(ReadAsAMail($"[Q13] 2021\n{line}\n").ContainsKey("consent_publish"), line);

    [Theory]
    [InlineData("We work with 5 partners in 3 towns since 2019.")]
    [InlineData("Wir haben die Vorlage am 13. März geschickt, bitte bestätigen Sie den Eingang.")]
    [InlineData("Nous avons reçu la 2e version, merci.")]
    [InlineData("Skickat från min iPhone 15")]
    [InlineData("Die Frage 3 verstehe ich nicht.")]
    public void Prose_with_numbers_is_no_correction(string text) => Assert.Empty(Read($"Hello,\n\n{text}\n"));

    [Fact]
    public void In_a_filled_template_only_a_line_opening_with_a_key_and_saying_should_be_is_rewritten()
    {
        var text = "[Q05] Homework club\n[Q17] Volunteers help children, question 21 is the count.\nQ13 should be 2020, not 2019\n";
        var answers = Read(text, keyedOnly: true);
        Assert.Equal("2020", answers["start_date"]);
        Assert.Equal("Volunteers help children, question 21 is the count.", answers["description"]);
        Assert.False(answers.ContainsKey("beneficiaries_count"));
    }

    [Theory]
    [InlineData("[Q13] should be 2020, not 2019", "start_date", "2020")]
    [InlineData("[Q13] bitte 2021 statt 2020", "start_date", "2021")]
    [InlineData("[Q23] θα πρέπει να είναι 150.000, όχι 120.000", "budget_eur", "150.000")]
    [InlineData("[Q21] c'est 120 et pas 100", "beneficiaries_count", "120")]
    [InlineData("[Q13] debería ser marzo 2020, no 2019", "start_date", "marzo 2020")]
    [InlineData("[Q21] dovrebbe essere 120, non 100", "beneficiaries_count", "120")]
    [InlineData("[Q06] deve ser Portugal e não Espanha", "country", "Portugal")]
    [InlineData("[Q13] ska vara 2020, inte 2019", "start_date", "2020")]
    [InlineData("[Q09] should be ngo, not local authority", "lead_organisation_type", "ngo")]
    public void A_bracketed_key_with_a_correction_sentence_answers_with_the_value_it_gives(string line, string question, string value)
    {
        var answers = Read($"[Q05] Homework club\n{line}\n", keyedOnly: true);
        Assert.Equal(value, answers[question]);
        Assert.Equal("Homework club", answers["title"]);
    }

    [Theory]
    [InlineData("[Q17] We should be proud, not ashamed, of what 120 volunteers did since 2019.", "description")]
    [InlineData("[Q17] Wir sollten die Eltern einbeziehen, nicht nur die 40 Kinder.", "description")]
    [InlineData("[Q20] Οι 30 εθελοντές είναι Έλληνες, όχι μόνο μετανάστες.", "results")]
    [InlineData("[Q13] 2020", "start_date")]
    public void A_bracketed_key_line_of_a_free_text_answer_or_without_a_correction_stays_as_typed(string line, string question)
    {
        var answers = Read($"[Q05] Homework club\n{line}\n", keyedOnly: true);
        var typed = line[(line.IndexOf(']') + 2)..];
        Assert.Equal(typed, answers[question]);
    }

    [Theory]
    [InlineData("Q17 We should be proud, not ashamed, of what 120 volunteers did since 2019.", "description", "We should be proud, not ashamed, of what 120 volunteers did since 2019.")]
    [InlineData("Q17: Wir sollten die Eltern einbeziehen, nicht nur die 40 Kinder.", "description", "Wir sollten die Eltern einbeziehen, nicht nur die 40 Kinder.")]
    [InlineData("Q20 Οι 30 εθελοντές είναι Έλληνες, όχι μόνο μετανάστες.", "results", "Οι 30 εθελοντές είναι Έλληνες, όχι μόνο μετανάστες.")]
    [InlineData("Q17 Les 12 bénévoles doivent être formés, pas seulement inscrits.", "description", "Les 12 bénévoles doivent être formés, pas seulement inscrits.")]
    public void An_unbracketed_key_line_of_a_free_text_answer_stays_as_typed(string line, string question, string typed)
    {
        var answers = Read($"[Q05] Homework club\n{line}\n", keyedOnly: true);
        Assert.Equal(typed, answers[question]);
    }

    [Theory]
    [InlineData("Frage 17: Wir sollten die Eltern einbeziehen, nicht nur die 40 Kinder.", "description", "Wir sollten die Eltern einbeziehen, nicht nur die 40 Kinder.")]
    [InlineData("Q17 should be: volunteers teach 40 children, not 20", "description", "should be: volunteers teach 40 children, not 20")]
    public void A_free_text_answer_named_in_prose_is_not_cut_at_its_not(string line, string question, string typed)
    {
        var answers = Read($"Hello,\n\n{line}\n\nBest regards\nAlice\n");
        Assert.Equal(typed, answers[question]);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    [InlineData("de")]
    [InlineData("es")]
    [InlineData("it")]
    [InlineData("el")]
    [InlineData("pt")]
    [InlineData("sv")]
    public void The_templates_own_key_lines_are_never_read_as_a_correction(string language)
    {
        // Its labels and hints ("… or 'ongoing' if it has not ended") hold the correction words too.
        var template = new Regin.Core.Templates.TextTemplate(QuestionnaireLoader.LoadEmbedded()).Generate(language, "box@example.org").Replace("\r\n", "\n");
        Assert.Equal(template, ProseCorrections.Rewrite(template, Parser.Markers, keyedOnly: true));
    }
}
