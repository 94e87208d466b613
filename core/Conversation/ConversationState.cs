namespace Regin.Core.Conversation;

/// <summary>What the engine remembers of one contributor in one conversation: small, plain, saved once per turn by the channel.</summary>
public sealed class ConversationProgress
{
    /// <summary>The language of the conversation, once known.</summary>
    public string? Language { get; set; }
    /// <summary>The engine asked which language to use and waits for the answer.</summary>
    public bool AwaitingLanguage { get; set; }
    /// <summary>The question on screen; null before the first one.</summary>
    public string? QuestionId { get; set; }
    /// <summary>A yes/no question of the engine waiting for its answer (submit? restart? did you mean ...?).</summary>
    public PendingConfirmation? Pending { get; set; }
    /// <summary>A researcher asked for changes: free text is not an answer until the contributor picks a question ("change N").</summary>
    public bool ChangesRequested { get; set; }
    /// <summary>Optional questions the contributor skipped, not asked again until they go back to them.</summary>
    public List<string> Skipped { get; set; } = [];
    public bool Paused { get; set; }
    /// <summary>After "change N", the question to come back to once N is answered.</summary>
    public string? ReturnTo { get; set; }
    /// <summary>
    /// Questions named together with the one asked ("the dates": the end date after the start date), asked in turn as each
    /// is answered, before <see cref="ReturnTo"/>.
    /// </summary>
    public List<string> ThenAsk { get; set; } = [];
    /// <summary>
    /// Words typed at one question that read as another's answer, offered there ("«unos 180.000 € al año» looks like your
    /// budget: note it there?") and passed over with a new answer to the question asked: offered again when that question
    /// comes. Keyed by the question the words answer; null when none wait.
    /// </summary>
    public Dictionary<string, string>? OfferedAhead { get; set; }
    /// <summary>
    /// A count of families typed earlier ("300 οικογένειες") and said where the people reached were asked: kept beside their
    /// number as a remark once it is given (lang53). Null otherwise.
    /// </summary>
    public string? HouseholdsSaid { get; set; }
    /// <summary>
    /// The required choice whose "Did you mean …?" was passed over once with words naming none of its options: passed over
    /// again, the contributor has moved on (the question is left open, its guess offered when it comes again). Null otherwise.
    /// </summary>
    public string? GuessIgnoredAt { get; set; }
    /// <summary>
    /// The required question that refused the message before (no date, no region read): refused again where the words answer
    /// the question after it, the contributor has typed on (session 49). Null otherwise.
    /// </summary>
    public string? RefusedAt { get; set; }
    /// <summary>The required question where the last message was refused as "I don't know": a second one there is told something else.</summary>
    public string? UnsureAt { get; set; }
    /// <summary>The required question where the second "I don't know" in a row was told <c>bot.unsure_again</c>: a third leaves it open (session 59).</summary>
    public string? UnsureAgainAt { get; set; }
    public DateTimeOffset? LastTurnAt { get; set; }
    /// <summary>
    /// The question at which the message just answering the question before it came a second time (sent twice by accident) and
    /// was not taken: sent a third time there, it is. Null otherwise.
    /// </summary>
    public string? SentTwiceAt { get; set; }
    /// <summary>A hash (FNV-1a) of the last message's text, to know the same message sent twice; null after a card or no text.</summary>
    public long? LastMessageHash { get; set; }
    /// <summary>
    /// The last text messages with an id (<see cref="ConversationInput.MessageId"/>), oldest first, <see cref="SentMessage.Kept"/> at
    /// most: the question each answered and a hash of that answer as stored, so an edit of one corrects the answer it gave while
    /// that answer is unchanged. Null before the first.
    /// </summary>
    public List<SentMessage>? Sent { get; set; }
    /// <summary>The reference of the practice submitted in this conversation, if any.</summary>
    public string? SubmittedReference { get; set; }
    /// <summary>The contributor was told once that they write in another language.</summary>
    public bool OtherLanguageHinted { get; set; }
    /// <summary>The practice the last turn worked on, so the conversation's messages can be filed with it.</summary>
    public Guid? PracticeId { get; set; }
    /// <summary>
    /// The contributor confirmed "erase my data" in this turn: the channel host erases (ContributorErasure) once the
    /// turn, its messages and its replies are stored, so that they are erased too.
    /// </summary>
    public bool ErasureRequested { get; set; }
}

/// <summary>What the engine remembers of a contributor across conversations.</summary>
public sealed class ContributorProfile
{
    /// <summary>The language the contributor chose (or that was found for them).</summary>
    public string? Language { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
    /// <summary>The question on screen when they were last seen.</summary>
    public string? QuestionId { get; set; }
    /// <summary>
    /// The conversation they were last seen in. A channel may keep <see cref="LastSeenAt"/> and <see cref="QuestionId"/>
    /// with that conversation's progress (its <see cref="ConversationProgress.LastTurnAt"/> and question) instead of
    /// writing the profile on every turn: the profile then changes only with the language or the conversation.
    /// </summary>
    public string? ConversationId { get; set; }
}

/// <summary>Who first spoke in a conversation (web chat and personal Teams chats have one contributor).</summary>
public sealed class ConversationOwner
{
    public string? UserId { get; set; }
}

/// <summary>A message of the conversation known by its id: the question it answered (null: none, a command) and that answer's hash.</summary>
public sealed class SentMessage
{
    /// <summary>How many messages are known for an edit: an edit of an older one is too old to map.</summary>
    public const int Kept = 12;

    public string Id { get; set; } = "";
    public string? QuestionId { get; set; }
    /// <summary>FNV-1a of the answer's original text as this message left it.</summary>
    public long? AnswerHash { get; set; }
}
