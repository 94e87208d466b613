using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Regin.Core.Persistence.Entities;
using Regin.Core.ReferenceData;
using Regin.Core.Review;

namespace Regin.Bot.Review;

/// <summary>
/// GET /review/dashboard, where researchers land after signing in: practices by status, country, region, area,
/// target group, language and channel, submissions per week and the drop-off funnel; every chart has its table and
/// a CSV download (/review/dashboard/csv?table=...).
/// </summary>
public static class ReviewDashboardScreen
{
    public static readonly string[] Tables = ["status", "country", "region", "area", "group", "language", "channel", "week", "funnel"];

    /// <summary>How many regions the chart shows (the table and the CSV have them all).</summary>
    public const int RegionBars = 20;

    public static void MapReviewDashboard(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/dashboard", RenderAsync);
        group.MapGet("/dashboard/csv", CsvAsync);
    }

    private static DashboardFilter FilterFrom(HttpRequest request)
    {
        string? Get(string key) => string.IsNullOrWhiteSpace(request.Query[key]) ? null : request.Query[key].ToString().Trim();
        var status = Get("status");
        var language = Get("language");
        var channel = Get("channel");
        return new DashboardFilter(
            status is not null && PracticeStatus.All.Contains(status) ? status : null,
            Regin.Core.Languages.IsSupported(language) ? language : null,
            channel is Channels.Chat or Channels.Email or Channels.Api ? channel : null);
    }

    private static async Task<IResult> RenderAsync(HttpContext context, DashboardQueries dashboard, GeoCatalog geo, CancellationToken cancellationToken)
    {
        var page = ReviewPage.For(context);
        var filter = FilterFrom(context.Request);
        var figures = await dashboard.FiguresAsync(filter, cancellationToken);
        var matrix = await dashboard.FunnelByLanguageAndChannelAsync(cancellationToken);
        var labels = new Labels(page, geo);
        var body = Html.Build(h =>
        {
            h.Add($"<h1>Dashboard <span class=\"muted\" id=\"total\">{figures.Total} practices</span></h1>");
            Filters(h, page, filter);
            h.Add($"<nav class=\"toc\">");
            foreach (var table in Tables)
            {
                h.Add($"<a href=\"#{table}\">{TitleHtml(page, table)}</a> ");
            }
            h.Add($"</nav>");
            Section(h, context, page, "status", figures.ByStatus, labels.For("status"));
            Section(h, context, page, "country", figures.ByCountry, labels.For("country"));
            Section(h, context, page, "region", figures.ByRegion, labels.For("region"), RegionBars);
            Section(h, context, page, "area", figures.ByArea, labels.For("area"));
            Section(h, context, page, "group", figures.ByTargetGroup, labels.For("group"));
            Section(h, context, page, "language", figures.ByLanguage, labels.For("language"));
            Section(h, context, page, "channel", figures.ByChannel, labels.For("channel"));
            WeekSection(h, context, page, figures.SubmissionsPerWeek);
            FunnelSection(h, context, page, figures.Funnel, matrix, labels);
        });
        return page.Render("Dashboard", body);
    }

    private static void Filters(Html h, ReviewPage page, DashboardFilter filter)
    {
        h.Add($"<form class=\"filters\" method=\"get\" action=\"/review/dashboard\" id=\"dashboard-filters\">");
        h.Add($"<label>Status <select name=\"status\" id=\"d-status\"><option value=\"\">any</option>");
        foreach (var status in PracticeStatus.All)
        {
            h.Add($"<option value=\"{status}\"{page.Lang}{ReviewPage.Selected(filter.Status == status)}>{page.StatusLabel(status)}</option>");
        }
        h.Add($"</select></label><label>Language <select name=\"language\" id=\"d-language\"><option value=\"\">any</option>");
        foreach (var language in page.Questionnaire.Languages)
        {
            h.Add($"<option value=\"{language.Code}\"{ReviewPage.LangAttribute(language.Code)}{ReviewPage.Selected(filter.Language == language.Code)}>{language.Name}</option>");
        }
        h.Add($"</select></label><label>Channel <select name=\"channel\" id=\"d-channel\"><option value=\"\">any</option>");
        foreach (var (channel, label) in ReviewLabels.Channels)
        {
            h.Add($"<option value=\"{channel}\"{ReviewPage.Selected(filter.Channel == channel)}>{label}</option>");
        }
        h.Add($"</select></label><button type=\"submit\" id=\"d-apply\">Show</button> <a href=\"/review/dashboard\">Clear</a>");
        h.Add($"<span class=\"muted\">The status filter does not apply to the drop-off funnel, which needs the drafts and the submitted practices together.</span></form>");
    }

