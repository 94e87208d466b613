using System.Globalization;

namespace Regin.Core.Reminders;

/// <summary>A span of local time without reminders ("21:00-08:00" runs over midnight); <see cref="None"/> when empty.</summary>
public readonly record struct QuietHours(TimeOnly From, TimeOnly To)
{
    public static QuietHours None => new(TimeOnly.MinValue, TimeOnly.MinValue);

    public bool IsNone => From == To;

    /// <summary>Whether <paramref name="utc"/> falls in the quiet span of <paramref name="zone"/>'s local time.</summary>
    public bool IsQuiet(DateTimeOffset utc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (IsNone)
        {
            return false;
        }
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, zone).DateTime);
        return From < To ? local >= From && local < To : local >= From || local < To;
    }

    public static QuietHours Parse(string? text) =>
        TryParse(text, out var hours) ? hours : throw new FormatException($"\"{text}\" is not a span of local time such as 21:00-08:00.");

    public static bool TryParse(string? text, out QuietHours hours)
    {
        hours = None;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !TimeOnly.TryParseExact(parts[0], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !TimeOnly.TryParseExact(parts[1], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
        {
            return false;
        }
        hours = new QuietHours(from, to);
        return true;
    }
}
