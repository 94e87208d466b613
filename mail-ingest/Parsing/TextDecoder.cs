using System.Globalization;
using System.Text;
using MimeKit;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// The text of a text part, whatever charset the mail program used or claimed: every legacy charset .NET knows
/// (ISO-8859-x, windows-125x, KOI8, mac encodings, through the code-pages provider), UTF-16 with or without a byte order
/// mark, and mislabelled parts: when the bytes are not valid in the declared charset (or decode to control
/// characters and unlikely letters) the candidate that reads best as one of the 8 languages wins.
/// </summary>
public static class TextDecoder
{
    static TextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Registers the code-pages provider (idempotent); call once at start.</summary>
    public static void Register() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // .NET refuses Encoding.GetEncoding("utf-7") (SYSLIB0001: UTF-7 was an XSS trick on browsers that guessed it), which
    // failed the whole mail. Decoding it here only turns the sender's text into a string, shown encoded like any other.
#pragma warning disable SYSLIB0001
    private static readonly Encoding Utf7 = new UTF7Encoding();
#pragma warning restore SYSLIB0001

    /// <summary>Legacy charsets tried, in order, when the declared one does not fit (European mail programs' usual ones).</summary>
    private static readonly int[] Candidates = [1252, 28597, 1253, 1250, 28592, 28605, 10000, 10006, 10029, 20866];

    public static string Decode(TextPart part, int maxBytes = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(part);
        var bytes = ContentBytes(part, maxBytes);
        return Decode(bytes, part.ContentType.Charset);
    }

