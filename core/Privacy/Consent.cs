using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;

namespace Regin.Core.Privacy;

/// <summary>A contributor's consent as recorded: the answer, the version of the wording and the language they were shown, the channel, the time.</summary>
public sealed record ConsentRecord(bool Given, string Version, string Language, string Channel, DateTimeOffset At);

/// <summary>
/// Consent on record. Each answer a contributor gives to the consent question adds a <c>consent_recorded</c> event
/// (its NewValue is a small JSON object: value, version, language, channel). The version is a hash of the question's
/// label, hint and help in every language, so any change of the wording gives a new version. A practice has a valid
/// consent when its answer is yes and the latest record says yes; only such practices go into the public exports.
/// </summary>
public static class Consent
{
    public const string QuestionId = "consent_publish";
    public const string EventKind = "consent_recorded";
    /// <summary>The start of a recorded yes (the JSON is written with this key first).</summary>
    public const string GivenPrefix = "{\"value\":true";

    private static readonly ConditionalWeakTable<QuestionnaireDefinition, string> Versions = [];

    /// <summary>The version of the consent wording, e.g. "c-3f9a1c0e7b2d": the first 12 hex digits of a SHA-256 over every language's label, hint and help.</summary>
    public static string Version(QuestionnaireDefinition questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        return Versions.GetValue(questionnaire, q =>
        {
            var question = q.Questions.First(x => x.Id == QuestionId);
            var wording = new StringBuilder();
            foreach (var language in q.Languages.Select(l => l.Code).Order(StringComparer.Ordinal))
            {
                wording.Append(language).Append('\u001f').Append(question.Label.In(language)).Append('\u001f')
                    .Append(question.Hint.In(language)).Append('\u001f').Append(question.Help.In(language)).Append('\u001e');
            }
            return "c-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(wording.ToString())))[..12];
        });
    }

    /// <summary>The event that records a consent answer; the channel is the contributor key's channel ("webchat:u1" → webchat).</summary>
    public static PracticeEvent Record(Guid practiceId, bool given, string version, string language, string actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var colon = actor.IndexOf(':', StringComparison.Ordinal);
        var channel = colon > 0 ? actor[..colon] : actor;
        var json = JsonSerializer.Serialize(new RecordJson(given, version, language, channel));
        return new PracticeEvent { PracticeId = practiceId, At = at, Actor = actor, Kind = EventKind, QuestionId = QuestionId, NewValue = json };
    }

    /// <summary>The latest consent record among <paramref name="events"/>, or null.</summary>
    public static ConsentRecord? Latest(IEnumerable<PracticeEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var latest = events.Where(e => e.Kind == EventKind && e.NewValue is not null).OrderByDescending(e => e.At).ThenByDescending(e => e.Id).FirstOrDefault();
        if (latest is null)
        {
            return null;
        }
        try
        {
            var json = JsonSerializer.Deserialize<RecordJson>(latest.NewValue!);
            return json is null ? null : new ConsentRecord(json.Value, json.Version, json.Language, json.Channel, latest.At);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Only the practices whose consent answer is yes and whose latest consent record says yes.</summary>
    public static IQueryable<Practice> WithValidConsent(this IQueryable<Practice> practices, ReginDbContext db)
    {
        ArgumentNullException.ThrowIfNull(practices);
        ArgumentNullException.ThrowIfNull(db);
        return practices.Where(p =>
            db.Answers.Any(a => a.PracticeId == p.Id && a.QuestionId == QuestionId && a.ValueJson == "true")
            && db.PracticeEvents.Where(e => e.PracticeId == p.Id && e.Kind == EventKind).OrderByDescending(e => e.Id).Select(e => e.NewValue).FirstOrDefault()!.StartsWith(GivenPrefix));
    }

    private sealed record RecordJson(
        [property: JsonPropertyName("value")] bool Value,
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("language")] string Language,
        [property: JsonPropertyName("channel")] string Channel);
}
