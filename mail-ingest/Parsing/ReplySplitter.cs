using System.Text.RegularExpressions;

namespace Regin.MailIngest.Parsing;

/// <summary>
/// Splits a mail's text into what the sender wrote now and what it quotes or forwards. The newest text counts; a
/// forwarded mail's text is used when the sender wrote nothing themselves ("see below"). Quote headers of the common
/// mail programs are recognised in the 8 languages ("On ... wrote:", "Il giorno ... ha scritto:", Outlook's From/Sent block).
/// </summary>
public static partial class ReplySplitter
{
    public sealed record Parts(string Newest, string? Forwarded);

    public static Parts Split(string text, CancellationToken cancellationToken = default)
    {
        var lines = TemplateTextParser.SplitLines(text);
        var newest = new List<string>();
        string? forwarded = null;
        for (var i = 0; i < lines.Count; i++)
        {
            if ((i & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var line = lines[i].Trim();
            if (line.Length > MailLimits.MaxMarkerLineLength)
            {
                // No quote header is that long; the patterns below are not tried on it.
                newest.Add(lines[i]);
                continue;
            }
            if (ForwardMarker().IsMatch(line))
            {
                forwarded = string.Join("\n", SkipHeaderBlock(lines.Skip(i + 1).Select(Unquote).ToList()));
                break;
            }
            if (ReplyMarker().IsMatch(line) || OriginalMessage().IsMatch(line)
                || (i + 1 < lines.Count && WroteOnNextLine(line, lines[i + 1].Trim()))
                || (OutlookFrom().IsMatch(line) && lines.Skip(i + 1).Take(3).Any(l => l.Length <= MailLimits.MaxMarkerLineLength && OutlookSent().IsMatch(l.Trim()))))
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

    private static bool WroteOnNextLine(string line, string next) =>
        next.Length <= MailLimits.MaxMarkerLineLength && WroteStart().IsMatch(line) && !line.EndsWith(':') && WroteEnd().IsMatch(next);

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
    private static IEnumerable<string> SkipHeaderBlock(List<string> lines)
    {
        var i = 0;
        while (i < lines.Count && (lines[i].Trim().Length == 0 || (lines[i].Length <= MailLimits.MaxMarkerLineLength && HeaderLine().IsMatch(lines[i].Trim()))))
        {
            i++;
        }
        return lines.Skip(i);
    }

    [GeneratedRegex(@"^-*\s*(Forwarded message|Original Message.*forwarded|Message transféré|Message transfere|Weitergeleitete Nachricht|Mensaje reenviado|Messaggio inoltrato|Προωθημένο μήνυμα|Mensagem encaminhada|Mensagem reencaminhada|Vidarebefordrat meddelande|Begin forwarded message|Début du message réexpédié|Anfang der weitergeleiteten Nachricht|Inicio del mensaje reenviado|Inizio messaggio inoltrato|Início da mensagem reencaminhada|Vidarebefordrat brev)\s*:?\s*-*\s*$", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ForwardMarker();

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Message d'origine|Ursprüngliche Nachricht|Mensaje original|Messaggio originale|Αρχικό μήνυμα|Mensagem original|Ursprungligt meddelande)\s*-{2,}\s*$", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^(On|Le|Am|El|Il|Στις|Em|Den|Op|Il giorno)\b.*\b(wrote|a écrit|schrieb|escribió|ha scritto|έγραψε|escreveu|skrev)\b.*:\s*$", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ReplyMarker();

    [GeneratedRegex(@"^(On|Le|Am|El|Il|Στις|Em|Den|Il giorno)\b.*\d", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WroteStart();

    [GeneratedRegex(@"\b(wrote|a écrit|schrieb|escribió|ha scritto|έγραψε|escreveu|skrev)\b.*:\s*$", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WroteEnd();

    [GeneratedRegex(@"^\*?(From|De|Von|Da|Από|Från)\s*:\*?\s*.+", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex OutlookFrom();

    [GeneratedRegex(@"^\*?(Sent|Date|Envoyé|Gesendet|Enviado|Enviada|Inviato|Data|Στάλθηκε|Ημερομηνία|Skickat|Datum|Fecha)\b[^:]{0,12}:", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex OutlookSent();

    [GeneratedRegex(@"^\*?(From|De|Von|Da|Από|Från|Sent|Date|Envoyé|Gesendet|Enviado|Enviada|Inviato|Data|Στάλθηκε|Ημερομηνία|Skickat|Datum|Fecha|Subject|Objet|Betreff|Asunto|Oggetto|Θέμα|Assunto|Ämne|To|À|An|Para|A|Προς|Till|Cc|Kopie)\b[^:]{0,12}:", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HeaderLine();
}
