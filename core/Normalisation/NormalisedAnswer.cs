using System.Text.Json.Nodes;

namespace Regin.Core.Normalisation;

/// <summary>A note for researchers attached to an answer (unknown region, other currency, unrecognised choice ...).</summary>
public sealed record AnswerFlag(string Reason, string? Detail = null);

/// <summary>
/// What the core made of one answer: the clean value (a JSON string, number, boolean or array of codes), the
/// contributor's words as written, and either an error (nothing is stored) or warnings (stored, with flags).
/// </summary>
public sealed record NormalisedAnswer
{
    public required string QuestionId { get; init; }
    public required string Original { get; init; }
    public bool Ok => Error is null;
    public JsonNode? Value { get; init; }
    /// <summary>Words kept under "other" when part of a choice answer was not recognised.</summary>
    public string? OtherText { get; init; }
    /// <summary>The localised reason the answer was refused; null when it is accepted.</summary>
    public string? Error { get; init; }
    /// <summary>Localised notes for the contributor about an accepted answer.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public IReadOnlyList<AnswerFlag> Flags { get; init; } = [];
    /// <summary>The short form typed that <see cref="Value"/> writes out ("CARM" for "Comunidad Autónoma de la Región de
    /// Murcia"), said beside it where the answer is confirmed; null otherwise (session 57).</summary>
    public string? ShortForm { get; init; }

    /// <summary>Whether what is flagged and said is only remarks kept beside the value ("120 par an": the year; a planned end
    /// beside "ongoing"): no doubt about the value, so it is offered elsewhere as a bare one is (session 56).</summary>
    public bool OnlyRemarks => Flags.All(f => f.Reason == FlagReasons.AnswerRemark) && Warnings.Count <= Flags.Count;

    /// <summary>
    /// The answer was not read as written but guessed (a slip of typing: "Pugila", "Sweeden"). With one candidate the
    /// answer is accepted with it as <see cref="Value"/> and <see cref="Confirmation"/> is the question to ask
    /// ("Did you mean Puglia (ITF4)?"); with several, nothing is accepted and <see cref="Error"/> asks which one.
    /// </summary>
    public bool NeedsConfirmation { get; init; }
    /// <summary>What the contributor may have meant, nearest first: each one's value and how to show it.</summary>
    public IReadOnlyList<AnswerCandidate> Candidates { get; init; } = [];
    /// <summary>The localised question that confirms a single candidate; null otherwise.</summary>
    public string? Confirmation { get; init; }

    public static NormalisedAnswer Accept(string questionId, string original, JsonNode? value) =>
        new() { QuestionId = questionId, Original = original, Value = value };

    /// <summary>
    /// The contributor gave no answer to an optional question ("no", "n/a", "I'd rather not say"): nothing is recorded,
    /// the chat skips the question, a mail's reply does not list it as a problem. <see cref="Error"/> says so.
    /// </summary>
    public bool Declined { get; init; }

    public static NormalisedAnswer Decline(string questionId, string original, string message) =>
        new() { QuestionId = questionId, Original = original, Error = message, Declined = true };

    public static NormalisedAnswer Refuse(string questionId, string original, string error) =>
        new() { QuestionId = questionId, Original = original, Error = error };
}

/// <summary>A value the contributor may have meant, and how it reads in their language ("Puglia (ITF4)").</summary>
public sealed record AnswerCandidate(JsonNode Value, string Display);

/// <summary>Answers already given that other answers are checked against (region in country, end after start).</summary>
public sealed record NormalisationContext
{
    public static readonly NormalisationContext Empty = new();

    /// <summary>ISO code of the practice's country, when known.</summary>
    public string? Country { get; init; }
    /// <summary>Normalised start date (YYYY, YYYY-MM or YYYY-MM-DD), when known.</summary>
    public string? StartDate { get; init; }
    /// <summary>Normalised end date or "ongoing", when known.</summary>
    public string? EndDate { get; init; }
    /// <summary>Normalised region code, when known.</summary>
    public string? Region { get; init; }
    /// <summary>The lead organisation's type (a code of lead_organisation_type), when known: whose "own funds" they are.</summary>
    public string? LeadOrganisationType { get; init; }
    /// <summary>The contributor's organisation as answered (contact_organisation), when known: what "we", "wir selbst",
    /// "same as above" name where the lead organisation is asked.</summary>
    public string? ContactOrganisation { get; init; }
    /// <summary>
    /// The country the contributor's e-mail domain names (ISO code: "maria@cm-lisboa.pt" gives PT, "@x.co.uk" GB), when it
    /// names one: which country a phone number typed without its country code is from while the practice's country is
    /// not answered yet (the chat asks the phone before the country). Null for .eu, .org, .com and the like.
    /// </summary>
    public string? ContactCountry { get; init; }
    /// <summary>
    /// The day the answer is given (the turn's or the mail's clock, UTC), against which "next year" or "le mois dernier"
    /// is read; null when there is none, and such answers are refused with an example, as before.
    /// </summary>
    public DateOnly? Today { get; init; }
}
