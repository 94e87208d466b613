using Regin.Core.Normalisation;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// An answer that only points to an attachment instead of giving the answer: "Descrizione: vedi allegato", "siehe Anhang",
/// "voir PJ", "ver adjunto", "see attached (pdf)", "βλ. συνημμένο", "se bilaga" (session 48: an Italian cooperative's
/// description was stored and published as "vedi allegato", the practice submitted with it, beside a PDF we do not read).
/// Such an answer is no answer: the mail reader records none for it, so the question stays asked (the reply names an
/// attachment it could not read on its own line). Only the whole answer is a pointer ("see attached", with at most two words
/// after it such as "file", "pdf", "document"); a sentence that mentions an attachment is the answer as typed.
/// </summary>
public static class AttachmentPointers
{
    /// <summary>Words that may follow a pointer ("vedi allegato pdf", "see attached document please").</summary>
    private const int MaxTrailingWords = 2;

    private static readonly string[][] Phrases =
    [
        .. new[]
        {
            // en
            "see attached", "see attachment", "see the attachment", "see attached file", "please see attached", "pls see attached", "attached",
            "in the attachment", "see annex", "see the attached", "as attached", "refer to attachment", "refer to the attachment",
            // de
            "siehe anhang", "s anhang", "siehe anlage", "s anlage", "im anhang", "in der anlage", "siehe beilage", "s beilage", "siehe beiliegendes dokument",
            "siehe angehängtes dokument", "siehe datei im anhang",
            // fr
            "voir piece jointe", "voir pj", "cf piece jointe", "cf pj", "en piece jointe", "voir document joint", "voir fichier joint", "ci joint", "voir annexe",
            "voir en annexe", "cf annexe", "pj",
            // es
            "ver adjunto", "ver archivo adjunto", "vease adjunto", "vease el adjunto", "adjunto", "en el adjunto", "ver anexo", "va adjunto", "se adjunta",
            "ver documento adjunto", "ver el adjunto",
            // it
            "vedi allegato", "vedere allegato", "in allegato", "allegato", "v allegato", "si veda l allegato", "si veda allegato", "vedi file allegato",
            "vedi documento allegato", "vedasi allegato", "vedi l allegato", "come da allegato",
            // pt
            "ver anexo", "em anexo", "segue em anexo", "anexo", "ver ficheiro anexo", "ver arquivo anexo", "vide anexo", "consultar anexo", "ver documento anexo",
            // el
            "βλ συνημμενο", "βλεπε συνημμενο", "στο συνημμενο", "συνημμενο", "επισυναπτεται", "βλ συνημμενο αρχειο", "βλεπε συνημμενο αρχειο",
            // sv
            "se bifogad fil", "se bilaga", "se bilagan", "bifogad", "bifogat", "i bilagan", "se bifogat", "se bifogad", "se bifogade filen",
        }.Select(p => TextKey.Words(p)),
    ];

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Regin.Core.Questionnaire.QuestionnaireDefinition, HashSet<string>> SameWordsOf = [];

    /// <summary>
    /// Whether <paramref name="text"/>, a whole answer, says it is the same as another, above ("s.o.", "dito", "wie oben",
    /// "idem", "as above": the vocabulary's <c>same_words</c>): it points elsewhere and answers nothing itself (session 54).
    /// </summary>
    public static bool PointsAbove(string? text, Regin.Core.Questionnaire.QuestionnaireDefinition questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        return text is { Length: > 0 and <= 40 } && SameWordsOf.GetValue(questionnaire,
                q => q.Vocabulary.SameWords.All.Select(TextKey.Fold).Where(w => w.Length > 0).ToHashSet(StringComparer.Ordinal))
            .Contains(TextKey.Fold(text));
    }

    /// <summary>Whether <paramref name="text"/>, a whole answer, points to an attachment or to another answer instead of answering.</summary>
    public static bool PointsElsewhere(string? text, Regin.Core.Questionnaire.QuestionnaireDefinition questionnaire) =>
        IsPointer(text) || PointsAbove(text, questionnaire);

    /// <summary>Whether <paramref name="text"/>, an answer, only points to an attachment.</summary>
    public static bool IsPointer(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 80 || text.Any(char.IsDigit))
        {
            return false;
        }
        var words = TextKey.Words(text);
        if (words.Length == 0)
        {
            return false;
        }
        foreach (var phrase in Phrases)
        {
            if (words.Length >= phrase.Length && words.Length <= phrase.Length + MaxTrailingWords && words.AsSpan(0, phrase.Length).SequenceEqual(phrase))
            {
                return true;
            }
        }
        return false;
    }
}
