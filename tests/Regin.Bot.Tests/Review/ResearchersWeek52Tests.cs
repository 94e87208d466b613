using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Tests.Review;

/// <summary>
/// Session 52: the list's notice after a bulk change is HTML built as the practice page's 409 text: the status and each
/// question label marked with the researcher's label language, a colleague's reason encoded and isolated. Both providers.
/// </summary>
public abstract partial class ResearchersWeek52Tests<TApplication>(TApplication app) : IClassFixture<TApplication>
    where TApplication : ReviewApplication
{
    [Fact]
    public async Task A_Greek_researchers_bulk_notice_marks_its_labels_Greek_and_shows_a_colleagues_reason_as_text()
    {
        // A budget the colleague's edit changes: the seeder draws 10,000 to 909,000 €, 450,000 among them (nothing would be
        // changed, and the bulk move would not be refused).
        var asked = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "el", change: p =>
            ReviewApplication.Set(p, "budget_eur", "120000", "120.000 €"));
        var untouched = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "el");
        var mine = await app.SignedInAsync();
        var colleague = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        // Her list in Greek labels, open while her colleague corrects a budget, with a reason pasted from a mail.
        var list = await mine.GetStringAsync("/review?ui=el&status=submitted&size=200");
        Assert.Contains($"data-reference=\"{asked.Reference}\"", list, StringComparison.Ordinal);
        var path = $"/review/practices/{asked.Reference}";
        var edited = await ReviewApplication.EditAnswerAsync(colleague, path, "budget_eur", "450.000 €", "<b>τηλέφωνο</b> με την Άννα 7/12");
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);

        var response = await ReviewApplication.PostFormAsync(mine, "/review/bulk-status", await ReviewApplication.TokenAsync(mine, "/review"),
            ("ids", asked.Id.ToString()), ("ids", untouched.Id.ToString()), ("status", PracticeStatus.Approved),
            ("v." + asked.Id, VersionOf(list, asked.Id)), ("v." + untouched.Id, VersionOf(list, untouched.Id)),
            ("seen", Regex.Match(list, "name=\"seen\" value=\"([0-9]+)\"").Groups[1].Value), ("back", "?status=submitted&size=200"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await mine.GetStringAsync(response.Headers.Location!.OriginalString);
        var notice = Notice().Match(page).Groups[1].Value;

        var questionnaire = app.Services.GetRequiredService<QuestionnaireDefinition>();
        var approved = questionnaire.Statuses.Single(s => s.Id == PracticeStatus.Approved).Label.In("el");
        var budget = questionnaire.Questions.ToList().FindIndex(q => q.Id == "budget_eur");
        var label = questionnaire.Questions[budget].Label.In("el");
        Assert.StartsWith($"1 of 2 moved to <span lang=\"el\">{approved}</span>. Not moved: {asked.Reference} was changed after the list was shown: ", notice, StringComparison.Ordinal);
        Assert.Contains($"{budget + 1}. <span lang=\"el\">{WebUtility.HtmlEncode(label)}</span>", notice, StringComparison.Ordinal);
        // Her colleague's reason: text, isolated, never markup.
        Assert.Contains("<bdi>&lt;b&gt;τηλέφωνο&lt;/b&gt; με την Άννα 7/12</bdi>", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", notice, StringComparison.Ordinal);

        // A notice sealed as text by the code before (another purpose) is not shown.
        var old = Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.Protect(
            app.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector("Regin.Review.ListNotice"),
            "2 of 2 moved to approved.");
        Assert.DoesNotContain("id=\"bulk-notice\"", await mine.GetStringAsync("/review?done=" + Uri.EscapeDataString(old)), StringComparison.Ordinal);
    }

    private static string VersionOf(string list, Guid id) =>
        WebUtility.HtmlDecode(Regex.Match(list, $"name=\"v\\.{id}\" value=\"([^\"]+)\"").Groups[1].Value);

    [GeneratedRegex("<p class=\"notice\" role=\"status\" id=\"bulk-notice\">(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex Notice();
}

public sealed class ResearchersWeek52TestsOnSqlite(ReviewApplication app) : ResearchersWeek52Tests<ReviewApplication>(app);

public sealed class ResearchersWeek52TestsOnPostgreSql(PostgreSqlReviewApplication app) : ResearchersWeek52Tests<PostgreSqlReviewApplication>(app);
