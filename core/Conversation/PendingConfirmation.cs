namespace Regin.Core.Conversation;

/// <summary>A yes/no question the engine asked and waits for: one type per kind, so nothing is keyed by a string.</summary>
public abstract record PendingConfirmation
{
    /// <summary>The question the confirmation is about (an answer kept under Other, a guess, an answer ahead), or null for the
    /// conversation's own (submit, restart, erase): where a contributor back later is asked it again.</summary>
    public static string? QuestionOf(PendingConfirmation? pending) => pending switch
    {
        OtherConfirmation other => other.QuestionId,
        CandidateConfirmation candidate => candidate.QuestionId,
        SkipAheadConfirmation ahead => ahead.QuestionId,
        MovedOnConfirmation moved => moved.QuestionId,
        SlipConfirmation slip => slip.QuestionId,
        ReplaceConfirmation replace => replace.QuestionId,
        ChoiceContradictedConfirmation contradicted => contradicted.QuestionId,
        _ => null,
    };
}

/// <summary>"Do you really want to start again?"</summary>
public sealed record RestartConfirmation : PendingConfirmation;

/// <summary>"Do you really want us to erase your personal data?" (see ContributorRightsChat).</summary>
public sealed record EraseDataConfirmation : PendingConfirmation;

/// <summary>"Do you want to submit the practice now?" (the submit words count as yes).</summary>
public sealed record SubmitConfirmation : PendingConfirmation;

/// <summary>
/// An answer with words kept under "Other" was stored: yes keeps it, no asks the question again, a clear answer to the
/// next question (see <see cref="AnswerRecorder.AnswersTheNextQuestion"/>) keeps it and answers that one, anything else is
/// a new answer to the same question.
/// </summary>
public sealed record OtherConfirmation(string QuestionId) : PendingConfirmation;

/// <summary>
/// Words typed at an optional question that are no attempt at it and answer the next one ("Welcome Cafés" where the phone
/// number is asked): yes skips <see cref="QuestionId"/> and answers <see cref="NextQuestionId"/> with <see cref="Text"/>,
/// no asks the question again, anything else is a new answer to it. With <see cref="Read"/> (the value <see cref="Text"/>
/// reads as there), a long text that is only another question's fact ("Depuis janvier 2021" at the partners): yes answers
/// <see cref="NextQuestionId"/> and comes back to <see cref="QuestionId"/>, no keeps <see cref="Text"/> as its answer. With
/// <see cref="Meant"/>, the value a reading that question would confirm stands for ("Mai 23": 2023-05), stored by the yes.
/// </summary>
public sealed record SkipAheadConfirmation(string QuestionId, string NextQuestionId, string Text, string? Read = null, string? Meant = null) : PendingConfirmation;

/// <summary>
/// A sentence typed while words were waiting to be confirmed under "Other" ("Lotsen begleiten Neuzugewanderte bei
/// Behördengängen." after the target groups): it names no option there and reads as the next question's long text. Yes
/// keeps <see cref="QuestionId"/>'s answer and answers <see cref="NextQuestionId"/> with <see cref="Text"/>; no asks
/// <see cref="QuestionId"/> again; anything else is a new answer to it.
/// </summary>
public sealed record MovedOnConfirmation(string QuestionId, string NextQuestionId, string Text) : PendingConfirmation;

/// <summary>
/// "Did you mean Puglia (ITF4)?": yes records <see cref="Candidates"/>[0]; with several, the contributor picks one.
/// <see cref="Prompt"/>, when set, says why several are offered ("“ΕΣΠΑ” can mean more than one option: …").
/// </summary>
public sealed record CandidateConfirmation(string QuestionId, string Original, IReadOnlyList<SuggestedAnswer> Candidates, string? Prompt = null) : PendingConfirmation;

/// <summary>
/// One word typed at a one-line text that is a command word with one slip ("bakc", "zurük", "indietr" where the organisation's
/// name is asked): a name is free text ("Hilde" is a name), so it is asked, never assumed. Yes runs <see cref="Command"/>; no
/// stores <see cref="Text"/> as the answer to <see cref="QuestionId"/>; anything else is a new answer to it.
/// </summary>
public sealed record SlipConfirmation(string QuestionId, string Command, string Text) : PendingConfirmation;

/// <summary>
/// Words naming none of a choice's options, typed where that choice is asked again while its answer names some (session 42:
/// the objectives typed at the target groups, gone back to, replaced them as "Other"): yes replaces the answer with
/// <see cref="Text"/> kept under "Other"; no keeps the answer and goes on; anything else is a new answer to it.
/// </summary>
public sealed record ReplaceConfirmation(string QuestionId, string Text) : PendingConfirmation;

/// <summary>
/// The details of a choice, just stored, read at that choice as options none of which its answer holds ("funding, leader",
/// then "c'est nous qui finançons en fait, la région n'a qu'un rôle de conseil": advice): yes replaces <see cref="ChoiceId"/>'s
/// answer with <see cref="ValueJson"/>, no keeps it; the details stay either way and the conversation goes on from
/// <see cref="QuestionId"/>. Anything else is read at the choice when it names its options as they are, else the choice is
/// kept and the words answer the question asked next.
/// </summary>
public sealed record ChoiceContradictedConfirmation(string QuestionId, string ChoiceId, string ValueJson) : PendingConfirmation;
