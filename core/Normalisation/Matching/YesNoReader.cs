using System.Text.RegularExpressions;

namespace Regin.Core.Normalisation.Matching;

/// <summary>What a yes/no answer says.</summary>
public enum YesNoVerdict
{
    Yes,
    No,
    /// <summary>Nothing readable, both at once, or "not sure": asked again, never recorded.</summary>
    Unsure,
}

/// <summary>
/// Reads yes or no as people write it, negations included: "Ich bin nicht einverstanden", "pas ok",
/// "non acconsento", "δεν συμφωνώ", "jag godkänner inte" are no; "of course", "va bene", "javisst", "why not?" are yes;
/// "maybe", "not sure", "yes and no" are unsure. Each clause (between commas, or "and") is read on its own:
/// a yes word with a negation in the same clause is a no; the clauses must agree. A yes given in part with no yes
/// word ("nur anonymisiert", "only without my name") is a yes with that reservation.
/// </summary>
public sealed partial class YesNoReader(MatchingVocabulary vocabulary, Regin.Core.Questionnaire.QuestionNames? names = null)
{
    [GeneratedRegex(@"[,;.!?\n:()]+")]
    private static partial Regex ClauseBreak();

    public YesNoVerdict Read(string text, string language) => Read(text, language, out _);

    /// <summary>
    /// As <see cref="Read(string, string)"/>; an answer with a reservation ("yes, but please don't publish my phone
    /// number", "ja, aber ohne meinen Namen", "sì, purché anonimo") is read from the words before it, and
    /// <paramref name="condition"/> is the reservation as typed: it qualifies the answer, it does not turn it round.
    /// </summary>
    public YesNoVerdict Read(string text, string language, out string? condition)
    {
        condition = null;
        var words = vocabulary.For(language);
        if (OnlyIf(text, words))
        {
            // "solo se non compare il mio nome", "only if my name is not shown": the whole answer is the condition of a yes,
            // its negation inside it (it was read as a no).
            condition = text.Trim().TrimEnd('.', '!');
            return YesNoVerdict.Yes;
        }
        if (OpeningNoThenDeferral(text, words))
        {
            // "no, de momento no queremos que se publique", "nein, vorerst wollen wir das nicht": a no, said first and alone,
            // then only when (chatplay48: "de momento no" read it as undecided, and the "sí" meant for "submit now?" became
            // the consent). "no, not yet" and "no, todavía no lo sé" still say undecided.
            return YesNoVerdict.No;
        }
        if (WithReservation(text, words, out condition) is { } reserved)
        {
            return reserved;
        }
        var verdict = Read(text, words, out var anything);
        if (anything)
        {
            return verdict;
        }
        // Nothing of the language: a whole answer in another one ("ok", "yes", "nai") still counts.
        foreach (var other in vocabulary.All)
        {
            var key = TextKey.Fold(text);
            var yes = other.Yes.Contains(key);
            var no = other.No.Contains(key);
            if (yes != no)
            {
                return yes ? YesNoVerdict.Yes : YesNoVerdict.No;
            }
        }
        // A yes or no with its reservation in another language ("sí, pero publicar solo el título y la región" in a draft
        // taken for English: session 49, it was asked again as no yes or no).
        foreach (var other in vocabulary.All.Where(o => !ReferenceEquals(o, words)))
        {
            if (WithReservation(text, other, out condition) is { } elsewhere)
            {
                return elsewhere;
            }
        }
        // "nur anonymisiert", "solo in forma anonima", "provided my name is not shown": no yes or no, but a reservation only
        // a yes can have: a yes with that reservation, as "yes, but only anonymously" is.
        if (PartialYes(text, words) is { } reservation)
        {
            condition = reservation;
            return YesNoVerdict.Yes;
        }
        // The same asked as a question in another language ("¿podéis publicar solo el título?" in a draft taken for English).
        foreach (var other in vocabulary.All.Where(o => !ReferenceEquals(o, words)))
        {
            if (AskedForOnly(text, TextKey.Words(text), other) is { } asked)
            {
                condition = asked;
                return YesNoVerdict.Yes;
            }
        }
        return YesNoVerdict.Unsure;
    }

