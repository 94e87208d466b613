using MimeKit;

namespace Regin.MailIngest.Intake;

/// <summary>
/// A mail's key and sender found without MimeKit's parse of its whole header block (which cost as much as parsing the
/// whole of a small mail, and accepting a mail needs two fields of it): the block is scanned for the Message-ID and From
/// fields, and MimeKit reads those two fields alone (<see cref="Header.TryParse(ParserOptions, byte[], int, int, out Header)"/>,
/// the same options, so the same folding, charsets and encoded words as <see cref="MailReader.IdentifyByParse"/>). Only
/// for a plain block: field lines "Name: value" (a name of printable ASCII) or their continuation lines, no NUL or stray
/// CR, an empty line at its end. Since session 54 also a forger's: control characters in a value, a field twice (the
/// first read, as MimeKit's header list gives it), and an mbox "From " line first (MimeKit's parse reads no field after
/// it: the bytes' hash, no sender). Anything else is left to MimeKit (null here).
/// <c>MailKeyScanTests</c> compares both on every test mail.
/// </summary>
internal static class MailKeyScan
{
    /// <summary>
    /// The bytes scanned: a block within <see cref="HeaderBlock"/>'s bounds ends inside them (session 52: was 64 kB, and a
    /// block of 64–128 kB was parsed whole by MimeKit here, outside the mail's reading budget). A longer one is refused unparsed.
    /// </summary>
    internal const int MaxHeaderBlock = Parsing.MailLimits.MaxHeaderBytes + 4;

    public static MailIdentity? TryIdentify(byte[] raw, ParserOptions options)
    {
        var span = raw.AsSpan(0, Math.Min(raw.Length, MaxHeaderBlock));
        (int Start, int Length) messageId = default, from = default;
        var messageIds = 0;
        var froms = 0;
        if (MboxLineEnd(span) > 0)
        {
            // An mbox "From " line above the fields (a mail saved from a Unix mailbox, or a forger's): MimeKit's header parse
            // finds no field after it, so the key is the bytes' hash and there is no sender, as it always was; no parse needed.
            return MailReader.IdentityOf(raw, null, null);
        }
        const int first = 0;
        var position = first;
        // The field being read: which one (0 other, 1 Message-ID, 2 From) and where it starts.
        var current = 0;
        var currentStart = 0;
        while (true)
        {
            if (position >= span.Length)
            {
                // No empty line within the block: left to MimeKit.
                return null;
            }
            var end = span[position..].IndexOf((byte)'\n');
            if (end < 0)
            {
                return null;
            }
            var lineStart = position;
            var line = span.Slice(position, end);
            position += end + 1;
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }
            if (line.IsEmpty || line[0] is not ((byte)' ' or (byte)'\t'))
            {
                // A field ended (at the start of this line): the two we look for are kept with their continuation lines.
                Close(ref current, currentStart, lineStart, ref messageId, ref from);
            }
            if (line.IsEmpty)
            {
                break;
            }
            if (BreaksLine(line))
            {
                return null;
            }
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (lineStart == first)
                {
                    return null;
                }
                continue;
            }
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[..colon].IndexOfAnyExceptInRange((byte)0x21, (byte)0x7e) >= 0)
            {
                // Not a plain "Name: value" field (an mbox "From " line, a space before the colon, 8-bit in a name): MimeKit's.
                return null;
            }
            var name = line[..colon];
            // A field twice (two From, two Message-ID: a forger's header): the first is the one MimeKit's header list gives.
            if (System.Text.Ascii.EqualsIgnoreCase(name, "Message-ID"u8))
            {
                current = messageIds++ == 0 ? 1 : 0;
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(name, "From"u8))
            {
                current = froms++ == 0 ? 2 : 0;
            }
            else
            {
                current = 0;
            }
            currentStart = lineStart;
        }
        string? id = null;
        if (messageIds > 0)
        {
            if (!Header.TryParse(options, raw, messageId.Start, messageId.Length, out var header))
            {
                return null;
            }
            id = header.Value is { } value ? MimeKit.Utils.MimeUtils.ParseMessageId(value) : null;
        }
        string? sender = null;
        if (froms > 0)
        {
            if (!Header.TryParse(options, raw, from.Start, from.Length, out var header))
            {
                return null;
            }
            sender = header.Value is { } value && InternetAddressList.TryParse(value, out var list) ? list.Mailboxes.FirstOrDefault()?.Address?.ToLowerInvariant() : null;
        }
        return MailReader.IdentityOf(raw, id, sender);
    }

    private static void Close(ref int current, int start, int end, ref (int Start, int Length) messageId, ref (int Start, int Length) from)
    {
        if (current == 1)
        {
            messageId = (start, end - start);
        }
        else if (current == 2)
        {
            from = (start, end - start);
        }
        current = 0;
    }

    /// <summary>
    /// Where the fields start: after an mbox "From " line at the block's start ("From alice@example.org Mon Dec  7 07:00:00
    /// 2026", as a Unix mailbox stores each mail), else 0.
    /// </summary>
    internal static int MboxLineEnd(ReadOnlySpan<byte> block)
    {
        if (!block.StartsWith("From "u8))
        {
            return 0;
        }
        var end = block.IndexOf((byte)'\n');
        return end < 0 ? 0 : end + 1;
    }

    /// <summary>
    /// Whether the line holds a byte that may end or split a line for a parser (a NUL, a CR that does not end it): left to
    /// MimeKit. Other control characters (an escape, a backspace, a bell in a forger's From or Subject) are a value's bytes,
    /// read the same by the field's own parse (session 54: such a block went to MimeKit's whole-header parse before the
    /// mail's reading budget).
    /// </summary>
    internal static bool BreaksLine(ReadOnlySpan<byte> line) => line.IndexOfAny((byte)0, (byte)'\r') >= 0;
}
