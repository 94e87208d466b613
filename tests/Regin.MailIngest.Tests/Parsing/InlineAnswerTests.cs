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
    /// A template sent before a locale file reworded a hint is quoted with the old wording (the French title's and
    /// objectives' hints, the Swedish lessons' hint, reworded by the native reviews of 30 November): the old hints are kept
    /// as <c>retired_hints</c> and known as ours, so the answers under them are read (they answered nothing before).
    /// </summary>
    [Fact]
    public void An_answer_typed_under_a_hint_quoted_from_an_older_template_is_read()
    {
        var answers = Answers("""
            Le lun. 2 nov. 2026 à 10:00, REGIN Integration Lab <reginproject@crpm.org> a écrit :
            > [Q05] Titre de la pratique
            > Un nom court qui dit de quoi il s'agit, 200 caractères au maximum.
            Cœur d'accueil
            >
            > [Q18] Objectifs
            > Ce que la pratique vise à
            > accomplir.
            Favoriser l'autonomie des familles.
            >
            > [Q26] Lärdomar
            > Vad du skulle behålla och vad du skulle göra annorlunda.
            Behålla mentorerna.
            """);
        Assert.Equal("Cœur d'accueil", answers["title"]);
        Assert.Equal("Favoriser l'autonomie des familles.", answers["objectives"]);
        Assert.Equal("Behålla mentorerna.", answers["lessons_learned"]);
    }

    /// <summary>
    /// A mark set by hand in Outlook ("[Respuesta]", neither the sender's name nor initials) on the one answer typed into the
    /// quoted template: dropped when the sender names it in their own text above the quote, kept otherwise (it could be the
    /// answer's own "[EU]").
    /// </summary>
    [Theory]
    [InlineData("Hola, he marcado mi respuesta con [Respuesta] abajo.", "Homework club")]
    [InlineData("Hello, my answer is marked [Reply] below.", "[Respuesta] Homework club")]
    [InlineData("Hola, mi respuesta está abajo.", "[Respuesta] Homework club")]
    public void A_mark_set_by_hand_is_dropped_when_the_sender_names_it_above_the_quote(string intro, string expectedTitle)
    {
        var parts = ReplySplitter.Split($"""
            {intro}

            ________________________________
            De: REGIN Integration Lab <reginproject@crpm.org>
            Enviado: lunes, 30 de noviembre de 2026 10:00
            Asunto: REGIN template

            REGIN-TEMPLATE v2026.1 lang=en

            [Q05] Title of the practice
            A short name that says what it is, at most 200 characters.
            [Respuesta] Homework club

            [Q12] Other partners and stakeholders
            Optional. Who else is involved and how.
            """, Parser.Markers, senderName: "Lucía Martínez");
        var answers = Parser.Parse(parts.QuotedTemplate!, "quoted_template").Answers.ToDictionary(a => a.QuestionId, a => a.Text);
        Assert.Equal(expectedTitle, answers["title"]);
    }

    /// <summary>
    /// Our template quoted by Gmail or Thunderbird ("&gt; "), the answers typed inside the quote (the sender clicked into it):
    /// each answer comes back quoted under its hint and is read; one typed unquoted under another hint is read too.
    /// </summary>
    [Fact]
    public void Answers_typed_inside_a_marked_quote_of_our_template_are_read()
    {
        var parts = ReplySplitter.Split("""
            Buongiorno, le risposte sono nel modello.

            Il giorno lun 30 nov 2026 alle ore 10:00 REGIN Integration Lab <
            reginproject@crpm.org> ha scritto:

            > REGIN-TEMPLATE v2026.1 lang=en
            >
            > [Q05] Title of the practice
            > A short name that says what it is, at most 200 characters.
            > Homework club
            >
            > [Q12] Other partners and stakeholders
            > Optional. Who else is involved and how.
            Town library
            >
            >> [Q06] Malta
            """, Parser.Markers);
        Assert.NotNull(parts.QuotedTemplate);
        var quoted = Parser.Parse(parts.QuotedTemplate!, "quoted_template").Answers.ToDictionary(a => a.QuestionId, a => a.Text);
        Assert.Equal("Homework club", quoted["title"]);
        Assert.DoesNotContain("country", quoted.Keys);
        var newest = Parser.Parse(parts.Newest, "body").Answers.ToDictionary(a => a.QuestionId, a => a.Text);
        Assert.Equal("Town library", newest["partners"]);
    }

    /// <summary>
    /// Outlook's inline comments in our quoted template, each answer after the sender's mark ("[PD]", or their name): the mark
    /// is no part of the answer when it opens two lines or more, or when it is the sender's name or initials (on one line too);
    /// an answer that happens to start with a bracket once keeps it.
    /// </summary>
    [Theory]
    [InlineData("[PD] Homework club", "[PD] Town library", "Homework club", "Town library", null)]
    [InlineData("[Pat Doyle] Homework club", "[Pat Doyle] Town library", "Homework club", "Town library", null)]
    [InlineData("Homework club", "[EU] funded partners", "Homework club", "[EU] funded partners", null)]
    [InlineData("Homework club", "[EU] funded partners", "Homework club", "[EU] funded partners", "Pat Doyle")]
    [InlineData("[PD] Homework club", "Town library", "Homework club", "Town library", "Pat Doyle")]
    [InlineData("Homework club", "[Pat Doyle] Town library", "Homework club", "Town library", "Pat Doyle")]
    [InlineData("[PD] Homework club", "Town library", "Homework club", "Town library", "Doyle, Pat")]
    [InlineData("[MR] Homework club", "Town library", "Homework club", "Town library", "Dr. Maria Rossi")]
    [InlineData("[PD] Homework club", "Town library", "[PD] Homework club", "Town library", "Maria Rossi")]
    public void Outlooks_comment_marks_in_a_quoted_template_are_no_part_of_the_answers(string title, string partners, string expectedTitle, string expectedPartners, string? sender)
    {
        var parts = ReplySplitter.Split($"""
            Hello, my answers are below.

            ________________________________
            From: REGIN Integration Lab <reginproject@crpm.org>
            Sent: Monday, November 30, 2026 10:00 AM
            Subject: REGIN template

            REGIN-TEMPLATE v2026.1 lang=en

            [Q05] Title of the practice
            A short name that says what it is, at most 200 characters.
            {title}

            [Q12] Other partners and stakeholders
            Optional. Who else is involved and how.
            {partners}
            """, Parser.Markers, senderName: sender);
        var answers = Parser.Parse(parts.QuotedTemplate!, "quoted_template").Answers.ToDictionary(a => a.QuestionId, a => a.Text);
        Assert.Equal(expectedTitle, answers["title"]);
        Assert.Equal(expectedPartners, answers["partners"]);
    }

    [Fact]
    public void Every_hint_a_locale_file_retired_is_still_known_and_never_an_answer()
    {
        var questionnaire = QuestionnaireLoader.LoadEmbedded();
        var retired = questionnaire.Questions.SelectMany(q => questionnaire.Languages.SelectMany(l => q.RetiredHints.In(l.Code).Select(h => (q, h)))).ToList();
        Assert.NotEmpty(retired);
        foreach (var (question, hint) in retired)
        {
            // Quoted under its key with an answer under it: the answer is read, the old hint is not taken for one.
            var answers = Answers($"On Mon, 2 Nov 2026 at 10:00, REGIN <reginproject@crpm.org> wrote:\n> [Q{question.Key:00}] x\n> {hint}\nMy answer 42\n");
            Assert.True(answers.TryGetValue(question.Id, out var answer), $"{question.Id}: nothing read under \"{hint}\"");
            Assert.DoesNotContain(hint, answer, StringComparison.Ordinal);
        }
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

    /// <summary>
    /// A company gateway's legal disclaimer, as the text part after an Apple Mail picture at the end of the text, in each of
    /// our languages: it opens with a disclaimer's phrase (mail_disclaimers), so it is no rest of the last answer. Apple's
    /// real rest of an answer, which may speak of confidentiality further on, is.
    /// </summary>
    [Theory]
    [InlineData("This e-mail and any attachments are confidential and intended solely for the addressee.", true)]
    [InlineData("Ce message et ses pièces jointes sont confidentiels et exclusivement destinés à leurs destinataires.", true)]
    [InlineData("Diese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen. Wenn Sie nicht der richtige Adressat sind oder diese E-Mail irrtümlich erhalten haben, informieren Sie bitte sofort den Absender.", true)]
    [InlineData("Este mensaje y sus anexos se dirigen exclusivamente a su destinatario y pueden contener información confidencial.", true)]
    [InlineData("Questo messaggio e i suoi allegati sono indirizzati esclusivamente al destinatario e possono contenere informazioni riservate.", true)]
    [InlineData("Το παρόν μήνυμα και τα συνημμένα του περιέχουν εμπιστευτικές πληροφορίες και προορίζονται αποκλειστικά για τον παραλήπτη.", true)]
    [InlineData("Esta mensagem e os seus anexos são confidenciais e destinam-se exclusivamente ao destinatário pretendido.", true)]
    [InlineData("Detta e-postmeddelande och eventuella bilagor är konfidentiella och endast avsett för mottagaren.", true)]
    [InlineData("\nSince then forty mentors have met them every week in the town library.", false)]
    [InlineData("Since then forty mentors have met them every week in the town library. Families tell us what they need, and we keep what they say between us; "
        + "nothing is written down without their consent, and the mentors sign an agreement on it. The library gives us a room on Tuesdays and Thursdays, "
        + "and the school sends the families' questions ahead of each meeting. This is confidential and intended only for the mentors.", false)]
    [InlineData("Seitdem treffen sich vierzig Paten jede Woche in der Stadtbibliothek.", false)]
    public void A_gateways_disclaimer_is_told_by_its_words_in_every_language(string text, bool disclaimer)
    {
        Assert.Equal(disclaimer, Parser.Markers.OpensAsDisclaimer(text));
    }

    /// <summary>
    /// A colleague's own filled template quoted under Outlook's header in the 8 languages ("-----Original Message-----"
    /// then From/Sent/To/Subject, or the From/Sent block alone): its From names an address not ours, so its answers are that
    /// mail's, not the sender's. Our own template quoted the same way is read.
    /// </summary>
    [Theory]
    [InlineData("-----Original Message-----", "From: Bob Baker <bob@example.net>", "Sent: Monday, November 30, 2026 10:00 AM", "To: Alice <alice@example.org>", "Subject: REGIN template")]
    [InlineData("-----Ursprüngliche Nachricht-----", "Von: Bob Baker <bob@example.net>", "Gesendet: Montag, 30. November 2026 10:00", "An: Alice <alice@example.org>", "Betreff: REGIN Vorlage")]
    [InlineData("-----Message d'origine-----", "De : Bob Baker <bob@example.net>", "Envoyé : lundi 30 novembre 2026 10:00", "À : Alice <alice@example.org>", "Objet : Modèle REGIN")]
    [InlineData("-----Mensaje original-----", "De: Bob Baker <bob@example.net>", "Enviado el: lunes, 30 de noviembre de 2026 10:00", "Para: Alice <alice@example.org>", "Asunto: Plantilla REGIN")]
    [InlineData("-----Messaggio originale-----", "Da: Bob Baker <bob@example.net>", "Inviato: lunedì 30 novembre 2026 10:00", "A: Alice <alice@example.org>", "Oggetto: Modello REGIN")]
    [InlineData("-----Αρχικό μήνυμα-----", "Από: Bob Baker <bob@example.net>", "Στάλθηκε: Δευτέρα, 30 Νοεμβρίου 2026 10:00 πμ", "Προς: Alice <alice@example.org>", "Θέμα: Πρότυπο REGIN")]
    [InlineData("-----Mensagem original-----", "De: Bob Baker <bob@example.net>", "Enviada: segunda-feira, 30 de novembro de 2026 10:00", "Para: Alice <alice@example.org>", "Assunto: Modelo REGIN")]
    [InlineData("-----Ursprungligt meddelande-----", "Från: Bob Baker <bob@example.net>", "Skickat: den 30 november 2026 10:00", "Till: Alice <alice@example.org>", "Ämne: REGIN-mall")]
    [InlineData("________________________________", "Από: Bob Baker <bob@example.net>", "Στάλθηκε: Δευτέρα, 30 Νοεμβρίου 2026 10:00 πμ", "Προς: Alice <alice@example.org>", "Θέμα: Πρότυπο REGIN")]
    [InlineData("________________________________", "De : Bob Baker <bob@example.net>", "Envoyé : lundi 30 novembre 2026 10:00", "À : Alice <alice@example.org>; REGIN <reginproject@crpm.org>", "Objet : Modèle REGIN")]
    [InlineData("-----Original Message-----", "From: Bob Baker [mailto:bob@example.net]", "Sent: Monday, November 30, 2026 10:00 AM", "To: Alice; REGIN <reginproject@crpm.org>", "Subject: REGIN template")]
    public void A_colleagues_template_quoted_under_Outlooks_header_is_not_read(string rule, string from, string sent, string to, string subject)
    {
        var parts = ReplySplitter.Split(QuotedUnder(rule, from, sent, to, subject), Parser.Markers, senderName: "Alice", ourDomain: "crpm.org");
        Assert.Null(parts.QuotedTemplate);
        Assert.DoesNotContain("Bob's homework club", parts.Newest, StringComparison.Ordinal);
    }

    /// <summary>
    /// A reply-all in a list thread, Outlook's way: the colleague's list mail quoted unmarked under the header block, our
    /// reply he had quoted marked "&gt; " inside it, then the list's footer with its unsubscribe line. The footer is the
    /// quoted mail's text, not an answer typed under our quoted "[Q13] Start date" (it was read as the start date, refused,
    /// and took the place of the sender's own correction).
    /// </summary>
    [Theory]
    [InlineData("-----Original Message-----", "From: integration-network <integration-network-bounces@lists.crete.example> On Behalf Of Bob Baker", "Sent: Friday, December 4, 2026 4:12 PM", "Subject: Re: [integration-network] REGIN",
        "_______________________________________________\nintegration-network mailing list -- integration-network@lists.crete.example\nTo unsubscribe send an email to integration-network-leave@lists.crete.example")]
    [InlineData("-----Original Message-----", "From: 'Bob Baker' via Integration network <integration-network@googlegroups.com>", "Sent: Friday, December 4, 2026 4:12 PM", "Subject: Re: REGIN",
        "--\nYou received this message because you are subscribed to the Google Groups \"Integration network\" group.\nTo unsubscribe from this group and stop receiving emails from it, send an email to integration-network+unsubscribe@googlegroups.com.")]
    [InlineData("-----Ursprüngliche Nachricht-----", "Von: integration <integration-bounces@lists.example.de> Im Auftrag von Bob Baker", "Gesendet: Freitag, 4. Dezember 2026 16:12", "Betreff: AW: [integration] REGIN",
        "_______________________________________________\nintegration Mailingliste\nUm sich von dieser Liste abzumelden, senden Sie eine E-Mail an integration-leave@lists.example.de")]
    [InlineData("-----Message d'origine-----", "De : integration <integration@listes.example.fr> De la part de Bob Baker", "Envoyé : vendredi 4 décembre 2026 16:12", "Objet : RE: [integration] REGIN",
        "-- \nPour vous désabonner de cette liste, envoyez un message à sympa@listes.example.fr avec pour objet : unsubscribe integration")]
    [InlineData("-----Mensaje original-----", "De: integracion <integracion-bounces@listas.example.es> En nombre de Bob Baker", "Enviado el: viernes, 4 de diciembre de 2026 16:12", "Asunto: RE: [integracion] REGIN",
        "_______________________________________________\nLista de correo integracion\nPara darse de baja de esta lista, envíe un correo a integracion-leave@listas.example.es")]
    [InlineData("-----Messaggio originale-----", "Da: integrazione <integrazione-bounces@liste.example.it> Per conto di Bob Baker", "Inviato: venerdì 4 dicembre 2026 16:12", "Oggetto: R: [integrazione] REGIN",
        "_______________________________________________\nMailing list integrazione\nPer cancellarti da questa lista invia un'e-mail a integrazione-leave@liste.example.it")]
    [InlineData("-----Αρχικό μήνυμα-----", "Από: entaxi <entaxi-bounces@lists.example.gr> Εκ μέρους Bob Baker", "Στάλθηκε: Παρασκευή, 4 Δεκεμβρίου 2026 4:12 μμ", "Θέμα: RE: [entaxi] REGIN",
        "_______________________________________________\nΛίστα entaxi\nΓια να διαγραφείτε από τη λίστα, στείλτε email στο entaxi-leave@lists.example.gr")]
    [InlineData("-----Mensagem original-----", "De: integracao <integracao-bounces@listas.example.pt> Em nome de Bob Baker", "Enviada: sexta-feira, 4 de dezembro de 2026 16:12", "Assunto: RE: [integracao] REGIN",
        "_______________________________________________\nLista integracao\nPara cancelar a subscrição desta lista, envie um e-mail para integracao-leave@listas.example.pt")]
    [InlineData("-----Ursprungligt meddelande-----", "Från: integration <integration-bounces@listor.example.se> För Bob Baker", "Skickat: den 4 december 2026 16:12", "Ämne: SV: [integration] REGIN",
        "_______________________________________________\nE-postlistan integration\nFör att avsluta prenumerationen, skicka ett mejl till integration-leave@listor.example.se")]
    public void A_list_footer_under_our_reply_quoted_in_a_colleagues_mail_answers_nothing(string rule, string from, string sent, string subject, string footer)
    {
        var answers = Answers($"Thanks Bob, I will check the date.\n\nAlice\n\n{rule}\n{from}\n{sent}\n{subject}\n\nAlice, didn't it start in 2020?\n\nBob\n\n"
            + "> REGIN: your practice REGIN-0001\n>\n> This is what we understood:\n>   [Q05] Title of the practice: Alice's practice\n>   [Q13] Start date: 2019\n\n" + footer + "\n");
        Assert.Empty(answers);
    }

    [Fact]
    public void An_answer_typed_under_our_quoted_key_below_Gmails_header_is_still_read()
    {
        var answers = Answers("On Fri, 4 Dec 2026 at 16:12, REGIN <reginproject@crpm.org> wrote:\n> This is what we understood:\n>   [Q13] Start date: 2019\n\n2020\n\n> --\n> The REGIN team\n");
        Assert.Equal("2020", answers["start_date"]);
    }

    [Theory]
    [InlineData("-----Original Message-----", "From: REGIN Integration Lab <reginproject@crpm.org>", "Sent: Monday, November 30, 2026 10:00 AM", "To: Alice <alice@example.org>", "Subject: REGIN template")]
    [InlineData("-----Αρχικό μήνυμα-----", "Από: REGIN Integration Lab <reginproject@crpm.org>", "Στάλθηκε: Δευτέρα, 30 Νοεμβρίου 2026 10:00 πμ", "Προς: Alice <alice@example.org>", "Θέμα: Πρότυπο REGIN")]
    [InlineData("-----Ursprungligt meddelande-----", "Från: REGIN Integration Lab", "Skickat: den 30 november 2026 10:00", "Till: Alice", "Ämne: REGIN-mall")]
    public void Our_template_quoted_under_Outlooks_header_is_read(string rule, string from, string sent, string to, string subject)
    {
        var parts = ReplySplitter.Split(QuotedUnder(rule, from, sent, to, subject), Parser.Markers, senderName: "Alice", ourDomain: "crpm.org");
        Assert.NotNull(parts.QuotedTemplate);
        Assert.Equal("Bob's homework club", Parser.Parse(parts.QuotedTemplate!, "quoted_template").Answers.Single(a => a.QuestionId == "title").Text);
    }

    private static string QuotedUnder(string rule, string from, string sent, string to, string subject) => $"""
        Hi, see the template below.

        {rule}
        {from}
        {sent}
        {to}
        {subject}

        REGIN-TEMPLATE v2026.1 lang=en

        [Q05] Title of the practice
        A short name that says what it is, at most 200 characters.
        Bob's homework club

        [Q06] Country
        Malta
        """;
}

