using Microsoft.Extensions.Options;

namespace Regin.Core.Reminders;

/// <summary>Settings of the reminders for stalled drafts (section "Reminders"), read by both hosts.</summary>
public sealed class ReminderOptions
{
    public const string SectionName = "Reminders";

    /// <summary>A draft without contributor activity for this long gets its first reminder.</summary>
    public TimeSpan FirstAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Then one every so long, up to <see cref="Max"/>.</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromDays(7);

    /// <summary>At most this many reminders between two activities of the contributor (0: none at all).</summary>
    public int Max { get; set; } = 2;

    /// <summary>"21:00-08:00": no reminder in this span of the contributor's local time; empty: any time.</summary>
    public string QuietHours { get; set; } = "21:00-08:00";

    /// <summary>The time zone of contributors whose own is not known (IANA id; Central European Time by default).</summary>
    public string DefaultTimeZone { get; set; } = "Europe/Brussels";

    /// <summary>How often the bot host looks for due reminders, in seconds (fractions allowed); 0: not from this host.</summary>
    public double PollSeconds { get; set; } = 60;

    public QuietHours Quiet => Reminders.QuietHours.Parse(QuietHours);

    public TimeZoneInfo DefaultZone => TimeZoneInfo.FindSystemTimeZoneById(DefaultTimeZone);
}

/// <summary>Refuses settings that would send reminders in a loop, never, or at the wrong hour, before the host starts.</summary>
public sealed class ReminderOptionsValidator : IValidateOptions<ReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.FirstAfter <= TimeSpan.Zero)
        {
            problems.Add($"Reminders:FirstAfter must be longer than zero (it is {options.FirstAfter}); e.g. 3.00:00:00 for three days.");
        }
        if (options.Every <= TimeSpan.Zero)
        {
            problems.Add($"Reminders:Every must be longer than zero (it is {options.Every}); e.g. 7.00:00:00 for a week.");
        }
        if (options.Max is < 0 or > 100)
        {
            problems.Add($"Reminders:Max must be between 0 and 100 (it is {options.Max}).");
        }
        if (options.PollSeconds < 0 || double.IsNaN(options.PollSeconds) || options.PollSeconds > 86400)
        {
            problems.Add($"Reminders:PollSeconds must be between 0 (off) and 86400 (it is {options.PollSeconds}).");
        }
        if (!Reminders.QuietHours.TryParse(options.QuietHours, out _))
        {
            problems.Add($"Reminders:QuietHours must be empty or a span of local time such as 21:00-08:00 (it is \"{options.QuietHours}\").");
        }
        try
        {
            _ = options.DefaultZone;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            problems.Add($"Reminders:DefaultTimeZone \"{options.DefaultTimeZone}\" is not a time zone of this machine (an IANA id such as Europe/Brussels).");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
