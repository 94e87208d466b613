using Regin.Core.Questionnaire;

namespace Regin.Core.Normalisation.Matching;

/// <summary>
/// Reads an answer that gives none, as people write it when a question does not apply to them: "no", "none", "n/a",
/// "-", "keine Angabe", "nej tack", "no tengo", "δεν έχω", or a sentence that starts so ("je préfère ne pas le donner",
/// "I'd rather not say") where a number, a date, an address or a link was asked.
/// </summary>
public sealed class DeclineReader(MatchingVocabulary vocabulary)
{
    /// <summary>The whole answer is one of the language's declines or nones ("n/a", "no funding", "aucun financement").</summary>
    public bool IsDecline(string text, string language)
    {
        var words = vocabulary.For(language);
        var key = TextKey.Fold(text);
        return words.Declines.Contains(key) || words.None.Contains(key);
    }

    /// <summary>The whole answer is one of the language's noes: "non", "Nein", "nej", "no thanks".</summary>
    public bool IsNo(string text, string language) => vocabulary.For(language).No.Contains(TextKey.Fold(text));

    /// <summary>
    /// True when <paramref name="text"/> gives no answer to <paramref name="question"/>. <paramref name="valid"/> says
    /// whether the text is a valid answer otherwise: a valid one is only a decline when it is wholly one and the question
    /// is optional free text ("none" for the partners). "NO" is Norway and "none" a choice of some questions; "None" to
    /// a required text (the challenges faced) is that contributor's answer, kept for the researchers.
    /// </summary>
    public bool Declines(string text, string language, Question question, bool valid)
    {
        var type = question.Type;
        if (type == QuestionType.Yesno)
        {
            // "No" answers a yes/no question.
            return false;
        }
        if (valid && (question.Required || type is not (QuestionType.Text or QuestionType.Longtext)))
        {
            return false;
        }
        if (IsOnlyDashes(text))
        {
            return true;
        }
        var words = vocabulary.For(language);
        var key = TextKey.Fold(text);
        if (key.Length == 0)
        {
            return false;
        }
        // Where a question takes "none" ("no partners", "néant", "inga ännu" to the partners) it is a fact the reviewer
        // sees, in every language alike; elsewhere none is nothing to give, as a refusal or "n/a" is everywhere.
        var none = IsNone(text, language);
        if (question.NoIsAnAnswer && (none || (words.No.Contains(key) && !words.Declines.Contains(key))))
        {
            return false; // "no", "none", "nessuno" to the partners: it has none, an answer the reviewer sees ("no thanks" declines)
        }
        if (none || words.Declines.Contains(key) || words.No.Contains(key) || IsUnsure(text, language))
        {
            return true;
        }
        if (valid || !IsFormatted(type) || text.Any(c => char.IsDigit(c) || c == '@'))
        {
            // Names (countries, regions, choices) are only declined whole ("Pas-de-Calais" is a place); an answer with
            // digits or an address in it is an attempt at one, told what is wrong with it.
            return false;
        }
        var split = key.Split(' ');
        return words.Declines.LongestAt(split, 0) > 0 || words.None.LongestAt(split, 0) > 0 || words.No.LongestAt(split, 0) > 0
            || words.Unsure.LongestAt(split, 0) > 0;
    }

    /// <summary>
    /// True when <paramref name="text"/> says there is none: one phrase of the language's <c>none</c> ("none", "néant",
    /// "haben wir keine", "δεν έχουμε") with only fillers and words that say "for now" around it ("None really", "aucun pour
    /// l'instant", "bisher keine", "nessuno per ora", "κανένας προς το παρόν", "inga ännu"). "Keine Partner" or "nessun
    /// partner" name what there is none of, and stay words of an answer.
    /// </summary>
    public bool IsNone(string text, string language)
    {
        var words = vocabulary.For(language);
        var split = TextKey.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var at = 0;
        // Up to the none phrase (tried first at each word: "we don't have any" opens with the filler "we"), then to the end.
        while (at < split.Length && words.None.LongestAt(split, at) == 0)
        {
            var around = Around(at);
            if (around == 0)
            {
                return false;
            }
            at += around;
        }
        if (at == split.Length)
        {
            return false;
        }
        for (at += words.None.LongestAt(split, at); at < split.Length;)
        {
            var around = Around(at);
            if (around == 0)
            {
                return false;
            }
            at += around;
        }
        return true;

        int Around(int from) => Math.Max(words.Fillers.LongestAt(split, from), words.ForNow.LongestAt(split, from));
    }

    /// <summary>
    /// True when <paramref name="text"/> says the contributor does not know: "weiß nicht", "no idea, sorry", "ehrlich gesagt
    /// keine Ahnung": an unsure phrase at its start or its end, and nothing else but fillers.
    /// </summary>
    public bool IsUnsure(string text, string language)
    {
        var words = vocabulary.For(language);
        var split = TextKey.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (split.Length == 0)
        {
            return false;
        }
        var atStart = words.Unsure.LongestAt(split, 0);
        if (atStart > 0 && split.Skip(atStart).All(words.Fillers.Contains))
        {
            return true;
        }
        // An unsure phrase ending the text after fillers only: walked once, up to the first word that is no filler.
        for (var at = 1; at < split.Length && words.Fillers.Contains(split[at - 1]); at++)
        {
            if (words.Unsure.LongestAt(split, at) == split.Length - at)
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsFormatted(QuestionType type) => type is QuestionType.Phone or QuestionType.Email or QuestionType.Url
        or QuestionType.Integer or QuestionType.MoneyEur or QuestionType.Date or QuestionType.DateOrOngoing;

    /// <summary>Keyboard rows (QWERTY, QWERTZ, AZERTY) along which a hand runs to fill a field with anything.</summary>
    private static readonly string[] KeyboardRows = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "yxcvbnm", "azertyuiop", "qsdfghjklm", "wxcvbn"];

    /// <summary>
    /// Words typed to get past a required text, not an answer: fewer than two letters or digits ("x", "a", "?"), one letter
    /// repeated ("xxx"), or one word run along a keyboard row ("asdf", "qwer", "hjkl"). A short real answer ("Li", "EU",
    /// "Ede") is none of these.
    /// </summary>
    public static bool IsPlaceholder(string text)
    {
        var folded = TextKey.Fold(text);
        var alphanumeric = folded.Count(char.IsLetterOrDigit);
        if (alphanumeric < 2)
        {
            return true;
        }
        if (folded.Length != alphanumeric || !folded.All(char.IsAsciiLetterLower))
        {
            return false;
        }
        return folded.Distinct().Count() == 1 && folded.Length >= 3
            || folded.Length >= 4 && KeyboardRows.Any(row => row.Contains(folded, StringComparison.Ordinal));
    }

    /// <summary>"-", "—", "/", "..." : a field struck out.</summary>
    public static bool IsOnlyDashes(string text)
    {
        var any = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }
            if (c is not ('-' or '–' or '—' or '/' or '.' or '_' or '\u2026'))
            {
                return false;
            }
            any = true;
        }
        return any;
    }
}
