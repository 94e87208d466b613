using Microsoft.AspNetCore.WebUtilities;
using Regin.Core.Persistence.Entities;
using Regin.Core.ReferenceData;
using Regin.Core.Review;

namespace Regin.Bot.Review;

/// <summary>GET /review: every practice, with filters, full-text search, sorting, paging and bulk status changes.</summary>
public static class ReviewListScreen
{
    public static PracticeListQuery QueryFrom(HttpRequest request, GeoCatalog geo)
    {
        ArgumentNullException.ThrowIfNull(request);
        return QueryFrom(request.Query, geo);
    }

    public static PracticeListQuery QueryFrom(IQueryCollection q, GeoCatalog geo)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(geo);
        string? Get(string key) => string.IsNullOrWhiteSpace(q[key]) ? null : q[key].ToString().Trim();
        var (from, to) = (Day(Get("from")), Day(Get("to")));
        if (from > to)
        {
            // Typed the wrong way round: the days between them all the same.
            (from, to) = (to, from);
        }
        return new PracticeListQuery
        {
            DateField = Get("dates") == "submitted" ? "submitted" : null,
            From = from,
            To = to,
            Status = Get("status"),
            Country = Get("country"),
            Region = RegionCode(Get("region"), geo),
            Area = Get("area"),
            TargetGroup = Get("group"),
            Language = Get("language"),
            Channel = Get("channel"),
            Flag = Get("flag"),
            Search = Get("q"),
            Sort = Get("sort"),
            Descending = Get("dir") == "desc",
            Page = int.TryParse(Get("page"), out var page) ? page : 1,
            PageSize = int.TryParse(Get("size"), out var size) ? size : 50,
        };
    }

    /// <summary>
    /// A day of the date filter as a date field sends it (2026-11-30) or as typed in a link by hand, day first
    /// (30.11.2026, 30/11/2026, 30-11-2026); null when empty or no such day.
    /// </summary>
    public static DateOnly? Day(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        string[] formats = ["yyyy-MM-dd", "yyyy-M-d", "d.M.yyyy", "d/M/yyyy", "d-M-yyyy"];
        return DateOnly.TryParseExact(typed.Trim(), formats, culture, System.Globalization.DateTimeStyles.None, out var day) ? day : null;
    }

    /// <summary>The date filter's bounds that are no day ("2026-02-30"): named on the list, which is not limited by them.</summary>
    public static IReadOnlyList<string> DateProblems(IQueryCollection q)
    {
        ArgumentNullException.ThrowIfNull(q);
        return new[] { ("from", "From"), ("to", "To") }
            .Where(x => !string.IsNullOrWhiteSpace(q[x.Item1]) && Day(q[x.Item1]) is null)
            .Select(x => $"{x.Item2} “{q[x.Item1].ToString().Trim()}” is not a date (year-month-day, as 2026-11-30): the list is not limited by it.")
            .ToList();
    }

    /// <summary>
    /// The NUTS code the region filter means: a code or its beginning as typed ("ITF", "es11"; a prefix finds the regions
    /// under it), else a region's name in any of the languages the catalogue knows ("Galicia", "Skåne", "Apulia",
    /// "Κρήτη"). A name no region has is kept as typed: it finds nothing, and the filter says so.
    /// </summary>
    public static string? RegionCode(string? typed, GeoCatalog geo)
    {
        ArgumentNullException.ThrowIfNull(geo);
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }
        var code = typed.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (code.Length is >= 2 and <= 5 && code.All(char.IsAsciiLetterOrDigit) && geo.Regions.Any(r => r.Code.StartsWith(code, StringComparison.Ordinal)))
        {
            return code;
        }
        return geo.FindRegions(typed).FirstOrDefault()?.Code ?? RegionsNamedWith(typed, geo) ?? typed.Trim();
    }

    /// <summary>
    /// A word of several regions' names, typed alone ("Μακεδονία", "Macedonia": Eastern, Central and Western Macedonia):
    /// the level-2 regions whose name or other name holds every word typed, as a list of codes ("EL51,EL52,EL53"), at
    /// most 12; null when none or more.
    /// </summary>
    public static string? RegionsNamedWith(string typed, GeoCatalog geo)
    {
        ArgumentNullException.ThrowIfNull(geo);
        var words = Regin.Core.Normalisation.TextKey.Fold(typed).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words.Sum(w => w.Length) < 4)
        {
            return null;
        }
        var found = geo.Regions.Where(r => r.Level == 2 && r.Aliases.Prepend(r.Name).Any(name =>
            {
                var named = Regin.Core.Normalisation.TextKey.Fold(name).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return words.All(w => named.Contains(w, StringComparer.Ordinal));
            }))
            .Select(r => r.Code).Order(StringComparer.Ordinal).ToList();
        return found.Count is > 0 and <= 12 ? string.Join(',', found) : null;
    }

    /// <summary>The cookie holding the list's last filters, search, sort and page, for the practice page's way back.</summary>
    public const string ListCookie = "regin.review.list";

    /// <summary>The list's own query keys: the only ones the way back carries.</summary>
    public static readonly string[] ListKeys = ["q", "status", "country", "region", "area", "group", "language", "channel", "flag", "dates", "from", "to", "sort", "dir", "page", "size"];

    private static void RememberList(HttpContext context) =>
        context.Response.Cookies.Append(ListCookie, ListPath(context.Request.Query), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/review", IsEssential = true });

    /// <summary>"/review" with the list's keys of <paramref name="query"/> (anything else left out).</summary>
    public static string ListPath(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query) =>
        QueryHelpers.AddQueryString("/review", query.Where(q => ListKeys.Contains(q.Key) && !string.IsNullOrWhiteSpace(q.Value))
            .Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString())));

    /// <summary>Where "← Practices" leads: the list as the researcher left it (its filters, search, sort and page).</summary>
    public static string BackToList(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var remembered = request.Cookies[ListCookie];
        return remembered is { Length: > 8 } && remembered.StartsWith("/review?", StringComparison.Ordinal)
            ? ListPath(QueryHelpers.ParseQuery(remembered[7..]))
            : "/review";
    }

    /// <summary>
    /// The bulk form's field carrying a row's version as shown (<c>v.{id}</c>: its stamp and newest log entry, read with
    /// the row): a practice changed since is not moved by a bulk change (review50).
    /// </summary>
    public const string VersionField = "v.";

    public static async Task<IResult> RenderAsync(HttpContext context, ReviewQueries queries, GeoCatalog geo, string? done, CancellationToken cancellationToken)
    {
        var page = ReviewPage.For(context);
        var query = QueryFrom(context.Request, geo);
        RememberList(context);
        var list = await queries.ListAsync(query, cancellationToken);
        var countries = await queries.CountriesAsync(cancellationToken);
        var seen = await queries.LastEventIdAsync(cancellationToken);
        var body = Html.Build(h =>
        {
            // Above ReviewQueries.CountCap the count stopped early: "10000+ found" (the "+" in the template: values are encoded).
            if (list.TotalCapped)
            {
                h.Add($"<h1>Practices <span class=\"muted\" id=\"total\">{list.Total}+ found</span></h1>");
            }
            else
            {
                h.Add($"<h1>Practices <span class=\"muted\" id=\"total\">{list.Total} found</span></h1>");
            }
            if (!string.IsNullOrEmpty(done))
            {
                // HTML this host built and sealed (its parts encoded; no one else can seal one): shown as it is.
                h.Add($"<p class=\"notice\" role=\"status\" id=\"bulk-notice\">{new RawHtml(done)}</p>");
            }
            foreach (var problem in DateProblems(context.Request.Query))
            {
                h.Add($"<p class=\"error\" role=\"alert\">{problem}</p>");
            }
            Filters(h, page, query, context.Request.Query["region"].ToString().Trim(), countries, geo);
            h.Add($"<form method=\"post\" action=\"/review/bulk-status\" id=\"bulk\">{page.Antiforgery}");
            h.Add($"<input type=\"hidden\" name=\"back\" value=\"{context.Request.QueryString.Value}\">");
            h.Add($"<input type=\"hidden\" name=\"seen\" value=\"{seen.ToString(System.Globalization.CultureInfo.InvariantCulture)}\">");
            h.Add($"{Html.ScrollStart("Practices found")}<table id=\"practices\"><thead><tr><th><input type=\"checkbox\" id=\"select-all\" aria-label=\"Select all\"></th>");
            SortHeader(h, context.Request, query, "reference", new RawHtml("Reference"));
            SortHeader(h, context.Request, query, "title", page.Label(page.Question("title").Label.In(page.Language)));
            SortHeader(h, context.Request, query, "country", page.Label(page.Question("country").Label.In(page.Language)));
            h.Add($"<th{page.Lang}>{page.Question("region").Label.In(page.Language)}</th><th{page.Lang}>{page.Question("integration_areas").Label.In(page.Language)}</th>");
            SortHeader(h, context.Request, query, "status", new RawHtml("Status"));
            h.Add($"<th>Language</th><th>Channels</th><th>Flags</th>");
            SortHeader(h, context.Request, query, "updated", new RawHtml("Updated"));
            h.Add($"</tr></thead><tbody>");
            foreach (var row in list.Rows)
            {
                var region = row.Region is null ? null : geo.RegionByCode(row.Region);
                // The whole row opens the practice (review.js: a click anywhere but on its box); for the keyboard and a screen
                // reader the row is one stop, its reference link, which is described by the practice's title.
                h.Add($"<tr class=\"{(row.OpenFlags > 0 ? "flagged" : "")}\" data-reference=\"{row.Reference}\" data-href=\"/review/practices/{row.Reference}\"><td><input type=\"checkbox\" name=\"ids\" value=\"{row.Id}\" aria-label=\"Select {row.Reference}\"><input type=\"hidden\" name=\"{VersionField}{row.Id}\" value=\"{row.Version}\"></td>");
                h.Add($"<td><a href=\"/review/practices/{row.Reference}\" aria-describedby=\"title-{row.Reference}\">{row.Reference}</a></td><td class=\"title\" id=\"title-{row.Reference}\">{Html.Typed(row.ListTitle, row.Language)}</td>");
                h.Add($"<td{page.Lang}>{(row.Country is null ? "" : geo.CountryByCode(row.Country)?.NameIn(page.Language) ?? row.Country)}</td>");
                h.Add($"<td>{ReviewPage.InLanguage(ReviewPage.RegionLanguage(geo, region), region?.Name ?? row.Region)} <span class=\"code\">{(region is null ? "" : row.Region)}</span></td>");
                h.Add($"<td{page.Lang}>{string.Join(", ", row.Areas.Select(a => page.ChoiceLabel("integration_areas", a)))}</td>");
                var sentBack = list.SentBack.TryGetValue(row.Id, out var back) ? $" <span class=\"sent-back\" title=\"sent back by the contributor after a request for changes\">sent back {back.UtcDateTime:yyyy-MM-dd HH:mm}</span>" : "";
                h.Add($"<td><span class=\"status status-{row.Status}\"{page.Lang}>{page.StatusLabel(row.Status)}</span>{new RawHtml(sentBack)}</td><td>{row.Language}</td><td>{ReviewLabels.ChannelList(row.Channels)}</td>");
                h.Add($"<td>{(row.OpenFlags > 0 ? row.OpenFlags.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}</td><td>{row.UpdatedAt.UtcDateTime:yyyy-MM-dd HH:mm}</td></tr>");
            }
            h.Add($"</tbody></table></div>");
            h.Add($"<div class=\"pager\">");
            if (list.Page > 1)
            {
                h.Add($"<a href=\"{With(context.Request, ("page", (list.Page - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))}\" rel=\"prev\">← Previous</a>");
            }
            if (list.TotalCapped)
            {
                h.Add($"<span>Page {list.Page}</span>");
            }
            else
            {
                h.Add($"<span>Page {list.Page} of {list.Pages}</span>");
            }
            if (list.HasNext)
            {
                h.Add($"<a href=\"{With(context.Request, ("page", (list.Page + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))}\" rel=\"next\">Next →</a>");
            }
            h.Add($"</div>");
            h.Add($"<div class=\"panel\"><strong>Selected practices:</strong> <label>set status <select name=\"status\" id=\"bulk-status\">");
            foreach (var status in PracticeStatus.All)
            {
                h.Add($"<option value=\"{status}\"{page.Lang}>{page.StatusLabel(status)}</option>");
            }
            h.Add($"</select></label> <label>reason <input type=\"text\" name=\"reason\" maxlength=\"1000\"></label> <label><input type=\"checkbox\" name=\"scope\" value=\"all\" id=\"bulk-all\"> all {list.Total}{(list.TotalCapped ? " or more" : "")} practices matching the filters, not only the ticked ones</label> <button type=\"submit\" id=\"bulk-apply\">Apply</button></div></form>");
        });
        return page.Render("Practices", body);
    }

    private static void Filters(Html h, ReviewPage page, PracticeListQuery query, string typedRegion, IReadOnlyList<string> countries, GeoCatalog geo)
    {
        h.Add($"<form class=\"filters\" method=\"get\" action=\"/review\" id=\"filters\">");
        h.Add($"<label>Search <input type=\"search\" name=\"q\" id=\"q\" value=\"{query.Search}\" placeholder=\"words or REGIN-0042\"></label>");
        h.Add($"<label>Status <select name=\"status\" id=\"f-status\"><option value=\"\">any</option>");
        foreach (var status in PracticeStatus.All)
        {
            h.Add($"<option value=\"{status}\"{page.Lang}{ReviewPage.Selected(query.Status == status)}>{page.StatusLabel(status)}</option>");
        }
        h.Add($"</select></label><label>{page.Label(page.Question("country").Label.In(page.Language))} <select name=\"country\" id=\"f-country\"><option value=\"\">any</option>");
        foreach (var country in countries)
        {
            h.Add($"<option value=\"{country}\"{page.Lang}{ReviewPage.Selected(string.Equals(query.Country, country, StringComparison.OrdinalIgnoreCase))}>{geo.CountryByCode(country)?.NameIn(page.Language) ?? country}</option>");
        }
        // What she typed stays in the box; beside it, the region it was read as (or that no region has that name).
        var region = geo.RegionByCode(query.Region);
        var several = query.Region?.Contains(',', StringComparison.Ordinal) == true
            ? query.Region.Split(',').Select(geo.RegionByCode).OfType<Region>().ToList() : null;
        var reading = query.Region is null ? ""
            : several is { Count: > 0 } ? string.Join(", ", several.Select(r => $"{r.Code} {r.Name}"))
            : region is not null ? $"{region.Code} {region.Name}"
            : geo.Regions.Any(r => r.Code.StartsWith(query.Region, StringComparison.Ordinal)) ? "" : "no region has this name";
        h.Add($"</select></label><label>{page.Label(page.Question("region").Label.In(page.Language))} (name or NUTS) <input type=\"text\" name=\"region\" id=\"f-region\" size=\"12\" value=\"{typedRegion}\"><span class=\"code\" id=\"f-region-reading\">{reading}</span></label>");
        Choices(h, page, "area", "integration_areas", query.Area);
        Choices(h, page, "group", "target_groups", query.TargetGroup);
        h.Add($"<label>Language <select name=\"language\" id=\"f-language\"><option value=\"\">any</option>");
        foreach (var language in page.Questionnaire.Languages)
        {
            h.Add($"<option value=\"{language.Code}\"{ReviewPage.LangAttribute(language.Code)}{ReviewPage.Selected(query.Language == language.Code)}>{language.Name}</option>");
        }
        h.Add($"</select></label><label>Channel <select name=\"channel\" id=\"f-channel\"><option value=\"\">any</option>");
        foreach (var (channel, label) in ReviewLabels.Channels)
        {
            h.Add($"<option value=\"{channel}\"{ReviewPage.Selected(query.Channel == channel)}>{label}</option>");
        }
        h.Add($"</select></label><label>Flags <select name=\"flag\" id=\"f-flag\"><option value=\"\">any or none</option><option value=\"any\"{ReviewPage.Selected(query.Flag == "any")}>flagged</option><option value=\"none\"{ReviewPage.Selected(query.Flag == "none")}>not flagged</option>");
        foreach (var (reason, label) in ReviewLabels.FlagReasons)
        {
            h.Add($"<option value=\"{reason}\"{ReviewPage.Selected(query.Flag == reason)}>{label}</option>");
        }
        // The date range: native date fields (a keyboard types or steps the day, a screen reader names each field by its
        // label), in the query string like every filter, so a link to the list keeps it.
        h.Add($"</select></label><span class=\"dates\" role=\"group\" aria-labelledby=\"f-dates-label\"><label><span id=\"f-dates-label\">Date</span> <select name=\"dates\" id=\"f-dates\"><option value=\"\">last change</option><option value=\"submitted\"{ReviewPage.Selected(query.DateField == "submitted")}>submitted</option></select></label>");
        h.Add($"<label>from <input type=\"date\" name=\"from\" id=\"f-from\" value=\"{Iso(query.From)}\"></label><label>to <input type=\"date\" name=\"to\" id=\"f-to\" value=\"{Iso(query.To)}\"></label></span>");
        h.Add($"<label>Per page <select name=\"size\">");
        foreach (var size in new[] { 25, 50, 100, 200 })
        {
            h.Add($"<option{ReviewPage.Selected(query.PageSize == size)}>{size}</option>");
        }
        h.Add($"</select></label><input type=\"hidden\" name=\"sort\" value=\"{query.Sort}\"><input type=\"hidden\" name=\"dir\" value=\"{(query.Descending ? "desc" : "")}\">");
        h.Add($"<button type=\"submit\" id=\"apply-filters\">Filter</button> <a href=\"/review\">Clear</a></form>");
    }

    private static string Iso(DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static void Choices(Html h, ReviewPage page, string name, string questionId, string? selected)
    {
        h.Add($"<label>{page.Label(page.Question(questionId).Label.In(page.Language))} <select name=\"{name}\" id=\"f-{name}\"><option value=\"\">any</option>");
        foreach (var choice in page.Question(questionId).ChoiceList)
        {
            h.Add($"<option value=\"{choice.Code}\"{page.Lang}{ReviewPage.Selected(selected == choice.Code)}>{choice.Label.In(page.Language)}</option>");
        }
        h.Add($"</select></label>");
    }

    private static void SortHeader(Html h, HttpRequest request, PracticeListQuery query, string key, RawHtml label)
    {
        var current = (query.Sort ?? "reference") == key;
        var descending = current && !query.Descending;
        var arrow = current ? (query.Descending ? " ↓" : " ↑") : "";
        h.Add($"<th><a href=\"{With(request, ("sort", key), ("dir", descending ? "desc" : ""), ("page", "1"))}\">{label}{arrow}</a></th>");
    }

    private static string With(HttpRequest request, params (string Key, string Value)[] changes)
    {
        var values = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        foreach (var (key, value) in changes)
        {
            values[key] = value;
        }
        return QueryHelpers.AddQueryString("/review", values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)));
    }
}
