using Microsoft.EntityFrameworkCore;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.MailIngest.Intake;

/// <summary>
/// The domains our contributors write from, and the look-alikes of them a stranger might write from to pass as one of
/// them ("region-västernorrland.se" in Cyrillic letters, "region-vastemorrland.se", "region-vasternorland.se").
/// <para>
/// A contributor's domain is the site (the name and its public suffix, so "mail.region-x.se" is "region-x.se") of an
/// e-mail identity on a practice: written only for a sender our server authenticated, and not for one whose mail was
/// flagged <c>sender_lookalike</c> on the practice it made or changed (a flag from a mail that only named the practice,
/// <see cref="FlagReasons.NamedOnlyDetailPrefix"/>, leaves its contributor's domain known). A look-alike is a domain of the same suffix that is not one of them but reads as one
/// (<see cref="LookalikeSender.Fold"/>: homoglyphs, punycode, "rn"/"m", hyphens) or is one letter off a name of 6 letters
/// or more. Another suffix of a contributor's name is not one: mail providers have many (gmx.de and gmx.at, outlook.com
/// and outlook.de), and a stranger at one of them is no impostor.
/// </para>
/// <para>
/// Held in memory, so a mail costs a few dictionary look-ups (its domain, and the domain with each letter dropped), never a
/// scan: read once whole, then only the identities added since (by id) at most once a minute, and a sender's domain
/// added as soon as their authenticated mail makes or changes a draft (a look-alike in the same batch is caught).
/// </para>
/// </summary>
public sealed class ContributorDomains
{
    /// <summary>How often the identities other writers added are read.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);

    private const int OneEditMinimum = 6;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _sites = new(StringComparer.Ordinal);
    // A site's folded form ("regionvasternorrland.se") → the site; and each folded name with one letter dropped (and the
    // name itself) → the sites it comes from, for the one-letter-off check.
    private readonly Dictionary<string, string> _folded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Site>> _oneLess = new(StringComparer.Ordinal);
    private long _highestId;
    private DateTimeOffset _refreshedAt = DateTimeOffset.MinValue;

    private sealed record Site(string Domain, string FoldedName, string FoldedSuffix);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _sites.Count;
            }
        }
    }

    /// <summary>Reads the e-mail identities added since the last read, when the last read is older than <see cref="RefreshEvery"/>.</summary>
    public async Task RefreshAsync(ReginDbContext db, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        long after;
        lock (_gate)
        {
            if (now - _refreshedAt < RefreshEvery)
            {
                return;
            }
            after = _highestId;
        }
        var rows = await db.ContributorIdentities.AsNoTracking()
            .Where(i => i.Channel == Channels.Email && i.Id > after
                && !db.Flags.Any(f => f.PracticeId == i.PracticeId && f.Reason == FlagReasons.SenderLookalike
                    && !(f.Detail != null && f.Detail.StartsWith(FlagReasons.NamedOnlyDetailPrefix))))
            .Select(i => new { i.Id, i.ExternalId })
            .ToListAsync(cancellationToken);
        lock (_gate)
        {
            foreach (var row in rows)
            {
                AddLocked(row.ExternalId);
                _highestId = Math.Max(_highestId, row.Id);
            }
            _refreshedAt = now;
        }
    }

    /// <summary>Adds the domain of <paramref name="address"/>, a sender our server authenticated whose mail made or changed a draft.</summary>
    public void Add(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            AddLocked(address);
        }
    }

    private void AddLocked(string address)
    {
        if (LookalikeSender.Domain(address) is not { } domain || SiteOf(domain) is not { } site || !_sites.Add(site.Domain))
        {
            return;
        }
        _folded.TryAdd(site.FoldedName + "." + site.FoldedSuffix, site.Domain);
        if (site.FoldedName.Length >= OneEditMinimum)
        {
            foreach (var variant in OneLess(site.FoldedName).Prepend(site.FoldedName).Distinct())
            {
                var key = variant + "." + site.FoldedSuffix;
                if (!_oneLess.TryGetValue(key, out var sites))
                {
                    _oneLess[key] = sites = [];
                }
                sites.Add(site);
            }
        }
    }

    /// <summary>What the mail's From and Reply-To domains imitate of our contributors' domains, or null.</summary>
    public Impersonation? Check(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.From.Mailboxes.FirstOrDefault() is not { } from)
        {
            return null;
        }
        var signals = new List<string>();
        if (LooksLike(from.Address) is { } like)
        {
            signals.Add($"domain {LookalikeSender.Shown(LookalikeSender.Domain(from.Address)!)} looks like {like}, a contributor's domain");
        }
        foreach (var replyTo in message.ReplyTo.Mailboxes.Take(5))
        {
            if (!string.Equals(replyTo.Address, from.Address, StringComparison.OrdinalIgnoreCase) && LooksLike(replyTo.Address) is { } replyLike)
            {
                signals.Add($"Reply-To {LookalikeSender.Shown(replyTo.Address)} looks like {replyLike}, a contributor's domain");
            }
        }
        return signals.Count == 0 ? null : new Impersonation(signals);
    }

    /// <summary>The contributor's domain the address's domain imitates, or null (also when it is a contributor's own).</summary>
    public string? LooksLike(string? address)
    {
        if (LookalikeSender.Domain(address) is not { } domain || SiteOf(domain) is not { } site)
        {
            return null;
        }
        lock (_gate)
        {
            if (_sites.Contains(site.Domain))
            {
                return null;
            }
            if (_folded.TryGetValue(site.FoldedName + "." + site.FoldedSuffix, out var same))
            {
                return same;
            }
            if (site.FoldedName.Length < OneEditMinimum - 1)
            {
                return null;
            }
            foreach (var variant in OneLess(site.FoldedName).Prepend(site.FoldedName))
            {
                if (_oneLess.TryGetValue(variant + "." + site.FoldedSuffix, out var candidates)
                    && candidates.FirstOrDefault(c => LookalikeSender.WithinOneEdit(site.FoldedName, c.FoldedName)) is { } near)
                {
                    return near.Domain;
                }
            }
        }
        return null;
    }

    /// <summary>The name and public suffix of <paramref name="domain"/> ("region-x.se" of "mail.region-x.se"), read as Unicode.</summary>
    private static Site? SiteOf(string domain)
    {
        var labels = LookalikeSender.Unicode(domain).Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length < 2)
        {
            return null;
        }
        var suffix = LookalikeSender.SuffixLength(labels);
        var name = LookalikeSender.Fold(labels[^(suffix + 1)]);
        return name.Length < 3 ? null : new Site(string.Join('.', labels[^(suffix + 1)..]), name, LookalikeSender.Fold(string.Join('.', labels[^suffix..])));
    }

    private static IEnumerable<string> OneLess(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            yield return string.Concat(name.AsSpan(0, i), name.AsSpan(i + 1));
        }
    }
}