    // The section's heading, its question's label marked in the researcher's label language (review50).
    private static RawHtml TitleHtml(ReviewPage page, string table) => table switch
    {
        "country" => Html.Build(h => h.Add($"By {page.Label(page.Question("country").Label.In(page.Language))}")),
        "region" => Html.Build(h => h.Add($"By {page.Label(page.Question("region").Label.In(page.Language))}")),
        "area" => page.Label(page.Question("integration_areas").Label.In(page.Language)),
        "group" => page.Label(page.Question("target_groups").Label.In(page.Language)),
        _ => new RawHtml(Html.Encode(Title(page, table))),
    };

    // The language a table's names are in: the label language for statuses, countries and choices, each language's own
    // name in it, a NUTS name in its country's language, none for channels.
    private static RawHtml LabelLang(ReviewPage page, GeoCatalog geo, string table, string key) => table switch
    {
        "status" or "country" or "area" or "group" => page.Lang,
        "language" => ReviewPage.LangAttribute(key),
        "region" => ReviewPage.LangAttribute(ReviewPage.RegionLanguage(geo, geo.RegionByCode(key))),
        _ => RawHtml.Empty,
    };

    private static string Title(ReviewPage page, string table) => table switch
    {
        "status" => "By status",
        "country" => "By " + page.Question("country").Label.In(page.Language),
        "region" => "By " + page.Question("region").Label.In(page.Language),
        "area" => page.Question("integration_areas").Label.In(page.Language),
        "group" => page.Question("target_groups").Label.In(page.Language),
        "language" => "By language",
        "channel" => "By channel",
        "week" => "Submissions per week",
        _ => "Drop-off funnel",
    };

    private static void Section(Html h, HttpContext context, ReviewPage page, string table, IReadOnlyList<DashboardCount> counts, Func<string, string> label, int? maxBars = null)
    {
        var title = Title(page, table);
        var geo = context.RequestServices.GetRequiredService<GeoCatalog>();
        h.Add($"<section class=\"dash\" id=\"{table}\"><h2 id=\"{table}-heading\">{TitleHtml(page, table)}</h2><div class=\"chart-pair\"><figure>");
        h.Add(SvgChart.Horizontal(table, title, counts.Take(maxBars ?? int.MaxValue).Select(c => new ChartBar(label(c.Key), c.Count)).ToList(), labelledBy: table + "-heading"));
        if (maxBars is { } max && counts.Count > max)
        {
            h.Add($"<figcaption class=\"muted\">The {max} largest of {counts.Count}; the table has them all.</figcaption>");
        }
        h.Add($"</figure><div class=\"table-wrap\"><table id=\"table-{table}\"><caption>{TitleHtml(page, table)}</caption><thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Name</th><th scope=\"col\" class=\"num\">Practices</th></tr></thead><tbody>");
        foreach (var count in counts)
        {
            h.Add($"<tr data-key=\"{count.Key}\"><td class=\"code\">{count.Key}</td><td{LabelLang(page, geo, table, count.Key)}>{label(count.Key)}</td><td class=\"num\">{count.Count}</td></tr>");
        }
        if (counts.Count == 0)
        {
            h.Add($"<tr><td colspan=\"3\" class=\"muted\">None yet.</td></tr>");
        }
        h.Add($"</tbody></table>");
        CsvLink(h, context, table);
        h.Add($"</div></div></section>");
    }

