using static Regin.MailIngest.Tests.Integration.ContributorPlay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Tests.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Session 51: the mail door as contributors really write, through a real Dovecot, the watcher and smtp4dev: a colleague's
/// verified mail giving a new contact address waits for a mail from it. With REGIN_PLAY_OUT set, each mail in and reply out
/// is written there.
/// </summary>
public sealed class ContributorPlay51Tests(MailServers servers) : IClassFixture<MailServers>
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 10, 0, TimeSpan.FromHours(1));

    /// <summary>
    /// Item 7. Ana's colleague Marta, at the same Diputación (her mail authenticated: DMARC passes), answers in the practice's
    /// thread with the start date and a new contact e-mail (the end date still missing), her own. The answer holds the new address, but replies, reminders
    /// and notices still go to Ana's until a mail from Marta's address arrives in the thread (was: at once, by
    /// <c>PracticeAnswers.Set</c>); Ana is told once, in Spanish, who gave which address. Marta's next mail switches it.
    /// </summary>
    [Fact]
    public async Task A_verified_colleagues_new_contact_address_waits_for_a_mail_from_it()
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "es-colleague-address");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var Ana = $"ana.ruiz.{tag}@diputacionalicante.example";
        var Marta = $"marta.gil.{tag}@diputacionalicante.example";
        var (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client("outlook", $"\"Ruiz Ana\" <{Ana}>", "Práctica REGIN", "Buenos días:\n\n" + CompleteWithout("es", "start_date", "end_date"), Monday));
        var reference = practice.Reference;
        Assert.Equal(Ana, practice.ContributorEmail);

        (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client("gmail", $"Marta Gil <{Marta}>", "Re: " + reply.Subject,
            $"Hola, Ana está de baja, a partir de ahora llevo yo la ficha.\n[{Key("start_date")}] marzo 2021\n[{Key("contact_email")}] {Marta}\n\nSaludos\nMarta",
            Monday.AddDays(1), reply.MessageId), reference);
        Assert.Equal("\"2021-03\"", Answer(practice, "start_date"));
        Assert.Equal($"\"{Marta}\"", Answer(practice, "contact_email"));
        Assert.Equal(Ana, practice.ContributorEmail);
        var pending = Assert.Single(practice.Flags, f => f.Reason == FlagReasons.ContactEmailUnconfirmed && !f.Resolved);
        Assert.StartsWith(Marta + "\n", pending.Detail, StringComparison.Ordinal);

        // Ana is told once, in Spanish, at her own address: who wrote, which address.
        MimeMessage? notice = null;
        await Eventually.UntilAsync(async () => (notice = (await servers.SentRepliesAsync()).LastOrDefault(m =>
            m.To.Mailboxes.Any(a => a.Address == Ana) && Body(m).Contains(Opening("mail.contact_change_by_mail", "es"), StringComparison.Ordinal))) is not null, 120);
        Assert.Equal("es", Language(notice!));
        Assert.Contains(Marta, Body(notice!), StringComparison.Ordinal);

        // Marta's next mail from her address, in the thread: from now on the practice writes there.
        (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client("gmail", $"Marta Gil <{Marta}>", "Re: " + reply.Subject,
            $"[{Key("end_date")}] en curso\n\nMarta", Monday.AddDays(2), reply.MessageId), reference);
        await host.Host.StopAsync();
        Assert.Equal(Marta, practice.ContributorEmail);
        Assert.Equal("\"ongoing\"", Answer(practice, "end_date"));
        Assert.DoesNotContain(practice.Flags, f => f.Reason == FlagReasons.ContactEmailUnconfirmed && !f.Resolved);
        var history = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().PracticeEvents.AsNoTracking()
            .Where(e => e.PracticeId == practice.Id).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
        Assert.Equal(new[] { FlagReasons.ContactEmailUnconfirmed, ContactAddressChange.Confirmed },
            history.Where(k => k is FlagReasons.ContactEmailUnconfirmed or ContactAddressChange.Confirmed));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 1. A first mail in prose, no template, no key lines: what it names is read, kept as read from prose.

    public static TheoryData<string, string, string, string, string, string> ProseFirstMails() => new()
    {
        {
            "sv", "anna.lind@umea-kommun.example",
            "Hej!\n\nHär kommer vår praktik till er databas. Vi heter Umeå kommun, projektet heter Språkvän, vi har hållit på sedan 2019 och träffar nyanlända varje vecka.\n\nMvh\nKarin Lind",
            "Umeå kommun", "Språkvän", "\"2019\""
        },
        {
            "el", "e.mavridou@lesvos-dimos.example",
            "Καλημέρα σας,\n\nείμαστε ο Δήμος Λέσβου και θα θέλαμε να σας στείλουμε μια πρακτική. Το πρόγραμμα ονομάζεται «Γέφυρες» και λειτουργεί από το 2020 στη Μυτιλήνη.\n\nΜε εκτίμηση,\nΕλένη Μαυρίδου",
            "Δήμος Λέσβου", "Γέφυρες", "\"2020\""
        },
        {
            "pt", "rita.sousa@cm-braga.example",
            "Bom dia,\n\nsomos a Câmara Municipal de Braga e o nosso projeto chama-se Braga Acolhe, funciona desde setembro de 2021 e apoia famílias refugiadas.\n\nCumprimentos,\nRita Sousa",
            "Câmara Municipal de Braga", "Braga Acolhe", "\"2021-09\""
        },
    };

    /// <summary>
    /// Item 1. A regional official's first mail, prose only, in her language: the organisation, the title and the start she
    /// names are stored (before: nothing, "needs info" and the template), each kept as typed and flagged as read from a
    /// sentence for the researcher; the reply, in her language, lists them and asks for the rest in the template attached.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProseFirstMails))]
    public async Task A_first_mail_in_prose_keeps_what_it_names_and_asks_for_the_rest(string language, string address, string text, string organisation, string title, string start)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, $"{language}-prose-first");
        var (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client("gmail", address, "REGIN", text, Monday));
        await host.Host.StopAsync();
        Assert.Equal(language, Language(reply));
        Assert.Equal(organisation, practice.Answers.Single(a => a.QuestionId == "lead_organisation").Original);
        Assert.Equal(title, practice.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.Equal(start, Answer(practice, "start_date"));
        foreach (var id in new[] { "lead_organisation", "title", "start_date" })
        {
            Assert.Contains(practice.Flags, f => f.Reason == FlagReasons.ReadFromProse && f.QuestionId == id && !f.Resolved);
        }
        Assert.Equal(PracticeStatus.Draft, practice.Status);
        var body = Body(reply);
        Assert.Contains(Opening("mail.reply_prose_first", language), body, StringComparison.Ordinal);
        Assert.Contains(title, body, StringComparison.Ordinal);
        Assert.Contains(Opening("mail.reply_rest_in_template", language), body, StringComparison.Ordinal); // what is missing, in the template
        Assert.NotEmpty(reply.Attachments); // the template
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 4 and 5. The signature's organisation and phone offered; the funding sources of the budget's line kept.

    /// <summary>
    /// Items 4, 5 and 6. A Greek official's template without her organisation and phone, which her signature holds, and the
    /// budget typed with its sources ("80.000 € από το ΕΣΠΑ και τον Δήμο"). The organisation and the phone are stored as
    /// offered from the signature, flagged, and the reply asks to confirm them; the budget is 80,000 and the sources go to
    /// the funding question, which asks which fund "ΕΣΠΑ" means. "Φορέας: Δήμος Μυτιλήνης σε συνεργασία με την ΜΚΟ Αλληλεγγύη"
    /// (typed after the organisation's key) is the leading organisation and its partner, offered for the empty partners' question.
    /// </summary>
    [Fact]
    public async Task A_Greek_signatures_organisation_and_phone_are_offered_and_the_budgets_sources_kept()
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "el-signature");
        var o = MailRound46Tests.Officials["el"];
        var text = "Καλημέρα,\n\n" + CompleteWithout("el", "contact_organisation", "lead_organisation").Replace("\n\nΜε εκτίμηση,",
                $"\n[{Key("lead_organisation")}] Δήμος Μυτιλήνης σε συνεργασία με την ΜΚΟ Αλληλεγγύη\nΠροϋπολογισμός: 80.000 € από το ΕΣΠΑ και τον Δήμο\n\nΜε εκτίμηση,", StringComparison.Ordinal)
            + " Παπαδάκης\nΚοινωνική Υπηρεσία Δήμου Μυτιλήνης\nτηλ. 22510 12345\n";
        var (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client("outlook", o.From, "Φόρμα REGIN", text, Monday, charset: "windows-1253"));
        await host.Host.StopAsync();
        Assert.Equal("el", Language(reply));
        Assert.Equal("Κοινωνική Υπηρεσία Δήμου Μυτιλήνης", practice.Answers.Single(a => a.QuestionId == "contact_organisation").Original);
        Assert.Equal("22510 12345", practice.Answers.Single(a => a.QuestionId == "contact_phone").Original);
        Assert.Contains(practice.Flags, f => f.Reason == FlagReasons.ReadFromSignature && f.QuestionId == "contact_organisation");
        Assert.Contains(practice.Flags, f => f.Reason == FlagReasons.ReadFromSignature && f.QuestionId == "contact_phone");
        Assert.Contains(Opening("mail.reply_assumed", "el"), Body(reply), StringComparison.Ordinal);
        Assert.Equal("80000", Answer(practice, "budget_eur"));
        Assert.Equal("80.000 €", practice.Answers.Single(a => a.QuestionId == "budget_eur").Original);
        // Item 6: the organisation line names its partner; the partners' line was left empty, so they are offered there.
        Assert.Equal("Δήμος Μυτιλήνης", practice.Answers.Single(a => a.QuestionId == "lead_organisation").Original);
        Assert.Contains("Αλληλεγγύη", practice.Answers.Single(a => a.QuestionId == "partners").Original, StringComparison.Ordinal);
        Assert.Contains(practice.Flags, f => f.Reason == FlagReasons.ReadFromProse && f.QuestionId == "partners");
        // "ΕΣΠΑ" names the structural funds (ESF+ or ERDF): the funding question asks which, as it does for the words typed
        // on its own line; the sources are no longer lost.
        var funding = Body(reply)[Body(reply).IndexOf($"[{Key("funding_sources")}]", StringComparison.Ordinal)..];
        Assert.Contains("«ΕΣΠΑ»", funding[..funding.IndexOf("\n  [", 1, StringComparison.Ordinal)], StringComparison.Ordinal);
    }
}