    /// <summary>
    /// "yes, but please don't publish my phone number": the yes or no before <paramref name="words"/>' "but", and the
    /// reservation after it; null when there is none. "yes but not sure" is unsure; "sí pero no" says both (the reservation
    /// is a bare yes or no): asked again.
    /// </summary>
    private YesNoVerdict? WithReservation(string text, LanguageWords words, out string? condition)
    {
        condition = null;
        if (Reservation(text, words) is { } split && !words.Unsure.OccursIn(TextKey.Words(text)))
        {
            var head = Read(split.Head, words, out var readable);
            var tail = TextKey.Fold(split.After);
            if (readable && head != YesNoVerdict.Unsure)
            {
                if (words.Yes.Contains(tail) || words.No.Contains(tail))
                {
                    return YesNoVerdict.Unsure;
                }
                condition = split.Condition;
                return head;
            }
        }
        return null;
    }

    /// <summary>
    /// Whether the answer opens with a clause that is a no alone ("no", "nein", "όχι") and every undecided phrase after it
    /// only defers (made of "for now" words and negations: "de momento no", "not for now", "vorerst nicht"), with no yes, and
    /// other words beside it say what is not wanted.
    /// </summary>
    private static bool OpeningNoThenDeferral(string text, LanguageWords words)
    {
        var parts = ClauseBreak().Split(text.Trim().TrimEnd('.', '!'), 2);
        if (parts.Length < 2 || !words.No.Contains(TextKey.Fold(parts[0])) || words.Yes.Contains(TextKey.Fold(parts[0])))
        {
            return false;
        }
        var rest = TextKey.Words(parts[1]);
        if (rest.Length == 0 || words.Yes.OccursIn(rest) || words.WhyNot.OccursIn(rest))
        {
            return false;
        }
        var deferred = false;
        var saysMore = false;
        for (var i = 0; i < rest.Length; i++)
        {
            var unsure = words.Unsure.LongestAt(rest, i);
            if (unsure == 0)
            {
                saysMore = true;
                continue;
            }
            for (var j = i; j < i + unsure;)
            {
                var covered = Math.Max(words.ForNow.LongestAt(rest, j), Math.Max(words.Negations.LongestAt(rest, j), words.No.LongestAt(rest, j)));
                if (covered == 0)
                {
                    return false;
                }
                j += covered;
            }
            deferred = true;
            i += unsure - 1;
        }
        // "no, not yet", "no, por ahora no": the deferral alone says undecided (asked again); said with what is not wanted
        // ("… no queremos que se publique") it is the no.
        return deferred && saysMore;
    }

    /// <summary>
    /// Whether the answer opens with a condition that begins with "only" ("only if", "solo se", "nur wenn", "μόνο αν":
    /// reservation words that start with a word of <see cref="LanguageWords.Only"/>) and says more after it.
    /// </summary>
    private static bool OnlyIf(string text, LanguageWords words)
    {
        var folded = TextKey.Words(text);
        var opener = words.But.LongestAt(folded, 0);
        return opener > 1 && opener < folded.Length && words.Only.LongestAt(folded, 0) is > 0 and var only && only < opener
            && !words.Unsure.OccursIn(folded);
    }

    /// <summary>
    /// The answer as typed when it opens with a word that gives a yes only in part ("only", "nur", "μόνο") or with a
    /// condition ("provided", "sofern", "purché") and says more after it; null otherwise. After "only" a negation makes it
    /// no yes ("nur nicht öffentlich"); inside a condition it is part of it ("solo se non compare il mio nome").
    /// </summary>
    private string? PartialYes(string text, LanguageWords words)
    {
        var folded = TextKey.Words(text);
        if (AskedForOnly(text, folded, words) is { } asked)
        {
            return asked;
        }
        var only = words.Only.LongestAt(folded, 0);
        var opener = only > 0 ? only : words.But.LongestAt(folded, 0);
        if (opener == 0 || opener >= folded.Length || (only > 0 && words.Negations.OccursIn(folded[opener..])))
        {
            return null;
        }
        return text.Trim().TrimEnd('.', '!');
    }

