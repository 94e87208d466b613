using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Regin.Core.Hosting;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Mailbox;
using Regin.MailIngest.Notifications;
using Regin.MailIngest.Options;
using Regin.MailIngest.Parsing;
using Regin.MailIngest.Replies;

namespace Regin.MailIngest.Hosting;

public static class MailIngestExtensions
{
    /// <summary>Core, the mail options, the parser, the processor, the outbox and the SMTP sender.</summary>
    public static IHostApplicationBuilder AddMailIngest(this IHostApplicationBuilder builder)
    {
        builder.AddReginCore();
        var services = builder.Services;
        TextDecoder.Register();
        services.AddOptions<MailboxOptions>().BindConfiguration(MailboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ImapOptions>().BindConfiguration(ImapOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.LeaseSeconds > o.PollSeconds, "Mail:Imap:LeaseSeconds must be longer than Mail:Imap:PollSeconds (the watcher renews its lease between waits).")
            .ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<QuestionCatalog>();
        services.AddSingleton<TemplateTextParser>();
        services.AddSingleton<DocxAnswerReader>();
        services.AddSingleton<OdtAnswerReader>();
        services.AddSingleton<MailContentReader>();
        services.AddSingleton<ProseAnswers>();
        services.AddSingleton<MailReader>();
        services.AddSingleton<MailAcceptor>();
        services.AddSingleton<MailBatchIngester>();
        services.TryAddSingleton<ReadingCpuClock>();
        services.AddSingleton<ReplyComposer>();
        services.AddSingleton<SmtpReplySender>();
        services.AddSingleton<IReplySender>(sp => sp.GetRequiredService<SmtpReplySender>());
        services.AddSingleton<ThreadTokens>();
        services.AddSingleton<ContributorDomains>();
        services.AddSingleton<ContributorNames>();
        services.AddSingleton<OutboxSendGate>();
        services.AddScoped<Outbox>();
        services.AddScoped<MailboxCursor>();
        services.AddScoped<MailProcessor>();
        services.AddScoped<PromiseDeadlines>();
        services.TryAddSingleton<Regin.Core.Conversation.Commands.CommandParser>();
        services.AddScoped<DataRightsMail>();
        services.AddScoped<NotificationMailSender>();
        return builder;
    }
}
