using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Intake;

/// <summary>
/// A mail's header block measured on its raw bytes, before any MimeKit parse: its bytes and lines up to the first empty
/// line, each field's bytes (its folded lines together) and the encoded words ("=?") in it, against
/// <see cref="MailLimits.MaxHeaderBytes"/>, <see cref="MailLimits.MaxHeaderLines"/>, <see cref="MailLimits.MaxHeaderFieldBytes"/>
/// and <see cref="MailLimits.MaxEncodedWords"/>. One pass over at most <see cref="MailLimits.MaxHeaderBytes"/> + 1 bytes:
/// a block over a bound is refused (<c>headers_too_large</c>) by the reader, and neither the acceptor's identity nor the
/// author print parses it (session 49: a 1 MB block folded into 16,000 encoded words cost ~15 s of CPU, much of it
/// outside the mail's reading budget).
/// </summary>
internal static class HeaderBlock
{
    /// <summary>
    /// MimeKit parses of a mail's header counted in this flow (a test sets it; nothing counts when it is null): the
    /// reader's one parse inside the budget (<see cref="MailReader.Read(Stream, CancellationToken)"/>) and the parses before
    /// it, outside the budget, which only a block that is not plain still needs (the key's and the author print's fallback).
    /// </summary>
    internal static readonly AsyncLocal<System.Runtime.CompilerServices.StrongBox<int>?> Parses = new();

    /// <summary>Counts one parse of a header block (<see cref="Parses"/>).</summary>
    internal static void Counted()
    {
        if (Parses.Value is { } count)
        {
            Interlocked.Increment(ref count.Value);
        }
    }

    /// <summary>MimeKit's parse of a header block within the bounds (the caller checked <see cref="Refusal"/>), counted.</summary>
    public static MimeKit.HeaderList Parse(byte[] raw, MimeKit.ParserOptions? options = null)
    {
        Counted();
        return MimeKit.HeaderList.Load(options ?? MimeKit.ParserOptions.Default, new MemoryStream(raw, writable: false));
    }

    /// <summary>What a refused block is called in the mail's outcome detail.</summary>
    public const string TooLarge = Regin.Core.Intake.MailHeaderBounds.TooLarge;

    /// <summary>The bytes of a stream's start that <see cref="Refusal"/> needs (at most one more than the bound); the stream is left at its start.</summary>
    public static byte[] Start(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Position = 0;
        var head = new byte[(int)Math.Min(stream.Length, MailLimits.MaxHeaderBytes + 1L)];
        stream.ReadExactly(head);
        stream.Position = 0;
        return head;
    }

    /// <summary>Why the header block at the start of <paramref name="raw"/> is refused unparsed, or null when it is within the bounds (<see cref="Regin.Core.Intake.MailHeaderBounds.Refusal"/>, session 53: in core, which reads a stored mail's Date).</summary>
    public static string? Refusal(ReadOnlySpan<byte> raw) => Regin.Core.Intake.MailHeaderBounds.Refusal(raw);
}
