using System.Globalization;
using System.Text;
using MimeKit;

namespace Regin.MailIngest.Intake;

/// <summary>
/// What makes a mail look as if it came from the project when it did not (phishing-like): each signal names what was
/// seen ("domain crpm.οrg (crpm.xn--rg-…) looks like crpm.org"). Shown to researchers in the flag's detail.
/// </summary>
public sealed record Impersonation(IReadOnlyList<string> Signals)
{
    public string Summary => string.Join("; ", Signals);

    /// <summary>The signals of both (either may be null), each once.</summary>
    public static Impersonation? Combine(Impersonation? first, Impersonation? second) =>
        first is null ? second : second is null ? first : new Impersonation(first.Signals.Concat(second.Signals).Distinct().ToList());
}

/// <summary>
/// A sender that looks like the project: a From (or Reply-To) domain that is a look-alike of ours (homoglyphs of another
/// alphabet, punycode, "regln-lab" for "regin-lab", an extra hyphen, another top-level domain, our domain inside theirs),
/// an address or display name that claims the project ("REGIN Team &lt;x@gmail.com&gt;"), and, beside any of these, a
/// Reply-To that leads elsewhere (a researcher answering by hand would write to it). Our own domains and their subdomains
/// are never look-alikes: whether such a mail is really ours is what the sender's authentication says.
/// </summary>
public sealed class LookalikeSender
{
    private readonly List<Own> _own = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly string _mailboxLocal;

