using System.Globalization;
using System.Text.Json;
using Regin.Core.Persistence.Entities;
using Regin.Core.Presentation;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;
using Regin.Core.Review;

namespace Regin.Bot.Review;

/// <summary>GET /review/practices/{reference}: the answers in questionnaire order, flags, the actions, the assessment, the log and the raw inputs.</summary>
public static partial class ReviewPracticeScreen
{
    /// <summary>What went wrong with a change, shown on the page instead of losing the researcher's input.</summary>
    public sealed record Problem(string Message, string? QuestionId = null, string? Text = null, string? Reason = null, bool Conflict = false)
    {
        /// <summary>The assessment form as posted, shown back where the researcher changed it (see <see cref="Assessment"/>).</summary>
        public IFormCollection? Form { get; init; }

        /// <summary>The message as HTML, its parts encoded and the labels in it marked with their language (a conflict's); shown instead of <see cref="Message"/>.</summary>
        public RawHtml? MessageHtml { get; init; }
    }

    public static readonly Dictionary<string, string> Notices = new()
    {
        ["edited"] = "The answer was changed; the reason is in the log.",
        ["unchanged"] = "Nothing was changed: what you typed reads as the answer already does (same value, same flags). The contributor's words are kept and nothing was logged.",
        ["moved"] = "The region and the country were changed: the region named lies in another country, and the country follows it. The reason is in the log.",
        ["commented"] = "Your comment is in the log.",
        ["status"] = "The status was changed.",
        ["requested"] = "The request for changes was recorded and queued for the contributor's channel.",
        ["assessed"] = "The assessment was saved.",
        ["duplicate"] = "The practice was marked as a duplicate.",
        ["merged"] = "The practices were merged.",
        ["resolved"] = "The flag was closed; the reason is in the log.",
        ["accepted"] = "The proposed change was accepted: its answer is recorded, and the mail it came from is in the log.",
        ["accepted_unchanged"] = "The proposed change reads as the answer already does: the flag was closed, the answer kept, and the acceptance is in the log.",
        ["rejected"] = "The proposed change was rejected: the answer is unchanged, and the refusal is in the log.",
        ["stop_honoured"] = "The request to stop the reminders was honoured: no more reminders go to this contributor about this practice, and it is in the log.",
    };

    public static async Task<IResult> RenderAsync(HttpContext context, string reference, ReviewQueries queries, GeoCatalog geo, Problem? problem, CancellationToken cancellationToken)
    {
        var page = ReviewPage.For(context);
        var id = await queries.FindIdAsync(reference, cancellationToken);
        var details = id is null ? null : await queries.GetAsync(id.Value, cancellationToken);
        if (details is null)
        {
            return NotFound(page, reference);
        }
        if (problem is { QuestionId: { } edited, Text.Length: > ReviewQueries.ShownAnswerChars } && page.Questionnaire.Questions.Any(q => q.Id == edited))
        {
            // A long answer refused is shown back whole on its own page, not in the practice page's inline form.
            return RenderEdit(page, details, edited, problem);
        }
        var practice = details.Practice;
        var done = context.Request.Query["done"].ToString();
        var status = problem is null ? StatusCodes.Status200OK : problem.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        var version = details.Version.ToString();
        var title = practice.Answers.FirstOrDefault(a => a.QuestionId == "title")?.Original;
        var body = Html.Build(h =>
        {
            h.Add($"<p><a href=\"{ReviewListScreen.BackToList(context.Request)}\" id=\"back-to-list\">← Practices</a></p>");
            h.Add($"<h1><span id=\"reference\">{practice.Reference}</span> <span id=\"title\">{Html.Typed(ReviewQueries.Cut(title, ReviewQueries.ListTitleChars), practice.Language)}</span> <span class=\"status status-{practice.Status}\" id=\"status\" data-status=\"{practice.Status}\"{page.Lang}>{page.StatusLabel(practice.Status)}</span></h1>");
            h.Messages(Notices.GetValueOrDefault(done));
            WhatWasReadNotice(h, context);
            if (problem is not null)
            {
                h.Add($"<div class=\"error\" role=\"alert\" id=\"problem\">{problem.MessageHtml ?? new RawHtml(Html.Encode(problem.Message))}");
                if (problem.Conflict && problem.Text is not null)
                {
                    h.Add($"\nWhat you wrote (not saved): {ReviewQueries.Cut(problem.Text, ReviewQueries.ShownAnswerChars)}");
                }
                h.Add($"</div>");
            }
            SentBackPanel(h, page, details);
            Meta(h, page, details, version);
            Actions(h, page, details, version, problem);
            Answers(h, page, details, geo, version, problem);
            Assessment(h, page, details, version, problem?.Form);
            Log(h, page, details);
            Raw(h, page, details);
        });
        return page.Render(practice.Reference, body, status);
    }

    private static IResult NotFound(ReviewPage page, string reference) =>
        page.Render("Not found", Html.Build(h => h.Add($"<h1>Not found</h1><p>There is no practice {reference}. <a href=\"/review\">Back to the list</a></p>")), StatusCodes.Status404NotFound);

    /// <summary>
    /// GET /review/practices/{reference}/answers/{questionId}/text: the contributor's words of one answer, whole, as
    /// text/plain (the practice page shows <see cref="ReviewQueries.ShownAnswerChars"/> of them).
    /// </summary>
    public static async Task<IResult> TextAsync(HttpContext context, string reference, string questionId, ReviewQueries queries, CancellationToken cancellationToken)
    {
        var id = await queries.FindIdAsync(reference, cancellationToken);
        var text = id is null ? null : await queries.AnswerTextAsync(id.Value, questionId, cancellationToken);
        return text is null ? NotFound(ReviewPage.For(context), reference) : Results.Text(text, "text/plain; charset=utf-8");
    }

    /// <summary>
    /// GET /review/practices/{reference}/answers/{questionId}/edit: one answer's edit on a page of its own, its field
    /// holding the contributor's words whole (the practice page does not pre-fill an answer longer than it shows).
    /// Posts to the practice page's edit, with its version: anti-forgery and the concurrency check as there.
    /// </summary>
    public static async Task<IResult> EditAsync(HttpContext context, string reference, string questionId, ReviewQueries queries, CancellationToken cancellationToken)
    {
        var page = ReviewPage.For(context);
        var id = await queries.FindIdAsync(reference, cancellationToken);
        var details = id is null ? null : await queries.GetAsync(id.Value, cancellationToken);
        return details is null || !page.Questionnaire.Questions.Any(q => q.Id == questionId) ? NotFound(page, reference) : RenderEdit(page, details, questionId, null);
    }

