using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Regin.DirectLine.Load;

/// <summary>
/// A chat turn against the cost of its answer's check: one client, whole questionnaires over POST /api/messages
/// (channel webchat, deliveryMode expectReplies: the replies, Adaptive Cards, in the body), typed as a person types:
/// the known answer, or the labels read off the question's card; "yes" to the engine's own questions ("did you mean …?",
/// "send it now?"). Each answer to a question is first sent to POST /api/answers/check (the same normalisation, no
/// conversation, no storage), both timed, interleaved so both see the same machine. Every questionnaire must end
/// submitted: its reference in the reply, and GET /api/practices/{reference} saying "submitted" (with --api-token).
/// </summary>
internal static partial class TurnScenario
{
    public static async Task<int> RunAsync(HttpClient http, Options options, CancellationToken cancellationToken)
    {
        var check = new Measure();
        var turn = new Measure();
        var confirmation = new Measure();
        var cpu = (Check: new HostCpu(options.HostPid), Turn: new HostCpu(options.HostPid));
        var references = new List<string>();
        // A warm-up questionnaire (JIT, EF Core's model, SQLite's pages), not counted.
        await QuestionnaireAsync(http, options, new Measure(), new Measure(), new Measure(), (new HostCpu(0), new HostCpu(0)), [], -1, cancellationToken);
        var calls = new List<Call>();
        for (var i = 0; i < options.Questionnaires && !cancellationToken.IsCancellationRequested; i++)
        {
            if (await QuestionnaireAsync(http, options, check, turn, confirmation, cpu, calls, i, cancellationToken) is { } reference)
            {
                references.Add(reference);
            }
        }
        var submitted = 0;
        foreach (var reference in references)
        {
            submitted += await StatusAsync(http, options, reference, cancellationToken) == "submitted" ? 1 : 0;
        }
        var verified = options.ApiToken.Length > 0 ? $"{submitted} of them with status submitted (GET /api/practices/{{reference}})" : "status not verified (no --api-token)";
        Console.WriteLine($"{options.Questionnaires} questionnaires, {references.Count} of {options.Questionnaires} got their reference, {verified}; one client, sequential.");
        Measure.Table(
            ("baseline: POST /api/answers/check (the answer's normalisation)", check),
            ("chat turn answering a question (expectReplies)", turn),
            ("chat turn answering yes to the engine's question", confirmation),
            ("every chat turn", Measure.Union(turn, confirmation)));
        if (options.HostPid > 0)
        {
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Host CPU per call (/proc/{options.HostPid}/stat): answer check {cpu.Check.MillisecondsPerCall:F2} ms ({cpu.Check.Calls} calls), chat turn {cpu.Turn.MillisecondsPerCall:F2} ms ({cpu.Turn.Calls} calls): {cpu.Turn.MillisecondsPerCall / cpu.Check.MillisecondsPerCall:F1}×"));
            Console.WriteLine();
        }
        PrintSlowest(calls, options.Slowest);
        var complete = references.Count == options.Questionnaires && (options.ApiToken.Length == 0 || submitted == options.Questionnaires);
        if (!complete)
        {
            Console.WriteLine("FAILED: not every questionnaire was submitted.");
        }
        return complete ? 0 : 1;
    }

    /// <summary>The greeting, every question, the summary and the confirmation; the practice's reference once submitted.</summary>
    private static async Task<string?> QuestionnaireAsync(HttpClient http, Options options, Measure check, Measure turn, Measure confirmation, (HostCpu Check, HostCpu Turn) cpu, List<Call> calls, int questionnaire, CancellationToken cancellationToken)
    {
        var conversation = "turn-" + Guid.NewGuid().ToString("N");
        var user = "turn-user-" + Guid.NewGuid().ToString("N");
        var replies = await SendAsync(http, conversation, user, "Hello", options.Verbose, cancellationToken);
        for (var i = 0; i < 80; i++)
        {
            var (question, text) = NextAnswer(replies);
            var checkBegun = Stopwatch.GetTimestamp();
            if (question is not null)
            {
                await cpu.Check.TimeAsync(() => Measure.TimeAsync(check, () => CheckAsync(http, question, text, cancellationToken)));
            }
            var checkMilliseconds = question is null ? double.NaN : Stopwatch.GetElapsedTime(checkBegun).TotalMilliseconds;
            var begun = Stopwatch.GetTimestamp();
            replies = await cpu.Turn.TimeAsync(() => Measure.TimeAsync(question is null ? confirmation : turn, () => SendAsync(http, conversation, user, text, options.Verbose, cancellationToken)));
            calls.Add(new Call(questionnaire, i, question ?? text, begun, Stopwatch.GetElapsedTime(begun).TotalMilliseconds, checkMilliseconds));
            foreach (var reply in replies)
            {
                if (Reference().Match(reply?["text"]?.GetValue<string>() ?? "") is { Success: true } found)
                {
                    return found.Value;
                }
            }
        }
        return null;
    }

    /// <summary>One timed chat turn: which questionnaire and turn, the question answered (or the text of a confirmation), when it
    /// began (<see cref="Stopwatch"/>'s clock: CLOCK_MONOTONIC on Linux, as <c>perf record -k CLOCK_MONOTONIC</c> stamps its
    /// samples), how long it took, and the answer check just before it.</summary>
    private sealed record Call(int Questionnaire, int Turn, string What, long Begun, double Milliseconds, double CheckMilliseconds);

