using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Configurations;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;

namespace Regin.Core.Review;

/// <summary>What the dashboard counts: every field is optional (none: every practice).</summary>
public sealed record DashboardFilter(string? Status = null, string? Language = null, string? Channel = null);

/// <summary>One bar: a key (a code: status, ISO country, NUTS region, choice code, language, channel, ISO week) and its count.</summary>
public sealed record DashboardCount(string Key, int Count);

/// <summary>
/// One step of the drop-off funnel: how many practices reached the question (it was the next one for them, or they
/// went past it) and how many drafts stopped there (it is the question after the last one they answered).
/// <see cref="QuestionId"/> is null for the final step: every question answered, not submitted.
/// </summary>
public sealed record DashboardFunnelStep(int Number, string? QuestionId, int Reached, int Stopped);

/// <summary>The whole picture for the researchers' dashboard.</summary>
public sealed record DashboardFigures(
    int Total,
    IReadOnlyList<DashboardCount> ByStatus,
    IReadOnlyList<DashboardCount> ByCountry,
    IReadOnlyList<DashboardCount> ByRegion,
    IReadOnlyList<DashboardCount> ByArea,
    IReadOnlyList<DashboardCount> ByTargetGroup,
    IReadOnlyList<DashboardCount> ByLanguage,
    IReadOnlyList<DashboardCount> ByChannel,
    IReadOnlyList<DashboardCount> SubmissionsPerWeek,
    IReadOnlyList<DashboardFunnelStep> Funnel);

/// <summary>
/// Counts for the researchers' dashboard, read with a few index-driven projections (no entity is loaded). The funnel
/// takes the answers of drafts only: a practice that was submitted reached every question.
/// </summary>
public sealed class DashboardQueries(ReginDbContext db, QuestionnaireDefinition questionnaire, TimeProvider clock)
{
    /// <summary>How many weeks "submissions per week" shows, up to the current one.</summary>
    public const int Weeks = 26;

    private static readonly string[] Dimensions = ["country", "region", "integration_areas", "target_groups"];

    /// <summary>
    /// The answers the dashboard counts by code, read from the (question, value) index. Its condition is stated (codes
    /// are short): the index holds only values of up to <see cref="ReviewAnswerIndexesConfiguration.MaxIndexedValueLength"/> characters.
    /// </summary>
    internal static IQueryable<DimensionAnswer> DimensionAnswers(ReginDbContext db) =>
        db.Answers.AsNoTracking()
            .Where(a => Dimensions.Contains(a.QuestionId) && a.ValueJson!.Length <= ReviewAnswerIndexesConfiguration.MaxIndexedValueLength)
            .Select(a => new DimensionAnswer(a.PracticeId, a.QuestionId, a.ValueJson));

    internal sealed record DimensionAnswer(Guid PracticeId, string QuestionId, string? ValueJson);