/// <summary>
/// Session 47: Outlook's reply in HTML quotes our reply unmarked under its From/Sent block, and the sender types her answers
/// under our quoted questions there (they were not read: only a marked quote's were); and answers numbered by the place of
/// their question in our quoted lists ("1. 2022 2. ναι 3. 45.000").
/// </summary>
public sealed class UnmarkedInlineAnswerTests
{
    private static readonly TemplateTextParser Parser = new(new QuestionCatalog(QuestionnaireLoader.LoadEmbedded()));

    private static Dictionary<string, string> Answers(string mailText)
    {
        var newest = ReplySplitter.Split(mailText, Parser.Markers, ourDomain: "crpm.org").Newest;
        return Parser.Parse(newest, "body").Answers.ToDictionary(a => a.QuestionId, a => a.Text);
    }

    private const string OurReply = """
        Agradecemos a sua contribuição para o REGIN Integration Lab.
        REGIN: a sua prática REGIN-0001

        Eis o que compreendemos:
          [Q07] Região: Centro (PT) (PT16)

        Faltam estas respostas obrigatórias:
          [Q20] Resultados e impacto até ao momento
        {20}
          [Q31] Autoriza que a prática seja publicada na base de dados e no mapa do Integration
        Lab e que a equipa do REGIN entre em contacto consigo a esse respeito?
        {31}

        Estas perguntas opcionais ainda não têm resposta; se puder, responda-lhes também (por baixo da respetiva chave, na sua resposta):
          [Q21] Número de pessoas abrangidas
          [Q23] Orçamento total em euros
        {23}

        Responda a este e-mail com as respostas em falta ou corrigidas, cada uma a seguir à respetiva chave entre parênteses retos (por exemplo [Q07] 2019). Não é necessário repetir as respostas que já estão corretas.

        -- 
        A equipa do REGIN
        """;

