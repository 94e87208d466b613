using System.Text;
using MimeKit;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// One contributor's conversation by mail through the real servers (Dovecot, the watcher, smtp4dev): each mail appended,
/// read, answered; the transcript kept, and written to <c>REGIN_PLAY_OUT</c> when it is set (the contributor play classes of
/// sessions 45 and 47).
/// </summary>
internal sealed class ContributorPlay(MailServers servers, MailTestHost host, string user, string name) : IAsyncDisposable
{
    /// <summary>Each of <paramref name="cases"/> on SQLite, then each on PostgreSQL: a play's or an attack round's theory data.</summary>
    public static TheoryData<string, string> OnBothProviders(params string[] cases)
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in new[] { TestProviders.Sqlite, TestProviders.PostgreSql })
        {
            foreach (var name in cases)
            {
                data.Add(provider, name);
            }
        }
        return data;
    }

    /// <summary>The stored value of <paramref name="question"/>'s answer, or "(none)".</summary>
    public static string Answer(Practice? practice, string question) => practice?.Answers.SingleOrDefault(a => a.QuestionId == question)?.ValueJson ?? "(none)";

    /// <summary>The language a reply says it is written in (its text part's Content-Language).</summary>
    public static string Language(MimeMessage reply) => reply.BodyParts.OfType<TextPart>().First().Headers[HeaderId.ContentLanguage] ?? "";

    /// <summary>A question's label in <paramref name="language"/>, as the template and the replies write it.</summary>
    public static string Label(string id, string language) => Questionnaire.Questions.First(q => q.Id == id).Label.In(language);

    /// <summary>A question's key as the template writes it inside brackets ("Q07").</summary>
    public static string Key(string id) => TemplateKeys.KeyOf(Questionnaire, id);

    /// <summary>A message of the locale files in <paramref name="language"/>, placeholders unfilled.</summary>
    public static string Message(string key, string language) => Texts.Get(key, language);

    /// <summary>The part of a message before its first placeholder: what a reply holding it certainly shows.</summary>
    public static string Opening(string key, string language) => Message(key, language).Split('{')[0].Trim();

    /// <summary>The complete template of <see cref="Intake.MailRound46Tests.Complete"/> without the key lines of <paramref name="without"/>.</summary>
    public static string CompleteWithout(string language, params string[] without) =>
        string.Join("\n", Intake.MailRound46Tests.Complete(language).Split('\n').Where(l => !without.Any(id => l.StartsWith($"[{Key(id)}]", StringComparison.Ordinal))));

    /// <summary>The words an answer was stored from, or null when the question has none.</summary>
    public static string? Original(Practice practice, string id) => practice.Answers.SingleOrDefault(a => a.QuestionId == id)?.Original;

    /// <summary>The contributor's <paramref name="message"/> threaded as a reply to ours (In-Reply-To and References).</summary>
    public static MimeMessage AsReplyTo(MimeMessage message, MimeMessage ourReply)
    {
        message.InReplyTo = ourReply.MessageId;
        message.References.Add(ourReply.MessageId!);
        return message;
    }

    /// <summary>The lines of a reply's section after its heading <paramref name="key"/> ("mail.reply_missing": the missing questions by key).</summary>
    public static string Part(MimeMessage reply, string key, string language) =>
        Body(reply).Split(Opening(key, language)).ElementAtOrDefault(1)?.Split("\n\n")[0] ?? "";

    /// <summary>A reply's text part, with its line ends as "\n".</summary>
    public static string Body(MimeMessage message) => (message.TextBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);

    private readonly StringBuilder _transcript = new();

    /// <summary>Each mail goes as its client writes it over SMTP to smtp4dev, then byte for byte into Dovecot (<see cref="MailServers.RelayAsync"/>).</summary>
    public bool OverTheWire { get; init; }

    /// <summary>The bytes smtp4dev received of the last mail sent <see cref="OverTheWire"/>: what the watcher fetches.</summary>
    public byte[]? Received { get; private set; }

    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    private static readonly Regin.Core.Localisation.Texts Texts = new(Questionnaire);

    /// <summary>The mail appended to the contributor's mailbox, its reply awaited, and the practice it names (none: a reply naming no practice).</summary>
    public async Task<(MimeMessage Reply, Practice? Practice)> TrySendAsync(MimeMessage mail, string? reference = null)
    {
        mail.MessageId = $"{user}.{mail.MessageId}";
        if (OverTheWire)
        {
            using var written = new MemoryStream();
            mail.WriteTo(written);
            Received = await servers.RelayAsync(user, written.ToArray(), mail.MessageId);
        }
        else
        {
            await servers.AppendAsync(user, mail);
        }
        MimeMessage? reply = null;
        await Eventually.UntilAsync(async () => (reply = (await servers.SentRepliesAsync()).LastOrDefault(r => r.InReplyTo == mail.MessageId)) is not null, 120);
        reference ??= System.Text.RegularExpressions.Regex.Match(reply!.Subject ?? "", @"REGIN-\d+").Value;
        var practice = reference.Length == 0 ? null : await host.PracticeAsync(reference);
        using (var raw = new MemoryStream())
        {
            mail.WriteTo(raw);
            _transcript.Append("===== MAIL IN =====\n").Append(Encoding.Latin1.GetString(raw.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal)).Append('\n');
        }
        _transcript.Append("===== REPLY OUT (").Append(reply!.BodyParts.OfType<TextPart>().First().Headers[HeaderId.ContentLanguage]).Append(") =====\n")
            .Append("Subject: ").Append(reply.Subject).Append('\n').Append(reply.TextBody).Append('\n');
        _transcript.Append("===== STORED ").Append(practice?.Reference ?? "(no practice)").Append(' ').Append(practice?.Status).Append(' ').Append(practice?.Language).Append(" =====\n");
        _transcript.Append("attachments: ").Append(string.Join(", ", reply.Attachments.Select(a => a.ContentDisposition?.FileName ?? a.ContentType.MimeType))).Append('\n');
        if (practice is not null)
        {
            foreach (var answer in practice.Answers.OrderBy(a => Questionnaire.Questions.ToList().FindIndex(q => q.Id == a.QuestionId)))
            {
                _transcript.Append(answer.QuestionId).Append(" = ").Append(answer.ValueJson).Append("   <- ").Append(answer.Original?.Replace("\n", "⏎", StringComparison.Ordinal)).Append('\n');
            }
            foreach (var flag in practice.Flags)
            {
                _transcript.Append("flag ").Append(flag.Reason).Append(": ").Append(flag.Detail).Append('\n');
            }
        }
        _transcript.Append('\n');
        return (reply, practice);
    }

    /// <summary>As <see cref="TrySendAsync"/>, where the mail must make or reach a practice.</summary>
    public async Task<(MimeMessage Reply, Practice Practice)> SendAsync(MimeMessage mail, string? reference = null)
    {
        var (reply, practice) = await TrySendAsync(mail, reference);
        return (reply, practice ?? throw new InvalidOperationException("no practice: " + reply.Subject));
    }

    public ValueTask DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("REGIN_PLAY_OUT") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, $"{name}-{host.Database.Provider}.txt"), _transcript.ToString());
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>A mail host watching a new Dovecot user's mailbox (or <paramref name="user"/>'s, on <paramref name="database"/>:
    /// a restart), replying through smtp4dev, on <paramref name="provider"/>.</summary>
    public static async Task<(MailTestHost Host, string User)> StartAsync(MailServers servers, string provider, string? user = null, TestDatabase? database = null)
    {
        user ??= servers.NewUser();
        var host = await MailTestHost.CreateAsync(new Dictionary<string, string?>
        {
            ["Mail:Imap:Host"] = "127.0.0.1",
            ["Mail:Imap:Port"] = servers.ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Imap:Security"] = "None",
            ["Mail:Imap:Username"] = user,
            ["Mail:Imap:Password"] = MailServers.Password,
            ["Mail:Imap:PollSeconds"] = "1",
            ["Mail:Imap:RetrySeconds"] = "1",
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = servers.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Smtp:Security"] = "None",
        }, database, watch: true, provider: provider);
        await host.Host.StartAsync();
        await Eventually.UntilAsync(async () => (await host.CountAsync(db => db.ImapCursors.Count())) == 1);
        return (host, user);
    }
}
