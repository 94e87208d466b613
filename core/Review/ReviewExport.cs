using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Presentation;
using Regin.Core.Privacy;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;

namespace Regin.Core.Review;

/// <summary>
/// The exports: JSON in the shape of api.md, CSV with one column per question (codes, and labels in a chosen
/// language), and a per-region summary for the map (JSON keyed by NUTS code, or GeoJSON). Practices are read in
/// batches, so 10,000 of them are written without holding them all in memory.
/// </summary>
public sealed class ReviewExport(ReginDbContext db, QuestionnaireDefinition questionnaire, GeoCatalog geo, ValueFormatter formatter)
{
    private const int BatchSize = 500;

    // The first batch is small, so that the response's first bytes (and the browser's download) start after it: a first
    // batch of 500 practices read with their answers, flags and readings kept an export's headers 300–400 ms at 100,000
    // practices (session 54, SQLite).
    private const int FirstBatchSize = 50;

    /// <summary>Writes the practices in <paramref name="statuses"/> (all when empty) as a JSON array.</summary>
    /// <remarks>With <paramref name="publicOnly"/>, only practices with a valid consent (see <see cref="Privacy.Consent"/>).</remarks>
    public async Task WriteJsonAsync(Stream output, IReadOnlyCollection<string> statuses, CancellationToken cancellationToken = default, bool publicOnly = false)
    {
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartArray();
        await foreach (var (batch, readings) in BatchesAsync(statuses, publicOnly, cancellationToken))
        {
            foreach (var practice in batch)
            {
                PracticeJsonWriter.Write(writer, practice, readings.GetValueOrDefault(practice.Id, ResearchersReading.None));
            }
            await writer.FlushAsync(cancellationToken);
        }
        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// CSV (UTF-8 with BOM, every cell quoted, formulas defused): practice columns, then per question one column of
    /// values (codes for choices); with a <paramref name="language"/>, choice, country and region questions get a
    /// second column "{id}_label" with the labels in that language; then the contributor's words ("{id}_original").
    /// </summary>
    public async Task WriteCsvAsync(Stream output, IReadOnlyCollection<string> statuses, string? language, CancellationToken cancellationToken = default, bool publicOnly = false)
    {
        var labelled = Languages.IsSupported(language);
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true);
        var questions = questionnaire.Questions;
        var header = new List<string> { "id", "reference", "status", "language", "channels", "created", "updated", "submitted" };
        foreach (var question in questions)
        {
            header.Add(question.Id);
            if (labelled && HasLabel(question))
            {
                header.Add(question.Id + "_label");
            }
        }
        header.AddRange(questions.Select(q => q.Id + "_original"));
        header.Add("flags");
        header.AddRange(["consent", "consent_version", "consent_language", "consent_channel", "consent_at"]);
        // The researchers' reading: their categorisation (codes, and labels with a language), then two columns per aspect.
        var categories = questions.Where(q => q.Id is "integration_areas" or "target_groups").ToList();
        foreach (var question in categories)
        {
            header.Add("researchers_" + question.Id);
            if (labelled)
            {
                header.Add("researchers_" + question.Id + "_label");
            }
        }
        var aspects = questionnaire.AssessmentAspects;
        foreach (var aspect in aspects)
        {
            header.AddRange(["assessment_" + aspect.Id + "_inspiring", "assessment_" + aspect.Id + "_improvement"]);
        }
        await WriteRowAsync(writer, header);
        var line = new StringBuilder();
        await foreach (var (batch, readings) in BatchesAsync(statuses, publicOnly, cancellationToken))
        {
            foreach (var practice in batch)
            {
                var answers = practice.Answers.ToDictionary(a => a.QuestionId);
                var cells = new List<string>
                {
                    practice.Id.ToString(), practice.Reference, practice.Status, practice.Language, string.Join(';', practice.ChannelList),
                    Iso(practice.CreatedAt), Iso(practice.UpdatedAt), practice.SubmittedAt is { } s ? Iso(s) : "",
                };
                foreach (var question in questions)
                {
                    answers.TryGetValue(question.Id, out var answer);
                    var codes = answer is null ? [] : Values(answer);
                    cells.Add(string.Join("; ", codes));
                    if (labelled && HasLabel(question))
                    {
                        cells.Add(formatter.FormatAsTyped(question, answer?.ValueJson, answer?.Original, language!));
                    }
                }
                cells.AddRange(questions.Select(q => answers.TryGetValue(q.Id, out var a) ? a.Original : ""));
                cells.Add(string.Join("; ", practice.Flags.Where(f => !f.Resolved).Select(f => $"{f.QuestionId ?? "practice"}: {f.Reason}{(f.Detail is null ? "" : " (" + f.Detail + ")")}")));
                var consent = Privacy.Consent.Latest(practice.Events);
                cells.AddRange(consent is null ? ["", "", "", "", ""] : [consent.Given ? "true" : "false", consent.Version, consent.Language, consent.Channel, Iso(consent.At)]);
                var reading = readings.GetValueOrDefault(practice.Id, ResearchersReading.None);
                foreach (var question in categories)
                {
                    var json = question.Id == "integration_areas" ? reading.Review?.IntegrationAreasJson : reading.Review?.TargetGroupsJson;
                    cells.Add(string.Join("; ", PracticeListRow.Codes(json)));
                    if (labelled)
                    {
                        cells.Add(json is null ? "" : formatter.Format(question, json, language!));
                    }
                }
                var assessed = reading.Assessments.ToDictionary(a => a.Aspect, StringComparer.Ordinal);
                foreach (var aspect in aspects)
                {
                    assessed.TryGetValue(aspect.Id, out var row);
                    cells.AddRange([row?.InspiringElements ?? "", row?.RoomForImprovement ?? ""]);
                }
                await writer.WriteAsync(AppendRow(line.Clear(), cells), cancellationToken);
            }
        }
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>Per NUTS region: the practices and their counts by integration area (the researchers' categorisation where they made one).</summary>
    public async Task<IReadOnlyList<RegionSummary>> RegionSummaryAsync(IReadOnlyCollection<string> statuses, CancellationToken cancellationToken = default, bool publicOnly = false)
    {
        var practices = db.Practices.AsNoTracking();
        if (publicOnly)
        {
            practices = practices.WithValidConsent(db);
        }
        if (statuses.Count > 0)
        {
            practices = practices.Where(p => statuses.Contains(p.Status));
        }
        // One read, streamed: each practice with a region, its researchers' categorisation (left join), the contributor's
        // areas and groups (left joins on the answers' key) and whether it was assessed (one uncorrelated IN, read once).
        // The region is the practice's RegionCode (the region answer's code, kept by the triggers of migration
        // PracticeListKeys), so no answer is read for it. Before (session 44): five reads joined in dictionaries, three of
        // them a pass over the answers each. One grouped read of both answers instead of two joins was 4× slower on PostgreSQL.
        var reviews = db.PracticeReviews.AsNoTracking().Where(r => r.IntegrationAreasJson != null || r.TargetGroupsJson != null);
        var areaAnswers = db.Answers.AsNoTracking().Where(a => a.QuestionId == "integration_areas");
        var groupAnswers = db.Answers.AsNoTracking().Where(a => a.QuestionId == "target_groups");
        var assessedIds = db.PracticeAssessments.AsNoTracking().Where(a => a.InspiringElements != null || a.RoomForImprovement != null).Select(a => a.PracticeId);
        var query =
            from p in practices.Where(p => p.RegionCode != "")
            join r in reviews on p.Id equals r.PracticeId into rs
            from r in rs.DefaultIfEmpty()
            join a in areaAnswers on p.Id equals a.PracticeId into ars
            from a in ars.DefaultIfEmpty()
            join g in groupAnswers on p.Id equals g.PracticeId into grs
            from g in grs.DefaultIfEmpty()
            select new
            {
                Region = p.RegionCode,
                Categorised = r != null,
                ReviewAreas = r != null ? r.IntegrationAreasJson : null,
                ReviewGroups = r != null ? r.TargetGroupsJson : null,
                Areas = a != null ? a.ValueJson : null,
                Groups = g != null ? g.ValueJson : null,
                Assessed = assessedIds.Contains(p.Id),
            };
        // The same few JSON arrays come back again and again: each is parsed once.
        var parsed = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string[] CodesOf(string? json)
        {
            if (json is null)
            {
                return [];
            }
            if (!parsed.TryGetValue(json, out var codes))
            {
                parsed[json] = codes = PracticeListRow.Codes(json).Distinct().ToArray();
            }
            return codes;
        }
        var areaCodes = questionnaire.Questions.First(q => q.Id == "integration_areas").ChoiceList.Select(c => c.Code).ToList();
        var groupCodes = questionnaire.Questions.First(q => q.Id == "target_groups").ChoiceList.Select(c => c.Code).ToList();
        var summaries = new Dictionary<string, (int Count, Dictionary<string, int> Areas, string? Country, Dictionary<string, int> Groups, int Categorised, int Assessed)>(StringComparer.Ordinal);
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var code = row.Region;
            if (geo.RegionByCode(code) is null)
            {
                continue;
            }
            if (!summaries.TryGetValue(code, out var summary))
            {
                summary = (0, areaCodes.ToDictionary(c => c, _ => 0), geo.RegionByCode(code)!.Country, groupCodes.ToDictionary(c => c, _ => 0), 0, 0);
            }
            summary.Count++;
            summary.Categorised += row.Categorised ? 1 : 0;
            summary.Assessed += row.Assessed ? 1 : 0;
            foreach (var group in CodesOf(row.ReviewGroups ?? row.Groups))
            {
                summary.Groups[group] = summary.Groups.GetValueOrDefault(group) + 1;
            }
            foreach (var area in CodesOf(row.ReviewAreas ?? row.Areas))
            {
                summary.Areas[area] = summary.Areas.GetValueOrDefault(area) + 1;
            }
            summaries[code] = summary;
        }
        return summaries.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s =>
        {
            var region = geo.RegionByCode(s.Key)!;
            return new RegionSummary(s.Key, region.Name, region.Country, region.Level, s.Value.Count, s.Value.Areas)
            {
                TargetGroups = s.Value.Groups, Categorised = s.Value.Categorised, Assessed = s.Value.Assessed,
            };
        }).ToList();
    }

