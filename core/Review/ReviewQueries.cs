using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Review;

/// <summary>The filters, search, sort and page of the review list; every field is optional.</summary>
public sealed record PracticeListQuery
{
    public string? Status { get; init; }
    /// <summary>ISO country code.</summary>
    public string? Country { get; init; }
    /// <summary>NUTS code; a NUTS-1 code also finds its NUTS-2 regions.</summary>
    public string? Region { get; init; }
    /// <summary>Integration area code, from the contributor's answer or the researchers' categorisation.</summary>
    public string? Area { get; init; }
    public string? TargetGroup { get; init; }
    /// <summary>The practice's language.</summary>
    public string? Language { get; init; }
    /// <summary>chat, email, api.</summary>
    public string? Channel { get; init; }
    /// <summary>"any" (open flags), "none", or a flag reason (region_unknown, ...).</summary>
    public string? Flag { get; init; }
    /// <summary>Words searched in every answer's original text, or a reference.</summary>
    public string? Search { get; init; }
    /// <summary>reference, updated, status, title, country.</summary>
    public string? Sort { get; init; }
    public bool Descending { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

public sealed record PracticeListRow(
    Guid Id, int Number, string Status, string Language, string Channels, DateTimeOffset UpdatedAt,
    string? Title, string? CountryJson, string? RegionJson, string? AreasJson, int OpenFlags)
{
    public string Reference => Practice.FormatReference(Number);
    public string? Country => Text(CountryJson);
    public string? Region => Text(RegionJson);
    public IReadOnlyList<string> Areas => Codes(AreasJson);

    public static string? Text(string? json)
    {
        if (json is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<JsonElement>(json) is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static IReadOnlyList<string> Codes(string? json)
    {
        if (json is null)
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<JsonElement>(json) is { ValueKind: JsonValueKind.Array } e
                ? e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList() : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

public sealed record PracticeListPage(IReadOnlyList<PracticeListRow> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Everything the practice page shows.</summary>
public sealed record PracticeDetails(
    Practice Practice,
    PracticeVersion Version,
    IReadOnlyList<PracticeEvent> Events,
    IReadOnlyList<RawInputView> RawInputs,
    PracticeReview? Review,
    IReadOnlyList<PracticeAssessment> Assessments,
    IReadOnlyList<ContributorNotification> Notifications,
    string? DuplicateOfReference,
    string? MergedIntoReference,
    IReadOnlyList<string> DuplicatedBy);

/// <summary>A raw input decoded as text (an e-mail's source, a chat activity's JSON).</summary>
public sealed record RawInputView(long Id, string Channel, string ContentType, DateTimeOffset ReceivedAt, string Outcome, string? OutcomeDetail, string? ConversationId, string Text);

/// <summary>Read side of the review screens: projections with no tracking, so the list stays fast with 10,000 practices.</summary>
public sealed class ReviewQueries(ReginDbContext db)
{
    public const int MaxPageSize = 200;
    public const int MaxRawInputChars = 200_000;

    public async Task<PracticeListPage> ListAsync(PracticeListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var practices = await FilterAsync(query, cancellationToken);
        var total = await practices.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Clamp(query.Page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var skip = (page - 1) * pageSize;
        var answers = db.Answers.AsNoTracking();
        // Two steps: the ordered ids of one page (only the sort key is computed for every practice), then the page's rows.
        List<Guid> pageIds;
        switch (query.Sort ?? "reference")
        {
            case "updated":
                // SQLite cannot order by a DateTimeOffset: sort the (small) keys here.
                var keys = await practices.Select(p => new { p.Id, p.Number, p.UpdatedAt }).ToListAsync(cancellationToken);
                var ordered = query.Descending ? keys.OrderByDescending(k => k.UpdatedAt).ThenByDescending(k => k.Number) : keys.OrderBy(k => k.UpdatedAt).ThenBy(k => k.Number);
                pageIds = ordered.Skip(skip).Take(pageSize).Select(k => k.Id).ToList();
                break;
            case "status":
                pageIds = await Page(query.Descending ? practices.OrderByDescending(p => p.Status).ThenBy(p => p.Number) : practices.OrderBy(p => p.Status).ThenBy(p => p.Number));
                break;
            case "title":
            case "country":
                var questionId = query.Sort;
                var keyed = from p in practices
                            join a in answers.Where(a => a.QuestionId == questionId) on p.Id equals a.PracticeId into matched
                            from a in matched.DefaultIfEmpty()
                            select new { p.Id, p.Number, Key = questionId == "title" ? a!.Original : a!.ValueJson };
                var sorted = query.Descending ? keyed.OrderByDescending(k => k.Key).ThenBy(k => k.Number) : keyed.OrderBy(k => k.Key).ThenBy(k => k.Number);
                pageIds = await sorted.Skip(skip).Take(pageSize).Select(k => k.Id).ToListAsync(cancellationToken);
                break;
            default:
                pageIds = await Page(query.Descending ? practices.OrderByDescending(p => p.Number) : practices.OrderBy(p => p.Number));
                break;
        }
        var position = pageIds.Select((id, index) => (id, index)).ToDictionary(x => x.id, x => x.index);
        var rows = await Project(db.Practices.AsNoTracking().Where(p => pageIds.Contains(p.Id))).ToListAsync(cancellationToken);
        return new PracticeListPage(rows.OrderBy(r => position[r.Id]).ToList(), total, page, pageSize);

        Task<List<Guid>> Page(IQueryable<Practice> ordered) => ordered.Skip(skip).Take(pageSize).Select(p => p.Id).ToListAsync(cancellationToken);
    }

    private IQueryable<PracticeListRow> Project(IQueryable<Practice> practices)
    {
        var answers = db.Answers.AsNoTracking();
        return practices.Select(p => new PracticeListRow(
            p.Id, p.Number, p.Status, p.Language, p.Channels, p.UpdatedAt,
            answers.Where(a => a.PracticeId == p.Id && a.QuestionId == "title").Select(a => a.Original).FirstOrDefault(),
            answers.Where(a => a.PracticeId == p.Id && a.QuestionId == "country").Select(a => a.ValueJson).FirstOrDefault(),
            answers.Where(a => a.PracticeId == p.Id && a.QuestionId == "region").Select(a => a.ValueJson).FirstOrDefault(),
            db.PracticeReviews.Where(r => r.PracticeId == p.Id).Select(r => r.IntegrationAreasJson).FirstOrDefault()
                ?? answers.Where(a => a.PracticeId == p.Id && a.QuestionId == "integration_areas").Select(a => a.ValueJson).FirstOrDefault(),
            db.Flags.Count(f => f.PracticeId == p.Id && !f.Resolved)));
    }

    /// <summary>The practices the list shows for <paramref name="query"/> (ids only: for bulk actions on a whole selection).</summary>
    public async Task<List<Guid>> IdsAsync(PracticeListQuery query, CancellationToken cancellationToken = default) =>
        await (await FilterAsync(query, cancellationToken)).OrderBy(p => p.Number).Select(p => p.Id).ToListAsync(cancellationToken);

    // Filters on answers go through the index on (question, value): "the practices whose country answer is IT".
    private Task<IQueryable<Practice>> FilterAsync(PracticeListQuery query, CancellationToken cancellationToken)
    {
        var practices = db.Practices.AsNoTracking();
        var answers = db.Answers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Status))
        {
            var status = query.Status.Trim();
            practices = practices.Where(p => p.Status == status);
        }
        if (!string.IsNullOrWhiteSpace(query.Language))
        {
            var language = query.Language.Trim().ToLowerInvariant();
            practices = practices.Where(p => p.Language == language);
        }
        if (!string.IsNullOrWhiteSpace(query.Channel))
        {
            var channel = query.Channel.Trim().ToLowerInvariant();
            var first = channel + ",";
            var middle = "," + channel + ",";
            var last = "," + channel;
            practices = practices.Where(p => p.Channels == channel || p.Channels.StartsWith(first) || p.Channels.Contains(middle) || p.Channels.EndsWith(last));
        }
        if (!string.IsNullOrWhiteSpace(query.Country))
        {
            var json = JsonSerializer.Serialize(query.Country.Trim().ToUpperInvariant());
            var ids = answers.Where(a => a.QuestionId == "country" && a.ValueJson == json).Select(a => a.PracticeId);
            practices = practices.Where(p => ids.Contains(p.Id));
        }
        if (!string.IsNullOrWhiteSpace(query.Region))
        {
            var code = query.Region.Trim().ToUpperInvariant();
            var exact = JsonSerializer.Serialize(code);
            var prefix = "\"" + code;
            var ids = answers.Where(a => a.QuestionId == "region" && (a.ValueJson == exact || a.ValueJson!.StartsWith(prefix))).Select(a => a.PracticeId);
            practices = practices.Where(p => ids.Contains(p.Id));
        }
        if (!string.IsNullOrWhiteSpace(query.Area))
        {
            var quoted = JsonSerializer.Serialize(query.Area.Trim());
            // The contributor's answer or the researchers' own categorisation.
            var contributors = answers.Where(a => a.QuestionId == "integration_areas" && a.ValueJson!.Contains(quoted)).Select(a => a.PracticeId);
            var researchers = db.PracticeReviews.Where(r => r.IntegrationAreasJson!.Contains(quoted)).Select(r => r.PracticeId);
            practices = practices.Where(p => contributors.Contains(p.Id) || researchers.Contains(p.Id));
        }
        if (!string.IsNullOrWhiteSpace(query.TargetGroup))
        {
            var quoted = JsonSerializer.Serialize(query.TargetGroup.Trim());
            // The contributor's answer or the researchers' own categorisation.
            var contributors = answers.Where(a => a.QuestionId == "target_groups" && a.ValueJson!.Contains(quoted)).Select(a => a.PracticeId);
            var researchers = db.PracticeReviews.Where(r => r.TargetGroupsJson!.Contains(quoted)).Select(r => r.PracticeId);
            practices = practices.Where(p => contributors.Contains(p.Id) || researchers.Contains(p.Id));
        }
        switch (query.Flag?.Trim())
        {
            case null or "":
                break;
            case "any":
                practices = practices.Where(p => db.Flags.Any(f => f.PracticeId == p.Id && !f.Resolved));
                break;
            case "none":
                practices = practices.Where(p => !db.Flags.Any(f => f.PracticeId == p.Id && !f.Resolved));
                break;
            case var reason:
                practices = practices.Where(p => db.Flags.Any(f => f.PracticeId == p.Id && !f.Resolved && f.Reason == reason));
                break;
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            var number = Practice.ParseReference(term) ?? (int.TryParse(term, out var n) ? n : -1);
            // "Id IN (answers whose words match)": one pass over the answers per query, not one lookup per practice.
            var matching = db.Provider().PracticesWithWords(answers, term);
            practices = practices.Where(p => p.Number == number || matching.Contains(p.Id));
        }
        return Task.FromResult(practices);
    }

    public async Task<PracticeDetails?> GetAsync(Guid practiceId, CancellationToken cancellationToken = default)
    {
        var practice = await db.Practices.AsNoTracking()
            .Include(p => p.Answers)
            .Include(p => p.Flags)
            .Include(p => p.Identities)
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == practiceId, cancellationToken);
        if (practice is null)
        {
            return null;
        }
        var events = await db.PracticeEvents.AsNoTracking().Where(e => e.PracticeId == practiceId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var raw = await db.RawInputs.AsNoTracking().Where(r => r.PracticeId == practiceId).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var review = await db.PracticeReviews.AsNoTracking().FirstOrDefaultAsync(r => r.PracticeId == practiceId, cancellationToken);
        var assessments = await db.PracticeAssessments.AsNoTracking().Where(a => a.PracticeId == practiceId).ToListAsync(cancellationToken);
        var notifications = await db.ContributorNotifications.AsNoTracking().Where(n => n.PracticeId == practiceId).OrderBy(n => n.Id).ToListAsync(cancellationToken);
        var duplicatedBy = await db.PracticeReviews.AsNoTracking().Where(r => r.DuplicateOfId == practiceId)
            .Join(db.Practices, r => r.PracticeId, p => p.Id, (r, p) => p.Number).OrderBy(n => n).ToListAsync(cancellationToken);
        return new PracticeDetails(
            practice,
            new PracticeVersion(practice.ConcurrencyStamp, events.Count == 0 ? 0 : events[^1].Id),
            events,
            raw.Select(r => new RawInputView(r.Id, r.Channel, r.ContentType, r.ReceivedAt, r.Outcome, r.OutcomeDetail, r.ConversationId, Decode(r.Content))).ToList(),
            review,
            assessments,
            notifications,
            await ReferenceOfAsync(review?.DuplicateOfId, cancellationToken),
            await ReferenceOfAsync(review?.MergedIntoId, cancellationToken),
            duplicatedBy.Select(Practice.FormatReference).ToList());
    }

    /// <summary>Distinct countries and languages present, for the filter menus.</summary>
    public async Task<IReadOnlyList<string>> CountriesAsync(CancellationToken cancellationToken = default) =>
        (await db.Answers.AsNoTracking().Where(a => a.QuestionId == "country" && a.ValueJson != null).Select(a => a.ValueJson!).Distinct().ToListAsync(cancellationToken))
            .Select(PracticeListRow.Text).OfType<string>().Order(StringComparer.Ordinal).ToList();

    private async Task<string?> ReferenceOfAsync(Guid? id, CancellationToken cancellationToken) =>
        id is null ? null
        : await db.Practices.Where(p => p.Id == id).Select(p => (int?)p.Number).FirstOrDefaultAsync(cancellationToken) is { } number ? Practice.FormatReference(number) : null;

    private static string Decode(byte[] content)
    {
        var text = Encoding.UTF8.GetString(content.Length > MaxRawInputChars ? content.AsSpan(0, MaxRawInputChars) : content);
        return content.Length > MaxRawInputChars ? text + "\n[… cut for display]" : text;
    }

    /// <summary>The practice named by its reference ("REGIN-0042"), its number or its id.</summary>
    public async Task<Guid?> FindIdAsync(string idOrReference, CancellationToken cancellationToken = default)
    {
        var number = Practice.ParseReference(idOrReference?.Trim());
        if (number is null && int.TryParse(idOrReference, out var n))
        {
            number = n;
        }
        Guid.TryParse(idOrReference, out var guid);
        return await db.Practices.Where(p => p.Id == guid || p.Number == number).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
    }
}
