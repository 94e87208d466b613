using Microsoft.Extensions.Hosting;
using Regin.Core.Hosting;

// The mail ingester's commands (api.md) arrive with the mail issue; until then it only checks that the shared
// configuration, questionnaire and database are usable, so a broken set-up shows up here first.
var builder = Host.CreateApplicationBuilder(args);
builder.AddReginCore();
using var host = builder.Build();
await host.Services.InitialiseReginAsync();
Console.Error.WriteLine("usage: mail-ingest ingest PATH... | watch | template --lang LANG --format txt|docx -o FILE");
Console.Error.WriteLine("The commands are not available in this version yet; the database and questionnaire are ready.");
return 2;