    private static IResult RenderEdit(ReviewPage page, PracticeDetails details, string questionId, Problem? problem)
    {
        var practice = details.Practice;
        var question = page.Question(questionId);
        var answer = practice.Answers.FirstOrDefault(a => a.QuestionId == questionId);
        var title = practice.Answers.FirstOrDefault(a => a.QuestionId == "title")?.Original;
        var body = Html.Build(h =>
        {
            h.Add($"<p><a href=\"/review/practices/{practice.Reference}#q-{questionId}\" id=\"back-to-practice\">← {practice.Reference}</a></p>");
            h.Add($"<h1><span id=\"reference\">{practice.Reference}</span> <span id=\"title\">{Html.Typed(ReviewQueries.Cut(title, ReviewQueries.ListTitleChars), practice.Language)}</span></h1>");
            if (problem is not null)
            {
                h.Add($"<div class=\"error\" role=\"alert\" id=\"problem\">{problem.MessageHtml ?? new RawHtml(Html.Encode(problem.Message))}</div>");
            }
            h.Add($"<h2>Edit: {page.Label(question.Label.In(page.Language))}</h2>");
            h.Add($"<p class=\"muted\">The contributor's words are {(answer?.Original.Length ?? 0):N0} characters long; an answer to this question holds at most {question.MaxLength:N0}.</p>");
            h.Add($"<form method=\"post\" action=\"/review/practices/{practice.Reference}/answers/{questionId}\" id=\"edit-form\">{page.Antiforgery}");
            h.Add($"<input type=\"hidden\" name=\"version\" value=\"{details.Version}\">");
            // The browser sends it once shortened to the answer's limit (a field filled beyond maxlength is sent as it is
            // only unchanged; the editor refuses it then, and the text comes back here).
            h.Add($"<label>New answer (checked like the contributor's) <textarea name=\"text\" id=\"edit-text\" rows=\"20\" maxlength=\"{question.MaxLength}\">{problem?.Text ?? answer?.Original}</textarea></label>");
            h.Add($"<label>Reason (required, kept in the log) <input type=\"text\" name=\"reason\" id=\"edit-reason\" required maxlength=\"1000\" value=\"{problem?.Reason}\"></label>");
            h.Add($"<button type=\"submit\" id=\"save-answer\">Save the answer</button></form>");
        });
        var status = problem is null ? StatusCodes.Status200OK : problem.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return page.Render(practice.Reference, body, status);
    }

    private static readonly RawHtml AsWritten = new("<span class=\"muted as-written\">as the contributor wrote it</span>");

