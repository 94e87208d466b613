using MimeKit;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// Finds the filled-in template in a whole mail: the newest text of the body (plain, or HTML converted), a forwarded
/// mail, .txt and .docx attachments, and attached messages (to a bounded depth). Attachments come first and the
/// body's own words last, so what the sender typed now wins over an older copy.
/// </summary>
public sealed class MailContentReader(TemplateTextParser textParser, DocxAnswerReader docxReader)
{
    public const int MaxNestedMessages = 3;
    public const long MaxAttachmentBytes = 10L * 1024 * 1024;

    public ParsedMail Read(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var found = new List<ParsedMail>();
        var problems = new List<string>();
        Collect(message, found, problems, depth: 0);
        return Merge(found, problems);
    }

    private void Collect(MimeMessage message, List<ParsedMail> found, List<string> problems, int depth)
    {
        foreach (var part in message.BodyParts)
        {
            if (part is MessagePart { Message: { } inner })
            {
                if (depth + 1 > MaxNestedMessages)
                {
                    problems.Add("nested_too_deep");
                    continue;
                }
                Collect(inner, found, problems, depth + 1);
            }
            else if (part is MimePart attachment && IsAttachment(attachment))
            {
                ReadAttachment(attachment, found, problems);
            }
        }
        var body = message.TextBody;
        if (string.IsNullOrWhiteSpace(body) && message.HtmlBody is { } html)
        {
            body = HtmlText.Convert(html);
        }
        if (!string.IsNullOrWhiteSpace(body))
        {
            var parts = ReplySplitter.Split(body, textParser.Markers);
            if (parts.Forwarded is not null)
            {
                found.Add(textParser.Parse(parts.Forwarded, depth == 0 ? "forwarded" : $"nested{depth}:forwarded"));
            }
            found.Add(textParser.Parse(parts.Newest, depth == 0 ? "body" : $"nested{depth}:body"));
        }
    }

    private static bool IsAttachment(MimePart part) =>
        part.IsAttachment || part.FileName is not null
        || part.ContentType.IsMimeType("application", "vnd.openxmlformats-officedocument.wordprocessingml.document");

    private void ReadAttachment(MimePart attachment, List<ParsedMail> found, List<string> problems)
    {
        var name = attachment.FileName ?? "";
        var extension = Path.GetExtension(name).ToLowerInvariant();
        var isDocx = extension == ".docx" || attachment.ContentType.IsMimeType("application", "vnd.openxmlformats-officedocument.wordprocessingml.document");
        var isText = extension == ".txt" || (extension.Length == 0 && attachment.ContentType.IsMimeType("text", "plain"));
        if (extension is ".docm" or ".dotm" || attachment.ContentType.MimeType.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"docx_macro:{name}");
            return;
        }
        if (!isDocx && !isText)
        {
            return;
        }
        byte[] bytes;
        try
        {
            bytes = Decode(attachment);
        }
        catch (UnreadableAttachmentException e)
        {
            problems.Add($"{e.Reason}:{name}");
            return;
        }
        if (isDocx)
        {
            try
            {
                found.Add(docxReader.Read(bytes, $"attachment:{name}"));
            }
            catch (UnreadableAttachmentException e)
            {
                problems.Add($"{e.Reason}:{name}");
            }
        }
        else
        {
            var text = attachment is TextPart textPart ? textPart.GetText(out _) : System.Text.Encoding.UTF8.GetString(bytes);
            found.Add(textParser.Parse(text, $"attachment:{name}"));
        }
    }

    private static byte[] Decode(MimePart part)
    {
        if (part.Content is null)
        {
            return [];
        }
        using var output = new MemoryStream();
        using var input = part.Content.Open();
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            output.Write(buffer, 0, read);
            if (output.Length > MaxAttachmentBytes)
            {
                throw new UnreadableAttachmentException("attachment_too_large", $"The attachment is larger than {MaxAttachmentBytes / (1024 * 1024)} MB.");
            }
        }
        return output.ToArray();
    }

    private static ParsedMail Merge(List<ParsedMail> found, List<string> problems)
    {
        var answers = new List<ParsedAnswer>();
        var sources = new List<string>();
        foreach (var mail in found.Where(f => f.Answers.Count > 0))
        {
            foreach (var answer in mail.Answers)
            {
                answers.RemoveAll(a => a.QuestionId == answer.QuestionId);
                answers.Add(answer);
            }
            sources.Add(mail.Source);
        }
        var withLanguage = found.Where(f => f.Language is not null).OrderByDescending(f => f.Answers.Count).ToList();
        var language = withLanguage.FirstOrDefault()?.Language;
        var mixed = withLanguage.Any(f => f.MixedLanguages) || withLanguage.Where(f => f.Answers.Count > 0).Select(f => f.Language).Distinct().Count() > 1;
        return new ParsedMail { Answers = answers, Language = language, MixedLanguages = mixed, Source = string.Join(",", sources), Problems = problems };
    }
}
