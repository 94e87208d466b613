using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Regin.Core.Templates;

namespace Regin.MailIngest.Parsing;

/// <summary>A Word file that is not read, and why (a stable code for the raw message's outcome and the reply).</summary>
public sealed class UnreadableAttachmentException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}

/// <summary>
/// Reads a filled-in .docx: the content controls tagged with question ids first, then a question/answer table, then
/// the paragraphs as "label: answer" text. Refuses, before opening it, a file that is encrypted (password protected),
/// macro-enabled, or that would expand beyond a fixed size (a zip bomb).
/// </summary>
public sealed class DocxAnswerReader(TemplateTextParser textParser, QuestionCatalog catalog)
{
    /// <summary>Word's default placeholder texts in the 8 languages (vocabulary word_placeholders), as comparison keys.</summary>
    private readonly HashSet<string> wordPlaceholders = catalog.Questionnaire.Vocabulary.WordPlaceholders.All
        .Select(text => string.Join(' ', Regin.Core.Normalisation.TextKey.Words(text))).Where(key => key.Length > 0).ToHashSet(StringComparer.Ordinal);

    public const long MaxExpandedBytes = 50L * 1024 * 1024;
    public const int MaxEntries = 2000;
    public const int MaxCompressionRatio = 200;

    public ParsedMail Read(byte[] bytes, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Check(bytes, cancellationToken);
        try
        {
            try
            {
                // Opened from a stream, the Open XML SDK copies every package into a temporary file first (so that it can
                // rewrite an external link's malformed address, which System.IO.Packaging refuses): a file created, written
                // and deleted for each attachment was most of reading one. Opened from a package made here it reads the
                // bytes where they are; a file that does need the rewriting fails here and is opened again the SDK's way.
                using var package = System.IO.Packaging.Package.Open(new MemoryStream(bytes, writable: false), FileMode.Open, FileAccess.Read);
                using var document = WordprocessingDocument.Open(package, Settings);
                return Read(document, source, cancellationToken);
            }
            catch (Exception e) when (e is not UnreadableAttachmentException and not OperationCanceledException)
            {
                using var document = WordprocessingDocument.Open(new MemoryStream(bytes, writable: false), false, Settings);
                return Read(document, source, cancellationToken);
            }
        }
        catch (Exception e) when (e is DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or IOException or InvalidOperationException)
        {
            throw new UnreadableAttachmentException("docx_invalid", $"The Word file could not be read: {e.Message}");
        }
    }

    private static readonly OpenSettings Settings = new() { MaxCharactersInPart = MaxExpandedBytes / 2 };