    private static string Reply(string from, string q20, string q31, string q23) =>
        "Bom dia,\n\nrespondi em baixo.\n\nCumprimentos,\nAna Costa\nCamara Municipal de Braga\n\n"
        + $"De: {from}\nEnviada: 7 de dezembro de 2026 15:21\nPara: Ana Costa <ana.costa@cm-braga.example>\nAssunto: REGIN: a sua prática REGIN-0001\n\n"
        + OurReply.Replace("{20}\n", q20, StringComparison.Ordinal).Replace("{31}\n", q31, StringComparison.Ordinal).Replace("{23}\n", q23 + "\n", StringComparison.Ordinal);

    [Fact]
    public void Answers_typed_under_our_questions_in_Outlooks_unmarked_quote_are_read()
    {
        var answers = Answers(Reply("REGIN Integration Lab <reginproject@crpm.org>", "Cerca de 2.300 atendimentos por ano\n", "sim\n", "cerca de 85 mil euros"));
        Assert.Equal("Cerca de 2.300 atendimentos por ano", answers["results"]);
        Assert.Equal("sim", answers["consent_publish"]);
        Assert.Equal("cerca de 85 mil euros", answers["budget_eur"]);
        // The wrapped rest of our consent question, our closing paragraph, our understood list, her signature: no answers.
        Assert.Equal(3, answers.Count);
    }