    private static void WeekSection(Html h, HttpContext context, ReviewPage page, IReadOnlyList<DashboardCount> weeks)
    {
        var title = Title(page, "week");
        h.Add($"<section class=\"dash\" id=\"week\"><h2>{title} <span class=\"muted\">(the last {weeks.Count} weeks, by the day of submission)</span></h2><div class=\"chart-pair\"><figure>");
        h.Add(SvgChart.Columns("week", title, weeks.Select(w => new ChartBar(w.Key, w.Count)).ToList()));
        h.Add($"</figure><div class=\"table-wrap\"><table id=\"table-week\"><caption>{title}</caption><thead><tr><th scope=\"col\">Week</th><th scope=\"col\">From</th><th scope=\"col\" class=\"num\">Submitted</th></tr></thead><tbody>");
        foreach (var week in weeks)
        {
            h.Add($"<tr data-key=\"{week.Key}\"><td class=\"code\">{week.Key}</td><td>{DashboardQueries.WeekMonday(week.Key):yyyy-MM-dd}</td><td class=\"num\">{week.Count}</td></tr>");
        }
        h.Add($"</tbody></table>");
        CsvLink(h, context, "week");
        h.Add($"</div></div></section>");
    }

    private static void FunnelSection(Html h, HttpContext context, ReviewPage page, IReadOnlyList<DashboardFunnelStep> steps,
        IReadOnlyList<(string? Language, string? Channel, IReadOnlyList<DashboardFunnelStep> Steps)> matrix, Labels labels)
    {
        var title = Title(page, "funnel");
        h.Add($"<section class=\"dash\" id=\"funnel\"><h2>{title}</h2>");
        h.Add($"<p class=\"muted\">For each question: how many practices reached it (it was asked, or they went further) and how many drafts stopped there (it is the question after the last one they answered). The last line counts drafts with every question answered that were never submitted.</p>");
        h.Add($"<div class=\"chart-pair\"><figure>");
        h.Add(SvgChart.Horizontal("funnel", title, steps.Select(s => new ChartBar(labels.Step(s), s.Reached, s.Stopped)).ToList(), "reached", "stopped there"));
        h.Add($"</figure><div class=\"table-wrap\"><table id=\"table-funnel\"><caption>{title}</caption><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Question</th><th scope=\"col\" class=\"num\">Reached</th><th scope=\"col\" class=\"num\">Stopped there</th><th scope=\"col\" class=\"num\">Stopped / reached</th></tr></thead><tbody>");
        foreach (var step in steps)
        {
            var rate = step.Reached == 0 ? "" : ((double)step.Stopped / step.Reached).ToString("P0", CultureInfo.InvariantCulture);
            h.Add($"<tr data-key=\"{step.QuestionId ?? "submit"}\"><td>{step.Number}</td><td{(step.QuestionId is null ? RawHtml.Empty : page.Lang)}>{labels.Step(step)}</td><td class=\"num reached\">{step.Reached}</td><td class=\"num stopped\">{step.Stopped}</td><td class=\"num\">{rate}</td></tr>");
        }
        h.Add($"</tbody></table>");
        CsvLink(h, context, "funnel", "every language and channel");
        h.Add($"</div></div>");

        // Stopped / reached per language and per channel, side by side (the page's filters do not apply).
        var columns = matrix.Where(m => m.Channel is null || m.Language is null).ToList();
        h.Add($"<h3>Stopped there / reached, per language and channel</h3><div class=\"table-wrap wide\"><table id=\"table-funnel-matrix\"><thead><tr><th scope=\"col\">Question</th>");
        foreach (var (language, channel, _) in columns)
        {
            h.Add($"<th scope=\"col\" class=\"num\" data-language=\"{language}\" data-channel=\"{channel}\"{ReviewPage.LangAttribute(language)}>{(language is null && channel is null ? "all" : language is null ? channel : page.LanguageName(language))}</th>");
        }
        h.Add($"</tr></thead><tbody>");
        for (var i = 0; i < steps.Count; i++)
        {
            h.Add($"<tr data-key=\"{steps[i].QuestionId ?? "submit"}\"><th scope=\"row\"{(steps[i].QuestionId is null ? RawHtml.Empty : page.Lang)}>{labels.Step(steps[i])}</th>");
            foreach (var column in columns)
            {
                var step = column.Steps[i];
                h.Add($"<td class=\"num{(step.Stopped > 0 ? " has-stops" : "")}\">{step.Stopped} / {step.Reached}</td>");
            }
            h.Add($"</tr>");
        }
        h.Add($"</tbody></table></div></section>");
    }

