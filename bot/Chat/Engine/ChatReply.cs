namespace Regin.Bot.Chat.Engine;

/// <summary>The question a reply asks: its id and its place in the questionnaire (channelData of api.md).</summary>
public sealed record QuestionProgress(string QuestionId, int Current, int Total);

/// <summary>One message of the bot: markdown text, buttons, and the question it asks when it asks one.</summary>
public sealed record ChatReply(string Text, IReadOnlyList<string>? Choices = null, QuestionProgress? Question = null);
