using Microsoft.Extensions.DependencyInjection;
using Regin.MailIngest.Notifications;
using Regin.MailIngest.Replies;

namespace Regin.MailIngest.Commands;

/// <summary>`send-notifications`: sends the pending e-mail notifications of the review screens once, and says how many went out.</summary>
public static class SendNotificationsCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        var smtp = services.GetRequiredService<SmtpReplySender>();
        if (!smtp.IsConfigured)
        {
            await Console.Error.WriteLineAsync("send-notifications needs an SMTP server: set Mail:Smtp:Host in appsettings.json or Mail__Smtp__Host. The notifications stay pending.");
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        var sent = await scope.ServiceProvider.GetRequiredService<NotificationMailSender>().SendPendingAsync(services.GetRequiredService<IReplySender>(), cancellationToken);
        var left = await scope.ServiceProvider.GetRequiredService<NotificationMailSender>().CountPendingAsync(cancellationToken);
        await output.WriteLineAsync($"{sent} notifications sent, {left} still pending.");
        return 0;
    }
}