    /// <summary>
    /// Whether <paramref name="value"/> is <paramref name="words"/> but for white space (at the ends, and runs of it as one):
    /// compared in place, as the words may be megabytes. An empty value is never the words.
    /// </summary>
    public static bool SameWords(string value, string words)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(words);
        var a = value.AsSpan().Trim();
        var b = words.AsSpan().Trim();
        if (a.IsEmpty)
        {
            return false;
        }
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsWhiteSpace(a[i]) && char.IsWhiteSpace(b[j]))
            {
                i += Spaces(a[i..]);
                j += Spaces(b[j..]);
                continue;
            }
            if (a[i] != b[j])
            {
                return false;
            }
            i++;
            j++;
        }
        return i == a.Length && j == b.Length;

        static int Spaces(ReadOnlySpan<char> text)
        {
            var n = 0;
            while (n < text.Length && char.IsWhiteSpace(text[n]))
            {
                n++;
            }
            return n;
        }
    }

    // Text the page shows with no link to the whole (a held change's proposal, a flag's detail): cut as the answers are,
    // with its length, so a proposal pasted whole into a mail cannot make the page megabytes again.
    private static RawHtml Capped(string? text, string? language = null) =>
        text is null || text.Length <= ReviewQueries.ShownAnswerChars
            ? Html.Typed(text, language)
            : Html.Build(h => h.Add($"{Html.Typed(ReviewQueries.Cut(text, ReviewQueries.ShownAnswerChars), language)} <span class=\"muted cut\">({text.Length:N0} characters)</span>"));

    // An answer's text on the practice page: whole up to ShownAnswerChars, else cut with a link to the whole text.
    private static RawHtml Long(string? text, string? language, string reference, string questionId) =>
        text is null || text.Length <= ReviewQueries.ShownAnswerChars
            ? Html.Typed(text, language)
            : Html.Build(h => h.Add($"{Html.Typed(ReviewQueries.Cut(text, ReviewQueries.ShownAnswerChars), language)} <a class=\"show-all\" href=\"/review/practices/{reference}/answers/{questionId}/text\">show all ({text.Length:N0} characters)</a>"));

    /// <summary>
    /// A refused stale change explained for the researcher: who changed what since she opened the page, each question by
    /// its number and its label in her label language, when, and the value before and after ("webchat:el-user-1 changed
    /// 23. Budget (EUR) at 2026-12-06 05:31 UTC: “1,200,000 €” → “1,300,000 €”"). HTML: an English sentence whose labels
    /// carry their own <c>lang</c> and whose values and reasons are encoded (session 51).
    /// </summary>
    public static RawHtml ConflictMessage(ReviewPage page, ValueFormatter formatter, ReviewConflictException conflict)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(formatter);
        ArgumentNullException.ThrowIfNull(conflict);
        var what = conflict.Changes.Count == 0
            ? new RawHtml("someone else saved it")
            : new RawHtml(string.Join("; ", conflict.Changes.Select(e => Change(page, formatter, e).Value)));
        return Html.Build(h => h.Add($"{conflict.Reference} was changed after you opened it: {what}. Your change was not saved: reload the practice, check their change, then make yours again."));
    }

    /// <summary>The text of <paramref name="html"/> built here (its tags taken out, its entities read), for a notice that travels as text.</summary>
    public static string PlainText(RawHtml html) => System.Net.WebUtility.HtmlDecode(Tags().Replace(html.Value, ""));

    [System.Text.RegularExpressions.GeneratedRegex("<[^>]*>")]
    private static partial System.Text.RegularExpressions.Regex Tags();

    /// <summary>
    /// A practice a bulk change left as it was, because someone else changed it after the list was shown: HTML as
    /// <see cref="ConflictMessage"/> (session 52: it was text, its labels without their language).
    /// </summary>
    public static RawHtml StaleInList(ReviewPage page, ValueFormatter formatter, ReviewConflictException conflict)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        var what = conflict.Changes.Count == 0
            ? new RawHtml("someone else saved it")
            : new RawHtml(string.Join("; ", conflict.Changes.Select(e => Change(page, formatter, e).Value)));
        return Html.Build(h => h.Add($"{conflict.Reference} was changed after the list was shown: {what}. Open it, check, then change its status."));
    }

    /// <summary>
    /// A question as the page names it: its number and its label, marked with the label language ("23. <span lang="el">Προϋπολογισμός</span>");
    /// the id when it is no question of the questionnaire's.
    /// </summary>
    private static RawHtml Named(ReviewPage page, string? questionId)
    {
        var questions = page.Questionnaire.Questions;
        var index = questionId is null ? -1 : questions.ToList().FindIndex(q => q.Id == questionId);
        return index < 0 ? new RawHtml(Html.Encode(questionId)) : Html.Build(h => h.Add($"{index + 1}. {page.Label(questions[index].Label.In(page.Language))}"));
    }

    // One change named in an English sentence: its labels marked with the label language, everything else encoded.
    private static RawHtml Change(ReviewPage page, ValueFormatter formatter, PracticeEvent e)
    {
        var at = Time(e.At);
        var questions = page.Questionnaire.Questions;
        var question = e.QuestionId is null ? null : questions.FirstOrDefault(q => q.Id == e.QuestionId);
        RawHtml? named = e.QuestionId is null ? null : Named(page, e.QuestionId);
        var on = named is { } n ? n : RawHtml.Empty;
        var why = string.IsNullOrWhiteSpace(e.Reason) ? RawHtml.Empty : Html.Build(h => h.Add($" (why: {Html.Typed(e.Reason)})"));
        return Html.Build(h =>
        {
            switch (e.Kind)
            {
                case "answer_set" or "answer_edited" when named is not null:
                    var before = Shown(page, formatter, question, e.OldValue);
                    var after = Shown(page, formatter, question, e.NewValue);
                    var from = before is null ? RawHtml.Empty : Html.Build(b => b.Add($"“{Html.Typed(before)}” → "));
                    h.Add($"{e.Actor} {(before is null ? "answered" : "changed")} {on} at {at}: {from}“{Html.Typed(after)}”{why}");
                    break;
                case "answer_cleared" when named is not null:
                    h.Add($"{e.Actor} cleared {on} at {at} (it was “{Html.Typed(Shown(page, formatter, question, e.OldValue))}”)");
                    break;
                case "status_changed":
                    h.Add($"{e.Actor} changed the status at {at}: {page.Label(page.StatusLabel(e.OldValue ?? ""))} → {page.Label(page.StatusLabel(e.NewValue ?? ""))}");
                    break;
                case "changes_requested":
                    h.Add($"{e.Actor} asked the contributor for changes at {at}");
                    break;
                case "flag_resolved":
                    h.Add($"{e.Actor} closed a flag{(named is null ? "" : " on ")}{on} at {at}{why}");
                    break;
                case "held_change_rejected" or "held_change_accepted":
                    h.Add($"{e.Actor} {(e.Kind == "held_change_rejected" ? "rejected" : "accepted")} the change a mail proposed{(named is null ? "" : " for ")}{on} at {at}");
                    break;
                case "marked_duplicate":
                    h.Add($"{e.Actor} marked it as a duplicate of {e.NewValue} at {at}");
                    break;
                case "merged_into":
                    h.Add($"{e.Actor} merged it into {e.NewValue} at {at}");
                    break;
                case "merged":
                    h.Add($"{e.Actor} merged {e.OldValue} into it at {at}");
                    break;
                default:
                    h.Add($"{e.Actor} {e.Kind.Replace('_', ' ')}{(named is null ? "" : " ")}{on} at {at}");
                    break;
            }
        });
    }

    // A logged value as the page shows the answer (the value read, in her label language), else as written.
    private static string? Shown(ReviewPage page, ValueFormatter formatter, Question? question, string? logged)
    {
        if (logged is null)
        {
            return null;
        }
        if (question is not null)
        {
            try
            {
                var items = formatter.Items(question, logged, page.Language);
                if (items.Count > 0)
                {
                    var text = string.Join("; ", items);
                    return ReviewQueries.Cut(text, 300);
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                // not a value this question reads: shown as logged
            }
        }
        var value = LogValue(logged) ?? "";
        return ReviewQueries.Cut(value, 300);
    }

    /// <summary>The query key carrying what the normaliser made of an edit (sealed; see <see cref="SealedNotice.ForEdit"/>).</summary>
    public const string ReadKey = "read";

    /// <summary>
    /// What the normaliser made of a researcher's edit, as lines for the notice after it: the value it read when that is
    /// not what she typed ("03/2019" read as March 2019), a guess to check ("Pugila" read as Puglia), words kept under
    /// "other", the flags it raised (a region no region is called) and the country that followed the region. Nothing
    /// for an answer cleared or taken as typed. Each line is HTML (session 51): the label marked with the label language,
    /// what she typed and the values encoded.
    /// </summary>
    public static IReadOnlyList<RawHtml> WhatWasRead(ReviewPage page, ValueFormatter formatter, PracticeEditor.AnswerEdit edit)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(formatter);
        ArgumentNullException.ThrowIfNull(edit);
        var lines = new List<RawHtml>();
        foreach (var answer in new[] { edit.Answer, edit.FollowingCountry })
        {
            if (answer is null || string.IsNullOrWhiteSpace(answer.Original))
            {
                continue;
            }
            var question = page.Question(answer.QuestionId);
            var label = page.Label(question.Label.In(page.Language));
            var read = string.Join("; ", formatter.Items(question, answer.Value, page.Language, ValueStyle.WithCodes));
            var typed = Quote(answer.Original);
            if (read.Length == 0)
            {
                lines.Add(Html.Build(h => h.Add($"{label}: “{typed}” is kept as typed, with no value read from it.")));
            }
            else if (answer.NeedsConfirmation)
            {
                lines.Add(Html.Build(h => h.Add($"{label}: “{typed}” was read as a guess: {page.Label(Cut(read))}. Check it, and edit the answer again if it is wrong.")));
            }
            else if (read != answer.Original.Trim())
            {
                lines.Add(Html.Build(h => h.Add($"{label}: “{typed}” was read as {page.Label(Cut(read))}.")));
            }
            if (answer.OtherText is { } other)
            {
                lines.Add(Html.Build(h => h.Add($"{label}: kept under “other”: {Quote(other)}.")));
            }
            foreach (var flag in answer.Flags)
            {
                var detail = string.IsNullOrWhiteSpace(flag.Detail) ? RawHtml.Empty : Html.Build(h => h.Add($" (“{Quote(flag.Detail)}”)"));
                lines.Add(Html.Build(h => h.Add($"{label}: flagged, {ReviewLabels.FlagReason(flag.Reason)}{detail}.")));
            }
        }
        return lines;

        // The notice travels in the address: a long answer is named by its beginning.
        static string Cut(string text) => text.Length <= 200 ? text.Trim() : text[..200].Trim() + "…";
        static RawHtml Quote(string text) => Html.Typed(Cut(text));
    }

    private static void WhatWasReadNotice(Html h, HttpContext context)
    {
        var read = SealedNotice.ForEdit(context.RequestServices.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>())
            .Read(context.Request.Query[ReadKey].ToString());
        if (string.IsNullOrEmpty(read))
        {
            return;
        }
        h.Add($"<div class=\"notice\" role=\"status\" id=\"what-was-read\"><ul>");
        foreach (var line in read.Split('\n'))
        {
            // HTML this host built and sealed (its parts encoded; no one else can seal one): shown as it is.
            h.Add($"<li>{new RawHtml(line)}</li>");
        }
        h.Add($"</ul></div>");
    }

    /// <summary>
    /// After a request for changes: whether the contributor sent the practice back and when, and what they changed since
    /// the request, each answer by its number and label with the value before and after (<see cref="SentBack"/>). Shown
    /// while the practice is with the contributor or back with the researchers (not once approved or rejected).
    /// </summary>
    private static void SentBackPanel(Html h, ReviewPage page, PracticeDetails details)
    {
        if (details.Practice.Status is PracticeStatus.Approved or PracticeStatus.Rejected || SentBack.Of(details.Events) is not { } back)
        {
            return;
        }
        var formatter = page.Context.RequestServices.GetRequiredService<ValueFormatter>();
        var request = back.Request;
        h.Add($"<div class=\"panel sent-back\" id=\"sent-back\"><p>");
        if (back.Resubmitted is { } resubmitted)
        {
            h.Add($"<strong>Sent back by the contributor on {Time(resubmitted.At)}</strong>, after the request for changes of {Time(request.At)} ({request.Actor}: “{Capped(request.NewValue)}”).");
        }
        else
        {
            h.Add($"Changes were requested on {Time(request.At)} ({request.Actor}: “{Capped(request.NewValue)}”); the contributor has not sent it back yet.");
        }
        h.Add($"</p>");
        if (back.Changes.Count == 0)
        {
            h.Add($"<p class=\"muted\">No answer changed since the request.</p></div>");
            return;
        }
        h.Add($"<p>Changed since the request:</p><ul id=\"changed-since-request\">");
        var questions = page.Questionnaire.Questions.ToList();
        foreach (var change in back.Changes)
        {
            var question = questions.FirstOrDefault(q => q.Id == change.QuestionId);
            var before = Shown(page, formatter, question, change.OldValue);
            var from = before is null ? RawHtml.Empty : Html.Build(b => b.Add($"“{Html.Typed(before)}” → "));
            var after = change.Kind == "answer_cleared" ? new RawHtml("(cleared)") : Html.Build(b => b.Add($"“{Html.Typed(Shown(page, formatter, question, change.NewValue))}”"));
            h.Add($"<li data-question=\"{change.QuestionId}\">{Named(page, change.QuestionId)}: {from}{after} <span class=\"muted\">{Time(change.At)}</span></li>");
        }
        h.Add($"</ul></div>");
    }

    private static void Meta(Html h, ReviewPage page, PracticeDetails details, string version)
    {
        var practice = details.Practice;
        h.Add($"<div class=\"panel\"><dl class=\"meta\">");
        h.Add($"<dt>Language of the practice</dt><dd id=\"practice-language\">{ReviewPage.InLanguage(practice.Language, page.LanguageName(practice.Language))} ({practice.Language})</dd>");
        h.Add($"<dt>Channels</dt><dd>{ReviewLabels.ChannelList(practice.Channels)}</dd>");
        h.Add($"<dt>Contributor</dt><dd>{Html.Typed(practice.ContributorEmail)} {Html.Typed(string.Join(", ", practice.Identities.Select(i => i.Channel + ":" + i.ExternalId)))}</dd>");
        h.Add($"<dt>Created</dt><dd>{Time(practice.CreatedAt)}</dd><dt>Updated</dt><dd>{Time(practice.UpdatedAt)}</dd>");
        h.Add($"<dt>Submitted</dt><dd>{(practice.SubmittedAt is { } s ? Time(s) : "")}</dd>");
        if (details.DuplicateOfReference is not null)
        {
            h.Add($"<dt>Duplicate of</dt><dd><a href=\"/review/practices/{details.DuplicateOfReference}\">{details.DuplicateOfReference}</a>{(details.MergedIntoReference is null ? "" : " (merged)")}</dd>");
        }
        if (details.DuplicatedBy.Count > 0)
        {
            h.Add($"<dt>Duplicated by</dt><dd>");
            foreach (var other in details.DuplicatedBy)
            {
                h.Add($"<a href=\"/review/practices/{other}\">{other}</a> ");
            }
            h.Add($"</dd>");
        }
        // The consent on record: what the contributor answered, to which wording (version), in which language, channel, when.
        var consent = Regin.Core.Privacy.Consent.Latest(details.Events);
        var currentVersion = Regin.Core.Privacy.Consent.Version(page.Questionnaire);
        h.Add($"<dt>Consent</dt><dd id=\"consent\" data-consent=\"{(consent is null ? "none" : consent.Given ? "given" : "refused")}\">");
        if (consent is null)
        {
            h.Add($"none on record: not in the public exports");
        }
        else
        {
            h.Add($"{(consent.Given ? "given" : "refused")}, wording <span class=\"code\" id=\"consent-version\">{consent.Version}</span>{(consent.Version == currentVersion ? " (current)" : $" (the wording has changed since; current {currentVersion})")}, in {ReviewPage.InLanguage(consent.Language, page.LanguageName(consent.Language))}, {consent.Channel}, {Time(consent.At)}");
        }
        h.Add($"</dd>");
        var flags = practice.Flags.Where(f => !f.Resolved).ToList();
        h.Add($"<dt>Flags</dt><dd id=\"flags\">");
        foreach (var flag in flags)
        {
            h.Add($"<span class=\"flag\" data-reason=\"{flag.Reason}\">{flag.QuestionId ?? ReviewLabels.PracticeWide}: {ReviewLabels.FlagReason(flag.Reason)} {Capped(flag.Detail)}");
            if (page.FlagExplanation(flag.Reason) is { } explanation)
            {
                h.Add($"<br><span class=\"flag-explanation\"{page.Lang}>{explanation}</span>");
            }
            h.Add($"</span>");
            if (flag.QuestionId is null)
            {
                // A flag on the practice as a whole (a mail's sender, hidden text) has no answer row to be closed in:
                // it is closed here, with the reason (review43: "sender not authenticated" stayed open for good).
                if (Regin.Core.Reminders.DraftReminderStops.IsHeldStop(flag))
                {
                    // A STOP our server could not vouch for (session 48): honoured here once checked with the contributor (session 49).
                    h.Add($"<form class=\"resolve\" method=\"post\" action=\"/review/practices/{practice.Reference}/flags/{flag.Id}/stop-reminders\">{page.Antiforgery}<input type=\"hidden\" name=\"version\" value=\"{version}\">");
                    h.Add($"<input type=\"text\" name=\"reason\" placeholder=\"checked with the contributor: how\" maxlength=\"1000\" aria-label=\"Why the request can be honoured\"> <button type=\"submit\">Stop the reminders</button></form>");
                }
                CloseFlagForm(h, page, practice.Reference, flag.Id, version);
            }
        }
        h.Add($"{(flags.Count == 0 ? "none" : "")}</dd></dl></div>");
    }

    private static void Actions(Html h, ReviewPage page, PracticeDetails details, string version, Problem? problem)
    {
        var practice = details.Practice;
        var action = "/review/practices/" + practice.Reference;
        h.Add($"<h2>Actions</h2><div class=\"actions\">");
        var next = PracticeWorkflow.NextStatuses(practice.Status);
        h.Add($"<form method=\"post\" action=\"{action}/status\" id=\"status-form\">{page.Antiforgery}<input type=\"hidden\" name=\"version\" value=\"{version}\"><h3>Status</h3>");
        h.Add($"<label>New status <select name=\"status\" id=\"new-status\">");
        foreach (var status in next)
        {
            h.Add($"<option value=\"{status}\"{page.Lang}>{page.StatusLabel(status)}</option>");
        }
        h.Add($"</select></label><label>Reason (optional) <input type=\"text\" name=\"reason\" maxlength=\"1000\"></label><button type=\"submit\" id=\"change-status\">Change status</button></form>");
        h.Add($"<form method=\"post\" action=\"{action}/request-changes\" id=\"request-form\">{page.Antiforgery}<input type=\"hidden\" name=\"version\" value=\"{version}\"><h3>Request changes</h3>");
        h.Add($"<p class=\"muted\">Sent to the contributor on the channel they used last, framed in {ReviewPage.InLanguage(practice.Language, page.LanguageName(practice.Language))}.</p>");
        h.Add($"<label>Message to the contributor <textarea name=\"message\" id=\"request-message\" required maxlength=\"5000\">{(problem?.QuestionId == "request" ? problem.Text : "")}</textarea></label><button type=\"submit\" id=\"request-changes\">Request changes</button></form>");
        h.Add($"<form method=\"post\" action=\"{action}/comment\" id=\"comment-form\">{page.Antiforgery}<h3>Comment</h3><label>For the team <textarea name=\"text\" id=\"comment-text\" required maxlength=\"5000\"></textarea></label><button type=\"submit\" id=\"add-comment\">Add comment</button></form>");
        h.Add($"<form method=\"post\" action=\"{action}/duplicate\" id=\"duplicate-form\">{page.Antiforgery}<input type=\"hidden\" name=\"version\" value=\"{version}\"><h3>Duplicate</h3><label>Duplicate of (reference) <input type=\"text\" name=\"of\" id=\"duplicate-of\" placeholder=\"REGIN-0042\" required></label>");
        h.Add($"<label><input type=\"checkbox\" name=\"merge\" value=\"true\"> merge it into that practice now (missing answers, contacts and raw inputs move over; this one is rejected)</label><button type=\"submit\">Save</button></form>");
        h.Add($"</div>");
        if (details.Notifications.Count > 0)
        {
            h.Add($"<h3>Messages to the contributor</h3>{Html.ScrollStart("Messages to the contributor")}<table id=\"notifications\"><thead><tr><th>When</th><th>By</th><th>Channel</th><th>To</th><th>Language</th><th>Message</th><th>State</th></tr></thead><tbody>");
            foreach (var n in details.Notifications)
            {
                h.Add($"<tr><td>{Time(n.CreatedAt)}</td><td>{n.CreatedBy}</td><td>{n.Channel}</td><td>{n.Recipient}</td><td>{n.Language}</td><td class=\"value\"><strong>{ReviewQueries.Cut(n.Subject, ReviewQueries.ShownAnswerChars)}</strong>\n{ReviewQueries.Cut(n.Text, ReviewQueries.ShownAnswerChars)}</td><td>{n.State}{(n.SentAt is { } sent ? " " + Time(sent) : "")}</td></tr>");
            }
            h.Add($"</tbody></table></div>");
        }
    }

    private static void Answers(Html h, ReviewPage page, PracticeDetails details, GeoCatalog geo, string version, Problem? problem)
    {
        var practice = details.Practice;
        var answers = practice.Answers.ToDictionary(a => a.QuestionId);
        var flags = practice.Flags.Where(f => !f.Resolved).ToLookup(f => f.QuestionId ?? "");
        h.Add($"<h2>Answers</h2>");
        foreach (var section in page.Questionnaire.Sections)
        {
            var questions = page.Questionnaire.Questions.Where(q => q.Section == section.Id).ToList();
            if (questions.Count == 0)
            {
                continue;
            }
            h.Add($"<h3{page.Lang}>{section.Label.In(page.Language)}</h3><table class=\"answers\"><thead><tr><th>Question</th><th>Value</th><th>Contributor's words</th><th>Flags</th></tr></thead><tbody>");
            foreach (var question in questions)
            {
                answers.TryGetValue(question.Id, out var answer);
                var questionFlags = flags[question.Id].ToList();
                h.Add($"<tr id=\"q-{question.Id}\" class=\"{(questionFlags.Count > 0 ? "flagged" : "")}\"><td>{page.Label(question.Label.In(page.Language))}{(question.Required ? " *" : "")}<br><span class=\"code\">{question.Id}</span></td>");
                var value = answer is null ? "" : Display(page, page.Context.RequestServices.GetRequiredService<ValueFormatter>(), question, answer);
                // A text answer's value is the contributor's words (trimmed, spaces joined): shown once, in their cell; both
                // only when the value was read from the words (a choice, a date, a country) and so says something else.
                h.Add($"<td class=\"value\" data-label=\"Value\">{(answer is not null && SameWords(value, answer.Original) ? AsWritten : Long(value, ValueLanguage(page, question, practice, answer, geo), practice.Reference, question.Id))}");
                if (answer?.OtherText is { } other)
                {
                    h.Add($"<br><span class=\"muted\">other: {Html.Typed(other, practice.Language)}</span>");
                }
                h.Add($"</td><td class=\"original\" data-label=\"Contributor's words\">{Long(answer?.Original, practice.Language, practice.Reference, question.Id)}</td><td{new RawHtml(questionFlags.Count > 0 ? " data-label=\"Flags\"" : "")}>");
                foreach (var flag in questionFlags)
                {
                    if (flag.Reason == Regin.Core.Normalisation.FlagReasons.ChangeHeld && Regin.Core.Normalisation.HeldChange.TryRead(flag.Detail, out var held))
                    {
                        // A change a mail our server did not vouch for proposed (session 48): shown with its evidence, accepted or rejected.
                        h.Add($"<div class=\"held\"><span class=\"flag\" data-reason=\"{flag.Reason}\">{ReviewLabels.FlagReason(flag.Reason)} {Capped(held.Evidence)}</span><br><q class=\"proposed\">{Capped(held.Text, practice.Language)}</q>");
                        h.Add($"<form class=\"resolve\" method=\"post\" action=\"/review/practices/{practice.Reference}/flags/{flag.Id}/accept\">{page.Antiforgery}<input type=\"hidden\" name=\"version\" value=\"{version}\"><input type=\"text\" name=\"reason\" placeholder=\"checked with the contributor: how\" maxlength=\"1000\" aria-label=\"Why the change can be accepted\"> <button type=\"submit\">Accept the change</button></form>");
                        h.Add($"<form class=\"resolve\" method=\"post\" action=\"/review/practices/{practice.Reference}/flags/{flag.Id}/reject\">{page.Antiforgery}<input type=\"hidden\" name=\"version\" value=\"{version}\"><input type=\"text\" name=\"reason\" placeholder=\"why not\" maxlength=\"1000\" aria-label=\"Why the change is rejected\"> <button type=\"submit\" class=\"secondary\">Reject</button></form></div>");
                        continue;
                    }
                    h.Add($"<form class=\"resolve\" method=\"post\" action=\"/review/practices/{practice.Reference}/flags/{flag.Id}/resolve\">{page.Antiforgery}<input type=\"hidden\" name=\"version\" value=\"{version}\"><span class=\"flag\" data-reason=\"{flag.Reason}\">{ReviewLabels.FlagReason(flag.Reason)} {Capped(flag.Detail)}</span> ");
                    h.Add($"<input type=\"text\" name=\"reason\" placeholder=\"checked: why\" maxlength=\"1000\" aria-label=\"Why the flag can be closed\"> <button type=\"submit\" class=\"secondary\">Close flag</button></form>");
                }
                var open = problem?.QuestionId == question.Id;
                // An answer longer than the page shows is not put in the field (it was the page's 10 MB a second time):
                // its whole text is edited on a page of its own, or replaced here.
                var whole = answer?.Original is { Length: > ReviewQueries.ShownAnswerChars } || answer?.Original.Length > question.MaxLength;
                h.Add($"<details class=\"edit\"{new RawHtml(open ? " open" : "")}><summary>Edit</summary><form method=\"post\" action=\"/review/practices/{practice.Reference}/answers/{question.Id}\">{page.Antiforgery}");
                h.Add($"<input type=\"hidden\" name=\"version\" value=\"{version}\">");
                if (whole && !open)
                {
                    h.Add($"<p><a class=\"edit-whole\" href=\"/review/practices/{practice.Reference}/answers/{question.Id}/edit\">Edit the whole answer ({answer!.Original.Length:N0} characters) on a page of its own</a>, or write its replacement here.</p>");
                }
                h.Add($"<label>New answer (checked like the contributor's) <textarea name=\"text\" maxlength=\"{question.MaxLength}\">{(open ? problem!.Text : whole ? "" : answer?.Original)}</textarea></label>");
                h.Add($"<label>Reason (required, kept in the log) <input type=\"text\" name=\"reason\" required maxlength=\"1000\" value=\"{(open ? problem!.Reason : "")}\"></label>");
                h.Add($"<button type=\"submit\">Save the answer</button></form></details></td></tr>");
            }
            h.Add($"</tbody></table>");
        }
    }

    /// <summary>
    /// The assessment form. Each field carries a fingerprint of the text it was shown with (<c>seen_…</c>), so a save
    /// refused because a colleague saved first (409) shows back exactly what this researcher changed, over the colleague's
    /// saved text everywhere else: nothing typed is lost, and saving again overwrites nobody's note unseen.
    /// </summary>
    private static void Assessment(Html h, ReviewPage page, PracticeDetails details, string version, IFormCollection? refused)
    {
        var practice = details.Practice;
        var stored = details.Assessments.ToDictionary(a => a.Aspect);
        var kept = new List<string>();
        h.Add($"<h2>Assessment</h2><form method=\"post\" action=\"/review/practices/{practice.Reference}/assessment\" id=\"assessment-form\" class=\"panel\">{page.Antiforgery}<input type=\"hidden\" name=\"version\" value=\"{version}\">");
        foreach (var aspect in page.Questionnaire.AssessmentAspects)
        {
            stored.TryGetValue(aspect.Id, out var row);
            h.Add($"<h3{page.Lang}>{aspect.Label.In(page.Language)}</h3><div class=\"aspect\">");
            AssessmentText(h, "inspiring_" + aspect.Id, "Inspiring elements", row?.InspiringElements, refused, kept, aspect.Label.In(page.Language));
            AssessmentText(h, "improvement_" + aspect.Id, "Room for improvement", row?.RoomForImprovement, refused, kept, aspect.Label.In(page.Language));
            h.Add($"</div>");
        }
        CategoryBoxes(h, page, details, "integration_areas", "area", details.Review?.IntegrationAreasJson, refused, kept);
        CategoryBoxes(h, page, details, "target_groups", "group", details.Review?.TargetGroupsJson, refused, kept);
        if (kept.Count > 0)
        {
            h.Add($"<p class=\"error\" id=\"assessment-kept\">Not saved yet, kept from what you wrote: {string.Join("; ", kept)}. Everything else shows what is saved now. Check and save again.</p>");
        }
        h.Add($"<input type=\"hidden\" name=\"categorised\" value=\"true\"><p><button type=\"submit\" id=\"save-assessment\">Save the assessment</button></p></form>");
    }

    private static void AssessmentText(Html h, string name, string label, string? saved, IFormCollection? refused, List<string> kept, string aspect)
    {
        var mine = refused is null ? null : refused[name].ToString();
        // Without its fingerprint (a form from before it had one), a field counts as hers when she wrote something in it.
        var changedByMe = mine is not null && (refused!.ContainsKey(SeenPrefix + name) ? Fingerprint(mine) != refused[SeenPrefix + name].ToString() : mine.Trim().Length > 0);
        if (changedByMe)
        {
            kept.Add($"{aspect} ({label.ToLowerInvariant()})");
        }
        h.Add($"<label>{label} <textarea name=\"{name}\" maxlength=\"5000\"{new RawHtml(changedByMe ? " class=\"kept\"" : "")}>{(changedByMe ? mine : saved)}</textarea></label>");
        h.Add($"<input type=\"hidden\" name=\"{SeenPrefix + name}\" value=\"{Fingerprint(saved)}\">");
    }

    /// <summary>The hidden field that carries a fingerprint of the text an assessment field was shown with.</summary>
    public const string SeenPrefix = "seen_";

    /// <summary>A short fingerprint of a field's text (line ends and outer spaces ignored: browsers send a textarea's lines with CRLF).</summary>
    public static string Fingerprint(string? text)
    {
        var normal = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(normal)).AsSpan(0, 8));
    }

    private static void CategoryBoxes(Html h, ReviewPage page, PracticeDetails details, string questionId, string name, string? researchersJson, IFormCollection? refused, List<string> kept)
    {
        var question = page.Question(questionId);
        var contributor = details.Practice.Answers.FirstOrDefault(a => a.QuestionId == questionId)?.ValueJson;
        var shown = PracticeListRow.Codes(researchersJson ?? contributor).Order(StringComparer.Ordinal).ToList();
        var chosen = shown.ToHashSet();
        if (refused is not null && refused.ContainsKey(SeenPrefix + name))
        {
            var mine = refused[name].Where(v => v is not null).Select(v => v!).Order(StringComparer.Ordinal).ToList();
            if (Fingerprint(string.Join(",", mine)) != refused[SeenPrefix + name].ToString())
            {
                chosen = mine.ToHashSet();
                kept.Add($"{question.Label.In(page.Language)} (categorisation)");
            }
        }
        h.Add($"<h3>Researchers' categorisation: {page.Label(question.Label.In(page.Language))}</h3><p class=\"muted\">{(researchersJson is null ? "Not categorised yet: the contributor's choice is preselected." : "")}</p>");
        h.Add($"<input type=\"hidden\" name=\"{SeenPrefix + name}\" value=\"{Fingerprint(string.Join(",", shown))}\">");
        foreach (var choice in question.ChoiceList)
        {
            h.Add($"<label class=\"inline\"><input type=\"checkbox\" name=\"{name}\" value=\"{choice.Code}\"{ReviewPage.Checked(chosen.Contains(choice.Code))}> {page.Label(choice.Label.In(page.Language))}</label> ");
        }
    }

    private static void Log(Html h, ReviewPage page, PracticeDetails details)
    {
        h.Add($"<h2>Log</h2>{Html.ScrollStart("Log")}<table id=\"log\"><thead><tr><th>When</th><th>Who</th><th>What</th><th>Question</th><th>Before</th><th>After</th><th>Why</th></tr></thead><tbody>");
        foreach (var e in details.Events.AsEnumerable().Reverse())
        {
            h.Add($"<tr data-kind=\"{e.Kind}\"><td>{Time(e.At)}</td><td>{e.Actor}</td><td>{e.Kind.Replace('_', ' ')}</td><td>{(e.QuestionId is null ? RawHtml.Empty : page.Questionnaire.Questions.FirstOrDefault(q => q.Id == e.QuestionId) is { } logged ? page.Label(logged.Label.In(page.Language)) : new RawHtml(Html.Encode(e.QuestionId)))}</td>");
            // A logged value is cut as an answer is (the answer's whole text is one link away; the log keeps it whole).
            h.Add($"<td class=\"value\">{Html.Typed(ReviewQueries.Cut(LogValue(e.OldValue), ReviewQueries.ShownAnswerChars))}</td><td class=\"value\">{Html.Typed(ReviewQueries.Cut(LogValue(e.NewValue), ReviewQueries.ShownAnswerChars))}</td><td class=\"value\">{Capped(e.Reason)}</td></tr>");
        }
        h.Add($"</tbody></table></div>");
    }

    /// <summary>
    /// A log entry's value as a researcher reads it. An answer's value is logged as its JSON, and JSON as stored escapes
    /// every letter beyond ASCII: "Sv\u00E5rt att f\u00E5", a Greek answer entirely in \u escapes (review43). A JSON
    /// string, list or object is shown with its strings as written (still quoted, so "" and a missing value differ);
    /// anything else (a status, a number, a plain text) as it is. What is stored stays as it is.
    /// </summary>
    public static string? LogValue(string? value)
    {
        if (string.IsNullOrEmpty(value) || value[0] is not ('"' or '[' or '{'))
        {
            return value;
        }
        try
        {
            return Readable(System.Text.Json.Nodes.JsonNode.Parse(value));
        }
        catch (JsonException)
        {
            return value;
        }

        static string Readable(System.Text.Json.Nodes.JsonNode? node) => node switch
        {
            null => "null",
            System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var text) => "\"" + text + "\"",
            System.Text.Json.Nodes.JsonArray list => "[" + string.Join(", ", list.Select(Readable)) + "]",
            System.Text.Json.Nodes.JsonObject obj => "{" + string.Join(", ", obj.Select(p => "\"" + p.Key + "\": " + Readable(p.Value))) + "}",
            _ => node.ToJsonString(),
        };
    }

    private static void CloseFlagForm(Html h, ReviewPage page, string reference, long flagId, string version)
    {
        h.Add($"<form class=\"resolve\" method=\"post\" action=\"/review/practices/{reference}/flags/{flagId}/resolve\">{page.Antiforgery}<input type=\"hidden\" name=\"version\" value=\"{version}\">");
        h.Add($"<input type=\"text\" name=\"reason\" placeholder=\"checked: why\" maxlength=\"1000\" aria-label=\"Why the flag can be closed\"> <button type=\"submit\" class=\"secondary\">Close flag</button></form>");
    }

    private static void Raw(Html h, ReviewPage page, PracticeDetails details)
    {
        h.Add($"<h2>What the contributor sent</h2>");
        if (details.RawInputs.Count == 0)
        {
            h.Add($"<p class=\"muted\">No raw e-mail or chat message is stored for this practice.</p>");
            return;
        }
        // Chat messages read as a transcript (one line per activity that carries text); every input stays available as received.
        var chat = details.RawInputs.Select(r => (Raw: r, Line: ChatLine(r))).Where(x => x.Line is not null).ToList();
        if (chat.Count > 0)
        {
            // The sender by channel and id: a display name is whatever the client chose ("REGIN researcher").
            h.Add($"<h3>Chat transcript</h3>{Html.ScrollStart("Chat transcript")}<table id=\"transcript\"><thead><tr><th>When</th><th>Channel</th><th>Sender id</th><th>Message</th></tr></thead><tbody>");
            foreach (var (raw, line) in chat)
            {
                h.Add($"<tr><td>{line!.Value.At ?? Time(raw.ReceivedAt)}</td><td>{raw.Channel}</td><td class=\"code\">{Html.Typed(line.Value.From)}</td><td class=\"value\">{Html.Typed(line.Value.Text, details.Practice.Language)}</td></tr>");
            }
            h.Add($"</tbody></table></div>");
        }
        h.Add($"<h3>As received</h3>");
        foreach (var raw in details.RawInputs)
        {
            var headings = MailHeadings(raw);
            if (headings.Count > 0)
            {
                // The mail's From, To, Subject and Date decoded (the raw text keeps them as received: "=?utf-8?b?zpXOu86t…?=").
                h.Add($"<dl class=\"meta mail-headings\">");
                foreach (var (name, value) in headings)
                {
                    h.Add($"<dt>{name}</dt><dd>{Html.Typed(value)}</dd>");
                }
                h.Add($"</dl>");
            }
            h.Add($"<details class=\"raw\"><summary>{raw.Channel} · {Time(raw.ReceivedAt)} · {raw.ContentType} · {raw.Outcome} {raw.OutcomeDetail}{page.RawOutcomeNote(raw.OutcomeDetail)}{(raw.ConversationId is null ? "" : " · conversation " + raw.ConversationId)}</summary><pre class=\"raw\">{Html.Typed(raw.Text, details.Practice.Language)}</pre></details>");
        }
    }

    private static readonly string[] HeadingNames = ["From", "To", "Cc", "Subject", "Date"];

    // Mail's charsets beyond UTF-8 and Latin-1 (iso-8859-7, windows-1253, koi8-r ...): .NET knows them once registered.
    private static readonly bool CodePages = RegisterCodePages();

    private static bool RegisterCodePages()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        return true;
    }

    /// <summary>
    /// An e-mail's From, To, Cc, Subject and Date as a researcher reads them: encoded words decoded (MimeKit; a charset
    /// nobody knows is read as UTF-8, then Latin-1, never an error), folded lines joined, control and direction-changing
    /// characters dropped, at most 500 characters each; the page encodes them like any typed text, so a subject made of
    /// HTML shows as text. Nothing for a chat message.
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)> MailHeadings(RawInputView raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Channel != "email" && !raw.ContentType.Contains("rfc822", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
        _ = CodePages;
        var text = raw.Text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var end = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = (end < 0 ? text : text[..end]).Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n\r\n";
        MimeKit.HeaderList headers;
        try
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(head));
            headers = MimeKit.HeaderList.Load(MimeKit.ParserOptions.Default, stream);
        }
        catch (MimeKit.ParseException)
        {
            return [];
        }
        var found = new List<(string, string)>();
        foreach (var name in HeadingNames)
        {
            if (headers[name] is not { } value)
            {
                continue;
            }
            if (name == "Date" && MimeKit.Utils.DateUtils.TryParse(value, out var date))
            {
                value = $"{date.ToString("ddd, d MMM yyyy HH:mm zzz", CultureInfo.InvariantCulture)} ({Time(date)})";
            }
            var clean = new string(value.Where(c => !char.IsControl(c) && c is not (>= '\u202A' and <= '\u202E') and not (>= '\u2066' and <= '\u2069') and not '\u200E' and not '\u200F').ToArray()).Trim();
            found.Add((name, clean.Length <= 500 ? clean : clean[..500] + "…"));
        }
        return found;
    }

    /// <summary>A chat activity (Bot Framework JSON) as one transcript line; null for e-mails and activities without text.</summary>
    private static (string? At, string From, string Text)? ChatLine(RawInputView raw)
    {
        if (!raw.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(raw.Text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                return null;
            }
            var from = root.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.Object
                && f.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            var at = root.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? Time(time) : null;
            return (at, from ?? "", text.GetString() ?? "");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The language an answer's value is shown in: a text answer is the contributor's own words (the practice's
    /// language); a choice, country, date or amount is read out in the researcher's label language; an address, a phone
    /// number or a count in none; a region in its country's language (its official name).
    /// </summary>
    private static string? ValueLanguage(ReviewPage page, Question question, Practice practice, Answer? answer, GeoCatalog geo) => question.Type switch
    {
        QuestionType.Text or QuestionType.Longtext => practice.Language,
        QuestionType.Email or QuestionType.Phone or QuestionType.Url or QuestionType.Integer => null,
        // A region's name is the official one, in its country's language; a whole country's, the researcher's.
        QuestionType.Region => geo.RegionByCode(PracticeListRow.Text(answer?.ValueJson)) is { Level: > 0 } region ? ReviewPage.RegionLanguage(geo, region) : page.Language,
        _ => page.Language,
    };

    /// <summary>The normalised value in the researcher's language, each item on its line with its code (<see cref="ValueFormatter"/>).</summary>
    public static string Display(ReviewPage page, ValueFormatter formatter, Question question, Answer answer)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(formatter);
        ArgumentNullException.ThrowIfNull(answer);
        return string.Join("\n", formatter.Items(question, answer.ValueJson, page.Language, ValueStyle.WithCodes));
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
