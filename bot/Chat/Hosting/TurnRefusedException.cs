namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// A turn a part of it refused before it did anything that counts (the local Direct Line's post to a conversation its token
/// does not open, found by the check that rides in the turn's first round trip): the turn's unit of work is rolled back
/// without the steps of a failed turn (nothing a failed turn keeps is stored: no raw input, no transcript row), it is not
/// run again, and no apology is sent (<see cref="TurnUnitOfWorkMiddleware"/>, <see cref="ReginBotPipeline"/>); it is the
/// caller's to answer (an HTTP refusal).
/// </summary>
public abstract class TurnRefusedException(string message, Exception? inner = null) : Exception(message, inner);
