using System.Text;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// Plain text sent as <c>format=flowed</c> (RFC 3676: Thunderbird, Apple Mail, iOS Mail) put back into the lines the
/// sender typed. Such a program cuts a long line after a space and leaves the space at the end (a soft break); read as
/// it is, an answer wrapped that way lost everything after the cut. With <c>DelSp=yes</c> (Apple) the space before a
/// soft break is the program's, not the text's, so a word (a web address) may be cut anywhere. Quote marks and the
/// space that "stuffs" a line starting with a space, "&gt;" or "From " are taken off; quoted lines keep one "&gt; " per
/// level, as the reply splitter reads them. Linear in the text's length. Not MimeKit's <c>FlowedToText</c>: it joins the
/// signature separator "-- " to the line after it (RFC 3676 says that line is never flowed, and the parser ends the
/// answers there) and drops a last line that ends with a soft break (a phone's last answer, sent without a newline).
/// </summary>
public static class FlowedText
{
    /// <summary>Whether <paramref name="contentType"/> says format=flowed, and whether DelSp=yes.</summary>
    public static (bool Flowed, bool DeleteSpace) Format(MimeKit.ContentType contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        var flowed = string.Equals(contentType.Parameters["format"]?.Trim(), "flowed", StringComparison.OrdinalIgnoreCase);
        var delsp = string.Equals(contentType.Parameters["delsp"]?.Trim(), "yes", StringComparison.OrdinalIgnoreCase);
        return (flowed, flowed && delsp);
    }

    public static string Unflow(string text, bool deleteSpace)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new StringBuilder(text.Length);
        var paragraph = new StringBuilder();
        var paragraphDepth = -1;
        void Flush()
        {
            if (paragraphDepth < 0)
            {
                return;
            }
            if (paragraphDepth > 0)
            {
                output.Append('>', paragraphDepth).Append(' ');
            }
            output.Append(paragraph).Append('\n');
            paragraph.Clear();
            paragraphDepth = -1;
        }
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }
            var line = text.AsSpan(start, end - start);
            if (line.EndsWith("\r"))
            {
                line = line[..^1];
            }
            var depth = 0;
            while (depth < line.Length && line[depth] == '>')
            {
                depth++;
            }
            line = line[depth..];
            if (line.StartsWith(" "))
            {
                line = line[1..]; // space-stuffing
            }
            if (paragraphDepth >= 0 && paragraphDepth != depth)
            {
                Flush(); // a soft break never joins lines of two quote levels
            }
            var soft = line.EndsWith(" ") && !line.SequenceEqual("-- ");
            if (soft && deleteSpace)
            {
                line = line[..^1];
            }
            paragraph.Append(line);
            paragraphDepth = depth;
            if (!soft)
            {
                Flush();
            }
            if (end == text.Length)
            {
                break;
            }
            start = end + 1;
        }
        Flush();
        // The text ended without a line break: so does its unflowed form.
        if (!text.EndsWith('\n') && output.Length > 0 && output[^1] == '\n')
        {
            output.Length--;
        }
        return output.ToString();
    }
}