    public async Task<DashboardFigures> FiguresAsync(DashboardFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var rows = await PracticesAsync(filter with { Status = null }, cancellationToken);
        var selected = filter.Status is null ? rows : rows.Where(r => r.Status == filter.Status).ToList();
        var selectedIds = selected.Select(r => r.Id).ToHashSet();

        var dimensionAnswers = await DimensionAnswers(db).ToListAsync(cancellationToken);
        var codesBy = Dimensions.ToDictionary(d => d, _ => new Dictionary<string, int>(StringComparer.Ordinal));
        foreach (var answer in dimensionAnswers.Where(a => selectedIds.Contains(a.PracticeId)))
        {
            var codes = answer.QuestionId is "country" or "region"
                ? (PracticeListRow.Text(answer.ValueJson) is { } one ? [one] : [])
                : PracticeListRow.Codes(answer.ValueJson);
            foreach (var code in codes.Distinct())
            {
                Increment(codesBy[answer.QuestionId], code);
            }
        }

        return new DashboardFigures(
            selected.Count,
            Ordered(PracticeStatus.All, selected.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count())),
            Descending(codesBy["country"]),
            Descending(codesBy["region"]),
            Ordered(ChoiceCodes("integration_areas"), codesBy["integration_areas"]),
            Ordered(ChoiceCodes("target_groups"), codesBy["target_groups"]),
            Ordered(questionnaire.Languages.Select(l => l.Code).ToList(), selected.GroupBy(r => r.Language).ToDictionary(g => g.Key, g => g.Count())),
            Ordered([Channels.Chat, Channels.Email, Channels.Api], selected.SelectMany(r => r.ChannelList).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count())),
            PerWeek(selected),
            await FunnelAsync(rows, cancellationToken));
    }

    /// <summary>The funnel for every language (null: all) and channel (null: all), for the CSV export.</summary>
    public async Task<IReadOnlyList<(string? Language, string? Channel, IReadOnlyList<DashboardFunnelStep> Steps)>> FunnelByLanguageAndChannelAsync(CancellationToken cancellationToken = default)
    {
        var rows = await PracticesAsync(new DashboardFilter(), cancellationToken);
        var positions = await PositionsAsync(rows, cancellationToken);
        var result = new List<(string?, string?, IReadOnlyList<DashboardFunnelStep>)>();
        foreach (var language in new string?[] { null }.Concat(questionnaire.Languages.Select(l => l.Code)))
        {
            foreach (var channel in new string?[] { null, Channels.Chat, Channels.Email, Channels.Api })
            {
                var subset = rows.Where(r => (language is null || r.Language == language) && (channel is null || r.ChannelList.Contains(channel))).ToList();
                result.Add((language, channel, Funnel(subset, positions)));
            }
        }
        return result;
    }

    private async Task<List<PracticeRow>> PracticesAsync(DashboardFilter filter, CancellationToken cancellationToken)
    {
        var query = db.Practices.AsNoTracking();
        if (filter.Language is not null)
        {
            query = query.Where(p => p.Language == filter.Language);
        }
        if (filter.Channel is not null)
        {
            query = query.Where(p => ("," + p.Channels + ",").Contains("," + filter.Channel + ","));
        }
        var rows = await query.Select(p => new { p.Id, p.Status, p.Language, p.Channels, p.SubmittedAt }).ToListAsync(cancellationToken);
        return rows.Select(r => new PracticeRow(r.Id, r.Status, r.Language, r.Channels.Split(',', StringSplitOptions.RemoveEmptyEntries), r.SubmittedAt)).ToList();
    }

    private async Task<IReadOnlyList<DashboardFunnelStep>> FunnelAsync(List<PracticeRow> rows, CancellationToken cancellationToken) =>
        Funnel(rows, await PositionsAsync(rows, cancellationToken));

    /// <summary>For each draft: the position (0-based) of the question after the furthest one it answered.</summary>
    private async Task<Dictionary<Guid, int>> PositionsAsync(List<PracticeRow> rows, CancellationToken cancellationToken)
    {
        var order = questionnaire.Questions.Select((q, i) => (q.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var drafts = db.Practices.Where(p => p.Status == PracticeStatus.Draft).Select(p => p.Id);
        var answered = await db.Answers.AsNoTracking().Where(a => drafts.Contains(a.PracticeId))
            .Select(a => new { a.PracticeId, a.QuestionId }).ToListAsync(cancellationToken);
        var positions = rows.Where(r => r.Status == PracticeStatus.Draft).ToDictionary(r => r.Id, _ => 0);
        foreach (var answer in answered)
        {
            if (positions.TryGetValue(answer.PracticeId, out var position) && order.TryGetValue(answer.QuestionId, out var index) && index + 1 > position)
            {
                positions[answer.PracticeId] = index + 1;
            }
        }
        return positions;
    }

    private IReadOnlyList<DashboardFunnelStep> Funnel(IReadOnlyList<PracticeRow> rows, Dictionary<Guid, int> draftPositions)
    {
        var count = questionnaire.Questions.Count;
        var reachedFrom = new int[count + 2];
        var stopped = new int[count + 1];
        foreach (var row in rows)
        {
            if (draftPositions.TryGetValue(row.Id, out var position))
            {
                reachedFrom[position + 1]++;
                stopped[position]++;
            }
            else
            {
                reachedFrom[count + 1]++;
            }
        }
        // reached(i) = practices whose position is i or later: a suffix sum.
        var steps = new DashboardFunnelStep[count + 1];
        var reached = 0;
        for (var i = count; i >= 0; i--)
        {
            reached += reachedFrom[i + 1];
            steps[i] = new DashboardFunnelStep(i + 1, i < count ? questionnaire.Questions[i].Id : null, reached, stopped[i]);
        }
        return steps;
    }

    private IReadOnlyList<DashboardCount> PerWeek(IReadOnlyList<PracticeRow> rows)
    {
        var thisWeek = WeekStart(clock.GetUtcNow().UtcDateTime);
        var counts = new Dictionary<DateTime, int>();
        foreach (var row in rows)
        {
            if (row.SubmittedAt is { } submitted)
            {
                Increment(counts, WeekStart(submitted.UtcDateTime));
            }
        }
        return Enumerable.Range(0, Weeks).Select(i => thisWeek.AddDays(-7 * (Weeks - 1 - i)))
            .Select(week => new DashboardCount(WeekKey(week), counts.GetValueOrDefault(week))).ToList();
    }

    /// <summary>The ISO week of a Monday, e.g. 2026-W48.</summary>
    public static string WeekKey(DateTime monday) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(monday)}-W{ISOWeek.GetWeekOfYear(monday):D2}");

    /// <summary>The Monday (UTC) a week key starts on.</summary>
    public static DateTime WeekMonday(string key) =>
        ISOWeek.ToDateTime(int.Parse(key[..4], CultureInfo.InvariantCulture), int.Parse(key[6..], CultureInfo.InvariantCulture), DayOfWeek.Monday);

    private static DateTime WeekStart(DateTime utc) => utc.Date.AddDays(-(((int)utc.DayOfWeek + 6) % 7));

    private IReadOnlyList<string> ChoiceCodes(string questionId) =>
        questionnaire.Questions.First(q => q.Id == questionId).ChoiceList.Select(c => c.Code).ToList();

    /// <summary>In the given order (every key, zeros too), then any other key found (e.g. "other").</summary>
    private static IReadOnlyList<DashboardCount> Ordered(IReadOnlyList<string> order, IReadOnlyDictionary<string, int> counts) =>
        order.Select(k => new DashboardCount(k, counts.GetValueOrDefault(k)))
            .Concat(counts.Where(c => !order.Contains(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new DashboardCount(c.Key, c.Value)))
            .ToList();

    private static IReadOnlyList<DashboardCount> Descending(Dictionary<string, int> counts) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => new DashboardCount(c.Key, c.Value)).ToList();

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key) where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    private sealed record PracticeRow(Guid Id, string Status, string Language, string[] ChannelList, DateTimeOffset? SubmittedAt);
}
