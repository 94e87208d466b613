using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Regin.Core.Reminders;

public static class ReminderServiceCollectionExtensions
{
    /// <summary>The reminder settings (checked at start), the scheduler and the stop that both hosts use.</summary>
    public static IServiceCollection AddDraftReminders(this IServiceCollection services)
    {
        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReminderOptions>, ReminderOptionsValidator>();
        services.AddScoped<ReminderScheduler>();
        services.TryAddScoped<DraftReminderStops>();
        return services;
    }
}