    /// <param name="mailbox">The project mailbox (Mail:Mailbox): its domain is ours, its name is the project's.</param>
    /// <param name="ownDomains">Further domains of the project (Mail:OwnDomains).</param>
    /// <param name="projectNames">Names a display name claims the project by (Mail:ProjectNames).</param>
    public LookalikeSender(string mailbox, IEnumerable<string> ownDomains, IEnumerable<string> projectNames)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var at = mailbox.LastIndexOf('@');
        _mailboxLocal = Fold(at > 0 ? mailbox[..at] : "");
        foreach (var domain in ownDomains.Prepend(at > 0 ? mailbox[(at + 1)..] : "").Select(d => d.Trim().TrimEnd('.').ToLowerInvariant()).Where(d => d.Contains('.')).Distinct())
        {
            var labels = domain.Split('.');
            var suffix = SuffixLength(labels);
            var registrable = Fold(labels[^(suffix + 1)]);
            if (registrable.Length < 3)
            {
                continue;
            }
            _own.Add(new Own(domain, registrable, registrable + Fold(string.Concat(labels[^suffix..]))));
            _names.Add(registrable);
        }
        foreach (var name in projectNames.Select(Fold).Where(n => n.Length >= 3))
        {
            _names.Add(name);
        }
    }

    private sealed record Own(string Domain, string Registrable, string WithSuffix);

    /// <summary>The signals the mail's From and Reply-To give, or null when it claims nothing of ours.</summary>
    public Impersonation? Check(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.From.Mailboxes.FirstOrDefault() is not { } from || Domain(from.Address) is not { } fromDomain)
        {
            return null;
        }
        var signals = new List<string>();
        var ours = IsOurs(fromDomain);
        if (!ours)
        {
            if (LooksLike(fromDomain) is { } like)
            {
                signals.Add($"domain {Shown(fromDomain)} looks like {like}");
            }
            var local = from.Address[..from.Address.LastIndexOf('@')];
            if (ClaimsProject(local, address: true))
            {
                signals.Add($"address {Shown(from.Address)} takes the project's name");
            }
            if (!string.IsNullOrWhiteSpace(from.Name) && ClaimsProject(from.Name, address: false))
            {
                signals.Add($"display name \"{Truncate(from.Name, 100)}\" claims the project");
            }
        }
        foreach (var replyTo in message.ReplyTo.Mailboxes.Take(5))
        {
            if (string.Equals(replyTo.Address, from.Address, StringComparison.OrdinalIgnoreCase) || Domain(replyTo.Address) is not { } domain || IsOurs(domain))
            {
                continue;
            }
            if (LooksLike(domain) is { } like)
            {
                signals.Add($"Reply-To {Shown(replyTo.Address)} looks like {like}");
            }
            else if (signals.Count > 0)
            {
                // Beside a look-alike From: a researcher answering by hand would write there.
                signals.Add($"Reply-To {Shown(replyTo.Address)} differs from From");
            }
        }
        return signals.Count == 0 ? null : new Impersonation(signals);
    }

    private bool IsOurs(string domain) => _own.Any(o => domain == o.Domain || domain.EndsWith("." + o.Domain, StringComparison.Ordinal));

    /// <summary>Which of our domains <paramref name="domain"/> (not one of ours) imitates, or null.</summary>
    private string? LooksLike(string domain)
    {
        var labels = Unicode(domain).Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length < 2)
        {
            return null;
        }
        var suffix = SuffixLength(labels);
        var registrable = Fold(labels[^(suffix + 1)]);
        // The name's words, across labels and hyphens: "crpm.org.mail-check.net", "secure-regin-lab.eu".
        var words = labels[..^suffix].SelectMany(l => l.Split('-', '_')).Select(Fold).Where(w => w.Length > 0).ToList();
        foreach (var own in _own)
        {
            if (registrable == own.Registrable || registrable == own.WithSuffix
                || (own.Registrable.Length >= 6 && WithinOneEdit(registrable, own.Registrable)))
            {
                return own.Domain;
            }
            for (var i = 0; i < words.Count; i++)
            {
                var run = "";
                for (var j = i; j < words.Count && run.Length < own.WithSuffix.Length; j++)
                {
                    run += words[j];
                    if (run == own.Registrable || run == own.WithSuffix)
                    {
                        return own.Domain;
                    }
                }
            }
        }
        return null;
    }

    /// <summary>
    /// A display name (or an address's local part) that names the project: one of its words is a project name or our
    /// domain's name ("REGIN Team", "CRPM secretariat", "regin-support"), or it writes our domain or mailbox
    /// ("reginproject@crpm.org &lt;x@gmail.com&gt;").
    /// </summary>
    private bool ClaimsProject(string text, bool address)
    {
        var skeleton = Skeleton(text);
        if (address && Fold(text) == _mailboxLocal && _mailboxLocal.Length >= 4)
        {
            return true;
        }
        if (_own.Any(o => skeleton.Contains(Skeleton(o.Domain), StringComparison.Ordinal)))
        {
            return true;
        }
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in skeleton.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        return words.Any(w => _names.Contains(w)) || (!address && words.Count > 0 && _names.Contains(string.Concat(words)));
    }

    /// <summary>The domain as written and, when it is not plain ASCII, as mail servers see it (punycode), and the reverse.</summary>
    internal static string Shown(string text)
    {
        var at = text.LastIndexOf('@');
        var domain = text[(at + 1)..];
        var other = domain.All(char.IsAscii) ? Unicode(domain) : SenderAuthentication.AsciiDomain(domain);
        return other == domain ? text : $"{text} ({(at >= 0 ? text[..(at + 1)] : "")}{other})";
    }

    internal static string? Domain(string? address)
    {
        var at = address?.LastIndexOf('@') ?? -1;
        if (address is null || at < 0 || at == address.Length - 1)
        {
            return null;
        }
        return address[(at + 1)..].Trim().TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>
    /// The site of an address or domain: its name and public suffix, read as Unicode ("region-x.se" of
    /// "anna@mail.region-x.se"); null when it has none.
    /// </summary>
    internal static string? Site(string? addressOrDomain)
    {
        var domain = addressOrDomain is null ? null : addressOrDomain.Contains('@', StringComparison.Ordinal) ? Domain(addressOrDomain) : addressOrDomain.Trim().TrimEnd('.').ToLowerInvariant();
        var labels = domain is null ? [] : Unicode(domain).Split('.', StringSplitOptions.RemoveEmptyEntries);
        return labels.Length < 2 ? null : string.Join('.', labels[^(SuffixLength(labels) + 1)..]);
    }

    private static readonly IdnMapping Idn = new();

    internal static string Unicode(string domain)
    {
        try
        {
            return Idn.GetUnicode(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return domain;
        }
    }


    /// <summary>Labels of the public suffix: "org", or two for "co.uk", "com.pt", "gov.it" (no suffix list needed for a warning).</summary>
    internal static int SuffixLength(string[] labels) =>
        labels.Length >= 3 && labels[^1].Length == 2 && labels[^2] is "co" or "com" or "org" or "net" or "gov" or "edu" or "ac" or "or" or "ne" or "go" or "gob" or "gouv" ? 2 : 1;

    /// <summary>The name as it looks: <see cref="Skeleton"/> without hyphens and underscores ("regin-lab" and "reginlab" look alike).</summary>
    internal static string Fold(string text) => Skeleton(text).Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);

    /// <summary>
    /// What a reader sees: compatibility forms unfolded (fullwidth, mathematical letters), lower case, accents dropped,
    /// letters of other alphabets that look Latin read as Latin (Cyrillic "о", Greek "ο"), and the shapes mistaken for
    /// each other made one ("rn"/"m", "vv"/"w", "1"/"l"/"i", "0"/"o").
    /// </summary>
    internal static string Skeleton(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var latin = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
            {
                continue;
            }
            latin.Append(Confusable(c));
        }
        return latin.Replace("rn", "m").Replace("vv", "w").ToString();
    }

    private static char Confusable(char c) => c switch
    {
        // Cyrillic
        'а' => 'a', 'в' => 'b', 'е' or 'ё' => 'e', 'к' => 'k', 'м' => 'm', 'н' => 'h', 'о' => 'o', 'р' => 'p', 'с' => 'c', 'т' => 't',
        'у' => 'y', 'х' => 'x', 'ѕ' => 's', 'і' or 'ї' => 'l', 'ј' => 'j', 'ԁ' => 'd', 'һ' => 'h', 'ӏ' => 'l', 'ԛ' => 'q', 'ԝ' => 'w', 'ь' => 'b', 'п' => 'n', 'г' => 'r',
        // Greek
        'α' => 'a', 'β' => 'b', 'ε' => 'e', 'η' => 'n', 'ι' => 'l', 'κ' => 'k', 'ν' => 'v', 'ο' => 'o', 'ρ' => 'p', 'τ' => 't', 'υ' => 'u', 'χ' => 'x',
        'ω' => 'w', 'μ' => 'u', 'γ' => 'y', 'ς' => 'c',
        // Latin look-alikes and digits
        'ı' or 'ɩ' or 'i' or '1' or '|' or 'ł' => 'l', 'ɑ' => 'a', 'ɡ' => 'g', '0' => 'o', 'ß' => 'b', 'ƅ' => 'b', 'ѵ' => 'v',
        _ => c,
    };

    /// <summary>One letter changed, added, dropped, or two swapped ("regn-lab", "rgein-lab").</summary>
    internal static bool WithinOneEdit(string a, string b)
    {
        if (a == b || Math.Abs(a.Length - b.Length) > 1)
        {
            return a == b;
        }
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }
        if (a.Length == b.Length)
        {
            return a[(i + 1)..] == b[(i + 1)..] || (i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)..] == b[(i + 2)..]);
        }
        return a.Length > b.Length ? a[(i + 1)..] == b[i..] : a[i..] == b[(i + 1)..];
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
