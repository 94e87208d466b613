using Humanizer;
using Regin.Core.Conversation.Commands;
using Regin.Core.Intake;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Normalisation.Matching;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;

namespace Regin.Core.Conversation;

/// <summary>
/// Where the conversation goes and what it says about it: the question on screen, the next open one, greetings,
/// the summary, the engine's own yes/no questions. Shared by the engine and the command handlers.
/// </summary>
public sealed class ConversationFlow(IntakeService intake, AnswerNormaliser normaliser, Texts texts, AnswerText answerText)
{
    // Built once per questionnaire (the flow is made for every turn; building it was 2% of a chat turn).
    private readonly Dictionary<string, int> _index = Indexes.GetValue(normaliser.Questionnaire,
        questionnaire => questionnaire.Questions.Select((q, i) => (q.Id, i)).ToDictionary(x => x.Id, x => x.i));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<QuestionnaireDefinition, Dictionary<string, int>> Indexes = new();

    // The yes, no and thanks words of every language, folded once per questionnaire: every message is read against them
    // (a thanks alone, a yes or no), and folding some 500 words a message was a tenth of the engine's own work.
    private readonly FoldedYesNo _yesNo = YesNoWords.GetValue(normaliser.Questionnaire, questionnaire => new FoldedYesNo(questionnaire.Vocabulary));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<QuestionnaireDefinition, FoldedYesNo> YesNoWords = new();

    /// <summary>The vocabulary's yes, no and sign-off words of all languages, folded (<see cref="TextKey.Fold"/>).</summary>
    private sealed class FoldedYesNo(Questionnaire.Vocabulary vocabulary)
    {
        public HashSet<string> Yes { get; } = vocabulary.Yes.All.Select(TextKey.Fold).ToHashSet(StringComparer.Ordinal);

        public HashSet<string> No { get; } = vocabulary.No.All.Select(TextKey.Fold).ToHashSet(StringComparer.Ordinal);

        /// <summary>The yes and no words of each language, folded.</summary>
        public Dictionary<string, HashSet<string>> OwnYesNo { get; } = vocabulary.Yes.Keys.Concat(vocabulary.No.Keys).Distinct(StringComparer.OrdinalIgnoreCase)
            .ToDictionary(language => language, language => vocabulary.Yes.In(language).Concat(vocabulary.No.In(language)).Select(TextKey.Fold).ToHashSet(StringComparer.Ordinal),
                StringComparer.OrdinalIgnoreCase);

        /// <summary>In the vocabulary's order (the first that ends a message decides), none empty.</summary>
        public string[] SignOffs { get; } = vocabulary.SignOffs.All.Select(TextKey.Fold).Where(thanks => thanks.Length > 0).ToArray();

        /// <summary>"let's start", "iniziamo", "los geht's" of every language.</summary>
        public HashSet<string> Start { get; } = vocabulary.StartWords.All.Select(TextKey.Fold).Where(start => start.Length > 0).ToHashSet(StringComparer.Ordinal);

        /// <summary>"idem", "same as above", "pareil", "dito" of every language.</summary>
        public HashSet<string> Same { get; } = vocabulary.SameWords.All.Select(TextKey.Fold).Where(same => same.Length > 0).ToHashSet(StringComparer.Ordinal);
    }

    public QuestionnaireDefinition Questionnaire => normaliser.Questionnaire;

    public IReadOnlyList<Question> Questions => Questionnaire.Questions;

    public IntakeService Intake => intake;

    public AnswerNormaliser Normaliser => normaliser;

    public AnswerText AnswerText => answerText;

    public string Text(string key, string language, params (string Name, object? Value)[] arguments) => texts.Get(key, language, arguments);

    public Question Current(Turn turn) => (turn.Progress.QuestionId is { } id ? Find(id) : null) ?? Questions[0];

    public Question? Find(string id) => _index.TryGetValue(id, out var i) ? Questions[i] : null;

    public int IndexOf(Question question) => _index[question.Id];

    public bool IsAnswered(Turn turn, Question question) => turn.Practice?.Answers.Any(a => a.QuestionId == question.Id) ?? false;

    public bool IsOpen(Turn turn, Question question) => !IsAnswered(turn, question) && !turn.Progress.Skipped.Contains(question.Id) && !NotAsked(turn, question);