    private ParsedMail Read(WordprocessingDocument document, string source, CancellationToken cancellationToken)
    {
        var body = document.MainDocumentPart?.Document?.Body
            ?? throw new UnreadableAttachmentException("docx_no_body", "The Word file has no document body.");
        // A document pulled into this one (w:altChunk): Word merges it where it stands when it opens the file. Since session
        // 45 the text of an HTML, MHT, plain-text or RTF chunk inside the package is read as the document's text (a
        // generator or Word's "insert file" puts the answers there: they were named as not read); a chunk that is another
        // .docx, one outside the package (an external link: never fetched), or one too large is not read, and the sender
        // is told which part.
        var embedded = new List<string>();
        var chunkTexts = new List<string>();
        foreach (var chunk in body.Descendants<AltChunk>().Take(MaxAltChunks + 1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (chunkTexts.Count + embedded.Count >= MaxAltChunks)
            {
                embedded.Add("docx_embedded_not_read:altChunk");
                break;
            }
            if (chunk.Id?.Value is not { } id || !document.MainDocumentPart!.TryGetPartById(id, out var part))
            {
                embedded.Add("docx_embedded_not_read:altChunk");
                continue;
            }
            var name = part.Uri.OriginalString.TrimStart('/');
            var hidden = false;
            var text = part is AlternativeFormatImportPart import ? ChunkText(import, out hidden, cancellationToken) : null;
            if (text is null)
            {
                embedded.Add($"docx_embedded_not_read:{name}");
                continue;
            }
            if (hidden)
            {
                embedded.Add("hidden_text");
            }
            chunkTexts.Add(text);
        }
        embedded = [.. embedded.Distinct()];
        MarkUnreadablySmall(document, body, cancellationToken);
        if (body.Descendants<Run>().Any(Hidden) && !embedded.Contains("hidden_text"))
        {
            // Text Word does not show (hidden, white on white): not read as answers, and said so in the mail's outcome.
            embedded.Add("hidden_text");
        }
        var result = Read(body, source, GlossaryTexts(document), cancellationToken);
        if (chunkTexts.Count > 0)
        {
            // The chunks' answers for the questions the document's own text and controls leave unanswered (those win: they
            // are what the sender typed into the template itself).
            var fromChunks = textParser.Parse(MailContentReader.Bound(string.Join("\n\n", chunkTexts), null), source + "#altchunk", cancellationToken);
            if (fromChunks.Answers.Count > 0)
            {
                var added = fromChunks.Answers.Where(a => !result.Answers.Any(r => r.QuestionId == a.QuestionId)).ToList();
                // The language stays the template's, told by its labels, when it has any (the template the sender chose).
                result = result.Answers.Count == 0
                    ? fromChunks with { Problems = result.Problems, Language = result.Language ?? fromChunks.Language, MixedLanguages = result.MixedLanguages }
                    : result with
                    {
                        Answers = [.. result.Answers, .. added], Source = added.Count > 0 ? result.Source + "+altchunk" : result.Source,
                        Language = result.Language ?? fromChunks.Language,
                    };
            }
        }
        return embedded.Count == 0 ? result : result with { Problems = [.. result.Problems, .. embedded] };
    }

    /// <summary>At most this many altChunks of one document are read; more are named as not read.</summary>
    public const int MaxAltChunks = 3;

    /// <summary>
    /// The text of an altChunk's part: HTML or XHTML (read as a mail's HTML body is, hidden text left out), MHT (its HTML or
    /// plain-text body), plain text, or RTF; null for any other kind (a .docx inside the .docx) or one larger than a mail's
    /// HTML may be.
    /// </summary>
    private static string? ChunkText(AlternativeFormatImportPart part, out bool hidden, CancellationToken cancellationToken)
    {
        hidden = false;
        const int maxBytes = MailLimits.MaxHtmlChars * 4;
        byte[] bytes;
        using (var stream = part.GetStream(FileMode.Open, FileAccess.Read))
        {
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
            bytes = buffer.ToArray();
        }
        var type = part.ContentType.ToLowerInvariant();
        if (type.StartsWith("text/html", StringComparison.Ordinal) || type.StartsWith("application/xhtml+xml", StringComparison.Ordinal))
        {
            return HtmlText.TryConvert(DecodeText(bytes, part.ContentType), out hidden, cancellationToken);
        }
        if (type.StartsWith("text/plain", StringComparison.Ordinal))
        {
            return DecodeText(bytes, part.ContentType);
        }
        if (type.StartsWith("application/rtf", StringComparison.Ordinal) || type.StartsWith("text/rtf", StringComparison.Ordinal))
        {
            if (!RtfText.IsRtf(bytes))
            {
                return null;
            }
            var rtf = RtfText.Read(bytes, MailLimits.MaxHtmlChars, cancellationToken);
            return rtf.TooDeep ? null : rtf.IsHtml ? HtmlText.TryConvert(rtf.Text, out hidden, cancellationToken) : rtf.Text;
        }
        if (type.StartsWith("message/rfc822", StringComparison.Ordinal) || type.StartsWith("multipart/related", StringComparison.Ordinal))
        {
            // MHT: a MIME message whose body is the HTML (and the pictures beside it).
            try
            {
                var message = MimeKit.MimeMessage.Load(new MemoryStream(bytes, writable: false), cancellationToken);
                if (message.HtmlBody is { } html)
                {
                    return html.Length > MailLimits.MaxHtmlChars ? null : HtmlText.TryConvert(html, out hidden, cancellationToken);
                }
                return message.TextBody is { } plain && plain.Length <= MailLimits.MaxTextChars ? plain : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>Bytes of a chunk as text: the charset its content type or an HTML meta names, else as the mail reader guesses.</summary>
    private static string DecodeText(byte[] bytes, string contentType)
    {
        string? charset = null;
        if (MimeKit.ContentType.TryParse(contentType, out var type))
        {
            charset = type.Charset;
        }
        if (charset is null && type?.MediaSubtype is "html" or "xhtml+xml")
        {
            // <meta charset="windows-1253"> or <meta http-equiv="Content-Type" content="text/html; charset=windows-1253">
            var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 2048));
            var at = head.IndexOf("charset=", StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                var name = head[(at + 8)..].TrimStart('"', '\'', ' ');
                var end = 0;
                while (end < name.Length && end < 40 && (char.IsAsciiLetterOrDigit(name[end]) || name[end] is '-' or '_' or '.' or ':'))
                {
                    end++;
                }
                charset = end > 0 ? name[..end] : null;
            }
        }
        return TextDecoder.Decode(bytes, charset);
    }

    /// <summary>
    /// The texts of the document's building blocks by name (the glossary part): a content control's placeholder text is
    /// one of them when Word made it ("Click or tap here to enter text."), named by the control's w:placeholder.
    /// </summary>
    private static Dictionary<string, string> GlossaryTexts(WordprocessingDocument document)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var parts = document.MainDocumentPart?.GlossaryDocumentPart?.GlossaryDocument?.DocParts;
        if (parts is null)
        {
            return texts;
        }
        foreach (var part in parts.Elements<DocPart>().Take(1000))
        {
            if (part.DocPartProperties?.GetFirstChild<DocPartName>()?.Val?.Value is { } name && part.DocPartBody is { } body)
            {
                texts.TryAdd(name, string.Join("\n", body.Descendants<Paragraph>().Select(p => TextOf(p).Trim()).Where(p => p.Length > 0)).Trim());
            }
        }
        return texts;
    }

    /// <summary>
    /// Whether a control flagged as showing its placeholder (w:showingPlcHdr) shows only that: its text, without the runs
    /// Word styles as placeholder text, is empty, our "…", or the text of the building block its w:placeholder names.
    /// Word leaves the flag on in some edits (a value pasted or typed over a selection of the grey text, a file filled by
    /// a script or another program), and such a filled control was skipped as empty (session 43).
    /// </summary>
    private bool ShowsOnlyPlaceholder(DocumentFormat.OpenXml.OpenXmlCompositeElement sdt, SdtProperties properties, Dictionary<string, string> glossary)
    {
        var text = new StringBuilder();
        foreach (var paragraph in sdt.Descendants<Paragraph>().DefaultIfEmpty())
        {
            var runs = (paragraph ?? (DocumentFormat.OpenXml.OpenXmlElement)sdt).Descendants<Run>()
                .Where(r => r.RunProperties?.RunStyle?.Val?.Value is not { } style || !style.StartsWith("PlaceholderText", StringComparison.OrdinalIgnoreCase));
            text.Append(string.Concat(runs.Select(r => TextOf(r)))).Append('\n');
        }
        var shown = text.ToString().Replace(DocxTemplate.Placeholder, "", StringComparison.Ordinal).Trim();
        if (shown.Length == 0)
        {
            return true;
        }
        if (wordPlaceholders.Contains(string.Join(' ', Regin.Core.Normalisation.TextKey.Words(shown))))
        {
            return true; // Word's own placeholder written into the control ("Click or tap here to enter text.")
        }
        var named = properties.GetFirstChild<SdtPlaceholder>()?.GetFirstChild<DocPartReference>()?.Val?.Value;
        return named is not null && glossary.TryGetValue(named, out var placeholder)
            && string.Equals(string.Join(' ', shown.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)), string.Join(' ', placeholder.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    private ParsedMail Read(Body body, string source, Dictionary<string, string> glossary, CancellationToken cancellationToken)
    {
        // The text outside the answer boxes (inline ones too, as LibreOffice may write them: their "…" is no answer).
        var paragraphsText = string.Join("\n", body.Elements().Select(e => e switch { SdtBlock => "", Table table => RowLines(table, QuestionControl), _ => TextOf(e, QuestionControl) }));
        cancellationToken.ThrowIfCancellationRequested();
        var languageHint = textParser.Parse(MailContentReader.Bound(paragraphsText, null), source, cancellationToken);

        var controls = new List<ParsedAnswer>();
        var tagged = body.Descendants().OfType<DocumentFormat.OpenXml.OpenXmlCompositeElement>()
            .Where(e => e is SdtBlock or SdtRun or SdtCell or SdtRow && !e.Ancestors().Any(Removed));
        foreach (var sdt in tagged)
        {
            var properties = sdt.GetFirstChild<SdtProperties>();
            var tag = properties?.GetFirstChild<Tag>()?.Val?.Value;
            if (tag is null || !catalog.Questionnaire.Questions.Any(q => q.Id == tag)
                || (properties!.GetFirstChild<ShowingPlaceholder>() is not null && ShowsOnlyPlaceholder(sdt, properties, glossary)))
            {
                continue;
            }
            // Word paragraphs are paragraphs of a long answer, and items (lines) of any other.
            var question = catalog.Questionnaire.Questions.First(q => q.Id == tag);
            var paragraphs = Blocks(sdt, question.Type == Regin.Core.Questionnaire.QuestionType.Longtext);
            var text = (paragraphs.Count > 0
                ? string.Join(question.Type == Regin.Core.Questionnaire.QuestionType.Longtext ? "\n\n" : "\n", paragraphs)
                : TextOf(sdt)).Trim();
            if (text.Length > 0 && text != DocxTemplate.Placeholder)
            {
                controls.RemoveAll(a => a.QuestionId == tag);
                controls.Add(new ParsedAnswer(tag, text.Replace(DocxTemplate.Placeholder, "", StringComparison.Ordinal).Trim(), "content_control"));
            }
        }
        if (controls.Count > 0)
        {
            // The text around the controls: a person who deleted a grey box (or never found it) types the answer in its
            // place or beside the question ("[Q13] Start date * March 2021"), or ticks "[x]" on a choice line; read as the
            // text template is, for the questions no control answers (a control's answer wins). Those answers were lost
            // while any control was filled (session 42).
            var around = languageHint.Answers.Where(a => !controls.Any(c => c.QuestionId == a.QuestionId));
            return languageHint with { Answers = [.. controls, .. around], Source = source + "#controls" };
        }

        var rows = body.Descendants<TableRow>().Where(row => !Removed(row) && !row.Ancestors().Any(Removed));
        var tableLines = TableLines(rows.Select(row => row.Elements<TableCell>().Select(c => TextOf(c)).ToList()));
        ParsedMail? fromTable = null;
        if (tableLines.Length > 0)
        {
            fromTable = textParser.Parse(MailContentReader.Bound(tableLines, null), source + "#table", cancellationToken);
            if (fromTable.Answers.Count >= TemplateTableAnswers)
            {
                return fromTable;
            }
        }
        // The paragraphs, and a table typed under a question (Word mobile: "Partenaires" then a table of them) a row a line.
        // A table reading one or two answers may be such a table and not the template: its header row "Entidad | Papel"
        // reads as the leading organisation by its everyday name (session 52: the Galician template's partners and every
        // paragraph were lost): the paragraphs win when they read more.
        var parsed = textParser.Parse(MailContentReader.Bound(string.Join("\n", body.Elements().Where(e => e is Paragraph or Table).Select(e => e is Table table ? RowLines(table) : TextOf(e))), null), source + "#text", cancellationToken);
        if (fromTable is not null && fromTable.Answers.Count >= parsed.Answers.Count && fromTable.Answers.Count > 0)
        {
            return fromTable;
        }
        return parsed.Answers.Count > 0
            ? parsed
            : textParser.Parse(MailContentReader.Bound(TextOf(body), null), source + "#text", cancellationToken);
    }

    /// <summary>A table reading this many answers is the template filled in as a table: its paragraphs are not read.</summary>
    private const int TemplateTableAnswers = 3;

    /// <summary>
    /// A table of questions and answers as "label: answer" text: each row of two or more cells is its first cell (the
    /// question) and its last (the answer, which may take several lines). The cell's edge separates the two as a colon
    /// would: "Contexto | Muitas famílias …" is "Contexto: Muitas famílias …", so a short form of a label is read, and a
    /// row nobody knows is quoted back whole ("Organização: CCDR Norte"). A row without a name goes on the answer above it.
    /// </summary>
    /// <summary>
    /// The text blocks of an answer box, in order: a paragraph; a bulleted or numbered list, one item a line ("- item" in a
    /// long answer); a table, one row a line, its cells joined by " – ". Each paragraph was a block of its own, so a table
    /// ("Comune di Torino | sede e orientamento") came out as four paragraphs with no row left, and a list as paragraphs
    /// run together in the reply (session 45, an Italian NGO's Word template).
    /// </summary>
    private static List<string> Blocks(DocumentFormat.OpenXml.OpenXmlElement sdt, bool longText)
    {
        var blocks = new List<string>();
        var lastKind = "";
        var rowsDone = new HashSet<TableRow>();
        void Add(string kind, string line)
        {
            if (line.Length == 0)
            {
                return;
            }
            if (kind == lastKind && kind != "paragraph")
            {
                blocks[^1] += "\n" + line;
            }
            else
            {
                blocks.Add(line);
            }
            lastKind = kind;
        }
        foreach (var paragraph in sdt.Descendants<Paragraph>())
        {
            if (paragraph.Ancestors<TableRow>().FirstOrDefault() is { } row)
            {
                if (rowsDone.Add(row))
                {
                    Add("row", string.Join(" – ", row.Elements<TableCell>()
                        .Select(c => string.Join(" ", c.Descendants<Paragraph>().Select(p => TextOf(p).Trim()).Where(t => t.Length > 0)))
                        .Where(t => t.Length > 0)));
                }
                continue;
            }
            var text = TextOf(paragraph).Trim();
            if (paragraph.ParagraphProperties?.NumberingProperties is not null)
            {
                Add("item", longText && text.Length > 0 ? "- " + text : text);
            }
            else
            {
                Add("paragraph", text);
            }
        }
        return blocks;
    }

    /// <summary>
    /// A table in the text around the answer boxes, a row a line, "cell – cell" (session 47: a table of partners typed under
    /// its question in Word mobile was read a cell a line around the boxes, and not at all when no box was filled: only the
    /// document's paragraphs were). A row deleted as a tracked change is not read; one inserted is.
    /// </summary>
    private static string RowLines(Table table, Func<DocumentFormat.OpenXml.OpenXmlElement, bool>? skip = null) =>
        Removed(table) ? "" : string.Join("\n", table.Elements<TableRow>().Where(row => !Removed(row)).Where((row, index) => index > 0 || !IsHeaderRow(row, table))
            .Select(row => string.Join(" – ", row.Elements<TableCell>()
                .Select(c => string.Join(" ", c.Descendants<Paragraph>().Select(p => TextOf(p, skip).Trim()).Where(t => t.Length > 0)))
                .Where(t => t.Length > 0)))
            .Where(line => line.Length > 0));

    /// <summary>
    /// A table's first row that names its columns ("Entidad | Papel" in bold over the partners a Galician official listed,
    /// session 48: it was kept as the first partner): marked to repeat as a header, or all its text bold, over other rows.
    /// </summary>
    private static bool IsHeaderRow(TableRow row, Table table)
    {
        if (row.TableRowProperties?.GetFirstChild<TableHeader>() is not null)
        {
            return table.Elements<TableRow>().Count() > 1;
        }
        var runs = row.Descendants<Run>().Where(r => r.InnerText.Trim().Length > 0).ToList();
        return runs.Count > 0 && table.Elements<TableRow>().Count() > 1
            && runs.All(r => r.RunProperties?.Bold is { } bold && (bold.Val is null || bold.Val.Value));
    }

    internal static string TableLines(IEnumerable<IReadOnlyList<string>> rows)
    {
        var lines = new StringBuilder();
        foreach (var row in rows)
        {
            if (row.Count < 2)
            {
                continue;
            }
            var question = row[0].Trim().Replace('\n', ' ').TrimEnd();
            var answer = row[^1].Trim();
            if (question.Length > 0)
            {
                var separator = question[^1] is ':' or '?' or '-' or '–' ? "" : ":";
                lines.Append(question).Append(separator).Append(answer.Contains('\n', StringComparison.Ordinal) ? '\n' : ' ');
            }
            lines.Append(answer).Append("\n\n");
        }
        return lines.ToString();
    }

    /// <summary>
    /// Looks at the package before opening it: encryption, macros, expansion, and how deep its XML nests (the Open XML
    /// SDK builds its tree recursively, so a document of thousands of nested content controls would overflow the stack).
    /// </summary>
    public static void Check(byte[] bytes, CancellationToken cancellationToken = default)
    {
        if (bytes.Length >= 8 && bytes[0] == 0xD0 && bytes[1] == 0xCF && bytes[2] == 0x11 && bytes[3] == 0xE0)
        {
            // A compound file: an encrypted (password-protected) .docx, or an old .doc.
            throw new UnreadableAttachmentException("docx_encrypted", "The Word file is password protected (or in the old .doc format) and cannot be read.");
        }
        if (bytes.Length < 4 || bytes[0] != (byte)'P' || bytes[1] != (byte)'K')
        {
            throw new UnreadableAttachmentException("docx_invalid", "The file is not a Word (.docx) document.");
        }
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
            {
                throw new UnreadableAttachmentException("docx_too_large", $"The Word file has {zip.Entries.Count} parts; at most {MaxEntries} are read.");
            }
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (entry.IsEncrypted)
                {
                    // A zip whose entries are encrypted ("zip -e", 7-Zip's password): a password-protected file, said so, not
                    // "not a Word document" (session 54, attack m54-11; it was docx_invalid when the entry would not open).
                    throw new UnreadableAttachmentException("docx_encrypted", "The Word file is a password-protected zip and cannot be read.");
                }
                if (entry.FullName.Contains("vbaProject", StringComparison.OrdinalIgnoreCase))
                {
                    throw new UnreadableAttachmentException("docx_macro", "The Word file contains macros (.docm); macro-enabled files are not opened.");
                }
                if (entry.Length > 1024 * 1024 && entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > MaxCompressionRatio)
                {
                    throw new UnreadableAttachmentException("docx_zip_bomb", $"The part {entry.FullName} of the Word file expands {entry.Length / entry.CompressedLength} times; it is not opened.");
                }
            }
            if (total > MaxExpandedBytes)
            {
                throw new UnreadableAttachmentException("docx_too_large", $"The Word file expands to {total / (1024 * 1024)} MB; at most {MaxExpandedBytes / (1024 * 1024)} MB are read.");
            }
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (XmlDepth(entry, cancellationToken) > MailLimits.MaxXmlDepth)
                {
                    throw new UnreadableAttachmentException("docx_too_deep", $"The part {entry.FullName} of the Word file nests deeper than {MailLimits.MaxXmlDepth} levels; it is not opened.");
                }
            }
            var contentTypes = zip.GetEntry("[Content_Types].xml");
            if (contentTypes is not null)
            {
                using var reader = new StreamReader(contentTypes.Open());
                var xml = reader.ReadToEnd();
                if (xml.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase))
                {
                    throw new UnreadableAttachmentException("docx_macro", "The Word file is macro-enabled (.docm); macro-enabled files are not opened.");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new UnreadableAttachmentException("docx_invalid", $"The Word file is damaged: {e.Message}");
        }
    }

    /// <summary>The deepest element nesting of one XML part, read as a stream (stops as soon as it is too deep).</summary>
    private static int XmlDepth(ZipArchiveEntry entry, CancellationToken cancellationToken)
    {
        var settings = new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, IgnoreComments = true };
        var deepest = 0;
        var count = 0;
        try
        {
            using var stream = entry.Open();
            using var reader = System.Xml.XmlReader.Create(stream, settings);
            while (reader.Read())
            {
                if (reader.NodeType == System.Xml.XmlNodeType.Element)
                {
                    deepest = Math.Max(deepest, reader.Depth + 1);
                    if (deepest > MailLimits.MaxXmlDepth)
                    {
                        return deepest;
                    }
                    if ((++count & 4095) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
            }
        }
        catch (System.Xml.XmlException e)
        {
            if (DeclaresDtd(entry, cancellationToken))
            {
                // Session 56: a DTD is how an attacker's Word file expands entities (billion laughs) or reaches out for a file
                // or URL (XXE); the reader prohibits it, so nothing was expanded or fetched: said as unsafe, not as damaged.
                throw new UnreadableAttachmentException(Unsafe, $"The part {entry.FullName} of the Word file declares a DTD (entities); it is not opened.");
            }
            throw new UnreadableAttachmentException("docx_invalid", $"The part {entry.FullName} of the Word file is not well-formed XML: {e.Message}");
        }
        return deepest;
    }

    /// <summary>What a Word file refused as unsafe is called (a DTD; a zip bomb is <c>docx_zip_bomb</c>, told the same). A
    /// relationship to an outside template, picture or object is no reason: the reader never fetches one, and a Word file
    /// made on an office's computer often names its template on a share (session 56 refused them; reverted by the lead).</summary>
    public const string Unsafe = "docx_unsafe";

    /// <summary>Whether an XML part the reader refused declares a DTD ("&lt;!DOCTYPE"), read as text a piece at a time (the
    /// part's size was bounded by <see cref="Check"/>).</summary>
    private static bool DeclaresDtd(ZipArchiveEntry entry, CancellationToken cancellationToken)
    {
        const string Doctype = "<!DOCTYPE";
        try
        {
            using var text = new StreamReader(entry.Open(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var buffer = new char[64 * 1024];
            var carried = "";
            int read;
            while ((read = text.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var piece = carried + new string(buffer, 0, read);
                if (piece.Contains(Doctype, StringComparison.Ordinal))
                {
                    return true;
                }
                carried = piece[^Math.Min(piece.Length, Doctype.Length - 1)..];
            }
        }
        catch (InvalidDataException)
        {
            // A damaged entry: damaged, not unsafe.
        }
        return false;
    }

    /// <summary>
    /// The text of an element as Word shows it with the tracked changes accepted: a new line per paragraph and line break;
    /// deleted and moved-away text (w:del, w:moveFrom, whatever is inside them) and hidden runs (w:vanish) are not part
    /// of it. The nesting is bounded by <see cref="Check"/>.
    /// </summary>
    private static string TextOf(DocumentFormat.OpenXml.OpenXmlElement element, Func<DocumentFormat.OpenXml.OpenXmlElement, bool>? skip = null)
    {
        if (Removed(element) || element.Ancestors().Any(Removed))
        {
            return "";
        }
        var text = new StringBuilder();
        Append(element, text, skip);
        return text.ToString();
    }

    /// <summary>A content control tagged with a question id: an answer box, read as such, not as the text around it.</summary>
    private bool QuestionControl(DocumentFormat.OpenXml.OpenXmlElement node) =>
        node is SdtElement sdt && sdt.SdtProperties?.GetFirstChild<Tag>()?.Val?.Value is { } tag && catalog.Questionnaire.Questions.Any(q => q.Id == tag);

    /// <summary>
    /// Deleted or moved away (a tracked change), a deleted table row, or a hidden run (w:vanish, or white text on no
    /// shading): not shown with the changes accepted.
    /// </summary>
    private static bool Removed(DocumentFormat.OpenXml.OpenXmlElement node) => node switch
    {
        { LocalName: "del" or "moveFrom" } when node.NamespaceUri == WordNamespace => true,
        Run run => Hidden(run),
        TableRow row => row.TableRowProperties?.GetFirstChild<Deleted>() is not null,
        _ => false,
    };

    /// <summary>The largest font size, in half-points, nobody reads: 1 pt (w:sz w:val="2") and less (RTF's rule too).</summary>
    private const int UnreadableFontSize = 2;

    /// <summary>The mark <see cref="MarkUnreadablySmall"/> puts on a run whose font is a point or less.</summary>
    private sealed class UnreadablySmall;

    /// <summary>
    /// Marks the runs whose font size is a point or less (session 48): the size Word gives the run's text, from the run's
    /// own properties, else its character style, else its paragraph's style (or the default paragraph style), each
    /// through the styles it is based on, else the document's defaults. The size of Latin and Greek text is w:sz; w:szCs
    /// is the size of complex-script text (a run marked w:rtl or w:cs), so it is the one that counts there: a tiny w:szCs
    /// on Latin text hides nothing, a tiny w:sz under a large w:szCs on Latin text does.
    /// </summary>
    private static void MarkUnreadablySmall(WordprocessingDocument document, Body body, CancellationToken cancellationToken)
    {
        var styles = document.MainDocumentPart?.StyleDefinitionsPart?.Styles;
        var byId = new Dictionary<string, Style>(StringComparer.Ordinal);
        foreach (var style in styles?.Elements<Style>() ?? [])
        {
            if (style.StyleId?.Value is { } id)
            {
                byId.TryAdd(id, style);
            }
        }
        var defaults = styles?.DocDefaults?.RunPropertiesDefault?.RunPropertiesBaseStyle;
        var defaultParagraphStyle = styles?.Elements<Style>().FirstOrDefault(s => s.Type?.Value == StyleValues.Paragraph && s.Default?.Value == true)?.StyleId?.Value;

        // A style's size, through the styles it is based on (at most a few steps: a loop of basedOn ends).
        string? OfStyle(string? id, bool complex)
        {
            for (var step = 0; id is not null && step < 16 && byId.TryGetValue(id, out var style); step++)
            {
                var properties = style.StyleRunProperties;
                if ((complex ? properties?.FontSizeComplexScript?.Val?.Value : properties?.FontSize?.Val?.Value) is { } size)
                {
                    return size;
                }
                id = style.BasedOn?.Val?.Value;
            }
            return null;
        }

        var seen = 0;
        foreach (var run in body.Descendants<Run>())
        {
            if ((++seen & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var own = run.RunProperties;
            var complex = own?.RightToLeftText is { } rtl && rtl.Val?.Value != false || own?.ComplexScript is { } cs && cs.Val?.Value != false;
            var paragraphStyle = run.Ancestors<Paragraph>().FirstOrDefault()?.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? defaultParagraphStyle;
            var size = (complex ? own?.FontSizeComplexScript?.Val?.Value : own?.FontSize?.Val?.Value)
                ?? OfStyle(own?.RunStyle?.Val?.Value, complex)
                ?? OfStyle(paragraphStyle, complex)
                ?? (complex ? defaults?.FontSizeComplexScript?.Val?.Value : defaults?.FontSize?.Val?.Value);
            if (size is not null && !string.IsNullOrWhiteSpace(run.InnerText) && double.TryParse(size, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var halfPoints)
                && halfPoints <= UnreadableFontSize)
            {
                run.AddAnnotation(new UnreadablySmall());
            }
        }
    }

    /// <summary>
    /// A run Word does not show: hidden (w:vanish), in a font of a point or less, or white (or near white) on a page,
    /// paragraph and cell without shading or highlight.
    /// </summary>
    private static bool Hidden(Run run)
    {
        if (run.Annotation<UnreadablySmall>() is not null)
        {
            return true;
        }
        var properties = run.RunProperties;
        if (properties is null)
        {
            return false;
        }
        if (properties.Vanish is { } vanish && vanish.Val?.Value != false)
        {
            return true;
        }
        var color = properties.Color?.Val?.Value;
        if (color is null || HtmlStyles.ParseColor("#" + color) is not { } rgb || !HtmlStyles.Invisible(rgb, HtmlStyles.White))
        {
            return false;
        }
        // Shaded or highlighted somewhere around it: the white text is shown on that, and read.
        return properties.Shading is null && properties.Highlight is null
            && run.Ancestors().All(a => a is not (Paragraph { ParagraphProperties.Shading: not null } or TableCell { TableCellProperties.Shading: not null }));
    }

    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    private static void Append(DocumentFormat.OpenXml.OpenXmlElement element, StringBuilder text, Func<DocumentFormat.OpenXml.OpenXmlElement, bool>? skip = null)
    {
        foreach (var node in element.ChildElements)
        {
            switch (node)
            {
                case var _ when Removed(node) || skip?.Invoke(node) == true:
                    break;
                case Text t:
                    text.Append(t.Text);
                    break;
                case TabChar:
                    text.Append('\t');
                    break;
                case Break or CarriageReturn:
                    text.Append('\n');
                    break;
                case Paragraph:
                    if (text.Length > 0)
                    {
                        text.Append('\n');
                    }
                    Append(node, text, skip);
                    break;
                default:
                    Append(node, text, skip);
                    break;
            }
        }
    }
}
