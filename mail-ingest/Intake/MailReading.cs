using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MimeKit;
using Regin.Core.Hosting;
using Regin.MailIngest.Options;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Intake;

/// <summary>How a mail is known before it is stored: the key that makes a replay harmless, and the sender named in From.</summary>
public sealed record MailIdentity(string DedupKey, string? From);

/// <summary>
/// What a mail says, read without the database: parsed, classified, its sender and our server's verdict on them, its
/// answers. <see cref="Early"/> is set when the mail's outcome is known already (ignored, or failed with the reason).
/// </summary>
public sealed record MailReading
{
    public MimeMessage? Message { get; init; }
    public string? Sender { get; init; }
    public SenderVerdict? Verdict { get; init; }
    public ParsedMail? Parsed { get; init; }
    /// <summary>The data-rights request its subject makes ("my data", "erase my data"), read with its sender and verdict.</summary>
    public DataRequest? DataRequest { get; init; }
    /// <summary>What makes the mail look as if the project sent it (a look-alike of our domain, a name claiming the project), if anything.</summary>
    public Impersonation? Impersonation { get; init; }
    /// <summary>Outcome and detail of a mail that needs nothing of the database beyond its own row.</summary>
    public (string Outcome, string Detail)? Early { get; init; }

    public static MailReading Decided(string outcome, string detail, MimeMessage? message = null, string? sender = null, SenderVerdict? verdict = null) =>
        new() { Early = (outcome, detail), Message = message, Sender = sender, Verdict = verdict };
}