    /// <summary>Words before "only" in a question asking for a part: "¿podéis publicar solo …", "kann man nur …", "could you maybe publish only …".</summary>
    private const int MaxWordsBeforeOnly = 5;

    /// <summary>Words between "only" and the question it names: "solo el título", "nur den Titel", "only the name of the".</summary>
    private const int MaxWordsBeforeName = 2;

    /// <summary>
    /// A partial consent asked as a question (session 50): "¿podéis publicar solo el título?", "kann man nur den Titel
    /// zeigen?", "possiamo pubblicare solo la regione?" ask for a yes in part, as "sí, pero solo el título" grants one. A
    /// question with a word of <see cref="LanguageWords.Only"/> within its first <see cref="MaxWordsBeforeOnly"/> words,
    /// something after it naming a question of ours within <see cref="MaxWordsBeforeName"/> words ("el título", "den Titel",
    /// "la regione": what may be published), and no negation: its words from "only" on, as typed ("solo el título"); null
    /// otherwise. "Is it only for researchers?" names nothing of the practice: a question about the consent, not one.
    /// </summary>
    private string? AskedForOnly(string text, string[] folded, LanguageWords words)
    {
        var trimmed = text.Trim();
        if (names is null || !(trimmed.EndsWith('?') || trimmed.StartsWith('¿')) || words.Negations.OccursIn(folded))
        {
            return null;
        }
        for (var i = 1; i <= MaxWordsBeforeOnly && i < folded.Length; i++)
        {
            var only = words.Only.LongestAt(folded, i);
            if (only == 0)
            {
                continue;
            }
            if (i + only >= folded.Length)
            {
                return null;
            }
            var named = false;
            for (var j = i + only; j < folded.Length && j <= i + only + MaxWordsBeforeName && !named; j++)
            {
                named = names.QuestionAt(folded, j).QuestionId is not null;
            }
            if (!named)
            {
                return null;
            }
            var spans = TextKey.WordSpans(trimmed);
            return spans.Count == folded.Length ? trimmed[spans[i].Start..spans[^1].End] : trimmed.Trim('¿', '?', ' ');
        }
        return null;
    }

    private static YesNoVerdict Read(string text, LanguageWords words, out bool anything)
    {
        anything = true;
        var whole = TextKey.Fold(text);
        if (words.Unsure.Contains(whole) || words.Unsure.OccursIn(whole.Split(' ')))
        {
            return YesNoVerdict.Unsure;
        }
        // The whole answer as a listed phrase wins: "jag godkänner inte", "i do not agree", single letters; but not across a
        // clause break: "no, me opongo" is a no and an objection, not "no me opongo" (I do not object: it was a yes).
        var oneClause = !ClauseBreak().IsMatch(text.Trim().TrimEnd('.', '!', '?'));
        var wholeYes = oneClause && words.Yes.Contains(whole);
        var wholeNo = oneClause && words.No.Contains(whole);
        if (wholeYes != wholeNo)
        {
            return wholeYes ? YesNoVerdict.Yes : YesNoVerdict.No;
        }
        var sawYes = false;
        var sawNo = false;
        foreach (var clause in Clauses(text, words))
        {
            var hasYes = false;
            var hasNo = false;
            var hasNegation = false;
            for (var i = 0; i < clause.Count;)
            {
                // "why not?", "sure, pourquoi pas": a question that agrees, when it closes the clause.
                if (words.WhyNot.LongestAt(clause, i) is > 0 and var whyNot && i + whyNot == clause.Count)
                {
                    hasYes = true;
                    i += whyNot;
                    continue;
                }
                // Longest phrase first, so "no problem" (yes) beats "no", and "non acconsento" (no) beats "acconsento".
                var yes = words.Yes.LongestAt(clause, i);
                if (yes > 0 && yes < clause.Count && words.YesAlone.Contains(string.Join(' ', clause.Skip(i).Take(yes))))
                {
                    yes = 0; // "quero alterar a 16", "quero pensar": the verb opens another request, no yes
                }
                var no = words.No.LongestAt(clause, i);
                var negation = words.Negations.LongestAt(clause, i);
                var longest = Math.Max(yes, Math.Max(no, negation));
                if (longest == 0 || (longest == 1 && clause[i].Length == 1))
                {
                    i++; // single letters (y, n, s, ο) count only as the whole answer
                    continue;
                }
                if (no == longest)
                {
                    hasNo = true;
                }
                else if (yes == longest)
                {
                    hasYes = true;
                }
                else
                {
                    hasNegation = true;
                }
                i += longest;
            }
            if (hasYes && (hasNo || hasNegation))
            {
                sawNo = true; // "nicht ok", "natürlich nicht", "je ne suis pas d'accord"
            }
            else if (hasYes)
            {
                sawYes = true;
            }
            else if (hasNo)
            {
                sawNo = true;
            }
        }
        if (sawYes != sawNo)
        {
            return sawYes ? YesNoVerdict.Yes : YesNoVerdict.No;
        }
        anything = sawYes || sawNo;
        return YesNoVerdict.Unsure;
    }

