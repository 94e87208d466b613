using System.Globalization;

namespace Regin.Core.Intake;

/// <summary>
/// The bounds of a mail's header block (the bytes before the first empty line), measured on its raw bytes before any
/// MimeKit parse, where both the mail door and core can see them (session 53: core's reminder scheduler read the Date of a
/// stored mail with MimeKit's <c>HeaderList.Load</c> and no bound; the numbers were the mail door's own,
/// <c>Regin.MailIngest.Parsing.MailLimits</c>, which now takes them from here). MimeKit's header parse costs seconds of
/// CPU on a block folded into thousands of encoded words (session 49: a 1 MB block of 16,000, 9.5 s to load, 6.7 s more to
/// print), so a block over any of these is refused unparsed (<see cref="TooLarge"/>). Real mail: the largest block of the
/// 321 test mails is 5.8 kB in 17 lines, a real client sends a few kB, a relayed mail through Microsoft 365 or a list
/// 10-20 kB in 100-200 lines, and a long thread's References ~30 kB (about 400 folded lines); each bound is 4 times or
/// more what a real mail needs.
/// </summary>
public static class MailHeaderBounds
{
    /// <summary>Bytes of the header block.</summary>
    public const int MaxHeaderBytes = 128 * 1024;
    /// <summary>Lines of the header block (folded continuation lines counted).</summary>
    public const int MaxHeaderLines = 2_000;
    /// <summary>Bytes of one header field, its folded lines together (a References chain of ~30 kB fits twice).</summary>
    public const int MaxHeaderFieldBytes = 64 * 1024;
    /// <summary>Encoded words ("=?charset?B?...?=") in the header block: a name and subject need a few, 100 names in Cc a few hundred.</summary>
    public const int MaxEncodedWords = 1_000;

    /// <summary>What a refused block is called in the mail's outcome detail.</summary>
    public const string TooLarge = "headers_too_large";

    /// <summary>
    /// Why the header block at the start of <paramref name="raw"/> is refused unparsed, or null when it is within the
    /// bounds. One pass over at most <see cref="MaxHeaderBytes"/> + 1 bytes.
    /// </summary>
    public static string? Refusal(ReadOnlySpan<byte> raw)
    {
        var lines = 0;
        var encodedWords = 0;
        var fieldStart = 0;
        var position = 0;
        while (position < raw.Length)
        {
            if (position > MaxHeaderBytes)
            {
                return Reason($"a header block over {MaxHeaderBytes} bytes");
            }
            var rest = raw[position..];
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            var content = line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;
            if (content.IsEmpty)
            {
                // The empty line: the block ends here.
                return null;
            }
            lines++;
            if (lines > MaxHeaderLines)
            {
                return Reason($"over {MaxHeaderLines} header lines");
            }
            if (content[0] is not ((byte)' ' or (byte)'\t'))
            {
                fieldStart = position;
            }
            var next = newline < 0 ? raw.Length : position + newline + 1;
            if (next - fieldStart > MaxHeaderFieldBytes)
            {
                var colon = raw[fieldStart..].IndexOf((byte)':');
                var name = colon is > 0 and <= 60 ? System.Text.Encoding.ASCII.GetString(raw.Slice(fieldStart, colon)) : "?";
                return Reason($"a header field over {MaxHeaderFieldBytes} bytes ({Printable(name)})");
            }
            encodedWords += Count(content);
            if (encodedWords > MaxEncodedWords)
            {
                return Reason($"over {MaxEncodedWords} encoded words");
            }
            position = next;
        }
        return position > MaxHeaderBytes ? Reason($"a header block over {MaxHeaderBytes} bytes") : null;
    }

    private static string Reason(string what) => string.Create(CultureInfo.InvariantCulture, $"{TooLarge}: {what} (refused unparsed, raw kept)");

    private static string Printable(string name) => new(name.Select(c => c is >= '!' and <= '~' ? c : '?').ToArray());

    private static int Count(ReadOnlySpan<byte> line)
    {
        var count = 0;
        int at;
        while ((at = line.IndexOf("=?"u8)) >= 0)
        {
            count++;
            line = line[(at + 2)..];
        }
        return count;
    }
}