    private static void CsvLink(Html h, HttpContext context, string table, string? note = null)
    {
        var query = context.Request.Query.Where(q => q.Key is "status" or "language" or "channel" && !string.IsNullOrEmpty(q.Value))
            .Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString()))
            .Prepend(new KeyValuePair<string, string?>("table", table));
        h.Add($"<p><a class=\"csv\" id=\"csv-{table}\" href=\"{QueryHelpers.AddQueryString("/review/dashboard/csv", query)}\" download>CSV</a>{(note is null ? "" : " (" + note + ")")}</p>");
    }

    private static async Task<IResult> CsvAsync(HttpContext context, DashboardQueries dashboard, GeoCatalog geo, TimeProvider clock, string? table, CancellationToken cancellationToken)
    {
        if (table is null || !Tables.Contains(table))
        {
            return Results.Problem($"table must be one of {string.Join(", ", Tables)}.", statusCode: StatusCodes.Status400BadRequest);
        }
        var page = ReviewPage.For(context);
        var labels = new Labels(page, geo);
        var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        var response = context.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"regin-dashboard-{table}-{stamp}.csv\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true);
        if (table == "funnel")
        {
            await ReviewExport.WriteRowAsync(writer, ["language", "channel", "number", "question", "label", "reached", "stopped"]);
            foreach (var (language, channel, steps) in await dashboard.FunnelByLanguageAndChannelAsync(cancellationToken))
            {
                foreach (var step in steps)
                {
                    await ReviewExport.WriteRowAsync(writer, [language ?? "all", channel ?? "all", Invariant(step.Number), step.QuestionId ?? "submit", labels.Step(step), Invariant(step.Reached), Invariant(step.Stopped)]);
                }
            }
        }
        else
        {
            var figures = await dashboard.FiguresAsync(FilterFrom(context.Request), cancellationToken);
            var counts = table switch
            {
                "status" => figures.ByStatus,
                "country" => figures.ByCountry,
                "region" => figures.ByRegion,
                "area" => figures.ByArea,
                "group" => figures.ByTargetGroup,
                "language" => figures.ByLanguage,
                "channel" => figures.ByChannel,
                _ => figures.SubmissionsPerWeek,
            };
            var label = table == "week" ? (key => DashboardQueries.WeekMonday(key).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : labels.For(table);
            await ReviewExport.WriteRowAsync(writer, [table == "week" ? "week" : "code", table == "week" ? "from" : "name", "practices"]);
            foreach (var count in counts)
            {
                await ReviewExport.WriteRowAsync(writer, [count.Key, label(count.Key), Invariant(count.Count)]);
            }
        }
        await writer.FlushAsync(cancellationToken);
        return Results.Empty;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Names of codes in the researcher's label language.</summary>
    private sealed class Labels(ReviewPage page, GeoCatalog geo)
    {
        public Func<string, string> For(string table) => table switch
        {
            "status" => page.StatusLabel,
            "country" => code => geo.CountryByCode(code)?.NameIn(page.Language) ?? code,
            "region" => code => geo.RegionByCode(code) is { } region ? $"{region.Name} ({code})" : code,
            "area" => code => page.ChoiceLabel("integration_areas", code),
            "group" => code => page.ChoiceLabel("target_groups", code),
            "language" => page.LanguageName,
            _ => code => code,
        };

        public string Step(DashboardFunnelStep step) =>
            step.QuestionId is null ? $"{step.Number}. (all answered, not submitted)" : $"{step.Number}. {page.Question(step.QuestionId).Label.In(page.Language)}";
    }
}