    /// <summary>{"generated": ..., "statuses": [...], "regions": {"ITF4": {"name", "country", "level", "practices", "integration_areas": {...}}}}</summary>
    public static void WriteRegionJson(Utf8JsonWriter writer, IReadOnlyList<RegionSummary> regions, IReadOnlyCollection<string> statuses, DateTimeOffset generated)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("generated", Iso(generated));
        writer.WriteStartArray("statuses");
        foreach (var status in statuses)
        {
            writer.WriteStringValue(status);
        }
        writer.WriteEndArray();
        writer.WriteStartObject("regions");
        foreach (var region in regions)
        {
            writer.WritePropertyName(region.Nuts);
            WriteRegionProperties(writer, region);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>A GeoJSON FeatureCollection, one feature per region with its NUTS code as id; the geometry is null (the map joins on the NUTS code with its own boundaries).</summary>
    public static void WriteRegionGeoJson(Utf8JsonWriter writer, IReadOnlyList<RegionSummary> regions)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WriteStartArray("features");
        foreach (var region in regions)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "Feature");
            writer.WriteString("id", region.Nuts);
            writer.WriteNull("geometry");
            writer.WritePropertyName("properties");
            WriteRegionProperties(writer, region, withCode: true);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteRegionProperties(Utf8JsonWriter writer, RegionSummary region, bool withCode = false)
    {
        writer.WriteStartObject();
        if (withCode)
        {
            writer.WriteString("nuts", region.Nuts);
        }
        writer.WriteString("name", region.Name);
        writer.WriteString("country", region.Country);
        writer.WriteNumber("level", region.Level);
        writer.WriteNumber("practices", region.Practices);
        writer.WriteStartObject("integration_areas");
        foreach (var (area, count) in region.IntegrationAreas)
        {
            writer.WriteNumber(area, count);
        }
        writer.WriteEndObject();
        writer.WriteStartObject("target_groups");
        foreach (var (group, count) in region.TargetGroups)
        {
            writer.WriteNumber(group, count);
        }
        writer.WriteEndObject();
        writer.WriteNumber("categorised", region.Categorised);
        writer.WriteNumber("assessed", region.Assessed);
        writer.WriteEndObject();
    }

