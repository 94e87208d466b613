using Regin.Core.Questionnaire;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>Answers typed inline, under the quoted keys of our reply, as Thunderbird, Apple Mail and Gmail users reply.</summary>
public sealed class InlineAnswerTests
{
    private static readonly TemplateTextParser Parser = new(new QuestionCatalog(QuestionnaireLoader.LoadEmbedded()));

    private static Dictionary<string, string> Answers(string mailText)
    {
        var newest = ReplySplitter.Split(mailText, Parser.Markers).Newest;
        return Parser.Parse(newest, "body").Answers.ToDictionary(a => a.QuestionId, a => a.Text);
    }

    [Fact]
    public void An_answer_typed_under_a_quoted_missing_key_answers_that_question()
    {
        var answers = Answers("""
            Στις 1/12/2026 8:05 π.μ., REGIN έγραψε:
            > Από το μήνυμά σας κατανοήσαμε τα εξής:
            >   [Q01] Το όνομά σας: Ελένη Παπαδοπούλου
            >
            > Λείπουν οι εξής υποχρεωτικές απαντήσεις:
            >   [Q05] Τίτλος της πρακτικής

            Κέντρο Ένταξης Μεταναστών Ηρακλείου

            >   [Q13] Ημερομηνία έναρξης
            Σεπτ. 2019
            >
            > Απαντήστε σε αυτό το email με τις απαντήσεις που λείπουν (για παράδειγμα [Q07] 2019).
            > --
            > Η ομάδα του REGIN

            Ελένη
            """);
        Assert.Equal("Κέντρο Ένταξης Μεταναστών Ηρακλείου", answers["title"]);
        Assert.Equal("Σεπτ. 2019", answers["start_date"]);
        // What was only quoted, and the signature after the quote, answer nothing.
        Assert.Equal(["start_date", "title"], answers.Keys.Order());
    }

    [Fact]
    public void A_correction_typed_under_a_quoted_understood_answer_replaces_it_and_top_posted_answers_still_count()
    {
        var answers = Answers("""
            [Q21] 950

            On Tue, 1 Dec 2026 at 08:05, REGIN <reginproject@crpm.org> wrote:
            > This is what we understood:
            >   [Q13] Start date: September 2019
            no, October 2019
            >   [Q14] End date: ongoing
            """);
        Assert.Equal("950", answers["beneficiaries_count"]);
        Assert.Equal("no, October 2019", answers["start_date"]);
        Assert.False(answers.ContainsKey("end_date"));
    }

    [Fact]
    public void Without_a_quote_header_an_answer_under_a_quoted_key_is_still_filed_under_it()
    {
        var answers = Answers("""
            > These required answers are missing:
            >   [Q06] Country
            Sweden
            >   [Q07] Region
            Skåne
            """);
        Assert.Equal("Sweden", answers["country"]);
        Assert.Equal("Skåne", answers["region"]);
    }
}
