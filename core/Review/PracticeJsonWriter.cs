using System.Globalization;
using System.Text.Json;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Review;

/// <summary>
/// Writes a practice in the JSON shape of api.md straight to a writer, copying each stored value as it is, so a
/// 10,000-practice export builds no document tree. The one writer of that shape: the API, the exports and the tests use it.
/// </summary>
public static class PracticeJsonWriter
{
    /// <summary>Letters of every language written as they are (no \u escapes); HTML-sensitive characters are still escaped.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    public static void Write(Utf8JsonWriter writer, Practice practice) => Write(writer, practice, null);

    /// <summary>
    /// As <see cref="Write(Utf8JsonWriter, Practice)"/>, with the researchers' reading after the flags: their
    /// categorisation (<c>"categorisation": {"integration_areas": [...], "target_groups": [...]}</c>, each null until they
    /// categorised) and the assessment on the 7 aspects (<c>"assessment": {"communication": {"inspiring_elements": ...,
    /// "room_for_improvement": ...}}</c>, the aspects they wrote on). Without <paramref name="reading"/> (the contributor's
    /// copy of her data) neither is written.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, Practice practice, ResearchersReading? reading)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(practice);
        writer.WriteStartObject();
        writer.WriteString("id", practice.Id.ToString());
        writer.WriteString("reference", practice.Reference);
        writer.WriteString("status", practice.Status);
        writer.WriteString("language", practice.Language);
        writer.WriteStartArray("channels");
        foreach (var channel in practice.ChannelList)
        {
            writer.WriteStringValue(channel);
        }
        writer.WriteEndArray();
        writer.WriteString("created", Iso(practice.CreatedAt));
        writer.WriteString("updated", Iso(practice.UpdatedAt));
        if (practice.SubmittedAt is { } submitted)
        {
            writer.WriteString("submitted", Iso(submitted));
        }
        else
        {
            writer.WriteNull("submitted");
        }
        // The consent on record (loaded with the practice's consent events; null when there is none).
        if (Regin.Core.Privacy.Consent.Latest(practice.Events) is { } consent)
        {
            writer.WriteStartObject("consent");
            writer.WriteBoolean("value", consent.Given);
            writer.WriteString("version", consent.Version);
            writer.WriteString("language", consent.Language);
            writer.WriteString("channel", consent.Channel);
            writer.WriteString("at", Iso(consent.At));
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("consent");
        }
        writer.WriteStartObject("answers");
        foreach (var answer in practice.Answers.OrderBy(a => a.QuestionId, StringComparer.Ordinal))
        {
            writer.WriteStartObject(answer.QuestionId);
            writer.WritePropertyName("value");
            if (answer.ValueJson is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteRawValue(answer.ValueJson);
            }
            writer.WriteString("original", answer.Original);
            if (answer.OtherText is not null)
            {
                writer.WriteString("other", answer.OtherText);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteStartArray("flags");
        foreach (var flag in practice.Flags.Where(f => !f.Resolved))
        {
            writer.WriteStartObject();
            writer.WriteString("question", flag.QuestionId);
            writer.WriteString("reason", flag.Reason);
            writer.WriteString("detail", flag.Detail);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (reading is not null)
        {
            writer.WriteStartObject("categorisation");
            WriteCodes(writer, "integration_areas", reading.Review?.IntegrationAreasJson);
            WriteCodes(writer, "target_groups", reading.Review?.TargetGroupsJson);
            writer.WriteEndObject();
            writer.WriteStartObject("assessment");
            foreach (var aspect in reading.Assessments)
            {
                writer.WriteStartObject(aspect.Aspect);
                writer.WriteString("inspiring_elements", aspect.InspiringElements);
                writer.WriteString("room_for_improvement", aspect.RoomForImprovement);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteCodes(Utf8JsonWriter writer, string name, string? json)
    {
        writer.WritePropertyName(name);
        if (json is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(json);
        }
    }

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

/// <summary>
/// The researchers' reading of one practice for the exports: their categorisation (null until they made one) and the
/// aspects of the assessment they wrote on, in the questionnaire's order of aspects.
/// </summary>
public sealed record ResearchersReading(PracticeReview? Review, IReadOnlyList<PracticeAssessment> Assessments)
{
    public static readonly ResearchersReading None = new(null, []);
}
