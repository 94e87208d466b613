using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Regin.Core;
using Regin.Core.Conversation.Commands;
using Regin.Core.Hosting;
using Regin.Core.Localisation;
using Regin.Core.Persistence;
using Regin.Core.Privacy;
using Regin.MailIngest.Options;
using Regin.MailIngest.Replies;

namespace Regin.MailIngest.Intake;

/// <summary>A contributor's request by mail, named by the subject.</summary>
public enum DataRequestKind
{
    Copy,
    Erase,
}

/// <summary>The request a subject makes, and the language of its words.</summary>
public sealed record DataRequest(DataRequestKind Kind, string Language);

/// <summary>
/// A contributor's data rights by mail. The subject is the request: the words of the chat commands "my data" and
/// "erase my data" in any of the languages (locale files, "commands"), alone on the subject line ("Re:" and the like
/// allowed). Honoured only for a sender our own server authenticated (DMARC, or aligned DKIM, in the
/// Authentication-Results of Mail:AuthServId): anyone can write any From. An unauthenticated request gets nothing
/// and no reply; its outcome says so and the log warns. A copy goes to the authenticated address through the outbox:
/// the readable summary in the text, the whole copy as a JSON attachment. An erasure erases first, then queues the
/// confirmation under a key without the address; once it is sent (or given up), the outbox row forgets the address
/// (<see cref="ContributorErasure.ForgetConfirmationAsync"/>).
/// </summary>
public sealed class DataRightsMail(
    ReginDbContext db,
    ContributorData data,
    ContributorErasure erasure,
    Texts texts,
    Outbox outbox,
    ThreadTokens tokens,
    IOptions<MailboxOptions> options,
    IOptions<ProjectMailboxOptions> project,
    TimeProvider clock,
    ILogger<DataRightsMail> logger)
{
    /// <summary>The request the subject makes, or null (no database: a mail's reader asks it, <see cref="MailReading.DataRequest"/>).</summary>
    public static DataRequest? Read(CommandParser commands, MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(message);
        var subject = (message.Subject ?? "").Trim();
        if (subject.Length == 0 || subject.Length > 200)
        {
            return null;
        }
        // "Re: my data", "AW: Meine Daten": the reply prefixes of mail clients go (a word and a colon, up to three).
        for (var i = 0; i < 3; i++)
        {
            var colon = subject.IndexOf(':', StringComparison.Ordinal);
            if (colon is <= 0 or > 6 || !subject[..colon].All(char.IsLetter))
            {
                break;
            }
            subject = subject[(colon + 1)..].Trim();
        }
        var match = commands.Parse(subject).FirstOrDefault(m => m.Argument.Length == 0 && m.Name is CommandNames.MyData or CommandNames.EraseMyData);
        if (match is null)
        {
            return null;
        }
        var language = match.KeywordLanguages.FirstOrDefault(Languages.IsSupported) ?? Languages.Default;
        return new DataRequest(match.Name == CommandNames.MyData ? DataRequestKind.Copy : DataRequestKind.Erase, language);
    }

    /// <summary>Answers the request of mail #<paramref name="rawInputId"/>: refused, a copy queued, or erased and the confirmation queued.</summary>
    public async Task<MailResult> AnswerAsync(long rawInputId, MimeMessage message, string sender, SenderVerdict verdict, DataRequest request, bool allowReply,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(request);
        var kind = request.Kind == DataRequestKind.Copy ? "copy" : "erasure";
        if (!verdict.Authenticated)
        {
            logger.LogWarning("Mail #{Id} asks for a data {Kind} but the sender is not authenticated ({Summary}): refused, nothing sent", rawInputId, kind, verdict.Summary);
            // The researchers see it on each practice of that address (session 49): a forged "erase my data" left no trace
            // but a log line, and a genuine request from a server that signs nothing was dropped unseen. Saved by the caller.
            // One open flag a practice, sender and kind (session 49): a flood of forged requests is counted on it, not added.
            var refusedAt = clock.GetUtcNow();
            var asks = $"from {sender} (";
            var what = $" asks for {(request.Kind == DataRequestKind.Copy ? "a copy" : "the erasure")} of this contributor's data, not done";
            foreach (var practice in (await data.FindAsync(sender, cancellationToken)).Take(20))
            {
                var open = db.Flags.Local.FirstOrDefault(f => f.PracticeId == practice.Id && !f.Resolved && f.Reason == Regin.Core.Normalisation.FlagReasons.UnverifiedUpdate
                        && f.Detail is { } d && d.Contains(asks, StringComparison.Ordinal) && d.Contains(what, StringComparison.Ordinal))
                    ?? await db.Flags.Where(f => f.PracticeId == practice.Id && !f.Resolved && f.Reason == Regin.Core.Normalisation.FlagReasons.UnverifiedUpdate
                        && f.Detail!.Contains(asks) && f.Detail!.Contains(what)).OrderBy(f => f.Id).FirstOrDefaultAsync(cancellationToken);
                if (open is not null)
                {
                    open.Detail = RepeatedFlag.Counted(open.Detail!, rawInputId);
                    continue;
                }
                db.Flags.Add(new Regin.Core.Persistence.Entities.Flag
                {
                    PracticeId = practice.Id,
                    Reason = Regin.Core.Normalisation.FlagReasons.UnverifiedUpdate,
                    Detail = $"mail #{rawInputId} {asks}{verdict.Summary}){what}: our server did not confirm the sender",
                    CreatedAt = refusedAt,
                });
            }
            return new MailResult { Outcome = MailOutcomes.DataRequestRefused, RawInputId = rawInputId, Language = request.Language, Detail = $"data_{kind}_refused: sender_not_authenticated({verdict.Summary})" };
        }
        var language = request.Language;
        var now = clock.GetUtcNow();
        var replies = allowReply && options.Value.SendReplies;
        if (request.Kind == DataRequestKind.Copy)
        {
            var practices = await data.FindAsync(sender, cancellationToken);
            if (replies)
            {
                var json = await data.JsonAsync(sender, practices, now, cancellationToken);
                var body = texts.Get(RightsMessageKeys.MailCopy, language, ("email", sender), ("practices", practices.Count), ("summary", data.Summary(practices).TrimEnd()))
                    + "\n\n" + texts.Get("mail.reply_signature", language);
                var reply = await ComposeAsync(message, sender, texts.Get(RightsMessageKeys.MailCopySubject, language), body, language,
                    ($"regin-my-data-{now.UtcDateTime:yyyyMMdd-HHmm}.json", json), cancellationToken);
                await outbox.AddAsync(reply, $"rights-copy:{rawInputId}", null, rawInputId, cancellationToken);
            }
            await data.LogExportAsync(practices, "json (mail)", "email:contributor", now, cancellationToken);
            return new MailResult
            {
                Outcome = MailOutcomes.DataCopy, RawInputId = rawInputId, Language = language,
                Detail = $"data_copy practices={practices.Count}{(replies ? "" : " not_sent(replies off)")}",
            };
        }
        var outcome = await erasure.EraseEmailAsync(sender, "email:contributor", ErasureRequesters.Email, cancellationToken);
        if (replies)
        {
            var body = texts.Get(RightsMessageKeys.MailErased, language, ("practices", outcome.Practices)) + "\n\n" + texts.Get("mail.reply_signature", language);
            var reply = await ComposeAsync(message, sender, texts.Get(RightsMessageKeys.MailErasedSubject, language), body, language, null, cancellationToken);
            // The key names the mail answered, never the address; the row forgets the address once sent.
            await outbox.AddAsync(reply, ContributorErasure.ConfirmationOutboxKeyPrefix + rawInputId, null, null, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        return new MailResult
        {
            Outcome = MailOutcomes.DataErased, RawInputId = rawInputId, Language = language,
            Detail = $"data_erased practices={outcome.Practices} raw_inputs={outcome.RawInputs} identities={outcome.Identities}{(replies ? "" : " not_confirmed(replies off)")}",
        };
    }

    private async Task<MimeMessage> ComposeAsync(MimeMessage original, string recipient, string subject, string text, string language, (string Name, byte[] Content)? file,
        CancellationToken cancellationToken)
    {
        var mailbox = project.Value.Mailbox;
        var domain = project.Value.Domain;
        var reply = new MimeMessage();
        reply.From.Add(new MailboxAddress("REGIN", mailbox));
        reply.To.Add(new MailboxAddress("", recipient));
        reply.Subject = subject;
        reply.MessageId = ThreadTokens.NewMessageId(await tokens.KeyAsync(db, cancellationToken), null, domain);
        if (Replies.ReplyComposer.IsMessageId(original.MessageId))
        {
            reply.InReplyTo = original.MessageId;
        }
        reply.Headers.Add("Auto-Submitted", "auto-replied");
        reply.Headers.Add("X-Auto-Response-Suppress", "All");
        reply.Headers.Add(MailClassifier.OwnReplyHeader, "none");
        var body = new TextPart("plain") { Text = text };
        body.Headers.Add(HeaderId.ContentLanguage, language);
        if (file is not { } attachment)
        {
            reply.Body = body;
            return reply;
        }
        reply.Body = new Multipart("mixed")
        {
            body,
            new MimePart("application", "json")
            {
                Content = new MimeContent(new MemoryStream(attachment.Content, writable: false)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = attachment.Name },
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = attachment.Name,
            },
        };
        return reply;
    }
}
