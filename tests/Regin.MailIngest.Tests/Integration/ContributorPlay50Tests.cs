using static Regin.MailIngest.Tests.Integration.ContributorPlay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.Review;
using Regin.Core.Templates;
using Regin.MailIngest.Tests.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Session 50: the mail door as contributors really write, through a real Dovecot, the watcher and smtp4dev: a new contact
/// address accepted by a researcher is used only once it writes from there; a Spanish mail of key lines only is Spanish;
/// a partial consent asked as a question; a phone's top-posted "1. yes 2. Graz 3. 2023" under our last reply. With
/// REGIN_PLAY_OUT set, each mail in and reply out is written there.
/// </summary>
public sealed class ContributorPlay50Tests(MailServers servers) : IClassFixture<MailServers>
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    private static readonly DateTimeOffset Tuesday = new(2026, 12, 1, 9, 40, 0, TimeSpan.FromHours(1));

    // ---------------------------------------------------------------------------------------------------------------
    // 1. A new contact address accepted by a researcher: used once a mail from it arrives in the thread.

    /// <summary>
    /// Ana moved from the Diputación to the Generalitat. Her phone's mail (its server signs nothing) asks in the practice's
    /// thread to use her new address; the change is held, the researcher accepts it. Replies, reminders and notices still go
    /// to the old, verified address (was: at once to the new one), which is told once; her first authenticated mail from the
    /// new address in the thread switches the practice to it. Every raw mail and each decision is in the history.
    /// </summary>
    [Theory]
    [InlineData(TestProviders.Sqlite)]
    [InlineData(TestProviders.PostgreSql)]
    public async Task An_accepted_new_contact_address_is_used_only_once_a_mail_from_it_arrives_in_the_thread(string provider)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, provider);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "es-new-address");
        // Each run's own addresses: smtp4dev holds every run's mails (and both providers number their first practice alike).
        var tag = Guid.NewGuid().ToString("N")[..6];
        var Old = $"ana.ruiz.{tag}@diputacionalicante.example";
        var New = $"ana.ruiz.{tag}@gva.example";
        var (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client("outlook", $"\"Ruiz Ana\" <{Old}>", "Práctica REGIN", "Buenos días:\n\n" + CompleteWithout("es", "start_date"), Tuesday));
        var reference = practice.Reference;
        Assert.Equal(Old, practice.ContributorEmail);

        // From her phone, through a server our server cannot vouch for: held, nothing applied; the contact is told.
        var phone = ContributorPlay49Tests.Client("apple", $"Ana Ruiz <{Old}>", "Re: " + reply.Subject,
            $"Hola, por favor a partir de ahora usad mi nueva dirección:\n[{Key("contact_email")}] {New}\n\nGracias\nAna\n\nEnviado desde mi iPhone", Tuesday.AddDays(1), reply.MessageId);
        phone.Headers.RemoveAll("Authentication-Results");
        phone.MessageId = $"{user}.{phone.MessageId}";
        await servers.AppendAsync(user, phone);
        Flag? held = null;
        await Eventually.UntilAsync(async () => (held = (await host.PracticeAsync(reference))!.Flags.FirstOrDefault(f => f.Reason == FlagReasons.ChangeHeld && f.QuestionId == "contact_email")) is not null, 120);
        Assert.True(HeldChange.TryRead(held!.Detail, out var proposed));
        Assert.Equal(New, proposed.Text);

        // The researcher accepts it on the review screen.
        await host.WithScopeAsync(async sp =>
        {
            var editor = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<PracticeEditor>(sp,
                Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<ReviewChanges>(sp), new OutboxContributorNotifier(sp.GetRequiredService<ReginDbContext>()));
            return await editor.AcceptHeldChangeAsync(practice.Id, held.Id, "she phoned to confirm", "researcher@crpm.org", null);
        });
        practice = (await host.PracticeAsync(reference))!;
        Assert.Equal($"\"{New}\"", Answer(practice, "contact_email"));
        Assert.Equal(Old, practice.ContributorEmail);
        var pending = Assert.Single(practice.Flags, f => f.Reason == FlagReasons.ContactEmailUnconfirmed && !f.Resolved);
        Assert.StartsWith(New + "\n", pending.Detail, StringComparison.Ordinal);

        // The old address gets one notice, in Spanish, naming the new address, in the practice's thread.
        MimeMessage? notice = null;
        await Eventually.UntilAsync(async () => (notice = (await servers.SentRepliesAsync()).LastOrDefault(m =>
            m.To.Mailboxes.Any(a => a.Address == Old) && (m.Subject ?? "").Contains(reference!, StringComparison.Ordinal)
            && Body(m).Contains(New, StringComparison.Ordinal))) is not null, 120);
        Assert.Equal("es", Language(notice!));
        Assert.Contains(Opening("review.contact_change_pending", "es"), Body(notice!), StringComparison.Ordinal);
        Assert.DoesNotContain((await servers.SentRepliesAsync()), m => m.To.Mailboxes.Any(a => a.Address == New));

        // Her first mail from the new address, in the thread (Gmail at the Generalitat, authenticated): from now on the
        // practice writes there.
        (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client("gmail", $"Ana Ruiz <{New}>", "Re: " + reply.Subject,
            $"[{Key("start_date")}] marzo 2021\n\nUn saludo,\nAna", Tuesday.AddDays(2), notice!.MessageId), reference);
        await host.Host.StopAsync();
        Assert.Equal(New, practice.ContributorEmail);
        Assert.Equal("\"2021-03\"", Answer(practice, "start_date"));
        Assert.DoesNotContain(practice.Flags, f => f.Reason == FlagReasons.ContactEmailUnconfirmed && !f.Resolved);
        var history = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().PracticeEvents.AsNoTracking()
            .Where(e => e.PracticeId == practice.Id).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
        Assert.Equal(new[] { PracticeEditor.HeldChangeAccepted, FlagReasons.ContactEmailUnconfirmed, ContactAddressChange.Confirmed },
            history.Where(k => k is PracticeEditor.HeldChangeAccepted or FlagReasons.ContactEmailUnconfirmed or ContactAddressChange.Confirmed));
        // Her three mails are kept raw, the held one too.
        Assert.Equal(3, await host.CountAsync(db => db.RawInputs.Count(r => r.Channel == Channels.Email)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 3. A mail of key lines only, no sentences: its language from the key words and values.

    public static TheoryData<string, string, string> KeyLinesOnly() => new()
    {
        { "es", "gmail", "Título: Aulas de acogida\nPaís: España\nRegión: Andalucía\nInicio: marzo 2021\nPresupuesto: 40.000 €" },
        { "es", "gmail", "Titulo: aulas de acogida\nPais: españa\nRegion: andalucia\nFecha de inicio: 2021\nPresupuesto: 40.000" },
        { "pt", "gmail", "Título: Balcão de acolhimento\nPaís: Portugal\nRegião: Norte\nInício: março 2021\nOrçamento: 40.000 €" },
        { "it", "outlook", "Titolo: Sportello lavoro migranti\nPaese: Italia\nRegione: Piemonte\nInizio: marzo 2021\nBilancio: 40.000 €" },
        // The template's keys, no label: only the values are Spanish (was answered in English, session 49).
        { "es", "gmail", $"[{Key("title")}] Aulas de acogida\n[{Key("region")}] Andalucía\n[{Key("lead_organisation_type")}] Autoridad regional\n"
            + $"[{Key("end_date")}] en curso\n[{Key("integration_areas")}] Mercado laboral y empleo\n[{Key("consent_publish")}] sí" },
    };

    /// <summary>
    /// "Título: …", "Región: …", short values, no greeting, no sentence, from a Gmail address (no country, no
    /// Content-Language): the draft and the reply are in the mail's language (the Spanish ones were English).
    /// </summary>
    [Theory]
    [MemberData(nameof(KeyLinesOnly))]
    public async Task A_mail_of_key_lines_only_is_read_and_answered_in_its_language(string language, string client, string lines)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, $"{language}-key-lines-{lines.Length}");
        var (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client(client, $"oficina.acogida.{language}{lines.Length}@gmail.com", "REGIN", lines, Tuesday));
        await host.Host.StopAsync();
        Assert.Equal(language, practice.Language);
        Assert.Equal(language, Language(reply));
        Assert.NotEqual("(none)", Answer(practice, "title"));
        Assert.NotEqual("(none)", Answer(practice, "region"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 4. A partial consent written as a question: ContributorPlay49Tests.PartialConsents (its es, de, it question cases).

    // ---------------------------------------------------------------------------------------------------------------
    // 5. A phone's reply: top-posted, no template, "1. yes 2. Graz 3. 2023", our last reply quoted below.

    /// <summary>
    /// An official's iPhone reply to our reply listing what is missing (region, start date, consent, in that order):
    /// "1. Schwaben 2. 2023 3. ja" above "Von meinem iPhone gesendet" and our mail quoted below: read against the numbered
    /// questions of our last reply in the thread.
    /// </summary>
    [Theory]
    [InlineData("de", "1. Schwaben\n2. 2023\n3. ja\n\nVon meinem iPhone gesendet", "Am 01.12.2026 um 09:41 schrieb REGIN Integration Lab <reginproject@crpm.org>:")]
    [InlineData("en", "1. Munster 2. 2023 3. yes\n\nSent from my iPhone", "On 1 Dec 2026, at 09:41, REGIN Integration Lab <reginproject@crpm.org> wrote:")]
    public async Task A_phone_reply_of_numbered_answers_is_read_against_our_last_reply(string language, string answers, string attribution)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, $"{language}-phone-numbered");
        var o = MailRound46Tests.Officials[language];
        var (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client("outlook", o.From, "REGIN", CompleteWithout(language, "consent_publish", "region", "start_date"), Tuesday));
        Assert.Equal("(none)", Answer(practice, "region"));
        var quoted = string.Join("\n", Body(reply).Split('\n').Select(l => l.Length == 0 ? ">" : "> " + l));
        (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client("apple", o.From, "Re: " + reply.Subject, $"{answers}\n\n{attribution}\n\n{quoted}\n", Tuesday.AddHours(2), reply.MessageId), practice.Reference);
        await host.Host.StopAsync();
        Assert.Equal("true", Answer(practice, "consent_publish"));
        Assert.NotEqual("(none)", Answer(practice, "region"));
        Assert.Equal("\"2023\"", Answer(practice, "start_date"));
        Assert.Equal(PracticeStatus.Submitted, practice.Status);
    }
}
