using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Tests.Review;

/// <summary>
/// The English sentences of the practice page with a label in the researcher's label language inside (session 51): the
/// 409 conflict text, the notice of what an edit was read as, the sent-back panel's "23. Budget: …". Each label carries
/// its own <c>lang</c> (review50 left them plain strings: a Greek label read with the English voice), and the
/// contributor's or a colleague's words in them stay encoded.
/// </summary>
public sealed partial class ResearchersWeek51Tests(ReviewApplication app) : IClassFixture<ReviewApplication>
{
    private QuestionnaireDefinition Questionnaire => app.Services.GetRequiredService<QuestionnaireDefinition>();

    private string Numbered(string questionId, string lang)
    {
        var index = Questionnaire.Questions.ToList().FindIndex(q => q.Id == questionId);
        return $"{index + 1}. <span lang=\"{lang}\">{Questionnaire.Questions[index].Label.In(lang)}</span>";
    }

    [Fact]
    public async Task A_stale_edit_is_refused_naming_the_colleagues_change_with_the_greek_label_marked_and_her_reason_encoded()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "el", change: p =>
            ReviewApplication.Set(p, "budget_eur", "1200000", "1.200.000 €"));
        var (mine, colleague, path, page, token) = await app.TwoResearchersAsync(practice, "el");
        await colleague.GetStringAsync(path + "?ui=en");
        var edited = await ReviewApplication.EditAnswerAsync(colleague, path, "budget_eur", "1.300.000 €", "<b>τηλέφωνο</b> με την περιφέρεια");
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);

        var response = await ReviewApplication.PostFormAsync(mine, path + "/answers/budget_eur", token,
            ("text", "1.250.000 €"), ("reason", "από το email"), ("version", ReviewApplication.Version(page)));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        var problem = Problem().Match(raw).Groups[1].Value;
        // Her colleague's reason is shown as text, never as markup.
        Assert.DoesNotContain("<b>", problem, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;", problem, StringComparison.Ordinal);
        var text = WebUtility.HtmlDecode(problem);
        Assert.Contains($"{ReviewApplication.AdminEmail} changed {Numbered("budget_eur", "el")} at", text, StringComparison.Ordinal);
        Assert.Contains($"{practice.Reference} was changed after you opened it", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_notice_of_what_an_edit_was_read_as_marks_the_greek_labels_and_keeps_what_she_typed_as_text()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "el", change: p =>
        {
            ReviewApplication.Set(p, "country", "\"GR\"");
            ReviewApplication.Set(p, "region", "\"EL30\"");
        });
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        await client.GetStringAsync(path + "?ui=el");
        // Typed in a hurry, in Latin letters.
        var edited = await ReviewApplication.EditAnswerAsync(client, path, "region", "kentriki makedonia", "τηλέφωνο");
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var text = WebUtility.HtmlDecode(WhatWasRead().Match(await client.GetStringAsync(edited.Headers.Location!.OriginalString)).Groups[1].Value);
        var region = Questionnaire.Questions.Single(q => q.Id == "region").Label.In("el");
        Assert.Contains($"<li><span lang=\"el\">{region}</span>: “<bdi>kentriki makedonia</bdi>”", text, StringComparison.Ordinal);
        Assert.Matches("was read as (a guess: )?<span lang=\"el\">Κεντρική Μακεδονία", text);

        // Dollars with markup pasted along: kept as typed, shown as text.
        edited = await ReviewApplication.EditAnswerAsync(client, path, "budget_eur", "USD <b>12,000</b>", "από το email");
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var notice = WhatWasRead().Match(await client.GetStringAsync(edited.Headers.Location!.OriginalString)).Groups[1].Value;
        Assert.DoesNotContain("<b>", notice, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;12,000", notice, StringComparison.Ordinal);
        Assert.Contains($"<span lang=\"el\">{Questionnaire.Questions.Single(q => q.Id == "budget_eur").Label.In("el")}</span>", WebUtility.HtmlDecode(notice), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sent_back_panel_names_each_changed_answer_by_its_number_and_its_greek_label_marked_el()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "el", channel: Channels.Chat, change: p =>
            ReviewApplication.Set(p, "budget_eur", "120000", "120.000 €"));
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        await client.GetStringAsync(path + "?ui=el");
        var requested = await ReviewApplication.PostFormAsync(client, path + "/request-changes", await ReviewApplication.TokenAsync(client, path),
            ("message", "Ο προϋπολογισμός φαίνεται χαμηλός."), ("version", ReviewApplication.Version(await client.GetStringAsync(path))));
        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        await app.ContributorSendsBackAsync(practice, "budget_eur", "1.300.000 €", "el");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(path));
        var panel = Regex.Match(page, "id=\"sent-back\">(.*?)</div>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"<li data-question=\"budget_eur\">{Numbered("budget_eur", "el")}: “<bdi>", panel, StringComparison.Ordinal);
    }

    [GeneratedRegex("id=\"problem\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex Problem();

    [GeneratedRegex("id=\"what-was-read\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex WhatWasRead();
}
