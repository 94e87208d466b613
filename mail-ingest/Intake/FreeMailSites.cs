using System.Collections.Frozen;

namespace Regin.MailIngest.Intake;

/// <summary>
/// The sites of free-mail providers (<c>Mail:FreeMailDomains</c>): a site where anybody may open an address, so sharing it
/// says nothing of who someone works with.
/// </summary>
public sealed class FreeMailSites
{
    private readonly FrozenSet<string> _sites;

    private FreeMailSites(string domains) =>
        _sites = domains.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(LookalikeSender.Site).OfType<string>().ToFrozenSet(StringComparer.Ordinal);

    private static FreeMailSites? _last;

    /// <summary>The sites of a configured list, parsed once (the setting does not change while a host runs).</summary>
    public static FreeMailSites Of(string domains)
    {
        ArgumentNullException.ThrowIfNull(domains);
        var last = _last;
        if (last is not null && ReferenceEquals(last.Source, domains))
        {
            return last;
        }
        return _last = new FreeMailSites(domains) { Source = domains };
    }

    private string Source { get; init; } = "";

    /// <summary>Whether <paramref name="site"/> (<see cref="LookalikeSender.Site"/>) is a free-mail provider's.</summary>
    public bool Contains(string? site) => site is not null && _sites.Contains(site);
}
