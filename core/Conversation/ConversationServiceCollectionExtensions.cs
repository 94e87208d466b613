using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Regin.Core.Conversation.Commands;

namespace Regin.Core.Conversation;

public static class ConversationServiceCollectionExtensions
{
    /// <summary>The conversation engine, its commands and its options (section "Chat"); channels add a renderer and an adapter.</summary>
    public static IServiceCollection AddReginConversation(this IServiceCollection services)
    {
        services.AddOptions<ConversationOptions>().BindConfiguration(ConversationOptions.SectionName)
            .Validate(o => o.WelcomeBackAfter > TimeSpan.Zero, "Chat:WelcomeBackAfter must be longer than zero.")
            .ValidateOnStart();
        services.AddSingleton<CommandParser>();
        services.AddSingleton<AnswerText>();
        services.TryAddSingleton<IAnswerCandidateFinder, NormaliserCandidates>();
        services.AddScoped<ConversationFlow>();
        services.AddScoped<LanguageSwitch>();
        services.AddScoped<AnswerRecorder>();
        services.AddScoped<ConfirmationResolver>();
        services.AddSingleton<CommandCatalog>();
        services.AddScoped<CommandRegistry>();
        services.AddScoped<ConversationEngine>();
        services.AddConversationCommand<HelpCommand>();
        services.AddConversationCommand<GlossaryCommand>();
        services.AddConversationCommand<SkipCommand>();
        services.AddConversationCommand<KeepCommand>();
        services.AddConversationCommand<BackCommand>();
        services.AddConversationCommand<ChangeCommand>();
        services.AddConversationCommand<SummaryCommand>();
        services.AddConversationCommand<PauseCommand>();
        services.AddConversationCommand<ContinueCommand>();
        services.AddConversationCommand<RestartCommand>();
        services.AddConversationCommand<SubmitCommand>();
        services.AddConversationCommand<LanguageCommand>();
        services.AddConversationCommand<EmailCommand>();
        services.AddConversationCommand<MyDataCommand>();
        services.AddConversationCommand<EraseMyDataCommand>();
        services.TryAddScoped<Privacy.ContributorData>();
        services.AddScoped<ContributorRightsChat>();
        services.TryAddScoped<Regin.Core.Reminders.DraftReminderStops>();
        services.AddConversationCommand<NoRemindersCommand>();
        return services;
    }

    /// <summary>Adds a command handler; its id must be in questionnaire.json's "commands" with words in every locale file.</summary>
    public static IServiceCollection AddConversationCommand<T>(this IServiceCollection services)
        where T : class, IConversationCommand
    {
        // Resolvable by its own type too, so a turn makes only the handler it needs (CommandCatalog).
        services.AddScoped<T>();
        services.AddScoped<IConversationCommand>(sp => sp.GetRequiredService<T>());
        return services;
    }
}
