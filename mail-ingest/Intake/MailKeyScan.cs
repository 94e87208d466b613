using MimeKit;

namespace Regin.MailIngest.Intake;

/// <summary>
/// A mail's key and sender found without MimeKit's parse of its whole header block (which cost as much as parsing the
/// whole of a small mail, and accepting a mail needs two fields of it): the block is scanned for the Message-ID and From
/// fields, and MimeKit reads those two fields alone (<see cref="Header.TryParse(ParserOptions, byte[], int, int, out Header)"/>,
/// the same options, so the same folding, charsets and encoded words as <see cref="MailReader.IdentifyByParse"/>). Only
/// for a plain block: field lines "Name: value" (a name of printable ASCII) or their continuation lines, no control
/// character, an empty line at its end, at most one of each field. Anything else is left to MimeKit (null here).
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
        var position = 0;
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
            if (HasControl(line))
            {
                return null;
            }
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (lineStart == 0)
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
            if (System.Text.Ascii.EqualsIgnoreCase(name, "Message-ID"u8))
            {
                current = 1;
                messageIds++;
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(name, "From"u8))
            {
                current = 2;
                froms++;
            }
            else
            {
                current = 0;
            }
            currentStart = lineStart;
        }
        if (messageIds > 1 || froms > 1)
        {
            return null;
        }
        string? id = null;
        if (messageIds == 1)
        {
            if (!Header.TryParse(options, raw, messageId.Start, messageId.Length, out var header))
            {
                return null;
            }
            id = header.Value is { } value ? MimeKit.Utils.MimeUtils.ParseMessageId(value) : null;
        }
        string? sender = null;
        if (froms == 1)
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

    /// <summary>Whether the line holds a control character (tab aside).</summary>
    internal static bool HasControl(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is < 0x20 and not (byte)'\t' or 0x7f)
            {
                return true;
            }
        }
        return false;
    }
}
