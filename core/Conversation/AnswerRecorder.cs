using Regin.Core.Intake;
using Regin.Core.Normalisation;
using Regin.Core.Normalisation.Matching;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;

namespace Regin.Core.Conversation;

/// <summary>
/// An answer to a question: checked first for a "did you mean …?", then stored through the intake service (normalised
/// exactly as by e-mail), echoed back, and the conversation moves on, unless the answer needs a confirmation.
/// </summary>
public sealed class AnswerRecorder(ConversationFlow flow, IAnswerCandidateFinder candidates)
{
    /// <summary>Text typed as the answer to <paramref name="question"/>.</summary>
    public async Task RecordAsync(Turn turn, Question question, string text, CancellationToken cancellationToken)
    {
        if (AddressOfAnotherQuestion(turn, question, text) is { } meant)
        {
            // "karin.lindqvist@regionvasterbotten.se" or "070-123 45 67" typed where the name or organisation is asked (an answer
            // ahead, in a hurry): the open e-mail or phone question's answer, not a name; noted there, then this question again.
            // The note names the question it went to ("Noted – Website: …"): a bare "Noted" with the question on screen
            // asked again read as if this one had taken it.
            turn.Progress.ReturnTo ??= question.Id;
            await StoreElsewhereAsync(turn, meant, text, cancellationToken);
            return;
        }
        if (KindJoinedTo(turn, question, text) is var (kindQuestion, name, kind))
        {
            // "Cork County Council, local authority", "Landkreis Kassel, Kommune" at the lead organisation: the name is this
            // answer (the words as typed kept), and the kind the next question's, offered (asked, never assumed): yes takes it,
            // another answer replaces it (the kind was stored in the name, and asked again blank).
            await StoreAsync(turn, question, name, typed: text, cancellationToken);
            if (turn.Progress.QuestionId == kindQuestion.Id && turn.Progress.Pending is null)
            {
                flow.Confirm(turn, new CandidateConfirmation(kindQuestion.Id, kind.Answer, [kind]));
            }
            return;
        }
        if (OrganisationNamedAtRegion(turn, question, text) is var (lead, place))
        {
            // "Galway County Council", "Landkreis Osnabrück", "Comune di Bari", "Stadt Wien MA 17" where the region is asked (or
            // its "Did you mean …?" waits; session 47: stored as the region without a word, or as an unknown region): an
            // authority named by its place. Its region is a guess to confirm, the organisation waits to be offered at the lead
            // organisation; with no place read in it, it is noted there and the region asked again.
            if (place is var (placeWords, placeRead))
            {
                (turn.Progress.OfferedAhead ??= [])[lead.Id] = text;
                turn.Progress.QuestionId = question.Id;
                flow.Confirm(turn, new CandidateConfirmation(question.Id, placeWords, [placeRead]));
                return;
            }
            turn.Progress.ReturnTo ??= question.Id;
            await StoreElsewhereAsync(turn, lead, text, cancellationToken);
            return;
        }
        if (RegionFundsBeside(turn, question, text) is var (role, funds, rest))
        {
            // "ci occupiamo noi di tutto, la regione finanzia" at the lead organisation's type (session 46: stored as a regional
            // authority): the region named as the funder says its role, not the lead's kind; offered at the role when it comes,
            // the rest read here.
            if (!flow.IsAnswered(turn, role))
            {
                (turn.Progress.OfferedAhead ??= [])[role.Id] = funds;
            }
            text = rest;
        }
        if (SourcesBesideAmount(turn, question, text) is var (amount, sources, sourceWords) && !flow.IsAnswered(turn, sources))
        {
            // "50.000 im Jahr vom Land und ESF" at the budget (the lead's run of session 48: refused as no amount, and the
            // sources typed with it lost): the amount read here as the budget reads it, the sources offered at their question.
            (turn.Progress.OfferedAhead ??= [])[sources.Id] = sourceWords;
            text = amount;
        }
        if (SourcesThroughChannel(turn, question, text) is var (throughSources, throughWords))
        {
            // "Finanzierung über die Landesförderung", "financement via le FSE" at the role (session 50: the source read as a
            // detail of the funding and lost): the role reads it all as before, the source is offered at its question.
            (turn.Progress.OfferedAhead ??= [])[throughSources.Id] = throughWords;
        }
        var context = ContextOf(turn, question);
        var check = flow.Normaliser.Normalise(question.Id, text, turn.Language, context);
        if (check.Declined)
        {
            // "no", "n/a", "je préfère ne pas le donner" to an optional question: skipped, as if "skip" had been typed.
            flow.Skip(turn, question);
            return;
        }
        var found = candidates.Find(question, check, turn.Language);
        if (found.Count > 0)
        {
            turn.Progress.QuestionId = question.Id;
            // A refused answer with options to pick from says why ("that fits two options", "“ΕΣΠΑ” can mean …"); a guess
            // that reads says it as the normaliser does ("45 000 € par an sur 3 ans": "135 000 € in all, 45 000 € a year for
            // 3 years?"; a period the wrong way round: its start and end put in order). The chat asked its bare "Did you
            // mean 135 000 €?" (lang47).
            flow.Confirm(turn, new CandidateConfirmation(question.Id, text, found, check.Ok ? (found.Count == 1 ? check.Confirmation : null) : check.Error));
            return;
        }
        if (!check.Ok && question.PersonName && flow.Find(Title) is { } title && !flow.IsAnswered(turn, title)
            && flow.Normaliser.ReadsAsAPhrase(question.Id, text, turn.Language))
        {
            // Session 49's Tyrolean official typed her practice's title where her name was asked, the first question: it was
            // stored as her name. Refused as no name, and kept to be offered when the title is asked.
            (turn.Progress.OfferedAhead ??= [])[title.Id] = text;
            turn.Say(Refusal(turn, question, check.Error));
            turn.Say(flow.Text(ConversationMessageKeys.KeptForLater, turn.Language, ("text", text), ("question", title.Label.In(turn.Language))));
            flow.Ask(turn, question);
            return;
        }
        if (!check.Ok && AnsweredAhead(turn, question, text) is { } next)
        {
            // "Welcome Cafés for newcomers" where the (optional) phone number is asked: a hurried contributor answered the
            // next question. Asked, never assumed: yes skips this one and answers that one (it was refused: "not a phone number").
            turn.Progress.QuestionId = question.Id;
            flow.Confirm(turn, new SkipAheadConfirmation(question.Id, next.Id, text));
            return;
        }
        if ((check.Ok || question.IsChoice || question.Type == QuestionType.Integer) && FactOfAnotherQuestion(turn, question, text, check) is var (other, read))
        {
            // "Depuis janvier 2021" where the partners are asked: a long text that is only a date, an amount, a country or a
            // region answers another question (a hurried contributor answered ahead). Asked, never assumed: yes answers
            // that question and comes back here, no keeps the words here (they were kept as the partners, unasked).
            turn.Progress.QuestionId = question.Id;
            flow.Confirm(turn, new SkipAheadConfirmation(question.Id, other.Id, text, read.Display, read.Answer == text ? null : read.Answer));
            return;
        }
        if (!check.Ok && !check.NeedsConfirmation && MovedOnFrom(turn, question, text) is { } movedTo)
        {
            // Session 45: a hurried contributor who let "Did you mean Indirect: support?" pass at the regional authority's role and
            // typed on (the role's details, the partners) had each answer refused with the options, over and over. Words naming
            // none of its options, where they read as the next open question's answer or past a second guess, move on: the
            // question is left open (asked again before submitting, its guess offered then), the words answered where they read.
            await ParkGuessAsync(turn, question, movedTo, text, cancellationToken);
            return;
        }
        if (!check.Ok && !check.NeedsConfirmation && TypedOnPastRefusal(turn, question, text) is { } typedOn)
        {
            // Session 49: a required date refused, then the end date and the areas typed on, each refused as no date. Refused a
            // second time with words that answer the question after it, the date is left open (never skipped silently: still
            // missing in the summary, said with how to come back to it) and the words answered where they read.
            if (!turn.Progress.Skipped.Contains(question.Id))
            {
                turn.Progress.Skipped.Add(question.Id);
            }
            turn.Progress.RefusedAt = null;
            turn.Say(flow.Text(ConversationMessageKeys.RequiredLeftOpen, turn.Language, ("question", question.Label.In(turn.Language)),
                ("next", typedOn.Label.In(turn.Language)), ("number", (flow.IndexOf(question) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))));
            turn.Progress.QuestionId = typedOn.Id;
            await RecordAsync(turn, typedOn, text, cancellationToken);
            return;
        }
        if (check.Ok && question.IsChoice && check.OtherText is not null && !turn.AnswersOtherConfirmation
            && turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == question.Id) is { } before && NamesAnOption(before.ValueJson)
            && (ReadsAsTheNextLongText(turn, question, text) is { } longText ? (Question?)longText : null) is var prose
            && (prose is not null || OnlyOther(check.Value)))
        {
            // Session 42: back at the target groups (nothing pending), the objectives typed there replaced them as "Other". Words
            // naming none of a choice's options never replace an answer that named some unasked, nor does prose that reads as
            // the long text asked next ("favoriser l'accès à l'emploi des réfugiés …", a clause kept under Other): offered
            // there, or asked whether they replace it (no keeps it and goes on).
            turn.Progress.QuestionId = question.Id;
            flow.Confirm(turn, prose is not null ? new MovedOnConfirmation(question.Id, prose.Id, text) : new ReplaceConfirmation(question.Id, text));
            return;
        }
        if (turn.AnswersOtherConfirmation && question.Type == QuestionType.Multi && check is { Ok: true, OtherText: not null } && OnlyOther(check.Value)
            && turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == question.Id) is { } kept && NamesAnOption(kept.ValueJson))
        {
            // "orientamento ai servizi sanitari" typed at "confirm it, or choose one of the options" after "salute, lavoro e un po'
            // di orientamento" (session 44: health and labour were replaced by "Other"): words naming no option say again what
            // Other holds; the options named before stay.
            check = check with { Value = OptionsWith(kept.ValueJson!, "other") };
        }
        else if (turn.AnswersOtherConfirmation && question.Type == QuestionType.Multi
            && check is { Ok: true, OtherText: null, NeedsConfirmation: false, Value: System.Text.Json.Nodes.JsonArray chosen }
            && turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == question.Id) is { } withOther && OtherTakenBy(withOther.ValueJson, chosen) is { } merged)
        {
            // "receiving society then" at "confirm it, or choose one of the options" after "refugees, women and some folks from
            // the parish": the option chosen takes Other's place, the options named before stay (chatplay46's Galway run: the
            // three groups were replaced by the one chosen).
            check = check with { Value = merged };
        }
        await StoreAsync(turn, question, text, typed: null, (check, context), cancellationToken);
    }

    /// <summary>
    /// The question a contributor moved on to from the required choice (or date, region, number) <paramref name="question"/>, where a guess there was passed
    /// over with <paramref name="text"/> (refused there: it names no option): the next open question, when the words read there
    /// as they are or when a guess at this question was passed over before. Null otherwise (the options asked again, and the
    /// first pass remembered).
    /// </summary>
    private Question? MovedOnFrom(Turn turn, Question question, string text)
    {
        var guess = turn.PassedOverGuess is { } passed && passed.QuestionId == question.Id ? passed : null;
        var again = question.IsChoice && turn.Progress.GuessIgnoredAt == question.Id;
        // A question that checks what it is given (a date, a region, a number) moves on too, at the first pass, only where the
        // words read as the next question's answer (session 53, the lead's Porto play: "ainda esta a decorrer" typed past
        // "Did you mean September 2023?" at the start was refused as no date, the guess lost).
        var checksValue = !question.IsChoice && question.Type is not (QuestionType.Text or QuestionType.Longtext or QuestionType.Yesno);
        if ((guess is null && !again) || !(question.IsChoice || checksValue) || !question.Required || flow.IsAnswered(turn, question))
        {
            return null;
        }
        var next = ReturnTo(turn, question) ?? flow.Questions.Skip(flow.IndexOf(question) + 1).FirstOrDefault(q => flow.IsOpen(turn, q));
        if (next is null)
        {
            return null;
        }
        var there = flow.Normaliser.Normalise(next.Id, text, turn.Language, ContextOf(turn, next));
        if (again || (ReadsAsItIs(there) && there.Value is not null))
        {
            return next;
        }
        if (guess is not null && question.IsChoice)
        {
            // The first pass: remembered, the guess with it (offered when the question comes again, if it is left open).
            turn.Progress.GuessIgnoredAt = question.Id;
            (turn.Progress.OfferedAhead ??= [])[question.Id] = guess.Original;
        }
        return null;
    }

    /// <summary>
    /// At an amount question, the words of <paramref name="text"/> before a cut that it reads (the amount) and
    /// a choice of the same section that reads the words after it as they are, options only (the funding sources of "50.000
    /// im Jahr vom Land und ESF", "40k a year from AMIF and the regional budget"), the amount as long as it reads. Null otherwise.
    /// </summary>
    private (string Amount, Question Sources, string Words)? SourcesBesideAmount(Turn turn, Question question, string text)
    {
        if (question.Type != QuestionType.MoneyEur || text.Contains('\n', StringComparison.Ordinal)
            || flow.Questions.Where(q => q.IsChoice && q.Section == question.Section).ToList() is not { Count: > 0 } choices)
        {
            return null;
        }
        var spans = TextKey.WordSpans(text);
        if (spans.Count is < 3 or > 20 || !text.Any(char.IsAsciiDigit))
        {
            return null;
        }
        string? Reading(string amount) =>
            amount.Any(char.IsAsciiDigit) && flow.Normaliser.Normalise(question.Id, amount, turn.Language, ContextOf(turn, question)) is { Ok: true } read
                ? $"{read.Value?.ToJsonString()}|{string.Join(",", read.Flags.Select(flag => $"{flag.Reason}:{flag.Detail}"))}"
                : null;
        var cuts = new List<(int At, Question Sources, string Codes)>();
        for (var at = 1; at < spans.Count; at++)
        {
            var words = text[spans[at].Start.Value..];
            if (words.Any(char.IsAsciiDigit) || Reading(text[..spans[at].Start.Value].TrimEnd(' ', ',', ';', '-', '–', '+')) is null)
            {
                continue;
            }
            foreach (var choice in choices)
            {
                if (flow.Normaliser.Normalise(choice.Id, words, turn.Language, ContextOf(turn, choice)) is var read && ReadsAsItIs(read) && read.Value is not null)
                {
                    cuts.Add((at, choice, read.Value.ToJsonString()));
                    break;
                }
            }
        }
        if (cuts.Count == 0)
        {
            return null;
        }
        // The shortest tail that names every source the longest names ("Land und ESF", "AMIF and the regional budget"), then
        // the amount without the words after it that change nothing in its reading ("vom", "from"; "im Jahr" stays).
        var (cut, sources, _) = cuts.Last(c => c.Codes == cuts[0].Codes && c.Sources == cuts[0].Sources);
        var amountSpans = spans.Take(cut).ToList();
        var amountEnd = cut;
        var reading = Reading(text[..amountSpans[amountEnd - 1].End.Value]);
        while (amountEnd > 1 && Reading(text[..amountSpans[amountEnd - 2].End.Value]) == reading)
        {
            amountEnd--;
        }
        return (text[..amountSpans[amountEnd - 1].End.Value], sources, text[spans[cut].Start.Value..].Trim().TrimEnd('.'));
    }

    /// <summary>
    /// The next open question, where the required question <paramref name="question"/> that checks what it is given (a date, a
    /// region, an address, a number: no choice, which has its guesses, and no text, which takes anything) refused the message
    /// before too and <paramref name="text"/> reads there as it is (a long text: a sentence of six words or more). The first
    /// refusal is remembered (<see cref="ConversationProgress.RefusedAt"/>); null then and otherwise.
    /// </summary>
    private Question? TypedOnPastRefusal(Turn turn, Question question, string text)
    {
        if (!question.Required || question.IsChoice || question.Type is QuestionType.Text or QuestionType.Longtext or QuestionType.Yesno
            || flow.IsAnswered(turn, question))
        {
            return null;
        }
        if (turn.Progress.RefusedAt != question.Id)
        {
            turn.Progress.RefusedAt = question.Id;
            return null;
        }
        var next = ReturnTo(turn, question) ?? flow.Questions.Skip(flow.IndexOf(question) + 1).FirstOrDefault(q => flow.IsOpen(turn, q));
        if (next is null || next.Id == question.Id)
        {
            return null;
        }
        if (next.Type is QuestionType.Longtext or QuestionType.Text)
        {
            return next.Type == QuestionType.Longtext && TextKey.Words(text).Length >= 6 ? next : null;
        }
        var there = flow.Normaliser.Normalise(next.Id, text, turn.Language, ContextOf(turn, next));
        return ReadsAsItIs(there) && there.Value is not null ? next : null;
    }

    /// <summary>
    /// <paramref name="question"/> left open (skipped over, still missing in the summary), its guess kept to be offered when it
    /// is asked again (<see cref="ConversationProgress.OfferedAhead"/>), said; <paramref name="text"/> answered at
    /// <paramref name="next"/>.
    /// </summary>
    private async Task ParkGuessAsync(Turn turn, Question question, Question next, string text, CancellationToken cancellationToken)
    {
        turn.Progress.GuessIgnoredAt = null;
        if (!turn.Progress.Skipped.Contains(question.Id))
        {
            turn.Progress.Skipped.Add(question.Id);
        }
        if (turn.PassedOverGuess is { QuestionId: var at, Original: var guessed } && at == question.Id)
        {
            (turn.Progress.OfferedAhead ??= [])[question.Id] = guessed;
        }
        turn.Say(flow.Text(ConversationMessageKeys.GuessLeftOpen, turn.Language, ("question", question.Label.In(turn.Language)), ("next", next.Label.In(turn.Language))));
        await RecordAsync(turn, next, text, cancellationToken);
    }

    /// <summary>The option codes of a multiple choice's stored value, Other last whatever it held, with <paramref name="last"/>.</summary>
    /// <summary>
    /// The options stored before without Other, then <paramref name="chosen"/>, where the chosen options are all new: one chosen
    /// for what Other held. Null where the stored answer named no option, or where the chosen list names one of them again
    /// ("salute e alloggio" after "salute, lavoro e sportelli": the whole answer said anew, it replaces the stored one).
    /// </summary>
    private static System.Text.Json.Nodes.JsonArray? OtherTakenBy(string? valueJson, System.Text.Json.Nodes.JsonArray chosen)
    {
        if (!NamesAnOption(valueJson) || !NamesAnOption(chosen))
        {
            return null;
        }
        var before = OptionsWith(valueJson!, "other").Select(code => code!.GetValue<string>()).Where(code => code != "other").ToList();
        var picked = chosen.Select(code => code?.GetValue<string>()).OfType<string>().ToList();
        if (picked.Contains("other") || picked.Any(before.Contains))
        {
            return null;
        }
        return new System.Text.Json.Nodes.JsonArray([.. before.Concat(picked).Select(code => (System.Text.Json.Nodes.JsonNode?)code)]);
    }

    private static System.Text.Json.Nodes.JsonArray OptionsWith(string valueJson, string last)
    {
        var codes = new System.Text.Json.Nodes.JsonArray();
        if (System.Text.Json.Nodes.JsonNode.Parse(valueJson) is System.Text.Json.Nodes.JsonArray stored)
        {
            foreach (var code in stored)
            {
                if (code is System.Text.Json.Nodes.JsonValue one && one.GetValueKind() == System.Text.Json.JsonValueKind.String && one.GetValue<string>() is var name && name != last)
                {
                    codes.Add(name);
                }
            }
        }
        codes.Add(last);
        return codes;
    }

    /// <summary>
    /// At the single choice of an organisation's kind (the one with a regional authority among its options), the clause of
    /// <paramref name="text"/> between commas, semicolons or spaced dashes that reads at the regional authority's role as an
    /// indirect role alone ("la regione finanzia", "das Land finanziert", "la Junta financia"), where the whole text reads there
    /// as a regional authority: the role question, the clause, and the rest of the text; null otherwise.
    /// </summary>
    private (Question Role, string Clause, string Others)? RegionFundsBeside(Turn turn, Question question, string text)
    {
        if (question.Type != QuestionType.Choice || question.ChoiceList.All(c => c.Code != RegionalAuthority)
            || text.AsSpan().IndexOfAny(",;-–—") < 0
            || flow.Questions.FirstOrDefault(q => q.Type == QuestionType.Multi && q.ChoiceList.Any(c => c.Code == IndirectFunding)) is not { } role)
        {
            return null;
        }
        var clauses = System.Text.RegularExpressions.Regex.Split(text, @"[,;]\s*|\s[-–—]\s").Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
        if (clauses.Count < 2)
        {
            return null;
        }
        var whole = flow.Normaliser.Normalise(question.Id, text, turn.Language, ContextOf(turn, question));
        if (!(whole.Value is System.Text.Json.Nodes.JsonValue code && code.GetValue<string>() == RegionalAuthority)
            && !whole.Candidates.Any(c => NormaliserCandidates.AsText(c.Value) == RegionalAuthority))
        {
            return null;
        }
        foreach (var clause in clauses)
        {
            var read = flow.Normaliser.Normalise(role.Id, clause, turn.Language, ContextOf(turn, role));
            if (ReadsAsItIs(read) && read.Value is System.Text.Json.Nodes.JsonArray { Count: > 0 } codes
                && codes.All(c => c?.GetValue<string>() is { } one && one.StartsWith("indirect_", StringComparison.Ordinal)))
            {
                var rest = string.Join(", ", clauses.Where(c => !ReferenceEquals(c, clause)));
                return (role, clause, rest);
            }
        }
        return null;
    }

    private const string RegionalAuthority = "regional_authority";
    private const string IndirectFunding = "indirect_funding";
    private const string RegionalAuthorityRole = "regional_authority_role";

    /// <summary>
    /// At the regional authority's role, the open funding question and the words after a channel word ("über", "via",
    /// "through", "tramite", "μέσω", "genom": vocabulary <c>channels</c>) when they read there as they are: "Finanzierung über
    /// die Landesförderung" names the regional budget, "financement via le FSE" the ESF+. Null otherwise.
    /// </summary>
    private (Question Sources, string Words)? SourcesThroughChannel(Turn turn, Question question, string text)
    {
        if (question.Id != RegionalAuthorityRole || text.Contains('\n', StringComparison.Ordinal)
            || flow.Find(FundingSources) is not { } sources
            || flow.IsAnswered(turn, sources))
        {
            return null;
        }
        var words = TextKey.Words(text);
        var spans = TextKey.WordSpans(text);
        if (spans.Count != words.Length || words.Length > 16)
        {
            return null;
        }
        var channels = flow.Normaliser.Words.For(turn.Language).Channels;
        for (var i = 1; i < words.Length; i++)
        {
            if (channels.LongestAt(words, i) is > 0 and var length && i + length < words.Length)
            {
                var tail = text[spans[i + length].Start.Value..].Trim();
                var read = flow.Normaliser.Normalise(sources.Id, tail, turn.Language, ContextOf(turn, sources));
                if (ReadsAsItIs(read) && read.Flags.Count == 0 && read.Value is System.Text.Json.Nodes.JsonArray { Count: > 0 } && !OnlyOther(read.Value))
                {
                    return (sources, tail);
                }
            }
        }
        return null;
    }

    private const string FundingSources = "funding_sources";

    /// <summary>
    /// The open question, first in the questionnaire's order, that <paramref name="text"/> typed at the long text
    /// <paramref name="asked"/> (or at a choice that would keep it all under Other) answers by itself as it is: a few words (five at most) that read there as a date, an amount
    /// with its currency, a country or a region with no guess, remark or flag (not "ongoing": "läuft weiter" is how a
    /// practice continues); at such a choice also another open choice's options, every word read (twelve words at most).
    /// </summary>
    private (Question Question, SuggestedAnswer Read)? FactOfAnotherQuestion(Turn turn, Question asked, string text, NormalisedAnswer check)
    {
        // At a choice, only what names no option and would be kept whole under Other ("120 000 euro" at the funding sources,
        // a Swedish official's budget typed one question early: it was kept as the funding source "Other: 120").
        // A choice with no Other (the regional authority's role) refuses such words outright: "depuis janvier 2017" typed there
        // by a Liège official who had moved on was refused again and again (session 43), so it is offered where it reads too.
        var atChoice = asked.IsChoice && ((check.Ok && check.OtherText is not null && OnlyOther(check.Value)) || (!check.Ok && !check.NeedsConfirmation));
        // At the count of people, an amount of money it refused ("unos 150.000 euros al año", session 43: refused as no count):
        // the budget's answer typed one question early, offered there.
        var atCount = asked.Type == QuestionType.Integer && !check.Ok && !check.NeedsConfirmation;
        // At the title, a country's name alone (session 44's Portuguese run: "portugal", typed by an official one question
        // behind, was stored as the practice's title): offered at the open country question.
        var atTitle = asked.Id == Title && check.Ok;
        // At the region, words kept as an unknown region ("IEFP, ACM e a Santa Casa", typed one question early, session 46: kept
        // as the region): only the partners are looked for.
        var atRegion = asked.Type == QuestionType.Region && check is { Ok: true, Value: null, Warnings.Count: > 0 };
        var words = TextKey.Words(text).Length;
        if (!(asked.Type == QuestionType.Longtext || atChoice || atCount || atTitle || atRegion) || text.Contains('\n', StringComparison.Ordinal) || words is 0 or > 12)
        {
            return null;
        }
        // "Comune di Bari, Caritas, ASL" where the regional authority's role is asked (a choice with no Other): the partners,
        // offered there (session 44: refused again and again as no role), before another choice reads it (the funding
        // sources took "Comune" as the local budget).
        // So at another long text (session 46's French run: "CADA de Metz, la Croix-Rouge et le CCAS" at the regional authority's
        // contribution was kept there as its contribution).
        if (((atChoice && !check.Ok) || asked.Type == QuestionType.Longtext || atRegion) && flow.Find(Partners) is { } partners && partners.Id != asked.Id && !flow.IsAnswered(turn, partners)
            && flow.Normaliser.ListsOrganisations(text, turn.Language))
        {
            return (partners, new SuggestedAnswer(text, text));
        }
        if (atRegion)
        {
            return null;
        }
        // "demandeurs d'asile et réfugiés, surtout les femmes" where the areas are asked: the options of another open choice,
        // every word read there (nothing left for its Other), are that choice's answer typed one question early (it was kept
        // as the areas' "Other" and a confirmation asked).
        foreach (var choice in atChoice ? flow.Questions.Where(q => q.IsChoice && q.Id != asked.Id && !flow.IsAnswered(turn, q)) : [])
        {
            var named = flow.Normaliser.Normalise(choice.Id, text, turn.Language, ContextOf(turn, choice));
            if (ReadsAsItIs(named) && named.Flags.Count == 0 && !OnlyOther(named.Value)
                && named.Value is not (null or System.Text.Json.Nodes.JsonArray { Count: 0 }))
            {
                return (choice, new SuggestedAnswer(text, flow.AnswerText.Show(choice, named.Value, turn.Language)));
            }
        }
        // Six words or more: only a sentence that opens with its one count of people ("cerca de 500 trabalhadores por ano",
        // "rund 1.200 Geflüchtete im Jahr 2023 erreicht"), offered at the count (it was kept where typed).
        var sentence = words > 5;
        if (sentence && (atTitle || (!atCount && !OpensWithItsOneCount(text))))
        {
            return null;
        }
        foreach (var other in flow.Questions)
        {
            // Not where the question reads the long text itself (a count in the results is offered when the count comes), nor
            // a bare number as an amount: a number without its currency is a count ("environ 300 personnes" is no budget).
            if (other.Id == asked.Id || (sentence && !atCount && other.Type != QuestionType.Integer) || (atCount && other.Type != QuestionType.MoneyEur) || (atTitle && other.Type != QuestionType.Country)
                || !(FactTypes.Contains(other.Type) || (other.Type == QuestionType.Integer && SaysPeople(turn, text)))
                // A date alone at the partners is still offered at the start date at once (the start date reads the partners'
                // sentences too: "Caritas und die VHS. Wir haben im März 2022 angefangen.", offered when it comes).
                || flow.IsAnswered(turn, other) || (other.ReadFrom.Contains(asked.Id) && other.Type == QuestionType.Integer)
                // At the funding sources a number is money, not people: "120.000 im Jahr", "circa 80 mila l'anno" (session 50:
                // kept under Other there) are offered at the budget of their section as "120 000 euro" is.
                || (other.Type == QuestionType.MoneyEur && !(atChoice && other.Section == asked.Section) && IsACount(turn, text)))
            {
                continue;
            }
            var read = flow.Normaliser.Normalise(other.Id, text, turn.Language, ContextOf(turn, other));
            if (other.Type == QuestionType.Integer && read.Flags.Any(f => f.Reason == FlagReasons.CountHouseholds))
            {
                // "environ 300 familles par an accompagnées" at the activities: families, no number of people to offer (lang53:
                // offered as 300 people). The words stay where typed and are said when the people reached are asked.
                (turn.Progress.OfferedAhead ??= [])[other.Id] = text;
                continue;
            }
            if (atChoice && other.Type == QuestionType.MoneyEur && other.Section == asked.Section
                && read is { Ok: true, NeedsConfirmation: false, OtherText: null, Declined: false, Value: null, Flags: [{ Reason: FlagReasons.AmountPerYear }] })
            {
                // A yearly amount is kept at the budget as typed and flagged: offered with its words.
                return (other, new SuggestedAnswer(text, text));
            }
            if (other.Type is QuestionType.Date or QuestionType.DateOrOngoing && !sentence
                && read is { Ok: true, NeedsConfirmation: true, OtherText: null, Declined: false, Flags.Count: 0, Candidates: [var only] })
            {
                // "Mai 23" at the partners, a date the start date itself would confirm ("Did you mean May 2023?"; session 57: only
                // a clear date was offered, this one was kept as the partners): offered the same way, its reading shown, so one
                // yes confirms both where it goes and what it means.
                return (other, new SuggestedAnswer(NormaliserCandidates.AsText(only.Value), only.Display));
            }
            if (ReadsAsItIs(read) && read.OnlyRemarks
                && read.Value is System.Text.Json.Nodes.JsonValue value && !IsAYear(value, text)
                // "Ongoing" only where the choice refuses it (session 50: "läuft noch", "συνεχιζεται" at the role were refused
                // again and again); at a long text "läuft weiter" is how a practice continues.
                && !(value.GetValueKind() == System.Text.Json.JsonValueKind.String && value.GetValue<string>() == AnswerNormaliser.Ongoing && !(atChoice && !check.Ok)))
            {
                return (other, new SuggestedAnswer(text, flow.AnswerText.Show(other, read.Value, turn.Language)));
            }
        }
        return null;
    }

    /// <summary>
    /// Whether a sentence holds one number besides years, among its first three words ("environ 300 familles par an
    /// accompagnées", "rund 1.200 Geflüchtete im Jahr 2023 erreicht"): a count said first, not an activity that names a
    /// number on the way ("Sprachkurse für 200 Geflüchtete in drei Gemeinden") nor several figures.
    /// </summary>
    private static bool OpensWithItsOneCount(string text)
    {
        var numbers = System.Text.RegularExpressions.Regex.Matches(Digits.ToAscii(text), @"(?<![\d.,])\d+(?:[.,'\u00a0 ]\d{3})*(?:[.,]\d+)?")
            .Where(number => !(number.Value.Length == 4 && int.Parse(number.Value, System.Globalization.CultureInfo.InvariantCulture)
                is >= DateParser.MinYear and <= DateParser.MaxYear))
            .ToList();
        return numbers is [var count] && TextKey.Words(text[..count.Index]).Length <= 2;
    }

    /// <summary>
    /// The answer meant by the words after a no at the bot's own question about <paramref name="question"/> (a guess, or
    /// words kept under Other): the words as they are, where the question reads them as they are ("no, seguimos" at the
    /// end date's offer, "non, c'est un pouvoir local"); at an Other confirmation (<paramref name="atOther"/>) also the
    /// options they name beside the word kept under Other said again ("nein, kreisumlage = kommunaler haushalt": the kept
    /// word is that option), as those options' labels. Null when the words are no such answer.
    /// </summary>
    public string? RestatedAfterNo(Turn turn, Question question, bool atOther, string rest)
    {
        var read = flow.Normaliser.Normalise(question.Id, rest, turn.Language, ContextOf(turn, question));
        if (read is { Ok: true, NeedsConfirmation: false, OtherText: null, Declined: false, Value: not null } && read.Value is not System.Text.Json.Nodes.JsonArray { Count: 0 })
        {
            return rest;
        }
        if (!atOther || !question.IsChoice || read is not { Ok: true, NeedsConfirmation: false, OtherText: { } left } || !NamesAnOption(read.Value)
            || turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == question.Id)?.OtherText is not { } kept)
        {
            return null;
        }
        // The kept word said again with a link ("=", "ist", "is basically", "c'est"): two words besides it at most.
        var keptWords = TextKey.Words(kept).ToHashSet(StringComparer.Ordinal);
        var leftWords = TextKey.Words(left);
        if (!leftWords.Any(keptWords.Contains) || leftWords.Count(word => !keptWords.Contains(word)) > 2)
        {
            return null;
        }
        var options = read.Value switch
        {
            System.Text.Json.Nodes.JsonArray codes => new System.Text.Json.Nodes.JsonArray([.. codes.Select(code => code?.GetValue<string>())
                .Where(code => code is not null and not "other").Select(code => (System.Text.Json.Nodes.JsonNode?)code)]),
            { } one => one.DeepClone(),
            null => null,
        };
        return options is null ? null : flow.AnswerText.Show(question, options, turn.Language);
    }

    /// <summary>
    /// Whether the words after a yes at "Did you mean <paramref name="guess"/>?" say the guess again: true when they name,
    /// read at <paramref name="question"/>, only what was guessed ("that's it, funding" where "Indirect: funding" was guessed;
    /// words beside it kept under Other do not count); false when they read there as another answer as it is (that answer
    /// is meant); null when they name nothing there (the yes is then read as before).
    /// </summary>
    public bool? AgreesWithGuess(Turn turn, Question question, SuggestedAnswer guess, string rest)
    {
        var context = ContextOf(turn, question);
        var said = flow.Normaliser.Normalise(question.Id, rest, turn.Language, context);
        var offered = flow.Normaliser.Normalise(question.Id, guess.Answer, turn.Language, context);
        if (offered.Value is null)
        {
            return null;
        }
        static HashSet<string> Values(System.Text.Json.Nodes.JsonNode? value) => value switch
        {
            System.Text.Json.Nodes.JsonArray codes => codes.Select(code => code?.ToJsonString()).OfType<string>().Where(code => code != "\"other\"").ToHashSet(),
            null => [],
            { } one => one.ToJsonString() == "\"other\"" ? [] : [one.ToJsonString()],
        };
        var named = said.NeedsConfirmation && said.Candidates is [var only] ? Values(only.Value) : said.Ok ? Values(said.Value) : [];
        if (named.Count == 0)
        {
            return null;
        }
        if (named.IsSubsetOf(Values(offered.Value)))
        {
            return true;
        }
        return said is { Ok: true, NeedsConfirmation: false, OtherText: null, Declined: false } ? false : null;
    }

    /// <summary>
    /// The open question asking for the organisation that leads the practice, when <paramref name="text"/>, typed at the
    /// region question <paramref name="region"/>, names no region it knows and reads as an organisation ("la Junta, a través
    /// de la Consejería de Desarrollo Educativo", "Landkreis Osnabrück, Fachdienst Integration"); null otherwise.
    /// </summary>
    public Question? OrganisationAtRegion(Turn turn, Question region, string text)
    {
        if (flow.Find(LeadOrganisation) is not { } lead || flow.IsAnswered(turn, lead) || flow.IndexOf(lead) < flow.IndexOf(region))
        {
            return null;
        }
        var there = flow.Normaliser.Normalise(region.Id, text, turn.Language, ContextOf(turn, region));
        if (there is { Ok: true, Value: not null } || there.NeedsConfirmation)
        {
            return null;
        }
        // "Limerick City and County Council": a place in it is guessed at the region (OrganisationNamedAtRegion).
        return flow.Normaliser.IsOrganisation(text, turn.Language) && OrganisationNamedAtRegion(turn, region, text) is not { Place: not null } ? lead : null;
    }

    /// <summary>
    /// At the region question <paramref name="region"/>, open, with the lead organisation still to ask after it: the lead
    /// organisation's question and the region its place reads as, when <paramref name="text"/> is an organisation named by a
    /// place (it reads plainly as one kind of organisation, "lisboa" does not, and is not the region's own name: "Galway County Council", "Landkreis
    /// Osnabrück", "Cork ETB"; not "Regione Puglia", "Land Niedersachsen"). The place is null when none is read in it (the
    /// organisation alone). Null when the text is no organisation.
    /// </summary>
    private (Question Lead, (string Words, SuggestedAnswer Read)? Place)? OrganisationNamedAtRegion(Turn turn, Question region, string text)
    {
        // One name: a list ("Cork ETB, Nasc and the HSE": the partners) or a name with its department after a comma
        // ("Landkreis Osnabrück, Fachdienst Integration") is read as before.
        if (region.Type != QuestionType.Region || flow.IsAnswered(turn, region) || text.Length > 120 || text.IndexOfAny([',', ';', '@', '/', '\n']) >= 0
            || flow.Find(LeadOrganisation) is not { } lead || flow.IsAnswered(turn, lead) || flow.IndexOf(lead) < flow.IndexOf(region)
            || flow.Normaliser.WithCountryLanguages(turn.Language, ContextOf(turn, region).Country) is var languages
            && (languages.Any(language => flow.Normaliser.NamesTheRegionItself(text, language))
                || !languages.Any(language => flow.Normaliser.NamesAnOrganisationPlainly(text, language))))
        {
            // A body named in its country's words ("Kreis Lippe", "Comune di Bari" in an English chat) as in its own language's.
            return null;
        }
        return (lead, flow.PlaceIn(turn, region, text));
    }

    private const string LeadOrganisation = "lead_organisation";

    /// <summary>
    /// Where an offer waits at the optional question <paramref name="optional"/> (no choice: an amount, a date, a number), the
    /// refusal of <paramref name="text"/> there, and the next open question when it reads the text as it is (a long text: a
    /// sentence of six words or more, as <see cref="ReadsAsTheNextLongText"/> reads prose; "je regarde le chiffre exact" is
    /// about the question asked); null when the question takes the text (a new answer to it).
    /// </summary>
    public (string Refusal, Question? Next)? RefusedPastOffer(Turn turn, Question optional, string text)
    {
        var there = flow.Normaliser.Normalise(optional.Id, text, turn.Language, ContextOf(turn, optional));
        if (there.Ok || there.NeedsConfirmation || there.Declined || candidates.Find(optional, there, turn.Language).Count > 0)
        {
            return null;
        }
        var next = ReturnTo(turn, optional) ?? flow.Questions.Skip(flow.IndexOf(optional) + 1).FirstOrDefault(q => flow.IsOpen(turn, q));
        var reads = next switch
        {
            null => false,
            { Type: QuestionType.Longtext } => TextKey.Words(text).Length >= 6,
            { Type: QuestionType.Text } => false,
            _ => flow.Normaliser.Normalise(next.Id, text, turn.Language, ContextOf(turn, next)) is { Ok: true, NeedsConfirmation: false, Declined: false, OtherText: null, Value: not null },
        };
        return (there.Error ?? flow.Text(ConversationMessageKeys.Error, turn.Language), reads ? next : null);
    }

    /// <summary>
    /// The question after the end date when <paramref name="offer"/> is the end of a period typed at the start date ("gennaio
    /// 2021, ancora in corso", "2019–2021": <see cref="PeriodEndOf"/>) and <paramref name="text"/>, no date, reads there as
    /// an answer (a choice naming an option; a long text of six words or more): the contributor typed both and went on, as if
    /// the end were taken (chatplay48: "salute e accesso ai servizi" was refused as no date, then every answer after it).
    /// Null otherwise (a date, a yes or a no, or words the next question does not read, are the end date's).
    /// </summary>
    public Question? TypedOnPastPeriodEnd(Turn turn, Question endAt, CandidateConfirmation offer, string text)
    {
        if (offer.Candidates.Count != 1 || offer.Prompt is not { } prompt || flow.IsAnswered(turn, endAt)
            || (prompt != flow.Text(ConversationMessageKeys.PeriodOngoing, turn.Language)
                && prompt != flow.Text(ConversationMessageKeys.PeriodEnd, turn.Language, ("end", offer.Candidates[0].Display))))
        {
            return null;
        }
        if (flow.Normaliser.Normalise(endAt.Id, text, turn.Language, ContextOf(turn, endAt)) is { Ok: true } or { NeedsConfirmation: true })
        {
            return null;
        }
        var next = ReturnTo(turn, endAt) ?? flow.NextOpen(turn, flow.IndexOf(endAt));
        if (next is null || next.Id == endAt.Id)
        {
            return null;
        }
        var reads = next switch
        {
            { Type: QuestionType.Longtext } => TextKey.Words(text).Length >= 6,
            { IsChoice: true } => flow.Normaliser.Normalise(next.Id, text, turn.Language, ContextOf(turn, next)) is { Ok: true, NeedsConfirmation: false, Declined: false } there
                && NamesAnOption(there.Value),
            _ => false,
        };
        return reads ? next : null;
    }

    /// <summary>Stores <paramref name="text"/> at <paramref name="question"/>, another than the one asked, saying which ("Noted – …: …").</summary>
    public Task<bool> StoreElsewhereAsync(Turn turn, Question question, string text, CancellationToken cancellationToken) =>
        StoreAsync(turn, question, text, typed: null, normalised: null, cancellationToken, said: ConversationMessageKeys.NotedFor);

    /// <summary>Whether a stored choice's value names an option other than "other".</summary>
    private static bool NamesAnOption(string? valueJson) =>
        valueJson is not null && NamesAnOption(System.Text.Json.Nodes.JsonNode.Parse(valueJson));

    private static bool NamesAnOption(System.Text.Json.Nodes.JsonNode? value) =>
        value is not null && value switch
        {
            System.Text.Json.Nodes.JsonArray codes => codes.Any(code => code is System.Text.Json.Nodes.JsonValue one
                && one.GetValueKind() == System.Text.Json.JsonValueKind.String && one.GetValue<string>() != "other"),
            System.Text.Json.Nodes.JsonValue single => single.GetValueKind() == System.Text.Json.JsonValueKind.String && single.GetValue<string>() != "other",
            _ => false,
        };

    /// <summary>Whether a choice's value is Other alone ("other", or ["other"]): no option was named.</summary>
    private static bool OnlyOther(System.Text.Json.Nodes.JsonNode? value) => value switch
    {
        System.Text.Json.Nodes.JsonValue single => single.GetValueKind() == System.Text.Json.JsonValueKind.String && single.GetValue<string>() == "other",
        System.Text.Json.Nodes.JsonArray { Count: 1 } codes => codes[0] is System.Text.Json.Nodes.JsonValue code
            && code.GetValueKind() == System.Text.Json.JsonValueKind.String && code.GetValue<string>() == "other",
        _ => false,
    };

    /// <summary>
    /// Whether a few words say their number counts people, in the chat's language (vocabulary <c>people_words</c>: "environ 300
    /// personnes", "300 persone", "about 300 a year", "ungefär 300 personer per år"): such a count typed at another long text
    /// is offered at the count of people reached (it was kept there). A number among other words is not ("3 NGOs and the
    /// library", "doposcuola 4 gg").
    /// </summary>
    private bool SaysPeople(Turn turn, string text)
    {
        var words = " " + string.Join(' ', TextKey.Words(text)) + " ";
        return flow.Normaliser.Questionnaire.Vocabulary.PeopleWords.In(turn.Language)
            .Select(phrase => string.Join(' ', TextKey.Words(phrase)))
            .Any(phrase => phrase.Length > 0 && words.Contains(" " + phrase + " ", StringComparison.Ordinal));
    }

    /// <summary>
    /// The questions whose answer is one fact that a long text typed in their place can be alone. Not a count: a number in a
    /// few words is read as one ("les départements et deux associations" at the partners is 2, "doposcuola 4 gg" at the
    /// activities 4); a count is offered from the long texts its question reads from (<see cref="Question.ReadFrom"/>).
    /// </summary>
    private static readonly HashSet<QuestionType> FactTypes =
        [QuestionType.Date, QuestionType.DateOrOngoing, QuestionType.MoneyEur, QuestionType.Country, QuestionType.Region];

    /// <summary>
    /// "sorry, start was 2022 not 2021", "Korrektur: Beginn 2022", "förlåt, start var 2022", "διόρθωση: έναρξη 2022" typed at
    /// another question (they were refused there, or stored as its answer): the first of <paramref name="values"/> that
    /// <paramref name="corrected"/> reads as it is (no guess, no "Other", no decline) replaces its answer, then the question
    /// on screen comes again. False when none does, or when <paramref name="corrected"/> takes any text (a title, a
    /// description: there the words after its name cannot be told from an answer), or is the question on screen.
    /// </summary>
    public async Task<bool> CorrectAsync(Turn turn, Question asked, Question corrected, IReadOnlyList<string> values, CancellationToken cancellationToken,
        bool textJustBefore = false, bool longTextNamed = false)
    {
        // A text question named is not corrected so (its words could be any answer); the one-line text answered just before,
        // with none named, is ("sorry, meinte Landkreis Kassel" at the organisation's type, after "Landkreis Göttingen"), and a
        // long text named after correction words with its verb ("scusi ho sbagliato, il contesto è: …").
        if (corrected.Id == asked.Id || (corrected.Type is QuestionType.Longtext && !longTextNamed) || (corrected.Type is QuestionType.Text && !textJustBefore)
            || flow.IsAnswered(turn, asked))
        {
            return false;
        }
        if (CorrectionReading(turn, corrected, values) is not var (value, check, context))
        {
            return false;
        }
        // Back to the question on screen, then wherever a "change N" before it was to come back to.
        var after = turn.Progress.ReturnTo;
        turn.Progress.ReturnTo = asked.Id;
        await StoreAsync(turn, corrected, value, typed: null, (check, context), cancellationToken, correction: true);
        if (after is not null && after != asked.Id)
        {
            turn.Progress.ReturnTo = after;
        }
        return true;
    }

    /// <summary>
    /// A message edited in the chat (Teams) whose answer to <paramref name="edited"/> is still the one it gave: its new text is
    /// stored there as a correction ("Corrected – …"), then the question on screen comes again (or wherever a "change N" was to
    /// come back to). False when the new text is refused there (said, and that question asked).
    /// </summary>
    public async Task<bool> CorrectEditedAsync(Turn turn, Question edited, string text, CancellationToken cancellationToken)
    {
        var onScreen = turn.Progress.QuestionId;
        var after = turn.Progress.ReturnTo;
        if (onScreen is not null && onScreen != edited.Id)
        {
            turn.Progress.ReturnTo = onScreen;
        }
        var stored = await StoreAsync(turn, edited, text, typed: null, normalised: null, cancellationToken, correction: true);
        if (stored && after is not null && after != onScreen)
        {
            turn.Progress.ReturnTo = after;
        }
        return stored;
    }

    /// <summary>
    /// A correction typed where "submit now?" waits, every question answered ("oops the budget was 85k not 80k", "Korrektur:
    /// Region ist Niederbayern"): the answer it names is stored again and said back, then the summary and "submit now?" come
    /// again (the question was asked again and the correction lost). Not a text, but with its value named after a verb
    /// (<paramref name="valueNamed"/>: "sorry the org is Cork City Council"): its words could be any answer.
    /// </summary>
    public async Task<bool> CorrectBeforeSubmittingAsync(Turn turn, Question corrected, IReadOnlyList<string> values, CancellationToken cancellationToken,
        bool valueNamed = false)
    {
        // A one-line text only with its value named after a verb ("sorry the org is Cork City Council").
        if (corrected.Type is QuestionType.Longtext || (corrected.Type is QuestionType.Text && !valueNamed) || CorrectionReading(turn, corrected, values) is not var (value, check, context))
        {
            return false;
        }
        turn.Progress.Pending = null;
        if (await StoreAsync(turn, corrected, value, typed: null, (check, context), cancellationToken, correction: true, moveOn: false))
        {
            // Back where the contributor was: the summary and "submit now?" (moving on would ask the optional questions left open).
            turn.Say(flow.Summary(turn));
            flow.Confirm(turn, new SubmitConfirmation());
        }
        return true;
    }

    /// <summary>
    /// A correction of another answer typed where a confirmation about the question on screen waits ("fel av mig, vi startade vt
    /// 2023 inte ht 2022" where the target groups' "Other" waits, chatplay47): that answer is stored again and said back, then
    /// the same confirmation again, so its yes still takes what it asks about. Not a long text; a one-line text only with its
    /// value named after a verb (<paramref name="valueNamed"/>).
    /// </summary>
    public async Task<bool> CorrectWhileConfirmingAsync(Turn turn, Question corrected, IReadOnlyList<string> values, PendingConfirmation waiting,
        CancellationToken cancellationToken, bool valueNamed = false)
    {
        if (corrected.Type is QuestionType.Longtext || (corrected.Type is QuestionType.Text && !valueNamed) || CorrectionReading(turn, corrected, values) is not var (value, check, context))
        {
            return false;
        }
        turn.Progress.Pending = null;
        await StoreAsync(turn, corrected, value, typed: null, (check, context), cancellationToken, correction: true, moveOn: false);
        if (turn.Progress.Pending is null)
        {
            flow.Confirm(turn, waiting);
        }
        return true;
    }

    /// <summary>
    /// The reading of a correction's value that <paramref name="corrected"/> reads as it is (no guess, nothing under Other),
    /// a recognised one before one kept and flagged for the researchers: in "desculpe, a região é o Centro", "nej förlåt, det
    /// var Skåne" the words before the place are the sentence's ("é o Centro", "var Skåne" were stored as unknown regions).
    /// </summary>
    private (string Value, NormalisedAnswer Check, NormalisationContext Context)? CorrectionReading(Turn turn, Question corrected, IReadOnlyList<string> values)
    {
        var context = ContextOf(turn, corrected);
        var readings = values.Select(value => (Value: value, Check: flow.Normaliser.Normalise(corrected.Id, value, turn.Language, context)))
            .Where(reading => reading.Check is { Ok: true, NeedsConfirmation: false, OtherText: null, Declined: false }).ToList();
        if (readings.Count == 0)
        {
            return null;
        }
        var (value, check) = readings.Find(reading => reading.Check.Flags.Count == 0) is { Value: not null } clean ? clean : readings[0];
        if (!check.OnlyRemarks && flow.IsAnswered(turn, corrected) && turn.Practice?.Flags.Any(f => f.QuestionId == corrected.Id && !f.Resolved) == false)
        {
            // Read only as words kept for the researchers (an unknown region), it never replaces an answer read as it is:
            // "anzi no, la regione fa solo consulenza tecnica" at the role's details (session 59's Bologna play) replaced
            // Emilia-Romagna with the region "fa solo consulenza tecnica". The words are the answer to the question asked.
            return null;
        }
        return (value, check, context);
    }

    /// <summary>
    /// "and the red cross" typed after "Caritas", once the next question is on screen (a phone sends each thought as its own
    /// message): the words join the answer of <paramref name="previous"/> as typed, it is stored again and said back
    /// ("Added – Other partners: Caritas and the red cross"), then the question on screen comes again. False when the joined
    /// answer is not read as it is there (a guess, words kept under Other).
    /// </summary>
    public async Task<bool> AddToAsync(Turn turn, Question asked, Question previous, string text, CancellationToken cancellationToken)
    {
        if (turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == previous.Id) is not { } stored)
        {
            return false;
        }
        var joined = stored.Original.TrimEnd() + (previous.Type == QuestionType.Multi ? ", " : " ") + text.Trim();
        var context = ContextOf(turn, previous);
        var check = flow.Normaliser.Normalise(previous.Id, joined, turn.Language, context);
        if (check is not { Ok: true, NeedsConfirmation: false, OtherText: null, Declined: false })
        {
            return false;
        }
        var after = turn.Progress.ReturnTo;
        turn.Progress.ReturnTo = asked.Id;
        await StoreAsync(turn, previous, joined, typed: null, (check, context), cancellationToken, said: ConversationMessageKeys.Added);
        if (after is not null && after != asked.Id)
        {
            turn.Progress.ReturnTo = after;
        }
        return true;
    }

    /// <summary>
    /// The next open question that <paramref name="text"/>, refused at the optional <paramref name="asked"/>, answers as it is:
    /// only where the words are no attempt at <paramref name="asked"/> (no digit for a phone number, no "@" in words for an
    /// e-mail address, no dot in words for a web address).
    /// </summary>
    private Question? AnsweredAhead(Turn turn, Question asked, string text)
    {
        if (asked.Required || !NoAttemptAt(asked, text))
        {
            return null;
        }
        var next = ReturnTo(turn, asked) ?? flow.NextOpen(turn, flow.IndexOf(asked));
        if (next is null || next.Id == asked.Id)
        {
            return null;
        }
        var there = flow.Normaliser.Normalise(next.Id, text, turn.Language, ContextOf(turn, next));
        return there is { Ok: true, OtherText: null, NeedsConfirmation: false, Declined: false } ? next : null;
    }

    /// <summary>
    /// Whether <paramref name="text"/> is no attempt at the phone, e-mail or web address <paramref name="asked"/>: no digit
    /// for a phone number, no "@" in words for an e-mail address, no dot in words for a web address; false elsewhere.
    /// </summary>
    public static bool NoAttemptAt(Question asked, string text)
    {
        var words = text.Trim().Contains(' ', StringComparison.Ordinal);
        return asked.Type switch
        {
            QuestionType.Phone => !Digits.ToAscii(text).Any(char.IsAsciiDigit),
            QuestionType.Email => words && !text.Contains('@', StringComparison.Ordinal),
            QuestionType.Url => words && !text.Contains('.', StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>Options ticked or pressed on a card: codes (yes/no as the language's words), for a question that may not be the one on screen.</summary>
    public Task RecordSubmittedAsync(Turn turn, AnswerSubmitted submitted, CancellationToken cancellationToken)
    {
        if (flow.Find(submitted.QuestionId) is not { } question || submitted.Codes.Count == 0)
        {
            flow.AskCurrent(turn);
            return Task.CompletedTask;
        }
        if (turn.Progress.QuestionId is { } current && current != question.Id)
        {
            // A card further up the conversation: that answer changes, then back to the question on screen.
            turn.Progress.ReturnTo ??= current;
        }
        var text = question.Type == QuestionType.Yesno
            ? submitted.Codes[0] == "yes" ? flow.YesWord(turn.Language) : flow.NoWord(turn.Language)
            : string.Join(", ", submitted.Codes);
        return StoreAsync(turn, question, text, typed: null, cancellationToken);
    }

    /// <summary>
    /// A no to the total offered for a yearly amount with the period known ("rund 45 Tsd pro Jahr": "135 000 € over 3 years?"):
    /// the amount is stored as read where no period is known, as typed and flagged <c>amount_per_year</c> with the yearly
    /// amount, and the chat moves on (session 53: the budget was asked again). False where the offer was no such total.
    /// </summary>
    public async Task<bool> KeepYearlyAsync(Turn turn, Question question, CandidateConfirmation offer, CancellationToken cancellationToken)
    {
        if (question.Type != QuestionType.MoneyEur || offer.Original is not { Length: > 0 } typed)
        {
            return false;
        }
        var context = ContextOf(turn, question);
        var yearly = flow.Normaliser.Normalise(question.Id, typed, turn.Language, context with { StartDate = null, EndDate = null });
        if (yearly is not { Ok: true, NeedsConfirmation: false, Value: null } || !yearly.Flags.Any(f => f.Reason == FlagReasons.AmountPerYear))
        {
            return false;
        }
        // Normalised without the dates, stored in the context it is asked in: the intake keeps it as it is.
        return await StoreAsync(turn, question, typed, typed: null, (yearly, context), cancellationToken);
    }

    /// <summary>
    /// A no to words kept under "Other" at <paramref name="question"/>: the words are dropped and said so
    /// (<c>bot.other_dropped</c>), the options recognised beside them kept ("salute e accesso ai servizi": health); with none,
    /// the answer is cleared. Every raw input stays in the practice's log.
    /// </summary>
    public async Task DropOtherAsync(Turn turn, Question question, CancellationToken cancellationToken)
    {
        if (turn.Practice is not { } practice || practice.Answers.FirstOrDefault(a => a.QuestionId == question.Id) is not { OtherText: { Length: > 0 } other } stored)
        {
            return;
        }
        var codes = System.Text.Json.Nodes.JsonNode.Parse(stored.ValueJson ?? "null") switch
        {
            System.Text.Json.Nodes.JsonArray list => list.Select(code => code?.GetValue<string>()).OfType<string>().Where(code => code != "other").ToList(),
            System.Text.Json.Nodes.JsonValue one when one.GetValue<string>() is { } code && code != "other" => [code],
            _ => [],
        };
        await flow.Intake.UpdateAsync(practice.Id, p =>
        {
            if (codes.Count == 0)
            {
                flow.Intake.ClearAnswer(p, question.Id, turn.Actor);
            }
            else
            {
                flow.Intake.RecordAnswer(p, question.Id, string.Join(", ", codes), turn.Language, turn.Actor, typed: stored.Original);
            }
            return p;
        }, cancellationToken);
        turn.Practice = await flow.Intake.LoadAsync(practice.Id, cancellationToken);
        turn.Say(flow.Text(ConversationMessageKeys.OtherDropped, turn.Language, ("text", other)));
    }

    /// <summary>
    /// Stores the answer as it is (no "did you mean"): refused answers are explained and asked again. <paramref name="typed"/>
    /// is what the contributor wrote when <paramref name="text"/> is the option they picked for it: kept as their words.
    /// </summary>
    public Task StoreAsync(Turn turn, Question question, string text, string? typed, CancellationToken cancellationToken) =>
        StoreAsync(turn, question, text, typed, normalised: null, cancellationToken);

    /// <summary>
    /// <see cref="StoreAsync(Turn, Question, string, string?, CancellationToken)"/> with the answer normalised already (the
    /// check of <see cref="RecordAsync"/>) and the context it was normalised in: the intake uses it while that context holds.
    /// </summary>
    private async Task<bool> StoreAsync(Turn turn, Question question, string text, string? typed, (NormalisedAnswer Answer, NormalisationContext Context)? normalised,
        CancellationToken cancellationToken, bool correction = false, string? said = null, bool moveOn = true)
    {
        var practice = turn.Practice ??= await flow.Intake.FindOpenDraftAsync(turn.Contributor, cancellationToken);
        // A first answer is no correction ("korrektur: beginn 2020" before the start date was asked said "Corrected"): it is
        // noted, with the question named, since it was typed at another one.
        // An answer that went to another question than the one on screen names it ("Noted – Budget: 1,200,000 €" while the
        // funding sources came again; a bare "Noted" read as if the question on screen had taken it, session 51).
        said ??= correction
            ? practice?.Answers.Any(a => a.QuestionId == question.Id) == true ? ConversationMessageKeys.Corrected : ConversationMessageKeys.NotedFor
            : turn.AskedWhenItCame is { } onScreen && onScreen != question.Id ? ConversationMessageKeys.NotedFor : null;
        AnswerOutcome outcome;
        if (practice is null)
        {
            // The first answer makes the draft, in one change (normalised first, then stored with the draft's rows).
            (practice, outcome) = await flow.Intake.StartDraftWithAnswerAsync(turn.Contributor, turn.Language, Channels.Chat, question.Id, text, turn.Actor, typed, cancellationToken);
        }
        else
        {
            var families = question.Type == QuestionType.Integer ? turn.Progress.HouseholdsSaid : null;
            outcome = await flow.Intake.UpdateAsync(practice.Id, p =>
            {
                var recorded = typed is null && normalised is { } done
                    ? flow.Intake.RecordAnswer(p, question.Id, text, turn.Language, turn.Actor, done.Answer, done.Context)
                    : flow.Intake.RecordAnswer(p, question.Id, text, turn.Language, turn.Actor, typed);
                if (families is not null && recorded is { Stored: true, Answer.Value: not null }
                    && !p.Flags.Any(f => f.QuestionId == question.Id && f.Reason == FlagReasons.AnswerRemark && !f.Resolved))
                {
                    // "300 οικογένειες" said where the people reached were asked (ConversationFlow.MentionHouseholds), then the
                    // people given: the families stay beside them as a remark (lang53).
                    p.Flags.Add(new Flag { QuestionId = question.Id, Reason = FlagReasons.AnswerRemark, Detail = families, CreatedAt = turn.Now });
                }
                return recorded;
            }, cancellationToken);
        }
        if (question.Type == QuestionType.Integer && outcome.Stored)
        {
            turn.Progress.HouseholdsSaid = null;
        }
        if (!outcome.Stored)
        {
            var (refusal, leftOpen) = UnsureRefusal(turn, question, outcome.Answer.Error);
            turn.Say(refusal);
            if (leftOpen)
            {
                // A third "I don't know" in a row at the same required question (session 59: told bot.unsure_again word for word
                // each time): the question is left open, still missing before sending, and the next one asked.
                if (!turn.Progress.Skipped.Contains(question.Id))
                {
                    turn.Progress.Skipped.Add(question.Id);
                }
                turn.Progress.QuestionId = question.Id;
                MoveOn(turn, question);
                return false;
            }
            flow.Ask(turn, question);
            return false;
        }
        turn.Practice = await flow.Intake.LoadAsync(practice.Id, cancellationToken);
        turn.Stored.Add(question.Id);
        turn.Progress.Skipped.Remove(question.Id);
        turn.Progress.UnsureAt = null;
        turn.Progress.UnsureAgainAt = null;
        if (turn.Progress.GuessIgnoredAt == question.Id)
        {
            turn.Progress.GuessIgnoredAt = null;
            turn.Progress.OfferedAhead?.Remove(question.Id);
        }
        if (turn.Progress.RefusedAt == question.Id)
        {
            turn.Progress.RefusedAt = null;
        }
        var stored = turn.Practice.Answers.First(a => a.QuestionId == question.Id);
        var shown = flow.AnswerText.Show(question, stored, turn.Language);
        if (outcome.Answer.ShortForm is { } shortForm)
        {
            shown = $"{shown} ({shortForm})"; // "Comunidad Autónoma de la Región de Murcia (CARM)": what was stored for what was typed
        }
        // A correction typed at another question says which answer it changed.
        var noted = new TextPart(said is not null
            ? flow.Text(said, turn.Language, ("question", question.Label.In(turn.Language)), ("value", shown))
            : flow.Text(ConversationMessageKeys.Noted, turn.Language, ("value", shown)));
        if (outcome.Answer.OtherText is not null)
        {
            // Words kept under "Other": the contributor confirms them or answers again, before any other question.
            turn.Say(new MessageReply([noted], []));
            turn.Progress.QuestionId = question.Id;
            flow.Confirm(turn, new OtherConfirmation(question.Id));
            return true;
        }
        // "Hallo, ich bin Lukas Gruber, Stadt Wien MA 17": the words after the name are offered as the organisation; the note
        // that they are kept beside the name for the team ("Ihre Worte „Stadt Wien MA 17“ werden … aufbewahrt") said the
        // same words twice, two ways (session 47's Vienna run). Where they are offered, the offer says it alone.
        var joined = typed is null && moveOn ? OrganisationJoinedTo(turn, question, text) : null;
        var warnings = joined is var (_, offeredOrganisation)
            ? outcome.Answer.Warnings.Where(w => !w.Contains(offeredOrganisation, StringComparison.Ordinal))
            : outcome.Answer.Warnings;
        turn.Say(new MessageReply([noted, .. warnings.Select(w => new TextPart(w))], []));
        if (moveOn && typed is null && outcome.Answer.Flags.Any(f => f.Reason == FlagReasons.CountHouseholds) && turn.AskedWhenItCame == question.Id)
        {
            // "about 120 families" where the people reached are asked: kept as typed, and the people asked for at once
            // (validation.count_households); their number, once given, keeps the families as a remark (lang53).
            flow.Ask(turn, question);
            return true;
        }
        if (question.Id == ContactOrganisation)
        {
            await NameWithoutOrganisationAsync(turn, stored, cancellationToken);
        }
        if (!moveOn)
        {
            return true;
        }
        if (typed is null && ChoiceSaidOtherwise(turn, question, text) is var (choice, read))
        {
            // "funding, leader" at the role, then "c'est nous qui finançons en fait, la région n'a qu'un rôle de conseil" at its
            // details (session 59: stored without a word, the role left as funding and leading): the details are kept, and the
            // role they speak of offered in its place (yes changes it, no keeps it).
            turn.Progress.QuestionId = question.Id;
            flow.Confirm(turn, new ChoiceContradictedConfirmation(question.Id, choice.Id, read));
            return true;
        }
        if (typed is null && question.PersonName && BesideName(turn, question, stored, text) is var (beside, organisationBeside))
        {
            // "Anna Schulz, a.schulz@lk-harburg.de, 04171 693-0", "soy Ana Ruiz, ana.ruiz@… tel 955 00 00 00", "Maria Costa - CM
            // de Braga - 253 203 150" at the name (session 46: kept as the name's remark, the questions asked blank): the address
            // and the number wait for their questions, offered there (yes takes each, another answer replaces it); the
            // organisation is offered at once when its question comes next.
            foreach (var (waiting, words) in beside)
            {
                (turn.Progress.OfferedAhead ??= [])[waiting.Id] = words;
            }
            if (organisationBeside is not null && flow.Find(ContactOrganisation) is { } ours && !flow.IsAnswered(turn, ours))
            {
                if ((ReturnTo(turn, question) ?? flow.NextOpen(turn, flow.IndexOf(question))) is { Id: ContactOrganisation })
                {
                    flow.Ask(turn, ours);
                    var writtenOut = flow.Normaliser.OrganisationWrittenOut(organisationBeside, turn.Language);
                    flow.Confirm(turn, new CandidateConfirmation(ours.Id, organisationBeside, [new SuggestedAnswer(writtenOut, writtenOut)]));
                    return true;
                }
                (turn.Progress.OfferedAhead ??= [])[ours.Id] = organisationBeside;
            }
            MoveOn(turn, question);
            return true;
        }
        if (joined is var (organisationQuestion, organisation))
        {
            // "Petra Vogel vom Landratsamt Kassel" at the name: the organisation is the next question's answer, offered (asked,
            // never assumed): yes takes it, another answer replaces it.
            flow.Ask(turn, organisationQuestion);
            // "Ayto. de Murcia" is offered written out: "Ayuntamiento de Murcia" (session 54).
            var writtenOut = flow.Normaliser.OrganisationWrittenOut(organisation, turn.Language);
            flow.Confirm(turn, new CandidateConfirmation(organisationQuestion.Id, organisation, [new SuggestedAnswer(writtenOut, writtenOut)]));
            return true;
        }
        if (typed is null && PeriodEndOf(turn, question, text) is var (endQuestion, end, ongoing))
        {
            // "2019–2021", "da marzo 2019 a giugno 2021", "Σεπτ. 2020 έως σήμερα" at the start date: the start is taken, and the
            // period's end offered for the end date asked next (yes takes it, another answer replaces it; it was asked blank).
            flow.Ask(turn, endQuestion);
            // The offer says where it comes from ("End of the period you gave: 2021. Is that the end date?"), not "Did you mean
            // 2021?", which reads as a slip of typing corrected.
            var prompt = ongoing
                ? flow.Text(ConversationMessageKeys.PeriodOngoing, turn.Language)
                : flow.Text(ConversationMessageKeys.PeriodEnd, turn.Language, ("end", end.Display));
            flow.Confirm(turn, new CandidateConfirmation(endQuestion.Id, text, [end], prompt));
            return true;
        }
        if (typed is null && RegionJoinedTo(turn, question, text) is var (regionQuestion, region, regionShown, regionNext))
        {
            if (regionNext)
            {
                // "Ireland, Southern region", "Deutschland (Hessen)" at the country: the region is the next question's answer,
                // offered (asked, never assumed): yes takes it, another answer replaces it (it was lost). Shown by the
                // catalogue's name ("Queria dizer Norte (PT11)?"; chat47's pt run showed the word as typed: "norte").
                flow.Ask(turn, regionQuestion);
                flow.Confirm(turn, new CandidateConfirmation(regionQuestion.Id, region, [new SuggestedAnswer(region, regionShown)]));
                return true;
            }
            // "Ελλάδα, Λέσβος" typed at the title and taken at the country: the title comes back first, the region waits to be
            // offered when it is asked (it was lost).
            (turn.Progress.OfferedAhead ??= [])[regionQuestion.Id] = region;
        }
        MoveOn(turn, question);
        return true;
    }

    /// <summary>
    /// The choice whose details <paramref name="details"/> asks (a long text whose <c>skip_when</c> names it: the role's details,
    /// the role) and the value <paramref name="text"/>, just stored there, reads as at that choice (one guess at most: the offer
    /// asks anyway; nothing under Other, no decline), when it names other options than the choice's answer holds and sets them
    /// apart (below): "la région n'a qu'un rôle de conseil" after "funding, leader" (the clauses of "we" left out, as at the
    /// role). Null otherwise: details that name other roles beside the one stored ("the region funds the staff and sits on the
    /// steering group" after funding), or none, only add to it.
    /// </summary>
    private (Question Choice, string ValueJson)? ChoiceSaidOtherwise(Turn turn, Question details, string text)
    {
        if (details is not { Type: QuestionType.Longtext, SkipWhen: { } about } || flow.Find(about.Question) is not { IsChoice: true } choice
            || turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == choice.Id)?.ValueJson is not { } heldJson
            || flow.Normaliser.Normalise(choice.Id, text, turn.Language, ContextOf(turn, choice))
                is not { Ok: true, OtherText: null, Declined: false, Value: { } value })
        {
            return null;
        }
        var read = Codes(value);
        var held = Codes(System.Text.Json.Nodes.JsonNode.Parse(heldJson));
        if (read.Count == 0 || read.Contains("other") || read.SetEquals(held))
        {
            return null;
        }
        // Set apart, not added to ("regionen betalar lokalerna" after "leader" adds the funding; it is no correction): an "only"
        // word ("the region only advises", "a região só dá apoio técnico" after funding and support), or a clause of "we" doing
        // what the answer had the region do ("c'est nous qui finançons"), read with no context, where "we" is not told apart.
        var (ours, only) = flow.Normaliser.SetApart(choice.Id, text, turn.Language, ContextOf(turn, choice));
        return only || ours is not null && Codes(flow.Normaliser.Normalise(choice.Id, ours, turn.Language, NormalisationContext.Empty).Value).Overlaps(held)
            ? (choice, value.ToJsonString()) : null;

        static HashSet<string> Codes(System.Text.Json.Nodes.JsonNode? node) => node switch
        {
            System.Text.Json.Nodes.JsonArray codes => codes.OfType<System.Text.Json.Nodes.JsonValue>()
                .Where(code => code.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(code => code.GetValue<string>()).ToHashSet(),
            System.Text.Json.Nodes.JsonValue one when one.GetValueKind() == System.Text.Json.JsonValueKind.String => [one.GetValue<string>()],
            _ => [],
        };
    }

    /// <summary>
    /// Where <see cref="ChoiceContradictedConfirmation"/> waits: the choice takes <paramref name="value"/> (the value the details
    /// read as, on a yes, <paramref name="typed"/> the details' words; or options typed there instead), said as a correction,
    /// then the conversation goes on after the details.
    /// </summary>
    public async Task ChangeChoiceAfterDetailsAsync(Turn turn, Question details, Question choice, string value, string? typed, CancellationToken cancellationToken)
    {
        if (await StoreAsync(turn, choice, value, typed, normalised: null, cancellationToken, correction: true, moveOn: false))
        {
            turn.Progress.QuestionId = details.Id;
            MoveOn(turn, details);
        }
    }

    /// <summary>
    /// The end date question when it comes next and is open, with the end of the period typed at the start date, read there
    /// as it is (no guess, nothing kept aside) and shown as the end date shows it; null when the answer names one date.
    /// </summary>
    private (Question Question, SuggestedAnswer End, bool Ongoing)? PeriodEndOf(Turn turn, Question answered, string text)
    {
        if (answered.Type != QuestionType.Date || flow.Normaliser.PeriodText(text, turn.Language) is not { } period
            || (ReturnTo(turn, answered) ?? flow.NextOpen(turn, flow.IndexOf(answered))) is not { Type: QuestionType.DateOrOngoing } next)
        {
            return null;
        }
        var (answer, read) = (text, flow.Normaliser.Normalise(next.Id, text, turn.Language, ContextOf(turn, next)));
        if (!ReadsAsItIs(read) || flow.Normaliser.OngoingAfterComma(text, turn.Language) is not null)
        {
            // Facts pasted after the period ("…; presupuesto de 120.000 € al año") are remarks: the period's words are the end;
            // so is "still running" after a comma ("Started in March 2019, still running"), a remark on the date at the end date.
            (answer, read) = (period, flow.Normaliser.Normalise(next.Id, period, turn.Language, ContextOf(turn, next)));
        }
        if (!ReadsAsItIs(read) || read.Value is null)
        {
            return null;
        }
        var ongoing = read.Value.GetValueKind() == System.Text.Json.JsonValueKind.String && read.Value.GetValue<string>() == AnswerNormaliser.Ongoing;
        if (!ongoing && SinceOneTerm(turn, text))
        {
            // "desde el curso 22/23", "seit dem Schuljahr 2021/22": since a school year, not within it (chatplay46: its end,
            // June 2023, was offered as the end of a programme still running).
            return null;
        }
        // The words as typed are the answer to record: read at the end date they give the period's end.
        return (next, new SuggestedAnswer(answer, flow.AnswerText.Show(next, read.Value, turn.Language)), ongoing);
    }

    private static bool ReadsAsItIs(NormalisedAnswer read) =>
        read is { Ok: true, NeedsConfirmation: false, OtherText: null, Declined: false } && (read.Warnings.Count == 0 || read.OnlyRemarks);

    /// <summary>
    /// The region question when it comes next, or is still open after the question a return leads to (Next false), with
    /// the part of a country's answer (and its region as shown: "Norte (PT11)") that names a region of that
    /// country as it is ("Southern region" of "Ireland, Southern region", "Hessen" of "Deutschland (Hessen)"): no guess, no
    /// region left unknown, not the country itself ("Sverige/Sweden": SE; "Ireland": IE0, a NUTS code of the country's letters
    /// and zeros is the whole country); null otherwise.
    /// </summary>
    private (Question Question, string Region, string Shown, bool Next)? RegionJoinedTo(Turn turn, Question answered, string text)
    {
        if (answered.Type != QuestionType.Country)
        {
            return null;
        }
        var following = ReturnTo(turn, answered) ?? flow.NextOpen(turn, flow.IndexOf(answered));
        // The region asked next, or still open after the question the answer came back to.
        if ((following is { Type: QuestionType.Region } ? following : flow.Questions.FirstOrDefault(q => q.Type == QuestionType.Region && !flow.IsAnswered(turn, q))) is not { } next)
        {
            return null;
        }
        var parts = text.Split([',', ';', '(', ')', '/', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length < 2)
        {
            return null;
        }
        var context = ContextOf(turn, next);
        foreach (var part in parts)
        {
            var read = flow.Normaliser.Normalise(next.Id, part, turn.Language, context);
            if (read is { Ok: true, NeedsConfirmation: false, OtherText: null, Declined: false, Warnings.Count: 0 }
                && read.Value?.GetValue<string>() is { } code && code.TrimEnd('0').Length > 2)
            {
                return (next, part, flow.AnswerText.Show(next, read.Value, turn.Language), next == following);
            }
        }
        return null;
    }

    /// <summary>The contributor's organisation question when it comes next and is open, with the organisation typed after the
    /// name at <paramref name="answered"/> ("… vom Landratsamt Kassel", "…, Cork County Council"); null otherwise.</summary>
    private (Question Question, string Organisation)? OrganisationJoinedTo(Turn turn, Question answered, string text)
    {
        if (answered.Type != QuestionType.Text || flow.Normaliser.JoinedOrganisation(answered, text, turn.Language) is not { } organisation)
        {
            return null;
        }
        var next = ReturnTo(turn, answered) ?? flow.NextOpen(turn, flow.IndexOf(answered));
        return next is { Id: ContactOrganisation } ? (next, organisation) : null;
    }

    private const string ContactOrganisation = "contact_organisation";
    private const string ContactName = "contact_name";

    /// <summary>
    /// The other answers typed after a person's name, in the words after it split at commas, semicolons, spaced dashes and
    /// brackets, each e-mail address a part of its own: the open e-mail and phone questions each part reads at as it is, and
    /// the organisation a part names (<see cref="AnswerNormaliser.OrganisationIn"/>); null when no address or number is there
    /// (an organisation alone is <see cref="OrganisationJoinedTo"/>'s).
    /// </summary>
    private (List<(Question Question, string Words)> Beside, string? Organisation)? BesideName(Turn turn, Question answered, Answer stored, string text)
    {
        if (text.Count(char.IsAsciiDigit) < 6 && !text.Contains('@', StringComparison.Ordinal))
        {
            return null; // most names
        }
        var name = flow.AnswerText.Show(answered, stored, turn.Language);
        var at = name.Length > 0 ? text.IndexOf(name, StringComparison.OrdinalIgnoreCase) : -1;
        if (at < 0)
        {
            return null;
        }
        var rest = System.Text.RegularExpressions.Regex.Replace(text[(at + name.Length)..], @"[^\s,;:()<>""'«»„“”]+@[^\s,;:()<>""'«»„“”]+", address => $"; {address.Value};");
        var beside = new List<(Question, string)>();
        string? organisation = null;
        foreach (var raw in System.Text.RegularExpressions.Regex.Split(rest, @"[,;()\[\]\n]|\s[-–—]\s"))
        {
            var part = raw.Trim().TrimEnd('.', ' ');
            if (part.Length == 0)
            {
                continue;
            }
            var question = flow.Questions.FirstOrDefault(q => q.Type is QuestionType.Email or QuestionType.Phone && !flow.IsAnswered(turn, q)
                && beside.All(taken => taken.Item1.Id != q.Id) && ReadsAsItIs(flow.Normaliser.Normalise(q.Id, part, turn.Language, ContextOf(turn, q))));
            if (question is not null)
            {
                beside.Add((question, part));
            }
            else
            {
                organisation ??= flow.Normaliser.OrganisationIn(answered, part, turn.Language);
            }
        }
        return beside.Count > 0 ? (beside, organisation) : null;
    }
    private const string Partners = "partners";

    /// <summary>
    /// "sou a joana costa da AMI" at the name, then "AMI" at the organisation: the name loses "da AMI" (it kept it, no kind of
    /// organisation read after "da"), said as a correction of the name.
    /// </summary>
    private async Task NameWithoutOrganisationAsync(Turn turn, Answer organisation, CancellationToken cancellationToken)
    {
        if (turn.Practice is not { } practice || flow.Find(ContactName) is not { } nameQuestion
            || practice.Answers.FirstOrDefault(a => a.QuestionId == ContactName) is not { } name
            || flow.AnswerText.Show(nameQuestion, name, turn.Language) is not { Length: > 0 } shownName
            || flow.Normaliser.NameWithoutOrganisation(nameQuestion, shownName, flow.AnswerText.Show(flow.Find(ContactOrganisation)!, organisation, turn.Language), turn.Language) is not { } cut)
        {
            return;
        }
        var outcome = await flow.Intake.UpdateAsync(practice.Id, p => flow.Intake.RecordAnswer(p, ContactName, cut, turn.Language, turn.Actor, typed: null), cancellationToken);
        if (outcome.Stored)
        {
            turn.Practice = await flow.Intake.LoadAsync(practice.Id, cancellationToken);
            var stored = turn.Practice.Answers.First(a => a.QuestionId == ContactName);
            turn.Say(flow.Text(ConversationMessageKeys.Corrected, turn.Language, ("question", nameQuestion.Label.In(turn.Language)),
                ("value", flow.AnswerText.Show(nameQuestion, stored, turn.Language))));
        }
    }
    private const string Title = "title";

    /// <summary>
    /// The single-choice question asked next after the one-line text <paramref name="answered"/>, when the last part of the
    /// answer, after a comma, a spaced dash or in brackets, reads there as one option as it is (no guess, not "Other"):
    /// "Cork County Council, local authority", "Comune di Roma (ente locale)"; with the name before it and that option.
    /// </summary>
    private (Question Question, string Name, SuggestedAnswer Kind)? KindJoinedTo(Turn turn, Question answered, string text)
    {
        if (answered.Type != QuestionType.Text || text.Contains('\n', StringComparison.Ordinal)
            || (ReturnTo(turn, answered) ?? flow.NextOpen(turn, flow.IndexOf(answered))) is not { Type: QuestionType.Choice } next || next.Id == answered.Id)
        {
            return null;
        }
        var trimmed = text.Trim().TrimEnd('.');
        int cut;
        string part;
        if (trimmed.EndsWith(')') && trimmed.LastIndexOf('(') is > 0 and var open)
        {
            (cut, part) = (open, trimmed[(open + 1)..^1]);
        }
        else
        {
            var separator = new[] { trimmed.LastIndexOf(','), trimmed.LastIndexOf(" - ", StringComparison.Ordinal), trimmed.LastIndexOf(" – ", StringComparison.Ordinal) }.Max();
            if (separator <= 0)
            {
                return null;
            }
            cut = separator;
            part = trimmed[(separator + 1)..].TrimStart('-', '–');
        }
        var name = trimmed[..cut].Trim().TrimEnd(',', '-', '–').Trim();
        part = part.Trim();
        if (name.Length == 0 || part.Length == 0 || TextKey.Words(part).Length > 4)
        {
            return null;
        }
        var read = flow.Normaliser.Normalise(next.Id, part, turn.Language, ContextOf(turn, next));
        if (read is not { Ok: true, OtherText: null, NeedsConfirmation: false, Declined: false, Warnings.Count: 0 }
            || read.Value is not System.Text.Json.Nodes.JsonValue code || code.GetValue<string>() == "other")
        {
            return null;
        }
        return (next, name, new SuggestedAnswer(part, flow.AnswerText.Show(next, read.Value, turn.Language)));
    }

    /// <summary>
    /// The question <see cref="MoveOn"/> would ask after <paramref name="kept"/>, when <paramref name="text"/> is a clear
    /// answer to it and no answer to <paramref name="kept"/> but more words for "Other": the next question checks what it
    /// is given (a choice without "Other", a date, a number, a region, an address: never free text, which takes anything,
    /// a rephrasing too), accepts it without a guess to confirm, and <paramref name="kept"/> would not take it as an option.
    /// </summary>
    public Question? AnswersTheNextQuestion(Turn turn, Question kept, string text)
    {
        var next = ReturnTo(turn, kept) ?? flow.NextOpen(turn, flow.IndexOf(kept));
        if (next is null || next.Id == kept.Id || next.Type is QuestionType.Text or QuestionType.Longtext)
        {
            return null;
        }
        var again = flow.Normaliser.Normalise(kept.Id, text, turn.Language, ContextOf(turn, kept));
        if (again.Ok && again.OtherText is null)
        {
            return null; // an option of the kept question: the contributor corrects it
        }
        var there = flow.Normaliser.Normalise(next.Id, text, turn.Language, ContextOf(turn, next));
        if (next.IsChoice && again.Ok && OnlyOther(again.Value) && there is { Ok: true, NeedsConfirmation: true, Declined: false, OtherText: null })
        {
            // Session 48's Cretan official: "συγχρηματοδοτουμε και συμμετεχουμε στη διοικουσα επιτροπη" (no accents: a guess at the
            // regional authority's role) at the lead's kind's Other confirmation replaced "Τοπική αρχή" with itself under Other.
            // Words naming nothing here that the next choice can only guess at are its answer: the guess is asked there.
            return next;
        }
        // The one warning a reading with words under Other carries is that Other's "confirm it" (session 47's Vienna run:
        // "Neuzugewanderte aus Drittstaaten und EU-Bürger, Asylberechtigte" at the areas' Other confirmation replaced the areas'
        // Other, and the target groups were lost): any other warning says the reading is not clear.
        if (there is not { Ok: true, NeedsConfirmation: false, Declined: false } || there.Warnings.Count > (there.OtherText is null ? 0 : 1))
        {
            return null;
        }
        // "migranti regolari e richiedenti asilo, anche minori non accompagnati" at the areas' Other confirmation (session 44:
        // it replaced the areas as "Other"): words naming none of this choice's options that read as the next choice's options,
        // a word or so left for its Other, are the next answer too (its Other then asked there).
        return there.OtherText is null
            || (next.IsChoice && again.Ok && OnlyOther(again.Value) && NamesAnOption(there.Value)
                && TextKey.Words(there.OtherText).Length * 3 <= TextKey.Words(text).Length) ? next : null;
    }

    /// <summary>
    /// The next question, a choice, when <paramref name="text"/> (typed where <paramref name="kept"/>'s words under "Other" wait
    /// to be confirmed) names none of <paramref name="kept"/>'s options but some of that choice's, with more words left for its
    /// Other than <see cref="AnswersTheNextQuestion"/> takes as a clear answer: a reply past the offer, to be asked about,
    /// never more words for <paramref name="kept"/>'s Other. Null otherwise.
    /// </summary>
    public Question? NamesTheNextChoice(Turn turn, Question kept, string text)
    {
        var next = ReturnTo(turn, kept) ?? flow.NextOpen(turn, flow.IndexOf(kept));
        if (next is not { IsChoice: true } || next.Id == kept.Id || !kept.IsChoice)
        {
            return null;
        }
        var again = flow.Normaliser.Normalise(kept.Id, text, turn.Language, ContextOf(turn, kept));
        var there = flow.Normaliser.Normalise(next.Id, text, turn.Language, ContextOf(turn, next));
        return again.Ok && OnlyOther(again.Value) && there is { Ok: true, Declined: false } && NamesAnOption(there.Value) ? next : null;
    }

    /// <summary>
    /// The open long text just before or just after the long text <paramref name="current"/> whose label the answer opens with
    /// (its first word that is no filler shares a stem with a word of that label, none of the current one's): sv "fortsätter
    /// med egen budget" at the transferability ("Hur den fortsätter efter den första finansieringen" comes next), fr
    /// "objectifs : favoriser l'accès à l'emploi" at the context. Twelve words at most, one line; offered there, never
    /// assumed (no keeps it here). Null otherwise.
    /// </summary>
    public Question? NeighbourLongTextNamed(Turn turn, Question current, string text)
    {
        if (current.Type != QuestionType.Longtext || text.Contains('\n', StringComparison.Ordinal) || TextKey.Words(text) is not { Length: > 0 and <= 12 } words)
        {
            return null;
        }
        var language = turn.Language;
        var fillers = flow.Normaliser.Words.For(language).Fillers;
        var first = Enumerable.Range(0, words.Length).FirstOrDefault(i => fillers.LongestAt(words, i) == 0 && words[i].Length >= 3, -1);
        if (first < 0)
        {
            return null;
        }
        var stem = WordStemmer.Stem(words[first], language);
        // A word of one label only ("fortsätter", "Objectifs"): "region", "funding", "organisation" name several questions.
        bool InLabel(Question question) => TextKey.Words(question.Label.In(language))
            .Any(word => word.Length >= 3 && fillers.LongestAt([word], 0) == 0 && WordStemmer.Stem(word, language) == stem);
        if (flow.Questions.Count(InLabel) != 1 || InLabel(current))
        {
            return null;
        }
        bool Names(Question question) => InLabel(question);
        var at = flow.IndexOf(current);
        foreach (var neighbour in new[] { at + 1, at - 1 }.Where(i => i >= 0 && i < flow.Questions.Count).Select(i => flow.Questions[i]))
        {
            if (neighbour.Type == QuestionType.Longtext && !flow.IsAnswered(turn, neighbour) && Names(neighbour))
            {
                return neighbour;
            }
        }
        return null;
    }

    /// <summary>
    /// The long-text question <see cref="MoveOn"/> would ask after the choice question <paramref name="kept"/>, when
    /// <paramref name="text"/> (four words at least) would keep words under "Other" there and reads as prose: it names none
    /// of <paramref name="kept"/>'s options, or it ends a sentence ("Lotsen begleiten Neuzugewanderte bei Behördengängen.").
    /// </summary>
    public Question? ReadsAsTheNextLongText(Turn turn, Question kept, string text)
    {
        if (!kept.IsChoice || TextKey.Words(text).Length < 4)
        {
            return null;
        }
        var next = ReturnTo(turn, kept) ?? flow.NextOpen(turn, flow.IndexOf(kept));
        if (next is not { Type: QuestionType.Longtext } || next.Id == kept.Id)
        {
            return null;
        }
        var there = flow.Normaliser.Normalise(kept.Id, text, turn.Language, ContextOf(turn, kept));
        if (!there.Ok)
        {
            // "molti migranti non si rivolgono ai centri per l'impiego per problemi di lingua" at the target groups (session
            // 41): a sentence of six words or more refused there, no guess to offer, is prose: the next long text, offered
            // (it was refused and the target groups asked again; the objectives typed next then replaced them).
            return TextKey.Words(text).Length >= 6 && !there.NeedsConfirmation ? next : null;
        }
        var namesAnOption = there.Value switch
        {
            System.Text.Json.Nodes.JsonArray codes => codes.Any(code => code?.GetValue<string>() != "other"),
            System.Text.Json.Nodes.JsonValue code => code.GetValue<string>() != "other",
            _ => false,
        };
        var endsASentence = text.TrimEnd() is [.., '.' or '!'];
        // Four words or more kept under Other are a clause, not a group the list lacks ("aumentare l'accesso ai servizi per
        // l'impiego" beside "migranti").
        var keepsAClause = there.OtherText is { } kept2 && TextKey.Words(kept2).Length >= 4;
        return there.Ok && there.OtherText is not null && (!namesAnOption || endsASentence || keepsAClause) && !there.NeedsConfirmation ? next : null;
    }

    /// <summary>
    /// The options offered for a name that means several ("ΤΑΜΕ και ΕΣΠΑ": AMIF with ESF+, or AMIF with ERDF) narrowed by
    /// what the contributor typed instead of picking one ("ΕΚΤ+"): the options all of them share, with the ones typed.
    /// Null when the text names none of the options that tell them apart, or anything else: then it is a new answer.
    /// </summary>
    public string? NarrowedChoice(Turn turn, Question question, CandidateConfirmation offered, string text)
    {
        if (question.Type != QuestionType.Multi || offered.Candidates.Count < 2)
        {
            return null;
        }
        var typed = flow.Normaliser.Normalise(question.Id, text, turn.Language, ContextOf(turn, question));
        if (typed is not { Ok: true, OtherText: null, NeedsConfirmation: false } || typed.Value is not System.Text.Json.Nodes.JsonArray array)
        {
            return null;
        }
        var named = array.Select(code => code?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var options = offered.Candidates.Select(c => c.Answer.Split(", ")).ToList();
        var everyOption = options.SelectMany(codes => codes).Distinct(StringComparer.Ordinal).ToList();
        var shared = everyOption.Where(code => options.All(codes => codes.Contains(code))).ToHashSet(StringComparer.Ordinal);
        if (!named.IsSubsetOf(everyOption) || !named.Any(code => !shared.Contains(code)))
        {
            return null;
        }
        return string.Join(", ", everyOption.Where(code => shared.Contains(code) || named.Contains(code)));
    }

    /// <summary>
    /// After an answer: the next of the questions named with it ("the dates": the end date after the start date), then back
    /// to where "change N" was typed, else the next open question.
    /// </summary>
    public void MoveOn(Turn turn, Question answered)
    {
        turn.Progress.ThenAsk.Remove(answered.Id);
        if (NamedWith(turn, answered) is { } named)
        {
            flow.Ask(turn, named);
            return;
        }
        var back = ReturnTo(turn, answered);
        turn.Progress.ReturnTo = null;
        if (flow.IsBackForChanges(turn))
        {
            // A change asked for by a researcher (return43: "αλλαγή 23" and the amount went back to question 11, an optional
            // one skipped before, and "submit" was never offered): "send it back now?"; a no says how to change another.
            flow.Confirm(turn, new SubmitConfirmation());
            return;
        }
        if (back is not null && flow.OpenedBy(turn, answered) is { } opened)
        {
            // "change 10" at the partners, the role "none" made funding: its details, not asked before, are asked now, then
            // back to where the change was typed.
            turn.Progress.ReturnTo = back.Id;
            flow.Ask(turn, opened);
            return;
        }
        if (back is not null)
        {
            flow.Ask(turn, back);
            return;
        }
        // Words typed for the next question and offered there from another one, passed over (ConversationProgress.OfferedAhead:
        // "ca. 2500 pro Jahr" at the situation, offered at the people reached), come first: a number in the results read there
        // was offered instead, and the 2,500 the contributor typed for it was never offered again (session 47's Vienna run).
        if (flow.NextOpen(turn, flow.IndexOf(answered)) is { } next && turn.Progress.OfferedAhead?.ContainsKey(next.Id) != true
            && PastedEarlier(turn, next) is var (fact, read))
        {
            // "Started in March 2019; budget €120.000 a year, co-funded by AMIF" at the start date: the facts after the semicolon
            // were kept in the start date's words only, and their questions asked blank. Each is offered when its question
            // comes (asked, never assumed: yes takes it, another answer replaces it).
            flow.Ask(turn, next);
            flow.Confirm(turn, new CandidateConfirmation(next.Id, fact, [read],
                flow.Text(ConversationMessageKeys.PastedEarlier, turn.Language, ("text", fact), ("value", read.Display))));
            return;
        }
        if (flow.NextOpen(turn, flow.IndexOf(answered)) is { Type: QuestionType.Integer } count && turn.Progress.OfferedAhead?.ContainsKey(count.Id) != true
            && PastedEarlier(turn, count, households: true) is var (families, _))
        {
            // "στηρίξαμε 300 οικογένειες" in the results: families, no number of people to offer (lang53: offered as 300
            // people); said where the people are asked.
            flow.Ask(turn, count);
            flow.MentionHouseholds(turn, families);
            return;
        }
        flow.AskNext(turn, flow.IndexOf(answered));
    }

    /// <summary>
    /// A fact pasted after a semicolon into an earlier answer that takes one value (not a text, where a semicolon is the
    /// contributor's own), or after a comma closing a date, read at <paramref name="next"/> as it is: the fact's words and the value shown; null when none reads.
    /// </summary>
    private (string Fact, SuggestedAnswer Read)? PastedEarlier(Turn turn, Question next, bool households = false)
    {
        // Never the consent: it is given where it is asked ("sorry, beginn war schon aug. 2021, nicht sept." offered its "nicht
        // sept." there as a no, and a hurried "ja" to that offer stored the refusal: chatplay46's German run).
        if (turn.Practice is not { } practice || next.Type is QuestionType.Text or QuestionType.Longtext or QuestionType.Yesno)
        {
            return null;
        }
        var before = flow.IndexOf(next);
        foreach (var earlier in practice.Answers)
        {
            if (flow.Find(earlier.QuestionId) is not { } question || flow.IndexOf(question) >= before
                || (question.Type is QuestionType.Text or QuestionType.Longtext && !next.ReadFrom.Contains(question.Id)))
            {
                continue;
            }
            // A long text the question reads from (the count reached, in the results: "environ 300 personnes par an") offers
            // the clause of its sentences that reads there; the text stays the long text's answer.
            var facts = question.Type is QuestionType.Longtext ? flow.Normaliser.ClausesWithDigits(earlier.Original)
                : question.Type is QuestionType.Date or QuestionType.DateOrOngoing
                ? flow.Normaliser.PastedFactsAfterDate(earlier.Original, turn.Language)
                : AmountBesideChoices(question, next, earlier.Original) is { } amounts
                ? [.. amounts.Where(amount => !IsACount(turn, amount))] // a number without its currency is no amount ("FSE 2021")
                : flow.Normaliser.PastedFacts(earlier.Original);
            // A date that is the whole long text was offered where it was typed (FactOfAnotherQuestion), and a no kept it there.
            var wholeDate = question.Type is QuestionType.Longtext && next.Type is QuestionType.Date;
            foreach (var fact in facts.Where(fact => !OpensWithNegation(turn, fact)
                && !(wholeDate && TextKey.Words(fact).Length == TextKey.Words(earlier.Original).Length)))
            {
                var read = flow.Normaliser.Normalise(next.Id, fact, turn.Language, ContextOf(turn, next));
                if (households)
                {
                    // Families alone at the count (flag count_households): the words, with nothing to offer.
                    if (read.Flags.Any(f => f.Reason == FlagReasons.CountHouseholds))
                    {
                        return (fact, new SuggestedAnswer(fact, fact));
                    }
                    continue;
                }
                if (ReadsAsItIs(read) && read.Value is not (null or System.Text.Json.Nodes.JsonArray { Count: 0 })
                    && !(question.Type is QuestionType.Longtext && read.Value is System.Text.Json.Nodes.JsonValue number && IsAYear(number, fact)))
                {
                    return (fact, new SuggestedAnswer(fact, flow.AnswerText.Show(next, read.Value, turn.Language)));
                }
            }
        }
        return null;
    }

    /// <summary>A since-word of the chat's language ("desde", "seit", "since") opening a text with one word of digits ("22/23").</summary>
    private bool SinceOneTerm(Turn turn, string text)
    {
        var words = TextKey.Words(text);
        return System.Text.RegularExpressions.Regex.Count(text, @"\d+(?:\s?[/-]\s?\d+)?") == 1
            && flow.Normaliser.Questionnaire.Vocabulary.DateSince.In(turn.Language).Any(since => TextKey.Words(since) is { Length: > 0 } key
                && words.Length > key.Length && key.SequenceEqual(words[..key.Length]));
    }

    /// <summary>
    /// Whether a pasted fact opens with a negation of the chat's language ("nicht sept.", "not 2021", "no Huesca"): what a
    /// correction replaced, kept in its words, no fact to offer.
    /// </summary>
    private bool OpensWithNegation(Turn turn, string fact) =>
        TextKey.Words(fact) is [var first, ..] && flow.Normaliser.Questionnaire.Vocabulary.Negations.In(turn.Language)
            .Concat(flow.Normaliser.Questionnaire.Vocabulary.InsteadOf.In(turn.Language)).Any(word => TextKey.Words(word) is [var negation] && negation == first);

    /// <summary>
    /// The one clause with digits of a choice's answer, where an amount is asked next ("FAMI + fonds régionaux, à peu près
    /// 450 000 € par an" at the funding: the amount was left out of the choices, see <c>ChoiceMatcher.WithoutAmountParts</c>);
    /// null when the question is no choice or the amount is not asked; none when several clauses hold digits ("FSE+ 1,5 M€,
    /// Région 200 000 €": each a source's share, no total).
    /// </summary>
    private IReadOnlyList<string>? AmountBesideChoices(Question question, Question next, string original) =>
        !question.IsChoice || next.Type != QuestionType.MoneyEur ? null
        : flow.Normaliser.ClausesWithDigits(original) is { Count: 1 } one ? one : [];

    /// <summary>Whether <paramref name="text"/> reads where a count is asked (a number with no currency).</summary>
    private bool IsACount(Turn turn, string text) =>
        flow.Questions.FirstOrDefault(q => q.Type == QuestionType.Integer) is { } count
        && flow.Normaliser.Normalise(count.Id, text, turn.Language, ContextOf(turn, count)).Ok;

    /// <summary>
    /// Whether <paramref name="value"/>, read as a number, is a year as <paramref name="text"/> writes it: four digits from
    /// 1900 to 2100 with no group separator ("Caritas seit 2019", "Since 2019 the county runs it": no count of 2,019 people).
    /// </summary>
    private static bool IsAYear(System.Text.Json.Nodes.JsonValue value, string text) =>
        value.TryGetValue<long>(out var number) && number is >= DateParser.MinYear and <= DateParser.MaxYear
        && System.Text.RegularExpressions.Regex.IsMatch(Digits.ToAscii(text),
            $@"(?<![\d.,])\b{number}\b(?![.,]?\d)");

    /// <summary>
    /// The open e-mail, phone or website question that <paramref name="text"/>, typed at a text question, answers by itself: an
    /// e-mail address, a phone number with no letters around it (a title may hold digits: "Projekt 2025-2027" is a title), or
    /// a web address alone (also at a description's question).
    /// </summary>
    internal Question? AddressOfAnotherQuestion(Turn turn, Question asked, string text)
    {
        if (asked.Type is not (QuestionType.Text or QuestionType.Longtext))
        {
            return null;
        }
        var trimmed = text.Trim();
        var oneWord = !trimmed.Contains(' ', StringComparison.Ordinal);
        var hasAt = trimmed.Contains('@', StringComparison.Ordinal);
        QuestionType? type =
            // A web address alone ("www.tirol.gv.at/sprachcafe") is no name, title or description either: the website's answer.
            oneWord && !hasAt && (trimmed.StartsWith("www.", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                || trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) ? QuestionType.Url
            : asked.Type != QuestionType.Text ? null
            : oneWord && hasAt ? QuestionType.Email
            : text.Count(char.IsAsciiDigit) >= 6 && !text.Any(char.IsLetter) ? QuestionType.Phone
            : null;
        if (type is null)
        {
            return null;
        }
        return flow.Questions.FirstOrDefault(q => q.Type == type && !flow.IsAnswered(turn, q)
            && flow.Normaliser.Normalise(q.Id, text, turn.Language, ContextOf(turn, q)) is { Ok: true, NeedsConfirmation: false, Warnings.Count: 0 });
    }

    /// <summary>
    /// Where the flow goes after <paramref name="answered"/> before the next open question: the next question named with it,
    /// else the question "change N" was typed at, when it is another one and still open.
    /// </summary>
    private Question? ReturnTo(Turn turn, Question answered) => NamedWith(turn, answered)
        ?? (turn.Progress.ReturnTo is { } returnTo && returnTo != answered.Id && flow.Find(returnTo) is { } back && !flow.IsAnswered(turn, back)
            && !flow.NotAsked(turn, back) ? back : null);

    /// <summary>
    /// The next question named together with <paramref name="answered"/> that is still to be asked, answered or not; only for
    /// the question on screen (a correction of another one comes back to the question on screen first).
    /// </summary>
    private Question? NamedWith(Turn turn, Question answered) => turn.Progress.QuestionId != answered.Id ? null
        : turn.Progress.ThenAsk.Where(id => id != answered.Id).Select(flow.Find).FirstOrDefault(question => question is not null);

    /// <summary>
    /// What a refused answer is told: the normaliser's reason, but a second "I don't know" in a row at the same required question
    /// ("boh", then "nn so") is not told the same reassurance word for word: it is offered the pause, to come back once they know,
    /// or the closest answer for now and the change command (<c>bot.unsure_again</c>).
    /// </summary>
    private string Refusal(Turn turn, Question question, string? error) => UnsureRefusal(turn, question, error).Text;

    /// <summary>
    /// <see cref="Refusal"/>, and at a third "I don't know" in a row there a short word that the question is left open, with the
    /// change command to come back (<c>bot.unsure_left_open</c>): <c>LeftOpen</c> says so, and the caller moves on.
    /// </summary>
    private (string Text, bool LeftOpen) UnsureRefusal(Turn turn, Question question, string? error)
    {
        var unsure = error is not null && error == flow.Text(Regin.Core.Localisation.MessageKeys.RequiredUnsure, turn.Language);
        var again = unsure && turn.Progress.UnsureAt == question.Id;
        var third = again && turn.Progress.UnsureAgainAt == question.Id;
        turn.Progress.UnsureAt = unsure && !third ? question.Id : null;
        turn.Progress.UnsureAgainAt = again && !third ? question.Id : null;
        var change = flow.CommandWord(Commands.CommandNames.Change, turn.Language);
        var number = flow.IndexOf(question) + 1;
        return third ? (flow.Text(ConversationMessageKeys.UnsureLeftOpen, turn.Language, ("question", question.Label.In(turn.Language)), ("change", change), ("number", number)), true)
            : again ? (flow.Text(ConversationMessageKeys.UnsureAgain, turn.Language, ("pause", flow.CommandWord(Commands.CommandNames.Pause, turn.Language)),
                ("change", change), ("number", number)), false)
            : (error ?? flow.Text(ConversationMessageKeys.Error, turn.Language), false);
    }

    /// <summary>What an answer to <paramref name="question"/> is normalised against: the draft's other answers, the turn's day.</summary>
    internal static NormalisationContext ContextOf(Turn turn, Question question)
    {
        var today = DateOnly.FromDateTime(turn.Now.UtcDateTime);
        return turn.Practice is null ? NormalisationContext.Empty with { Today = today } : IntakeService.ContextOf(turn.Practice, question.Id, today);
    }
}

/// <summary>No "did you mean …?" (the normaliser offers no candidates).</summary>
public sealed class NoAnswerCandidates : IAnswerCandidateFinder
{
    public IReadOnlyList<SuggestedAnswer> Find(Question question, NormalisedAnswer answer, string language) => [];
}