    /// <summary>
    /// An unanswered question the answers so far make senseless (<see cref="Question.SkipWhen"/>: the role's details after the
    /// role "none"): not asked, passed over by "back", shown as not asked in the summary. An answer it has is kept and shown.
    /// </summary>
    public bool NotAsked(Turn turn, Question question) =>
        question.SkipWhen is { } skip && !IsAnswered(turn, question)
        && turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == skip.Question) is { } answer && skip.HoldsOnly(answer.ValueJson);

    /// <summary>
    /// A question after <paramref name="answered"/> that its answer no longer makes senseless (the role changed from "none" to
    /// funding: its details), still to be asked; null when there is none.
    /// </summary>
    public Question? OpenedBy(Turn turn, Question answered) =>
        Questions.Skip(IndexOf(answered) + 1).FirstOrDefault(q => q.SkipWhen?.Question == answered.Id && IsOpen(turn, q));

    public IReadOnlyList<Question> Missing(Turn turn) =>
        turn.Practice is null ? Questions.Where(q => q.Required).ToList() : intake.Missing(turn.Practice);

    /// <summary>Where a returning contributor goes on: the question they were at, unless answered since; else the first open one.</summary>
    public Question ResumeQuestion(Turn turn)
    {
        if (PendingConfirmation.QuestionOf(turn.Progress.Pending) is { } waiting && Find(waiting) is { } confirming)
        {
            return confirming; // an answer waiting for its yes, left there (in this conversation or the one before)
        }
        var at = Find(turn.Progress.QuestionId ?? turn.Profile.QuestionId ?? "");
        if (at is not null && (turn.Progress.QuestionId is not null || IsOpen(turn, at)))
        {
            return at;
        }
        return Questions.FirstOrDefault(q => IsOpen(turn, q)) ?? Questions.FirstOrDefault(q => !IsAnswered(turn, q)) ?? Questions[^1];
    }

    public void AskCurrent(Turn turn) => Ask(turn, Current(turn));

    /// <summary>One question: progress and section, the label, the hint, "optional", the options.</summary>
    public void Ask(Turn turn, Question question)
    {
        var language = turn.Language;
        var number = IndexOf(question) + 1;
        var progress = texts.Get(ConversationMessageKeys.Progress, language, ("current", number), ("total", Questions.Count), ("section", SectionLabel(question, language)));
        var (kind, choices) = question.Type switch
        {
            QuestionType.Choice => (AnswerKind.SingleChoice, Options(question, language)),
            QuestionType.Multi => (AnswerKind.MultiChoice, Options(question, language)),
            QuestionType.Yesno => (AnswerKind.YesNo, (IReadOnlyList<ChoiceOption>)[new ChoiceOption("yes", YesWord(language), 1), new ChoiceOption("no", NoWord(language), 2)]),
            _ => (AnswerKind.Text, (IReadOnlyList<ChoiceOption>)[]),
        };
        turn.Progress.QuestionId = question.Id;
        turn.Profile.QuestionId = question.Id;
        turn.Say(new QuestionReply(question.Id, number, Questions.Count, progress, question.Label.In(language), question.Hint.In(language),
            question.Required ? null : texts.Get(ConversationMessageKeys.Optional, language), kind, choices,
            texts.Get(ConversationMessageKeys.SendAnswer, language)));
    }

    /// <summary>
    /// A question asked again by "back" or "change N", with its answer given before said; one left open past an offer (<c>bot.offer_left_open</c>: "Vous avez écrit
    /// plus haut : « 80 000 € par an »" passed over with prose at the budget) has that offer again, so a yes takes it.
    /// </summary>
    public void AskLeftOpen(Turn turn, Question question)
    {
        if (turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == question.Id) is { } answer)
        {
            // The answer given before, so the contributor sees what a new answer replaces ("keep" is a skip word: at an
            // answered question it keeps the answer and goes on; session 56: back showed the question bare). Said before the
            // question, so the question stays the last thing shown (its card is where the next answer goes).
            turn.Say(Text(ConversationMessageKeys.AnsweredBefore, turn.Language, ("value", AnswerText.Show(question, answer, turn.Language))));
        }
        Ask(turn, question);
        if (turn.Progress.Pending is null && !IsAnswered(turn, question) && turn.Progress.OfferedAhead?.ContainsKey(question.Id) == true
            && OfferedAhead(turn, question) is var (words, read))
        {
            Confirm(turn, new CandidateConfirmation(question.Id, words, [read],
                Text(ConversationMessageKeys.PastedEarlier, turn.Language, ("text", words), ("value", read.Display))));
        }
    }

    /// <summary>An optional question left without an answer: remembered as skipped, said, and the next one asked.</summary>
    public void Skip(Turn turn, Question question)
    {
        if (!turn.Progress.Skipped.Contains(question.Id))
        {
            turn.Progress.Skipped.Add(question.Id);
        }
        turn.Say(Text(ConversationMessageKeys.Skipped, turn.Language));
        AskNext(turn, IndexOf(question));
    }

    /// <summary>The next question without an answer after <paramref name="index"/>, then from the start; null when all are answered or skipped.</summary>
    public Question? NextOpen(Turn turn, int index) =>
        Questions.Skip(index + 1).FirstOrDefault(q => IsOpen(turn, q)) ?? Questions.FirstOrDefault(q => IsOpen(turn, q));

    /// <summary>A question asked, with what was said earlier for it offered (asked, never assumed: yes takes it, another
    /// answer replaces it).</summary>
    public void AskOffering(Turn turn, Question next)
    {
        Ask(turn, next);
        if (SaidEarlier(turn, next) is var (words, read))
        {
            Confirm(turn, new CandidateConfirmation(next.Id, words, [read],
                Text(ConversationMessageKeys.PastedEarlier, turn.Language, ("text", words), ("value", read.Display))));
        }
    }

    /// <summary>The next question without an answer after <paramref name="index"/> (then from the start); all answered: the summary and submit.</summary>
    public void AskNext(Turn turn, int index)
    {
        var next = NextOpen(turn, index);
        if (next is not null)
        {
            AskOffering(turn, next);
            return;
        }
        turn.Say(texts.Get(ConversationMessageKeys.AllAnswered, turn.Language));
        var missing = turn.Practice is null ? [] : intake.Missing(turn.Practice);
        if (missing.Count > 0)
        {
            turn.Say(texts.Get(ConversationMessageKeys.SubmitMissing, turn.Language, ("list", NumberedLabels(missing, turn.Language))));
            // A required question left open past its guess (session 46) comes back here: the guess offered again.
            AskOffering(turn, missing[0]);
            return;
        }
        turn.Say(Summary(turn));
        Confirm(turn, new SubmitConfirmation());
    }

    private const string LeadOrganisation = "lead_organisation";
    private const string ContactOrganisation = "contact_organisation";
    private const string OrganisationKind = "lead_organisation_type";
    private const string Partners = "partners";

    /// <summary>Whether the question is the partners' (a list: what is added to it is written as one, <see cref="AnswerNormaliser.PartnersList"/>).</summary>
    public static bool IsPartners(Question question) => question.Id == Partners;

    /// <summary>Whether the question asks for an organisation's name (the contributor's or the lead's).</summary>
    public static bool IsOrganisation(Question question) => question.Id is ContactOrganisation or LeadOrganisation;

    /// <summary>
    /// The words offered at <paramref name="next"/> from another question and passed over there
    /// (<see cref="ConversationProgress.OfferedAhead"/>), taken off the list, when they still read there as they are.
    /// </summary>
    private (string Words, SuggestedAnswer Read)? OfferedAhead(Turn turn, Question next)
    {
        if (turn.Progress.OfferedAhead is not { } waiting || !waiting.Remove(next.Id, out var words))
        {
            return null;
        }
        if (waiting.Count == 0)
        {
            turn.Progress.OfferedAhead = null;
        }
        if (CountsHouseholds(turn, next, words))
        {
            MentionHouseholds(turn, words);
            return null;
        }
        return ReadAsItIs(turn, next, words) ?? GuessOf(turn, next, words);
    }

    /// <summary>
    /// Whether <paramref name="words"/> read at the count <paramref name="question"/> as families alone ("300 οικογένειες",
    /// "environ 300 familles par an accompagnées": flag <c>count_households</c>): no number of people to offer (lang53: they
    /// were offered as 300 people).
    /// </summary>
    public bool CountsHouseholds(Turn turn, Question question, string words) =>
        question.Type == QuestionType.Integer
        && normaliser.Normalise(question.Id, words, turn.Language).Flags.Any(f => f.Reason == FlagReasons.CountHouseholds);

    /// <summary>The families typed earlier said after the count of people is asked, the people asked; kept to be the count's remark.</summary>
    public void MentionHouseholds(Turn turn, string words)
    {
        turn.Progress.HouseholdsSaid = words;
        turn.Say(Text(ConversationMessageKeys.HouseholdsEarlier, turn.Language, ("text", words)));
    }

    /// <summary>The one option guessed from <paramref name="words"/> at the choice <paramref name="question"/> ("fundng":
    /// Indirect: funding), where the contributor moved on past that guess (<c>AnswerRecorder.MovedOnFrom</c>); null otherwise.</summary>
    private (string Words, SuggestedAnswer Read)? GuessOf(Turn turn, Question question, string words)
    {
        if (!question.IsChoice)
        {
            return null;
        }
        var context = turn.Practice is { } practice ? IntakeService.ContextOf(practice, question.Id, DateOnly.FromDateTime(turn.Now.UtcDateTime)) : null;
        return normaliser.Normalise(question.Id, words, turn.Language, context) is { NeedsConfirmation: true, Candidates: [var guess] }
            ? (words, new SuggestedAnswer(NormaliserCandidates.AsText(guess.Value), guess.Display))
            : null;
    }

    /// <summary><paramref name="words"/> offered at <paramref name="question"/> when they read there as they are (no guess,
    /// nothing kept under Other, no decline, no warning): the words and the value shown; null otherwise.</summary>
    private (string Words, SuggestedAnswer Read)? ReadAsItIs(Turn turn, Question question, string words)
    {
        var context = turn.Practice is { } practice ? IntakeService.ContextOf(practice, question.Id, DateOnly.FromDateTime(turn.Now.UtcDateTime)) : null;
        var read = normaliser.Normalise(question.Id, words, turn.Language, context);
        return read is { Ok: true, OtherText: null, NeedsConfirmation: false, Declined: false } && (read.Warnings.Count == 0 || read.OnlyRemarks)
            && read.Value is not (null or System.Text.Json.Nodes.JsonArray { Count: 0 })
            ? (words, new SuggestedAnswer(words, AnswerText.Show(question, read.Value, turn.Language)))
            : null;
    }

    /// <summary>
    /// What an organisation's answer said beside its name, offered when the question it answers comes: the partners after "we"
    /// at the lead organisation ("nous (CPAS) avec le CRIPEL": "CRIPEL" at the partners), and the kind of organisation its
    /// self-description names ("Verein Integrationshaus, wir sind eine NGO in wien": NGO at the lead organisation's type, when
    /// the lead is the contributor's own organisation). Session 43: the words were left out of the name and the questions
    /// asked blank. Null when nothing reads.
    /// </summary>
    private (string Words, SuggestedAnswer Read)? SaidEarlier(Turn turn, Question next)
    {
        if (turn.Progress.Pending is null && OfferedAhead(turn, next) is { } offered)
        {
            return offered;
        }
        if (turn.Practice is not { } practice || turn.Progress.Pending is not null)
        {
            return null;
        }
        if (next.Type == QuestionType.Region)
        {
            return PlaceAfterName(turn, practice, next) ?? PlaceAtTheCountry(turn, practice, next) ?? PlaceInOrganisation(turn, practice, next);
        }
        if (practice.Answers.FirstOrDefault(a => a.QuestionId == LeadOrganisation) is not { } lead)
        {
            return null;
        }
        if (next.Id == Partners)
        {
            return PartnersSaidEarlier(practice, turn.Language) is { } partners ? (partners, new SuggestedAnswer(partners, partners)) : null;
        }
        if (next.Id != OrganisationKind)
        {
            return null;
        }
        var contact = practice.Answers.FirstOrDefault(a => a.QuestionId == ContactOrganisation);
        var sources = contact is not null && contact.ValueJson == lead.ValueJson ? new[] { lead, contact } : [lead];
        foreach (var source in sources)
        {
            if (normaliser.SelfDescription(source.QuestionId, source.Original, turn.Language) is { } description
                && KindIn(description) is { } kind)
            {
                return (description, kind);
            }
        }
        return null;

        // The description as it is, or its first run of up to three words that reads as one option ("eine NGO in wien": NGO).
        SuggestedAnswer? KindIn(string description)
        {
            var spans = TextKey.WordSpans(description);
            var context = IntakeService.ContextOf(practice, next.Id, DateOnly.FromDateTime(turn.Now.UtcDateTime));
            foreach (var length in new[] { spans.Count, 3, 2, 1 }.Where(n => n <= spans.Count).Distinct())
            {
                for (var start = 0; start + length <= spans.Count; start++)
                {
                    var part = description[spans[start].Start..spans[start + length - 1].End];
                    var read = normaliser.Normalise(next.Id, part, turn.Language, context);
                    if (read is { Ok: true, OtherText: null, NeedsConfirmation: false, Declined: false }
                        && read.Value is System.Text.Json.Nodes.JsonValue code && code.GetValue<string>() != "other")
                    {
                        return new SuggestedAnswer(part, AnswerText.Show(next, read.Value, turn.Language));
                    }
                }
            }
            return null;
        }
    }

    /// <summary>
    /// The partners named with the lead organisation ("Cope Galway with support from the HSE"), or at its type ("wir machen das
    /// gemeinsam mit der Caritas und dem ISOP, die Stadt zahlt": session 51, lost), as a list ("Caritas, ISOP"); null when none.
    /// </summary>
    private string? PartnersSaidEarlier(Practice practice, string language)
    {
        string? From(string questionId) => practice.Answers.FirstOrDefault(a => a.QuestionId == questionId) is { } answer
            ? normaliser.OrganisationAndPartners(LeadOrganisation, answer.Original, language)?.Partners
            : null;
        return (From(LeadOrganisation) ?? From(OrganisationKind)) is { } said ? normaliser.PartnersList(said, language) : null;
    }

    /// <summary>
    /// Whether an offer of words typed earlier waits for <paramref name="question"/> (kept ahead for it, or the partners named
    /// with the lead organisation), unanswered: a reply typed past another offer there does not pass it over.
    /// </summary>
    public bool HasOfferWaiting(Turn turn, Question question) =>
        turn.Practice is { } practice && !IsAnswered(turn, question)
        && (turn.Progress.OfferedAhead?.ContainsKey(question.Id) == true || question.Id == Partners && PartnersSaidEarlier(practice, turn.Language) is not null);

    /// <summary>
    /// The place typed after the contributor's name ("sou a marta ribeiro de braga", "ich bin Anna Keller aus Graz"), left out
    /// of the name, offered at the region when it reads there as one region (no guess, none abroad); null otherwise.
    /// </summary>
    private (string Words, SuggestedAnswer Read)? PlaceAfterName(Turn turn, Practice practice, Question region)
    {
        if (practice.Answers.FirstOrDefault(a => a.QuestionId == ContactName) is not { } name || Find(ContactName) is not { } asked
            || normaliser.PlaceAfterName(asked, name.Original, turn.Language) is not { } place)
        {
            return null;
        }
        return ReadAsItIs(turn, region, place);
    }

    private const string ContactName = "contact_name";

    /// <summary>The place typed at the country ("Evora, Alentejo", its country confirmed), offered at the region when it reads
    /// there as one region of that country; null otherwise (a country's own name reads as no region).</summary>
    private (string Words, SuggestedAnswer Read)? PlaceAtTheCountry(Turn turn, Practice practice, Question region) =>
        practice.Answers.FirstOrDefault(a => Find(a.QuestionId)?.Type == QuestionType.Country) is { Original: { Length: > 0 and <= 120 } typed }
            ? PlaceIn(turn, region, typed)
            : null;

    /// <summary>
    /// The place in the contributor's or the lead organisation's name ("Stadt Osnabrück", "Ayuntamiento de Zaragoza",
    /// "Cooperativa Al Azis di Palermo": session 46, the region was asked blank), offered at the region once the country is
    /// known: the whole name, else its last words (three, two, one), else its first (two, one), that read there as one region of
    /// that country as it is (no guess, no warning, not the whole country); null otherwise.
    /// </summary>
    private (string Words, SuggestedAnswer Read)? PlaceInOrganisation(Turn turn, Practice practice, Question region)
    {
        if (!practice.Answers.Any(a => Find(a.QuestionId)?.Type == QuestionType.Country))
        {
            return null;
        }
        foreach (var id in new[] { ContactOrganisation, LeadOrganisation })
        {
            if (practice.Answers.FirstOrDefault(a => a.QuestionId == id) is not { } organisation || Find(id) is not { } asked
                || AnswerText.Show(asked, organisation, turn.Language) is not { Length: > 0 and <= 120 } name)
            {
                continue;
            }
            if (PlaceIn(turn, region, name) is { } place)
            {
                return place;
            }
        }
        return null;
    }

    /// <summary>
    /// The place in an organisation's <paramref name="name"/> read at <paramref name="region"/>: the whole name, else its last
    /// words (three, two, one), else its first (two, one), that read there as one region of the practice's country as it is
    /// (no guess, no warning, not the whole country), never from a link word ("di Palermo": "Palermo"); null otherwise.
    /// </summary>
    public (string Words, SuggestedAnswer Read)? PlaceIn(Turn turn, Question region, string name)
    {
        var spans = TextKey.WordSpans(name);
        if (spans.Count == 0)
        {
            return null;
        }
        var tries = new List<string> { name };
        for (var length = Math.Min(3, spans.Count - 1); length >= 1; length--)
        {
            // Never a bracket opened before the place ("coop sociale Lai-momo (Bologna)": "Lai-momo (Bologna" was quoted).
            if (name[spans[^length].Start..].Trim().TrimEnd('.', ')') is var words && !words.Contains('(', StringComparison.Ordinal))
            {
                tries.Add(words);
            }
        }
        for (var length = Math.Min(2, spans.Count - 1); length >= 1; length--)
        {
            tries.Add(name[..spans[length - 1].End]);
        }
        var context = turn.Practice is { } practice ? IntakeService.ContextOf(practice, region.Id, DateOnly.FromDateTime(turn.Now.UtcDateTime)) : null;
        // Read in the chat's language, then in the country's own ("Landkreis Goettingen" in an English chat).
        var places = tries.Distinct(StringComparer.Ordinal).Where(place => place.Length > 0 && !(char.IsLower(place[0]) && place.Skip(1).Any(char.IsUpper))).ToList();
        foreach (var (language, place) in normaliser.WithCountryLanguages(turn.Language, context?.Country).SelectMany(language => places.Select(place => (language, place))))
        {
            var read = normaliser.Normalise(region.Id, place, language, context);
            if (read is { Ok: true, OtherText: null, NeedsConfirmation: false, Declined: false, Warnings.Count: 0 }
                && read.Value is System.Text.Json.Nodes.JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String
                && value.GetValue<string>().TrimEnd('0').Length > 2)
            {
                return (place, new SuggestedAnswer(place, AnswerText.Show(region, read.Value, turn.Language)));
            }
        }
        return null;
    }

    /// <summary>Greets (welcome, or welcome back with where they stopped) and asks the question they are at.</summary>
    public void Continue(Turn turn, bool greet)
    {
        var language = turn.Language;
        if (turn.Practice is { Answers.Count: > 0 })
        {
            var question = ResumeQuestion(turn);
            if (greet)
            {
                SayWelcomeBack(turn, question);
            }
            Ask(turn, question);
            if (turn.Progress.Pending is { } pending && PendingConfirmation.QuestionOf(pending) == question.Id)
            {
                // Asked again where it was left ("I did not recognise … please confirm it"): the next message answers it.
                Confirm(turn, pending);
            }
            else if (turn.Progress.Pending is null && !IsAnswered(turn, question) && SaidEarlier(turn, question) is var (words, read))
            {
                // Back in a new conversation (the offer waited in the one paused): offered again, so a yes still takes it
                // (session 44's Swedish run: "ja" was refused as no partners).
                Confirm(turn, new CandidateConfirmation(question.Id, words, [read],
                    Text(ConversationMessageKeys.PastedEarlier, turn.Language, ("text", words), ("value", read.Display))));
            }
            return;
        }
        if (greet)
        {
            turn.Say(new MessageReply([new TextPart(texts.Get(ConversationMessageKeys.Welcome, language)), new TextPart(texts.Get(ConversationMessageKeys.Commands, language))], []));
        }
        // The draft itself is started with the first answer, so a greeting alone leaves nothing in the database.
        Ask(turn, turn.Progress.QuestionId is { } id && Find(id) is { } current ? current : Questions[0]);
    }

    /// <summary>"Welcome back! You stopped 3 days ago at question 12 (section). 19 questions to go."</summary>
    public void SayWelcomeBack(Turn turn, Question question)
    {
        var language = turn.Language;
        var lastSeen = turn.Profile.LastSeenAt ?? turn.Practice?.UpdatedAt ?? turn.Now;
        // Under a minute reads "You stopped now at", "Sie haben jetzt bei Frage 15 aufgehört", "Se detuvo ahora en" (chatplay46):
        // a minute ago, as every language says it.
        if (turn.Now - lastSeen < TimeSpan.FromMinutes(1))
        {
            lastSeen = turn.Now - TimeSpan.FromMinutes(1);
        }
        var left = Questions.Count(q => IsOpen(turn, q));
        var remaining = texts.Get(left == 1 ? ConversationMessageKeys.RemainingOne : ConversationMessageKeys.Remaining, language, ("count", left));
        turn.Say(texts.Get(ConversationMessageKeys.WelcomeBack, language,
            ("ago", lastSeen.Humanize(turn.Now, Texts.Culture(language))),
            ("current", IndexOf(question) + 1),
            ("section", SectionLabel(question, language)),
            ("remaining", remaining)));
    }

    /// <summary>
    /// The practice is back with its contributor after a researcher's request (needs_changes) and has every required answer:
    /// what they change is all that is asked, the optional questions they skipped are not asked again, and each change ends
    /// with "send it back now?".
    /// </summary>
    public bool IsBackForChanges(Turn turn) =>
        turn.Practice is { Status: PracticeStatus.NeedsChanges } && Missing(turn).Count == 0;

    /// <summary>
    /// A contributor back at a practice a researcher asked changes to (return43): the request first, quoted as the researcher
    /// wrote it, with the questions it names and their answers as they are now; then how to change an answer and send it back.
    /// </summary>
    public void SayChangesRequested(Turn turn, ChangeRequest request)
    {
        var language = turn.Language;
        turn.Say(texts.Get(ConversationMessageKeys.ChangesRequestedBack, language,
            ("date", request.At.ToString("M", Texts.Culture(language))),
            ("reference", turn.Practice?.Reference),
            ("message", request.Message.Trim())));
        SayNamedQuestions(turn, request.Message);
    }

    /// <summary>"Named in the request: 23. Budget: 80,000 €" for each question the researcher's words name by its number.</summary>
    public void SayNamedQuestions(Turn turn, string message)
    {
        var named = NamedQuestions(message);
        if (named.Count == 0)
        {
            return;
        }
        var language = turn.Language;
        var answers = turn.Practice?.Answers.ToDictionary(a => a.QuestionId) ?? [];
        var lines = named.Select(q => $"{IndexOf(q) + 1}. {q.Label.In(language)}"
            + (answers.TryGetValue(q.Id, out var a) ? ": " + answerText.Show(q, a, language, Beside(turn.Practice!, a)) : ""));
        turn.Say(texts.Get(ConversationMessageKeys.ChangesRequestedQuestions, language, ("list", string.Join("\n", lines))));
    }

    /// <summary>"send it back now?" after a change, or at the researcher's request once more: how to change an answer and send it back.</summary>
    public void OfferChanges(Turn turn)
    {
        turn.Progress.ChangesRequested = true;
        turn.Say(Text(ConversationMessageKeys.ChangesRequestedNext, turn.Language));
    }

    // "question 23", "questions 12 and 23", "Frage 23", "domanda 23", "ερώτηση 23", "Q23", "#23", "n° 23": the questions a
    // researcher's message names by number (an amount or a year names none).
    private static readonly System.Text.RegularExpressions.Regex QuestionNumbers = new(
        @"(?:#|\b(?:q|qu\.?|questions?|fragen?|fr\.|domand[ae]|dom\.|preguntas?|perguntas?|quest(?:ão|ões)|fr[åa]g(?:a|or|orna|an)|ερ[ωώ]τ[ηή]σ(?:η|ης|εις|εων)|ερ\.|n[°º.]|nr\.?|no\.)\s*)"
        + @"(\d{1,2}(?:\s*(?:,|/|&|\+|-|–|\band\b|\bet\b|\bund\b|\be\b|\by\b|\boch\b|\bκαι\b)\s*\d{1,2}\b)*)\b",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>The questions <paramref name="message"/> names by number, in questionnaire order.</summary>
    public IReadOnlyList<Question> NamedQuestions(string message)
    {
        var numbers = new SortedSet<int>();
        foreach (System.Text.RegularExpressions.Match match in QuestionNumbers.Matches(message))
        {
            foreach (System.Text.RegularExpressions.Match number in System.Text.RegularExpressions.Regex.Matches(match.Groups[1].Value, @"\d+"))
            {
                if (int.TryParse(number.Value, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= Questions.Count)
                {
                    numbers.Add(n);
                }
            }
        }
        return numbers.Select(n => Questions[n - 1]).ToList();
    }

    /// <summary>Asks one of the engine's yes/no questions and remembers it for the next message.</summary>
    public void Confirm(Turn turn, PendingConfirmation pending)
    {
        turn.Progress.Pending = pending;
        var language = turn.Language;
        var (yes, no) = (YesWord(language), NoWord(language));
        turn.Say(pending switch
        {
            RestartConfirmation => new ConfirmationReply(texts.Get(ConversationMessageKeys.RestartConfirm, language), yes, no),
            SubmitConfirmation => new ConfirmationReply(texts.Get(turn.Practice is { Status: PracticeStatus.NeedsChanges }
                ? ConversationMessageKeys.ResubmitConfirm : ConversationMessageKeys.SubmitConfirm, language), yes, no),
            EraseDataConfirmation => new ConfirmationReply(texts.Get(Privacy.RightsMessageKeys.EraseConfirm, language), yes, no),
            OtherConfirmation other => new ConfirmationReply(OtherWarning(turn, other) ?? texts.Get(ConversationMessageKeys.SubmitConfirm, language), yes, no),
            SkipAheadConfirmation { Read: { } read } fact => new ConfirmationReply(texts.Get(
                (Find(fact.QuestionId) is { IsChoice: true, HasOther: false } or { Type: QuestionType.Integer }, read == fact.Text) switch
                {
                    // The words are the answer there as they are (a long text): not said twice.
                    (true, true) => ConversationMessageKeys.AnswerElsewhereAsTypedThenBack,
                    (false, true) => ConversationMessageKeys.AnswerElsewhereAsTyped,
                    (true, false) => ConversationMessageKeys.AnswerElsewhereThenBack,
                    _ => ConversationMessageKeys.AnswerElsewhere,
                }, language,
                ("text", AnswerText.Shorten(fact.Text)), ("value", read), ("question", Find(fact.QuestionId)?.Label.In(language)),
                ("next", Find(fact.NextQuestionId)?.Label.In(language))), yes, no),
            SkipAheadConfirmation ahead => new ConfirmationReply(texts.Get(ConversationMessageKeys.AnswerAhead, language,
                ("text", AnswerText.Shorten(ahead.Text)), ("question", Find(ahead.QuestionId)?.Label.In(language)),
                ("next", Find(ahead.NextQuestionId)?.Label.In(language))), yes, no),
            MovedOnConfirmation moved => new ConfirmationReply(texts.Get(ConversationMessageKeys.AnswerMovedOn, language,
                ("text", AnswerText.Shorten(moved.Text)), ("question", Find(moved.QuestionId)?.Label.In(language)),
                ("next", Find(moved.NextQuestionId)?.Label.In(language))), yes, no),
            ReplaceConfirmation replace => new ConfirmationReply(texts.Get(ConversationMessageKeys.ReplaceWithOther, language,
                ("text", AnswerText.Shorten(replace.Text)), ("question", Find(replace.QuestionId)?.Label.In(language)),
                ("value", Find(replace.QuestionId) is { } replaced && turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == replaced.Id) is { } stored
                    ? AnswerText.Show(replaced, stored, language) : "")), yes, no),
            ChoiceContradictedConfirmation contradicted when Find(contradicted.ChoiceId) is { } choice => new ConfirmationReply(texts.Get(
                ConversationMessageKeys.ChoiceContradicted, language, ("question", choice.Label.In(language)),
                ("read", AnswerText.Show(choice, System.Text.Json.Nodes.JsonNode.Parse(contradicted.ValueJson)!, language)),
                ("value", turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == choice.Id) is { } held ? AnswerText.Show(choice, held, language) : "")), yes, no),
            SlipConfirmation slip => new ConfirmationReply(texts.Get(ConversationMessageKeys.SlipConfirm, language,
                ("command", CommandWord(slip.Command, language)), ("text", AnswerText.Shorten(slip.Text)),
                ("question", Find(slip.QuestionId)?.Label.In(language))), yes, no),
            CandidateConfirmation { Candidates.Count: 1 } one =>
                new ConfirmationReply(one.Prompt ?? texts.Get(Localisation.MessageKeys.DidYouMean, language, ("candidate", one.Candidates[0].Display)), yes, no),
            CandidateConfirmation several =>
                new ConfirmationReply(several.Prompt ?? texts.Get(ConversationMessageKeys.DidYouMeanSeveral, language), yes, PickNoneLabel(language),
                    several.Candidates.Select((c, i) => new ChoiceOption((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), c.Display, i + 1)).ToList()),
            _ => throw new ArgumentOutOfRangeException(nameof(pending), pending, "A confirmation the flow cannot ask."),
        });
    }

    /// <summary>The summary: every answer by section, what is still missing.</summary>
    public SummaryReply Summary(Turn turn)
    {
        var language = turn.Language;
        var answers = turn.Practice?.Answers.ToDictionary(a => a.QuestionId) ?? [];
        var sections = Questionnaire.Sections
            .Select(section => new SummarySection(section.Label.In(language), Questions
                .Where(q => q.Section == section.Id)
                .Select(q => new SummaryItem(IndexOf(q) + 1, q.Id, q.Label.In(language), answers.TryGetValue(q.Id, out var a) ? answerText.Show(q, a, language, Beside(turn.Practice!, a))
                    : NotAsked(turn, q) ? texts.Get(ConversationMessageKeys.SummaryNotAsked, language) : null))
                .ToList()))
            .Where(section => section.Items.Count > 0)
            .ToList();
        var missing = Missing(turn);
        return new SummaryReply(
            texts.Get(ConversationMessageKeys.SummaryTitle, language),
            sections,
            texts.Get(ConversationMessageKeys.SummaryEmpty, language),
            AnswerText.Capitalise(CommandWord(CommandNames.Change, language)),
            CommandNames.Change,
            missing.Count > 0 ? texts.Get(ConversationMessageKeys.SummaryMissing, language, ("list", NumberedLabels(missing, language))) : null);
    }

    /// <summary>The words kept beside an answer's value: those under "other", or the reservation of a yes or a no. A remark that
    /// is now another question's answer is not shown again beside this one (session 48: "Sophie Lambert, SPW Intérieur et
    /// Action sociale" showed the name as "Sophie Lambert (+ "SPW Intérieur et Action sociale")" after the organisation offered
    /// from it was taken).</summary>
    private static string? Beside(Practice practice, Answer answer) =>
        !string.IsNullOrEmpty(answer.OtherText)
            ? answer.OtherText
            : practice.Flags.FirstOrDefault(f => f.QuestionId == answer.QuestionId && f.Reason is FlagReasons.AnswerWithCondition or FlagReasons.AnswerRemark && !f.Resolved)
                is { } kept && !(kept.Reason == FlagReasons.AnswerRemark && AnsweredElsewhere(practice, answer, kept.Detail)) ? kept.Detail : null;

    private static bool AnsweredElsewhere(Practice practice, Answer answer, string? remark) =>
        !string.IsNullOrWhiteSpace(remark) && practice.Answers.Any(other => other.QuestionId != answer.QuestionId
            && string.Equals(TextKey.Fold(other.Original), TextKey.Fold(remark), StringComparison.Ordinal));

    public string NumberedLabels(IEnumerable<Question> questions, string language) =>
        string.Join(", ", questions.Select(q => $"{IndexOf(q) + 1}. {q.Label.In(language)}"));

    public string SectionLabel(Question question, string language) =>
        Questionnaire.Sections.FirstOrDefault(s => s.Id == question.Section)?.Label.In(language) ?? question.Section;

    public string YesWord(string language) => answerText.YesNo(true, language);

    public string NoWord(string language) => answerText.YesNo(false, language);

    /// <summary>The button that declines every option of a pick ("None of these"); the words typed or sent as text are a no there.</summary>
    public string PickNoneLabel(string language) => texts.Get(ConversationMessageKeys.PickNone, language);

    /// <summary>The first word of a command in a language ("change", "modifier"...).</summary>
    public string CommandWord(string command, string language) =>
        Questionnaire.Commands.TryGetValue(command, out var words) ? words.In(language).FirstOrDefault() ?? command : command;

    /// <summary>
    /// A thanks alone, or after a yes word ("thanks", "merci", "ευχαριστώ", "ok thx", "ok danke"): the vocabulary's
    /// <c>sign_offs</c>, the whole message. Talk, no answer.
    /// </summary>
    public bool IsThanks(string text)
    {
        var key = TextKey.Fold(text);
        foreach (var thanks in _yesNo.SignOffs)
        {
            if (key == thanks || EndsWithWord(key, thanks) && WholeYesNo(key[..^(thanks.Length + 1)]) == true)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether <paramref name="key"/> ends with a space and <paramref name="word"/>, with something before them.</summary>
    private static bool EndsWithWord(string key, string word) =>
        key.Length > word.Length + 1 && key.EndsWith(word, StringComparison.Ordinal) && key[^(word.Length + 1)] == ' ';

    /// <summary>
    /// "let's start", "iniziamo", "ok, on commence", "ja, los geht's" (start words, a yes word before them or not) in any
    /// language: what a new contributor types after the welcome, no answer to the first question. Not a yes alone: "Jo" is
    /// Swedish's yes and a name.
    /// </summary>
    public bool IsStart(string text)
    {
        var key = TextKey.Fold(text);
        if (key.Length == 0)
        {
            return false;
        }
        if (_yesNo.Start.Contains(key))
        {
            return true;
        }
        return OpeningYesNo(text) is (true, var after) && _yesNo.Start.Contains(TextKey.Fold(after));
    }

    /// <summary>"idem", "same", "pareil", "dito", "lo stesso" alone (any language): an answer pointing at another one.</summary>
    public bool IsSame(string text) => _yesNo.Same.Contains(TextKey.Fold(text));

    /// <summary>
    /// A short answer opening with a phrase of two words or more that points at another answer ("see above re the groups",
    /// "ver más arriba", "s. oben", "se ovan!"), four words at most after it: no answer of its own (session 55: stored as the
    /// results). "idem" or "same" with words after it may say something ("same as last year") and is not this.
    /// </summary>
    public bool PointsElsewhere(string text)
    {
        var words = TextKey.Words(text);
        for (var length = Math.Min(words.Length, 6); length >= 2; length--)
        {
            if (words.Length - length <= 4 && _yesNo.Same.Contains(string.Join(' ', words[..length])))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Yes or no, for the engine's own questions: the whole message is one of the language's yes or no words, with a thanks
    /// after it or not (the vocabulary's <c>sign_offs</c>: "oui merci", "sì, grazie", "sim, obrigada" were asked again), or
    /// (with the language) starts with one and says nothing else against it ("yes of course", "ja, genau").
    /// </summary>
    public bool? YesNo(string text, string? language = null)
    {
        var key = TextKey.Fold(text);
        if (key.Length == 0)
        {
            return null;
        }
        if (WholeYesNo(key) is { } whole)
        {
            return whole;
        }
        foreach (var thanks in _yesNo.SignOffs)
        {
            if (EndsWithWord(key, thanks) && WholeYesNo(key[..^(thanks.Length + 1)]) is { } before)
            {
                return before;
            }
        }
        // "yes of course", "ja, gerne", "nein danke", "ναι βεβαίως" (each asked the question again): a yes or no word first,
        // and the whole read as the consent question reads it, agreeing and with no reservation ("yes, but …" stays unread).
        var first = TextKey.Words(text) is [var word, _, ..] ? word : null;
        if (language is null || first is null
            || !(_yesNo.Yes.Contains(first) || _yesNo.No.Contains(first)))
        {
            return null;
        }
        if (first.Length < 3 && !(_yesNo.OwnYesNo.TryGetValue(language, out var own) && own.Contains(first)))
        {
            // "na parte do financiamento sao 180 mil nao 150" at "submit now?" (chat47's Portuguese run: read as a no): a short
            // yes or no word of another language ("na", Swedish "nä" folded) opens a sentence of this one as a word of it.
            return null;
        }
        var verdict = normaliser.YesNo.Read(text, language, out var condition);
        if (condition is not null || verdict == YesNoVerdict.Unsure)
        {
            return null;
        }
        // "si fa carico dei costi" (Italian "si" is the unaccented yes and the reflexive pronoun), "si no hay" (Spanish: if):
        // the word runs on into a sentence with no break after it. Taken for a yes or no only when what follows says one
        // too ("yes of course", "ja genau", "sì va bene"); otherwise asked again (it confirmed what was pending and the
        // sentence, an answer, was lost).
        var rest = text[TextKey.WordSpans(text)[0].End..];
        if (rest.Length > 0 && char.IsWhiteSpace(rest[0]) && normaliser.YesNo.Read(rest, language, out _) == YesNoVerdict.Unsure)
        {
            return null;
        }
        return verdict == YesNoVerdict.Yes;
    }

    /// <summary>
    /// A yes or no word (or phrase) opening a longer message, and what is typed after it ("nein, das Budget ist falsch",
    /// "ok go", "yes, send it"): null when the message opens with neither or is nothing more.
    /// </summary>
    public (bool Yes, string After)? OpeningYesNo(string text)
    {
        var spans = TextKey.WordSpans(text);
        var words = TextKey.Words(text);
        if (words.Length < 2 || spans.Count != words.Length)
        {
            return null;
        }
        for (var length = Math.Min(4, words.Length - 1); length > 0; length--)
        {
            if (WholeYesNo(string.Join(' ', words, 0, length)) is { } verdict)
            {
                return (verdict, text[spans[length].Start.Value..].Trim());
            }
        }
        return null;
    }

    private bool? WholeYesNo(string key)
    {
        if (_yesNo.Yes.Contains(key))
        {
            return true;
        }
        return _yesNo.No.Contains(key) ? false : null;
    }

    private string? OtherWarning(Turn turn, OtherConfirmation other)
    {
        var question = Find(other.QuestionId);
        var answer = turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == other.QuestionId);
        // The words kept under "Other", not the whole answer: "ente pubblico regionale" is a regional authority with
        // "pubblico" kept beside it, and "I did not recognise «ente pubblico regionale»" contradicted the "Noted: Regional
        // authority" just above it (session 41's new-user check).
        var kept = turn.Practice?.Flags.FirstOrDefault(f => f.QuestionId == other.QuestionId && f.Reason == FlagReasons.ChoiceUnrecognised)?.Detail
            ?? answer?.OtherText ?? answer?.Original;
        return question is null || kept is null ? null
            : normaliser.OtherWarning(question, AnswerText.Shorten(kept), turn.Language);
    }

    private static IReadOnlyList<ChoiceOption> Options(Question question, string language) =>
        question.ChoiceList.Select((c, i) => new ChoiceOption(c.Code, c.Label.In(language), i + 1)).ToList();
}
