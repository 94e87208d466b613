using Regin.Core.Intake;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Conversation;

/// <summary>Everything one turn works with: the input, the two state objects, the practice, and the replies so far.</summary>
public sealed class Turn(ConversationInput input, ConversationProgress progress, ContributorProfile profile, DateTimeOffset now)
{
    public ConversationInput Input { get; } = input;
    public ConversationProgress Progress { get; } = progress;
    public ContributorProfile Profile { get; } = profile;
    public ContributorKey Contributor { get; } = new(input.Channel, input.UserId);
    public DateTimeOffset Now { get; } = now;
    /// <summary>The question on the contributor's screen when the message came: an answer stored at another one says which.</summary>
    public string? AskedWhenItCame { get; } = progress.QuestionId;
    public string Language { get; set; } = Languages.Default;
    public Practice? Practice { get; set; }
    public List<ConversationReply> Replies { get; } = [];
    /// <summary>The questions whose answer this turn stored, in order (the message's own answer first).</summary>
    public List<string> Stored { get; } = [];

    /// <summary>
    /// The message answers the bot's own "confirm it, or choose one of the options" (an answer kept under Other): a new
    /// answer to that choice replaces it, asked for. Elsewhere a choice's answer naming options is never replaced by words
    /// naming none without asking (see <see cref="ReplaceConfirmation"/>).
    /// </summary>
    public bool AnswersOtherConfirmation { get; set; }

    /// <summary>
    /// A "Did you mean …?" at a choice that the message neither took nor declined: a new answer to that choice, or the
    /// contributor moved on (see <see cref="AnswerRecorder"/>'s parked guesses). Null otherwise.
    /// </summary>
    public CandidateConfirmation? PassedOverGuess { get; set; }

    public string Actor => Contributor.ToString();

    public void Say(string text) => Replies.Add(new MessageReply(text));

    public void Say(ConversationReply reply)
    {
        // A question asked again in the same turn with only notes since ("Noted: 2021", then "Noted: ongoing" where the start
        // date was offered and the end date typed on) is shown once, after them: twice on screen reads as a repeat.
        if (reply is QuestionReply asked)
        {
            Withdraw(asked.QuestionId);
        }
        Replies.Add(reply);
    }

    /// <summary>Takes back the question <paramref name="questionId"/> asked in this turn with only notes since: the turn went
    /// on past it (an optional question left open), so its card would ask what nobody is asked any more.</summary>
    public void Withdraw(string questionId)
    {
        if (Replies.FindLastIndex(r => r is QuestionReply) is >= 0 and var at && ((QuestionReply)Replies[at]).QuestionId == questionId
            && Replies.Skip(at + 1).All(r => r is MessageReply))
        {
            Replies.RemoveAt(at);
        }
    }
}
