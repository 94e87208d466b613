using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Regin.Core.Conversation.Commands;
using Regin.Core.Normalisation;
using Regin.Core.Normalisation.Matching;

namespace Regin.Core.Conversation;

/// <summary>
/// The questionnaire as a conversation, for any channel: a message (text or a structured value) in, structured
/// replies out. It routes a turn (language, greeting, pending yes/no, command, answer); commands are handlers of
/// their own, answers go through <see cref="AnswerRecorder"/>, and what it says comes from the locale files. It knows
/// no channel: the host loads and saves the two state objects around each turn and renders the replies.
/// </summary>
public sealed class ConversationEngine(
    ConversationFlow flow,
    CommandRegistry commands,
    LanguageSwitch languages,
    AnswerRecorder answers,
    ConfirmationResolver confirmations,
    ContributorRightsChat rights,
    IOptions<ConversationOptions> options,
    TimeProvider clock,
    ILogger<ConversationEngine> logger)
{
    public async Task<IReadOnlyList<ConversationReply>> HandleAsync(ConversationInput input, ConversationProgress progress, ContributorProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.IsGroup)
        {
            return InGroup(input, progress, profile);
        }
        var turn = await StartTurnAsync(input, progress, profile, cancellationToken);
        if (input.IsEdit)
        {
            await EditedAsync(turn, cancellationToken);
        }
        else
        {
            await RouteAsync(turn, cancellationToken);
            progress.LastMessageHash = MessageHash(input);
            RememberSent(turn);
        }
        progress.PracticeId = turn.Practice?.Id ?? progress.PracticeId;
        var seenBefore = profile.LastSeenAt;
        progress.LastTurnAt = turn.Now;
        profile.LastSeenAt = turn.Now;
        if (logger.IsEnabled(LogLevel.Debug))
        {
            // Asked first: LogDebug boxes its arguments into a new array and message on every turn, enabled or not.
            logger.LogDebug("Chat turn of {Contributor} in {Conversation}: {Replies} replies, question {Question} (last seen {SeenBefore})",
                turn.Contributor, input.ConversationId, turn.Replies.Count, progress.QuestionId, seenBefore);
        }
        return turn.Replies;
    }

    /// <summary>
    /// A researcher asked for changes to <paramref name="practiceId"/> (the caller sends their message). When it is the
    /// contributor's open practice, this conversation goes on from it: "change N", "summary" and "submit" work as usual, and
    /// the reply says so. Otherwise nothing changes and there is no reply.
    /// </summary>
    public async Task<IReadOnlyList<ConversationReply>> ReopenForChangesAsync(ConversationInput input, ConversationProgress progress, ContributorProfile profile, Guid practiceId, CancellationToken cancellationToken = default)
    {
        var turn = await StartTurnAsync(input, progress, profile, cancellationToken);
        if (turn.Practice is null || turn.Practice.Id != practiceId)
        {
            return [];
        }
        // The researcher's message is in the practice's language: so is what follows it.
        turn.Language = turn.Practice.Language;
        progress.Language ??= turn.Language;
        progress.SubmittedReference = null;
        progress.AwaitingLanguage = false;
        progress.Paused = false;
        progress.ReturnTo = null;
        progress.ThenAsk.Clear();
        progress.Pending = null;
        progress.QuestionId = flow.ResumeQuestion(turn).Id;
        progress.LastTurnAt = turn.Now;
        if (await flow.Intake.LastChangeRequestAsync(practiceId, cancellationToken) is { } request)
        {
            flow.SayNamedQuestions(turn, request.Message);
        }
        flow.OfferChanges(turn);
        logger.LogInformation("Chat conversation {Conversation} reopened for changes to {Reference}", input.ConversationId, turn.Practice.Reference);
        return turn.Replies;
    }

    /// <summary>
    /// A contributor back (a new conversation, a pause, a long absence) at a practice a researcher asked changes to (return43:
    /// they were told "you stopped at question 11 … 3 questions left", the optional questions skipped before, and nothing of
    /// the request): the request as the researcher wrote it, the questions it names, then how to change and send it back. With
    /// a required answer missing, that question is asked. False when the practice waits for no researcher's request.
    /// </summary>
    /// <remarks>
    /// A change, the summary or the submit word typed straight away ("αλλαγή 23" two days later) is done after the request, in
    /// place of the guidance.
    /// </remarks>
    private async Task<bool> BackForChangesAsync(Turn turn, CancellationToken cancellationToken, (IConversationCommand Handler, CommandMatch Match)? then = null)
    {
        if (await ChangeRequestAsync(turn, cancellationToken) is not { } request)
        {
            return false;
        }
        var progress = turn.Progress;
        progress.Pending = null;
        progress.ReturnTo = null;
        progress.ThenAsk.Clear();
        progress.Paused = false;
        flow.SayChangesRequested(turn, request);
        if (flow.Missing(turn) is { Count: > 0 } missing)
        {
            turn.Say(flow.Text(ConversationMessageKeys.SubmitMissing, turn.Language, ("list", flow.NumberedLabels(missing, turn.Language))));
            flow.Ask(turn, missing[0]);
            return true;
        }
        progress.QuestionId ??= flow.ResumeQuestion(turn).Id;
        if (then is { Match.Name: CommandNames.Change or CommandNames.Summary or CommandNames.Submit } command)
        {
            progress.ChangesRequested = false;
            await command.Handler.RunAsync(turn, command.Match, cancellationToken);
            return true;
        }
        flow.OfferChanges(turn);
        return true;
    }

    /// <summary>The researcher's last request for changes when the practice waits for the contributor's changes, else null.</summary>
    private async Task<Intake.ChangeRequest?> ChangeRequestAsync(Turn turn, CancellationToken cancellationToken) =>
        turn.Practice is { Status: Persistence.Entities.PracticeStatus.NeedsChanges } practice
            ? await flow.Intake.LastChangeRequestAsync(practice.Id, cancellationToken) : null;

    /// <summary>
    /// A group chat or a channel (security review L9): everyone present would see the questions, the answers and what is
    /// said back (the contact e-mail and phone, the summary), so nothing is collected, read or echoed there: no draft is
    /// even looked up. Every message gets one answer, in the person's language, pointing to a one-to-one chat. When
    /// people join the group the bot says nothing (it would say it to all of them); the host greets once when the bot
    /// itself is added.
    /// </summary>
    private List<ConversationReply> InGroup(ConversationInput input, ConversationProgress progress, ContributorProfile profile)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(profile);
        var language = progress.Language ?? profile.Language ?? Languages.FromLocale(input.Locale) ?? Languages.FromLocale(input.ClientLocale) ?? Languages.Default;
        logger.LogDebug("Chat turn in the group conversation {Conversation}: pointed to a one-to-one chat", input.ConversationId);
        return [new MessageReply(flow.Text(ConversationMessageKeys.GroupChatPrivate, language))];
    }

    /// <summary>The apology of a failed turn, in the conversation's language.</summary>
    public string ErrorMessage(ConversationProgress? progress, string? locale) =>
        flow.Text(ConversationMessageKeys.Error, progress?.Language ?? Languages.FromLocale(locale) ?? Languages.Default);

    private async Task<Turn> StartTurnAsync(ConversationInput input, ConversationProgress progress, ContributorProfile profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(profile);
        var turn = new Turn(input, progress, profile, clock.GetUtcNow());
        turn.Practice = await flow.Intake.FindOpenDraftAsync(turn.Contributor, cancellationToken);
        return turn;
    }

    /// <summary>
    /// The first message of a contributor introduces them with the name question's lead-in ("Hallo, ich bin Anna Schulz vom
    /// Landkreis Harburg", "Hi, I'm Aoife Byrne", "soy Ana Ruiz, de la Junta"): the words after the greeting, where the name
    /// they give opens with a capital (lower case says too little: "soy de Sevilla") and reads as a name; else null.
    /// </summary>
    private string? NameInFirstMessage(Turn turn, string text)
    {
        var first = flow.Questions[0];
        var said = commands.WithoutOpeningGreeting(text);
        var language = turn.Language;
        if (!first.PersonName || said.Length == 0 || !flow.Normaliser.HasLeadInOrOut(first, said, language))
        {
            return null;
        }
        var name = flow.Normaliser.WithoutLeadIn(first, said, language);
        return name.Length > 0 && char.IsUpper(name[0]) && flow.Normaliser.Normalise(first.Id, said, language).Ok ? said : null;
    }

    private async Task RouteAsync(Turn turn, CancellationToken cancellationToken)
    {
        var (input, progress, profile) = (turn.Input, turn.Progress, turn.Profile);
        var text = input.Text?.Trim() ?? "";
        var command = CommandOf(turn, text);
        var match = command?.Match;

        // 1. The language: stored preference, then the client's locale, then its second guess, else ask.
        var language = LanguageOf(turn);
        if (progress.AwaitingLanguage && !input.IsConversationStart)
        {
            if ((languages.Named(text, match) ?? commands.Parser.OneLanguageNamedIn(text)) is { } chosen)
            {
                progress.AwaitingLanguage = false;
                await languages.SwitchAsync(turn, chosen, cancellationToken);
                flow.Continue(turn, greet: progress.QuestionId is null);
                return;
            }
            if (language is null || match?.Name == CommandNames.Language)
            {
                languages.Ask(turn);
                return;
            }
            progress.AwaitingLanguage = false;
        }
        if (language is null)
        {
            languages.Ask(turn);
            return;
        }
        turn.Language = language;
        progress.Language ??= language;
        profile.Language ??= language;
        if (input.Value is null && Thumbs(text) is { } thumbsUp && AwaitsYesOrNo(turn))
        {
            // "👍", "👌🏽", "✅" or "👎" typed on a phone where a yes or a no is awaited: that yes or no (it was "your message is
            // empty", and the next answer went to the question waiting for the yes).
            text = thumbsUp ? flow.YesWord(language) : flow.NoWord(language);
        }
        if (!input.IsGroup && input.IsOtherContributorsConversation && progress.LastTurnAt is null)
        {
            turn.Say(flow.Text(ConversationMessageKeys.NotYourConversation, language));
        }
        if (!input.IsConversationStart && await rights.TryHandleAsync(turn, command, text, cancellationToken))
        {
            // A copy or an erasure is answered whatever the state of the questionnaire (before a first answer, after a submission).
            return;
        }

        // 2. A new conversation, a practice already submitted here, a pause, a long absence: greet before anything else.
        if (input.IsConversationStart)
        {
            if (!await BackForChangesAsync(turn, cancellationToken))
            {
                flow.Continue(turn, greet: true);
            }
            return;
        }
        if (turn.Practice is null && progress.SubmittedReference is not null)
        {
            await AfterSubmissionAsync(turn, match, text, cancellationToken);
            return;
        }
        var idle = progress.LastTurnAt is { } lastTurn && turn.Now - lastTurn > options.Value.WelcomeBackAfter;
        if (idle && command is not null && progress.QuestionId is not null && !progress.Paused && turn.Practice is { Answers.Count: > 0 })
        {
            // Back after a long while (Teams keeps one conversation for ever) with a command: greet (or the researcher's request), then do it.
            if (await ChangeRequestAsync(turn, cancellationToken) is not { } request)
            {
                flow.SayWelcomeBack(turn, flow.Current(turn));
            }
            else
            {
                flow.SayChangesRequested(turn, request);
                progress.ReturnTo = null;
            }
            progress.Pending = null;
            idle = false;
            if (match is { Name: CommandNames.Skip, Argument.Length: 0 } && progress.ChangesRequested is false)
            {
                // "Guten Morgen, weiter geht's" the next morning (chatplay48: the question on screen skipped): after a long while
                // a skip is said to no question seen; welcomed back, the question is asked again.
                flow.AskCurrent(turn);
                return;
            }
        }
        if (progress.QuestionId is null || progress.Paused || idle)
        {
            // Not started in this conversation, paused, or back after a long while: the message answers no question, but for
            // a first message that gives the name.
            var name = progress.QuestionId is null && !progress.Paused && turn.Practice is null && command is null && input.Value is null
                ? NameInFirstMessage(turn, text) : null;
            if (match?.Name == CommandNames.Language && languages.Named(text, match) is { } chosen)
            {
                await languages.SwitchAsync(turn, chosen, cancellationToken);
            }
            progress.Paused = false;
            progress.ChangesRequested = false;
            if (!await BackForChangesAsync(turn, cancellationToken, then: command))
            {
                flow.Continue(turn, greet: true);
                if (name is not null && flow.Current(turn) is { PersonName: true } nameQuestion)
                {
                    // "Hallo, ich bin Anna Schulz vom Landkreis Harburg" as the very first message (Teams without its install
                    // event, a web chat opened on a link): greeted, then the name taken (and what follows it offered, as at
                    // the name itself), not asked again as if she had said nothing.
                    await answers.RecordAsync(turn, nameQuestion, name, cancellationToken);
                }
            }
            return;
        }

        // 3. What cannot be an answer.
        if (input.AttachmentCount > 0)
        {
            turn.Say(flow.Text(ConversationMessageKeys.AttachmentIgnored, turn.Language));
            if (text.Length == 0 && input.Value is null)
            {
                flow.AskCurrent(turn);
                return;
            }
        }
        if (text.Length == 0 && input.Value is null)
        {
            turn.Say(flow.Text(ConversationMessageKeys.EmptyMessage, turn.Language));
            flow.AskCurrent(turn);
            return;
        }

        // 4. After a researcher's request, a text answers no question yet; a yes/no question of ours waits for its answer.
        if (progress.ChangesRequested && command is null && input.Value is not AnswerSubmitted)
        {
            turn.Say(flow.Text(ConversationMessageKeys.ChangesRequestedNext, turn.Language));
            return;
        }
        if (input.Value is null && flow.IsThanks(text) && !(AwaitsYesOrNo(turn) && flow.YesNo(text, turn.Language) is not null))
        {
            // "thanks", "ok thx", "merci", "ευχαριστώ" alone (a yes/no question takes "ok thanks" as its yes): talk, no answer
            // (a text question stored it as the title or the description); the question on screen again, or the bot's own.
            turn.Say(flow.Text(ConversationMessageKeys.YouAreWelcome, turn.Language));
            if (progress.Pending is { } waiting)
            {
                flow.Confirm(turn, waiting);
            }
            else
            {
                flow.AskCurrent(turn);
            }
            return;
        }
        if (progress.Pending is SubmitConfirmation && input.Value is null && command is null
            && commands.Parser.NamedCorrection(text, turn.Language) is var (submitNumber, submitValues, _) && AnsweredQuestion(turn, submitNumber) is { } namedByWord
            && await answers.CorrectBeforeSubmittingAsync(turn, namedByWord, submitValues, cancellationToken, valueNamed: true))
        {
            // "sorry the org is cork city council not dublin", "the region is cork not dublin" where "submit now?" waits.
            return;
        }
        if (progress.Pending is SubmitConfirmation && input.Value is null && command is null
            && commands.Parser.Correction(text) is ({ Length: > 0 } namedNumber, var readings)
            && int.Parse(namedNumber, CultureInfo.InvariantCulture) is var namedAt and >= 1 && namedAt <= flow.Questions.Count
            && await answers.CorrectBeforeSubmittingAsync(turn, flow.Questions[namedAt - 1], readings, cancellationToken))
        {
            // "oops the budget was 85k not 80k" where "submit now?" waits: that answer corrected, then the summary again.
            return;
        }
        if (progress.Pending is { } changedWhile && input.Value is null && command is null && flow.Find(progress.QuestionId ?? "") is { } onScreen
            && await ChangedWithValueAsync(turn, onScreen, text, cancellationToken, changedWhile))
        {
            // "can you change 5 to just Welcome Tables" where a confirmation (or "submit now?") waits: that answer changed (the
            // amount's "5" was read at the budget asked next, chatplay46's English run).
            return;
        }
        if (progress.Pending is OtherConfirmation otherWaits && input.Value is null && command is null
            && CorrectionOfAnother(turn, otherWaits.QuestionId, text) is var (correctedWhile, correctedValues, byName)
            && await answers.CorrectWhileConfirmingAsync(turn, correctedWhile, correctedValues, otherWaits, cancellationToken, valueNamed: byName))
        {
            // "fel av mig, vi startade vt 2023 inte ht 2022", "sorry λάθος, ξεκινήσαμε τον Οκτώβρη του 2022 οχι Σεπτέμβρη" where
            // the target groups' "Other" waited (chatplay47's Umeå and Thessaloniki runs: offered as the description's answer,
            // and the next message's yes stored it there): the start corrected, then the same confirmation again.
            return;
        }
        if (progress.Pending is { } pending)
        {
            if (await ResolvePendingAsync(turn, pending, text, match, cancellationToken))
            {
                return;
            }
        }

        // 5. A command, in any of the languages.
        if (command is { } found)
        {
            progress.ChangesRequested = false;
            HintOtherLanguage(turn, found.Match);
            await found.Handler.RunAsync(turn, found.Match, cancellationToken);
            return;
        }
        if (input.Value is AnswerSubmitted submitted)
        {
            await answers.RecordSubmittedAsync(turn, submitted, cancellationToken);
            return;
        }
        if (input.Value is null && progress.Pending is null && turn.Practice is not { Answers.Count: > 0 } && flow.Current(turn) == flow.Questions[0]
            && flow.Questions[0].Type != Questionnaire.QuestionType.Yesno && !text.StartsWith('/') && flow.IsStart(text))
        {
            // "iniziamo", "let's start", "ok los geht's", "ας ξεκινήσουμε" after the welcome, nothing answered yet: the start, not
            // the contributor's name (session 41: "iniziamo" was stored as the name). The first question again.
            flow.AskCurrent(turn);
            return;
        }
        if (input.Value is null && languages.NamedAlone(text) is { } named
            && !(flow.Current(turn) is { IsChoice: true } asked && IsOption(asked, TextKey.Fold(text))))
        {
            // "English", "Deutsch" typed where the name is asked (the welcome came in the browser's language): a language
            // picked, not the contributor's name.
            await languages.SwitchAsync(turn, named, cancellationToken);
            flow.AskCurrent(turn);
            return;
        }
        if (text.StartsWith('/') && !text.Contains('\n') && text.Length <= 40)
        {
            // "/start", "/foo": meant as a command, not as an answer.
            turn.Say(flow.Text(ConversationMessageKeys.UnknownCommand, turn.Language));
            flow.AskCurrent(turn);
            return;
        }
        if (TextKey.Fold(text).Length == 0 && !DeclineReader.IsOnlyDashes(text))
        {
            // Only emoji or punctuation: not an answer to anything ("-", "–", "…" are: nothing to say, an optional question
            // skipped; they were "your message is empty", and a hurried contributor's next answers went to the wrong questions).
            // A thumb where no yes or no is awaited ("👍" at the title) is no answer either, but not empty: the question again.
            if (Thumbs(text) is null)
            {
                turn.Say(flow.Text(ConversationMessageKeys.EmptyMessage, turn.Language));
            }
            flow.AskCurrent(turn);
            return;
        }

        // 6. An answer to the question on screen ("Hi, Siobhan O'Brien": without the greeting, but where a long text is asked).
        var current = flow.Current(turn);
        if (input.Value is null && SentTwice(turn, current, text) is { } sentFor)
        {
            // The answer just given, sent again a moment later (chatplay47: "språk och arbete" twice was the areas, then "Other"
            // at the target groups; a pasted paragraph twice was the target groups, then the description): said, not taken.
            progress.SentTwiceAt = current.Id;
            turn.Say(flow.Text(ConversationMessageKeys.SentTwice, turn.Language, ("question", sentFor.Label.In(turn.Language))));
            flow.AskCurrent(turn);
            return;
        }
        if (input.Value is null && StarredValue(text) is { } starred && AnsweredJustBefore(turn, current) is { } justGiven
            && await answers.CorrectAsync(turn, current, justGiven, [starred], cancellationToken, textJustBefore: true))
        {
            // "*2018" right after "2019": a phone's way of correcting the message before (it was read as the end date).
            return;
        }
        if (input.Value is null && current.Type != Questionnaire.QuestionType.Longtext
            && AnsweredJustBefore(turn, current) is { Type: Questionnaire.QuestionType.Integer } counted
            && turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == counted.Id) is { Original: { Length: > 0 } countTyped } countGiven
            && CountPerGroupMeant(turn, text, countTyped, long.TryParse(countGiven.ValueJson, NumberStyles.None, CultureInfo.InvariantCulture, out var given) ? given : null) is { } perGroup)
        {
            // "nein, das ist die Zahl pro Kurs", "no, that's per course" right after the count was taken as the people reached
            // (the lead's run of session 48: a no at the funding sources skipped them): the count is one group's, kept as typed
            // and flagged as "40 pro Kurs" would be, and asked again for the total.
            turn.Progress.ReturnTo ??= current.Id;
            turn.Progress.QuestionId = counted.Id;
            await answers.RecordAsync(turn, counted, perGroup, cancellationToken);
            if (turn.Progress.Pending is null && turn.Progress.QuestionId != counted.Id)
            {
                turn.Withdraw(turn.Progress.QuestionId ?? "");
                turn.Progress.ReturnTo ??= turn.Progress.QuestionId;
                flow.Ask(turn, counted);
            }
            return;
        }
        if (input.Value is null && current.Type == Questionnaire.QuestionType.Integer
            && turn.Practice?.Flags.LastOrDefault(f => f.QuestionId == current.Id && f.Reason == FlagReasons.CountPerGroup && !f.Resolved) is { } perGroupFlag
            && long.TryParse(perGroupFlag.Detail, NumberStyles.None, CultureInfo.InvariantCulture, out var groupSize) && flow.Normaliser.GroupsCounted(text, turn.Language) is { } groups)
        {
            // "4 Kurse" where the total is asked after "15 pro Kurs" (session 50): the number of courses, no count of people.
            // What they make is said and offered, never stored silently.
            var total = (groups * groupSize).ToString(CultureInfo.InvariantCulture);
            flow.Confirm(turn, new CandidateConfirmation(current.Id, text, [new SuggestedAnswer(total, total)],
                flow.Text(ConversationMessageKeys.GroupsTimesSize, turn.Language, ("groups", groups.ToString(CultureInfo.InvariantCulture)),
                    ("size", groupSize.ToString(CultureInfo.InvariantCulture)), ("total", total))));
            return;
        }
        if (input.Value is null && AddsToTheAnswerBefore(turn, current, text) is { } previous
            && await answers.AddToAsync(turn, current, previous, text, cancellationToken))
        {
            // "and the red cross" after "Caritas", typed once the start date was asked: more of the partners' answer.
            return;
        }
        if (input.Value is null && await ChangedWithValueAsync(turn, current, text, cancellationToken))
        {
            return;
        }
        if (input.Value is null && commands.Parser.NamedCorrection(text, turn.Language) is var (nameNumber, namedValues, opened)
            && (opened || current.Type != Questionnaire.QuestionType.Longtext)
            && NamedAnsweredQuestion(turn, current, nameNumber, longText: opened) is { } correctedByName && correctedByName.Id != current.Id
            && await answers.CorrectAsync(turn, current, correctedByName, namedValues, cancellationToken, textJustBefore: true, longTextNamed: opened))
        {
            // "sorry the org is cork city council not dublin" at the organisation's type: "cork city council" is the lead
            // organisation (it was "org is cork city council not dublin"); "the region is cork not dublin" at the areas, the
            // region (kept under Other there). Without correction words only a "not …" tail makes it a correction, and never
            // at a long text ("the organisation is small, not …" may describe the practice).
            return;
        }
        if (input.Value is null && commands.Parser.CorrectionWithoutName(text, turn.Language) is var (afterCorrection, openedByCorrection, replaced)
            && (openedByCorrection || current.Type != Questionnaire.QuestionType.Longtext)
            && CorrectedByLeadIn(turn, current, afterCorrection, replaced) is var (byLeadIn, leadInValue)
            && await answers.CorrectAsync(turn, current, byLeadIn, [leadInValue], cancellationToken, textJustBefore: true))
        {
            // "scusa il mio nome è giulia ferri non iniziamo" at the organisation (session 41: stored as the organisation): the
            // name's own lead-in names the answer corrected, the words after it are the name, "non iniziamo" what it replaces.
            return;
        }
        if (input.Value is null && current.Type == Questionnaire.QuestionType.Text && commands.Parser.CorrectionWithoutName(text, turn.Language) is (var ownAfter, true, _)
            && flow.Normaliser.AfterLongLeadIn(current, ownAfter, turn.Language) is { Length: > 0 })
        {
            // "scusa il mio nome è giulia ferri non iniziamo", "sorry, my name is Anna Novak not start" at the name itself: the
            // name after its lead-in, without the apology and the "not …" it replaces (the whole sentence was the name).
            await answers.RecordAsync(turn, current, ownAfter, cancellationToken);
            return;
        }
        if (input.Value is null && commands.Parser.Correction(text) is var (number, values))
        {
            if (CorrectedQuestion(turn, current, number, text) is { } corrected
                && await answers.CorrectAsync(turn, current, corrected, values, cancellationToken, textJustBefore: number.Length == 0))
            {
                // "sorry, start was 2022 not 2021" at the end date: the start date is answered again, then the end date comes back.
                return;
            }
            if (number.Length == 0 && ValueAfterCorrection(turn, current, text, values) is { } value)
            {
                // "perdón, quise decir 2021" where the start date is on screen (after "did you mean October 2023?"): the value
                // after the correction words answers it (it was refused as no date).
                await answers.RecordAsync(turn, current, value, cancellationToken);
                return;
            }
            if (number.Length == 0 && LastAnsweredCorrected(turn, current, text) is { } last
                && await answers.CorrectAsync(turn, current, last, values, cancellationToken))
            {
                // "scusi, intendevo fino al 2025" typed at the name, where "change 14" came back to after the end date: the
                // end date just answered is meant (it was stored as the contributor's name).
                return;
            }
        }
        if (input.Value is null && commands.Parser.IsCorrectionAlone(text))
        {
            // "sorry", "Entschuldigung", "perdón" alone: no answer to the question on screen (a one-line text took it as the
            // organisation's name); how to change an answer, and the question again.
            turn.Say(flow.Text(ConversationMessageKeys.ChangeUsage, turn.Language));
            flow.AskCurrent(turn);
            return;
        }
        if (input.Value is null && current.Type == Questionnaire.QuestionType.Text && commands.Parser.Slip(text, turn.Language) is { } slip && commands.TryGet(slip.Name, out _))
        {
            // "zurük", "indietr", "tillbka" alone where a name is asked: a name is free text ("Hilde" is one), so asked, never
            // assumed; yes runs the command, no stores the word (each was stored as the organisation's name).
            flow.Confirm(turn, new SlipConfirmation(current.Id, slip.Name, text));
            return;
        }
        if (input.Value is null && current.Type == Questionnaire.QuestionType.Longtext && commands.Parser.NamedSubject(text) is var (subjectNumber, subject)
            && int.Parse(subjectNumber, CultureInfo.InvariantCulture) is var subjectAt and >= 1 && subjectAt <= flow.Questions.Count
            && flow.Questions[subjectAt - 1] is { Type: Questionnaire.QuestionType.Longtext } subjectOf && subjectOf.Id != current.Id && !flow.IsAnswered(turn, subjectOf))
        {
            // "les partenaires sont l'OFII, Pôle emploi et la CAF" at the regional authority's contribution (session 42: kept
            // there): a long text that names another open long text's subject first is offered there (yes answers it and
            // comes back here; no keeps it here).
            flow.Confirm(turn, new SkipAheadConfirmation(current.Id, subjectOf.Id, text, subject));
            return;
        }
        if (input.Value is null && answers.NeighbourLongTextNamed(turn, current, text) is { } neighbour)
        {
            // sv "fortsätter med egen budget" at the transferability (session 44: stored there), the sustainability's answer
            // typed one question early or late: offered at that long text (yes answers it and comes back here; no keeps it here).
            flow.Confirm(turn, new SkipAheadConfirmation(current.Id, neighbour.Id, text, text));
            return;
        }
        if (input.Value is null && current.Type is Questionnaire.QuestionType.Text or Questionnaire.QuestionType.Longtext && flow.IsSame(text)
            && flow.Normaliser.Normalise(current.Id, text, turn.Language, AnswerRecorder.ContextOf(turn, current)) is { Ok: true, Value: System.Text.Json.Nodes.JsonValue kept }
            && kept.GetValueKind() == System.Text.Json.JsonValueKind.String && kept.GetValue<string>() == text.Trim())
        {
            // Not where the question reads the words itself ("same as above" at the lead organisation is the contributor's).
            // "idem", "same", "pareil", "dito" at the partners (session 42: stored as "idem"): the same as which answer? The
            // answers just before it offered; never stored as the word.
            SameAsWhich(turn, current, text);
            return;
        }
        if (input.Value is null && current.Type == Questionnaire.QuestionType.Longtext && flow.PointsElsewhere(text))
        {
            // "se ovan", "ver mas arriba", "see above re the groups" at the results (session 55: stored as the results): it points
            // at another answer and cannot be read as this one. Said, nothing stored (the words typed are kept with the raw
            // input), and the question again.
            turn.Say(flow.Text(ConversationMessageKeys.SeeAboveNotAnAnswer, turn.Language, ("text", AnswerText.Shorten(text)),
                ("question", current.Label.In(turn.Language))));
            flow.Ask(turn, current);
            return;
        }
        var withoutGreeting = current.Type == Questionnaire.QuestionType.Longtext ? text : commands.WithoutOpeningGreeting(text);
        await answers.RecordAsync(turn, current, withoutGreeting != text && SaysItRunsOn(turn, text) ? text : withoutGreeting, cancellationToken);
    }

    /// <summary>
    /// "idem" at <paramref name="current"/>: the two nearest answered text questions before it offered as its answer (at the
    /// partners: the regional authority's contribution and the lead organisation, or whichever is answered), each shown with
    /// its question; none answered: the question again with how to answer.
    /// </summary>
    private void SameAsWhich(Turn turn, Questionnaire.Question current, string text)
    {
        var offered = new List<SuggestedAnswer>();
        for (var at = flow.IndexOf(current) - 1; at >= 0 && offered.Count < 2; at--)
        {
            var question = flow.Questions[at];
            if (question.Type is Questionnaire.QuestionType.Text or Questionnaire.QuestionType.Longtext
                && turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == question.Id) is { } answer
                && flow.AnswerText.Show(question, answer, turn.Language) is { Length: > 0 } shown
                && offered.All(o => o.Answer != shown))
            {
                offered.Add(new SuggestedAnswer(shown, question.Label.In(turn.Language) + ": " + AnswerText.Shorten(shown)));
            }
        }
        var prompt = flow.Text(ConversationMessageKeys.SameAsWhich, turn.Language, ("text", AnswerText.Shorten(text)));
        turn.Progress.QuestionId = current.Id;
        if (offered.Count == 0)
        {
            turn.Say(prompt);
            flow.Ask(turn, current);
            return;
        }
        flow.Confirm(turn, new CandidateConfirmation(current.Id, text, offered, prompt));
    }

    /// <summary>
    /// The answered one-line text before <paramref name="current"/>, nearest first, whose lead-in of two words or more opens
    /// <paramref name="rest"/> ("il mio nome è …", "my name is …", "je m'appelle …", "ich heiße …"), with the words after it
    /// (six at most: a name, not a sentence); null when none. A two-word lead-in may be a copula ("I'm", "c'est", "jag är":
    /// "sorry I'm late" is no name): there the words must be written as a name (each capitalised) or the "not …" must name
    /// the answer replaced ("non iniziamo" after "iniziamo").
    /// </summary>
    private (Questionnaire.Question Question, string Value)? CorrectedByLeadIn(Turn turn, Questionnaire.Question current, string rest, string replaced)
    {
        if (turn.Practice is not { Answers.Count: > 0 } practice)
        {
            return null;
        }
        for (var at = flow.IndexOf(current) - 1; at >= 0; at--)
        {
            var question = flow.Questions[at];
            if (question.Type == Questionnaire.QuestionType.Text && practice.Answers.Any(a => a.QuestionId == question.Id)
                && flow.Normaliser.AfterLongLeadIn(question, rest, turn.Language) is { Length: > 0 } value && TextKey.Words(value).Length <= 6
                && (TextKey.Words(rest).Length - TextKey.Words(value).Length >= 3
                    || value.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word => char.IsUpper(word[0]))
                    || (replaced.Length > 0 && practice.Answers.First(a => a.QuestionId == question.Id).Original is { } before
                        && TextKey.Fold(replaced).EndsWith(TextKey.Fold(before), StringComparison.Ordinal))))
            {
                return (question, value);
            }
        }
        return null;
    }

    /// <summary>The question numbered <paramref name="number"/> when it is answered and no long text (whose words could be any answer).</summary>
    /// <summary>
    /// The answered question a correction names by an everyday name: the one it names, or where that one is not answered
    /// yet, the question named like it and answered before the one on screen ("sorry, the organisation is Cork City Council"
    /// at the e-mail: the contributor's organisation, just typed; "the organisation" names the lead organisation, asked
    /// later).
    /// </summary>
    private Questionnaire.Question? NamedAnsweredQuestion(Turn turn, Questionnaire.Question current, string number, bool longText)
    {
        if (AnsweredQuestion(turn, number, longText) is { } answered)
        {
            return answered;
        }
        return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 1 && index <= flow.Questions.Count
            && flow.Questions[index - 1] is var named
            && flow.Questions.FirstOrDefault(q => q.NamedLike == named.Id) is { } like && flow.IndexOf(like) < flow.IndexOf(current)
            ? AnsweredQuestion(turn, (flow.IndexOf(like) + 1).ToString(CultureInfo.InvariantCulture), longText)
            : null;
    }

    /// <summary>
    /// A text message with an id, kept for an edit (<see cref="ConversationProgress.Sent"/>): the first question this turn stored
    /// an answer to and that answer's hash, or none (a command, a refused answer, a confirmation).
    /// </summary>
    private static void RememberSent(Turn turn)
    {
        if (turn.Input.MessageId is not { Length: > 0 } id || turn.Input.Value is not null || turn.Input.IsConversationStart)
        {
            return;
        }
        var sent = turn.Progress.Sent ??= [];
        var questionId = turn.Stored.Count > 0 ? turn.Stored[0] : null;
        var answer = questionId is null ? null : turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == questionId);
        sent.RemoveAll(s => s.Id == id);
        sent.Add(new SentMessage { Id = id, QuestionId = answer is null ? null : questionId, AnswerHash = answer is null ? null : TextHash(answer.Original) });
        if (sent.Count > SentMessage.Kept)
        {
            sent.RemoveRange(0, sent.Count - SentMessage.Kept);
        }
    }

    /// <summary>
    /// An edit of an earlier message (Teams' "editMessage": chatplay47's "börja smått" edited to "börja smått, och ha en fast
    /// kontaktperson på kommunen" was ignored, the answer kept the first text): where that message's answer is still the one it
    /// gave, the new text corrects it ("Corrected – …", the correction's path); an edit of a message that gave no answer (a
    /// command), whose answer changed since, that is too old to know, or made while another confirmation waits or after the
    /// practice was submitted, is told what to type instead (<c>bot.edit_not_taken</c>), then the question on screen again.
    /// </summary>
    private async Task EditedAsync(Turn turn, CancellationToken cancellationToken)
    {
        var (input, progress) = (turn.Input, turn.Progress);
        turn.Language = LanguageOf(turn) ?? Languages.Default;
        var text = input.Text?.Trim() ?? "";
        var sent = progress.Sent?.FindLast(s => s.Id == input.MessageId);
        if (text.Length > 0 && !input.IsOtherContributorsConversation && sent is { QuestionId: { } questionId, AnswerHash: { } hash }
            && flow.Find(questionId) is { } question
            && turn.Practice is { Status: Persistence.Entities.PracticeStatus.Draft } practice
            && practice.Answers.FirstOrDefault(a => a.QuestionId == questionId) is { } answer && TextHash(answer.Original) == hash
            && (progress.Pending is null || PendingConfirmation.QuestionOf(progress.Pending) == questionId))
        {
            progress.Pending = null;
            if (await answers.CorrectEditedAsync(turn, question, text, cancellationToken)
                && turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == questionId) is { } corrected)
            {
                sent.AnswerHash = TextHash(corrected.Original);
            }
            return;
        }
        turn.Say(flow.Text(ConversationMessageKeys.EditNotTaken, turn.Language));
        if (progress.Pending is { } waiting)
        {
            flow.Confirm(turn, waiting);
        }
        else if (turn.Practice is { Status: Persistence.Entities.PracticeStatus.Draft } && progress.QuestionId is not null)
        {
            flow.AskCurrent(turn);
        }
    }

    /// <summary>FNV-1a of a text (an answer's original, for <see cref="SentMessage.AnswerHash"/>).</summary>
    private static long TextHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return unchecked((long)hash);
    }

    /// <summary>FNV-1a of a message's text as typed (trimmed); null for a card or an empty message.</summary>
    private static long? MessageHash(ConversationInput input)
    {
        if (input.Value is not null || input.Text?.Trim() is not { Length: > 0 } text)
        {
            return null;
        }
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return unchecked((long)hash);
    }

    /// <summary>How long after an answer the same message again is that message sent twice, not an answer to the next question.</summary>
    private static readonly TimeSpan SentTwiceWithin = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The question answered just before <paramref name="current"/> when this message is the last one again (its hash) and that answer's words, of three
    /// words at least, a moment later: the same message sent twice. Sent a third time at the same question, it is an answer.
    /// At a choice, only where the words read as none of its options (kept under Other, refused): "Comune di Bari" again at the
    /// organisation's kind reads its kind (Organisations47RunTests), "språk och arbete" again at the target groups reads none.
    /// Never words that give nothing of their own ("nn c'è", "we don't have one", "on n'en a pas"): typed at the monitoring, then
    /// at the website, they answer each (session 58: the website's "nn c'è" was "you sent this twice").
    /// </summary>
    private Questionnaire.Question? SentTwice(Turn turn, Questionnaire.Question current, string text)
    {
        if (turn.Progress.SentTwiceAt is { } heldAt)
        {
            turn.Progress.SentTwiceAt = null;
            if (heldAt == current.Id)
            {
                return null;
            }
        }
        if (turn.Progress.LastMessageHash is not { } lastHash || lastHash != MessageHash(turn.Input) || turn.Progress.LastTurnAt is not { } lastTurn
            || turn.Now - lastTurn > SentTwiceWithin
            || current.Type == Questionnaire.QuestionType.Yesno || turn.AnswersOtherConfirmation || TextKey.Words(text).Length < 3
            || flow.Normaliser.GivesNothing(text, turn.Language)
            || AnsweredJustBefore(turn, current) is not { } before
            || turn.Practice?.Answers.FirstOrDefault(a => a.QuestionId == before.Id) is not { } answer
            || TextKey.Fold(answer.Original) != TextKey.Fold(text)
            || current.IsChoice && flow.Normaliser.Normalise(current.Id, text, turn.Language, AnswerRecorder.ContextOf(turn, current)) is { Ok: true, OtherText: null })
        {
            return null;
        }
        return before;
    }

    /// <summary>
    /// A correction naming an answered question other than <paramref name="waitingAt"/> ("sorry, start was 2022 not 2021",
    /// "the org is Cork City Council not Dublin" after correction words): that question, the readings of its value, and
    /// whether its value was named after a verb (a one-line text is corrected only so). Null for anything else.
    /// </summary>
    private (Questionnaire.Question Question, IReadOnlyList<string> Values, bool ValueNamed)? CorrectionOfAnother(Turn turn, string waitingAt, string text)
    {
        if (commands.Parser.Correction(text) is ({ Length: > 0 } number, var readings) && AnsweredQuestion(turn, number) is { } named && named.Id != waitingAt)
        {
            return (named, readings, false);
        }
        return commands.Parser.NamedCorrection(text, turn.Language) is (var nameNumber, var values, true) && AnsweredQuestion(turn, nameNumber) is { } byName
            && byName.Id != waitingAt ? (byName, values, true) : null;
    }

    private Questionnaire.Question? AnsweredQuestion(Turn turn, string number, bool longText = false) =>
        int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 1 && index <= flow.Questions.Count
        && flow.Questions[index - 1] is var question && (longText || question.Type != Questionnaire.QuestionType.Longtext)
        && turn.Practice?.Answers.Any(a => a.QuestionId == question.Id) == true ? question : null;

    /// <summary>
    /// The value after the correction words ("perdón, quise decir 2021") where it answers the date or number on screen and the
    /// whole message does not; null otherwise (a text takes any words; a choice reads its own way).
    /// </summary>
    private string? ValueAfterCorrection(Turn turn, Questionnaire.Question current, string text, IReadOnlyList<string> values)
    {
        if (!AsksDateOrNumber(current))
        {
            return null;
        }
        var context = AnswerRecorder.ContextOf(turn, current);
        if (flow.Normaliser.Normalise(current.Id, text, turn.Language, context) is { Ok: true })
        {
            return null;
        }
        return values.FirstOrDefault(value => flow.Normaliser.Normalise(current.Id, value, turn.Language, context) is { Ok: true } or { NeedsConfirmation: true });
    }

    /// <summary>
    /// With no question named and none just before the one on screen, the date or number answered last, when the message
    /// is no answer on screen: after "change 14" the flow went back to the first open question (the name), where "sorry, I
    /// meant 2025" is typed about the end date just given.
    /// </summary>
    private Questionnaire.Question? LastAnsweredCorrected(Turn turn, Questionnaire.Question current, string text)
    {
        if (turn.Practice?.Answers.MaxBy(a => a.UpdatedAt) is not { } lastAnswer || flow.Find(lastAnswer.QuestionId) is not { } last
            || last.Id == current.Id || !AsksDateOrNumber(last))
        {
            return null;
        }
        return NoAnswerAt(turn, current, text) ? last : null;
    }

    /// <summary>
    /// Whether one word is no answer to <paramref name="asked"/> as it is: a long text is never one word; a one-line text
    /// takes any word (a name); elsewhere refused, guessed, kept under Other or flagged.
    /// </summary>
    private bool NoAnswerAsItIs(Turn turn, Questionnaire.Question asked, string text)
    {
        if (asked.Type == Questionnaire.QuestionType.Longtext || asked.Type == Questionnaire.QuestionType.Text)
        {
            return asked.Type == Questionnaire.QuestionType.Longtext;
        }
        var check = flow.Normaliser.Normalise(asked.Id, text, turn.Language, AnswerRecorder.ContextOf(turn, asked));
        return check is not { Ok: true, NeedsConfirmation: false, OtherText: null, Declined: false } || check.Flags.Count > 0;
    }

    private static bool AsksDateOrNumber(Questionnaire.Question question) => question.Type is Questionnaire.QuestionType.Date
        or Questionnaire.QuestionType.DateOrOngoing or Questionnaire.QuestionType.Integer or Questionnaire.QuestionType.MoneyEur;

    /// <summary>
    /// A message opening with correction words is no answer to the question on screen: refused there, or kept whole under
    /// Other at a choice, or at a one-line text (a name or a title is no "sorry, I meant …"); a long text may open so.
    /// </summary>
    private bool NoAnswerAt(Turn turn, Questionnaire.Question current, string text)
    {
        if (current.Type == Questionnaire.QuestionType.Text)
        {
            return true;
        }
        if (current.Type == Questionnaire.QuestionType.Longtext)
        {
            return false;
        }
        var check = flow.Normaliser.Normalise(current.Id, text, turn.Language, AnswerRecorder.ContextOf(turn, current));
        return !check.Ok || (check.OtherText is { } other && TextKey.Fold(other) == TextKey.Fold(text));
    }

    /// <summary>
    /// The question a correction typed at <paramref name="current"/> changes: the one it names, or with none named ("sorry I
    /// meant 2022" at the end date) the question just before, when that one is answered, asks a date or a number (a text
    /// takes any words) and the message is no answer to the question on screen (it was refused there as a date).
    /// </summary>
    private Questionnaire.Question? CorrectedQuestion(Turn turn, Questionnaire.Question current, string number, string text)
    {
        if (number.Length > 0)
        {
            return int.Parse(number, CultureInfo.InvariantCulture) is var index and >= 1 && index <= flow.Questions.Count ? flow.Questions[index - 1] : null;
        }
        var at = flow.IndexOf(current);
        if (at < 1 || flow.Questions[at - 1] is not { } previous || turn.Practice?.Answers.Any(a => a.QuestionId == previous.Id) != true)
        {
            return null;
        }
        if (AsksDateOrNumber(previous))
        {
            return current.Type != Questionnaire.QuestionType.Text && NoAnswerAt(turn, current, text) ? previous : null;
        }
        // Session 36: the place or the choice just given ("no wait, Border" typed at the lead organisation after "Southern"),
        // where the message is no answer on screen: it was stored as the organisation's name.
        if (previous.Type is Questionnaire.QuestionType.Country or Questionnaire.QuestionType.Region || previous.IsChoice)
        {
            return NoAnswerAt(turn, current, text) ? previous : null;
        }
        // The one-line text just given, only where a choice is on screen and keeps words of the message under Other ("sorry,
        // meinte Landkreis Kassel" after "Landkreis Göttingen"); at another text question an apology may open its own answer.
        if (previous.Type == Questionnaire.QuestionType.Text && current.IsChoice
            && flow.Normaliser.Normalise(current.Id, text, turn.Language, AnswerRecorder.ContextOf(turn, current)) is { OtherText: not null } or { Ok: false })
        {
            return previous;
        }
        return null;
    }

    /// <summary>"*2018", "*Kassel": the value after a leading star, the chat's mark of a correction of the message before; else null.</summary>
    private static string? StarredValue(string text) =>
        text.StartsWith('*') && text.TrimStart('*').Trim() is { Length: > 0 } value && !value.Contains('*', StringComparison.Ordinal) && !value.Contains('\n', StringComparison.Ordinal)
            ? value : null;

    /// <summary>The answered question nearest before the one on screen, past those skipped: the message before, as a rule.</summary>
    private Questionnaire.Question? AnsweredJustBefore(Turn turn, Questionnaire.Question current)
    {
        for (var at = flow.IndexOf(current) - 1; at >= 0; at--)
        {
            var question = flow.Questions[at];
            if (turn.Practice?.Answers.Any(a => a.QuestionId == question.Id) == true)
            {
                return question;
            }
            if (!turn.Progress.Skipped.Contains(question.Id))
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>
    /// The question answered just before the one on screen, when the message opens with the language's "and" ("and the red
    /// cross", "und das DRK", "kai o erythros stavros") and is no answer on screen: more words for that answer, a text or a
    /// list of options; null otherwise.
    /// </summary>
    private Questionnaire.Question? AddsToTheAnswerBefore(Turn turn, Questionnaire.Question current, string text)
    {
        var words = TextKey.Words(text);
        if (words.Length < 2 || flow.Normaliser.Words.For(turn.Language).And.LongestAt(words, 0) == 0 || AnsweredJustBefore(turn, current) is not { } previous
            || previous.Type is not (Questionnaire.QuestionType.Text or Questionnaire.QuestionType.Longtext or Questionnaire.QuestionType.Multi))
        {
            return null;
        }
        // "n/a" is no "n(and) a": a decline or a skip at the question on screen is that.
        return current.Type != Questionnaire.QuestionType.Text && NoAnswerAt(turn, current, text)
            && !flow.Normaliser.Normalise(current.Id, text, turn.Language, AnswerRecorder.ContextOf(turn, current)).Declined ? previous : null;
    }

    /// <summary>True for a message of only "yes" emoji (👍 👌 ✅ ✔ 🆗, any skin tone), false for only "no" emoji (👎 ❌), else null.</summary>
    internal static bool? Thumbs(string text)
    {
        bool? meaning = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            if (Rune.IsWhiteSpace(rune) || value is 0xFE0F or 0x200D || value is >= 0x1F3FB and <= 0x1F3FF)
            {
                continue; // spaces, the emoji presentation selector, joiners and skin tones
            }
            bool? one = value switch
            {
                0x1F44D or 0x1F44C or 0x2705 or 0x2714 or 0x1F197 => true,
                0x1F44E or 0x274C => false,
                _ => null,
            };
            if (one is null || (meaning is { } before && before != one))
            {
                return null;
            }
            meaning = one;
        }
        return meaning;
    }

    /// <summary>Whether the bot waits for a yes or a no: one of its own questions, or a yes/no question on screen.</summary>
    private bool AwaitsYesOrNo(Turn turn) => turn.Progress.Pending is not null
        || turn.Progress.QuestionId is { } id && flow.Find(id) is { Type: Questionnaire.QuestionType.Yesno };

    /// <summary>The conversation's language: stored preference, then the client's locale, then its second guess; null to ask.</summary>
    private static string? LanguageOf(Turn turn) =>
        turn.Progress.Language ?? turn.Profile.Language ?? turn.Practice?.Language
            ?? Languages.FromLocale(turn.Input.Locale) ?? Languages.FromLocale(turn.Input.ClientLocale);

    /// <summary>The command a message is, if any. At a choice question, a bare command word that is one of its options is an answer.</summary>
    /// <summary>
    /// "change 5 to just Welcome Tables", "alterar a 8 para Camara Municipal de Braga", "cambia la 5 por …" after the summary
    /// (chatplay46: each was stored as the long text on screen): an answered question whose new value reads as it is is
    /// corrected and said back, then the question on screen again (the summary and "submit now?" where that waited);
    /// otherwise that question takes the value as "change 5" then the value would. A confirmation waiting is left (its
    /// answer is kept as it was stored). False when the text is no such change.
    /// </summary>
    private async Task<bool> ChangedWithValueAsync(Turn turn, Questionnaire.Question current, string text, CancellationToken cancellationToken, PendingConfirmation? waiting = null)
    {
        if (commands.Parser.ChangeWithValue(text) is not var (number, value, named) || number < 1 || number > flow.Questions.Count
            || flow.Questions[number - 1] is not { } changed || (changed.Id == current.Id && waiting is null)
            || named && !ReadsAt(turn, changed, value))
        {
            return false;
        }
        if (waiting is SubmitConfirmation)
        {
            if (await answers.CorrectBeforeSubmittingAsync(turn, changed, [value], cancellationToken, valueNamed: true))
            {
                return true;
            }
        }
        else if (waiting is null && flow.IsAnswered(turn, changed)
            && await answers.CorrectAsync(turn, current, changed, [value], cancellationToken, textJustBefore: true, longTextNamed: true))
        {
            return true;
        }
        else if (waiting is not null && changed.Id != PendingConfirmation.QuestionOf(waiting) && flow.IsAnswered(turn, changed)
            && await answers.CorrectWhileConfirmingAsync(turn, changed, [value], waiting, cancellationToken, valueNamed: true))
        {
            // "change the title to Welcome Café" where "Did you mean Southern (IE05)?" or an offer waits (the lead's run of
            // session 48: the offer was dropped): the title changed and said back, then the same question of ours again.
            return true;
        }
        turn.Progress.Pending = null;
        if (changed.Id != current.Id && !flow.IsAnswered(turn, current))
        {
            turn.Progress.ReturnTo ??= current.Id;
        }
        turn.Progress.Skipped.Remove(changed.Id);
        turn.Progress.ThenAsk = [];
        turn.Progress.QuestionId = changed.Id;
        await answers.RecordAsync(turn, changed, value, cancellationToken);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="value"/> reads at <paramref name="question"/> (not refused there): "bei 8 bitte nur: Landkreis
    /// Osnabrück" names question 8 only where its words can be its answer.
    /// </summary>
    private bool ReadsAt(Turn turn, Questionnaire.Question question, string value) =>
        flow.Normaliser.Normalise(question.Id, value, turn.Language, AnswerRecorder.ContextOf(turn, question)) is { Ok: true, Declined: false };

    private (IConversationCommand Handler, CommandMatch Match)? CommandOf(Turn turn, string text)
    {
        var input = turn.Input;
        if (input.Value is CommandSubmitted submitted)
        {
            return commands.TryGet(submitted.Command, out var handler) ? (handler, new CommandMatch(submitted.Command, submitted.Argument, "", [])) : null;
        }
        if (input.Value is not null || input.IsConversationStart)
        {
            return null;
        }
        if (commands.Find(text) is not { } found)
        {
            var asked = turn.Progress.QuestionId is { } askedId ? flow.Find(askedId) : null;
            if (asked is not null && turn.Progress.Pending is null && commands.Parser.Slip(text, LanguageOf(turn)) is { } slip
                && NoAnswerAsItIs(turn, asked, text) && commands.TryGet(slip.Name, out var slipped))
            {
                // "sumary", "zurük", "indietr" alone: the command, where the word answers nothing as it is (kept under Other
                // at a choice, refused at a date, stored as a one-word description).
                return (slipped, slip);
            }
            if (asked is { Required: false } && turn.Progress.Pending is null && commands.FindClosingSkip(text) is { } closingSkip)
            {
                // "ergänze ich ggf. später, erstmal überspringen", "ainda nao sabemos, depende do proximo quadro comunitario,
                // saltar" at an optional question: the skip, after its reason (stored as the answer: chatplay46).
                return closingSkip;
            }
            if (asked is { Required: true } && turn.Progress.Pending is null && !flow.IsAnswered(turn, asked)
                && commands.FindClosingSkip(text) is var (skip, skipMatch))
            {
                // "δεν ξερω ακομα, εξαρταται απο το επομενο ΕΣΠΑ, παράλειψη", "weiß ich noch nicht, überspringen" at a required
                // question (chatplay47: stored whole as the answer): no answer; the skip says it is required and what to do.
                return (skip, skipMatch with { AfterReason = true });
            }
            // Where a long text is asked, a sentence may open with a greeting or end with "later": it is the answer. Greetings
            // and continue words alone are not ("geia, synexizoume" back from a pause: session 59's Thessaloniki play stored it
            // as the context): the continue command.
            if (asked is { Type: Questionnaire.QuestionType.Longtext })
            {
                return commands.FindOnlyGreetings(text);
            }
            // "Hallo, ich heiße Anna Schmidt", "Hej! Jag heter Karin": the words after the greeting introduce an answer to the
            // question on screen (its lead-ins), so they are no talk; they were asked again.
            // "continua ancora" ("it still goes on", Italian's continue word opening it) says the practice runs on: no greeting
            // to strip (session 50: read as the continue command at the role, and the role asked again).
            // The greeting first: most messages open with none, and reading the message as the end date (SaysItRunsOn, a
            // whole normalisation) was ~0.02 ms of every answer's turn (session 52, issue 12); the same answer either way.
            return (asked is null ? null : commands.FindClosingPause(text))
                ?? (commands.FindOpeningGreeting(text) is { } greeting && !SaysItRunsOn(turn, text)
                    && !flow.Normaliser.HasLeadInOrOut(flow.Current(turn), commands.WithoutOpeningGreeting(text), LanguageOf(turn) ?? Languages.Default)
                    ? greeting : null);
        }
        // "Lingua" is the Italian language command and an integration area: where it is an option, it is the answer. So is the
        // language command's word where the question reads it as one of its options as it is, no guess and nothing kept
        // under Other ("LINGUA", "Sprache", "språk", "γλώσσα" at the integration areas, a word of the label "Apprendimento
        // della lingua": it opened the language picker and the answer was lost). Only that command: its word is a noun an
        // option may hold, where "aide" or "skip" are asked for (a help word read as "aide financière" would hide the help).
        if (found.Match.Argument.Length == 0 && turn.Progress.Pending is null && turn.Progress.QuestionId is { } id
            && flow.Find(id) is { IsChoice: true } question
            && (IsOption(question, TextKey.Fold(text))
                || (found.Match.Name == CommandNames.Language && ReadsAsOption(question, text, LanguageOf(turn) ?? Languages.Default))))
        {
            return null;
        }
        if (found.Match is { Name: CommandNames.Skip, AfterReason: false } && commands.FindClosingSkip(text) is not null)
        {
            // "weiß ich noch nicht, überspringen" read whole as the skip: its reason before it (at a required question the
            // skip says what to do instead).
            found = (found.Handler, found.Match with { AfterReason = true });
        }
        return AnswersInOwnLanguage(turn, found.Match, text) || ContinueWordAnswers(turn, found.Match, text) ? null : found;
    }

    /// <summary>
    /// "seguimos" ("we go on", the Spanish continue word) at the end date, where the chat's own language reads it as "ongoing"
    /// (session 45: it asked the end date again, silently, and again). Mid-questionnaire the continue command only asks the
    /// question on screen again, so a continue word the question reads as a value is that answer; after a pause or a long
    /// absence the message answers no question and continues, as before.
    /// </summary>
    private bool ContinueWordAnswers(Turn turn, CommandMatch command, string text) =>
        command.Name == CommandNames.Continue && command.Argument.Length == 0 && turn.Progress.Pending is null
        && turn.Progress.QuestionId is { } id
        && flow.Find(id) is { Type: not (Questionnaire.QuestionType.Text or Questionnaire.QuestionType.Longtext) } question
        && (ReadsAsOption(question, text, LanguageOf(turn) ?? Languages.Default) || SaysItRunsOn(turn, text));

    /// <summary>
    /// "continua ancora" ("it still goes on") at another question than the end date, still open: a continue word with more
    /// words that the end date reads as "ongoing" says the practice runs on (session 50: at the role it asked the role again,
    /// silently); the answer's path offers it at the end date. Not after a pause, where it continues.
    /// </summary>
    private bool SaysItRunsOn(Turn turn, string text) =>
        !turn.Progress.Paused && TextKey.Words(text).Length > 1
        && flow.Questions.FirstOrDefault(q => q.Type == Questionnaire.QuestionType.DateOrOngoing) is { } end && flow.IsOpen(turn, end)
        && flow.Normaliser.Normalise(end.Id, text, LanguageOf(turn) ?? Languages.Default).Value is System.Text.Json.Nodes.JsonValue value
        && value.GetValueKind() == System.Text.Json.JsonValueKind.String && value.GetValue<string>() == AnswerNormaliser.Ongoing;

    /// <summary>
    /// "continua" at the end date of a Portuguese chat ("it goes on"; Italian's "continue"): a command word of other languages
    /// only, where the question on screen reads the message in the chat's own language as a value (a date, a number, an
    /// option, a yes or a no: not a text, which any word is), is that answer. It ran the other language's command, hinted at
    /// that language, and the answer was lost.
    /// </summary>
    private bool AnswersInOwnLanguage(Turn turn, CommandMatch command, string text) =>
        command.Argument.Length == 0 && turn.Progress.Pending is null && command.KeywordLanguages.Count > 0
        && LanguageOf(turn) is { } own && !command.KeywordLanguages.Contains(own, StringComparer.OrdinalIgnoreCase)
        && turn.Progress.QuestionId is { } id
        && flow.Find(id) is { Type: not (Questionnaire.QuestionType.Text or Questionnaire.QuestionType.Longtext) } question
        && ReadsAsOption(question, text, own);

    private bool ReadsAsOption(Questionnaire.Question question, string text, string language) =>
        flow.Normaliser.Normalise(question.Id, text, language) is { Ok: true, NeedsConfirmation: false, OtherText: null, Declined: false, Value: not null } read
        && !(read.Value is System.Text.Json.Nodes.JsonArray { Count: 0 });

    private static bool IsOption(Questionnaire.Question question, string folded) =>
        question.ChoiceList.Any(c => TextKey.Fold(c.Code) == folded || c.Label.Values.Concat(c.Synonyms.All).Any(word => TextKey.Fold(word) == folded));

    /// <summary>
    /// The count one group's, as the count's answer, where <paramref name="text"/> says the count just given is per group: "nein,
    /// 15 pro Kurs" after 15 ("15 pro Kurs"), or a no with another number per group ("no, 15 per course" after 40: "15 per
    /// course"); null otherwise.
    /// </summary>
    private string? CountPerGroupMeant(Turn turn, string text, string countTyped, long? given) =>
        flow.Normaliser.PerGroupWithoutNumber(text, turn.Language, given) is { } perGroup ? $"{countTyped} {perGroup}"
        : flow.OpeningYesNo(text) is (false, var corrected) ? flow.Normaliser.CountPerGroup(corrected, turn.Language)
        : null;

    /// <summary>
    /// The words after a yes that add to what was offered ("Integrationsbeauftragte Stelle" of "ja genau, Integrationsbeauftragte
    /// Stelle"): the rest with any further yes words taken off its start, when it has letters and is no yes, no, thanks, request
    /// or command of its own; else null.
    /// </summary>
    private string? Complement(Turn turn, string rest)
    {
        while (flow.OpeningYesNo(rest) is (true, var after))
        {
            rest = after;
        }
        rest = rest.Trim().TrimStart(',', ';', ':', '-', '–').Trim();
        return TextKey.Fold(rest).Length == 0 || flow.YesNo(rest, turn.Language) is not null || flow.IsThanks(rest)
            || commands.Parser.IsRequestWordsOnly(rest) || commands.Find(rest) is not null ? null : rest;
    }

    /// <summary>True when the message answered the pending question (yes, no, an option, or the submit words at "submit now?").</summary>
    private async Task<bool> ResolvePendingAsync(Turn turn, PendingConfirmation pending, string text, CommandMatch? match, CancellationToken cancellationToken)
    {
        var yes = turn.Input.Value is ConfirmationSubmitted confirmation ? confirmation.Yes : flow.YesNo(text, turn.Language);
        if (pending is SubmitConfirmation && match?.Name == CommandNames.Submit)
        {
            yes = true;
        }
        if (yes is null && turn.Input.Value is null && pending is CandidateConfirmation { Candidates.Count: 1 } && flow.IsSame(text))
        {
            // "same" where "Did you mean Cork County Council?" offers one answer (session 45's Cork run: it asked "the same as
            // which answer?" with the contributor's name to pick, and the next answers typed on were read at the organisation).
            yes = true;
        }
        if (turn.Input.Value is null && flow.OpeningYesNo(text) is var (opening, rest))
        {
            var confirmedAt = pending is OtherConfirmation or CandidateConfirmation
                && flow.Find(PendingConfirmation.QuestionOf(pending)!) is { Type: not (Questionnaire.QuestionType.Text or Questionnaire.QuestionType.Longtext) } at ? at : null;
            if (commands.Parser.IsRequestWordsOnly(rest))
            {
                yes = opening; // "ok go", "ja bitte jetzt", "yes please do": the yes with request words after it (asked again)
            }
            else if (!opening && confirmedAt is not null
                && answers.RestatedAfterNo(turn, confirmedAt, pending is OtherConfirmation, commands.Parser.AfterCorrectionWords(rest) ?? rest) is { } restated)
            {
                // "no, I meant advice", "nein, ich meinte Beratung" (session 56: read as a bare no, the answer meant lost): the
                // correction words say what follows is the answer.
                // "non, c'est un pouvoir local" where "pouvoir" was kept under Other, "no, March 2019" at a guessed date: the
                // no with the answer it meant, read there as it is, is that answer (the no alone was read, and the rest lost).
                // Before the commands: "no, seguimos" at "End of the period you gave: June 2023. Is that the end date?" is the
                // end date's "ongoing", not the continue command (chatplay46: the end date was asked again and "seguimos"
                // lost); "nein, kreisumlage = kommunaler haushalt" at the Other confirmation says what the kept word is (lost).
                turn.Progress.Pending = null;
                turn.AnswersOtherConfirmation = pending is OtherConfirmation;
                await answers.RecordAsync(turn, confirmedAt, restated, cancellationToken);
                return true;
            }
            else if (opening && confirmedAt is not null && pending is CandidateConfirmation { Candidates.Count: 1 } guessed
                && answers.AgreesWithGuess(turn, confirmedAt, guessed.Candidates[0], rest) is { } agrees)
            {
                // "yes that's it, funding", "genau so, koordinierung und finanzierung", "sí, eso, Andalucía" at "Did you mean …?"
                // (chatplay46: asked again): the yes opening the sentence answers the question, the rest naming what was
                // guessed says it again. A rest naming something else as it is ("yes, coordination and funding" where funding
                // alone was guessed) is the answer it means.
                if (agrees)
                {
                    yes = true;
                }
                else
                {
                    turn.Progress.Pending = null;
                    await answers.RecordAsync(turn, confirmedAt, rest, cancellationToken);
                    return true;
                }
            }
            else if (opening && pending is CandidateConfirmation { Candidates.Count: 1 } shortOffer
                && flow.Find(shortOffer.QuestionId) is { Type: Questionnaire.QuestionType.Text, PersonName: false } nameAt
                && flow.Normaliser.FullerNameOf(shortOffer.Candidates[0].Answer, rest, turn.Language))
            {
                // "sim, camara municipal de evora" at "Queria dizer CM Evora?", "ja, Magistrat der Stadt Graz" at "Magistrat
                // Graz?": the yes with the organisation's fuller name is that name, as typed (session 50: the short form offered
                // was stored, and the name typed lost).
                turn.Progress.Pending = null;
                await answers.RecordAsync(turn, nameAt, rest, cancellationToken);
                return true;
            }
            else if (opening && pending is CandidateConfirmation { Candidates.Count: 1 } unitOffer
                && flow.Find(unitOffer.QuestionId) is { } unitAt && ConversationFlow.IsOrganisation(unitAt)
                && Complement(turn, rest) is { } complement)
            {
                // "ja genau, Integrationsbeauftragte Stelle" at "Meinten Sie Landratsamt Ravensburg?", "oui c'est ça, service
                // insertion" (session 58: the organisation stored, the unit's name lost): a yes followed by words that are no
                // yes, no, thanks or command is the yes plus a complement, the organisation offered with its unit after it.
                turn.Progress.Pending = null;
                await answers.RecordAsync(turn, unitAt, $"{unitOffer.Candidates[0].Answer}, {complement}", cancellationToken);
                return true;
            }
            else if (opening && pending is CandidateConfirmation { Candidates.Count: 1 } earlier
                && flow.Find(earlier.QuestionId) is { Type: Questionnaire.QuestionType.Longtext } listAt
                && text.TrimEnd() is var typed && typed.EndsWith(rest, StringComparison.Ordinal)
                && flow.Normaliser.AddedAfterYes(typed[..^rest.Length], rest, turn.Language) is { } added)
            {
                // "oui + la mission locale" at "You wrote earlier: «pole emploi et forum refugies». Take it here?" (the lead's
                // Lyon play, session 52): the offer with what the yes adds (the whole message was stored as the partners).
                turn.Progress.Pending = null;
                var addition = ConversationFlow.IsPartners(listAt) ? flow.Normaliser.PartnersList(added, turn.Language) : added;
                await answers.RecordAsync(turn, listAt, $"{earlier.Candidates[0].Answer}, {addition}", cancellationToken);
                return true;
            }
            else if (commands.Find(rest) is { } after)
            {
                if (pending is SubmitConfirmation && after.Match.Name == CommandNames.Submit)
                {
                    yes = opening; // "ja, abschicken", "yes, send it"
                }
                else
                {
                    // "nein, das Budget ist falsch", "no, change the budget" at "submit now?": the command after the no is what
                    // is asked for (the no alone was read, and the last question came again).
                    turn.Progress.Pending = null;
                    HintOtherLanguage(turn, after.Match);
                    await after.Handler.RunAsync(turn, after.Match, cancellationToken);
                    return true;
                }
            }
            else if (!opening && pending is SkipAheadConfirmation { Read: not null } declined && flow.Find(declined.QuestionId) is { Type: Questionnaire.QuestionType.Longtext } declinedAt
                && TextKey.Words(rest).Length >= 4)
            {
                // "nein, die Ausgangslage war: viele wussten nicht wohin" where "ca. 2500 pro Jahr", typed at the situation, is
                // offered at the people reached (session 47): the no with the long text it meant is that text's answer, and the
                // offer waits for its question, as when passed over (the no alone was read: the 2,500 stored as the situation,
                // the situation typed lost).
                turn.Progress.Pending = null;
                if (flow.Find(declined.NextQuestionId) is { } offeredAt && !flow.IsAnswered(turn, offeredAt))
                {
                    (turn.Progress.OfferedAhead ??= [])[offeredAt.Id] = declined.Text;
                }
                await answers.RecordAsync(turn, declinedAt, rest, cancellationToken);
                return true;
            }
        }
        int? option = null;
        if (pending is CandidateConfirmation { Candidates.Count: > 1 } several)
        {
            if (turn.Input.Value is null && TextKey.Fold(text) == TextKey.Fold(flow.PickNoneLabel(turn.Language)))
            {
                yes = false; // "None of these", the pick's own decline button sent as text (web chat's suggested action)
            }
            // A candidate typed as shown ("40" of "30, 40") first, then its number or its place ("the second", "il
            // secondo"); a number past the list ("55") is no option: it is a new answer to the same question.
            option = turn.Input.Value is OptionPicked picked ? picked.Number
                : several.Candidates.Select((c, i) => (c, i)).Where(x => TextKey.Fold(x.c.Display) == TextKey.Fold(text)).Select(x => (int?)x.i + 1).FirstOrDefault()
                ?? ((ParseOption(text) ?? commands.Parser.OrdinalPick(text)) is int n && n >= 1 && n <= several.Candidates.Count ? n : null);
            if (option is not null)
            {
                yes = true;
            }
        }
        if (pending is SlipConfirmation slip && yes is not null && match is null)
        {
            turn.Progress.Pending = null;
            if (yes.Value && commands.TryGet(slip.Command, out var slipped))
            {
                await slipped.RunAsync(turn, new CommandMatch(slip.Command, "", "", []), cancellationToken);
            }
            else if (flow.Find(slip.QuestionId) is { } slipQuestion)
            {
                await answers.RecordAsync(turn, slipQuestion, slip.Text, cancellationToken);
            }
            return true;
        }
        if (yes is not null)
        {
            await confirmations.ResolveAsync(turn, pending, yes.Value, option, cancellationToken);
            return true;
        }
        if (match?.Name == CommandNames.Summary)
        {
            // "summary" at "send it now?" (or at any question the bot asked): read it, then the same question again.
            return false;
        }
        if (match is not null && turn.Input.Value is null && await KeptPendingAsync(turn, pending, match, cancellationToken))
        {
            return true;
        }
        if (match is not null || turn.Input.Value is not null)
        {
            // Another command or a card: the question is dropped.
            turn.Progress.Pending = null;
            return false;
        }
        if (pending is ChoiceContradictedConfirmation contradicted && flow.Find(contradicted.QuestionId) is { } detailed
            && flow.Find(contradicted.ChoiceId) is { } contradictedChoice)
        {
            // Neither yes nor no to "your text speaks of advice: change the role to it?": options of the role typed as they are
            // ("conseil seulement") are its new answer; anything else keeps the role, and answers the question after the details
            // (it never replaces the details, which the question said were kept).
            turn.Progress.Pending = null;
            turn.Progress.QuestionId = detailed.Id;
            if (flow.Normaliser.Normalise(contradictedChoice.Id, text, turn.Language, AnswerRecorder.ContextOf(turn, contradictedChoice))
                is { Ok: true, NeedsConfirmation: false, OtherText: null, Declined: false })
            {
                await answers.ChangeChoiceAfterDetailsAsync(turn, detailed, contradictedChoice, text, typed: null, cancellationToken);
                return true;
            }
            answers.MoveOn(turn, detailed);
            if (turn.Progress.Pending is null && turn.Progress.QuestionId is { } nowId && nowId != detailed.Id && flow.Find(nowId) is { } now && !flow.IsAnswered(turn, now))
            {
                turn.Withdraw(now.Id);
                await answers.RecordAsync(turn, now, text, cancellationToken);
            }
            return true;
        }
        if (pending is OtherConfirmation other && flow.Find(other.QuestionId) is { } kept && answers.AnswersTheNextQuestion(turn, kept, text) is { } next)
        {
            // Neither yes nor no nor an option of this question, but a clear answer to the next one ("we lead it" after
            // "social housing cooperative" was kept under Other): a hurried contributor moved on. The words stay under
            // "Other", as the card said, and this answers the next question (it used to replace them as "Other").
            turn.Progress.Pending = null;
            if (turn.Progress.ReturnTo == next.Id)
            {
                turn.Progress.ReturnTo = null;
            }
            await answers.RecordAsync(turn, next, text, cancellationToken);
            return true;
        }
        if (pending is OtherConfirmation waiting && flow.Find(waiting.QuestionId) is { } held
            && (answers.ReadsAsTheNextLongText(turn, held, text) ?? answers.NamesTheNextChoice(turn, held, text)) is { } typedFor)
        {
            // A sentence that names no option here, where the next question asks for a long text: the contributor moved on
            // without confirming. Asked, never assumed (it used to replace the answer with itself under "Other"). So are words
            // naming none of this choice's options but some of the next choice's, with more left over than a clear answer
            // there has (session 55: "nyanlända kvinnor, många med små barn hemma" past the areas' "confirm it, or choose"
            // replaced the areas' Other): the Other kept as it was, the words taken there on a yes.
            flow.Confirm(turn, new MovedOnConfirmation(held.Id, typedFor.Id, text));
            return true;
        }
        if (pending is CandidateConfirmation offeredName && flow.Find(offeredName.QuestionId) is { Type: Questionnaire.QuestionType.Text } named
            && !flow.IsAnswered(turn, named) && answers.AddressOfAnotherQuestion(turn, named, text) is not null)
        {
            // Session 43's Spanish run: "lucia gomez, diputacion de malaga" offered the organisation, then the e-mail address
            // typed past the offer was noted and the organisation asked blank (the offer lost; "no tengo", meant for the
            // phone, became the organisation). The address is noted, then the same offer again.
            turn.Progress.Pending = null;
            await answers.RecordAsync(turn, named, text, cancellationToken);
            if (turn.Progress.Pending is null && turn.Progress.QuestionId == named.Id && !flow.IsAnswered(turn, named))
            {
                flow.Confirm(turn, offeredName);
            }
            return true;
        }
        if (pending is SkipAheadConfirmation { Read: null } ahead && flow.Find(ahead.QuestionId) is { Required: false } skippedAt
            && AnswerRecorder.NoAttemptAt(skippedAt, text) && commands.Parser.Correction(text) is null && !flow.HasOfferWaiting(turn, skippedAt))
        {
            // Session 43's Spanish run: the title typed at the optional phone was offered at the title, then "españa",
            // "andalucia", "la diputacion" typed on were each offered at the title in turn, the phone asked over and over. A
            // message that is no attempt at the phone either says the contributor moved on: the offer is taken (the phone
            // skipped, the first message the title) and this one answers the question asked next.
            await confirmations.ResolveAsync(turn, ahead, yes: true, option: null, cancellationToken);
            if (turn.Progress.Pending is null && turn.Progress.QuestionId is { } nowId && nowId != ahead.QuestionId
                && flow.Find(nowId) is { } now && !flow.IsAnswered(turn, now))
            {
                await answers.RecordAsync(turn, now, text, cancellationToken);
            }
            return true;
        }
        if (pending is SkipAheadConfirmation { Read: not null } left && flow.Find(left.QuestionId) is { } leftAt && flow.HasOfferWaiting(turn, leftAt)
            && flow.Find(left.NextQuestionId) is { } leftFor && !flow.IsAnswered(turn, leftFor) && flow.IndexOf(leftFor) + 1 < flow.Questions.Count
            && flow.Questions[flow.IndexOf(leftFor) + 1] is { Type: not (Questionnaire.QuestionType.Text or Questionnaire.QuestionType.Longtext) } afterIt
            && afterIt.Id != leftAt.Id && !flow.IsAnswered(turn, afterIt)
            && flow.Normaliser.Normalise(afterIt.Id, text, turn.Language, AnswerRecorder.ContextOf(turn, afterIt))
                is { Ok: true, OtherText: null, NeedsConfirmation: false, Declined: false })
        {
            // Session 51's Graz play: the partners named with the lead offered, "seit 2022" typed there and offered at the start,
            // then "läuft noch" typed on (the start was taken as yes, and the partners passed over with their offer). A reply
            // that answers neither offer takes none: each waits for its question (the start typed, then the end typed on), and
            // the question typed at comes again with its own offer.
            turn.Progress.Pending = null;
            var leftWaiting = turn.Progress.OfferedAhead ??= [];
            leftWaiting[leftFor.Id] = left.Text;
            leftWaiting[afterIt.Id] = text;
            turn.Progress.QuestionId = leftAt.Id;
            flow.AskOffering(turn, leftAt);
            return true;
        }
        if (pending is SkipAheadConfirmation { Read: not null } fact && flow.Find(fact.QuestionId) is { } typedAt && !flow.HasOfferWaiting(turn, typedAt)
            && flow.Find(fact.NextQuestionId) is { } meant && flow.IndexOf(meant) + 1 < flow.Questions.Count
            && flow.Questions[flow.IndexOf(meant) + 1] is { Type: not (Questionnaire.QuestionType.Text or Questionnaire.QuestionType.Longtext) } then
            && then.Id != typedAt.Id && !flow.IsAnswered(turn, then)
            && flow.Normaliser.Normalise(then.Id, text, turn.Language, AnswerRecorder.ContextOf(turn, then))
                is { Ok: true, OtherText: null, NeedsConfirmation: false, Declined: false })
        {
            // Session 44's Swedish run: "startade hösten 2022" typed at the regional authority's contribution was offered at the
            // start date, then "pågår fortfarande, minst till slutet av 2025" typed on, the answer to the end date that comes
            // after it, was stored as the contribution (the offer lost). Typing on in the offer's order takes the offer, answers
            // the question after it, then the question it was typed at again.
            // Not where an offer of its own waits for the question typed at (session 51's Graz play: the partners named with the
            // lead, offered, "seit 2022" typed there and offered at the start, then the end typed on: the start was taken as yes
            // and the partners passed over, their offer lost): there the reply is a new answer to it, as any other (below).
            // An optional question typed past twice is passed over, not asked again (session 48's Walloon official: the
            // partners typed at the optional contribution, the start date typed on, then "toujours en cours", meant for the
            // end date, was stored as the contribution it came back to): left open, said with how to answer it later.
            await confirmations.ResolveAsync(turn, fact, yes: true, option: null, cancellationToken);
            if (turn.Progress.Pending is null && !flow.IsAnswered(turn, then))
            {
                if (typedAt.Required || flow.IsAnswered(turn, typedAt))
                {
                    turn.Progress.ReturnTo = typedAt.Id;
                }
                else
                {
                    if (!turn.Progress.Skipped.Contains(typedAt.Id))
                    {
                        turn.Progress.Skipped.Add(typedAt.Id);
                    }
                    turn.Withdraw(typedAt.Id);
                    turn.Say(flow.Text(ConversationMessageKeys.OptionalPassedOver, turn.Language, ("question", typedAt.Label.In(turn.Language)),
                        ("number", (flow.IndexOf(typedAt) + 1).ToString(CultureInfo.InvariantCulture))));
                }
                await answers.RecordAsync(turn, then, text, cancellationToken);
            }
            return true;
        }
        if (pending is MovedOnConfirmation moved && flow.Find(moved.QuestionId) is { } movedFrom
            && await TypedOnPastMovedOnAsync(turn, moved, movedFrom, text, cancellationToken))
        {
            return true;
        }
        if (pending is CandidateConfirmation offered && flow.Find(offered.QuestionId) is { } asked
            && answers.NarrowedChoice(turn, asked, offered, text) is { } narrowed)
        {
            // "ΕΚΤ+" typed, not picked, where "ΤΑΜΕ και ΕΣΠΑ" offered AMIF with ESF+ or with ERDF: AMIF was lost.
            turn.Progress.Pending = null;
            await answers.StoreAsync(turn, asked, narrowed, offered.Original, cancellationToken);
            return true;
        }
        if (pending is CandidateConfirmation unpicked && flow.Find(unpicked.QuestionId) is { IsChoice: true } unanswered && !flow.IsAnswered(turn, unanswered)
            && answers.AnswersTheNextQuestion(turn, unanswered, text) is { } nextInstead)
        {
            // "150.000 ευρώ" typed past "“ΕΣΠΑ” can mean ESF+ or ERDF: which?" (chat42's Greek run: stored as "Other" in the
            // funding sources, and each message after it too): the budget answered, then the funding sources asked again, blank
            // (nothing picked is nothing stored).
            turn.Progress.Pending = null;
            turn.Progress.ReturnTo ??= unanswered.Id;
            await answers.RecordAsync(turn, nextInstead, text, cancellationToken);
            return true;
        }
        if (pending is CandidateConfirmation periodEnd && flow.Find(periodEnd.QuestionId) is { } endAt
            && answers.TypedOnPastPeriodEnd(turn, endAt, periodEnd, text) is { } typedOn)
        {
            // "gennaio 2021, ancora in corso" at the start, "still running?" asked, then "salute e accesso ai servizi" (chatplay48:
            // refused as no date, and each answer after it): the end she typed is taken, then the answer she went on to.
            turn.Progress.Pending = null;
            await answers.StoreAsync(turn, endAt, periodEnd.Candidates[0].Answer, periodEnd.Original, cancellationToken);
            if (flow.IsAnswered(turn, endAt) && turn.Progress.Pending is null)
            {
                turn.Progress.QuestionId = typedOn.Id;
                await answers.RecordAsync(turn, typedOn, text, cancellationToken);
            }
            return true;
        }
        if (pending is CandidateConfirmation { Candidates.Count: 1 } offer && flow.Find(offer.QuestionId) is { Required: false, IsChoice: false } optional
            && !flow.IsAnswered(turn, optional) && answers.RefusedPastOffer(turn, optional, text) is var (refusal, movedTo))
        {
            // "Vous avez écrit plus haut : « 80 000 € par an ». Dois-je reprendre 80 000 € ici ?" at the optional budget passed
            // over with prose (chat46's French run: every message after it refused as no amount, a late "oui" too: the offer
            // was dropped). Prose the next question reads moves on: the question left open, said, the offer kept for when it
            // comes again. Anything else refused there: the refusal, then the same offer, so a yes still takes it.
            turn.Progress.Pending = null;
            if (movedTo is not null)
            {
                if (!turn.Progress.Skipped.Contains(optional.Id))
                {
                    turn.Progress.Skipped.Add(optional.Id);
                }
                (turn.Progress.OfferedAhead ??= [])[optional.Id] = offer.Original;
                turn.Say(flow.Text(ConversationMessageKeys.OfferLeftOpen, turn.Language, ("question", optional.Label.In(turn.Language)),
                    ("value", offer.Candidates[0].Display), ("next", movedTo.Label.In(turn.Language))));
                turn.Progress.QuestionId = movedTo.Id;
                await answers.RecordAsync(turn, movedTo, text, cancellationToken);
                return true;
            }
            turn.Say(refusal);
            turn.Progress.QuestionId = optional.Id;
            flow.Confirm(turn, offer);
            return true;
        }
        if (pending is CandidateConfirmation regionGuess && flow.Find(regionGuess.QuestionId) is { Type: Questionnaire.QuestionType.Region } guessedRegion
            && !flow.IsAnswered(turn, guessedRegion) && answers.OrganisationAtRegion(turn, guessedRegion, text) is { } organisationQuestion)
        {
            // "la Junta, a través de la Consejería de Desarrollo Educativo" where "¿Quería decir Andalucía?" waits (chatplay46: kept
            // as an unknown region, Andalucía lost): an organisation is no region. It is noted where it belongs, then the
            // region again with its guess, so a yes still takes it.
            turn.Progress.Pending = null;
            turn.Progress.ReturnTo = guessedRegion.Id;
            await answers.StoreElsewhereAsync(turn, organisationQuestion, text, cancellationToken);
            if (turn.Progress.Pending is null && turn.Progress.QuestionId == guessedRegion.Id && !flow.IsAnswered(turn, guessedRegion))
            {
                flow.Confirm(turn, regionGuess);
            }
            return true;
        }
        if (pending is CandidateConfirmation guess && TextKey.Fold(text).Length == 0 && Thumbs(text) is null
            && flow.Find(guess.QuestionId) is { Required: true } guessedAt && !flow.IsAnswered(turn, guessedAt))
        {
            // "-", "?", "..." where "Did you mean Direct: leader?" waits at a required question (session 43: the dash was read
            // as a new answer, "This question needs an answer", and the guess was lost): nothing said either way; the guess is
            // kept and asked again plainly.
            if (guess.Candidates.Count == 1)
            {
                turn.Say(flow.Text(Localisation.MessageKeys.YesNo, turn.Language));
            }
            flow.Confirm(turn, guess);
            return true;
        }
        if (pending is OtherConfirmation or CandidateConfirmation or SkipAheadConfirmation or MovedOnConfirmation or SlipConfirmation or ReplaceConfirmation)
        {
            // Neither yes nor no: a new answer to the same question. An offer of the words at another question waits for that
            // question (session 45: the budget typed at the funding sources, offered at the budget, then the sources typed: the
            // budget was asked blank and the amount lost).
            if (pending is SkipAheadConfirmation passedOver && flow.Find(passedOver.NextQuestionId) is { } offeredAt && !flow.IsAnswered(turn, offeredAt))
            {
                (turn.Progress.OfferedAhead ??= [])[offeredAt.Id] = passedOver.Text;
            }
            turn.Progress.Pending = null;
            turn.AnswersOtherConfirmation = pending is OtherConfirmation;
            turn.PassedOverGuess = pending as CandidateConfirmation;
            return false;
        }
        if (pending is SubmitConfirmation && await SectionCorrectionAsync(turn, text, cancellationToken))
        {
            return true;
        }
        flow.Confirm(turn, pending);
        return true;
    }

    /// <summary>
    /// A correction where "submit now?" waits that names the part of the questionnaire first ("in the funding part it's 50k
    /// not 80k", "en la parte de contacto el teléfono es 954 123 456", "bei der veröffentlichung natürlich ja": chatplay46, each
    /// ignored and "submit now?" asked again). After words leading in, a correction naming its question is that correction;
    /// else a section named by a word of its title (one section only): its one question that reads the words after that word
    /// as they are is corrected; none or several, the section's questions are listed to pick with "change N", and "submit
    /// now?" waits. False when no section or question is named.
    /// </summary>
    private async Task<bool> SectionCorrectionAsync(Turn turn, string text, CancellationToken cancellationToken)
    {
        var words = TextKey.Words(text);
        var spans = TextKey.WordSpans(text);
        if (spans.Count != words.Length || words.Length < 3)
        {
            return false;
        }
        // The words leading in ("in the contact part") open the correction as correction words do ("sorry the phone is …").
        var opener = flow.Questionnaire.Vocabulary.Corrections.In(turn.Language).FirstOrDefault() ?? "";
        // The shortest first: "contacto el teléfono es 954 123 456" would read "contacto" as the name.
        for (var i = words.Length - 2; i >= 1; i--)
        {
            var rest = opener + " " + text[spans[i].Start.Value..];
            if (commands.Parser.NamedCorrection(rest, turn.Language) is var (number, values, _) && AnsweredQuestion(turn, number) is { } named
                && await answers.CorrectBeforeSubmittingAsync(turn, named, values, cancellationToken, valueNamed: true))
            {
                return true;
            }
        }
        var language = turn.Language;
        var fillers = flow.Normaliser.Words.For(language).Fillers;
        string? Stem(string word) => word.Length >= 4 && fillers.LongestAt([word], 0) == 0 ? WordStemmer.Stem(word, language) : null;
        var sections = flow.Questionnaire.Sections.Select(s => (Section: s, Stems: TextKey.Words(s.Label.In(language)).Select(Stem).OfType<string>().ToHashSet())).ToList();
        for (var i = 0; i < words.Length - 1; i++)
        {
            if (Stem(words[i]) is not { } stem || sections.Where(s => s.Stems.Contains(stem)).ToList() is not [var (section, _)])
            {
                continue;
            }
            var after = text[spans[i + 1].Start.Value..].Trim();
            var inSection = flow.Questions.Where(q => q.Section == section.Id).ToList();
            // "part it's 50k not 80k": as typed, before its "not …", then without one to three words leading to the value (those
            // only to store: "1,5 millones" read at the funding sources is options 1 and 5).
            var cut = commands.Parser.BeforeInsteadOf(after, language);
            var cutSpans = TextKey.WordSpans(cut);
            var readings = new List<string> { after, cut };
            readings.AddRange(Enumerable.Range(1, Math.Min(3, cutSpans.Count - 1)).Select(n => cut[cutSpans[n].Start.Value..]));
            var fits = inSection.Where(q => q.Type is not (Questionnaire.QuestionType.Text or Questionnaire.QuestionType.Longtext)
                && flow.Normaliser.Normalise(q.Id, cut, language, AnswerRecorder.ContextOf(turn, q))
                    is { Ok: true, NeedsConfirmation: false, OtherText: null, Declined: false, Value: not null }).ToList();
            if (fits is [var one] && await answers.CorrectBeforeSubmittingAsync(turn, one, [.. readings.Skip(1)], cancellationToken))
            {
                return true;
            }
            turn.Say(flow.Text(ConversationMessageKeys.SectionWhich, language, ("section", section.Label.In(language)), ("list", flow.NumberedLabels(inSection, language)),
                ("example", flow.IndexOf(inSection[0]) + 1)));
            flow.Confirm(turn, new SubmitConfirmation());
            return true;
        }
        return false;
    }

    /// <summary>
    /// "help", "glossary …", or "skip" at a required question still open, typed where a guess or an offer about that question
    /// waits ("Did you mean Direct: leader, Indirect: funding?", chat42's English run): the command is answered, then the same
    /// guess again, so its yes still takes it (skip said the question is required and asked it blank: the answer typed was
    /// lost, and what the contributor typed on was read at the role question over and over). True when handled so.
    /// </summary>
    private async Task<bool> KeptPendingAsync(Turn turn, PendingConfirmation pending, CommandMatch match, CancellationToken cancellationToken)
    {
        if (pending is not (CandidateConfirmation or MovedOnConfirmation or SkipAheadConfirmation)
            || PendingConfirmation.QuestionOf(pending) is not { } id || flow.Find(id) is not { } waiting)
        {
            return false;
        }
        if (match.Name == CommandNames.Skip && match.Argument.Length == 0 && waiting.Required && !flow.IsAnswered(turn, waiting) && pending is CandidateConfirmation)
        {
            turn.Say(flow.Text(ConversationMessageKeys.CannotSkip, turn.Language));
        }
        else if (match.Name is CommandNames.Help or CommandNames.Glossary && commands.TryGet(match.Name, out var handler))
        {
            // The waiting question is the one on screen: "was heißt das?" asks about it (it was "«das» is not in the glossary").
            turn.Progress.QuestionId = waiting.Id;
            HintOtherLanguage(turn, match);
            await handler.RunAsync(turn, match, cancellationToken);
        }
        else
        {
            return false;
        }
        turn.Progress.QuestionId = waiting.Id;
        flow.Confirm(turn, pending);
        return true;
    }

    /// <summary>
    /// Neither yes nor no where "keep the target groups and take this as the context?" waits (session 41: "circa 1500 utenti
    /// all'anno" then replaced the target groups). An option of the choice named as it is (or a guess at one) is a new answer
    /// to it: false. Another sentence naming none (four words or more) says the contributor typed on: the offer is taken (the
    /// choice kept, the sentence offered as the long text) and the new one answers the long text asked next. Anything else:
    /// the offer again, the choice untouched.
    /// </summary>
    private async Task<bool> TypedOnPastMovedOnAsync(Turn turn, MovedOnConfirmation moved, Questionnaire.Question kept, string text, CancellationToken cancellationToken)
    {
        var again = flow.Normaliser.Normalise(kept.Id, text, turn.Language, AnswerRecorder.ContextOf(turn, kept));
        if ((again.Ok && again.OtherText is null) || again.NeedsConfirmation)
        {
            return false;
        }
        if (TextKey.Words(text).Length < 4)
        {
            flow.Confirm(turn, moved);
            return true;
        }
        await confirmations.ResolveAsync(turn, moved, yes: true, option: null, cancellationToken);
        if (turn.Progress.Pending is null && turn.Progress.QuestionId is { } nowId && nowId != moved.NextQuestionId
            && flow.Find(nowId) is { Type: Questionnaire.QuestionType.Longtext } nowAsked && !flow.IsAnswered(turn, nowAsked))
        {
            await answers.RecordAsync(turn, nowAsked, text, cancellationToken);
        }
        return true;
    }

    private async Task AfterSubmissionAsync(Turn turn, CommandMatch? match, string text, CancellationToken cancellationToken)
    {
        if (match?.Name == CommandNames.Restart)
        {
            turn.Progress.SubmittedReference = null;
            turn.Progress.Skipped.Clear();
            turn.Progress.QuestionId = null;
            flow.Continue(turn, greet: true);
            return;
        }
        if (match?.Name == CommandNames.Language && languages.Named(text, match) is { } switched)
        {
            await languages.SwitchAsync(turn, switched, cancellationToken);
        }
        turn.Say(flow.Text(ConversationMessageKeys.AlreadySubmitted, turn.Language, ("reference", turn.Progress.SubmittedReference)));
    }

    private void HintOtherLanguage(Turn turn, CommandMatch command)
    {
        if (turn.Progress.OtherLanguageHinted || command.Name == CommandNames.Language
            || command.KeywordLanguages.Count == 0 || command.KeywordLanguages.Contains(turn.Language, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }
        var other = flow.Questionnaire.Languages.FirstOrDefault(l => command.KeywordLanguages.Contains(l.Code, StringComparer.OrdinalIgnoreCase));
        if (other is null)
        {
            return;
        }
        turn.Progress.OtherLanguageHinted = true;
        turn.Say(flow.Text(ConversationMessageKeys.OtherLanguage, other.Code, ("language", other.Name), ("code", other.Code)));
    }

    private static int? ParseOption(string text) =>
        int.TryParse(text.Trim().TrimEnd('.', ')'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
