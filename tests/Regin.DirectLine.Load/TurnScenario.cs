using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Regin.DirectLine.Load;

/// <summary>
/// A chat turn against the cost of its answer's check: one client, whole questionnaires over POST /api/messages
/// (deliveryMode expectReplies: the replies in the body), each answer first sent to POST /api/answers/check (the same
/// normalisation, no conversation, no storage), both timed, interleaved so both see the same machine.
/// </summary>
internal static class TurnScenario
{
    public static async Task<int> RunAsync(HttpClient http, Options options, CancellationToken cancellationToken)
    {
        var check = new Measure();
        var turn = new Measure();
        var submitted = 0;
        // A warm-up questionnaire (JIT, EF Core's model, SQLite's pages), not counted.
        await QuestionnaireAsync(http, new Measure(), new Measure(), cancellationToken);
        for (var i = 0; i < options.Questionnaires && !cancellationToken.IsCancellationRequested; i++)
        {
            submitted += await QuestionnaireAsync(http, check, turn, cancellationToken) ? 1 : 0;
        }
        Console.WriteLine($"{options.Questionnaires} questionnaires, {submitted} submitted; one client, sequential.");
        Measure.Table(
            ("baseline: POST /api/answers/check (the answer's normalisation)", check),
            ("chat turn: POST /api/messages, expectReplies", turn));
        return submitted == options.Questionnaires ? 0 : 1;
    }

    /// <summary>The greeting, every question, the summary and the confirmation; true when the practice got its reference.</summary>
    private static async Task<bool> QuestionnaireAsync(HttpClient http, Measure check, Measure turn, CancellationToken cancellationToken)
    {
        var conversation = "turn-" + Guid.NewGuid().ToString("N");
        var user = "turn-user-" + Guid.NewGuid().ToString("N");
        var replies = await SendAsync(http, conversation, user, "Hello", cancellationToken);
        for (var i = 0; i < 45; i++)
        {
            var last = replies.LastOrDefault(r => r?["channelData"]?["questionId"] is not null)?.AsObject();
            var question = last?["channelData"]!["questionId"]!.GetValue<string>();
            var text = Answers.For(question, replies.LastOrDefault()?.AsObject());
            if (question is not null)
            {
                await Measure.TimeAsync(check, () => CheckAsync(http, question, text, cancellationToken));
            }
            replies = await Measure.TimeAsync(turn, () => SendAsync(http, conversation, user, text, cancellationToken));
            if (replies.Any(r => (r?["text"]?.GetValue<string>() ?? "").Contains("REGIN-", StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    private static async Task<JsonArray> SendAsync(HttpClient http, string conversation, string user, string text, CancellationToken cancellationToken)
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
        return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["activities"]!.AsArray();
    }

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
}