    private async IAsyncEnumerable<(List<Practice> Practices, Dictionary<Guid, ResearchersReading> Readings)> BatchesAsync(IReadOnlyCollection<string> statuses, bool publicOnly, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = 0;
        var size = FirstBatchSize;
        while (true)
        {
            var query = db.Practices.AsNoTracking().Where(p => p.Number > after);
            if (statuses.Count > 0)
            {
                query = query.Where(p => statuses.Contains(p.Status));
            }
            if (publicOnly)
            {
                query = query.WithValidConsent(db);
            }
            // The batch's practices, then their answers, open flags and consent events, each one read by the batch's ids (the
            // same subquery), of only the columns the exports write: no answer's stamp and author, no resolved flag, and no
            // EF Core include fix-up of 15,000 answers a batch (Include + AsSplitQuery read every column of each).
            var ordered = query.OrderBy(p => p.Number).Take(size);
            var batch = await ordered.Select(p => new Practice
            {
                Id = p.Id, Number = p.Number, Status = p.Status, Language = p.Language, Channels = p.Channels,
                CreatedAt = p.CreatedAt, UpdatedAt = p.UpdatedAt, SubmittedAt = p.SubmittedAt,
            }).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                yield break;
            }
            var ids = ordered.Select(p => p.Id);
            var answers = (await db.Answers.AsNoTracking().Where(a => ids.Contains(a.PracticeId))
                .Select(a => new Answer { PracticeId = a.PracticeId, QuestionId = a.QuestionId, ValueJson = a.ValueJson, Original = a.Original, OtherText = a.OtherText, UpdatedBy = "" })
                .ToListAsync(cancellationToken)).ToLookup(a => a.PracticeId);
            var flags = (await db.Flags.AsNoTracking().Where(f => ids.Contains(f.PracticeId) && !f.Resolved).OrderBy(f => f.Id).ToListAsync(cancellationToken)).ToLookup(f => f.PracticeId);
            var consents = (await db.PracticeEvents.AsNoTracking().Where(e => ids.Contains(e.PracticeId) && e.Kind == Privacy.Consent.EventKind).ToListAsync(cancellationToken)).ToLookup(e => e.PracticeId);
            foreach (var practice in batch)
            {
                practice.Answers = [.. answers[practice.Id]];
                practice.Flags = [.. flags[practice.Id]];
                practice.Events = [.. consents[practice.Id]];
            }
            yield return (batch, await ReadingsAsync(batch, cancellationToken));
            after = batch[^1].Number;
            size = BatchSize;
        }
    }

    /// <summary>The researchers' reading of one practice (GET /api/practices/{id}), on <paramref name="db"/>; aspects in <paramref name="questionnaire"/>'s order.</summary>
    public static async Task<ResearchersReading> ReadingAsync(ReginDbContext db, QuestionnaireDefinition? questionnaire, Practice practice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(practice);
        return (await ReadingsAsync(db, questionnaire, [practice.Id], cancellationToken)).GetValueOrDefault(practice.Id, ResearchersReading.None);
    }

    private Task<Dictionary<Guid, ResearchersReading>> ReadingsAsync(List<Practice> batch, CancellationToken cancellationToken) =>
        ReadingsAsync(db, questionnaire, batch.Select(p => p.Id).ToList(), cancellationToken);

    // The researchers' categorisation and assessment of practices: two reads by the practices' ids (their keys).
    private static async Task<Dictionary<Guid, ResearchersReading>> ReadingsAsync(ReginDbContext db, QuestionnaireDefinition? questionnaire, List<Guid> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var reviews = await db.PracticeReviews.AsNoTracking().Where(r => ids.Contains(r.PracticeId) && (r.IntegrationAreasJson != null || r.TargetGroupsJson != null))
            .ToDictionaryAsync(r => r.PracticeId, cancellationToken);
        var order = (questionnaire?.AssessmentAspects ?? []).Select((a, i) => (a.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var assessments = (await db.PracticeAssessments.AsNoTracking().Where(a => ids.Contains(a.PracticeId)).ToListAsync(cancellationToken))
            .Where(a => !string.IsNullOrWhiteSpace(a.InspiringElements) || !string.IsNullOrWhiteSpace(a.RoomForImprovement))
            .ToLookup(a => a.PracticeId);
        var readings = new Dictionary<Guid, ResearchersReading>();
        foreach (var id in ids)
        {
            var review = reviews.GetValueOrDefault(id);
            var aspects = assessments[id].OrderBy(a => order.GetValueOrDefault(a.Aspect, int.MaxValue)).ThenBy(a => a.Aspect, StringComparer.Ordinal).ToList();
            if (review is not null || aspects.Count > 0)
            {
                readings[id] = new ResearchersReading(review, aspects);
            }
        }
        return readings;
    }

    private static bool HasLabel(Question question) => question.IsChoice || question.Type is QuestionType.Yesno or QuestionType.Country or QuestionType.Region;

    private static IReadOnlyList<string> Values(Answer answer)
    {
        if (answer.ValueJson is null)
        {
            return [];
        }
        // Most values are one JSON string with nothing escaped (a text, a code): its characters between the quotes, as the
        // parse below would give them, without a document for each of a batch's 15,000 answers.
        if (answer.ValueJson is ['"', .. var inner, '"'] && !inner.Contains('\\') && !inner.Contains('"'))
        {
            return [inner];
        }
        using var document = JsonDocument.Parse(answer.ValueJson);
        var root = document.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray().Select(Scalar).ToList(),
            _ => [Scalar(root)],
        };
    }

    private static string Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        _ => element.GetRawText(),
    };

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>Writes one CSV line (every cell quoted, formulas defused), ended by CRLF.</summary>
    public static async Task WriteRowAsync(StreamWriter writer, IEnumerable<string> cells)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(cells);
        await writer.WriteAsync(AppendRow(new StringBuilder(), cells));
    }

    // One CSV line into row: every cell quoted (quotes doubled) and spreadsheet formulas defused (a cell starting with
    // = + - @ tab or CR, not a number, is prefixed with '), then CRLF. The export reuses one builder for all its rows.
    private static StringBuilder AppendRow(StringBuilder row, IEnumerable<string> cells)
    {
        var first = true;
        foreach (var value in cells)
        {
            row.Append(first ? "\"" : ",\"");
            first = false;
            if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                row.Append('\'');
            }
            var rest = value.AsSpan();
            for (var quote = rest.IndexOf('"'); quote >= 0; quote = rest.IndexOf('"'))
            {
                row.Append(rest[..(quote + 1)]).Append('"');
                rest = rest[(quote + 1)..];
            }
            row.Append(rest).Append('"');
        }
        return row.Append("\r\n");
    }
}

/// <summary>What the map shows for one region.</summary>
/// <remarks>
/// Areas and target groups count the researchers' categorisation where they made one, else the contributor's answer;
/// <see cref="Categorised"/> and <see cref="Assessed"/> count the practices the researchers categorised and assessed.
/// </remarks>
public sealed record RegionSummary(string Nuts, string Name, string Country, int Level, int Practices, IReadOnlyDictionary<string, int> IntegrationAreas)
{
    public IReadOnlyDictionary<string, int> TargetGroups { get; init; } = new Dictionary<string, int>();
    public int Categorised { get; init; }
    public int Assessed { get; init; }
}