    /// <summary>The slowest turns, to find what makes the p99: each with its moment, so a profile of the host can be read at it.</summary>
    private static void PrintSlowest(List<Call> calls, int count)
    {
        if (calls.Count == 0 || count <= 0)
        {
            return;
        }
        var first = calls[0].Begun;
        Console.WriteLine($"The {Math.Min(count, calls.Count)} slowest chat turns (of {calls.Count}; begun: seconds into the run, and CLOCK_MONOTONIC seconds):");
        foreach (var call in calls.OrderByDescending(c => c.Milliseconds).Take(count))
        {
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"  {call.Milliseconds,7:F2} ms  begun {Stopwatch.GetElapsedTime(first, call.Begun).TotalSeconds,7:F3} s (monotonic {call.Begun / (double)Stopwatch.Frequency:F6})  questionnaire {call.Questionnaire + 1}, turn {call.Turn + 1}: {call.What}; its check {call.CheckMilliseconds:F2} ms"));
        }
        Console.WriteLine();
    }

    /// <summary>What a person answers to the last reply: the question it asks (null for the engine's own yes/no) and the text typed.</summary>
    internal static (string? Question, string Text) NextAnswer(JsonArray replies)
    {
        var last = replies.LastOrDefault()?.AsObject();
        var card = last?["attachments"]?[0]?["content"]?.AsObject();
        var actions = card?["actions"]?.AsArray().Select(a => a!["data"]?.AsObject()).Where(d => d is not null).ToList() ?? [];
        if (actions.Any(d => d!["regin"]?.GetValue<string>() is "confirm" or "pick"))
        {
            // "Did you mean …?", "Send it now?": yes (or the first of several candidates).
            return (null, actions.Any(d => d!["regin"]?.GetValue<string>() == "pick") ? "1" : "yes");
        }
        if (last?["channelData"]?["questionId"]?.GetValue<string>() is not { } question)
        {
            // The summary without a question: the submit command.
            return (null, "submit");
        }
        if (Answers.Known(question) is { } known)
        {
            return (question, known);
        }
        var choiceSet = card?["body"]?.AsArray().Select(b => b?.AsObject()).FirstOrDefault(b => b?["type"]?.GetValue<string>() == "Input.ChoiceSet");
        if (choiceSet is not null)
        {
            var labels = choiceSet["choices"]!.AsArray().Select(c => Unescape(c!["title"]!.GetValue<string>())).ToList();
            // A multi-choice answer names two options in one sentence ("A and B"), as people write it.
            return (question, choiceSet["isMultiSelect"]?.GetValue<bool>() == true && labels.Count > 1 ? $"{labels[0]} and {labels[1]}" : labels[0]);
        }
        var buttons = card?["actions"]?.AsArray().Where(a => a!["data"]?["regin"]?.GetValue<string>() == "answer").Select(a => a!["title"]!.GetValue<string>()).ToList() ?? [];
        return (question, buttons.Count > 0 ? buttons[0] : Answers.Description);
    }

    /// <summary>A card's text as shown (the renderer escapes Markdown and HTML).</summary>
    private static string Unescape(string text) =>
        Regex.Replace(text, @"\\(.)", "$1").Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    internal static async Task<JsonArray> SendAsync(HttpClient http, string conversation, string user, string text, bool verbose, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/messages", new JsonObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "webchat",
            ["serviceUrl"] = "https://load.invalid/",
            ["deliveryMode"] = "expectReplies",
            ["locale"] = "en-US",
            ["from"] = new JsonObject { ["id"] = user, ["role"] = "user" },
            ["recipient"] = new JsonObject { ["id"] = "regin-bot" },
            ["conversation"] = new JsonObject { ["id"] = conversation },
            ["text"] = text,
        }, cancellationToken);
        Http.Expect(response, HttpStatusCode.OK);
        var activities = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["activities"]!.AsArray();
        if (verbose)
        {
            Console.WriteLine($"> {text}");
            foreach (var activity in activities)
            {
                Console.WriteLine("< " + Shorten(activity?["text"]?.GetValue<string>() ?? activity?["attachments"]?.ToJsonString() ?? ""));
            }
        }
        return activities;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static async Task<bool> CheckAsync(HttpClient http, string question, string text, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/answers/check", new JsonObject
        {
            ["question"] = question,
            ["text"] = text,
            ["lang"] = "en",
            ["context"] = new JsonObject { ["country"] = "BE" },
        }, cancellationToken);
        Http.Expect(response, HttpStatusCode.OK);
        return true;
    }

    private static async Task<string?> StatusAsync(HttpClient http, Options options, string reference, CancellationToken cancellationToken)
    {
        if (options.ApiToken.Length == 0)
        {
            return null;
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/practices/{reference}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiToken);
        using var response = await http.SendAsync(request, cancellationToken);
        Http.Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["status"]?.GetValue<string>();
    }

    [GeneratedRegex(@"REGIN-\d+")]
    internal static partial Regex Reference();
}
