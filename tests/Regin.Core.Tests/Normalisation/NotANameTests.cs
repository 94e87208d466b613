using Regin.Core.Localisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// Session 47: the first thing a new contributor types where the name is asked is often what they came for ("I'd like to
/// add our project", "ich möchte ein Projekt eintragen"): it was stored as their name. Talk about oneself is refused with a
/// clear message; names, initials and short given names that are words elsewhere ("My", "Ho", "I.") stay names.
/// </summary>
public class NotANameTests
{
    [Theory]
    [InlineData("en", "I'd like to add our project")]
    [InlineData("en", "hello, I have a project to share")]
    [InlineData("en", "I'm interested in adding a practice")]
    [InlineData("en", "we are a small NGO in Cork")]
    [InlineData("en", "Our project is called Welcome Cafés")]
    [InlineData("de", "Ich möchte ein Projekt eintragen")]
    [InlineData("de", "wir sind der Landkreis Harburg")]
    [InlineData("de", "Hallo, wie lange dauert das?")]
    [InlineData("fr", "je voudrais ajouter notre projet")]
    [InlineData("fr", "bonjour, nous sommes une association")]
    [InlineData("es", "quiero registrar una práctica")]
    [InlineData("es", "Hola, me gustaría añadir un proyecto")]
    [InlineData("it", "vorrei inserire un progetto")]
    [InlineData("it", "sono interessata")]
    [InlineData("pt", "gostaria de registar um projeto")]
    [InlineData("pt", "ola, temos um projeto em Braga")]
    [InlineData("sv", "jag vill lägga in ett projekt")]
    [InlineData("sv", "hej, vi har ett projekt i Malmö")]
    [InlineData("el", "θέλω να καταχωρήσω ένα έργο")]
    [InlineData("el", "Καλημέρα, θα ήθελα να προσθέσω μια πρακτική")]
    public void Talk_about_oneself_is_no_name(string language, string text)
    {
        var answer = TestCore.Normalise("contact_name", text, language);

        Assert.False(answer.Ok);
        Assert.Equal(TestCore.Questionnaire.Messages[MessageKeys.NotAName][language], answer.Error);
        Assert.Equal(text, answer.Original);
    }

    [Theory]
    [InlineData("en", "I'm Anna Schulz", "Anna Schulz")]
    [InlineData("en", "hi im Aoife Byrne", "Aoife Byrne")]
    [InlineData("en", "I. Papadopoulos", "I. Papadopoulos")]
    [InlineData("en", "My Nguyen", "My Nguyen")]
    [InlineData("sv", "My Andersson", "My Andersson")]
    [InlineData("it", "Ho Thi Lan", "Ho Thi Lan")]
    [InlineData("fr", "J. Dupont", "J. Dupont")]
    [InlineData("fr", "Je m'appelle Claire Martin", "Claire Martin")]
    [InlineData("es", "hola soy Ana Ruiz", "Ana Ruiz")]
    [InlineData("de", "hallo ich bin Anna Schulz", "Anna Schulz")]
    [InlineData("it", "sono Giulia Ferri", "Giulia Ferri")]
    [InlineData("pt", "sou a Ana Silva", "Ana Silva")]
    [InlineData("sv", "Jag heter Karin Lindqvist", "Karin Lindqvist")]
    [InlineData("el", "Είμαι η Μαρία Παπαδοπούλου", "Μαρία Παπαδοπούλου")]
    public void Names_stay_names(string language, string text, string name)
    {
        var answer = TestCore.Normalise("contact_name", text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(name, answer.Value());
    }

    /// <summary>"… och jobbar på Malmö stad": the clause that says where they work is no part of the name (it was stored in it).</summary>
    [Theory]
    [InlineData("sv", "Jag heter Karin Lindqvist och jobbar på Malmö stad", "Karin Lindqvist")]
    [InlineData("en", "Aoife Byrne and I work at Cork City Council", "Aoife Byrne")]
    [InlineData("de", "ich bin Anna Schulz und arbeite beim Landkreis Harburg", "Anna Schulz")]
    [InlineData("el", "Μαρία Παπαδοπούλου και δουλεύω στο Δήμο Λέσβου", "Μαρία Παπαδοπούλου")]
    public void The_clause_saying_where_they_work_is_no_part_of_the_name(string language, string text, string name)
    {
        var answer = TestCore.Normalise("contact_name", text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(name, answer.Value());
    }

    /// <summary>Session 49: the practice's title typed where the name is asked, the first question, was stored as the
    /// contributor's name. A word no person's name holds (a preposition that is no name particle) says it is no name.</summary>
    [Theory]
    [InlineData("de", "Deutschkurse für Asylwerber im Bezirk Landeck")]
    [InlineData("de", "sprachcafe fur frauen")]
    [InlineData("en", "Language cafés for newcomers")]
    [InlineData("en", "mentoring for refugee women")]
    [InlineData("fr", "Ateliers d'écriture pour femmes migrantes")]
    [InlineData("es", "Clases de castellano para mujeres")]
    [InlineData("it", "corsi di italiano per donne migranti")]
    [InlineData("pt", "Mentoria para jovens refugiados")]
    [InlineData("sv", "Språkcafé för nyanlända")]
    [InlineData("el", "Μαθήματα ελληνικών για πρόσφυγες")]
    [InlineData("el", "μαθηματα ελληνικων στην κρητη")]
    public void A_title_is_no_name(string language, string text)
    {
        var answer = TestCore.Normalise("contact_name", text, language);

        Assert.False(answer.Ok);
        Assert.Equal(TestCore.Questionnaire.Messages[MessageKeys.NotAName][language], answer.Error);
    }

    /// <summary>Name particles are no such words, nor is a remark set apart after the name.</summary>
    [Theory]
    [InlineData("de", "Ursula von der Leyen", "Ursula von der Leyen")]
    [InlineData("fr", "Jean de la Fontaine", "Jean de la Fontaine")]
    [InlineData("es", "María José de los Santos y García", "María José de los Santos y García")]
    [InlineData("it", "Giulia Della Valle", "Giulia Della Valle")]
    [InlineData("pt", "Ana Maria da Silva e Sousa", "Ana Maria da Silva e Sousa")]
    [InlineData("sv", "Karin af Klint", "Karin af Klint")]
    [InlineData("de", "Anna Schmidt (zuständig für Integration)", "Anna Schmidt")]
    [InlineData("en", "Siobhan O'Brien, coordinator for the project", "Siobhan O'Brien")]
    public void Names_with_particles_and_remarks_stay_names(string language, string text, string name)
    {
        var answer = TestCore.Normalise("contact_name", text, language);

        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(name, answer.Value());
    }

    [Fact]
    public void A_greeting_before_words_that_are_no_lead_in_stays_in_the_title()
    {
        Assert.Equal("Hello Europe", TestCore.Normalise("title", "Hello Europe").Value());
    }
}
