using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Questionnaire;

namespace Regin.Core.Conversation.Commands;

/// <summary>
/// Which handler type answers which command id, learnt once from the registered handlers and checked once against the
/// questionnaire (<see cref="CommandRegistry.Problems"/>), so a turn resolves only the handler its message names.
/// </summary>
public sealed class CommandCatalog(QuestionnaireDefinition questionnaire)
{
    private readonly Lock _lock = new();
    private volatile bool _built;

    /// <summary>The handler types by command id, when every handler can be resolved by its own type; else null.</summary>
    public IReadOnlyDictionary<string, Type>? Types { get; private set; }

    /// <summary>
    /// Learns the handlers from <paramref name="services"/> (a scope) the first time; a problem with the questionnaire
    /// throws <see cref="QuestionnaireException"/> (every time, as nothing is learnt). False when the handlers cannot be
    /// resolved one by one (one registered without its own type): the registry then takes them all.
    /// </summary>
    public bool EnsureBuilt(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!_built)
        {
            lock (_lock)
            {
                if (!_built)
                {
                    var handlers = services.GetServices<IConversationCommand>().ToList();
                    var problems = CommandRegistry.Problems(handlers.Select(h => h.Name), questionnaire);
                    if (problems.Count > 0)
                    {
                        throw new QuestionnaireException("questionnaire.json (chat commands)", problems);
                    }
                    var byType = services.GetService<IServiceProviderIsService>();
                    Types = byType is not null && handlers.All(h => byType.IsService(h.GetType()))
                        ? handlers.ToDictionary(h => h.Name, h => h.GetType(), StringComparer.Ordinal)
                        : null;
                    _built = true;
                }
            }
        }
        return Types is not null;
    }
}
