using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// Reads the template filled in with LibreOffice and saved in its own format (OpenDocument Text, .odt), as public
/// administrations often do: a question/answer table, else the paragraphs as "label: answer" text, like a Word file.
/// The package is checked first as a Word file is (zip bomb, too many parts, XML nested too deep); its XML is read with
/// no DTD and no resolver, so no entity and no external file is ever expanded.
/// </summary>
public sealed class OdtAnswerReader(TemplateTextParser textParser)
{
    public const string MimeType = "application/vnd.oasis.opendocument.text";
    private const string OfficeText = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private const string OfficeTable = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";

    public ParsedMail Read(byte[] bytes, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        DocxAnswerReader.Check(bytes, cancellationToken);
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.GetEntry("mimetype") is not { } mimetype || ReadAll(mimetype).Trim() != MimeType)
            {
                throw new UnreadableAttachmentException("docx_invalid", "The file is not an OpenDocument text (.odt).");
            }
            if (zip.GetEntry("META-INF/manifest.xml") is { } manifest && ReadAll(manifest).Contains("manifest:encryption-data", StringComparison.Ordinal))
            {
                throw new UnreadableAttachmentException("docx_encrypted", "The OpenDocument file is password protected.");
            }
            var content = zip.GetEntry("content.xml") ?? throw new UnreadableAttachmentException("docx_no_body", "The OpenDocument file has no content.");
            var (paragraphs, rows) = ReadContent(content, cancellationToken);

            var tableLines = DocxAnswerReader.TableLines(rows);
            if (tableLines.Length > 0)
            {
                var fromTable = textParser.Parse(MailContentReader.Bound(tableLines, null), source + "#table", cancellationToken);
                if (fromTable.Answers.Count > 0)
                {
                    return fromTable;
                }
            }
            return textParser.Parse(MailContentReader.Bound(string.Join("\n", paragraphs), null), source + "#text", cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException)
        {
            throw new UnreadableAttachmentException("docx_invalid", $"The OpenDocument file could not be read: {e.Message}");
        }
    }

    private static string ReadAll(ZipArchiveEntry entry)
    {
        // The first 64 KB: all a mimetype or a manifest's encryption mark needs, however large the entry claims to be.
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        var buffer = new char[64 * 1024];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, read);
    }

    /// <summary>
    /// The document's paragraphs (headings and list items too, each a line; a table cell's paragraphs stay in its cell)
    /// and the rows of its tables as the text of their cells. Read as a stream: one pass, nothing built but the text.
    /// </summary>
    private static (List<string> Paragraphs, List<IReadOnlyList<string>> Rows) ReadContent(ZipArchiveEntry content, CancellationToken cancellationToken)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true };
        var paragraphs = new List<string>();
        var rows = new List<IReadOnlyList<string>>();
        var paragraph = new StringBuilder();
        List<string>? row = null;
        StringBuilder? cell = null;
        var noteDepth = 0;
        var cellDepth = 0; // tables in a cell: only the outermost table's cells are rows of questions and answers
        var count = 0;
        using var stream = content.Open();
        using var reader = XmlReader.Create(stream, settings);
        while (reader.Read())
        {
            if ((++count & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when reader.NamespaceURI == OfficeTable:
                    if (reader.LocalName == "table-row" && cellDepth == 0)
                    {
                        row = [];
                    }
                    else if (reader.LocalName is "table-cell" or "covered-table-cell")
                    {
                        if (reader.IsEmptyElement)
                        {
                            if (cellDepth == 0)
                            {
                                row?.Add("");
                            }
                        }
                        else if (cellDepth++ == 0 && row is not null)
                        {
                            cell = new StringBuilder();
                        }
                    }
                    break;
                case XmlNodeType.EndElement when reader.NamespaceURI == OfficeTable:
                    if (reader.LocalName is "table-cell" or "covered-table-cell" && --cellDepth == 0 && cell is not null)
                    {
                        row?.Add(cell.ToString().Trim());
                        cell = null;
                    }
                    else if (reader.LocalName == "table-row" && cellDepth == 0 && row is not null)
                    {
                        rows.Add(row);
                        row = null;
                    }
                    break;
                case XmlNodeType.Element when reader.NamespaceURI == OfficeText:
                    switch (reader.LocalName)
                    {
                        case "s" when noteDepth == 0:
                            // Runs of spaces are written as <text:s text:c="3"/>.
                            var spaces = int.TryParse(reader.GetAttribute("c", OfficeText), out var c) ? Math.Clamp(c, 1, 100) : 1;
                            paragraph.Append(' ', spaces);
                            break;
                        case "tab" when noteDepth == 0:
                            paragraph.Append('\t');
                            break;
                        case "line-break" when noteDepth == 0:
                            paragraph.Append('\n');
                            break;
                        case "note" when !reader.IsEmptyElement:
                            noteDepth++; // a footnote's text is not the answer beside it
                            break;
                    }
                    break;
                case XmlNodeType.EndElement when reader.NamespaceURI == OfficeText && reader.LocalName == "note":
                    noteDepth--;
                    break;
                case XmlNodeType.EndElement when reader.NamespaceURI == OfficeText && reader.LocalName is "p" or "h" && noteDepth == 0:
                    if (cell is not null)
                    {
                        cell.Append(cell.Length > 0 ? "\n" : "").Append(paragraph);
                    }
                    else
                    {
                        paragraphs.Add(paragraph.ToString());
                    }
                    paragraph.Clear();
                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.CDATA:
                    if (noteDepth == 0 && paragraph.Length < MailLimits.MaxTextChars)
                    {
                        paragraph.Append(reader.Value);
                    }
                    break;
            }
        }
        return (paragraphs, rows);
    }
}
