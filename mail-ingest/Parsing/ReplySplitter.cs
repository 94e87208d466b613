namespace Regin.MailIngest.Parsing;

/// <summary>
/// Splits a mail's text into what the sender wrote now and what it quotes or forwards. The newest text counts; a
/// forwarded mail's text is used when the sender wrote nothing themselves ("see below"). Quote headers of the common
/// mail programs are recognised in every language of the locale files (<see cref="MailMarkers"/>).
/// </summary>
public static class ReplySplitter
{
    public sealed record Parts(string Newest, string? Forwarded);

    public static Parts Split(string text, MailMarkers markers)
    {
        ArgumentNullException.ThrowIfNull(markers);
        var lines = TemplateTextParser.SplitLines(text);
        var newest = new List<string>();
        string? forwarded = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (markers.Forward.IsMatch(line))
            {
                forwarded = string.Join("\n", SkipHeaderBlock(markers, lines.Skip(i + 1).Select(Unquote).ToList()));
                break;
            }
            if (markers.Reply.IsMatch(line) || markers.OriginalMessage.IsMatch(line)
                || (i + 1 < lines.Count && WroteOnNextLine(markers, line, lines[i + 1].Trim()))
                || (markers.OutlookFrom.IsMatch(line) && lines.Skip(i + 1).Take(3).Any(l => markers.OutlookSent.IsMatch(l.Trim()))))
            {
                break;
            }
            if (line.StartsWith('>'))
            {
                continue;
            }
            newest.Add(lines[i]);
        }
        return new Parts(string.Join("\n", newest), forwarded);
    }

    private static bool WroteOnNextLine(MailMarkers markers, string line, string next) =>
        markers.WroteStart.IsMatch(line) && !line.EndsWith(':') && markers.WroteEnd.IsMatch(next);

    private static string Unquote(string line)
    {
        var trimmed = line.TrimStart();
        while (trimmed.StartsWith('>'))
        {
            trimmed = trimmed[1..];
            if (trimmed.StartsWith(' '))
            {
                trimmed = trimmed[1..];
            }
        }
        return trimmed;
    }

    /// <summary>The From:/Date:/Subject:/To: lines at the top of a forwarded mail.</summary>
    private static IEnumerable<string> SkipHeaderBlock(MailMarkers markers, List<string> lines)
    {
        var i = 0;
        while (i < lines.Count && (lines[i].Trim().Length == 0 || markers.HeaderLine.IsMatch(lines[i].Trim())))
        {
            i++;
        }
        return lines.Skip(i);
    }
}
