using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Bot.Review;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;

namespace Regin.Bot.Tests.Review;

/// <summary>The list, the practice page and its actions (ReviewScreenEndpoints). Run on both providers: <see cref="ReviewScreenTestsOnSqlite"/>, <see cref="ReviewScreenTestsOnPostgreSql"/>.</summary>
public abstract class ReviewScreenTests<TApplication>(TApplication app) : IClassFixture<TApplication>
    where TApplication : ReviewApplication
{
    [Fact]
    public async Task Editing_an_answer_goes_through_normalisation_needs_a_reason_and_is_logged()
    {
        // A start the edit changes (the seeder may draw March 2021: nothing would be changed or logged).
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, change: p => ReviewApplication.Set(p, "start_date", "\"2019-01\"", "gennaio 2019"));
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        var page = await client.GetStringAsync(path);
        var token = await ReviewApplication.TokenAsync(client, path);

        var noReason = await ReviewApplication.PostFormAsync(client, path + "/answers/start_date", token, ("text", "marzo 2021"), ("reason", " "), ("version", ReviewApplication.Version(page)));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Say why", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var invalid = await ReviewApplication.PostFormAsync(client, path + "/answers/start_date", token, ("text", "31/02/2020"), ("reason", "typo"), ("version", ReviewApplication.Version(page)));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        var ok = await ReviewApplication.PostFormAsync(client, path + "/answers/start_date", token, ("text", "marzo 2021"), ("reason", "The contributor wrote the date in the mail body"), ("version", ReviewApplication.Version(page)));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var answer = await app.WithDbAsync(db => db.Answers.FirstAsync(a => a.PracticeId == practice.Id && a.QuestionId == "start_date"));
        Assert.Equal("\"2021-03\"", answer.ValueJson);
        Assert.Equal("marzo 2021", answer.Original);
        var logged = await app.WithDbAsync(db => db.PracticeEvents.SingleAsync(e => e.PracticeId == practice.Id && e.Kind == "answer_edited"));
        Assert.Equal("The contributor wrote the date in the mail body", logged.Reason);
        Assert.Equal("researcher:" + ReviewApplication.ResearcherEmail, logged.Actor);
        Assert.Equal("start_date", logged.QuestionId);
        var after = await client.GetStringAsync(path);
        Assert.Contains("The contributor wrote the date in the mail body", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_moves_submitted_needs_changes_approved_and_back()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted);
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        foreach (var status in new[] { PracticeStatus.NeedsChanges, PracticeStatus.Approved, PracticeStatus.Submitted, PracticeStatus.Rejected, PracticeStatus.Submitted })
        {
            var page = await client.GetStringAsync(path);
            var response = await ReviewApplication.PostFormAsync(client, path + "/status", await ReviewApplication.TokenAsync(client, path), ("status", status), ("reason", "step " + status), ("version", ReviewApplication.Version(page)));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(status, await app.WithDbAsync(db => db.Practices.Where(p => p.Id == practice.Id).Select(p => p.Status).FirstAsync()));
        }
        var draft = await app.NewPracticeAsync(PracticeStatus.Draft);
        var draftPath = $"/review/practices/{draft.Reference}";
        var draftPage = await client.GetStringAsync(draftPath);
        var refused = await ReviewApplication.PostFormAsync(client, draftPath + "/status", await ReviewApplication.TokenAsync(client, draftPath), ("status", PracticeStatus.Approved), ("version", ReviewApplication.Version(draftPage)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("can go to", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var events = await app.WithDbAsync(db => db.PracticeEvents.Where(e => e.PracticeId == practice.Id && e.Kind == "status_changed").CountAsync());
        Assert.Equal(5, events);
    }

    [Theory]
    [InlineData(Channels.Email, "email")]
    [InlineData(Channels.Chat, "webchat")]
    public async Task Requesting_changes_queues_the_message_for_the_contributors_channel_in_their_language(string channel, string expectedChannel)
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, language: "el", channel: channel);
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        var page = await client.GetStringAsync(path);
        var response = await ReviewApplication.PostFormAsync(client, path + "/request-changes", await ReviewApplication.TokenAsync(client, path),
            ("message", "Please add the budget and the results so far."), ("version", ReviewApplication.Version(page)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var notification = await app.WithDbAsync(db => db.ContributorNotifications.SingleAsync(n => n.PracticeId == practice.Id));
        Assert.Equal(expectedChannel, notification.Channel);
        Assert.Equal("el", notification.Language);
        Assert.Equal("changes_requested", notification.Kind);
        Assert.Equal(ContributorNotificationStates.Pending, notification.State);
        Assert.Equal("Please add the budget and the results so far.", notification.Message);
        Assert.Contains("Please add the budget and the results so far.", notification.Text, StringComparison.Ordinal);
        Assert.StartsWith("Η ομάδα του REGIN", notification.Text, StringComparison.Ordinal);
        Assert.Contains(practice.Reference, notification.Subject, StringComparison.Ordinal);
        if (channel == Channels.Email)
        {
            Assert.Equal(practice.ContributorEmail, notification.Recipient);
        }
        Assert.Equal(PracticeStatus.NeedsChanges, await app.WithDbAsync(db => db.Practices.Where(p => p.Id == practice.Id).Select(p => p.Status).FirstAsync()));
        Assert.True(await app.WithDbAsync(db => db.PracticeEvents.AnyAsync(e => e.PracticeId == practice.Id && e.Kind == "changes_requested")));
    }

    [Fact]
    public async Task A_concurrent_edit_is_refused_and_explained_not_lost()
    {
        // A count the first edit changes (the seeder draws 20 to 5,019: 120 among them, and an unchanged edit leaves the
        // version as it was, so the stale one would go through).
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, change: p => ReviewApplication.Set(p, "beneficiaries_count", "45", "45"));
        var alice = await app.SignedInAsync();
        var bob = await app.SignedInAsync(ReviewApplication.AdminEmail, ReviewApplication.AdminPassword);
        var path = $"/review/practices/{practice.Reference}";
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);

        var first = await ReviewApplication.PostFormAsync(bob, path + "/answers/beneficiaries_count", await ReviewApplication.TokenAsync(bob, path),
            ("text", "120"), ("reason", "Figure from the annual report"), ("version", ReviewApplication.Version(bobPage)));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var stale = await ReviewApplication.PostFormAsync(alice, path + "/answers/beneficiaries_count", await ReviewApplication.TokenAsync(alice, path),
            ("text", "300"), ("reason", "Phone call"), ("version", ReviewApplication.Version(alicePage)));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var html = await stale.Content.ReadAsStringAsync();
        Assert.Contains("was changed after you opened it", html, StringComparison.Ordinal);
        Assert.Contains(ReviewApplication.AdminEmail, html, StringComparison.Ordinal);
        Assert.Contains("not saved", html, StringComparison.Ordinal);
        Assert.Equal("120", await app.WithDbAsync(db => db.Answers.Where(a => a.PracticeId == practice.Id && a.QuestionId == "beneficiaries_count").Select(a => a.ValueJson).FirstAsync()));

        // With the fresh version the same change goes through.
        var retry = await ReviewApplication.PostFormAsync(alice, path + "/answers/beneficiaries_count", await ReviewApplication.TokenAsync(alice, path),
            ("text", "300"), ("reason", "Phone call"), ("version", ReviewApplication.Version(html)));
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
    }

    [Fact]
    public async Task Contributor_html_is_encoded_on_the_list_and_the_practice_page()
    {
        const string payload = "<script>alert('xss')</script><img src=x onerror=alert(1)>";
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, change: p =>
        {
            ReviewApplication.Set(p, "title", System.Text.Json.JsonSerializer.Serialize(payload), payload);
            ReviewApplication.Set(p, "description", null, payload);
        });
        await app.WithDbAsync(async db =>
        {
            db.RawInputs.Add(new RawInput { PracticeId = practice.Id, Channel = "email", DedupKey = Guid.NewGuid().ToString(), ContentType = "message/rfc822", Content = System.Text.Encoding.UTF8.GetBytes("Subject: x\r\n\r\n" + payload) });
            var activity = new JsonObject { ["type"] = "message", ["text"] = payload, ["from"] = new JsonObject { ["id"] = "u1", ["name"] = "<b>Maria</b>" }, ["timestamp"] = "2026-11-26T10:00:00Z" };
            db.RawInputs.Add(new RawInput { PracticeId = practice.Id, Channel = "webchat", DedupKey = Guid.NewGuid().ToString(), ConversationId = "conv-1", ContentType = "application/json", Content = System.Text.Encoding.UTF8.GetBytes(activity.ToJsonString()) });
            return await db.SaveChangesAsync();
        });
        var client = await app.SignedInAsync();
        var list = await client.GetAsync("/review?q=" + Uri.EscapeDataString("<script>"));
        var page = await client.GetAsync($"/review/practices/{practice.Reference}");
        var pageHtml = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"transcript\"", pageHtml, StringComparison.Ordinal);
        // The transcript names the sender by id, not by the name the client chose (security review L4).
        var transcript = System.Text.RegularExpressions.Regex.Match(pageHtml, "<table id=\"transcript\">.*?</table>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.DoesNotContain("Maria", transcript, StringComparison.Ordinal);
        Assert.Contains("<bdi>u1</bdi>", transcript, StringComparison.Ordinal);
        Assert.Contains("Subject: x", pageHtml, StringComparison.Ordinal);
        foreach (var response in new[] { list, page })
        {
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;", html, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bidi_overrides_and_invisible_characters_in_what_a_contributor_sent_are_shown_as_marks_and_cannot_reorder_the_page()
    {
        // "\u202Eexe.txt" shows as "txt.exe"; a zero-width space hides inside a word; the soft hyphen is harmless and stays.
        var title = "Report\u202Eexe.txt\u202C " + Guid.NewGuid().ToString("N")[..8];
        const string words = "in\u200Bvisible \u2066isolated\u2069 \uFEFFmark Silben\u00ADtrennung";
        var activity = new JsonObject
        {
            ["type"] = "message", ["text"] = "my title: \u202Eexe.txt", ["timestamp"] = "2026-11-26T10:00:00Z",
            ["from"] = new JsonObject { ["id"] = "webchat-user-7f3a", ["name"] = "REGIN researcher" },
        };
        var activityBytes = System.Text.Encoding.UTF8.GetBytes(activity.ToJsonString());
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, channel: "webchat", change: p =>
        {
            ReviewApplication.Set(p, "title", System.Text.Json.JsonSerializer.Serialize(title), title);
            ReviewApplication.Set(p, "description", null, words);
        });
        await app.WithDbAsync(db =>
        {
            db.RawInputs.Add(new RawInput { PracticeId = practice.Id, Channel = "webchat", DedupKey = Guid.NewGuid().ToString(), ConversationId = "conv-l4", ContentType = "application/json", Content = activityBytes });
            return db.SaveChangesAsync();
        });
        var client = await app.SignedInAsync();
        var page = await client.GetStringAsync($"/review/practices/{practice.Reference}");
        var list = await client.GetStringAsync("/review?q=" + Uri.EscapeDataString(title[^8..]));
        Assert.Contains(practice.Reference, list, StringComparison.Ordinal);
        const string rlo = "<span class=\"invisible\" title=\"An invisible character was here\">&lt;U+202E&gt;</span>";
        foreach (var html in new[] { page, list })
        {
            // Isolated in its bdi, which says the practice's language (review50).
            Assert.Matches("<bdi( lang=\"[a-z]{2}\")?>" + System.Text.RegularExpressions.Regex.Escape($"Report{rlo}exe.txt<span class=\"invisible\" title=\"An invisible character was here\">&lt;U+202C&gt;</span> "), html);
            // Outside the edit boxes (which hold the words as stored, to be edited), no such character is sent, raw or as an entity.
            var shown = System.Text.RegularExpressions.Regex.Replace(html, "<textarea[^>]*>[^<]*</textarea>", "");
            foreach (var invisible in new[] { '\u202E', '\u202C', '\u200B', '\u2066', '\u2069', '\uFEFF' })
            {
                Assert.DoesNotContain(invisible.ToString(), shown, StringComparison.Ordinal);
                Assert.DoesNotContain($"&#x{(int)invisible:X};", shown, StringComparison.OrdinalIgnoreCase);
            }
        }
        Assert.Contains("in<span class=\"invisible\" title=\"An invisible character was here\">&lt;U+200B&gt;</span>visible", page, StringComparison.Ordinal);
        Assert.Contains("&lt;U+2066&gt;</span>isolated<span class=\"invisible\" title=\"An invisible character was here\">&lt;U+2069&gt;", page, StringComparison.Ordinal);
        Assert.Contains("&lt;U+FEFF&gt;</span>mark", page, StringComparison.Ordinal);
        Assert.DoesNotContain("U+00AD", page, StringComparison.Ordinal);
        // The transcript: the line shows its marks, and its sender by channel and id, never the name the client chose.
        Assert.Matches("<td class=\"code\"><bdi>webchat-user-7f3a</bdi></td><td class=\"value\"><bdi( lang=\"[a-z]{2}\")?>" + System.Text.RegularExpressions.Regex.Escape($"my title: {rlo}exe.txt</bdi></td>"), page);
        Assert.DoesNotContain("REGIN researcher", System.Text.RegularExpressions.Regex.Match(page, "<table id=\"transcript\">.*?</table>", System.Text.RegularExpressions.RegexOptions.Singleline).Value, StringComparison.Ordinal);
        // What was stored is kept as it came.
        Assert.Equal(activityBytes, await app.WithDbAsync(db => db.RawInputs.Where(r => r.ConversationId == "conv-l4" && r.PracticeId == practice.Id).Select(r => r.Content).SingleAsync()));
        Assert.Equal(words, await app.WithDbAsync(db => db.Answers.Where(a => a.PracticeId == practice.Id && a.QuestionId == "description").Select(a => a.Original).SingleAsync()));
    }

    [Fact]
    public async Task The_list_filters_searches_sorts_and_pages()
    {
        var client = await app.SignedInAsync();
        var practice = await app.NewPracticeAsync(PracticeStatus.Approved, language: "sv", change: p =>
        {
            ReviewApplication.Set(p, "title", "\"Hälsokommunikatörer i Skåne\"", "Hälsokommunikatörer i Skåne");
            ReviewApplication.Set(p, "country", "\"SE\"");
            ReviewApplication.Set(p, "region", "\"SE22\"");
            ReviewApplication.Set(p, "integration_areas", "[\"health\",\"language\"]");
        });
        var found = await client.GetStringAsync("/review?q=" + Uri.EscapeDataString("hälsokommunikatörer"));
        Assert.Contains(practice.Reference, found, StringComparison.Ordinal);
        var filtered = await client.GetStringAsync("/review?status=approved&country=SE&region=SE22&area=health&language=sv&channel=email&size=200");
        Assert.Contains(practice.Reference, filtered, StringComparison.Ordinal);
        var other = await client.GetStringAsync("/review?status=approved&country=SE&area=housing&language=sv&q=" + Uri.EscapeDataString("Hälsokommunikatörer"));
        Assert.DoesNotContain(practice.Reference, other, StringComparison.Ordinal);
        var paged = await client.GetStringAsync("/review?size=25&page=2&sort=title&dir=desc");
        Assert.Contains("Page 2 of", paged, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/review?sort=updated&dir=desc&flag=any")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/review?sort=country&group=women&flag=currency_not_euro")).StatusCode);
    }

    [Fact]
    public async Task Bulk_status_change_moves_the_selected_practices_and_reports_the_others()
    {
        var a = await app.NewPracticeAsync(PracticeStatus.Submitted);
        var b = await app.NewPracticeAsync(PracticeStatus.Submitted);
        var c = await app.NewPracticeAsync(PracticeStatus.Draft);
        var client = await app.SignedInAsync();
        var token = await ReviewApplication.TokenAsync(client, "/review");
        var response = await ReviewApplication.PostFormAsync(client, "/review/bulk-status", token,
            ("ids", a.Id.ToString()), ("ids", b.Id.ToString()), ("ids", c.Id.ToString()), ("status", PracticeStatus.Approved), ("back", "?status=submitted"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // The notice travels sealed in the redirect and is shown on the list it leads to.
        var location = response.Headers.Location!.OriginalString;
        Assert.DoesNotContain("of%203", location.Replace("+", "%20", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains($"2 of 3 moved to Approved.", await client.GetStringAsync(location), StringComparison.Ordinal);
        var statuses = await app.WithDbAsync(db => db.Practices.Where(p => p.Id == a.Id || p.Id == b.Id || p.Id == c.Id).Select(p => p.Status).ToListAsync());
        Assert.Equal(2, statuses.Count(s => s == PracticeStatus.Approved));
        Assert.Single(statuses, PracticeStatus.Draft);
    }

    [Fact]
    public async Task A_notice_typed_into_the_list_address_is_never_shown()
    {
        var client = await app.SignedInAsync();
        var page = await client.GetStringAsync("/review?done=" + Uri.EscapeDataString("Your session expired: sign in again at https://regin-review.example \"><b>x</b>"));
        Assert.DoesNotContain("class=\"notice\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>x</b>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bulk_status_change_can_take_every_practice_the_filters_select()
    {
        var marker = "Bulk-" + Guid.NewGuid().ToString("N")[..8];
        var a = await app.NewPracticeAsync(PracticeStatus.Submitted, change: p => ReviewApplication.Set(p, "title", null, marker + " one"));
        var b = await app.NewPracticeAsync(PracticeStatus.Submitted, change: p => ReviewApplication.Set(p, "title", null, marker + " two"));
        var client = await app.SignedInAsync();
        var token = await ReviewApplication.TokenAsync(client, "/review");
        var response = await ReviewApplication.PostFormAsync(client, "/review/bulk-status", token,
            ("scope", "all"), ("status", PracticeStatus.Rejected), ("reason", "test data"), ("back", "?q=" + marker + "&status=submitted"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var statuses = await app.WithDbAsync(db => db.Practices.Where(p => p.Id == a.Id || p.Id == b.Id).Select(p => p.Status).ToListAsync());
        Assert.All(statuses, s => Assert.Equal(PracticeStatus.Rejected, s));
        Assert.Equal(2, await app.WithDbAsync(db => db.PracticeEvents.CountAsync(e => e.Kind == "status_changed" && e.Reason == "test data")));
    }

    [Fact]
    public async Task A_bulk_change_of_more_practices_than_the_cap_changes_none()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted);
        var client = await app.SignedInAsync();
        var token = await ReviewApplication.TokenAsync(client, "/review");
        var ids = Enumerable.Range(0, ReviewScreenEndpoints.MaxBulkChange).Select(_ => ("ids", Guid.NewGuid().ToString())).Append(("ids", practice.Id.ToString()));
        var response = await ReviewApplication.PostFormAsync(client, "/review/bulk-status", token,
            [.. ids, ("status", PracticeStatus.Rejected), ("reason", "too many"), ("back", "?")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains($"at most {ReviewScreenEndpoints.MaxBulkChange} change at once", await client.GetStringAsync(response.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.Equal(PracticeStatus.Submitted, await app.WithDbAsync(db => db.Practices.Where(p => p.Id == practice.Id).Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_raw_input_larger_than_the_display_limit_is_cut_by_the_database_and_a_small_one_is_shown_whole()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted);
        var tail = "TAIL-" + Guid.NewGuid().ToString("N");
        var large = "Subject: large\r\n\r\n" + new string('a', Regin.Core.Review.ReviewQueries.MaxRawInputChars) + tail;
        var small = "Subject: small\r\n\r\nsmall body " + tail;
        await app.WithDbAsync(db =>
        {
            db.RawInputs.Add(new RawInput { PracticeId = practice.Id, Channel = "email", DedupKey = Guid.NewGuid().ToString(), ContentType = "message/rfc822", Content = System.Text.Encoding.UTF8.GetBytes(large) });
            db.RawInputs.Add(new RawInput { PracticeId = practice.Id, Channel = "email", DedupKey = Guid.NewGuid().ToString(), ContentType = "message/rfc822", Content = System.Text.Encoding.UTF8.GetBytes(small) });
            return db.SaveChangesAsync();
        });
        var client = await app.SignedInAsync();
        var page = await client.GetStringAsync($"/review/practices/{practice.Reference}");
        Assert.Contains("small body " + tail, page, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, tail));
        Assert.Contains(Html.Encode(new string('a', 1000) + "\n[… cut for display]"), page, StringComparison.Ordinal);
        var details = await app.WithDbAsync(async db => await new Regin.Core.Review.ReviewQueries(db).GetAsync(practice.Id));
        var cut = details!.RawInputs.Single(r => r.Text.StartsWith("Subject: large", StringComparison.Ordinal));
        Assert.Equal(Regin.Core.Review.ReviewQueries.MaxRawInputChars + "\n[… cut for display]".Length, cut.Text.Length);
    }

    [Fact]
    public async Task The_assessment_and_the_researchers_categorisation_are_saved()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted);
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        var page = await client.GetStringAsync(path);
        var response = await ReviewApplication.PostFormAsync(client, path + "/assessment", await ReviewApplication.TokenAsync(client, path),
            ("version", ReviewApplication.Version(page)), ("categorised", "true"),
            ("inspiring_communication", "Peer communicators speak the participants' languages."), ("improvement_communication", "No written material."),
            ("inspiring_sustainability", "Now in the regional budget."),
            ("area", "health"), ("area", "language"), ("group", "women"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var rows = await app.WithDbAsync(db => db.PracticeAssessments.Where(x => x.PracticeId == practice.Id).OrderBy(x => x.Aspect).ToListAsync());
        Assert.Equal(["communication", "sustainability"], rows.Select(r => r.Aspect));
        Assert.Equal("No written material.", rows[0].RoomForImprovement);
        var review = await app.WithDbAsync(db => db.PracticeReviews.SingleAsync(r => r.PracticeId == practice.Id));
        Assert.Equal("[\"language\",\"health\"]", review.IntegrationAreasJson);
        Assert.Equal("[\"women\"]", review.TargetGroupsJson);
        var unknown = await ReviewApplication.PostFormAsync(client, path + "/assessment", await ReviewApplication.TokenAsync(client, path),
            ("version", ReviewApplication.Version(await client.GetStringAsync(path))), ("categorised", "true"), ("area", "astrology"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task A_researcher_closes_a_flag_with_a_reason()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, change: p =>
            p.Flags.Add(new Flag { QuestionId = "region", Reason = "region_unknown", Detail = "Bari" }));
        var flagId = await app.WithDbAsync(db => db.Flags.Where(f => f.PracticeId == practice.Id && f.Reason == "region_unknown").Select(f => f.Id).FirstAsync());
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        var response = await ReviewApplication.PostFormAsync(client, $"{path}/flags/{flagId}/resolve", await ReviewApplication.TokenAsync(client, path), ("reason", "Bari is in Puglia, ITF4"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Flags.Where(f => f.Id == flagId).Select(f => f.Resolved).FirstAsync()));
        Assert.True(await app.WithDbAsync(db => db.PracticeEvents.AnyAsync(e => e.PracticeId == practice.Id && e.Kind == "flag_resolved" && e.Reason == "Bari is in Puglia, ITF4")));
    }

    private const string HeldEvidence = "mail #12 from giulia.rossi@comune-torino.example (no_authentication_results) in this practice's thread, 2026-12-06";

    [Fact]
    public async Task A_researcher_accepts_a_held_change_and_exactly_its_text_is_recorded_with_the_evidence_in_the_log()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Draft, change: p =>
        {
            p.Flags.Add(new Flag { QuestionId = "contact_phone", Reason = Regin.Core.Normalisation.FlagReasons.ChangeHeld, Detail = new Regin.Core.Normalisation.HeldChange(HeldEvidence, "+39 333 123 4567 (cellulare)").Detail });
            p.Flags.Add(new Flag { QuestionId = "region", Reason = "region_unknown", Detail = "Bari" });
        });
        var flags = await app.WithDbAsync(db => db.Flags.Where(f => f.PracticeId == practice.Id).ToListAsync());
        var held = flags.Single(f => f.Reason == "change_held");
        var other = flags.Single(f => f.Reason == "region_unknown");
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        var page = await client.GetStringAsync(path);
        // Shown beside its question with the evidence and the words proposed, with the two actions.
        Assert.Contains($"action=\"{path}/flags/{held.Id}/accept\"", page, StringComparison.Ordinal);
        Assert.Contains($"action=\"{path}/flags/{held.Id}/reject\"", page, StringComparison.Ordinal);
        var shown = WebUtility.HtmlDecode(page);
        Assert.Contains("+39 333 123 4567 (cellulare)", shown, StringComparison.Ordinal);
        Assert.Contains("giulia.rossi@comune-torino.example (no_authentication_results)", shown, StringComparison.Ordinal);

        // Another flag is not a held change: refused, nothing changes.
        var refused = await ReviewApplication.PostFormAsync(client, $"{path}/flags/{other.Id}/accept", await ReviewApplication.TokenAsync(client, path), ("reason", "ok"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("holds no proposed change", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var response = await ReviewApplication.PostFormAsync(client, $"{path}/flags/{held.Id}/accept", await ReviewApplication.TokenAsync(client, path), ("reason", "confirmed by phone with Giulia"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var answer = await app.WithDbAsync(db => db.Answers.SingleAsync(a => a.PracticeId == practice.Id && a.QuestionId == "contact_phone"));
        Assert.Equal("+39 333 123 4567 (cellulare)", answer.Original);
        Assert.Equal("researcher:" + ReviewApplication.ResearcherEmail, answer.UpdatedBy);
        Assert.True(await app.WithDbAsync(db => db.Flags.Where(f => f.Id == held.Id).Select(f => f.Resolved).FirstAsync()));
        Assert.False(await app.WithDbAsync(db => db.Flags.Where(f => f.Id == other.Id).Select(f => f.Resolved).FirstAsync()));
        var events = await app.WithDbAsync(db => db.PracticeEvents.Where(e => e.PracticeId == practice.Id).ToListAsync());
        var accepted = Assert.Single(events, e => e.Kind == PracticeEditor.HeldChangeAccepted);
        Assert.Equal("contact_phone", accepted.QuestionId);
        Assert.Contains(HeldEvidence, accepted.OldValue, StringComparison.Ordinal);
        Assert.Equal("confirmed by phone with Giulia", accepted.Reason);
        Assert.Equal("researcher:" + ReviewApplication.ResearcherEmail, accepted.Actor);
        var edited = Assert.Single(events, e => e.Kind == "answer_edited" && e.QuestionId == "contact_phone");
        Assert.Equal($"held change accepted: {HeldEvidence}; confirmed by phone with Giulia", edited.Reason);
        Assert.Contains(ReviewPracticeScreen.Notices["accepted"], WebUtility.HtmlDecode(await client.GetStringAsync(response.Headers.Location!.ToString())), StringComparison.Ordinal);

        // Closed: a second accept is refused.
        var again = await ReviewApplication.PostFormAsync(client, $"{path}/flags/{held.Id}/accept", await ReviewApplication.TokenAsync(client, path), ("reason", "again"));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task A_researcher_rejects_a_held_change_and_the_answer_stays_with_the_refusal_in_the_log()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Draft, change: p =>
            p.Flags.Add(new Flag { QuestionId = "title", Reason = Regin.Core.Normalisation.FlagReasons.ChangeHeld, Detail = new Regin.Core.Normalisation.HeldChange(HeldEvidence, "Consulenza legale gratuita (nuovo titolo)").Detail }));
        var title = await app.WithDbAsync(db => db.Answers.Where(a => a.PracticeId == practice.Id && a.QuestionId == "title").Select(a => a.Original).FirstOrDefaultAsync());
        var flagId = await app.WithDbAsync(db => db.Flags.Where(f => f.PracticeId == practice.Id && f.Reason == "change_held").Select(f => f.Id).FirstAsync());
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{practice.Reference}";
        var response = await ReviewApplication.PostFormAsync(client, $"{path}/flags/{flagId}/reject", await ReviewApplication.TokenAsync(client, path), ("reason", "Giulia did not send it"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(title, await app.WithDbAsync(db => db.Answers.Where(a => a.PracticeId == practice.Id && a.QuestionId == "title").Select(a => a.Original).FirstOrDefaultAsync()));
        Assert.True(await app.WithDbAsync(db => db.Flags.Where(f => f.Id == flagId).Select(f => f.Resolved).FirstAsync()));
        var rejected = await app.WithDbAsync(db => db.PracticeEvents.SingleAsync(e => e.PracticeId == practice.Id && e.Kind == PracticeEditor.HeldChangeRejected));
        Assert.Equal($"held change rejected: {HeldEvidence}; Giulia did not send it", rejected.Reason);
        Assert.Contains("Consulenza legale gratuita (nuovo titolo)", rejected.OldValue, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.PracticeEvents.AnyAsync(e => e.PracticeId == practice.Id && e.Kind == "answer_edited")));
    }

    [Fact]
    public async Task A_mail_that_hid_text_shows_its_flag_explained_in_the_researchers_language()
    {
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, change: p =>
            p.Flags.Add(new Flag { Reason = Regin.Core.Normalisation.FlagReasons.HiddenText, Detail = "mail #7 hid text from its reader, not read as answers (html)" }));
        var messages = app.Services.GetRequiredService<Regin.Core.Questionnaire.QuestionnaireDefinition>().Messages["review.flag_hidden_text"];
        var client = await app.SignedInAsync();
        foreach (var language in new[] { "de", "el", "en" })
        {
            var html = await client.GetStringAsync($"/review/practices/{practice.Reference}?ui={language}");
            var flags = System.Text.RegularExpressions.Regex.Match(html, "<dd id=\"flags\">.*?</dd>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
            Assert.Contains("data-reason=\"hidden_text\"", flags, StringComparison.Ordinal);
            Assert.Contains("mail #7 hid text", flags, StringComparison.Ordinal);
            // A flag on no one answer names the practice before its reason (review40 saw ": hidden text in the mail").
            Assert.Contains(">Practice: hidden text in the mail ", flags, StringComparison.Ordinal);
            Assert.Contains(Html.Encode(messages.In(language)), flags, StringComparison.Ordinal);
        }
        Assert.NotEqual(messages.In("de"), messages.In("en"));
    }

    /// <summary>
    /// A mail from a sender that looks like the project: its flag names what was seen (the look-alike domain in both forms)
    /// and says, in the researcher's language, what it may be and not to answer it with Reply.
    /// </summary>
    [Fact]
    public async Task A_look_alike_sender_shows_its_flag_explained_in_the_researchers_language()
    {
        const string detail = "mail #9 from reginproject@crpm.\u03bfrg: domain reginproject@crpm.\u03bfrg (reginproject@crpm.xn--rg-ibc) looks like crpm.org";
        var practice = await app.NewPracticeAsync(PracticeStatus.Submitted, change: p =>
            p.Flags.Add(new Flag { Reason = Regin.Core.Normalisation.FlagReasons.SenderLookalike, Detail = detail }));
        var messages = app.Services.GetRequiredService<Regin.Core.Questionnaire.QuestionnaireDefinition>().Messages["review.flag_sender_lookalike"];
        var client = await app.SignedInAsync();
        foreach (var language in new[] { "fr", "es", "it", "pt", "sv" })
        {
            var html = await client.GetStringAsync($"/review/practices/{practice.Reference}?ui={language}");
            var flags = System.Text.RegularExpressions.Regex.Match(html, "<dd id=\"flags\">.*?</dd>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
            Assert.Contains("data-reason=\"sender_lookalike\"", flags, StringComparison.Ordinal);
            Assert.Contains("crpm.xn--rg-ibc", flags, StringComparison.Ordinal);
            Assert.Contains(Html.Encode(messages.In(language)), flags, StringComparison.Ordinal);
        }
        Assert.Equal(8, new[] { "en", "fr", "de", "es", "it", "el", "pt", "sv" }.Select(messages.In).Distinct().Count());
        var list = await client.GetStringAsync("/review?flag=sender_lookalike");
        Assert.Contains(practice.Reference, list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_is_merged_into_the_original()
    {
        var original = await app.NewPracticeAsync(PracticeStatus.Submitted, change: p => p.Answers.RemoveAll(a => a.QuestionId == "website"));
        var duplicate = await app.NewPracticeAsync(PracticeStatus.Submitted, channel: Channels.Chat,
            change: p => ReviewApplication.Set(p, "website", "\"https://example.org/guide\"", "example.org/guide"));
        var client = await app.SignedInAsync();
        var path = $"/review/practices/{duplicate.Reference}";
        var response = await ReviewApplication.PostFormAsync(client, path + "/duplicate", await ReviewApplication.TokenAsync(client, path), ("of", original.Reference), ("merge", "true"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(PracticeStatus.Rejected, await app.WithDbAsync(db => db.Practices.Where(p => p.Id == duplicate.Id).Select(p => p.Status).FirstAsync()));
        Assert.True(await app.WithDbAsync(db => db.Answers.AnyAsync(a => a.PracticeId == original.Id && a.QuestionId == "website")));
        Assert.True(await app.WithDbAsync(db => db.ContributorIdentities.AnyAsync(i => i.PracticeId == original.Id && i.Channel == "webchat")));
        var page = await client.GetStringAsync($"/review/practices/{original.Reference}");
        Assert.Contains(duplicate.Reference, page, StringComparison.Ordinal);
    }
}

public sealed class ReviewScreenTestsOnSqlite(ReviewApplication app) : ReviewScreenTests<ReviewApplication>(app);

public sealed class ReviewScreenTestsOnPostgreSql(PostgreSqlReviewApplication app) : ReviewScreenTests<PostgreSqlReviewApplication>(app);
