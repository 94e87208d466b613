using System.Globalization;
using Humanizer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Regin.Core;
using Regin.Core.Intake;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Persistence.Entities;
using Regin.Core.Presentation;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Chat.Engine;

/// <summary>
/// The questionnaire as a conversation: text in, replies out. Everything it says comes from the questionnaire and its locale files; the
/// answers go through the core's intake service, so they are normalised and stored the same way as by e-mail. It knows
/// nothing of the Bot Framework: the hosting layer loads and saves the two small state objects around each turn.
/// </summary>
public sealed class ConversationEngine(
    IntakeService intake,
    AnswerNormaliser normaliser,
    ValueFormatter formatter,
    Texts texts,
    CommandParser commands,
    IOptions<ChatOptions> options,
    TimeProvider clock,
    ILogger<ConversationEngine> logger)
{
    private const string PendingRestart = "restart";
    private const string PendingSubmit = "submit";
    /// <summary>A researcher asked for changes: free text is not an answer until the contributor picks a question ("change N").</summary>
    private const string PendingChanges = "changes";

    private QuestionnaireDefinition Questionnaire => normaliser.Questionnaire;

    private IReadOnlyList<Question> Questions => Questionnaire.Questions;

    public async Task<IReadOnlyList<ChatReply>> HandleAsync(ChatInput input, ConversationProgress progress, ContributorProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(profile);
        var turn = new Turn(input, progress, profile, new ContributorKey(input.Channel, input.UserId), clock.GetUtcNow());
        turn.Practice = await intake.FindOpenDraftAsync(turn.Contributor, cancellationToken);
        await HandleTurnAsync(turn, cancellationToken);
        progress.PracticeId = turn.Practice?.Id ?? progress.PracticeId;
        var seenBefore = profile.LastSeenAt;
        progress.LastTurnAt = turn.Now;
        profile.LastSeenAt = turn.Now;
        logger.LogDebug("Chat turn of {Contributor} in {Conversation}: {Replies} replies, question {Question} (last seen {SeenBefore})",
            turn.Contributor, input.ConversationId, turn.Replies.Count, progress.QuestionId, seenBefore);
        return turn.Replies;
    }

    /// <summary>
    /// A researcher asked for changes to <paramref name="practiceId"/> (the caller sends their message). When it is the
    /// contributor's open practice, this conversation goes on from it: "change N", "summary" and "submit" work as usual, and
    /// the reply says so. Otherwise nothing changes and there is no reply.
    /// </summary>
    public async Task<IReadOnlyList<ChatReply>> ReopenForChangesAsync(ChatInput input, ConversationProgress progress, ContributorProfile profile, Guid practiceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(profile);
        var turn = new Turn(input, progress, profile, new ContributorKey(input.Channel, input.UserId), clock.GetUtcNow());
        turn.Practice = await intake.FindOpenDraftAsync(turn.Contributor, cancellationToken);
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
        progress.QuestionId = ResumeQuestion(turn).Id;
        progress.Pending = PendingChanges;
        progress.LastTurnAt = turn.Now;
        turn.Say(texts.Get(BotMessageKeys.ChangesRequestedNext, turn.Language));
        logger.LogInformation("Chat conversation {Conversation} reopened for changes to {Reference}", input.ConversationId, turn.Practice.Reference);
        return turn.Replies;
    }

    /// <summary>The apology of a failed turn, in the conversation's language.</summary>
    public string ErrorMessage(ConversationProgress? progress, string? locale) =>
        texts.Get(BotMessageKeys.Error, progress?.Language ?? Languages.FromLocale(locale) ?? Languages.Default);

    private async Task HandleTurnAsync(Turn turn, CancellationToken cancellationToken)
    {
        var (input, progress, profile) = (turn.Input, turn.Progress, turn.Profile);
        var text = input.Text?.Trim() ?? "";
        var command = input.IsConversationStart ? null : commands.Parse(text);

        // 1. The language: stored preference, then the activity's locale, then Teams' client locale, else ask.
        var language = progress.Language ?? profile.Language ?? turn.Practice?.Language
            ?? Languages.FromLocale(input.Locale) ?? Languages.FromLocale(input.ClientLocale);
        if (progress.AwaitingLanguage && !input.IsConversationStart)
        {
            var chosen = CommandParser.ParseLanguage(command?.Kind == ChatCommandKind.Language ? command.Argument : text, Questionnaire);
            if (chosen is not null)
            {
                progress.AwaitingLanguage = false;
                await SwitchLanguageAsync(turn, chosen, cancellationToken);
                Continue(turn, greet: progress.QuestionId is null);
                return;
            }
            if (language is null || command?.Kind == ChatCommandKind.Language)
            {
                AskLanguage(turn);
                return;
            }
            progress.AwaitingLanguage = false;
        }
        if (language is null)
        {
            AskLanguage(turn);
            return;
        }
        turn.Language = language;
        progress.Language ??= language;
        profile.Language ??= language;

        if (!input.IsGroup && input.IsOtherContributorsConversation && progress.LastTurnAt is null)
        {
            turn.Say(texts.Get(BotMessageKeys.NotYourConversation, language));
        }

        // 2. A new conversation, a practice already submitted here, a pause: greet before anything else.
        if (input.IsConversationStart)
        {
            Continue(turn, greet: true);
            return;
        }
        if (turn.Practice is null && progress.SubmittedReference is not null)
        {
            if (command?.Kind == ChatCommandKind.Restart)
            {
                progress.SubmittedReference = null;
                progress.Skipped.Clear();
                progress.QuestionId = null;
                Continue(turn, greet: true);
                return;
            }
            if (command?.Kind == ChatCommandKind.Language && CommandParser.ParseLanguage(command.Argument, Questionnaire) is { } switched)
            {
                await SwitchLanguageAsync(turn, switched, cancellationToken);
            }
            turn.Say(texts.Get(BotMessageKeys.AlreadySubmitted, turn.Language, ("reference", progress.SubmittedReference)));
            return;
        }
        var idle = progress.LastTurnAt is { } lastTurn && turn.Now - lastTurn > options.Value.WelcomeBackAfter;
        if (idle && command is not null && progress.QuestionId is not null && !progress.Paused && turn.Practice is { Answers.Count: > 0 })
        {
            // Back after a long while (Teams keeps one conversation for ever) with a command: greet, then do it.
            SayWelcomeBack(turn, Current(turn));
            progress.Pending = null;
            idle = false;
        }
        if (progress.QuestionId is null || progress.Paused || idle)
        {
            // Not started in this conversation, paused, or back after a long while: the text answers no question.
            if (command?.Kind == ChatCommandKind.Language && CommandParser.ParseLanguage(command.Argument, Questionnaire) is { } chosen)
            {
                await SwitchLanguageAsync(turn, chosen, cancellationToken);
            }
            progress.Paused = false;
            if (progress.Pending == PendingChanges)
            {
                // Welcomed back at a question: the next message answers it.
                progress.Pending = null;
            }
            Continue(turn, greet: true);
            return;
        }

        // 3. What cannot be an answer.
        if (input.AttachmentCount > 0)
        {
            turn.Say(texts.Get(BotMessageKeys.AttachmentIgnored, turn.Language));
            if (text.Length == 0)
            {
                AskCurrent(turn);
                return;
            }
        }
        if (text.Length == 0)
        {
            turn.Say(texts.Get(BotMessageKeys.EmptyMessage, turn.Language));
            AskCurrent(turn);
            return;
        }

        // 4. A yes/no question of ours waits for its answer.
        if (progress.Pending == PendingChanges && command is null)
        {
            // After a researcher's request, a text answers no question yet: say again how to change an answer.
            turn.Say(texts.Get(BotMessageKeys.ChangesRequestedNext, turn.Language));
            return;
        }
        if (progress.Pending is not null)
        {
            var yes = YesNo(text);
            if (yes is not null)
            {
                await ResolvePendingAsync(turn, yes.Value, cancellationToken);
                return;
            }
            if (command is null)
            {
                AskPending(turn);
                return;
            }
            progress.Pending = null;
        }

        // 5. A command, in any of the languages.
        if (command is not null)
        {
            HintOtherLanguage(turn, command);
            await RunCommandAsync(turn, command, cancellationToken);
            return;
        }
        if (text.StartsWith('/') && !text.Contains('\n') && text.Length <= 40)
        {
            // "/start", "/foo": meant as a command, not as an answer.
            turn.Say(texts.Get(BotMessageKeys.UnknownCommand, turn.Language));
            AskCurrent(turn);
            return;
        }
        if (TextKey.Fold(text).Length == 0)
        {
            // Only emoji or punctuation: not an answer to anything.
            turn.Say(texts.Get(BotMessageKeys.EmptyMessage, turn.Language));
            AskCurrent(turn);
            return;
        }

        // 6. An answer to the question on screen.
        await AnswerAsync(turn, text, cancellationToken);
    }

    private async Task AnswerAsync(Turn turn, string text, CancellationToken cancellationToken)
    {
        var question = Current(turn);
        var practice = await PracticeAsync(turn, cancellationToken);
        var outcome = await intake.RecordAnswerAsync(practice.Id, question.Id, text, turn.Language, turn.Contributor.ToString(), cancellationToken);
        if (!outcome.Stored)
        {
            // The core's explanations may quote the contributor's words: shown as text, never as markup.
            turn.Say(ChatText.Escape(outcome.Answer.Error ?? texts.Get(BotMessageKeys.Error, turn.Language)));
            Ask(turn, question);
            return;
        }
        turn.Practice = await intake.LoadAsync(practice.Id, cancellationToken);
        turn.Progress.Skipped.Remove(question.Id);
        var stored = turn.Practice.Answers.First(a => a.QuestionId == question.Id);
        var noted = texts.Get(BotMessageKeys.Noted, turn.Language, ("value", Display(turn, question, stored)));
        foreach (var warning in outcome.Answer.Warnings)
        {
            noted += "\n\n" + ChatText.Escape(warning);
        }
        turn.Say(noted);
        if (turn.Progress.ReturnTo is { } returnTo && returnTo != question.Id && Find(returnTo) is { } back && !IsAnswered(turn, back))
        {
            turn.Progress.ReturnTo = null;
            Ask(turn, back);
            return;
        }
        turn.Progress.ReturnTo = null;
        AskNext(turn, IndexOf(question));
    }

    private async Task RunCommandAsync(Turn turn, ChatCommand command, CancellationToken cancellationToken)
    {
        var language = turn.Language;
        var question = Current(turn);
        switch (command.Kind)
        {
            case ChatCommandKind.Help:
                turn.Say($"{texts.Get(BotMessageKeys.HelpTitle, language)} **{question.Label.In(language)}**\n\n{question.Help.In(language)}\n\n{texts.Get(BotMessageKeys.Commands, language)}");
                break;
            case ChatCommandKind.Glossary:
                Glossary(turn, command.Argument);
                break;
            case ChatCommandKind.Skip when question.Required:
                turn.Say(texts.Get(BotMessageKeys.CannotSkip, language));
                Ask(turn, question);
                break;
            case ChatCommandKind.Skip:
                if (!turn.Progress.Skipped.Contains(question.Id))
                {
                    turn.Progress.Skipped.Add(question.Id);
                }
                turn.Say(texts.Get(BotMessageKeys.Skipped, language));
                AskNext(turn, IndexOf(question));
                break;
            case ChatCommandKind.Back when IndexOf(question) == 0:
                turn.Say(texts.Get(BotMessageKeys.BackAtStart, language));
                Ask(turn, question);
                break;
            case ChatCommandKind.Back:
                Ask(turn, Questions[IndexOf(question) - 1]);
                break;
            case ChatCommandKind.Change:
                Change(turn, command.Argument);
                break;
            case ChatCommandKind.Summary:
                turn.Say(Summary(turn));
                Ask(turn, question);
                break;
            case ChatCommandKind.Pause:
                turn.Progress.Paused = true;
                turn.Say(texts.Get(BotMessageKeys.Paused, language, ("current", IndexOf(question) + 1)));
                break;
            case ChatCommandKind.Continue:
                Ask(turn, question);
                break;
            case ChatCommandKind.Restart:
                turn.Progress.Pending = PendingRestart;
                AskPending(turn);
                break;
            case ChatCommandKind.Submit:
                var missing = turn.Practice is null ? Questions.Where(q => q.Required).ToList() : intake.Missing(turn.Practice);
                if (missing.Count > 0)
                {
                    turn.Say(texts.Get(BotMessageKeys.SubmitMissing, language, ("list", NumberedLabels(missing, language))));
                    Ask(turn, missing.Contains(question) ? question : missing[0]);
                    break;
                }
                turn.Say(Summary(turn));
                turn.Progress.Pending = PendingSubmit;
                AskPending(turn);
                break;
            case ChatCommandKind.Language:
                var chosen = CommandParser.ParseLanguage(command.Argument, Questionnaire);
                if (chosen is null)
                {
                    AskLanguage(turn);
                    break;
                }
                await SwitchLanguageAsync(turn, chosen, cancellationToken);
                Ask(turn, question);
                break;
            case ChatCommandKind.Email:
                turn.Say(texts.Get(BotMessageKeys.EmailRoute, language,
                    ("mailbox", options.Value.Mailbox),
                    ("txt_url", TemplateUrl(language, "txt")),
                    ("docx_url", TemplateUrl(language, "docx"))));
                break;
            default:
                turn.Say(texts.Get(BotMessageKeys.UnknownCommand, language));
                break;
        }
    }

    private async Task ResolvePendingAsync(Turn turn, bool yes, CancellationToken cancellationToken)
    {
        var pending = turn.Progress.Pending;
        turn.Progress.Pending = null;
        var practice = turn.Practice;
        if (pending == PendingRestart)
        {
            if (yes)
            {
                if (practice is not null)
                {
                    foreach (var answer in practice.Answers.ToList())
                    {
                        await intake.ClearAnswerAsync(practice.Id, answer.QuestionId, turn.Contributor.ToString(), cancellationToken);
                    }
                    turn.Practice = await intake.LoadAsync(practice.Id, cancellationToken);
                }
                turn.Progress.Skipped.Clear();
                turn.Progress.ReturnTo = null;
                turn.Say(texts.Get(BotMessageKeys.Restarted, turn.Language));
                Ask(turn, Questions[0]);
                return;
            }
            AskCurrent(turn);
            return;
        }
        if (!yes)
        {
            turn.Say(texts.Get(BotMessageKeys.SubmitCancelled, turn.Language));
            AskCurrent(turn);
            return;
        }
        var outcome = practice is null ? null : await intake.SubmitAsync(practice.Id, turn.Contributor.ToString(), cancellationToken);
        if (outcome is null || !outcome.Submitted)
        {
            var missing = outcome is null ? Questions.Where(q => q.Required).ToList() : Questions.Where(q => outcome.Missing.Contains(q.Id)).ToList();
            turn.Say(texts.Get(BotMessageKeys.SubmitMissing, turn.Language, ("list", NumberedLabels(missing, turn.Language))));
            Ask(turn, missing[0]);
            return;
        }
        turn.Practice = null;
        turn.Progress.SubmittedReference = outcome.Reference;
        turn.Progress.QuestionId = null;
        turn.Progress.Skipped.Clear();
        turn.Profile.QuestionId = null;
        turn.Say(texts.Get(BotMessageKeys.Submitted, turn.Language, ("reference", outcome.Reference)));
    }

    /// <summary>Greets (welcome, or welcome back with where they stopped) and asks the question they are at.</summary>
    private void Continue(Turn turn, bool greet)
    {
        var language = turn.Language;
        var practice = turn.Practice;
        if (practice is not null && practice.Answers.Count > 0)
        {
            var question = ResumeQuestion(turn);
            if (greet)
            {
                SayWelcomeBack(turn, question);
            }
            Ask(turn, question);
            return;
        }
        if (greet)
        {
            turn.Say($"{texts.Get(BotMessageKeys.Welcome, language)}\n\n{texts.Get(BotMessageKeys.Commands, language)}");
        }
        // The draft itself is started with the first answer, so a greeting alone leaves nothing in the database.
        Ask(turn, turn.Progress.QuestionId is { } id && Find(id) is { } current ? current : Questions[0]);
    }

    /// <summary>"Welcome back! You stopped 3 days ago at question 12 (section). 19 questions to go."</summary>
    private void SayWelcomeBack(Turn turn, Question question)
    {
        var language = turn.Language;
        var lastSeen = turn.Profile.LastSeenAt ?? turn.Practice?.UpdatedAt ?? turn.Now;
        var left = Remaining(turn);
        var remaining = texts.Get(left == 1 ? BotMessageKeys.RemainingOne : BotMessageKeys.Remaining, language, ("count", left));
        turn.Say(texts.Get(BotMessageKeys.WelcomeBack, language,
            ("ago", lastSeen.Humanize(turn.Now, Texts.Culture(language))),
            ("current", IndexOf(question) + 1),
            ("section", SectionLabel(question, language)),
            ("remaining", remaining)));
    }

    private async Task SwitchLanguageAsync(Turn turn, string language, CancellationToken cancellationToken)
    {
        turn.Language = language;
        turn.Progress.Language = language;
        turn.Profile.Language = language;
        if (turn.Practice is not null)
        {
            await intake.SetLanguageAsync(turn.Practice.Id, language, cancellationToken);
        }
        turn.Say(texts.Get(BotMessageKeys.LanguageSet, language));
    }

    private void AskLanguage(Turn turn)
    {
        turn.Progress.AwaitingLanguage = true;
        var lines = Questionnaire.Languages.Select(l => texts.Get(BotMessageKeys.ChooseLanguage, l.Code)).Distinct();
        turn.Say(string.Join("\n\n", lines), Questionnaire.Languages.Select(l => l.Name).ToList());
    }

    private void AskPending(Turn turn)
    {
        var key = turn.Progress.Pending == PendingRestart ? BotMessageKeys.RestartConfirm : BotMessageKeys.SubmitConfirm;
        turn.Say(texts.Get(key, turn.Language), YesNoChoices(turn.Language));
    }

    private void AskCurrent(Turn turn) => Ask(turn, Current(turn));

    /// <summary>The next question without an answer after <paramref name="index"/> (then from the start); all answered: the summary and submit.</summary>
    private void AskNext(Turn turn, int index)
    {
        var open = Questions.Select((q, i) => (q, i)).Where(x => IsOpen(turn, x.q)).ToList();
        var next = open.FirstOrDefault(x => x.i > index).q ?? open.FirstOrDefault().q;
        if (next is not null)
        {
            Ask(turn, next);
            return;
        }
        turn.Say(texts.Get(BotMessageKeys.AllAnswered, turn.Language));
        var missing = turn.Practice is null ? [] : intake.Missing(turn.Practice);
        if (missing.Count > 0)
        {
            turn.Say(texts.Get(BotMessageKeys.SubmitMissing, turn.Language, ("list", NumberedLabels(missing, turn.Language))));
            Ask(turn, missing[0]);
            return;
        }
        turn.Say(Summary(turn));
        turn.Progress.Pending = PendingSubmit;
        AskPending(turn);
    }

    /// <summary>One question: progress and section, the label, the hint, "optional", the options as buttons.</summary>
    private void Ask(Turn turn, Question question)
    {
        var language = turn.Language;
        var number = IndexOf(question) + 1;
        var parts = new List<string>
        {
            $"_{texts.Get(BotMessageKeys.Progress, language, ("current", number), ("total", Questions.Count), ("section", SectionLabel(question, language)))}_",
            $"**{question.Label.In(language)}**",
            question.Hint.In(language),
        };
        if (!question.Required)
        {
            parts.Add(texts.Get(BotMessageKeys.Optional, language));
        }
        IReadOnlyList<string>? choices = null;
        if (question.IsChoice)
        {
            parts.Add(string.Join("\n", question.ChoiceList.Select((c, i) => $"{i + 1}. {c.Label.In(language)}")));
            choices = question.ChoiceList.Select(c => c.Label.In(language)).ToList();
        }
        else if (question.Type == QuestionType.Yesno)
        {
            choices = YesNoChoices(language);
        }
        turn.Progress.QuestionId = question.Id;
        turn.Profile.QuestionId = question.Id;
        turn.Replies.Add(new ChatReply(string.Join("\n\n", parts), choices, new QuestionProgress(question.Id, number, Questions.Count)));
    }

    private void Change(Turn turn, string argument)
    {
        var digits = new string(argument.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 0 || digits.Length > 6)
        {
            turn.Say(texts.Get(BotMessageKeys.ChangeUsage, turn.Language));
            return;
        }
        var number = int.Parse(digits, CultureInfo.InvariantCulture);
        if (number < 1 || number > Questions.Count)
        {
            turn.Say(texts.Get(BotMessageKeys.ChangeUnknown, turn.Language, ("number", number), ("total", Questions.Count)));
            return;
        }
        var question = Questions[number - 1];
        turn.Progress.ReturnTo ??= turn.Progress.QuestionId;
        turn.Progress.Skipped.Remove(question.Id);
        Ask(turn, question);
    }

    private void Glossary(Turn turn, string term)
    {
        var language = turn.Language;
        var terms = string.Join(", ", Questionnaire.Glossary.Select(g => g.Term.In(language)));
        var key = TextKey.Fold(term);
        if (key.Length == 0)
        {
            turn.Say(texts.Get(BotMessageKeys.GlossaryUsage, language, ("terms", terms)));
            return;
        }
        var entry = Questionnaire.Glossary.FirstOrDefault(g => g.Term.Values.Any(t => TextKey.Fold(t) == key) || TextKey.Fold(g.Id) == key)
            ?? Questionnaire.Glossary.FirstOrDefault(g => g.Term.Values.Any(t => TextKey.Fold(t).Contains(key, StringComparison.Ordinal) || key.Contains(TextKey.Fold(t), StringComparison.Ordinal)));
        if (entry is null)
        {
            turn.Say(texts.Get(BotMessageKeys.GlossaryNotFound, language, ("term", ChatText.Escape(ChatText.Shorten(term))), ("terms", terms)));
            return;
        }
        turn.Say($"**{entry.Term.In(language)}**: {entry.Definition.In(language)}");
    }

    private string Summary(Turn turn)
    {
        var language = turn.Language;
        var answers = turn.Practice?.Answers.ToDictionary(a => a.QuestionId) ?? [];
        var lines = Questions.Select((q, i) =>
            $"{i + 1}. **{q.Label.In(language)}**: " + (answers.TryGetValue(q.Id, out var a) ? Display(turn, q, a) : $"_{texts.Get(BotMessageKeys.SummaryEmpty, language)}_"));
        var summary = texts.Get(BotMessageKeys.SummaryTitle, language) + "\n\n" + string.Join("\n", lines);
        var missing = turn.Practice is null ? Questions.Where(q => q.Required).ToList() : intake.Missing(turn.Practice);
        if (missing.Count > 0)
        {
            summary += "\n\n" + texts.Get(BotMessageKeys.SummaryMissing, language, ("list", NumberedLabels(missing, language)));
        }
        return summary;
    }

    private void HintOtherLanguage(Turn turn, ChatCommand command)
    {
        if (turn.Progress.OtherLanguageHinted || command.Kind == ChatCommandKind.Language
            || command.KeywordLanguages.Count == 0 || command.KeywordLanguages.Contains(turn.Language, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }
        var other = Questionnaire.Languages.FirstOrDefault(l => command.KeywordLanguages.Contains(l.Code, StringComparer.OrdinalIgnoreCase));
        if (other is null)
        {
            return;
        }
        turn.Progress.OtherLanguageHinted = true;
        turn.Say(texts.Get(BotMessageKeys.OtherLanguage, other.Code, ("language", other.Name), ("code", other.Code)));
    }

    private async Task<Practice> PracticeAsync(Turn turn, CancellationToken cancellationToken) =>
        turn.Practice ??= await intake.FindOrStartDraftAsync(turn.Contributor, turn.Language, Channels.Chat, cancellationToken);

    private Question Current(Turn turn) => (turn.Progress.QuestionId is { } id ? Find(id) : null) ?? Questions[0];

    /// <summary>Where a returning contributor goes on: the question they were at, unless answered since; else the first open one.</summary>
    private Question ResumeQuestion(Turn turn)
    {
        var at = Find(turn.Progress.QuestionId ?? turn.Profile.QuestionId ?? "");
        if (at is not null && (turn.Progress.QuestionId is not null || IsOpen(turn, at)))
        {
            return at;
        }
        return Questions.FirstOrDefault(q => IsOpen(turn, q)) ?? Questions.FirstOrDefault(q => !IsAnswered(turn, q)) ?? Questions[^1];
    }

    private int Remaining(Turn turn) => Questions.Count(q => !IsAnswered(turn, q) && !turn.Progress.Skipped.Contains(q.Id));

    private bool IsOpen(Turn turn, Question question) => !IsAnswered(turn, question) && !turn.Progress.Skipped.Contains(question.Id);

    private static bool IsAnswered(Turn turn, Question question) => turn.Practice?.Answers.Any(a => a.QuestionId == question.Id) ?? false;

    private Question? Find(string id) => Questions.FirstOrDefault(q => q.Id == id);

    private int IndexOf(Question question) => Questions.ToList().IndexOf(question);

    private string SectionLabel(Question question, string language) =>
        Questionnaire.Sections.FirstOrDefault(s => s.Id == question.Section)?.Label.In(language) ?? question.Section;

    private string NumberedLabels(IEnumerable<Question> questions, string language) =>
        string.Join(", ", questions.Select(q => $"{IndexOf(q) + 1}. {q.Label.In(language)}"));

    private string Display(Turn turn, Question question, Answer answer) =>
        ChatText.Escape(ChatText.Shorten(answer.ValueJson is null ? answer.Original : formatter.Format(question, answer.ValueJson, turn.Language)));

    private IReadOnlyList<string> YesNoChoices(string language) =>
        [formatter.YesNo(true, language), formatter.YesNo(false, language)];

    private bool? YesNo(string text)
    {
        var key = TextKey.Fold(text);
        if (key.Length == 0)
        {
            return null;
        }
        if (Questionnaire.Vocabulary.Yes.All.Any(w => TextKey.Fold(w) == key))
        {
            return true;
        }
        return Questionnaire.Vocabulary.No.All.Any(w => TextKey.Fold(w) == key) ? false : null;
    }

    private string TemplateUrl(string language, string extension)
    {
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        return $"{baseUrl}/templates/{language}.{extension}";
    }


    /// <summary>Everything one turn works with.</summary>
    private sealed class Turn(ChatInput input, ConversationProgress progress, ContributorProfile profile, ContributorKey contributor, DateTimeOffset now)
    {
        public ChatInput Input { get; } = input;
        public ConversationProgress Progress { get; } = progress;
        public ContributorProfile Profile { get; } = profile;
        public ContributorKey Contributor { get; } = contributor;
        public DateTimeOffset Now { get; } = now;
        public string Language { get; set; } = Languages.Default;
        public Practice? Practice { get; set; }
        public List<ChatReply> Replies { get; } = [];

        public void Say(string text, IReadOnlyList<string>? choices = null) => Replies.Add(new ChatReply(text, choices));
    }
}
