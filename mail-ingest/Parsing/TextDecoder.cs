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
        if (utf8 is not null && declared.CodePage is 28597 or 1253 && utf8.All(c => c <= '\u00FF'))
        {
            // Greek bytes that a relay read as Latin-1 and wrote again as UTF-8 ("Ôßôëïò" for "Τίτλος": smtp4dev does it to an
            // 8bit body, session 59): valid UTF-8 whose letters are all Latin-1's under a Greek label. Its Latin-1 bytes are
            // the sender's; Greek typed in UTF-8 never decodes to Latin-1 letters only.
            return Decode(Encoding.Latin1.GetBytes(utf8), declaredCharset);
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
    /// 0xA2 in windows-1253 and a right quotation mark, the Greek apostrophe, in iso-8859-7 (windows-1253's apostrophe is
    /// 0x92); the other differences (0x80-0x9F) are control characters in iso-8859-7, which the general check already turns
    /// away from. So a text is iso-8859-7 when it shows one of its own signs: its "Ά" (0xB6, a pilcrow in windows-1253), its
    /// opening quote (0xA1, a lone accent in windows-1253), or a 0xA2 used as an apostrophe or a closing quote: after a
    /// letter ("απ’ το", "σ’ αγαπώ": a capital inside or at the end of a word is no Greek) or before anything but a
    /// letter. A 0xA2 at a word's start before a Greek lowercase letter is either: "Άννα", or the aphaeresis "θα ’ρθω",
    /// "να ’ναι", which follows one of the few words that lose the next one's first vowel (θα, να, που, κι, ας, μη, τι);
    /// or is itself one of the few words an aphaeresis leaves (<see cref="AphaeresisForms"/>: "το ’χω", "μου ’πε"); else it
    /// is read as "Ά" (a mislabelled text loses every "Ά" of its names; the articles τα, το, του, μου, which also stand
    /// before names, "το Άργος", "μου Άννα", count for the name unless the word after is such a form).
    /// </summary>
    internal static bool IsWindows1253(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Contains((byte)0xB6) || bytes.Contains((byte)0xA1))
        {
            return false;
        }
        var capitals = 0;
        for (var i = bytes.IndexOf((byte)0xA2); i >= 0; i = i + 1 < bytes.Length && bytes[(i + 1)..].IndexOf((byte)0xA2) is var next and >= 0 ? i + 1 + next : -1)
        {
            var before = i == 0 ? (byte)' ' : bytes[i - 1];
            var after = i + 1 < bytes.Length ? bytes[i + 1] : (byte)' ';
            if (IsLetter(before) || !IsLetter(after))
            {
                // An apostrophe or a closing quote: only iso-8859-7 writes one with this byte.
                return false;
            }
            var wordStart = before is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'"' or (byte)'(' or 0xAB;
            if (wordStart && after >= 0xDC)
            {
                if ((i > 0 && before == (byte)' ' && ElidingWordBefore(bytes[..i])) || AphaeresisForm(bytes[(i + 1)..]))
                {
                    return false;
                }
                capitals++;
            }
        }
        return capitals > 0;

        // A Latin or Greek letter (windows-1253 and iso-8859-7 agree on all of them but 0xA2 itself).
        static bool IsLetter(byte b) => b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= 0xB8 and <= 0xFE and not 0xBB and not 0xBD;
    }

    /// <summary>The Greek words an aphaeresis follows ("θα ’ρθω", "να ’ναι", "που ’χα"), as bytes (the same in both charsets).</summary>
    /// (Greek lowercase sits at its code point less 0x2D0 in both: no encoding needed, which the static constructor registers.)
    private static readonly byte[][] ElidingWords = [.. new[] { "θα", "να", "που", "κι", "ας", "μη", "τι" }.Select(w => w.Select(c => (byte)(c - 0x2D0)).ToArray())];

    /// <summary>
    /// The words an aphaeresis leaves ("το ’χω", "μου ’πε", "’ναι"): forms of έχω, είπα, είμαι, έρθω, ήταν, είδα with their
    /// first vowel gone. None of them is a name's rest after "Ά" ("Άχω", "Άπε", "Άναι" are no words), so such a word tells
    /// iso-8859-7 after any word or none, where the articles before it (το, μου) also stand before names.
    /// </summary>
    private static readonly HashSet<string> AphaeresisForms = new(StringComparer.Ordinal)
    {
        "χω", "χεις", "χει", "χουμε", "χετε", "χουν", "χουνε", "χα", "χες", "χε", "χαμε", "χατε", "χαν", "χανε",
        "πα", "πες", "πε", "παμε", "πατε", "παν", "πανε", "μαι", "σαι", "ναι", "μαστε", "στε", "ταν", "τανε",
        "δες", "δε", "δαμε", "δατε", "δαν", "ρθω", "ρθεις", "ρθει", "ρθουμε", "ρθετε", "ρθουν", "ρθε", "ρθα", "ρθες", "ρθαν",
    };

    /// <summary>Whether the word at the start of <paramref name="rest"/> (the bytes after a word-initial 0xA2) is one of <see cref="AphaeresisForms"/>.</summary>
    private static bool AphaeresisForm(ReadOnlySpan<byte> rest)
    {
        Span<char> word = stackalloc char[8];
        var length = 0;
        foreach (var b in rest)
        {
            if (b is < 0xDC or > 0xFE)
            {
                break;
            }
            if (length == word.Length)
            {
                return false;
            }
            // Lowercase Greek is its code point less 0x2D0 in both charsets; an accent on the form ("’ρθώ") does not matter.
            word[length++] = b switch { 0xDC => 'α', 0xDD => 'ε', 0xDE => 'η', 0xDF => 'ι', 0xFC => 'ο', 0xFD => 'υ', 0xFE => 'ω', 0xF2 => 'ς', _ => (char)(b + 0x2D0) };
        }
        return length > 0 && AphaeresisForms.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word[..length]);
    }

    /// <summary>Whether <paramref name="text"/> (the bytes before a space) ends with one of <see cref="ElidingWords"/>, a word of its own.</summary>
    private static bool ElidingWordBefore(ReadOnlySpan<byte> text)
    {
        text = text[..^1];
        foreach (var word in ElidingWords)
        {
            if (text.EndsWith(word) && (text.Length == word.Length || text[^(word.Length + 1)] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)',' or (byte)'.'))
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
    public static byte[] ContentBytes(MimePart part, int maxBytes) => ContentBytes(part, maxBytes, out _);

    /// <summary>
    /// The decoded content of a part, at most <paramref name="maxBytes"/> bytes of it; <paramref name="damaged"/> when its
    /// base64 turns to junk (<see cref="JunkFrom"/>): what decodes before the junk is kept, the rest dropped.
    /// </summary>
    public static byte[] ContentBytes(MimePart part, int maxBytes, out bool damaged)
    {
        ArgumentNullException.ThrowIfNull(part);
        damaged = false;
        if (part.Content is null)
        {
            return [];
        }
        if (JunkFrom(part) is var junk and >= 0)
        {
            damaged = true;
            return DecodeBase64Before(part.Content.Stream!, junk, maxBytes);
        }
        // Sized once from what the encoded length allows (no doubling of a growing buffer for a large attachment).
        var bound = MaxDecodedLength(part);
        using var output = bound < long.MaxValue ? new MemoryStream((int)Math.Min(bound, maxBytes)) : new MemoryStream();
        // Plain text called base64 is read as it came (from the part's own stream, left open and rewound).
        var raw = IsPlainTextCalledBase64(part) ? part.Content.Stream : null;
        var input = raw ?? part.Content.Open();
        try
        {
            var buffer = new byte[81920];
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0 && output.Length < maxBytes)
            {
                output.Write(buffer, 0, (int)Math.Min(read, maxBytes - output.Length));
            }
        }
        finally
        {
            if (raw is not null)
            {
                raw.Position = 0;
            }
            else
            {
                input.Dispose();
            }
        }
        return output.Length == output.Capacity ? output.GetBuffer() : output.ToArray();
    }

    /// <summary>
    /// Where a text part's base64 turns to junk (m56-08): valid lines first ("[Q05] … / [Q06] Malta"), then a line that is
    /// mostly not base64 ("!!**%%", control bytes, 5,000 "#"). Decoded whole, the junk's few base64 letters ("====QUFB====")
    /// ran on as letters after the last answer; judged whole, the part was taken for plain text and every answer lost. A
    /// line is junk when more than two of its characters, and more than one in ten, are outside base64 (spaces and "="
    /// count as base64): a list's stray "!" or a quote's "> " in a line (Mail55) is no junk and is skipped as MimeKit does.
    /// The text ends at junk only when no clean line of base64 follows it: a broken line between good ones (h81's "~~~~"
    /// inside the text) is skipped as before. The offset of that junk line's start in the encoded content, or -1 (not
    /// base64, plain text called base64, no junk at the end).
    /// </summary>
    internal static long JunkFrom(MimePart part)
    {
        if (part is not TextPart || part.ContentTransferEncoding != ContentEncoding.Base64 || part.Content?.Stream is not { CanSeek: true } stream
            || IsPlainTextCalledBase64(part))
        {
            return -1;
        }
        var buffer = new byte[81920];
        long at = 0, lineStart = 0, junk = -1;
        int length = 0, foreign = 0;
        // A line ended: junk opens a run unless one is open; a clean base64 line closes it (the text goes on after it).
        void LineEnded()
        {
            if (foreign > 2 && foreign * 10 > length)
            {
                junk = junk < 0 ? lineStart : junk;
            }
            else if (foreign == 0 && length >= 4)
            {
                junk = -1;
            }
        }
        stream.Position = 0;
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                for (var i = 0; i < read; i++, at++)
                {
                    var b = buffer[i];
                    if (b == (byte)'\n')
                    {
                        LineEnded();
                        (lineStart, length, foreign) = (at + 1, 0, 0);
                        continue;
                    }
                    if (b != (byte)'\r')
                    {
                        length++;
                        if (!IsBase64Character(b) && b is not ((byte)' ' or (byte)'\t'))
                        {
                            foreign++;
                        }
                    }
                }
            }
            LineEnded();
            return junk;
        }
        finally
        {
            stream.Position = 0;
        }
    }

    private static readonly System.Buffers.SearchValues<byte> Base64Characters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="u8);

    private static bool IsBase64Character(byte b) => Base64Characters.Contains(b);

    /// <summary>The first <paramref name="end"/> bytes of <paramref name="encoded"/> decoded as base64 (MimeKit's decoder: stray characters skipped), at most <paramref name="maxBytes"/>.</summary>
    private static byte[] DecodeBase64Before(Stream encoded, long end, int maxBytes)
    {
        // Base64 decodes four characters to three bytes: more than maxBytes * 4 / 3 characters are never needed.
        var take = (int)Math.Min(end, (long)maxBytes / 3 * 4 + 8);
        var input = new byte[take];
        encoded.Position = 0;
        try
        {
            take = encoded.ReadAtLeast(input, take, throwOnEndOfStream: false);
        }
        finally
        {
            encoded.Position = 0;
        }
        var decoder = new MimeKit.Encodings.Base64Decoder();
        var output = new byte[decoder.EstimateOutputLength(take)];
        var length = Math.Min(decoder.Decode(input, 0, take, output), maxBytes);
        return output.AsSpan(0, length).ToArray();
    }

    /// <summary>
    /// A text part whose "base64" is plain text (a broken gateway, or a sender dodging a filter): decoded as base64, the
    /// text was noise (MimeKit skips what is not base64) and the answers lost. Base64 has no spaces inside a line and
    /// nothing but its 65 characters; typed text has both. Judged on the first 4 KB: more than one character in ten
    /// outside base64 (not counting line ends; a space between two others counts) is text. A damaged base64 with a few
    /// stray characters (h81) stays base64, and so does one that opens with a line of base64 (16 characters or more, nothing
    /// else: no typed line looks so) before junk (<see cref="JunkFrom"/>).
    /// </summary>
    internal static bool IsPlainTextCalledBase64(MimePart part)
    {
        if (part is not TextPart || part.ContentTransferEncoding != ContentEncoding.Base64 || part.Content?.Stream is not { CanSeek: true } stream)
        {
            return false;
        }
        var sample = new byte[4096];
        stream.Position = 0;
        var length = stream.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        var first = sample.AsSpan(0, length).TrimStart("\r\n \t"u8);
        first = first[..(first.IndexOfAny("\r\n"u8) is var end and >= 0 ? end : first.Length)].TrimEnd(" \t"u8);
        if (first.Length >= 16 && !first.ContainsAnyExcept(Base64Characters))
        {
            return false;
        }
        int counted = 0, foreign = 0;
        for (var i = 0; i < length; i++)
        {
            var b = sample[i];
            if (b is (byte)'\r' or (byte)'\n')
            {
                continue;
            }
            counted++;
            var inner = b is (byte)' ' or (byte)'\t' && i > 0 && i + 1 < length && sample[i - 1] is not ((byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t')
                && sample[i + 1] is not ((byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t');
            if (inner || !(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'+' or (byte)'/' or (byte)'=' or (byte)' ' or (byte)'\t'))
            {
                foreign++;
            }
        }
        return counted > 0 && foreign * 10 > counted;
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
        if (IsPlainTextCalledBase64(part))
        {
            return part.Content.Stream?.Length ?? 0;
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
        int ascii = 0, accented = 0, greek = 0, bad = 0, euro = 0;
        var lower = false;
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
                // A capital inside a lower-case word ("HÈlËne", "CÚur"): windows-1252 read as Mac Roman, or the reverse.
                if (char.IsUpper(c) && lower)
                {
                    bad += 2;
                }
            }
            else if (c == '€')
            {
                // The euro sign is the commonest symbol of European mail ("45 000 €"), as good a sign as a letter: read as
                // Mac Roman its byte is "Ä", as ISO-8859-1 a control character, and ISO-8859-15's is "¤" in windows-1252.
                euro++;
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
            lower = char.IsLower(c);
        }
        var latin = ascii + accented;
        // In French, German, Spanish, Italian, Portuguese and Swedish text few letters carry accents.
        var implausible = latin > 0 && accented * 3 > latin ? accented : 0;
        return greek * 2 + accented + euro - implausible * 2 - bad;
    }

    private const string EuropeanLetters = "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŸŒ";

    private static bool IsEuropeanLatin(char c) => EuropeanLetters.Contains(c, StringComparison.Ordinal);
}
