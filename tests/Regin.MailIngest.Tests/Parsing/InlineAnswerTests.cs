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

    /// <summary>Our template answered in a Gmail reply: each answer typed under the question's quoted hint, not its key (was lost: needs_info).</summary>
    [Fact]
    public void An_answer_typed_under_a_quoted_questions_hint_answers_that_question()
    {
        var answers = Answers("""
            Hi, answers below.

            On Mon, 30 Nov 2026 at 10:00, REGIN Integration Lab <reginproject@crpm.org> wrote:
            > REGIN-TEMPLATE v2026.1 lang=en
            >
            > [Q01] Your name *
            > First name and surname.
            Pat Doyle
            >
            >
            > [Q09] Type of the leading organisation *
            > Choose one.
            >   [ ] 1. Regional authority
            >   [ ] 2. Local authority
            Local authority
            >
            > [Q12] Other partners and stakeholders
            > Who else takes part.
            >
            >
            > [Q31] May the practice be published *
            >
            """);
        Assert.Equal("Pat Doyle", answers["contact_name"]);
        Assert.Equal("Local authority", answers["lead_organisation_type"]);
        Assert.Equal(["contact_name", "lead_organisation_type"], answers.Keys.Order());
    }

    /// <summary>
    /// Our hints are known in every language, so an answer is read under one whatever the mail program did to it: wrapped at
    /// 78 columns by Gmail (French), its quote marks and spacing changed (Greek, typographic apostrophe for the straight one).
    /// </summary>
    [Fact]
    public void An_answer_typed_under_one_of_our_hints_wrapped_or_respaced_by_the_mail_program_is_read()
    {
        var answers = Answers("""
            Le lun. 30 nov. 2026 à 10:00, REGIN Integration Lab <reginproject@crpm.org> a écrit :
            > [Q05] Titre de la pratique
            > Un nom court qui indique clairement de quoi il s'agit, 200 caractères au
            > maximum.
            Cœur d'accueil
            >
            > [Q03] Η διεύθυνση email σας
            >    Η   διεύθυνση στην οποία μπορούμε να επικοινωνήσουμε
            > μαζί σας για την πρακτική αυτή
            eleni@example.gr
            >
            > [Q02] Votre organisation
            > L’organisation pour laquelle vous travaillez.
            Mairie de Lyon
            """);
        Assert.Equal("Cœur d'accueil", answers["title"]);
        Assert.Equal("eleni@example.gr", answers["contact_email"]);
        Assert.Equal("Mairie de Lyon", answers["contact_organisation"]);
    }

    /// <summary>
    /// Quoted text that is not the question's own hint is no hint: our reply's closing paragraph under the missing list (one
    /// long line, as Thunderbird quotes it), another question's hint, a sentence of the sender's. Text typed under it was
    /// filed under the key above (the old rule took any 2 quoted lines not ending with ":"); it answers nothing.
    /// </summary>
    [Fact]
    public void Text_typed_under_quoted_text_that_is_not_the_questions_hint_answers_nothing()
    {
        var answers = Answers("""
            On 30/11/2026 10:00, REGIN Integration Lab wrote:
            > These required answers are missing:
            >   [Q05] Title of the practice
            >   [Q12] Other partners and stakeholders
            >
            > Please reply to this e-mail with the missing or corrected answers, each after its key in square brackets (for example [Q07] 2019). You do not need to repeat the answers that are already correct.
            I will send the rest next week.
            >
            > [Q06] Country
            > First name and surname.
            Malta
            >
            > [Q08] Leading organisation
            > Thanks for filling this in
            Town hall
            """);
        Assert.Empty(answers);
    }

    private static Dictionary<string, string> AllAnswers(string mailText)
    {
        var parts = ReplySplitter.Split(mailText, Parser.Markers);
        var answers = new Dictionary<string, string>();
        foreach (var text in new[] { parts.QuotedTemplate, parts.Newest }.OfType<string>())
        {
            foreach (var answer in Parser.Parse(text, "body").Answers)
            {
                answers[answer.QuestionId] = answer.Text;
            }
        }
        return answers;
    }

    /// <summary>
    /// Our template answered in an Outlook reply, which marks no quote: the answers typed into the quoted template are read
    /// (were lost: needs_info), an answer typed above the quote wins, and an older mail quoted below it is not read again.
    /// </summary>
    [Fact]
    public void Answers_typed_into_our_template_quoted_the_Outlook_way_are_read_and_the_newest_text_wins()
    {
        var answers = AllAnswers("""
            Hello, the form is filled in below.
            [Q06] Ireland

            From: REGIN Integration Lab <reginproject@crpm.org>
            Sent: Monday, November 30, 2026 10:00 AM
            To: pat@example.org
            Subject: REGIN Integration Lab: practice template

            REGIN-TEMPLATE v2026.1 lang=en

            [Q01] Your name *
            First name and surname.
            Pat Doyle

            [Q06] Country *
            The country where the practice takes place.
            Malta

            From: Pat Doyle <pat@example.org>
            Sent: Sunday, November 29, 2026 9:00 AM
            To: reginproject@crpm.org

            REGIN-TEMPLATE v2026.1 lang=en
            [Q05] An older title
            """);
        Assert.Equal("Pat Doyle", answers["contact_name"]);
        Assert.Equal("Ireland", answers["country"]);
        Assert.False(answers.ContainsKey("title"));
    }

    [Fact]
    public void A_quoted_mail_that_is_not_our_template_is_not_read_for_answers()
    {
        var parts = ReplySplitter.Split("""
            [Q05] New title

            From: Regin <reginproject@crpm.org>
            Sent: Monday, November 30, 2026 10:00 AM

            This is what we understood:
              [Q06] Country: Malta
            """, Parser.Markers);
        Assert.Null(parts.QuotedTemplate);
    }
}