    [Fact]
    public void Under_an_unmarked_quote_a_blank_line_she_typed_before_her_answer_is_hers_when_our_list_goes_on()
    {
        var answers = Answers(Reply("REGIN Integration Lab <reginproject@crpm.org>", "\nCerca de 2.300 atendimentos por ano\n\n", "", ""));
        Assert.Equal("Cerca de 2.300 atendimentos por ano", answers["results"]);
        Assert.Single(answers);
    }

    [Fact]
    public void Our_reply_quoted_unmarked_and_unanswered_gives_nothing()
    {
        Assert.Empty(Answers(Reply("REGIN Integration Lab <reginproject@crpm.org>", "", "", "")));
    }

    [Fact]
    public void A_colleagues_mail_quoted_unmarked_is_not_ours_to_read_answers_in()
    {
        Assert.Empty(Answers(Reply("Rui Silva <rui.silva@cm-braga.example>", "Cerca de 2.300 atendimentos por ano\n", "sim\n", "cerca de 85 mil euros")));
    }

    [Theory]
    [InlineData("1. 2022 2. ναι 3. 45.000\n\nΕυχαριστώ", "start_date=2022|consent_publish=ναι|budget_eur=45.000")]
    [InlineData("1) 2022\n2) ναι\n\nΕυχαριστώ", "start_date=2022|consent_publish=ναι")]
    [InlineData("Καλημέρα,\n1. 2022\n3. 45.000 ευρώ", "start_date=2022|budget_eur=45.000 ευρώ")]
    [InlineData("2. ναι 3. 45.000", "")] // not from 1: a list of something else
    [InlineData("1. 2022 2. ναι 3. 45.000 4. 12", "")] // more than we asked
    [InlineData("Οι δραστηριότητες:\n1. μαθήματα\n2. φύλαξη παιδιών", "")] // a list a line introduces
    [InlineData("[Q19]\n1. μαθήματα\n2. φύλαξη παιδιών", "")] // one answer's items
    // Session 48: a line introducing the answers, every question asked answered one for one (the Maltese NGO's reply).
    [InlineData("Hi again,\n\nHere are the missing answers:\n\n1. Aug 2025\n2. yes\n3. n/a\n\nRachel", "start_date=Aug 2025|consent_publish=yes|budget_eur=n/a")]
    [InlineData("Ecco le risposte:\n1. 2022\n2. si", "")] // introduced, but one question left: a list of something else
    public void Answers_numbered_by_the_place_of_our_questions(string own, string expected)
    {
        var found = MailContentReader.NumberedAnswers(own, ["start_date", "consent_publish", "budget_eur"]);
        Assert.Equal(expected, string.Join("|", found.Select(a => a.QuestionId + "=" + a.Text)));
    }
}
