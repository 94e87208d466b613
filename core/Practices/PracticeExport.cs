using System.Text.Json.Nodes;
using Regin.Core.Intake;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Practices;

/// <summary>A practice in the exported JSON shape of api.md, used by the API, the exports and the tests.</summary>
public static class PracticeExport
{
    public static JsonObject ToJson(Practice practice)
    {
        ArgumentNullException.ThrowIfNull(practice);
        var answers = new JsonObject();
        foreach (var answer in practice.Answers.OrderBy(a => a.QuestionId, StringComparer.Ordinal))
        {
            var entry = new JsonObject { ["value"] = IntakeService.ValueOf(answer), ["original"] = answer.Original };
            if (answer.OtherText is not null)
            {
                entry["other"] = answer.OtherText;
            }
            answers[answer.QuestionId] = entry;
        }
        return new JsonObject
        {
            ["id"] = practice.Id.ToString(),
            ["reference"] = practice.Reference,
            ["status"] = practice.Status,
            ["language"] = practice.Language,
            ["channels"] = new JsonArray(practice.ChannelList.Select(c => (JsonNode?)c).ToArray()),
            ["created"] = practice.CreatedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["updated"] = practice.UpdatedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["submitted"] = practice.SubmittedAt?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["answers"] = answers,
            ["flags"] = new JsonArray(practice.Flags.Where(f => !f.Resolved).Select(f => (JsonNode?)new JsonObject
            {
                ["question"] = f.QuestionId,
                ["reason"] = f.Reason,
                ["detail"] = f.Detail,
            }).ToArray()),
        };
    }
}
