using System.Text.Json;
using MimeKit;
using Regin.Core.Intake;

namespace Regin.Core.Reminders;

/// <summary>
/// The contributor's time zone, read from what they sent us (kept as received in raw_inputs): Web Chat's
/// <c>localTimezone</c> (an IANA id) or the Teams <c>clientInfo</c> entity's <c>timezone</c> on a chat message; the
/// offset of a mail's Date header. Null when none is given or it is not a zone this machine knows.
/// </summary>
public static class ContributorTimeZone
{
    public static TimeZoneInfo? FromChatActivity(byte[] json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            if (root.TryGetProperty("localTimezone", out var local) && local.ValueKind == JsonValueKind.String && Find(local.GetString()) is { } zone)
            {
                return zone;
            }
            if (root.TryGetProperty("entities", out var entities) && entities.ValueKind == JsonValueKind.Array)
            {
                foreach (var entity in entities.EnumerateArray())
                {
                    if (entity.ValueKind == JsonValueKind.Object && entity.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                        && type.GetString() == "clientInfo" && entity.TryGetProperty("timezone", out var timezone) && timezone.ValueKind == JsonValueKind.String)
                    {
                        return Find(timezone.GetString());
                    }
                }
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    /// <summary>
    /// The UTC offset the contributor's mail program wrote in the Date header (a fixed offset: no summer time known). A
    /// header block over the mail door's bounds (<see cref="MailHeaderBounds"/>) is not parsed (session 53: the scheduler
    /// parsed a stored mail's whole header with no bound): no zone, the reminder goes at the default hour.
    /// </summary>
    public static TimeZoneInfo? FromMail(byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (MailHeaderBounds.Refusal(raw) is not null)
        {
            return null;
        }
        try
        {
            var headers = HeaderList.Load(new MemoryStream(raw, writable: false));
            if (headers[HeaderId.Date] is { } date && MimeKit.Utils.DateUtils.TryParse(date, out var sent))
            {
                var offset = sent.Offset;
                // "UTC+09:00": a TimeSpan format has no sign and no sections (the format "+hh\\:mm;-hh\\:mm" threw, which the
                // catch below took for a bad Date: no mail ever gave a zone until session 53).
                var id = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"UTC{(offset < TimeSpan.Zero ? '-' : '+')}{offset.Duration():hh\\:mm}");
                return TimeZoneInfo.CreateCustomTimeZone(id, offset, null, null);
            }
        }
        catch (FormatException)
        {
        }
        return null;
    }

    private static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return null;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
