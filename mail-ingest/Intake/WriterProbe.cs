using System.Diagnostics;

namespace Regin.MailIngest.Intake;

/// <summary>The parts of the mail writer's work that <see cref="WriterProbe"/> times.</summary>
public enum WriterStage
{
    /// <summary>A mail's savepoint made and released, and the change tracker cleared after it.</summary>
    Savepoint,
    /// <summary>An accepted row taken (received → processing).</summary>
    Take,
    /// <summary>The practice the mail names looked for (thread key, references, subject).</summary>
    Target,
    /// <summary>A new practice's number (the lock and the largest number).</summary>
    Number,
    /// <summary>The draft built in memory: answers recorded (normalised here when the reader could not), flags, missing, submission.</summary>
    Record,
    /// <summary>The reply's checks (same key, caps) and its row reserved.</summary>
    Reply,
    /// <summary>A new draft's practice row written.</summary>
    DraftPractice,
    /// <summary>A new draft's identity and log lines written.</summary>
    DraftLog,
    /// <summary>A new draft's answers written (their triggers: list keys, codes, search marks).</summary>
    DraftAnswers,
    /// <summary>A new draft's flags written.</summary>
    DraftFlags,
    /// <summary>A mail that changes a practice it found, saved through EF Core.</summary>
    Save,
    /// <summary>The outcome on the raw row.</summary>
    Finish,
    /// <summary>A batch's replies composed (in parallel).</summary>
    Compose,
    /// <summary>A batch's reply rows written, and EF Core's last save.</summary>
    ReplyRows,
    /// <summary>A batch's commit, its practices' search documents written first.</summary>
    Commit,
}

/// <summary>
/// Where the one mail writer's time goes, summed over the process's life (the benchmark prints the shares): a stopwatch
/// reading at each step of a mail's recording, two reads of the clock, no allocation.
/// </summary>
public static class WriterProbe
{
    private static readonly long[] Ticks = new long[Enum.GetValues<WriterStage>().Length];

    /// <summary>Now, to pass to <see cref="Lap"/>.</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    /// <summary>Adds the time since <paramref name="since"/> to <paramref name="stage"/>, and moves <paramref name="since"/> to now.</summary>
    public static void Lap(WriterStage stage, ref long since)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref Ticks[(int)stage], now - since);
        since = now;
    }

    /// <summary>The time each stage took so far.</summary>
    public static IReadOnlyDictionary<WriterStage, TimeSpan> Totals() =>
        Enum.GetValues<WriterStage>().ToDictionary(s => s, s => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref Ticks[(int)s])));
}
