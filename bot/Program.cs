using Regin.Bot.Extensions;
using Regin.Bot.Privacy;
using Regin.Core.Hosting;

if (Regin.Bot.Chat.Teams.TeamsAppPackageCommand.TryRun(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddReginCore();
builder.AddReginHosting();
builder.AddReginApi();
builder.AddReginChat();
builder.AddReginReview();
builder.AddReginWebChat();
builder.AddReginPrivacy();

var app = builder.Build();
await app.Services.InitialiseReginAsync();

app.UseReginHosting();
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapReginApi();
app.MapReginChat();
app.MapReginReview();
app.MapReginWebChat();
app.MapReginPrivacy();
if (await app.RunReginReviewCommandAsync(args)) return;

app.Run();

/// <summary>Visible to WebApplicationFactory in the functional tests.</summary>
public partial class Program;