    /// <summary>The answer split at its first reservation word ("but", "aber", "purché") or "except" phrase opening a clause ("sauf",
    /// "apart from"), when words stand on both sides; the condition keeps an "except" word, the words after it are <c>After</c>.</summary>
    private static (string Head, string Condition, string After)? Reservation(string text, LanguageWords words)
    {
        var folded = TextKey.Words(text);
        var spans = TextKey.WordSpans(text);
        if (spans.Count != folded.Length)
        {
            return null;
        }
        for (var i = 1; i < folded.Length; i++)
        {
            var but = words.But.LongestAt(folded, i);
            // "yes, apart from my mobile", "ja ausgenommen die Adresse": an "except" phrase opening the words after the yes or no
            // is a reservation too ("sí, al menos el título" is not: "menos" does not open its clause).
            var opensClause = i == 1 || text.AsSpan(spans[i - 1].End.Value, spans[i].Start.Value - spans[i - 1].End.Value).Contains(',');
            var except = opensClause || but > 0 ? words.AllExcept.LongestAt(folded, i) : 0;
            if (but == 0 && except == 0)
            {
                continue;
            }
            // "oui sauf le tel perso", "yes except my mobile": an "except" word stays with the reservation, or the researcher
            // would read "le tel perso" as what was allowed (the lead's play, session 56). A bare "but" adds nothing ("yes, but
            // not my phone": "not my phone").
            var keep = except > 0 && (but == 0 || words.AllExcept.Contains(string.Join(' ', folded[i..(i + but)])));
            var length = keep ? except : but;
            if (i + length >= folded.Length)
            {
                return null;
            }
            var after = text[spans[i + length].Start..].Trim().TrimEnd('.', '!');
            return (text[..spans[i].Start], keep ? text[spans[i].Start..].Trim().TrimEnd('.', '!') : after, after);
        }
        return null;
    }

    private static IEnumerable<IReadOnlyList<string>> Clauses(string text, LanguageWords words)
    {
        foreach (var part in ClauseBreak().Split(text))
        {
            var clause = new List<string>();
            var folded = TextKey.Words(part);
            for (var i = 0; i < folded.Length; i++)
            {
                var joiner = words.And.LongestAt(folded, i);
                if (joiner > 0)
                {
                    if (clause.Count > 0)
                    {
                        yield return clause;
                    }
                    clause = [];
                    i += joiner - 1;
                    continue;
                }
                clause.Add(folded[i]);
            }
            if (clause.Count > 0)
            {
                yield return clause;
            }
        }
    }
}
