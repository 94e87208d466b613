using Regin.Bot.Extensions;
using Regin.Core.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddReginCore();
builder.AddReginApi();
builder.AddReginReview();

var app = builder.Build();
await app.Services.InitialiseReginAsync();

app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapReginApi();
app.MapReginReview();
if (await app.RunReginReviewCommandAsync(args)) return;

app.Run();

/// <summary>Visible to WebApplicationFactory in the functional tests.</summary>
public partial class Program;
