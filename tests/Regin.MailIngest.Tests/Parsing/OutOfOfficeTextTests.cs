using Regin.Core.Questionnaire;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// An out-of-office reply told by its words (vocabulary out_of_office), for the auto-responders whose headers and subject
/// say nothing ("Re: REGIN", no Auto-Submitted): as they are written in the 8 languages, and what a person writes that
/// only mentions an absence later on.
/// </summary>
public sealed class OutOfOfficeTextTests
{
    private static readonly MailMarkers Markers = new TemplateTextParser(new QuestionCatalog(QuestionnaireLoader.LoadEmbedded())).Markers;

    [Theory]
    [InlineData("Thank you for your email. I am out of the office until Monday 4 January with limited access to email.")]
    [InlineData("I'm currently away and will reply when I'm back on 11 January.")]
    [InlineData("Merci pour votre message. Je suis absente du bureau jusqu’au 4 janvier inclus, avec un accès limité à mes e-mails.")]
    [InlineData("Vielen Dank für Ihre Nachricht. Bis einschließlich 4. Januar bin ich nicht im Büro. In dringenden Fällen wenden Sie sich bitte an Frau Becker.")]
    [InlineData("Gracias por su mensaje. Estoy fuera de la oficina hasta el 7 de enero, con acceso limitado al correo.")]
    [InlineData("Grazie per il messaggio. Sono assente dall’ufficio fino al 7 gennaio 2027.")]
    [InlineData("Σας ευχαριστώ για το μήνυμά σας. Θα απουσιάζω από το γραφείο έως τις 7 Ιανουαρίου, με περιορισμένη πρόσβαση στο email.")]
    [InlineData("Obrigada pela sua mensagem. Estou ausente até 6 de janeiro, com acesso limitado ao e-mail.")]
    [InlineData("Hej! Jag är på semester till och med den 6 januari och läser inte min e-post.")]
    // Session 42: the holiday wordings of the responders' own texts (a rule's reply keeps the original subject).
    [InlineData("Thanks for your message. I'm on holiday until 4 January and will reply on my return.")]
    [InlineData("Hi, I am currently on vacation with no access to my mailbox. Back on January 4.")]
    [InlineData("Bonjour, je suis en vacances jusqu’au 4 janvier. Votre message ne sera pas transféré.")]
    [InlineData("Guten Tag, ich bin bis zum 4. Januar nicht im Hause. Ihre E-Mail wird nicht weitergeleitet.")]
    [InlineData("Buenos días: me encuentro de vacaciones hasta el 7 de enero. Para asuntos urgentes, escriba a secretaria@murcia.example.")]
    [InlineData("Buongiorno, sono in vacanza fino al 7 gennaio. Per urgenze contattare l'ufficio.")]
    [InlineData("Καλησπέρα σας, βρίσκομαι σε διακοπές έως τις 7 Ιανουαρίου.")]
    [InlineData("Bom dia, encontro-me de férias até dia 6 de janeiro. Para assuntos urgentes contacte o secretariado.")]
    [InlineData("Hej, jag har semester till den 6 januari. Vid brådskande ärenden, ring växeln.")]
    [InlineData("Hej! Jag är ledig t.o.m. 6/1 och läser inte mejl.")]
    public void An_out_of_office_text_is_told_by_its_words(string text) => Assert.True(Markers.OpensAsOutOfOffice(text), text);

    [Theory]
    [InlineData("Hello, could you send me the template again? The last one got lost.")]
    [InlineData("Guten Tag, anbei die ausgefüllte Vorlage. Die Maßnahme läuft seit 2021 im Landkreis.")]
    [InlineData("Hej, jag vill gärna berätta om vår insats för nyanlända i Härnösand.")]
    // An absence mentioned after the first sentences of a long mail is a person's, not an auto-responder's.
    [InlineData("Buongiorno, vi scrivo per la pratica del nostro comune: il progetto di mediazione linguistica nelle scuole è iniziato nel 2021 con il sostegno "
        + "della regione e coinvolge oggi dodici scuole primarie e tre secondarie del territorio, con mediatori di sei lingue diverse e un coordinamento "
        + "mensile con i servizi sociali. Vorremmo presentarla al progetto REGIN e capire quali informazioni servono. Compilerò la scheda la prossima "
        + "settimana perché ora sono assente dall'ufficio per qualche giorno.")]
    public void A_persons_mail_is_not_an_out_of_office(string text) => Assert.False(Markers.OpensAsOutOfOffice(text), text);
}
