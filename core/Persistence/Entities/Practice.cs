namespace Regin.Core.Persistence.Entities;

/// <summary>The status of a practice: a contributor's draft, then the researchers' decision.</summary>
public static class PracticeStatus
{
    public const string Draft = "draft";
    public const string Submitted = "submitted";
    public const string NeedsChanges = "needs_changes";
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    public static readonly IReadOnlyList<string> All = [Draft, Submitted, NeedsChanges, Approved, Rejected];

    /// <summary>Statuses in which the contributor may still change the answers.</summary>
    public static bool IsOpenForContributor(string status) => status is Draft or NeedsChanges;
}

/// <summary>The channels a practice came through.</summary>
public static class Channels
{
    public const string Chat = "chat";
    public const string Email = "email";
    public const string Api = "api";
}

/// <summary>One practice (a draft until submitted), with everything the contributor and the researchers said of it.</summary>
public sealed class Practice
{
    public Guid Id { get; set; }
    /// <summary>The human reference is REGIN-{Number:0000}.</summary>
    public int Number { get; set; }
    public string Reference => FormatReference(Number);
    public string Status { get; set; } = PracticeStatus.Draft;
    public string Language { get; set; } = Languages.Default;
    /// <summary>Comma-separated channels, in the order first used ("chat,email").</summary>
    public string Channels { get; set; } = "";
    public string? ContributorEmail { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    /// <summary>Changes on every save, so a second writer working from an old copy is refused, not silently lost.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    // The review list's sort and filter keys, copied from the answers by the database's triggers (migration
    // PracticeListKeys) whichever writer changed them, and never written by the application: EF Core leaves them out
    // of its INSERTs and UPDATEs. Indexed with the number, so a sorted or filtered page is read from an index.

    /// <summary>The title folded for sorting (lower case, no diacritics, Greek included, at most 100 characters); "" when none.</summary>
    public string TitleKey { get; private set; } = "";
    /// <summary>The country answer's ISO code; "" when none.</summary>
    public string CountryCode { get; private set; } = "";
    /// <summary>The region answer's NUTS code; "" when none.</summary>
    public string RegionCode { get; private set; } = "";

    public List<Answer> Answers { get; set; } = [];
    public List<Flag> Flags { get; set; } = [];
    public List<ContributorIdentity> Identities { get; set; } = [];
    public List<PracticeEvent> Events { get; set; } = [];

    public IReadOnlyList<string> ChannelList => Channels.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public void AddChannel(string channel)
    {
        if (!ChannelList.Contains(channel))
        {
            Channels = string.Join(',', ChannelList.Append(channel));
        }
    }

    public static string FormatReference(int number) => $"REGIN-{number:D4}";

    /// <summary>A detached copy with copies of its answers, flags and identities (not its events): a value to keep between units of work.</summary>
    internal Practice CopyWithAnswers()
    {
        var copy = (Practice)MemberwiseClone();
        copy.Answers = Answers.ConvertAll(a => a.Copy());
        copy.Flags = Flags.ConvertAll(f => f.Copy());
        copy.Identities = Identities.ConvertAll(i => i.Copy());
        copy.Events = [];
        return copy;
    }

    /// <summary>
    /// The same copy as <see cref="CopyWithAnswers()"/>, but where an answer, flag or identity holds exactly the values of
    /// the one at its place in <paramref name="like"/> (a copy nobody changes any more: the one this practice was copied
    /// from), that one itself rather than a new copy: a chat turn changes an answer or two of thirty, and the copy kept
    /// after its write shared nothing with the copy kept before it (two copies of every answer a turn).
    /// </summary>
    internal Practice CopyWithAnswers(Practice like)
    {
        ArgumentNullException.ThrowIfNull(like);
        var copy = (Practice)MemberwiseClone();
        copy.Answers = CopiesLike(Answers, like.Answers, static (a, b) => a.SameAs(b), static a => a.Copy());
        copy.Flags = CopiesLike(Flags, like.Flags, static (a, b) => a.SameAs(b), static f => f.Copy());
        copy.Identities = CopiesLike(Identities, like.Identities, static (a, b) => a.SameAs(b), static i => i.Copy());
        copy.Events = [];
        return copy;
    }

    private static List<T> CopiesLike<T>(List<T> items, List<T> like, Func<T, T, bool> same, Func<T, T> copy)
    {
        var copies = new List<T>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            copies.Add(i < like.Count && same(items[i], like[i]) ? like[i] : copy(items[i]));
        }
        return copies;
    }

    public static int? ParseReference(string? reference) =>
        reference is not null && reference.StartsWith("REGIN-", StringComparison.OrdinalIgnoreCase)
        && int.TryParse(reference.AsSpan(6), out var number) ? number : null;
}

/// <summary>A contributor's answer to one question: the clean value (JSON) and the words as written.</summary>
public sealed class Answer
{
    internal Answer Copy() => (Answer)MemberwiseClone();

