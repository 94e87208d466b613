using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// A contributor asking in the text of a mail, not its subject, to delete her practice or her data: "please delete my
/// submission", "bitte löschen Sie unser Praxisbeispiel", "cancellate la nostra scheda", "borrad mi práctica" (session 48:
/// a Maltese NGO's "please delete my submission" a day after submitting got no reply at all; in a draft it got "we found no
/// answers" and the template). Nothing is erased on it (an erasure is the subject's words, <see cref="Intake.DataRightsMail"/>:
/// a sentence can say more than the request, "delete the old budget from my submission"): the reply tells her how to ask.
/// A sentence of the sender's own text of at most <see cref="MaxWords"/> words holding the chat's "erase my data" words, or a
/// verb of deleting and a word naming the practice or the data, is a request.
/// </summary>
public static class ErasureAsked
{
    private const int MaxWords = 16;
    private const int MaxSentences = 8;

    private static readonly string[] Verbs =
    [
        "delet", "eras", "remov", "withdraw", "losch", "entfern", "zuruckzieh", "cancell", "elimin", "ritir", "borr", "retir", "supprim", "effac",
        "apag", "διαγραψ", "διαγραφ", "αποσυρ", "rader", "bort",
    ];

    private static readonly string[] Objects =
    [
        "submission", "practice", "entry", "data", "details", "einreichung", "praxisbeispiel", "daten", "beitrag", "eintrag", "angaben", "pratica", "dati",
        "scheda", "practica", "datos", "ficha", "pratique", "donnees", "fiche", "dados", "πρακτικ", "δεδομεν", "στοιχει", "insats", "uppgift", "bidrag",
    ];

    /// <summary>Whether the sender's own text <paramref name="newest"/> asks to delete her practice or her data.</summary>
    public static bool Asks(string? newest, QuestionnaireDefinition questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        if (string.IsNullOrWhiteSpace(newest))
        {
            return false;
        }
        var commands = questionnaire.Commands.TryGetValue(Regin.Core.Conversation.Commands.CommandNames.EraseMyData, out var words)
            ? words.All.Select(w => " " + TextKey.Fold(w) + " ").ToList() : [];
        var sentences = newest.Split(['.', '!', '?', '\n', ';', '\u037E'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var sentence in sentences.Take(MaxSentences))
        {
            var folded = TextKey.Words(sentence);
            if (folded.Length == 0 || folded.Length > MaxWords)
            {
                continue;
            }
            var joined = " " + string.Join(' ', folded) + " ";
            if (commands.Any(c => joined.Contains(c, StringComparison.Ordinal))
                || (folded.Any(w => !w.StartsWith("borrador", StringComparison.Ordinal) && Verbs.Any(v => w.StartsWith(v, StringComparison.Ordinal))) && folded.Any(w => Objects.Any(o => w.StartsWith(o, StringComparison.Ordinal)))))
            {
                return true;
            }
        }
        return false;
    }
}
