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
    /// <summary>Which date <see cref="From"/> and <see cref="To"/> bound: "submitted", else the last change ("updated").</summary>
    public string? DateField { get; init; }
    /// <summary>The first day (UTC) of the date range, inclusive.</summary>
    public DateOnly? From { get; init; }
    /// <summary>The last day (UTC) of the date range, inclusive.</summary>
    public DateOnly? To { get; init; }
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
    string? Title, string CountryCode, string RegionCode, string? AreasJson, int OpenFlags)
{
    public string Reference => Practice.FormatReference(Number);
    public string? Country => CountryCode.Length == 0 ? null : CountryCode;
    public string? Region => RegionCode.Length == 0 ? null : RegionCode;
    public IReadOnlyList<string> Areas => Codes(AreasJson);

    /// <summary>The practice's concurrency stamp as the list read it, in the same statement as the row.</summary>
    public Guid Stamp { get; init; }

    /// <summary>
    /// The title as the list shows it: at most <see cref="ReviewQueries.ListTitleChars"/> characters (a surrogate pair
    /// kept whole), "…" where it was longer. <see cref="Title"/> holds one character more, for that test only; the practice
    /// page shows the whole title.
    /// </summary>
    public string? ListTitle => ReviewQueries.Cut(Title, ReviewQueries.ListTitleChars);

    /// <summary>The practice's newest log entry as the list read it (0: none), in the same statement as the row.</summary>
    public long LastEventId { get; init; }

    /// <summary>
    /// The row's version as shown, carried by the list's bulk form (review50): a bulk change compares the practice's stamp,
    /// exact on both providers, and names the log entries after this practice's own <see cref="LastEventId"/>.
    /// </summary>
    public PracticeVersion Version => new(Stamp, LastEventId);

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

/// <summary>
/// One page of the list. <paramref name="Total"/> is exact up to <see cref="ReviewQueries.CountCap"/>; above it the
/// count stopped there (<paramref name="TotalCapped"/>: "10,000+"), and the pages go on as long as rows come.
/// </summary>
public sealed record PracticeListPage(IReadOnlyList<PracticeListRow> Rows, int Total, int Page, int PageSize, bool TotalCapped = false)
{
    public int Pages => TotalCapped ? Math.Max(Page, (Total + PageSize - 1) / PageSize) : Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>Whether a next page may have rows (always when the count stopped early and this page is full).</summary>
    public bool HasNext => TotalCapped ? Rows.Count == PageSize : Page < Pages;

    /// <summary>The page's practices their contributor sent back after a request for changes, with when (<see cref="SentBack"/>).</summary>
    public IReadOnlyDictionary<Guid, DateTimeOffset> SentBack { get; init; } = new Dictionary<Guid, DateTimeOffset>();
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

    /// <summary>The most characters of a title the list shows (and reads): the rest is on the practice page.</summary>
    public const int ListTitleChars = 300;

    /// <summary>
    /// The most characters of an answer (a value, the contributor's words, a logged value) the practice page shows; the
    /// whole text is one link away (<see cref="AnswerTextAsync"/>). A report pasted whole into an answer made a 42 MB page
    /// that headless Chromium never finished loading (session 55).
    /// </summary>
    public const int ShownAnswerChars = 2_000;

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="chars"/> characters (a surrogate pair kept whole) and "…"
    /// where it was longer: the one cut of the list's titles and the practice page's long answers.
    /// </summary>
    public static string? Cut(string? text, int chars) => text is { Length: var length } && length > chars
        ? text[..(char.IsHighSurrogate(text[chars - 1]) ? chars - 1 : chars)] + "…"
        : text;

    /// <summary>The contributor's words of one answer, whole (the practice page shows <see cref="ShownAnswerChars"/>); null when unanswered.</summary>
    public async Task<string?> AnswerTextAsync(Guid practiceId, string questionId, CancellationToken cancellationToken = default) =>
        await db.Answers.AsNoTracking().Where(a => a.PracticeId == practiceId && a.QuestionId == questionId)
            .Select(a => a.Original).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Held mails of a counted flood listed on the practice page, the newest (session 50).</summary>
    public const int MaxHeldRawInputs = 50;

    /// <summary>
    /// The list counts the matching practices up to this many and then stops ("10,000+"): an exact count of a broad
    /// selection reads every matching row, and nobody pages through ten thousand practices.
    /// </summary>
    public const int CountCap = 10_000;

    /// <summary>Where this instance's count stops (<see cref="CountCap"/>; lower in tests).</summary>
    public int CountLimit { get; init; } = CountCap;

    public async Task<PracticeListPage> ListAsync(PracticeListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        SearchMatches? known = null;
        if (BroadSearchAllowed(query))
        {
            var (broad, matches) = await BroadSearchPageAsync(query, cancellationToken);
            if (broad is not null)
            {
                return broad;
            }
            known = matches;
        }
        var filtered = await FilterAsync(query, cancellationToken, known);
        // A search found its practices once, a code's practices are one list: the statements below read those lists,
        // each in the shape that suits it (FilterAsync).
        var practices = filtered.Counted;
        // Any CountLimit + 1 rows do for the count, so it asks for no order: the database picks its cheapest read (an
        // index holding only the ids, rather than every practice's row in number order: 6× faster for an area filter).
        var counted = await practices.Take(CountLimit + 1).CountAsync(cancellationToken);
        var capped = counted > CountLimit;
        var total = Math.Min(counted, CountLimit);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var lastPage = capped ? int.MaxValue / pageSize : Math.Max(1, (total + pageSize - 1) / pageSize);
        var page = Math.Clamp(query.Page, 1, lastPage);
        var skip = (page - 1) * pageSize;
        practices = filtered.Paged;
        var pageIds = await Ordered(practices, query).Skip(skip).Take(pageSize).Select(p => p.Id).ToListAsync(cancellationToken);
        return await PageAsync(pageIds, total, page, pageSize, capped, cancellationToken);
    }

    private async Task<PracticeListPage> PageAsync(List<Guid> pageIds, int total, int page, int pageSize, bool capped, CancellationToken cancellationToken)
    {
        var position = pageIds.Select((id, index) => (id, index)).ToDictionary(x => x.id, x => x.index);
        var rows = pageIds.Count == 0 ? [] : await Project(db.Practices.AsNoTracking().Where(p => pageIds.Contains(p.Id))).ToListAsync(cancellationToken);
        return new PracticeListPage(rows.OrderBy(r => position[r.Id]).ToList(), total, page, pageSize, capped) { SentBack = await SentBackAsync(rows, cancellationToken) };
    }

    // The rows in submitted sent back after a request: the log of those few practices (index PracticeId, Id), only the
    // kinds SentBack reads, and only for practices that were ever asked for changes.
    private async Task<Dictionary<Guid, DateTimeOffset>> SentBackAsync(List<PracticeListRow> rows, CancellationToken cancellationToken)
    {
        var submitted = rows.Where(r => r.Status == PracticeStatus.Submitted).Select(r => r.Id).ToList();
        if (submitted.Count == 0)
        {
            return [];
        }
        var kinds = new[] { SentBack.RequestKind, "status_changed" };
        var events = await db.PracticeEvents.AsNoTracking()
            .Where(e => submitted.Contains(e.PracticeId) && kinds.Contains(e.Kind))
            .ToListAsync(cancellationToken);
        return events.GroupBy(e => e.PracticeId)
            .Select(g => (g.Key, Back: SentBack.Of(g)?.Resubmitted))
            .Where(x => x.Back is not null)
            .ToDictionary(x => x.Key, x => x.Back!.At);
    }

    // Two steps: the ordered ids of one page, read from an index on (sort key, number), then the page's rows. Ties are
    // broken by the number in the sort's direction, so each sort is one index read forwards or backwards.
    private IOrderedQueryable<Practice> Ordered(IQueryable<Practice> practices, PracticeListQuery query) => (query.Sort ?? "reference") switch
    {
        "updated" => db.Provider().OrderByUpdate(practices, query.Descending),
        "status" => query.Descending ? practices.OrderByDescending(p => p.Status).ThenBy(p => p.Number) : practices.OrderBy(p => p.Status).ThenBy(p => p.Number),
        "title" => query.Descending
            ? practices.OrderByDescending(p => p.TitleKey).ThenByDescending(p => p.Number)
            : practices.OrderBy(p => p.TitleKey).ThenBy(p => p.Number),
        "country" => query.Descending
            ? practices.OrderByDescending(p => p.CountryCode).ThenByDescending(p => p.Number)
            : practices.OrderBy(p => p.CountryCode).ThenBy(p => p.Number),
        _ => query.Descending ? practices.OrderByDescending(p => p.Number) : practices.OrderBy(p => p.Number),
    };

    /// <summary>
    /// Whether a search with nothing else to filter may be paged without reading all its matches, where the provider can
    /// (PostgreSQL): its index is read one language after another only until more matches than the count's limit are
    /// found, and the page walks the sort's index testing each practice it meets (<see cref="ReginDbFunctions.HasWords"/>).
    /// Off: every search reads all its matches (tests compare both).
    /// </summary>
    public bool PageBroadSearchesByTest { get; init; } = true;

    /// <summary>
    /// How many practices a broad search's page may walk along the sort's index (each tested against the words) before
    /// it gives up and reads all the matches instead: a page is taken this way only when it fills within this many.
    /// </summary>
    public int BroadSearchWindow { get; init; } = DefaultBroadSearchWindow;

    /// <summary>The default <see cref="BroadSearchWindow"/>: about 10 ms of tests at most (5 µs each at 100,000 practices).</summary>
    public const int DefaultBroadSearchWindow = 2_000;

    private bool BroadSearchAllowed(PracticeListQuery query) =>
        PageBroadSearchesByTest && db.Provider().TestsPracticesForWords && !string.IsNullOrWhiteSpace(query.Search)
        && new[] { query.Status, query.Language, query.Channel, query.Country, query.Region, query.Area, query.TargetGroup, query.Flag }.All(string.IsNullOrWhiteSpace)
        && query.From is null && query.To is null;

    // A search with no other filter, on a provider that can stop reading its index early: the index is read until more
    // matches are found than the count's limit (plus the merged practices, which the list leaves out), so the count is
    // capped without reading every match; the page's rows are then the first practices along the sort's index that hold
    // the words (or carry the reference), each tested on its own row of the index. Only the first BroadSearchWindow
    // practices of the sort are walked: a page that fills there is the page (every practice before it in the sort's
    // order was tested). Otherwise no page, and the matches if the index was read whole (a narrower search: the caller
    // goes on with them, as for any search), or none (the caller reads them all).
    private async Task<(PracticeListPage? Page, SearchMatches? Matches)> BroadSearchPageAsync(PracticeListQuery query, CancellationToken cancellationToken)
    {
        var term = query.Search!.Trim();
        var provider = db.Provider();
        var merged = db.PracticeReviews.Where(r => r.MergedIntoId != null).Select(r => r.PracticeId);
        await provider.CatchUpSearchIndexAsync(db, cancellationToken);
        var enough = CountLimit + 1 + await merged.CountAsync(cancellationToken);
        var matches = await provider.MatchWordsBelowAsync(db, term, enough, cancellationToken);
        if (matches is null || matches.IsComplete)
        {
            return (null, matches);
        }
        var words = provider.SearchQueryText(term)!;
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Clamp(query.Page, 1, int.MaxValue / pageSize);
        var skip = (page - 1) * pageSize;
        if (skip + pageSize > BroadSearchWindow)
        {
            return (null, null);
        }
        var number = TypedReference(term) ?? -1;
        var window = Ordered(db.Practices.AsNoTracking(), query).Take(BroadSearchWindow);
        var matching = number > 0
            ? window.Where(p => p.Number == number || (ReginDbFunctions.HasWords(p.Id, words) && !merged.Contains(p.Id)))
            : window.Where(p => ReginDbFunctions.HasWords(p.Id, words) && !merged.Contains(p.Id));
        var pageIds = await Ordered(matching, query).Skip(skip).Take(pageSize).Select(p => p.Id).ToListAsync(cancellationToken);
        return pageIds.Count < pageSize
            ? (null, null)
            : (await PageAsync(pageIds, CountLimit, page, pageSize, capped: true, cancellationToken), null);
    }

    private IQueryable<PracticeListRow> Project(IQueryable<Practice> practices)
    {
        var answers = db.Answers.AsNoTracking();
        return practices.Select(p => new PracticeListRow(
            p.Id, p.Number, p.Status, p.Language, p.Channels, p.UpdatedAt,
            // The title's first ListTitleChars + 1 characters, cut by the database (a pasted title may be megabytes).
            answers.Where(a => a.PracticeId == p.Id && a.QuestionId == "title").Select(a => a.Original.Substring(0, ListTitleChars + 1)).FirstOrDefault(),
            p.CountryCode,
            p.RegionCode,
            db.PracticeReviews.Where(r => r.PracticeId == p.Id).Select(r => r.IntegrationAreasJson).FirstOrDefault()
                ?? answers.Where(a => a.PracticeId == p.Id && a.QuestionId == "integration_areas").Select(a => a.ValueJson).FirstOrDefault(),
            db.Flags.Count(f => f.PracticeId == p.Id && !f.Resolved))
        {
            Stamp = p.ConcurrencyStamp,
            LastEventId = db.PracticeEvents.Where(e => e.PracticeId == p.Id).Max(e => (long?)e.Id) ?? 0,
        });
    }

    /// <summary>The practices the list shows for <paramref name="query"/> (ids only: for bulk actions on a whole selection).</summary>
    public async Task<List<Guid>> IdsAsync(PracticeListQuery query, CancellationToken cancellationToken = default) =>
        await IdsAsync(query, int.MaxValue, cancellationToken);

    /// <summary>The ids of the practices <paramref name="query"/> selects, in number order, at most <paramref name="limit"/>.</summary>
    public async Task<List<Guid>> IdsAsync(PracticeListQuery query, int limit, CancellationToken cancellationToken = default) =>
        await (await FilterAsync(query, cancellationToken)).Listed.OrderBy(p => p.Number).Select(p => p.Id).Take(limit).ToListAsync(cancellationToken);

    /// <summary>The practices whose page <paramref name="query"/> reads, in the shape it reads them (for the plan's tests).</summary>
    internal async Task<IQueryable<Practice>> PagedAsync(PracticeListQuery query, CancellationToken cancellationToken = default) =>
        (await FilterAsync(query, cancellationToken)).Paged;

    /// <summary>The practices whose capped count <paramref name="query"/> reads, in the shape it counts them (for the plan's tests).</summary>
    internal async Task<IQueryable<Practice>> CountedAsync(PracticeListQuery query, CancellationToken cancellationToken = default) =>
        (await FilterAsync(query, cancellationToken)).Counted;

    /// <summary>
    /// Above this many matches a search's page walks the sort's index instead of reading the matches: a page of 50 then
    /// reads about 50 × 100,000 / matches rows, fewer than the matches themselves (measured at 100,000 practices).
    /// </summary>
    public const int DefaultWalkAbove = 2_000;

    /// <summary>Where this instance's search pages start walking (<see cref="DefaultWalkAbove"/>; 0 in tests: always).</summary>
    public int WalkAbove { get; init; } = DefaultWalkAbove;

    /// <summary>
    /// The filtered practices in shapes that select the same rows: <see cref="Listed"/> reads the lists of what a search
    /// or a code matched and seeks each practice on it; <see cref="Counted"/> and <see cref="Paged"/> (the capped count,
    /// the page) instead walk another index (the sort's, another filter's) and look each practice up in a list that is
    /// long (a search's matches by a byte of a parameter, a code's practices with the id hidden from its index).
    /// </summary>
    private sealed record Filtered(IQueryable<Practice> Listed, IQueryable<Practice> Counted, IQueryable<Practice> Paged);

    // Country and region read the practices' own key columns (indexed); the other answers' filters are correlated
    // (EXISTS through the answers' primary key, practice and question): only the practices the page or the capped
    // count reaches are looked at, never every answer of a question.
    private async Task<Filtered> FilterAsync(PracticeListQuery query, CancellationToken cancellationToken, SearchMatches? known = null)
    {
        var practices = db.Practices.AsNoTracking();
        var answers = db.Answers.AsNoTracking();
        // Several filters of indexed columns (status, language, country, region, a range of days): SQLite has no statistics
        // and reads the index of an equality before a range's, and of any equality before a narrower one (the status,
        // ~40,000 practices submitted, before "Μακεδονία"'s 2,403 or one day's ~270: 30–40 ms through the host). Each
        // filter alone is counted, capped (ChooseIndexAsync): the count's statement reads the narrowest one's index, the
        // others hidden from theirs; the page too when that one is narrow (at most WalkAbove: read whole and sorted),
        // else the page walks the sort's order as SQLite chooses. PostgreSQL chooses by its statistics.
        var choice = await ChooseIndexAsync(query, cancellationToken);
        var paged = practices;
        if (!string.IsNullOrWhiteSpace(query.Status))
        {
            var status = query.Status.Trim();
            (practices, paged) = choice.Apply(practices, paged, IndexedFilter.Status,
                ps => ps.Where(p => p.Status == status), ps => ps.Where(p => ReginDbFunctions.Unindexed(p.Status) == status));
        }
        if (!string.IsNullOrWhiteSpace(query.Language))
        {
            var language = query.Language.Trim().ToLowerInvariant();
            (practices, paged) = choice.Apply(practices, paged, IndexedFilter.Language,
                ps => ps.Where(p => p.Language == language), ps => ps.Where(p => ReginDbFunctions.Unindexed(p.Language) == language));
        }
        if (!string.IsNullOrWhiteSpace(query.Channel))
        {
            var channel = query.Channel.Trim().ToLowerInvariant();
            var first = channel + ",";
            var middle = "," + channel + ",";
            var last = "," + channel;
            System.Linq.Expressions.Expression<Func<Practice, bool>> channelled = p => p.Channels == channel || p.Channels.StartsWith(first) || p.Channels.Contains(middle) || p.Channels.EndsWith(last);
            practices = practices.Where(channelled);
            paged = paged.Where(channelled);
        }
        if (query.From is not null || query.To is not null)
        {
            // The range is never hidden: the choice reads its index when it is the narrowest.
            practices = Dated(practices);
            paged = Dated(paged);
        }
        if (!string.IsNullOrWhiteSpace(query.Country))
        {
            var country = query.Country.Trim().ToUpperInvariant();
            (practices, paged) = choice.Apply(practices, paged, IndexedFilter.Country,
                ps => ps.Where(p => p.CountryCode == country), ps => ps.Where(p => ReginDbFunctions.Unindexed(p.CountryCode) == country));
        }
        if (RegionCodes(query) is { } regionCodes)
        {
            (practices, paged) = choice.Apply(practices, paged, IndexedFilter.Region,
                ps => ps.Where(InRegions(regionCodes, hidden: false)), ps => ps.Where(InRegions(regionCodes, hidden: true)));
        }
        // The contributor's answer or the researchers' own categorisation (practice_codes, kept by triggers), as
        // "Id IN (the code's practices)": SQLite reads the code's practices once from the (kind, code) index into a list
        // and looks each practice it walks up there, instead of one seek per practice into the table's key (at 100,000
        // practices: target group + language 210 → 10 ms for the count); PostgreSQL plans both as the same semi-join.
        // A code held by many practices would make SQLite read the list and seek each of its practices for a page (area
        // alone: 19,000 practices sorted for 50); the page then walks the sort's index (or another filter's) and seeks each
        // practice's code in the codes' key (a correlated EXISTS): the list of 24,465 "education" practices was built for
        // each page only to be looked up 50-odd times (country + area + status at 100,000: the page 6.4 → 0.6 ms, SQLite
        // alone, session 57). The count seeks (any 10,001 do) and a rare code's page too, from the list.
        var pagedPractices = paged;
        foreach (var (kind, text) in new[] { (PracticeCodeKinds.Area, query.Area), (PracticeCodeKinds.TargetGroup, query.TargetGroup) })
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            var code = text.Trim();
            var coded = db.PracticeCodes.Where(c => c.Kind == kind && c.Code == code).Select(c => c.PracticeId);
            practices = practices.Where(p => coded.Contains(p.Id));
            pagedPractices = await coded.Take(WalkAbove + 1).CountAsync(cancellationToken) > WalkAbove
                ? pagedPractices.Where(p => db.PracticeCodes.Any(c => c.PracticeId == p.Id && c.Kind == kind && c.Code == code))
                : pagedPractices.Where(p => coded.Contains(p.Id));
        }
        practices = Flagged(practices);
        pagedPractices = Flagged(pagedPractices);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            var number = TypedReference(term) ?? -1;
            // The provider's full-text index of every practice's answers; a practice merged into another is found
            // through the one it was merged into (which has its answers), or by its own reference.
            await db.Provider().CatchUpSearchIndexAsync(db, cancellationToken);
            var matches = known ?? await db.Provider().MatchWordsAsync(db, term, cancellationToken);
            var merged = db.PracticeReviews.Where(r => r.MergedIntoId != null).Select(r => r.PracticeId);
            if (matches is not null)
            {
                // The matches as a list of numbers (one parameter; a seek each), and as marks: a practice met while walking
                // an index is looked up by reading one byte of a parameter (practice n at byte n).
                var numbers = matches.Numbers;
                var marks = matches.Marks();
                // Up to CountLimit matches the count reads them one by one (a seek per match, in number order); beyond, it
                // walks the practices by number (or the index of another filter) and looks each up in the list, stopping
                // at the cap. The page reads the list when it is short and walks the sort's index otherwise, so a broad
                // search takes only the rows of its page.
                return new Filtered(
                    Searched(practices, walk: false),
                    Searched(practices, walk: matches.Count > CountLimit),
                    Searched(pagedPractices, walk: matches.Count > WalkAbove));

                // No "Number = reference" branch when the words name no practice: an OR beside the list makes SQLite
                // read every match and sort them. Walking, the number is hidden from its index (ByteAt).
                IQueryable<Practice> Searched(IQueryable<Practice> filtered, bool walk) =>
                    walk && marks is not null
                        ? number > 0
                            ? filtered.Where(p => p.Number == number
                                || (p.Number <= marks.Length && ReginDbFunctions.ByteAt(marks, p.Number) == SearchMatches.Marked && !merged.Contains(p.Id)))
                            : filtered.Where(p => p.Number <= marks.Length && ReginDbFunctions.ByteAt(marks, p.Number) == SearchMatches.Marked && !merged.Contains(p.Id))
                        : number > 0
                            ? filtered.Where(p => p.Number == number || (EF.Parameter(numbers).Contains(p.Number) && !merged.Contains(p.Id)))
                            : filtered.Where(p => EF.Parameter(numbers).Contains(p.Number) && !merged.Contains(p.Id));
            }
        }
        return new Filtered(practices, practices, pagedPractices);

        // A range of days (UTC) of an indexed column where there is one: the last change's (SQLite: UpdatedAt, Number;
        // PostgreSQL: the day of the last change), the submission's (SubmittedAt on both).
        IQueryable<Practice> Dated(IQueryable<Practice> filtered) => query.DateField == "submitted"
            ? db.Provider().SubmittedBetween(filtered, query.From, query.To)
            : db.Provider().UpdatedBetween(filtered, query.From, query.To);

        IQueryable<Practice> Flagged(IQueryable<Practice> filtered) => query.Flag?.Trim() switch
        {
            null or "" => filtered,
            "any" => filtered.Where(p => db.Flags.Any(f => f.PracticeId == p.Id && !f.Resolved)),
            "none" => filtered.Where(p => !db.Flags.Any(f => f.PracticeId == p.Id && !f.Resolved)),
            var reason => filtered.Where(p => db.Flags.Any(f => f.PracticeId == p.Id && !f.Resolved && f.Reason == reason)),
        };
    }

    /// <summary>The most region codes one list filter takes (a name several regions share names a handful).</summary>
    public const int MaxRegionCodes = 20;

    // Several regions one name shares ("Μακεδονία": EL51, EL52, EL53), each with the codes under it: one range of the
    // region's index per code, OR-ed (PostgreSQL ORs the index's bitmaps). A list compared with the code and its first
    // four letters read every practice's row instead (at 100,000 practices on PostgreSQL: 28–32 ms for "Μακεδονία", the
    // count reading the whole table for its 2,403). One code: itself and the codes it begins (a NUTS-1 code finds its
    // NUTS-2 regions), a range of the index, as both providers compare these keys byte by byte (the codes are letters
    // and digits, all below U+FFFD). Only commas: no code, no practice.
    private static List<string>? RegionCodes(PracticeListQuery query) =>
        string.IsNullOrWhiteSpace(query.Region)
            ? null
            : query.Region.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => c.ToUpperInvariant()).Distinct().Take(MaxRegionCodes).ToList();

    /// <summary>The filters of the list that each read an index of the practices' own columns.</summary>
    private enum IndexedFilter { None, Status, Language, Country, Region, Dates, CountryStatus }

    /// <summary>
    /// Which filter's index the count reads (<paramref name="Counted"/>) and the page (<paramref name="Paged"/>); the
    /// other filters' columns are hidden from their indexes there. <see cref="IndexedFilter.None"/>: as the planner likes.
    /// </summary>
    private sealed record IndexChoice(IndexedFilter Counted, IndexedFilter Paged)
    {
        public static readonly IndexChoice Planner = new(IndexedFilter.None, IndexedFilter.None);

        /// <summary>The filter on both statements: as it is where it is the chosen one or nothing was chosen, else hidden.</summary>
        public (IQueryable<Practice> Counted, IQueryable<Practice> Paged) Apply(
            IQueryable<Practice> counted, IQueryable<Practice> paged, IndexedFilter filter,
            Func<IQueryable<Practice>, IQueryable<Practice>> indexed, Func<IQueryable<Practice>, IQueryable<Practice>> hidden) =>
            ((Reads(Counted, filter) ? indexed : hidden)(counted),
             (Reads(Paged, filter) ? indexed : hidden)(paged));

        // The country and the status together read one index (IX_practices_CountryCode_Status_Number).
        private static bool Reads(IndexedFilter chosen, IndexedFilter filter) =>
            chosen is IndexedFilter.None || chosen == filter || (chosen is IndexedFilter.CountryStatus && filter is IndexedFilter.Country or IndexedFilter.Status);
    }

    // Each indexed filter alone, counted up to the smallest count so far (the first up to CountLimit + 1: a count that
    // reaches its cap is no narrower than the one before, and each count reads only the keys of its index, 0.1–0.4 ms for
    // 2,000–10,000 of them at 100,000 practices). The narrowest filter found below the cap is the count's; the page's too
    // when it holds at most WalkAbove practices. One filter, or none below the cap: the planner's choice.
    private async Task<IndexChoice> ChooseIndexAsync(PracticeListQuery query, CancellationToken cancellationToken)
    {
        if (db.Provider().PlansWithStatistics)
        {
            return IndexChoice.Planner;
        }
        var all = db.Practices.AsNoTracking();
        var alone = new List<(IndexedFilter Filter, IQueryable<Practice> Practices)>();
        // The likely narrowest first (a region, a range of days), so that the wide ones stop early.
        if (RegionCodes(query) is { } codes)
        {
            alone.Add((IndexedFilter.Region, all.Where(InRegions(codes, hidden: false))));
        }
        if (query.From is not null || query.To is not null)
        {
            alone.Add((IndexedFilter.Dates, query.DateField == "submitted"
                ? db.Provider().SubmittedBetween(all, query.From, query.To)
                : db.Provider().UpdatedBetween(all, query.From, query.To)));
        }
        var hasCountry = !string.IsNullOrWhiteSpace(query.Country);
        var hasStatus = !string.IsNullOrWhiteSpace(query.Status);
        var country = hasCountry ? query.Country!.Trim().ToUpperInvariant() : "";
        var status = hasStatus ? query.Status!.Trim() : "";
        if (hasCountry && hasStatus)
        {
            // One range of their common index, never wider than either alone.
            alone.Add((IndexedFilter.CountryStatus, all.Where(p => p.CountryCode == country && p.Status == status)));
        }
        else if (hasCountry)
        {
            alone.Add((IndexedFilter.Country, all.Where(p => p.CountryCode == country)));
        }
        if (!string.IsNullOrWhiteSpace(query.Language))
        {
            var language = query.Language.Trim().ToLowerInvariant();
            alone.Add((IndexedFilter.Language, all.Where(p => p.Language == language)));
        }
        if (hasStatus && !hasCountry)
        {
            alone.Add((IndexedFilter.Status, all.Where(p => p.Status == status)));
        }
        if (alone.Count < 2)
        {
            return IndexChoice.Planner;
        }
        var (narrowest, fewest) = (IndexedFilter.None, CountLimit + 1);
        foreach (var (filter, practices) in alone)
        {
            var found = await practices.Take(fewest).CountAsync(cancellationToken);
            if (found < fewest)
            {
                (narrowest, fewest) = (filter, found);
            }
        }
        return new IndexChoice(narrowest, fewest <= WalkAbove ? narrowest : IndexedFilter.None);
    }

    // p => (RegionCode >= c1 AND RegionCode < c1 + U+FFFD) OR (… c2 …) …: each code and the codes it begins, as the single
    // code's filter reads them (the bounds are parameters, each range a seek of IX_practices_RegionCode_Number), or with
    // the code hidden from that index (ReginDbFunctions.Unindexed) where another filter's index is read.
    private static System.Linq.Expressions.Expression<Func<Practice, bool>> InRegions(IReadOnlyList<string> codes, bool hidden)
    {
        var practice = System.Linq.Expressions.Expression.Parameter(typeof(Practice), "p");
        System.Linq.Expressions.Expression column = System.Linq.Expressions.Expression.Property(practice, nameof(Practice.RegionCode));
        if (hidden)
        {
            column = System.Linq.Expressions.Expression.Call(typeof(ReginDbFunctions).GetMethod(nameof(ReginDbFunctions.Unindexed), [typeof(string)])!, column);
        }
        var compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
        var zero = System.Linq.Expressions.Expression.Constant(0);
        System.Linq.Expressions.Expression any = System.Linq.Expressions.Expression.Constant(false);
        foreach (var code in codes)
        {
            // Captured as a closure's fields, so EF Core sends them as parameters rather than literals.
            var bounds = new RegionRange(code, code + "\uFFFD");
            var holder = System.Linq.Expressions.Expression.Constant(bounds);
            var from = System.Linq.Expressions.Expression.Property(holder, nameof(RegionRange.From));
            var to = System.Linq.Expressions.Expression.Property(holder, nameof(RegionRange.To));
            var range = System.Linq.Expressions.Expression.AndAlso(
                System.Linq.Expressions.Expression.GreaterThanOrEqual(System.Linq.Expressions.Expression.Call(compare, column, from), zero),
                System.Linq.Expressions.Expression.LessThan(System.Linq.Expressions.Expression.Call(compare, column, to), zero));
            any = any is System.Linq.Expressions.ConstantExpression ? range : System.Linq.Expressions.Expression.OrElse(any, range);
        }
        return System.Linq.Expressions.Expression.Lambda<Func<Practice, bool>>(any, practice);
    }

    private sealed record RegionRange(string From, string To);

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
        // Only the bytes shown travel (security review L2: a practice may have several 50 MB mails): the database cuts
        // each input to MaxRawInputChars bytes and says how long it was.
        var raw = await db.RawInputs.AsNoTracking().Where(r => r.PracticeId == practiceId).OrderBy(r => r.Id)
            .Select(r => new
            {
                r.Id, r.Channel, r.ContentType, r.ReceivedAt, r.Outcome, r.OutcomeDetail, r.ConversationId,
                Length = r.Content.Length,
                Head = ReginDbFunctions.Prefix(r.Content, MaxRawInputChars),
            })
            .ToListAsync(cancellationToken);
        if (practice.Flags.Any(f => !f.Resolved && f.Detail is { } d && d.Contains(Normalisation.FlagReasons.CountedMarker, StringComparison.Ordinal)))
        {
            // A flood counted on one flag (session 50: "[11 more like it, the last mail #27 …]"): the held mails it counts
            // are not linked to the practice (they are not its contributor's activity); their raw rows name it in their
            // outcome, and are listed here so that each one's words stay one click away (the newest first, at most 50).
            var held = "unverified_update " + practice.Reference + " ";
            var named = "unverified_update names " + practice.Reference + " ";
            raw.AddRange((await db.RawInputs.AsNoTracking()
                .Where(r => r.PracticeId == null && r.OutcomeDetail != null && (r.OutcomeDetail.StartsWith(held) || r.OutcomeDetail.StartsWith(named)))
                .OrderByDescending(r => r.Id).Take(MaxHeldRawInputs)
                .Select(r => new
                {
                    r.Id, r.Channel, r.ContentType, r.ReceivedAt, r.Outcome, r.OutcomeDetail, r.ConversationId,
                    Length = r.Content.Length,
                    Head = ReginDbFunctions.Prefix(r.Content, MaxRawInputChars),
                })
                .ToListAsync(cancellationToken)).OrderBy(r => r.Id));
        }
        var review = await db.PracticeReviews.AsNoTracking().FirstOrDefaultAsync(r => r.PracticeId == practiceId, cancellationToken);
        var assessments = await db.PracticeAssessments.AsNoTracking().Where(a => a.PracticeId == practiceId).ToListAsync(cancellationToken);
        var notifications = await db.ContributorNotifications.AsNoTracking().Where(n => n.PracticeId == practiceId).OrderBy(n => n.Id).ToListAsync(cancellationToken);
        var duplicatedBy = await db.PracticeReviews.AsNoTracking().Where(r => r.DuplicateOfId == practiceId)
            .Join(db.Practices, r => r.PracticeId, p => p.Id, (r, p) => p.Number).OrderBy(n => n).ToListAsync(cancellationToken);
        return new PracticeDetails(
            practice,
            new PracticeVersion(practice.ConcurrencyStamp, events.Count == 0 ? 0 : events[^1].Id),
            events,
            raw.Select(r => new RawInputView(r.Id, r.Channel, r.ContentType, r.ReceivedAt, r.Outcome, r.OutcomeDetail, r.ConversationId, Decode(r.Head, r.Length))).ToList(),
            review,
            assessments,
            notifications,
            await ReferenceOfAsync(review?.DuplicateOfId, cancellationToken),
            await ReferenceOfAsync(review?.MergedIntoId, cancellationToken),
            duplicatedBy.Select(Practice.FormatReference).ToList());
    }

    /// <summary>The countries of the practices, for the filter menu.</summary>
    /// <remarks>
    /// One seek of the country index per country (the next code above the last one found), not a scan of every
    /// practice: a dozen short reads at 100,000 practices, in one statement (a recursive query), so one round trip
    /// (PostgreSQL: a dozen round trips were about 10 ms of every list page).
    /// </remarks>
    public async Task<IReadOnlyList<string>> CountriesAsync(CancellationToken cancellationToken = default) =>
        await db.Database.SqlQuery<string>($"""
            WITH RECURSIVE countries (code, n) AS (
                SELECT (SELECT min("CountryCode") FROM "practices" WHERE "CountryCode" > ''), 1
                UNION ALL
                SELECT (SELECT min(p."CountryCode") FROM "practices" AS p WHERE p."CountryCode" > countries.code), countries.n + 1
                FROM countries WHERE countries.code IS NOT NULL AND countries.n < {MaxCountries})
            SELECT code AS "Value" FROM countries WHERE code IS NOT NULL ORDER BY n
            """).ToListAsync(cancellationToken);

    /// <summary>More than the world's countries: the menu's loop ends even on odd data.</summary>
    private const int MaxCountries = 300;

    private async Task<string?> ReferenceOfAsync(Guid? id, CancellationToken cancellationToken) =>
        id is null ? null
        : await db.Practices.Where(p => p.Id == id).Select(p => (int?)p.Number).FirstOrDefaultAsync(cancellationToken) is { } number ? Practice.FormatReference(number) : null;

    private static string Decode(byte[]? head, int length)
    {
        var text = Encoding.UTF8.GetString(head ?? []);
        return length > MaxRawInputChars ? text + "\n[… cut for display]" : text;
    }

    /// <summary>
    /// The practice number a researcher means by a reference typed in a hurry: "REGIN-0042", "regin 42", "REGIN42",
    /// "Regin-042", "#42" or "42" (case, separator and leading zeros ignored); null for anything else.
    /// </summary>
    public static int? TypedReference(string? text)
    {
        var typed = (text ?? "").Trim();
        if (typed.StartsWith('#'))
        {
            typed = typed[1..];
        }
        else if (typed.StartsWith("REGIN", StringComparison.OrdinalIgnoreCase))
        {
            typed = typed[5..].TrimStart(' ', '-', '_', '.', ':', '/', '#');
        }
        return typed.Length is > 0 and <= 9 && typed.All(char.IsAsciiDigit)
            && int.Parse(typed, System.Globalization.CultureInfo.InvariantCulture) is > 0 and var number ? number : null;
    }

    /// <summary>
    /// The newest entry of every practice's log when a list is shown: a bulk change made from that list moves no practice
    /// logged by someone else after it (<see cref="PracticeWorkflow.ChangeStatusesAsync"/>).
    /// </summary>
    public async Task<long> LastEventIdAsync(CancellationToken cancellationToken = default) =>
        await db.PracticeEvents.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;

    /// <summary>The practice named by its reference ("REGIN-0042"), its number or its id.</summary>
    public async Task<Guid?> FindIdAsync(string idOrReference, CancellationToken cancellationToken = default)
    {
        var number = TypedReference(idOrReference);
        Guid.TryParse(idOrReference, out var guid);
        return await db.Practices.Where(p => p.Id == guid || p.Number == number).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
    }
}