    /// <summary>Whether <paramref name="other"/> holds exactly these values (strings ordinally, times with their offset).</summary>
    internal bool SameAs(Answer other) =>
        ReferenceEquals(this, other) || (PracticeId == other.PracticeId && string.Equals(QuestionId, other.QuestionId, StringComparison.Ordinal)
        && string.Equals(ValueJson, other.ValueJson, StringComparison.Ordinal) && string.Equals(Original, other.Original, StringComparison.Ordinal)
        && string.Equals(OtherText, other.OtherText, StringComparison.Ordinal) && UpdatedAt.EqualsExact(other.UpdatedAt)
        && string.Equals(UpdatedBy, other.UpdatedBy, StringComparison.Ordinal));

    public Guid PracticeId { get; set; }
    public required string QuestionId { get; set; }
    /// <summary>The normalised value as JSON (a string, number, boolean or array of codes); null when kept only as text.</summary>
    public string? ValueJson { get; set; }
    public required string Original { get; set; }
    public string? OtherText { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

/// <summary>Something researchers should look at: an unknown region, a foreign currency, an unverified sender ...</summary>
public sealed class Flag
{
    internal Flag Copy() => (Flag)MemberwiseClone();

    /// <summary>Whether <paramref name="other"/> holds exactly these values (strings ordinally, times with their offset).</summary>
    internal bool SameAs(Flag other) =>
        ReferenceEquals(this, other) || (Id == other.Id && PracticeId == other.PracticeId && string.Equals(QuestionId, other.QuestionId, StringComparison.Ordinal)
        && string.Equals(Reason, other.Reason, StringComparison.Ordinal) && string.Equals(Detail, other.Detail, StringComparison.Ordinal)
        && CreatedAt.EqualsExact(other.CreatedAt) && Resolved == other.Resolved);

    public long Id { get; set; }
    public Guid PracticeId { get; set; }
    public string? QuestionId { get; set; }
    public required string Reason { get; set; }
    public string? Detail { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool Resolved { get; set; }
}

/// <summary>Who may continue a draft: an e-mail address, or a chat user id on a channel (Teams and web chat ids differ).</summary>
public sealed class ContributorIdentity
{
    internal ContributorIdentity Copy() => (ContributorIdentity)MemberwiseClone();

    /// <summary>Whether <paramref name="other"/> holds exactly these values.</summary>
    internal bool SameAs(ContributorIdentity other) =>
        ReferenceEquals(this, other) || (Id == other.Id && PracticeId == other.PracticeId && string.Equals(Channel, other.Channel, StringComparison.Ordinal)
        && string.Equals(ExternalId, other.ExternalId, StringComparison.Ordinal));

    public long Id { get; set; }
    public Guid PracticeId { get; set; }
    /// <summary>"email", "msteams", "webchat", ...</summary>
    public required string Channel { get; set; }
    public required string ExternalId { get; set; }
}

/// <summary>One line of the append-only log: who changed what, when, from what to what, and why.</summary>
public sealed class PracticeEvent
{
    public long Id { get; set; }
    public Guid PracticeId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    /// <summary>created, answer_set, answer_cleared, status_changed, flagged, comment, ...</summary>
    public required string Kind { get; set; }
    public string? QuestionId { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public string? Reason { get; set; }
}

/// <summary>An input exactly as received (an e-mail's bytes, a chat message's activity JSON), stored before processing.</summary>
public sealed class RawInput
{
    public long Id { get; set; }
    public Guid? PracticeId { get; set; }
    public required string Channel { get; set; }
    /// <summary>Unique per input: the Message-ID, a hash of the bytes, or a chat activity id; a second copy is not stored twice.</summary>
    public required string DedupKey { get; set; }
    public string? ConversationId { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    /// <summary>received, processing (claimed by a worker), processed, ignored, failed: what became of it.</summary>
    public string Outcome { get; set; } = "received";
    public string? OutcomeDetail { get; set; }
    /// <summary>How many times a worker took it up (a mail that keeps failing is given up after a few).</summary>
    public int Attempts { get; set; }
    /// <summary>While "processing": the worker's claim runs out at this time (UTC), then another may take it.</summary>
    public DateTime? LeaseExpiresAt { get; set; }
}

/// <summary>
/// One code of a practice's multi-value answers (the contributor's integration areas and target groups, and the
/// researchers' own categorisation of them), one row per practice, kind and code: the review list filters on these
/// through an index instead of reading JSON arrays. Kept by the database's triggers (migration PracticeCodes) from the
/// answers and the reviews whichever writer changed them; never written by the application.
/// </summary>
public sealed class PracticeCode
{
    public Guid PracticeId { get; set; }
    /// <summary><see cref="PracticeCodeKinds"/>.</summary>
    public string Kind { get; set; } = "";
    public string Code { get; set; } = "";
}

/// <summary>The kinds of <see cref="PracticeCode"/>.</summary>
public static class PracticeCodeKinds
{
    /// <summary>Areas of integration: the answer integration_areas or the review's IntegrationAreasJson.</summary>
    public const string Area = "area";
    /// <summary>Target groups: the answer target_groups or the review's TargetGroupsJson.</summary>
    public const string TargetGroup = "group";
}
