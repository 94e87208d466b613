using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>Session 48: an answer that only points to an attachment ("vedi allegato") is no answer; a sentence naming one is.</summary>
public sealed class AttachmentPointerTests
{
    [Theory]
    [InlineData("vedi allegato")]
    [InlineData("Vedi allegato.")]
    [InlineData("in allegato pdf")]
    [InlineData("siehe Anhang")]
    [InlineData("s. Anlage")]
    [InlineData("voir PJ")]
    [InlineData("Voir pièce jointe")]
    [InlineData("ver adjunto")]
    [InlineData("Véase el adjunto")]
    [InlineData("see attached")]
    [InlineData("Please see attached document")]
    [InlineData("ver anexo")]
    [InlineData("βλ. συνημμένο")]
    [InlineData("se bilaga")]
    public void A_pointer_to_an_attachment_is_no_answer(string answer) => Assert.True(AttachmentPointers.IsPointer(answer));

    [Theory]
    [InlineData("Il progetto e descritto in dettaglio nel documento allegato, in breve: braccianti nei ghetti")]
    [InlineData("Allegato al progetto di inclusione lavorativa")]
    [InlineData("Anhang 3: Budgetplan 2024")]
    [InlineData("Attached housing units for refugee families in rural villages")]
    [InlineData("")]
    public void A_sentence_naming_an_attachment_is_the_answer(string answer) => Assert.False(AttachmentPointers.IsPointer(answer));
}

/// <summary>Session 48: a request in a mail's text to delete the practice or the data, in the 8 languages; other sentences are none.</summary>
public sealed class ErasureAskedTests
{
    private static readonly Regin.Core.Questionnaire.QuestionnaireDefinition Questionnaire = Regin.Core.Questionnaire.QuestionnaireLoader.LoadEmbedded();

    [Theory]
    [InlineData("Hi,\n\nplease delete my submission. Our board decided not to take part this year.\n\nRachel")]
    [InlineData("Guten Tag,\nbitte löschen Sie unser Praxisbeispiel wieder.\nDanke")]
    [InlineData("Buongiorno, potete cancellare la nostra scheda? Grazie")]
    [InlineData("Hola, por favor borrad mi práctica, ya no participamos.")]
    [InlineData("Bonjour, merci de supprimer notre fiche.")]
    [InlineData("Por favor, apaguem a nossa prática.")]
    [InlineData("Παρακαλώ διαγράψτε την πρακτική μας.")]
    [InlineData("Hej, kan ni ta bort vår insats?")]
    [InlineData("erase my data")]
    public void A_request_to_delete_is_read(string text) => Assert.True(ErasureAsked.Asks(text, Questionnaire));

    [Theory]
    [InlineData("Thanks a lot, see you at the conference!")]
    [InlineData("Os envío el borrador de la ficha la semana que viene.")]
    [InlineData("We removed two activities last year because the funding stopped, and the council took over the rest of the work in the villages.")]
    public void Other_sentences_are_none(string text) => Assert.False(ErasureAsked.Asks(text, Questionnaire));
}
