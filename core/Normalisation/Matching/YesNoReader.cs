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
/// "non acconsento", "δεν συμφωνώ", "jag godkänner inte" are no; "of course", "va bene", "javisst" are yes;
/// "maybe", "not sure", "yes and no" are unsure. Each clause (between commas, or "and") is read on its own:
/// a yes word with a negation in the same clause is a no; the clauses must agree.
/// </summary>
public sealed partial class YesNoReader(MatchingVocabulary vocabulary)
{
    [GeneratedRegex(@"[,;.!?\n:()]+")]
    private static partial Regex ClauseBreak();

    public YesNoVerdict Read(string text, string language)
    {
        var words = vocabulary.For(language);
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
        return YesNoVerdict.Unsure;
    }

    private static YesNoVerdict Read(string text, LanguageWords words, out bool anything)
    {
        anything = true;
        var whole = TextKey.Fold(text);
        if (words.Unsure.Contains(whole) || words.Unsure.OccursIn(whole.Split(' ')))
        {
            return YesNoVerdict.Unsure;
        }
        // The whole answer as a listed phrase wins: "jag godkänner inte", "i do not agree", single letters.
        var wholeYes = words.Yes.Contains(whole);
        var wholeNo = words.No.Contains(whole);
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
                // Longest phrase first, so "no problem" (yes) beats "no", and "non acconsento" (no) beats "acconsento".
                var yes = words.Yes.LongestAt(clause, i);
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
