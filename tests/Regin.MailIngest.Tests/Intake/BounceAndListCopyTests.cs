using MimeKit;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Mail that is no contributor's, told apart from the contributor's own: a non-delivery report sent as plain mail, known
/// only by its subject in the languages Exchange and Outlook write (it was answered with our template, and its robot
/// sender got a practice); and a mailing list's copy of a contributor's correction in our thread, read when our server
/// vouches for its From, ignored when the list rewrote it. On both providers.
/// </summary>
public abstract class BounceAndListCopyTests(string provider)
{
    private const string Alice = "alice@example.org";

    private static MimeMessage Mail(string from, string subject, string body, bool authenticated = true, params (string Name, string Value)[] headers)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(message.From.Mailboxes.First().Domain);
        foreach (var (name, value) in headers)
        {
            message.Headers.Add(name, value);
        }
        message.Body = new TextPart("plain") { Text = body, ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        return authenticated ? MailTestHost.Authenticated(message) : message;
    }

    /// <summary>The subjects Exchange, Outlook.com, Gmail, Postfix and Exim give a non-delivery report, and the report's first words.</summary>
    public static TheoryData<string, string> Reports() => new()
    {
        { "Undeliverable: REGIN: your practice REGIN-0001", "Delivery has failed to these recipients or groups:\n\nalice@example.org\nThe recipient's mailbox is full and can't accept messages now." },
        { "Unzustellbar: REGIN: Ihr Praxisbeispiel REGIN-0001", "Die Übermittlung an folgende Empfänger oder Gruppen ist fehlgeschlagen:\n\nalice@example.org\nDas Postfach des Empfängers ist voll." },
        { "Non remis : REGIN : votre pratique REGIN-0001", "La remise aux destinataires ou groupes suivants a échoué :\n\nalice@example.org\nLa boîte aux lettres du destinataire est pleine." },
        { "Non recapitabile: REGIN: la sua pratica REGIN-0001", "Recapito non riuscito per i destinatari o i gruppi seguenti:\n\nalice@example.org\nLa cassetta postale del destinatario è piena." },
        { "No se puede entregar: REGIN: su práctica REGIN-0001", "Error en la entrega a estos destinatarios o grupos:\n\nalice@example.org\nEl buzón del destinatario está lleno." },
        { "Olevererbart: REGIN: er praktik REGIN-0001", "Det gick inte att leverera till de här mottagarna eller grupperna:\n\nalice@example.org\nMottagarens postlåda är full." },
        { "Não é possível entregar: REGIN: a sua prática REGIN-0001", "Falha na entrega a estes destinatários ou grupos:\n\nalice@example.org\nA caixa de correio do destinatário está cheia." },
        { "Δεν είναι δυνατή η παράδοση: REGIN: η πρακτική σας REGIN-0001", "Η παράδοση στους παρακάτω παραλήπτες ή ομάδες απέτυχε:\n\nalice@example.org\nΤο γραμματοκιβώτιο του παραλήπτη είναι πλήρες." },
        { "Delivery Status Notification (Failure)", "Address not found\n\nYour message wasn't delivered to alice@example.org because the address couldn't be found." },
        { "Mail delivery failed: returning message to sender", "This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its recipients." },
    };

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task A_plain_text_bounce_known_by_its_subject_is_ignored_unanswered(string subject, string report)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);

        // Exchange's system mailbox at the contributor's organisation, authenticated by our server; no multipart/report,
        // no empty Return-Path.
        var bounce = await host.IngestAsync(Mail("Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@example.org>", subject, report + "\n"));

        Assert.Equal(MailOutcomes.Ignored, bounce.Outcome);
        Assert.Contains("bounce", bounce.Detail, StringComparison.Ordinal);
        Assert.Null(bounce.Reference);
        Assert.Empty(await host.OutboxAsync());
    }

    /// <summary>The attacker's round: a subject is anyone's to type; a contributor's answers under it are read and answered.</summary>
    [Fact]
    public async Task A_contributors_answers_under_an_undeliverable_subject_are_read()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);

        var result = await host.IngestAsync(Mail($"Alice Example <{Alice}>", "Undeliverable: REGIN",
            "Your mail bounced, so here are my answers again:\n[Q01] Alice Example\n[Q05] Homework club\n[Q06] Malta\n"));

        Assert.Equal(MailOutcomes.Created, result.Outcome);
        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Homework club", practice!.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.Single(await host.OutboxAsync());
    }

    private static async Task<(MailTestHost Host, MimeMessage OurReply)> AlicesPracticeAsync(string provider)
    {
        var host = await MailTestHost.CreateAsync(provider: provider);
        var first = await host.IngestAsync(Mail($"Alice Example <{Alice}>", "REGIN", "[Q01] Alice Example\n[Q05] Homework club\n[Q13] 2019\n"));
        Assert.Equal("REGIN-0001", first.Reference);
        return (host, Assert.Single(await host.OutboxAsync()));
    }

    private static MimeMessage ListCopy(MimeMessage ourReply, string from, bool authenticated)
    {
        var copy = Mail(from, "[integration-network] Re: " + ourReply.Subject, "Sorry, one correction for the REGIN team:\n[Q13] 2020\n\nAlice\n\n_______________________________________________\nintegration-network mailing list\nhttps://lists.example.net/mailman/listinfo/integration-network\n",
            authenticated, ("List-Id", "Integration network <integration-network.lists.example.net>"), ("List-Post", "<mailto:integration-network@lists.example.net>"),
            ("List-Unsubscribe", "<mailto:integration-network-leave@lists.example.net>"), ("Precedence", "list"));
        copy.InReplyTo = ourReply.MessageId;
        copy.References.Add(ourReply.MessageId!);
        return copy;
    }

    /// <summary>
    /// Alice answered our reply to the network's list (us among its members); the list left her mail whole, so our server
    /// vouches for her From: her correction is read (it was `ignored list` silently), and the reply goes to her alone.
    /// </summary>
    [Fact]
    public async Task A_list_copy_authenticated_as_the_contributor_in_our_thread_is_read()
    {
        var (host, ourReply) = await AlicesPracticeAsync(provider);
        await using var _ = host;

        var copy = await host.IngestAsync(ListCopy(ourReply, $"Alice Example <{Alice}>", authenticated: true));

        Assert.Equal((MailOutcomes.Updated, "REGIN-0001"), (copy.Outcome, copy.Reference));
        Assert.Equal("2020", (await host.PracticeAsync("REGIN-0001"))!.Answers.Single(a => a.QuestionId == "start_date").Original);
        var reply = (await host.OutboxAsync()).Last();
        Assert.Equal([Alice], reply.To.Mailboxes.Concat(reply.Cc.Mailboxes).Select(m => m.Address));
    }

    [Fact]
    public async Task A_list_copy_our_server_cannot_vouch_for_changes_nothing()
    {
        var (host, ourReply) = await AlicesPracticeAsync(provider);
        await using var _ = host;

        // The list rewrote From (DMARC mitigation): its own address, authenticated as the list's.
        var rewritten = await host.IngestAsync(ListCopy(ourReply, "\"Alice Example via integration-network\" <integration-network@lists.example.net>", authenticated: true));
        // Her address kept, the list's footer breaking her signature: our server says fail, or nothing.
        var broken = await host.IngestAsync(ListCopy(ourReply, $"Alice Example <{Alice}>", authenticated: false));
        // Authenticated as her, but no mail about a practice of ours: a newsletter of the list.
        var newsletter = Mail($"Alice Example <{Alice}>", "[integration-network] December news", "Note: [Q13] 2020 was a good year\n", true,
            ("List-Id", "<integration-network.lists.example.net>"));
        var news = await host.IngestAsync(newsletter);

        Assert.All(new[] { rewritten, broken, news }, r => Assert.Equal((MailOutcomes.Ignored, "list"), (r.Outcome, r.Detail)));
        Assert.Equal("2019", (await host.PracticeAsync("REGIN-0001"))!.Answers.Single(a => a.QuestionId == "start_date").Original);
        Assert.Single(await host.OutboxAsync());
    }
}

public sealed class BounceAndListCopyTestsOnSqlite() : BounceAndListCopyTests(TestProviders.Sqlite);

public sealed class BounceAndListCopyTestsOnPostgreSql() : BounceAndListCopyTests(TestProviders.PostgreSql);
