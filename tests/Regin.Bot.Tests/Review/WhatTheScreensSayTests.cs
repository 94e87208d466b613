using System.Net;
using System.Text.RegularExpressions;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.Review;

/// <summary>
/// What the review screens tell a researcher (session 40's day): what the normaliser made of her edit, the flag and
/// channel filters in words, the whole row of the list as the way into a practice. Both providers:
/// <see cref="WhatTheScreensSayTestsOnSqlite"/>, <see cref="WhatTheScreensSayTestsOnPostgreSql"/>.
/// </summary>
public abstract partial class WhatTheScreensSayTests<TApplication>(TApplication app) : IClassFixture<TApplication>
    where TApplication : ReviewApplication
{
    [Theory]
    // A region no region is called: kept as typed and flagged; on main only the flag showed, in the answers' table.
    [InlineData("es", "ES", "ES11", "region", "Atlantis", "Region: “Atlantis” is kept as typed, with no value read from it.", "Region: flagged, region not recognised (“Atlantis”).")]
    // A slip of typing read as its nearest region: a guess she is asked to check.
    [InlineData("it", "IT", "ITF4", "region", "Pugila", "Region: “Pugila” was read as a guess: Puglia [ITF4]. Check it", null)]
    // A month typed the way a German office writes it, read as a month.
    [InlineData("de", "DE", "DE21", "start_date", "03/2019", "Start date: “03/2019” was read as", null)]
    // Dollars in the euro question: kept as typed without a value, and flagged for the conversion.
    [InlineData("en", "IE", "IE06", "budget_eur", "USD 12,000", "Total budget in euro: “USD 12,000” is kept as typed, with no value read from it.", "Total budget in euro: flagged, amount not in euros (“USD”).")]
    public async Task After_an_edit_the_page_says_what_was_read_guessed_and_flagged(
        string language, string country, string region, string questionId, string typed, string said, string? flagged)
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: language, change: p =>
        {
            ReviewApplication.Set(p, "country", $"\"{country}\"");
            ReviewApplication.Set(p, "region", $"\"{region}\"");
            ReviewApplication.Set(p, "start_date", "\"2018-01\"", "2018");
            ReviewApplication.Set(p, "end_date", "\"ongoing\"", "ongoing");
        });
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        var page = await client.GetStringAsync(path);
        var edited = await ReviewApplication.PostFormAsync(client, path + "/answers/" + questionId, await ReviewApplication.TokenAsync(client, path),
            ("text", typed), ("reason", "checked with the contributor by phone"), ("version", ReviewApplication.Version(page)));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);

        var after = await client.GetStringAsync(edited.Headers.Location!.OriginalString);
        // (Each line's parts are marked: a label's language, what she typed in bdi, session 51.)
        var notice = WebUtility.HtmlDecode(Regex.Replace(WhatWasRead().Match(after).Groups[1].Value, "<[^>]+>", ""));
        Assert.Contains(said, notice, StringComparison.Ordinal);
        if (flagged is not null)
        {
            Assert.Contains(flagged, notice, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_notice_of_what_was_read_is_shown_only_when_this_host_wrote_it()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted);
        var client = await app.SignedInAsync();
        var page = await client.GetStringAsync($"/review/practices/{practice.Reference}?done=edited&read=" + Uri.EscapeDataString("Your account is locked: call +39 06 1234"));
        Assert.DoesNotContain("what-was-read", page, StringComparison.Ordinal);
        Assert.DoesNotContain("call +39", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_end_date_before_the_start_is_refused_with_both_dates_and_her_text_kept()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "fr", change: p =>
        {
            ReviewApplication.Set(p, "start_date", "\"2019-03\"", "mars 2019");
            ReviewApplication.Set(p, "end_date", "\"ongoing\"", "en cours");
        });
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        var page = await client.GetStringAsync(path);
        var refused = await ReviewApplication.PostFormAsync(client, path + "/answers/end_date", await ReviewApplication.TokenAsync(client, path),
            ("text", "12/2017"), ("reason", "the project ended"), ("version", ReviewApplication.Version(page)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("is before the start date", html, StringComparison.Ordinal);
        Assert.Contains(">12/2017</textarea>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_flag_and_channel_filters_and_the_list_name_their_codes_in_words()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, channel: Channels.Email, change: p =>
            p.Flags.Add(new Flag { QuestionId = "region", Reason = Regin.Core.Normalisation.FlagReasons.RegionUnknown, Detail = "Atlantis" }));
        var client = await app.SignedInAsync();
        var list = WebUtility.HtmlDecode(await client.GetStringAsync($"/review?flag=region_unknown&channel=email&size=200"));
        Assert.Contains("<option value=\"region_unknown\" selected>region not recognised</option>", list, StringComparison.Ordinal);
        Assert.Contains("<option value=\"email\" selected>E-mail</option>", list, StringComparison.Ordinal);
        // Every reason the intake flags is offered, the mail door's too (on main these two were missing).
        Assert.Contains("<option value=\"unverified_update\">unverified mail naming the practice</option>", list, StringComparison.Ordinal);
        Assert.Contains("<option value=\"mail_after_submission\">mail after submission</option>", list, StringComparison.Ordinal);
        Assert.DoesNotContain(">region_unknown<", list, StringComparison.Ordinal);
        var row = Row().Matches(list).Select(m => m.Value).Single(r => r.Contains($"data-reference=\"{practice.Reference}\"", StringComparison.Ordinal));
        Assert.Contains("<td>E-mail</td>", row, StringComparison.Ordinal);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/review/practices/{practice.Reference}"));
        Assert.Contains("region not recognised Atlantis", Regex.Replace(page, "<[^>]+>", ""), StringComparison.Ordinal);
        var dashboard = WebUtility.HtmlDecode(await client.GetStringAsync("/review/dashboard"));
        Assert.Contains("<option value=\"email\">E-mail</option>", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_row_of_the_list_leads_to_its_practice_and_its_link_is_described_by_the_title()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "sv", change: p =>
            ReviewApplication.Set(p, "title", "\"Hälsokommunikatörer i Skåne\"", "Hälsokommunikatörer i Skåne"));
        var client = await app.SignedInAsync();
        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/review?q=" + Uri.EscapeDataString("hälsokommunikatörer skåne")));
        var row = Row().Matches(list).Select(m => m.Value).Single(r => r.Contains($"data-reference=\"{practice.Reference}\"", StringComparison.Ordinal));
        Assert.Contains($"data-href=\"/review/practices/{practice.Reference}\"", row, StringComparison.Ordinal);
        var describedBy = Regex.Match(row, "<a href=\"/review/practices/[^\"]+\" aria-describedby=\"([^\"]+)\">").Groups[1].Value;
        Assert.Matches($"id=\"{describedBy}\">(<bdi( lang=\"sv\")?>)?Hälsokommunikatörer i Skåne", row);
    }

    [GeneratedRegex("id=\"what-was-read\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex WhatWasRead();

    [GeneratedRegex("<tr class=\"[^\"]*\" data-reference=.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();
}

public sealed class WhatTheScreensSayTestsOnSqlite(ReviewApplication app) : WhatTheScreensSayTests<ReviewApplication>(app);

public sealed class WhatTheScreensSayTestsOnPostgreSql(PostgreSqlReviewApplication app) : WhatTheScreensSayTests<PostgreSqlReviewApplication>(app);
