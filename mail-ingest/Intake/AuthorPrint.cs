using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace Regin.MailIngest.Intake;

/// <summary>
/// What a mail's author wrote, as a hash: its body and the header fields its author's program set (From, Sender, Reply-To,
/// To, Cc, Subject, Date, Message-ID, In-Reply-To, References), not what the servers on its way added (Received,
/// Authentication-Results, DKIM and ARC signatures, Delivered-To, Return-Path, X- fields). Two copies of one mail, fetched
/// twice or delivered by two routes, have the same print; a second mail under a Message-ID already stored (a stranger's
/// under Alice's, or a program that gives every mail the same id) has another, and is kept as a mail of its own
/// (<see cref="VariantKey"/>) instead of being dropped as a duplicate (session 44; it was lost, attack a43-17).
/// </summary>
internal static class AuthorPrint
{
    private static readonly string[] Fields = ["From", "Sender", "Reply-To", "To", "Cc", "Subject", "Date", "Message-ID", "In-Reply-To", "References"];

    /// <summary>Whether a mail stored under <paramref name="key"/> is compared with a new one by print: a Message-ID's key (a hash of the bytes is the bytes).</summary>
    public static bool Compared(string key) => key.StartsWith("mid:", StringComparison.Ordinal) && !key.Contains(VariantMark, StringComparison.Ordinal);

    /// <summary>What separates a Message-ID's key from the print in a differing copy's key (never in a parsed Message-ID, which has no spaces).</summary>
    private const string VariantMark = " #print:";

    /// <summary>The key of a mail under a stored Message-ID whose print differs: the id's key and its own print (so fetched twice, it is one).</summary>
    public static string VariantKey(string key, string print) => key + VariantMark + print[..32];

    /// <summary>The Message-ID's key a differing copy's key (<see cref="VariantKey"/>) was made from.</summary>
    public static string OriginalKey(string key) => key.Contains(VariantMark, StringComparison.Ordinal) ? key[..key.IndexOf(VariantMark, StringComparison.Ordinal)] : key;

    /// <summary>Whether <paramref name="key"/> is a differing copy's (<see cref="VariantKey"/>).</summary>
    public static bool IsVariant(string key) => key.Contains(VariantMark, StringComparison.Ordinal);

    /// <summary>The print of a stream's mail (read whole: only a mail whose Message-ID is stored already is printed); left at its start.</summary>
    public static string Of(Stream stream)
    {
        stream.Position = 0;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        stream.Position = 0;
        return Of(copy.GetBuffer().AsSpan(0, (int)copy.Length));
    }

    /// <summary>A field's value unfolded, its runs of white space one space (a relay may fold a long field again), hashed with its name.</summary>
    private static void AppendField(IncrementalHash hash, string field, ReadOnlySpan<byte> rawValue)
    {
        var value = string.Join(' ', Encoding.Latin1.GetString(rawValue).Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        hash.AppendData(Encoding.UTF8.GetBytes(field.ToUpperInvariant() + ":" + value + "\n"));
    }

    /// <summary>
    /// The author fields of a header block within the bounds, split as MimeKit's parse splits it (<see cref="MailKeyScan.Walk"/>)
    /// and hashed as it gives them (each field's value is its bytes after the colon, continuation lines included), in
    /// <see cref="Fields"/>' order; a block MimeKit reads no field of (its first line is none: an mbox "From " line) is
    /// its bytes, as when MimeKit's parse throws. Since session 55 a NUL, a stray CR or a line that is no field too (they
    /// went to MimeKit's whole-header parse before the mail's reading budget).
    /// </summary>
    private static void AppendUnparsed(IncrementalHash hash, ReadOnlySpan<byte> head)
    {
        var fields = new List<MailKeyScan.Field>();
        if (MailKeyScan.Walk(head, ended: false, fields) == MailKeyScan.Shape.NoField)
        {
            hash.AppendData(head);
            return;
        }
        foreach (var name in Fields)
        {
            foreach (var field in fields)
            {
                if (System.Text.Ascii.EqualsIgnoreCase(head[field.Start..field.NameEnd], name))
                {
                    AppendField(hash, name, head[field.ValueStart..field.End]);
                }
            }
        }
    }

    public static string Of(ReadOnlySpan<byte> raw) => Of(raw, plain: true);

    /// <summary>The print, with <paramref name="plain"/> false as MimeKit's parse of the header gives it (the tests compare both).</summary>
    internal static string Of(ReadOnlySpan<byte> raw, bool plain)
    {
        var end = raw.IndexOf("\r\n\r\n"u8);
        var bodyStart = end < 0 ? -1 : end + 4;
        var lf = raw.IndexOf("\n\n"u8);
        if (lf >= 0 && (end < 0 || lf < end))
        {
            end = lf;
            bodyStart = lf + 2;
        }
        var head = end < 0 ? raw : raw[..end];
        var body = bodyStart < 0 ? [] : raw[bodyStart..];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // A block within the bounds is read here field by field, unparsed (MailKeyScan.Walk): the same values as MimeKit's;
        // a block over the bounds (HeaderBlock) is not parsed at all (its bytes stand for it). MimeKit's parse is the tests'.
        var refused = HeaderBlock.Refusal(head) is not null;
        if (plain && !refused)
        {
            AppendUnparsed(hash, head);
        }
        else
        {
            HeaderList? headers = null;
            try
            {
                headers = refused ? null : HeaderBlock.Parse(head.ToArray());
            }
            catch (FormatException)
            {
                // Broken headers: the block's bytes stand for them.
            }
            if (headers is null)
            {
                hash.AppendData(head);
            }
            else
            {
                foreach (var field in Fields)
                {
                    foreach (var header in headers.Where(h => string.Equals(h.Field, field, StringComparison.OrdinalIgnoreCase)))
                    {
                        AppendField(hash, field, header.RawValue);
                    }
                }
            }
        }
        hash.AppendData("\n\n"u8);
        // The body with its line ends as LF and no white space at its end: a route may store CRLF, another LF.
        var last = body.Length;
        while (last > 0 && body[last - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            last--;
        }
        body = body[..last];
        while (!body.IsEmpty)
        {
            var cr = body.IndexOf((byte)'\r');
            if (cr < 0)
            {
                hash.AppendData(body);
                break;
            }
            hash.AppendData(body[..cr]);
            body = body[(cr + 1)..];
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