    public static string Decode(byte[] bytes, string? declaredCharset)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Register();
        if (bytes.Length == 0)
        {
            return "";
        }
        if (Bom(bytes) is { } bom)
        {
            return bom.GetString(bytes, bom.Preamble.Length, bytes.Length - bom.Preamble.Length);
        }
        var declared = Lookup(declaredCharset);
        if (declared is UnicodeEncoding or UTF32Encoding || ReferenceEquals(declared, Utf7))
        {
            return declared.GetString(bytes);
        }
        if (IsAscii(bytes))
        {
            return Encoding.ASCII.GetString(bytes);
        }
        var utf8 = TryUtf8(bytes);
        if (declared is null or UTF8Encoding || declared.CodePage == 20127)
        {
            // Declared UTF-8 (or nothing): valid UTF-8 is taken; otherwise the legacy charset that reads best.
            return utf8 ?? Best(bytes, null);
        }
        // Text that is valid UTF-8 with non-ASCII letters is almost never meant as a legacy charset: mislabelled.
        if (utf8 is not null)
        {
            return utf8;
        }
        if (declared.CodePage == 28597 && IsWindows1253(bytes))
        {
            return Encoding.GetEncoding(1253).GetString(bytes);
        }
        var text = declared.GetString(bytes);
        if (!LooksWrong(text))
        {
            return text;
        }
        var best = Best(bytes, declared.CodePage);
        return Score(best) > Score(text) ? best : text;
    }

    /// <summary>
    /// Greek written in windows-1253 and labelled iso-8859-7 (webmail gateways do): the two differ where a capital "Ά" is
    /// 0xA2 in windows-1253 and a closing quotation mark in iso-8859-7. A 0xA2 at the start of a word, before a Greek letter,
    /// is that "Ά" ("’ννα" would be no Greek word; iso-8859-7's "Ά" is 0xB6); the other differences (0x80-0x9F) are control
    /// characters in iso-8859-7, which the general check already turns away from. A text with iso-8859-7's own "Ά" (0xB6, a
    /// pilcrow in windows-1253) is iso-8859-7, its word-initial 0xA2 an aphaeresis ("θα ’ρθω"); without one, such an
    /// aphaeresis is read as "Ά" (rare, and one letter, where a mislabelled text loses every "Ά" of its names).
    /// </summary>
    internal static bool IsWindows1253(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Contains((byte)0xB6))
        {
            return false;
        }
        for (var i = bytes.IndexOf((byte)0xA2); i >= 0 && i + 1 < bytes.Length; i = bytes[(i + 1)..].IndexOf((byte)0xA2) is var next and >= 0 ? i + 1 + next : -1)
        {
            var before = i == 0 ? (byte)' ' : bytes[i - 1];
            var wordStart = before is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'"' or (byte)'(' or 0xAB;
            if (wordStart && bytes[i + 1] >= 0xDC)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Signs that a declared single-byte charset is not the one used: control characters (C1) or unknown bytes, Latin
    /// text made mostly of accented letters (Greek read as Latin-1), or words switching between Latin and Greek letters.
    /// </summary>
    internal static bool LooksWrong(string text)
    {
        int ascii = 0, accented = 0, switches = 0, previous = 0;
        foreach (var c in text)
        {
            if (c is >= '\u0080' and <= '\u009F' or '\uFFFD')
            {
                return true;
            }
            var script = char.IsAsciiLetter(c) ? 1 : IsEuropeanLatin(c) ? 1 : c is >= '\u0386' and <= '\u03CE' ? 2 : 0;
            if (char.IsAsciiLetter(c))
            {
                ascii++;
            }
            else if (script == 1)
            {
                accented++;
            }
            if (script != 0 && previous != 0 && script != previous)
            {
                switches++;
            }
            previous = script;
        }
        return (accented >= 3 && accented * 3 > ascii + accented) || switches >= 2;
    }

    /// <summary>The decoded content of a part (base64, quoted-printable undone), at most <paramref name="maxBytes"/> bytes of it.</summary>
    public static byte[] ContentBytes(MimePart part, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (part.Content is null)
        {
            return [];
        }
        // Sized once from what the encoded length allows (no doubling of a growing buffer for a large attachment).
        var bound = MaxDecodedLength(part);
        using var output = bound < long.MaxValue ? new MemoryStream((int)Math.Min(bound, maxBytes)) : new MemoryStream();
        using var input = part.Content.Open();
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0 && output.Length < maxBytes)
        {
            output.Write(buffer, 0, (int)Math.Min(read, maxBytes - output.Length));
        }
        return output.Length == output.Capacity ? output.GetBuffer() : output.ToArray();
    }

    /// <summary>
    /// The most bytes a part's content can decode to, from its encoded length (base64: three bytes for every four
    /// characters; the others never grow); <see cref="long.MaxValue"/> when that length is not known.
    /// </summary>
    public static long MaxDecodedLength(MimePart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (part.Content?.Stream is not { CanSeek: true } stream)
        {
            return part.Content is null ? 0 : long.MaxValue;
        }
        return part.Content.Encoding == ContentEncoding.Base64 ? stream.Length / 4 * 3 + 3 : stream.Length;
    }

    /// <summary>
    /// How many bytes a part's content decodes to, counted without keeping them, up to <paramref name="stopAfter"/>
    /// (a larger part is known to be larger without holding it).
    /// </summary>
    public static long DecodedLength(MimePart part, long stopAfter)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (part.Content is null)
        {
            return 0;
        }
        using var input = part.Content.Open();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while (total <= stopAfter && (read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
        }
        return total;
    }

    private static Encoding? Lookup(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return null;
        }
        var name = charset.Trim().Trim('"').ToLowerInvariant();
        // Names mail programs write that .NET does not know by that name.
        name = name switch
        {
            "utf8" => "utf-8",
            "latin1" or "latin-1" => "iso-8859-1",
            "greek" or "iso-8859-7-i" => "iso-8859-7",
            "cp1252" or "x-cp1252" => "windows-1252",
            "cp1250" or "x-cp1250" => "windows-1250",
            "cp1253" or "x-cp1253" => "windows-1253",
            "mac" or "macroman" or "mac-roman" => "macintosh",
            "x-mac-ce" or "mac-ce" => "x-mac-ce",
            "koi8" => "koi8-r",
            _ => name,
        };
        if (KnownEncodings.TryGetValue(name, out var known))
        {
            return known;
        }
        Encoding? encoding;
        try
        {
            encoding = name is "utf-7" or "utf7" or "unicode-1-1-utf-7" or "csunicode11utf7" ? Utf7 : Encoding.GetEncoding(name);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // Unknown, or known and refused by .NET: the bytes are read as if no charset were declared.
            encoding = null;
        }
        // Looked up once per name (the code pages provider takes a lock and builds its tables on every call); the names a
        // sender invents are not kept beyond a bound.
        if (KnownEncodings.Count < 256)
        {
            KnownEncodings.TryAdd(name, encoding);
        }
        return encoding;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Encoding?> KnownEncodings = new(StringComparer.Ordinal);

    private static Encoding? Bom(byte[] bytes) => bytes switch
    {
        [0xEF, 0xBB, 0xBF, ..] => new UTF8Encoding(true),
        [0xFF, 0xFE, 0x00, 0x00, ..] => new UTF32Encoding(false, true),
        [0xFF, 0xFE, ..] => new UnicodeEncoding(false, true),
        [0xFE, 0xFF, ..] => new UnicodeEncoding(true, true),
        _ => null,
    };

    private static bool IsAscii(byte[] bytes) => System.Text.Ascii.IsValid(bytes);

    private static string? TryUtf8(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string Best(byte[] bytes, int? except)
    {
        string? best = null;
        var bestScore = int.MinValue;
        foreach (var codePage in Candidates)
        {
            if (codePage == except)
            {
                continue;
            }
            var text = Encoding.GetEncoding(codePage).GetString(bytes);
            var score = Score(text);
            if (score > bestScore)
            {
                (best, bestScore) = (text, score);
            }
        }
        return best!;
    }

    /// <summary>
    /// How much a text looks like one of the 8 languages: letters of their alphabets count, control characters,
    /// replacement characters and stray symbols count against, and so does Latin text made mostly of accented letters
    /// (what Greek bytes read as Latin-1 look like).
    /// </summary>
    internal static int Score(string text)
    {
        int ascii = 0, accented = 0, greek = 0, bad = 0;
        // 1: a Latin letter, 2: a Greek one; a word switching between them is a wrong guess (French read as Greek).
        var previous = 0;
        foreach (var c in text)
        {
            var script = 0;
            if (c < 0x80)
            {
                if (char.IsAsciiLetter(c))
                {
                    ascii++;
                    script = 1;
                }
                else if (c < 0x20 && c is not ('\n' or '\r' or '\t'))
                {
                    bad += 2;
                }
            }
            else if (c is >= '\u0080' and <= '\u009F' or '\uFFFD')
            {
                bad += 5;
            }
            else if (c is >= '\u0386' and <= '\u03CE')
            {
                greek++;
                script = 2;
            }
            else if (IsEuropeanLatin(c))
            {
                accented++;
                script = 1;
            }
            else if (c is >= '\u0400' and <= '\u04FF')
            {
                // Cyrillic: a name, perhaps; neither for nor against.
            }
            else if (char.IsLetter(c))
            {
                bad += 2;
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.OtherSymbol or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherNotAssigned)
            {
                bad += 1;
            }
            if (script != 0 && previous != 0 && script != previous)
            {
                bad += 4;
            }
            previous = script;
        }
        var latin = ascii + accented;
        // In French, German, Spanish, Italian, Portuguese and Swedish text few letters carry accents.
        var implausible = latin > 0 && accented * 3 > latin ? accented : 0;
        return greek * 2 + accented - implausible * 2 - bad;
    }

    private const string EuropeanLetters = "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŸŒ";

    private static bool IsEuropeanLatin(char c) => EuropeanLetters.Contains(c, StringComparison.Ordinal);
}
