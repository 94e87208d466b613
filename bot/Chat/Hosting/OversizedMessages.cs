using System.Runtime.CompilerServices;
using Microsoft.Bot.Schema;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// A chat message longer than its endpoint processes (a paste over the local Direct Line's DirectLine:MaxRequestBytes,
/// up to its hard cap DirectLine:MaxOversizedRequestBytes): it still makes a turn, so the contributor is told in their
/// language that it is too long and what to do (<see cref="ReginBot"/>: no answer is read from it), and the message is
/// kept whole in the raw-input log as it was received (<see cref="RawInputMiddleware"/>: <see cref="Oversized.Body"/>).
/// The turn's activity carries the text's first <see cref="ShownCharacters"/> characters only (what the transcript
/// echoes back to the client, so Web Chat shows the message as sent), and the full length here.
/// </summary>
public static class OversizedMessages
{
    /// <summary>How much of the text the turn's activity (and the transcript's echo) keeps.</summary>
    public const int ShownCharacters = 1000;

    /// <summary>A message too long to process: the length of its text (characters) and the body it came in.</summary>
    public sealed record Oversized(int Length, byte[] Body);

    private static readonly ConditionalWeakTable<IActivity, Oversized> Marked = new();

    /// <summary>Cuts <paramref name="activity"/>'s text to its head and marks it as too long, with the body it came in.</summary>
    public static void Shorten(Activity activity, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(body);
        var length = activity.Text?.Length ?? 0;
        if (length < body.Length / 2)
        {
            // The text is not what makes it large (its channel data, say): the body's characters are told.
            length = System.Text.Encoding.UTF8.GetCharCount(body);
        }
        if (activity.Text is { Length: > ShownCharacters } text)
        {
            // Not within a surrogate pair.
            var cut = char.IsHighSurrogate(text[ShownCharacters - 1]) ? ShownCharacters - 1 : ShownCharacters;
            activity.Text = string.Concat(text.AsSpan(0, cut), "…");
        }
        Marked.AddOrUpdate(activity, new Oversized(length, body));
    }

    /// <summary>The mark of <see cref="Shorten"/>, when <paramref name="activity"/> is a message too long to process.</summary>
    public static Oversized? Of(IActivity? activity) => activity is not null && Marked.TryGetValue(activity, out var oversized) ? oversized : null;
}
