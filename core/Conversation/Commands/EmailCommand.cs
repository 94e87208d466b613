using Microsoft.Extensions.Options;
using Regin.Core.Hosting;

namespace Regin.Core.Conversation.Commands;

/// <summary>"e-mail": the mailbox and the links to the templates in the conversation's language.</summary>
public sealed class EmailCommand(ConversationFlow flow, IOptions<ConversationOptions> options, IOptions<ProjectMailboxOptions> mailbox) : IConversationCommand
{
    public string Name => CommandNames.Email;

    public Task RunAsync(Turn turn, CommandMatch command, CancellationToken cancellationToken)
    {
        var language = turn.Language;
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        turn.Say(flow.Text(ConversationMessageKeys.EmailRoute, language,
            ("mailbox", mailbox.Value.Mailbox),
            ("txt_url", $"{baseUrl}/templates/{language}.txt"),
            ("docx_url", $"{baseUrl}/templates/{language}.docx")));
        return Task.CompletedTask;
    }
}
