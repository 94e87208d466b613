using System.Text;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.MailIngest.Intake;

/// <summary>
/// The names of our contributors and the addresses they write from, so that a mail whose From display name is a known
/// contributor's ("Alice Example (Region of Crete)" &lt;alice.example@gmail.com&gt;, "Alice Example" &lt;mallory@evil.example&gt;)
/// from another address is told apart: the commoner phishing form, which a look-alike address check never sees.
/// <para>
/// A contributor is a practice's contact name (its answer) with the practice's e-mail addresses (its contact e-mail and
/// e-mail identities), not of a practice flagged <c>sender_lookalike</c>, <c>sender_name_of_contributor</c> or
/// <c>contact_name_of_contributor</c> (an impostor's
/// draft does not make the impostor's address the name's) by a mail that made or changed it: a flag from a mail that only
/// named it (<see cref="FlagReasons.NamedOnlyDetailPrefix"/>) leaves its contributor known, or an impostor naming Alice's
/// practice would take her name out at the next full read. A name is compared as its words, folded as a reader sees them
/// (<see cref="LookalikeSender.Skeleton"/>: case, accents, Cyrillic or Greek look-alike letters) and in any order
/// ("Example, Alice"), without what is in brackets ("(Region of Crete)") or after a dash or bar ("Alice Example | Crete");
/// a name of one word ("Alice") is too common to tell anything.
/// </para>
/// <para>
/// Held in memory like <see cref="ContributorDomains"/>: read whole once, then the practices changed since (their UpdatedAt
/// compared in memory: SQLite cannot in a query) at most once a minute, and a contributor's name added as soon as their authenticated mail records it.
/// </para>
/// </summary>
public sealed class ContributorNames
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);

    /// <summary>A known contributor: their practice and an address they write from.</summary>
    public sealed record Known(string Reference, string Address);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Known>> _byName = new(StringComparer.Ordinal);
    private DateTimeOffset _refreshedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _readUpTo = DateTimeOffset.MinValue;

    /// <summary>Reads the contact names of practices changed since the last read, when it is older than <see cref="RefreshEvery"/>.</summary>
    public async Task RefreshAsync(ReginDbContext db, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        DateTimeOffset since;
        lock (_gate)
        {
            if (now - _refreshedAt < RefreshEvery)
            {
                return;
            }
            since = _readUpTo;
        }
        var query = db.Practices.AsNoTracking();
        if (since != DateTimeOffset.MinValue)
        {
            // A minute's overlap: a practice saved by another writer while this one read is read again next time.
            var from = since - RefreshEvery;
            if (db.Database.IsNpgsql())
            {
                query = query.Where(p => p.UpdatedAt >= from);
            }
            else
            {
                // SQLite cannot compare a DateTimeOffset column in a query (EF Core refuses it: the column is text with an
                // offset), which failed every mail read a minute after the first (processing_error): the practices' dates
                // are compared here (as RawInputRetention does), then only the changed ones are read whole. PostgreSQL
                // compares on its index above, without reading every practice's stamp once a minute.
                var stamps = await db.Practices.AsNoTracking().Select(p => new { p.Id, p.UpdatedAt }).ToListAsync(cancellationToken);
                var changed = stamps.Where(p => p.UpdatedAt >= from).Select(p => p.Id).ToList();
                query = query.Where(p => changed.Contains(p.Id));
            }
        }
        var rows = await query
            .Where(p => p.Answers.Any(a => a.QuestionId == "contact_name")
                && !p.Flags.Any(f => (f.Reason == FlagReasons.SenderLookalike || f.Reason == FlagReasons.SenderNameOfContributor || f.Reason == FlagReasons.ContactNameOfContributor)
                    && !(f.Detail != null && f.Detail.StartsWith(FlagReasons.NamedOnlyDetailPrefix))))
            .Select(p => new
            {
                p.Number,
                p.ContributorEmail,
                Name = p.Answers.Where(a => a.QuestionId == "contact_name").Select(a => a.Original).FirstOrDefault(),
                Addresses = p.Identities.Where(i => i.Channel == Channels.Email).Select(i => i.ExternalId).ToList(),
            })
            .ToListAsync(cancellationToken);
        lock (_gate)
        {
            foreach (var row in rows)
            {
                var reference = Practice.FormatReference(row.Number);
                foreach (var address in row.Addresses.Append(row.ContributorEmail).OfType<string>())
                {
                    AddLocked(row.Name, address, reference);
                }
            }
            _readUpTo = now;
            _refreshedAt = now;
        }
    }

    /// <summary>Adds <paramref name="name"/> as the name of the contributor writing from <paramref name="address"/> on <paramref name="reference"/>.</summary>
    public void Add(string? name, string address, string reference)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            AddLocked(name, address, reference);
        }
    }

    private void AddLocked(string? name, string address, string reference)
    {
        if (Key(name) is not { } key)
        {
            return;
        }
        if (!_byName.TryGetValue(key, out var known))
        {
            _byName[key] = known = [];
        }
        var normalised = address.Trim().ToLowerInvariant();
        if (!known.Any(k => k.Address == normalised) && known.Count < 20)
        {
            known.Add(new Known(reference, normalised));
        }
    }

    /// <summary>
    /// The known contributor whose name the mail's From display name is, when none of that name writes from the sender's
    /// address; null otherwise (no display name, a name nobody known has, or the sender is one of them).
    /// </summary>
    public Known? NameOfAnother(MimeMessage message, string sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        return NameOfAnother(message.From.Mailboxes.FirstOrDefault()?.Name, sender);
    }

    /// <summary>
    /// The known contributor whose name <paramref name="name"/> is (a display name, or a contact name typed in a template),
    /// when none of that name writes from <paramref name="sender"/> nor is the contributor of <paramref name="practice"/>
    /// (a colleague typing the contributor's name on her own practice); null otherwise.
    /// </summary>
    public Known? NameOfAnother(string? name, string sender, string? practice = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        if (name is not { Length: > 0 and <= 200 })
        {
            return null;
        }
        var address = sender.Trim().ToLowerInvariant();
        lock (_gate)
        {
            foreach (var key in Keys(name))
            {
                if (_byName.TryGetValue(key, out var known) && !known.Any(k => k.Address == address || k.Reference == practice))
                {
                    return known[0];
                }
            }
        }
        return null;
    }

    /// <summary>The keys a display name is looked up by: whole, and its part before a dash, bar, slash or comma.</summary>
    private static IEnumerable<string> Keys(string name)
    {
        var plain = WithoutBrackets(name);
        var cut = plain.IndexOfAny(['|', '/', '–', '—', '•', '·', ',', '@']) is var at and > 0 ? plain[..at] : plain;
        var dash = cut.IndexOf(" - ", StringComparison.Ordinal) is var d and > 0 ? cut[..d] : cut;
        return new[] { plain, cut, dash }.Select(Key).OfType<string>().Distinct();
    }

    /// <summary>The name's words of two letters or more, folded and sorted; null for a name of fewer than two such words.</summary>
    private static string? Key(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            return null;
        }
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in LookalikeSender.Skeleton(WithoutBrackets(name)).Append(' '))
        {
            if (char.IsLetter(c) || char.IsDigit(c))
            {
                word.Append(c);
                continue;
            }
            if (word.Length >= 2)
            {
                words.Add(word.ToString());
            }
            word.Clear();
        }
        return words.Count < 2 ? null : string.Join(' ', words.Order(StringComparer.Ordinal));
    }

    private static string WithoutBrackets(string name)
    {
        var text = new StringBuilder(name.Length);
        var depth = 0;
        foreach (var c in name)
        {
            if (c is '(' or '[' or '<' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '>' or '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }
}
