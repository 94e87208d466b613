using MimeKit;

namespace Regin.MailIngest.Intake;

/// <summary>
/// A mail's key and sender found without MimeKit's parse of its whole header block (which cost as much as parsing the
/// whole of a small mail, and accepting a mail needs two fields of it): the block is split into fields as MimeKit's header
/// parse splits it (<see cref="Walk"/>), and MimeKit reads the Message-ID and From fields alone
/// (<see cref="Header.TryParse(ParserOptions, byte[], int, int, out Header)"/>, the same options, so the same folding,
/// charsets and encoded words as <see cref="MailReader.IdentifyByParse"/>). Since session 54 a forger's block too (control
/// characters in a value, a field twice: the first read, as MimeKit's header list gives it), and since session 55 every
/// block that ends within the bounds: a NUL or a stray CR is a value's byte, a line that is no field a field of no use, a
/// first line that is no field (an mbox "From " line, a continuation) a block MimeKit reads no field of (the bytes' hash,
/// no sender). Since session 56 a block over <see cref="HeaderBlock"/>'s bounds is keyed here too, by its bytes' hash with
/// no sender, as MimeKit's path keys it (unparsed). Only a mail of header lines alone (no empty line) is left to MimeKit (null here).
/// <c>MailKeyScanTests</c> compares both on every test mail and on generated forgers' blocks.
/// </summary>
internal static class MailKeyScan
{
    /// <summary>
    /// The bytes scanned: a block within <see cref="HeaderBlock"/>'s bounds ends inside them (session 52: was 64 kB, and a
    /// block of 64–128 kB was parsed whole by MimeKit here, outside the mail's reading budget). A longer one is refused unparsed.
    /// </summary>
    internal const int MaxHeaderBlock = Parsing.MailLimits.MaxHeaderBytes + 4;

    /// <summary>One field line of a block with its continuation lines: where it starts, where its name ends (blanks before
    /// the colon not counted), where its value starts (after the colon) and where it ends (after its last line's LF).</summary>
    internal readonly record struct Field(int Start, int NameEnd, int ValueStart, int End);

    /// <summary>What <see cref="Walk"/> found: fields, a block MimeKit reads no field of (its parse throws), or no end.</summary>
    internal enum Shape
    {
        Fields,
        NoField,
        Unended,
    }

    /// <summary>
    /// Splits a header block into its fields as MimeKit's header parse does (MimeKit 4.18, checked against it by
    /// <c>MailKeyScanTests</c> over generated blocks): lines end at LF (a CR elsewhere is a byte of the line); the block
    /// ends at an empty line ("" or a lone CR); a line starting with a space or tab continues the line before; a field line
    /// is a name of printable ASCII, blanks, then a colon ("Subject : x" is Subject). A line that is no field (no colon, a
    /// space, an 8-bit byte or a NUL in its name, "&gt;From", a boundary) is kept by MimeKit as a field named by the whole
    /// line, so never From or Message-ID: it is skipped with its continuation lines. A first line that is no field (an mbox
    /// "From " line, a continuation, an empty name) makes MimeKit's parse throw: <see cref="Shape.NoField"/>.
    /// <paramref name="ended"/>: the block must end with an empty line within <paramref name="block"/> (else
    /// <see cref="Shape.Unended"/>); otherwise the block is all of it (a block already cut before its empty line).
    /// </summary>
    internal static Shape Walk(ReadOnlySpan<byte> block, bool ended, List<Field> fields)
    {
        var position = 0;
        // Whether the last field found still takes continuation lines (not after a line that is no field).
        var open = false;
        while (position < block.Length)
        {
            var newline = block[position..].IndexOf((byte)'\n');
            if (newline < 0 && ended)
            {
                return Shape.Unended;
            }
            var lineStart = position;
            var line = block[position..(newline < 0 ? block.Length : position + newline)];
            position = newline < 0 ? block.Length : position + newline + 1;
            if (line.IsEmpty || line.SequenceEqual("\r"u8))
            {
                return Shape.Fields;
            }
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (lineStart == 0)
                {
                    return Shape.NoField;
                }
                if (open)
                {
                    fields[^1] = fields[^1] with { End = position };
                }
                continue;
            }
            open = false;
            var colon = line.IndexOf((byte)':');
            var nameEnd = colon;
            while (nameEnd > 0 && line[nameEnd - 1] is (byte)' ' or (byte)'\t')
            {
                nameEnd--;
            }
            if (colon < 0 || line[..nameEnd].IndexOfAnyExceptInRange((byte)0x21, (byte)0x7e) >= 0 || (nameEnd == 0 && lineStart == 0))
            {
                if (lineStart == 0)
                {
                    return Shape.NoField;
                }
                continue;
            }
            fields.Add(new Field(lineStart, lineStart + nameEnd, lineStart + colon + 1, position));
            open = true;
        }
        return ended ? Shape.Unended : Shape.Fields;
    }

    public static MailIdentity? TryIdentify(byte[] raw, ParserOptions options)
    {
        var span = raw.AsSpan(0, Math.Min(raw.Length, MaxHeaderBlock));
        if (HeaderBlock.Refusal(span) is not null)
        {
            // Over the bounds (session 56): never read, not even for its key: the bytes' hash and no sender, on every path
            // (MimeKit's gave that, this scan the Message-ID of a block ending within 128 kB, so one mail could get two keys).
            return MailReader.IdentityOf(raw, null, null);
        }
        var fields = new List<Field>();
        switch (Walk(span, ended: true, fields))
        {
            case Shape.Unended:
                // No empty line and within the bounds (a mail of header lines alone): left to MimeKit.
                return null;
            case Shape.NoField:
                // MimeKit's header parse throws on its first line (an mbox "From " line above the fields, a forger's): the
                // key is the bytes' hash and there is no sender, as it always was; no parse needed.
                return MailReader.IdentityOf(raw, null, null);
        }
        string? id = null;
        // A field twice (two From, two Message-ID: a forger's header): the first is the one MimeKit's header list gives.
        if (First(span, fields, "Message-ID"u8) is { } messageId)
        {
            if (!Header.TryParse(options, raw, messageId.Start, messageId.End - messageId.Start, out var header))
            {
                return null;
            }
            id = header.Value is { } value ? MimeKit.Utils.MimeUtils.ParseMessageId(value) : null;
        }
        string? sender = null;
        if (First(span, fields, "From"u8) is { } from)
        {
            if (!Header.TryParse(options, raw, from.Start, from.End - from.Start, out var header))
            {
                return null;
            }
            sender = header.Value is { } value && InternetAddressList.TryParse(value, out var list) ? list.Mailboxes.FirstOrDefault()?.Address?.ToLowerInvariant() : null;
        }
        return MailReader.IdentityOf(raw, id, sender);
    }

    /// <summary>The first field of <paramref name="fields"/> named <paramref name="name"/> (in any case), if any.</summary>
    private static Field? First(ReadOnlySpan<byte> block, List<Field> fields, ReadOnlySpan<byte> name)
    {
        foreach (var field in fields)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(block[field.Start..field.NameEnd], name))
            {
                return field;
            }
        }
        return null;
    }
}
