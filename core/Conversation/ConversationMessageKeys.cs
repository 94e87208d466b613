namespace Regin.Core.Conversation;

/// <summary>The messages the conversation engine says (keys of the locale files); the host validates them at start.</summary>
public static class ConversationMessageKeys
{
    public const string Welcome = "bot.welcome";
    public const string ChooseLanguage = "bot.choose_language";
    public const string LanguageSet = "bot.language_set";
    public const string Progress = "bot.progress";
    public const string Optional = "bot.optional";
    public const string Commands = "bot.commands";
    public const string HelpTitle = "bot.help_title";
    public const string Noted = "bot.noted";
    public const string Corrected = "bot.corrected";
    public const string NotedFor = "bot.noted_for";
    public const string ReplaceWithOther = "bot.replace_with_other";
    public const string SameAsWhich = "bot.same_as_which";
    public const string Skipped = "bot.skipped";
    public const string CannotSkip = "bot.cannot_skip";
    /// <summary>A skip after its reason at a required question ("weiß ich noch nicht, überspringen"): not kept, what to do instead.</summary>
    public const string CannotSkipYet = "bot.cannot_skip_yet";
    public const string BackAtStart = "bot.back_at_start";
    public const string BackSteps = "bot.back_steps";
    public const string SlipConfirm = "bot.slip_confirm";
    public const string SummaryTitle = "bot.summary_title";
    public const string SummaryEmpty = "bot.summary_empty";
    public const string SummaryMissing = "bot.summary_missing";
    public const string SubmitConfirm = "bot.submit_confirm";
    public const string SubmitMissing = "bot.submit_missing";
    public const string Submitted = "bot.submitted";
    /// <summary>The thanks when the consent is no: nothing published, no contact (chatplay48: it said the researchers would publish it).</summary>
    public const string SubmittedUnpublished = "bot.submitted_unpublished";
    public const string SubmitCancelled = "bot.submit_cancelled";
    public const string AllAnswered = "bot.all_answered";
    public const string Paused = "bot.paused";
    public const string WelcomeBack = "bot.welcome_back";
    public const string Remaining = "bot.remaining";
    public const string RemainingOne = "bot.remaining_one";
    public const string RestartConfirm = "bot.restart_confirm";
    public const string Restarted = "bot.restarted";
    public const string UnknownCommand = "bot.unknown_command";
    public const string GlossaryUsage = "bot.glossary_usage";
    public const string GlossaryNotFound = "bot.glossary_not_found";
    public const string ChangeUsage = "bot.change_usage";
    public const string ChangeUnknown = "bot.change_unknown";
    public const string EmailRoute = "bot.email_route";
    public const string AttachmentIgnored = "bot.attachment_ignored";
    public const string MessageTooLong = "bot.message_too_long";
    public const string EmptyMessage = "bot.empty_message";
    public const string OtherLanguage = "bot.other_language";
    public const string Error = "bot.error";
    public const string AlreadySubmitted = "bot.already_submitted";
    public const string NotYourConversation = "bot.not_your_conversation";
    public const string GroupChatPrivate = "bot.group_chat_private";
    public const string ChangesRequestedNext = "bot.changes_requested_next";
    public const string ChangesRequestedBack = "bot.changes_requested_back";
    public const string ChangesRequestedQuestions = "bot.changes_requested_questions";
    public const string ResubmitConfirm = "bot.resubmit_confirm";
    public const string Resubmitted = "bot.resubmitted";
    public const string DidYouMeanSeveral = "bot.did_you_mean_several";
    /// <summary>The decline of an offer to pick one of several ("None of these"): a bare "No" read as no to a question never asked.</summary>
    public const string PickNone = "bot.pick_none";
    public const string PastedEarlier = "bot.pasted_earlier";
    /// <summary>A count of families typed earlier ("300 οικογένειες"), said where the people reached are asked: no number of people (lang53).</summary>
    public const string HouseholdsEarlier = "bot.households_earlier";
    public const string AnswerAhead = "bot.answer_ahead";
    public const string AnswerMovedOn = "bot.answer_moved_on";
    /// <summary>A long text that is only another question's fact ("Depuis janvier 2021" at the partners): take it there?</summary>
    public const string AnswerElsewhere = "bot.answer_elsewhere";
    /// <summary>The same where the question typed at cannot keep the words (a choice with no Other): asked again after.</summary>
    public const string AnswerElsewhereThenBack = "bot.answer_elsewhere_then_back";
    /// <summary>Words offered at another question whose answer is those words themselves (a long text): "“…” reads like your
    /// answer to “…”. Shall I take it there?"; with <c>_then_back</c> where the question typed at cannot keep them.</summary>
    public const string AnswerElsewhereAsTyped = "bot.answer_elsewhere_as_typed";
    public const string AnswerElsewhereAsTypedThenBack = "bot.answer_elsewhere_as_typed_then_back";
    public const string SendAnswer = "bot.send_answer";
    public const string Kept = "bot.kept";
    /// <summary>A question answered before, asked again by "back" or "change N": "You answered: …; a new answer, or “keep”".</summary>
    public const string AnsweredBefore = "bot.answered_before";
    public const string GuessDeclined = "bot.guess_declined";
    /// <summary>A no to words kept under "Other": they are dropped, the options shown again (session 53: asked again, no word).</summary>
    public const string OtherDropped = "bot.other_dropped";
    public const string GuessLeftOpen = "bot.guess_left_open";
    public const string OfferLeftOpen = "bot.offer_left_open";
    /// <summary>An optional question typed past with two other questions' answers: left open, with how to answer it later.</summary>
    public const string OptionalPassedOver = "bot.optional_passed_over";
    /// <summary>Words refused where they were typed and kept to be offered at the question they read as (a title typed as the name).</summary>
    public const string KeptForLater = "bot.kept_for_later";
    public const string RequiredLeftOpen = "bot.required_left_open";
    public const string SectionWhich = "bot.section_which";
    public const string PeriodEnd = "bot.period_end";
    public const string PeriodOngoing = "bot.period_ongoing";
    /// <summary>A number of courses typed where the total was asked after a count per course: what they make, to confirm.</summary>
    public const string GroupsTimesSize = "bot.groups_times_size";
    public const string Added = "bot.added";
    /// <summary>"see above", "se ovan" at a long text that has no answer above to take: it points elsewhere, nothing stored.</summary>
    public const string SeeAboveNotAnAnswer = "bot.see_above_not_an_answer";
    public const string YouAreWelcome = "bot.you_are_welcome";
    public const string SentTwice = "bot.sent_twice";
    /// <summary>An edited message (Teams) that changes no answer: what to type instead.</summary>
    public const string EditNotTaken = "bot.edit_not_taken";
    /// <summary>"keep" at a question with no answer yet: nothing to keep, the question asked again (session 57).</summary>
    public const string NothingToKeep = "bot.nothing_to_keep";
    /// <summary>The summary's value for a question the answers make senseless (<c>skip_when</c>): not asked, not missing.</summary>
    public const string SummaryNotAsked = "bot.summary_not_asked";
    /// <summary>A second "I don't know" in a row at the same required question: the pause and the change command offered (session 58).</summary>
    public const string UnsureAgain = "bot.unsure_again";
    /// <summary>A greeting typed on its own at a question: greeted back, then the question again (session 58).</summary>
    public const string GreetingBack = "bot.greeting_back";
    /// <summary>A choice's details naming other options than its answer holds: change the answer to them? (session 59).</summary>
    public const string ChoiceContradicted = "bot.choice_contradicted";
    /// <summary>A third "I don't know" in a row at the same required question: left open, how to come back (session 59).</summary>
    public const string UnsureLeftOpen = "bot.unsure_left_open";

    public static IReadOnlyList<string> All { get; } = typeof(ConversationMessageKeys)
        .GetFields()
        .Where(field => field.IsLiteral)
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToArray();
}
