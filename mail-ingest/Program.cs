using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Regin.Core.Hosting;
using Regin.Core.Questionnaire;
using Regin.MailIngest.Commands;
using Regin.MailIngest.Hosting;
using Regin.MailIngest.Mailbox;
using Regin.MailIngest.Options;

// mail-ingest ingest PATH... | watch | send-notifications | template --lang LANG --format txt|docx -o FILE  (see api.md)
var command = args.FirstOrDefault();
var rest = args.Skip(1).ToArray();
if (command is not ("ingest" or "watch" or "send-notifications" or "template"))
{
    Console.Error.WriteLine("usage: mail-ingest ingest PATH... | watch | send-notifications | template --lang LANG --format txt|docx -o FILE");
    return 2;
}
var builder = Host.CreateApplicationBuilder(command == "watch" ? rest : []);
if (command != "watch")
{
    // A one-shot command's output is its result (a line per mail): metrics and traces are for the watcher, which runs.
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:Exporter"] = "None" });
}
builder.AddMailIngest();
if (command == "watch")
{
    builder.Services.AddHostedService<MailboxWatcher>();
    // SQLite's log copied into the database file beside the batch writer, not in its commits (as in the bot host).
    builder.Services.AddHostedService(sp => sp.GetRequiredService<Regin.Core.Persistence.Sqlite.SqliteCheckpointer>());
}
using var host = builder.Build();
try
{
    // The commands use the services without starting the host: its start-up checks (every ValidateOnStart) run here,
    // so a wrong setting stops every command, with the setting's name.
    host.Services.GetService<IStartupValidator>()?.Validate();
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine($"mail-ingest: wrong setting: {e.Message}");
    return 2;
}
if (command == "template")
{
    return await TemplateCommand.RunAsync(host.Services.GetRequiredService<QuestionnaireDefinition>(),
        host.Services.GetRequiredService<IOptions<ProjectMailboxOptions>>().Value.Mailbox, rest, Console.Out);
}
await host.Services.InitialiseReginAsync();
if (command == "ingest")
{
    if (rest.Length == 0)
    {
        Console.Error.WriteLine("usage: mail-ingest ingest PATH...");
        return 2;
    }
    return await IngestCommand.RunAsync(host.Services, rest, Console.Out);
}
if (command == "send-notifications")
{
    return await SendNotificationsCommand.RunAsync(host.Services, Console.Out);
}
if (string.IsNullOrWhiteSpace(host.Services.GetRequiredService<IOptions<ImapOptions>>().Value.Host))
{
    Console.Error.WriteLine("watch needs an IMAP server: set Mail__Imap__Host, Mail__Imap__Username and Mail__Imap__Password in the environment (keep the password out of the tracked appsettings.json).");
    return 2;
}
await host.RunAsync();
return 0;
