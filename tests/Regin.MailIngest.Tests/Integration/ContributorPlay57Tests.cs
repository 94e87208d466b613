using static Regin.MailIngest.Tests.Integration.ContributorPlay;
using System.Text;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.MailIngest.Tests.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Session 57: a colleague's filled template forwarded by someone else, through a real Dovecot, the watcher and smtp4dev, on
/// both providers. The contact is the colleague whose template it is: the template's own contact e-mail answer if given,
/// else the forwarded mail's From (the attached .eml's, or the inline forward's "From:"/"De :"/"Von:" line), else none
/// and the reply asks for it; never the forwarder's address silently (it was, beside the colleague's name). The reply goes
/// to the forwarder, in their language; the practice is flagged "forwarded by" them for the researchers.
/// </summary>
public sealed class ContributorPlay57Tests(MailServers servers) : IClassFixture<MailServers>
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 10, 0, TimeSpan.FromHours(1));

    static ContributorPlay57Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The forwards: who forwards, in which language and how, and the contact e-mail expected (null: asked).</summary>
    public static TheoryData<string, string> Forwards() => ContributorPlay.OnBothProviders(
        "en-gmail-attached-eml", "fr-outlook-inline-de", "de-thunderbird-inline-own-contact", "de-outlook-inline-name-only");

    private sealed record Forward(string Language, string Forwarder, string Author, string? Contact, MimeMessage Mail, string OwnWords);

    private static Forward Build(string shape)
    {
        switch (shape)
        {
            case "en-gmail-attached-eml":
            {
                var colleague = ContributorPlay49Tests.Client("outlook", "Aoife Byrne <aoife.byrne@corkcoco.example>", "REGIN template - done",
                    "Hi Ciara,\n\nhere's the REGIN template filled in.\n\n" + MailRound46Tests.Complete("en").Replace(MailRound46Tests.Officials["en"].Name, "Aoife Byrne", StringComparison.Ordinal)
                    + "\n\nThanks,\nAoife", Monday.AddDays(-3));
                colleague.To.Clear();
                colleague.To.Add(MailboxAddress.Parse("Ciara Doyle <c.doyle@ucc.example>"));
                var mail = ContributorPlay49Tests.Client("gmail", "Ciara Doyle <c.doyle@ucc.example>", "Fwd: REGIN template - done",
                    "See Aoife's answers attached, she's on leave till January.\n\nCiara", Monday);
                var attached = new MessagePart { Message = colleague };
                attached.ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "REGIN template - done.eml" };
                mail.Body = new Multipart("mixed") { mail.Body!, attached };
                return new("en", "c.doyle@ucc.example", "Aoife Byrne", "aoife.byrne@corkcoco.example", mail, "she's on leave");
            }
            case "fr-outlook-inline-de":
            {
                // Outlook in French, plain text: the colleague's mail under "De : … Envoyé : … À : … Objet : …", no marks.
                var text = "Bonjour,\n\nje vous transfère la fiche de ma collègue Claire, remplie hier.\n\nCordialement,\nJean Lefèvre\nChargé de mission, Région Bretagne\n\n"
                    + "De : Claire Martin <c.martin@bretagne-region.example>\nEnvoyé : vendredi 4 décembre 2026 16:40\nÀ : Jean Lefèvre <j.lefevre@bretagne-region.example>\n"
                    + "Objet : fiche REGIN remplie\n\nBonjour Jean,\n\nvoici la fiche pour REGIN.\n\n" + MailRound46Tests.Complete("fr") + "\n\nBonne journée,\nClaire";
                return new("fr", "j.lefevre@bretagne-region.example", "Claire Martin", "c.martin@bretagne-region.example",
                    ContributorPlay49Tests.Client("outlook", "Jean Lefèvre <j.lefevre@bretagne-region.example>", "TR: fiche REGIN remplie", text, Monday), "ma collègue Claire");
            }
            case "de-thunderbird-inline-own-contact":
            {
                // Thunderbird's inline forward; the template answers its contact e-mail itself: that answer is the contact.
                var key = Key("contact_email");
                var text = "Hallo,\n\nanbei die Vorlage von Frau Weber, weitergeleitet.\n\nGruß\nThomas Schmidt\n\n-------- Weitergeleitete Nachricht --------\n"
                    + "Betreff: \tREGIN Vorlage\nDatum: \tFri, 4 Dec 2026 16:40:00 +0100\nVon: \tJulia Weber <j.weber@landkreis-augsburg.example>\n"
                    + "An: \tThomas Schmidt <t.schmidt@landkreis-augsburg.example>\n\nHallo Thomas,\n\nhier die Vorlage.\n\n"
                    + MailRound46Tests.Complete("de").Replace($"[{Key("contact_organisation")}] Landratsamt Augsburg",
                        $"[{Key("contact_organisation")}] Landratsamt Augsburg\n[{key}] integration@landkreis-augsburg.example", StringComparison.Ordinal) + "\n\nViele Grüße\nJulia";
                return new("de", "t.schmidt@landkreis-augsburg.example", "Julia Weber", "integration@landkreis-augsburg.example",
                    ContributorPlay49Tests.Client("thunderbird", "Thomas Schmidt <t.schmidt@landkreis-augsburg.example>", "Fwd: REGIN Vorlage", text, Monday, charset: "utf-8"), "Frau Weber");
            }
            default:
            {
                // Outlook inside one organisation names the colleague without an address: no contact e-mail, asked for.
                var text = "Hallo zusammen,\n\nhier die ausgefüllte Vorlage meiner Kollegin.\n\nViele Grüße\nThomas Schmidt\n\n"
                    + "Von: Julia Weber\nGesendet: Freitag, 4. Dezember 2026 16:40\nAn: Thomas Schmidt\nBetreff: REGIN Vorlage\n\nHallo Thomas,\n\nhier die Vorlage.\n\n"
                    + MailRound46Tests.Complete("de") + "\n\nViele Grüße\nJulia";
                return new("de", "t.schmidt@landkreis-augsburg.example", "Julia Weber", null,
                    ContributorPlay49Tests.Client("outlook", "Thomas Schmidt <t.schmidt@landkreis-augsburg.example>", "WG: REGIN Vorlage", text, Monday), "meiner Kollegin");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Forwards))]
    public async Task A_forwarded_template_has_its_authors_contact_and_is_answered_to_the_forwarder(string provider, string shape)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "forward-" + shape);
        var forward = Build(shape);
        var (reply, practice) = await play.SendAsync(forward.Mail);
        await host.Host.StopAsync();

        // The reply goes to the forwarder, who sent it, in their language.
        Assert.Equal(forward.Forwarder, Assert.Single(reply.To.Mailboxes).Address);
        Assert.Equal(forward.Language, Language(reply));
        // The template is the author's: her name, and her address (the template's own, else her mail's), never the forwarder's.
        Assert.Equal(forward.Author, Original(practice, "contact_name"));
        Assert.NotEqual(forward.Forwarder, Original(practice, "contact_email"));
        Assert.Equal(forward.Contact, Original(practice, "contact_email"));
        Assert.DoesNotContain(practice.Answers, a => (a.Original ?? "").Contains(forward.OwnWords, StringComparison.Ordinal));
        var missing = Part(reply, "mail.reply_missing", forward.Language);
        if (forward.Contact is null)
        {
            Assert.Contains($"[{Key("contact_email")}]", missing, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain($"[{Key("contact_email")}]", missing, StringComparison.Ordinal);
        }
        // The researchers see who forwarded it.
        var flag = Assert.Single(practice.Flags, f => f.Reason == FlagReasons.ForwardedBy);
        Assert.Contains("forwarded by " + forward.Forwarder, flag.Detail, StringComparison.Ordinal);
        Assert.Contains(forward.Contact ?? "names no address", flag.Detail, StringComparison.Ordinal);
    }
}
