using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.Review;

namespace Regin.Core.Privacy;

/// <summary>
/// What is stored about one contributor, found by e-mail address (the practice's contact address or an e-mail
/// identity, case ignored): for a copy as JSON (every practice in the export shape, its identities, its log, its raw
/// inputs as text) and as a readable summary (question labels and answers in the practice's language).
/// </summary>
public sealed class ContributorData(ReginDbContext db, QuestionnaireDefinition questionnaire)
{
    public async Task<IReadOnlyList<Practice>> FindAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var address = email.Trim().ToLowerInvariant();
        return await db.Practices.AsNoTracking()
            .Where(p => (p.ContributorEmail != null && p.ContributorEmail.ToLower() == address)
                || p.Identities.Any(i => i.Channel == Channels.Email && i.ExternalId.ToLower() == address))
            .Include(p => p.Answers).Include(p => p.Flags).Include(p => p.Identities).Include(p => p.Events)
            .AsSplitQuery().OrderBy(p => p.Number).ToListAsync(cancellationToken);
    }

    /// <summary>The practices of a chat contributor (their identity on the channel), as <see cref="FindAsync"/> loads them.</summary>
    public async Task<IReadOnlyList<Practice>> FindByIdentityAsync(string channel, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return await db.Practices.AsNoTracking()
            .Where(p => p.Identities.Any(i => i.Channel == channel && i.ExternalId == userId))
            .Include(p => p.Answers).Include(p => p.Flags).Include(p => p.Identities).Include(p => p.Events)
            .AsSplitQuery().OrderBy(p => p.Number).ToListAsync(cancellationToken);
    }

    /// <summary>The copy as JSON bytes (see <see cref="WriteJsonAsync"/>).</summary>
    public async Task<byte[]> JsonAsync(string contributor, IReadOnlyList<Practice> practices, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        using var output = new MemoryStream();
        await WriteJsonAsync(output, contributor, practices, now, cancellationToken);
        return output.ToArray();
    }

    /// <summary>Logs on each practice that its contributor's data was exported, and by whom.</summary>
    public async Task LogExportAsync(IReadOnlyList<Practice> practices, string format, string actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(practices);
        db.PracticeEvents.AddRange(practices.Select(p => new PracticeEvent { PracticeId = p.Id, At = now, Actor = actor, Kind = "contributor_data_exported", NewValue = format }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The copy: <paramref name="contributor"/> (an e-mail address, or a chat identity "webchat:dl_…"), then every practice with its identities, log and raw inputs.</summary>
    public async Task WriteJsonAsync(Stream output, string contributor, IReadOnlyList<Practice> practices, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(practices);
        var ids = practices.Select(p => p.Id).ToList();
        var raw = await db.RawInputs.AsNoTracking().Where(r => r.PracticeId != null && ids.Contains(r.PracticeId.Value)).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString(contributor.Contains('@', StringComparison.Ordinal) ? "email" : "chat_user", contributor.Trim());
        writer.WriteString("exported", now.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteStartArray("practices");
        foreach (var practice in practices)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("practice");
            PracticeJsonWriter.Write(writer, practice);
            writer.WriteStartArray("identities");
            foreach (var identity in practice.Identities)
            {
                writer.WriteStartObject();
                writer.WriteString("channel", identity.Channel);
                writer.WriteString("id", identity.ExternalId);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("log");
            foreach (var e in practice.Events.OrderBy(e => e.Id))
            {
                writer.WriteStartObject();
                writer.WriteString("at", e.At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteString("actor", e.Actor);
                writer.WriteString("kind", e.Kind);
                writer.WriteString("question", e.QuestionId);
                writer.WriteString("old", e.OldValue);
                writer.WriteString("new", e.NewValue);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("raw_inputs");
            foreach (var input in raw.Where(r => r.PracticeId == practice.Id))
            {
                writer.WriteStartObject();
                writer.WriteString("channel", input.Channel);
                writer.WriteString("received", input.ReceivedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteString("content_type", input.ContentType);
                writer.WriteString("content", Encoding.UTF8.GetString(input.Content));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>Each practice: its reference and title, then every answered question as "label: the words as written", in the practice's language.</summary>
    public string Summary(IReadOnlyList<Practice> practices)
    {
        ArgumentNullException.ThrowIfNull(practices);
        var text = new StringBuilder();
        foreach (var practice in practices)
        {
            var language = practice.Language;
            var answers = practice.Answers.ToDictionary(a => a.QuestionId, StringComparer.Ordinal);
            var heading = $"{practice.Reference} ({questionnaire.Statuses.FirstOrDefault(s => s.Id == practice.Status)?.Label.In(language) ?? practice.Status})";
            text.AppendLine(heading).AppendLine(new string('=', heading.Length));
            foreach (var question in questionnaire.Questions.Where(q => answers.ContainsKey(q.Id)))
            {
                text.Append(question.Label.In(language)).Append(": ").AppendLine(answers[question.Id].Original);
            }
            text.AppendLine();
        }
        return text.ToString();
    }
}
