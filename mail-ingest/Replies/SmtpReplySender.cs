using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Regin.MailIngest.Options;

namespace Regin.MailIngest.Replies;

/// <summary>Sends replies through the SMTP server of "Mail:Smtp".</summary>
public sealed class SmtpReplySender(IOptions<SmtpOptions> options) : IReplySender
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Host);

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        if (!IsConfigured)
        {
            throw new InvalidOperationException("No SMTP server is configured (Mail:Smtp:Host).");
        }
        using var client = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        await client.ConnectAsync(settings.Host, settings.Port, Enum.Parse<SecureSocketOptions>(settings.Security, ignoreCase: true), cancellationToken);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            await client.AuthenticateAsync(settings.Username, settings.Password, cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }

    /// <summary>5xx (the recipient or the message refused), and mail that cannot be written; 4xx and network errors are retried.</summary>
    public bool IsPermanent(Exception error) =>
        error is SmtpCommandException { StatusCode: >= (SmtpStatusCode)500 } or ParseException or InvalidOperationException;
}