/// <summary>
/// The CPU part of taking in a mail (identify, parse, classify, read the answers): no database, no state, safe to run
/// on many mails at once. The parse keeps the parts' content as slices of the raw bytes (MimeKit's persistent mode), so
/// a large attachment is held once, not copied.
/// </summary>
public sealed class MailReader(MailContentReader reader, Regin.Core.Conversation.Commands.CommandParser commands, IOptions<MailboxOptions> options,
    IOptions<ProjectMailboxOptions> mailbox)
{
    private static readonly ParserOptions Parser = new() { MaxMimeDepth = MailProcessor.MaxMimeDepth };

    /// <summary>The reader of a mail's content (for what is read against our own stored mail, as numbered answers are).</summary>
    public MailContentReader Content => reader;

    private readonly string[] _pecProviders = options.Value.PecProviders.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private readonly LookalikeSender _lookalike = new(mailbox.Value.Mailbox,
        options.Value.OwnDomains.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        options.Value.ProjectNames.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static MailIdentity Identify(byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return MailKeyScan.TryIdentify(raw, Parser) ?? IdentifyByParse(raw);
    }

    /// <summary>The key and sender as MimeKit's header parse finds them (every mail the plain scan leaves to it).</summary>
    public static MailIdentity IdentifyByParse(byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        HeaderList? headers = null;
        try
        {
            // A block over the bounds is not parsed (its cost): keyed by its bytes' hash, no sender; the reader refuses it.
            headers = HeaderBlock.Refusal(raw) is null ? HeaderBlock.Parse(raw, Parser) : null;
        }
        catch (FormatException)
        {
            // Broken headers: the hash of the bytes keys it, and the full parse says what is wrong.
        }
        var messageId = headers?[HeaderId.MessageId] is { } id ? MimeKit.Utils.MimeUtils.ParseMessageId(id) : null;
        var from = headers?[HeaderId.From] is { } fromHeader && InternetAddressList.TryParse(fromHeader, out var fromList)
            ? fromList.Mailboxes.FirstOrDefault()?.Address?.ToLowerInvariant() : null;
        return IdentityOf(raw, messageId, from);
    }

    private static HeaderList Counted(HeaderList headers)
    {
        HeaderBlock.Counted();
        return headers;
    }

    /// <summary>The key of a mail with this Message-ID (parsed) and sender: the id, or the SHA-256 of its bytes.</summary>
    internal static MailIdentity IdentityOf(byte[] raw, string? messageId, string? from) =>
        new(KeyOf(messageId) ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw)), from);

    private static string? KeyOf(string? messageId) => !string.IsNullOrWhiteSpace(messageId) && messageId.Length < 400 ? "mid:" + messageId.Trim() : null;

    /// <summary>
    /// The same key and sender as <see cref="Identify(byte[])"/> for a mail given as a seekable stream (a large one), read
    /// from its start without holding it whole: the header block alone, and the whole stream hashed a piece at a time
    /// when it has no Message-ID. The stream is left at its start.
    /// </summary>
    public static MailIdentity Identify(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Position = 0;
        // The plain scan reads the first 64 KB at most; a longer header block is left to MimeKit's header parse either way.
        var head = new byte[(int)Math.Min(stream.Length, MailKeyScan.MaxHeaderBlock)];
        stream.ReadExactly(head);
        var identity = MailKeyScan.TryIdentify(head, Parser);
        if (identity is null)
        {
            stream.Position = 0;
            HeaderList? headers = null;
            try
            {
                headers = HeaderBlock.Refusal(HeaderBlock.Start(stream)) is null ? Counted(HeaderList.Load(Parser, stream)) : null;
            }
            catch (FormatException)
            {
                // Broken headers: the hash of the bytes keys it, and the full parse says what is wrong.
            }
            var messageId = headers?[HeaderId.MessageId] is { } id ? MimeKit.Utils.MimeUtils.ParseMessageId(id) : null;
            var from = headers?[HeaderId.From] is { } fromHeader && InternetAddressList.TryParse(fromHeader, out var fromList)
                ? fromList.Mailboxes.FirstOrDefault()?.Address?.ToLowerInvariant() : null;
            identity = new MailIdentity(KeyOf(messageId) ?? "", from);
        }
        if (identity.DedupKey.StartsWith("sha256:", StringComparison.Ordinal) || identity.DedupKey.Length == 0)
        {
            // No Message-ID: the hash of all its bytes, read in pieces.
            stream.Position = 0;
            identity = identity with { DedupKey = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream)) };
        }
        stream.Position = 0;
        return identity;
    }

    /// <summary>
    /// Runs <paramref name="read"/>, and again when a pattern ran past its match timeout because the machine was busy. The
    /// timeouts (1 s) guard against hostile text that makes a pattern backtrack for ever, but they count wall time: on a
    /// busy machine a plain mail's read waits for a core, or is stopped by a collection, or compiles its patterns on first
    /// use (a fresh process reading its first mails) while the pattern's clock runs. So a timed-out read is judged by the
    /// CPU its thread used (<paramref name="cpuClock"/>, <see cref="ThreadCpuTime"/> by default): less than half the pattern's
    /// timeout, and the pattern cannot have worked that long: the machine's doing, read again (up to
    /// <see cref="MostReads"/> reads, while the mail's budget, <paramref name="cancellationToken"/>, lasts). A timeout the
    /// thread really worked for is the text's: one more read (as before), and a second fails the mail as unreadable.
    /// Where the thread's CPU time cannot be read, every timeout counts as worked for (one more read, then it fails).
    /// (Before session 46 any second timeout failed the mail: a fresh process at load ~75 runs past a cold pattern's
    /// timeout on its first match, and a read meets several cold patterns one after the other.) Every pattern a reading
    /// runs goes through it, the out-of-office check after the parse too (session 43: its timeout, outside this guard,
    /// came out of the ingest as a TimeoutException, which the processor takes for a transient failure and throws on).
    /// </summary>
    internal static T ReadAgainOnTimeout<T>(Func<T> read, CancellationToken cancellationToken = default, Func<TimeSpan?>? cpuClock = null)
    {
        cpuClock ??= ThreadCpuTime.Now;
        var worked = 0;
        for (var reads = 1; ; reads++)
        {
            var before = cpuClock();
            try
            {
                return read();
            }
            catch (RegexMatchTimeoutException e)
            {
                // Half the timeout: a thread that worked all along used a little less CPU than the time that passed.
                var used = cpuClock() - before;
                if (used is not { } cpu || cpu >= e.MatchTimeout / 2)
                {
                    worked++;
                }
                if (worked >= 2 || reads >= MostReads)
                {
                    throw;
                }
                // The mail's budget is over: its caller's time-out (read again as a whole, or given up), not this text's.
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>The most reads of one mail <see cref="ReadAgainOnTimeout"/> makes (a starved machine: its budget ends it first).</summary>
    internal const int MostReads = 10;

    /// <summary>
    /// Reads the mail. Throws <see cref="OperationCanceledException"/> when its time is up and
    /// <see cref="UnreadableAttachmentException"/> for an attachment that breaks reading (the caller counts an attempt).
    /// </summary>
    public MailReading Read(byte[] raw, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return Read(new MemoryStream(raw, 0, raw.Length, writable: false, publiclyVisible: true), cancellationToken);
    }

    /// <summary>
    /// Reads the mail from a seekable stream (a large one, in a temporary file): its parts' contents stay in the stream
    /// (MimeKit's persistent parse), which must stay open while the reading is used.
    /// </summary>
    public MailReading Read(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // The header block measured on its bytes first: one over the bounds costs MimeKit seconds of CPU, and is refused unparsed.
        var start = stream is MemoryStream memory && memory.TryGetBuffer(out var buffer) && memory.Position == 0
            ? buffer.AsSpan(0, (int)Math.Min(buffer.Count, MailLimits.MaxHeaderBytes + 1L)) : HeaderBlock.Start(stream);
        if (HeaderBlock.Refusal(start) is { } refusal)
        {
            return MailReading.Decided(MailOutcomes.Failed, refusal);
        }
        MimeMessage message;
        try
        {
            HeaderBlock.Counted();
            message = MimeMessage.Load(Parser, stream, persistent: true, cancellationToken);
        }
        catch (FormatException e)
        {
            return MailReading.Decided(MailOutcomes.Failed, "malformed_mime: " + e.Message);
        }
        if (message.Headers.Count == 0)
        {
            return MailReading.Decided(MailOutcomes.Failed, "no_headers", message);
        }
        var ignored = MailClassifier.Classify(message, mailbox.Value.Mailbox);
        if (ignored is not null and not MailClassifier.List)
        {
            return MailReading.Decided(MailOutcomes.Ignored, ignored, message);
        }
        var sender = message.From.Mailboxes.FirstOrDefault()?.Address;
        if (string.IsNullOrWhiteSpace(sender) || !sender.Contains('@') || sender.Length > 320)
        {
            return MailReading.Decided(MailOutcomes.Failed, "no_sender", message);
        }
        sender = sender.ToLowerInvariant();
        var verdict = SenderAuthentication.Evaluate(message, options.Value.AuthServId);
        PecEnvelope.Opened? pec = null;
        if (ignored == MailClassifier.List && !(verdict.Authenticated && MailClassifier.MayBeAuthorsListCopy(message)))
        {
            // A list's copy our server cannot vouch for as its author's (the list rewrote From, "Alice via network", or its
            // footer broke the signature: anyone's words under anyone's name), or not about a practice of ours (a newsletter).
            // Not read, and never answered (the list).
            return MailReading.Decided(MailOutcomes.Ignored, ignored, message);
        }
        if (PecEnvelope.Open(message, verdict, _pecProviders) is { } certified)
        {
            // Italian certified mail: the sender's own mail inside the provider's envelope is the mail, from the sender the
            // provider certified (its replies go there, not to posta-certificata@…); an inner From naming another is
            // flagged for the researchers with both (mail59).
            message = certified.Inner;
            sender = certified.Certified;
            pec = certified;
        }
        var request = DataRightsMail.Read(commands, message);
        ParsedMail parsed;
        try
        {
            parsed = ReadAgainOnTimeout(() => reader.Read(message, cancellationToken), cancellationToken);
            if (pec is not null)
            {
                parsed = parsed with { CertifiedBy = pec.Provider, CertifiedOtherFrom = pec.Differs ? pec.InnerFrom ?? "(none)" : null };
            }
        }
        catch (Exception e) when (e is not OperationCanceledException and not UnreadableAttachmentException)
        {
            return MailReading.Decided(MailOutcomes.Failed, "unreadable_content: " + e.Message, message, sender, verdict) with { DataRequest = request };
        }
        bool outOfOffice;
        try
        {
            outOfOffice = request is null && parsed.Answers.Count == 0 && parsed.Problems.Count == 0
                && ReadAgainOnTimeout(() => reader.Markers.OpensAsOutOfOffice(parsed.NewestText), cancellationToken);
        }
        catch (RegexMatchTimeoutException e)
        {
            return MailReading.Decided(MailOutcomes.Failed, "unreadable_content: " + e.Message, message, sender, verdict);
        }
        if (outOfOffice)
        {
            // An out-of-office whose headers and subject say nothing ("Re: REGIN", no Auto-Submitted): told by its words, and
            // never answered (our template back to an auto-responder starts a loop). A mail with answers is read whatever it says.
            return MailReading.Decided(MailOutcomes.Ignored, "auto_reply: out_of_office_text", message, sender, verdict);
        }
        if (ignored == MailClassifier.List && (request is not null || parsed.Answers.Count == 0))
        {
            // A list's copy authenticated as its sender is theirs, and read when it holds answers (a correction sent to the
            // network's list with us among its members); the list's other mail (digests, notices) is not answered.
            return MailReading.Decided(MailOutcomes.Ignored, ignored, message, sender, verdict);
        }
        if (request is null && parsed.Answers.Count == 0 && MailClassifier.HasBounceSubject(message))
        {
            // A non-delivery report sent as plain mail ("Undeliverable: REGIN: your practice …" from Exchange's system
            // mailbox), told by its subject: no reply (to a robot, about our own reply), no practice. With answers it is a
            // person's mail whatever its subject says, and read: a subject is anyone's to type.
            return MailReading.Decided(MailOutcomes.Ignored, "bounce: undeliverable_subject", message, sender, verdict);
        }
        if (request is null && parsed.Answers.Count == 0 && parsed.Problems.Count == 0 && parsed.EchoesOurReply)
        {
            // Our reply pasted back whole, under no quote mark or header, with nothing of the sender's: what a ticket robot
            // ("your request has been registered") or a server's bounce as plain text sends. Our template back to it starts a loop.
            return MailReading.Decided(MailOutcomes.Ignored, "auto_reply: our_reply_echoed", message, sender, verdict);
        }
        return new MailReading { Message = message, Sender = sender, Verdict = verdict, Parsed = parsed, DataRequest = request, Impersonation = _lookalike.Check(message) };
    }
}
