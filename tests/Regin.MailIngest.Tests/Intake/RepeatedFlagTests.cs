using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Persistence;
using Regin.Core.Reminders;
using Regin.Core.Review;
using Regin.MailIngest.Intake;
using Xunit;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// A flood of forged data requests (session 49): each is refused and kept raw, and her practice keeps one open flag per
/// address and kind, the later ones counted on it; a resolved flag is not counted on (the next forged request opens one).
/// Session 50: forged STOPs, changes and look-alike senders held in her thread likewise, each held mail listed on the
/// practice page from the counted flag, "Stop the reminders" logging the newest.
/// </summary>
public sealed class RepeatedFlagTests
{
    private static MimeMessage Mail(string subject, string body, bool authenticated, MailboxAddress? from = null)
    {
        var message = new MimeMessage();
        message.From.Add(from ?? new MailboxAddress("Alice Example", "alice@example.org"));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("mx.attacker.example");
        message.Body = new TextPart("plain") { Text = body };
        return authenticated ? MailTestHost.Authenticated(message) : message;
    }

    [Fact]
    public async Task Twelve_forged_erase_my_data_mails_leave_one_open_flag_counting_them_and_a_forged_copy_request_its_own()
    {
        await using var host = await MailTestHost.CreateAsync();
        var first = await host.IngestAsync(Mail("REGIN", "[Q05] Homework club in the library\n[Q13] 2019", authenticated: true));
        var ids = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            var forged = await host.IngestAsync(Mail("erase my data", "delete everything", authenticated: false));
            Assert.Equal(MailOutcomes.DataRequestRefused, forged.Outcome);
            ids.Add(forged.RawInputId);
        }
        var copy = await host.IngestAsync(Mail("my data", "send it to me", authenticated: false));
        var practice = (await host.PracticeAsync(first.Reference))!;
        Assert.Equal("Homework club in the library", practice.Answers.Single(a => a.QuestionId == "title").Original);
        var erasure = Assert.Single(practice.Flags, f => f.Detail!.Contains("asks for the erasure", StringComparison.Ordinal));
        Assert.StartsWith($"mail #{ids[0]} from alice@example.org (", erasure.Detail, StringComparison.Ordinal);
        Assert.EndsWith($" [11 more like it, the last mail #{ids[^1]}]", erasure.Detail, StringComparison.Ordinal);
        var asked = Assert.Single(practice.Flags, f => f.Detail!.Contains("asks for a copy", StringComparison.Ordinal));
        Assert.StartsWith($"mail #{copy.RawInputId} ", asked.Detail, StringComparison.Ordinal);
        // Every forged mail is kept raw.
        Assert.Equal(14, await host.CountAsync(db => db.RawInputs.Count()));
    }

    /// <summary>A mail in her thread, answering our first reply (a forger has a copy of it).</summary>
    private static MimeMessage InHerThread(MimeMessage ours, string body, MailboxAddress? from = null)
    {
        var mail = Mail("Re: " + ours.Subject, body, authenticated: false, from);
        mail.InReplyTo = ours.MessageId;
        mail.References.Add(ours.MessageId!);
        return mail;
    }

    [Fact]
    public async Task Forged_STOPs_in_her_thread_leave_one_flag_naming_the_newest_each_held_mail_listed_and_Stop_the_reminders_logs_the_newest()
    {
        await using var host = await MailTestHost.CreateAsync();
        var first = await host.IngestAsync(Mail("REGIN", "[Q05] Homework club in the library\n[Q13] 2019", authenticated: true));
        var ours = Assert.Single(await host.OutboxAsync());
        // As a script sends them, and one as she would type it on her phone.
        var words = new[] { "STOP", "stop!!", "Arrêter.", "Keine Erinnerungen", "stop", "Inga påminnelser" };
        var ids = new List<long>();
        foreach (var said in words)
        {
            var held = await host.IngestAsync(InHerThread(ours, said + "\n\nSent from my iPhone"));
            Assert.True(held.Outcome == MailOutcomes.UnverifiedUpdate, $"{held.Outcome} {held.Detail}");
            ids.Add(held.RawInputId);
        }
        var practice = (await host.PracticeAsync(first.Reference))!;
        Assert.Equal("Homework club in the library", practice.Answers.Single(a => a.QuestionId == "title").Original);
        var flag = Assert.Single(practice.Flags, f => f.Detail!.Contains(DraftReminderStops.HeldStopPhrase, StringComparison.Ordinal));
        Assert.StartsWith($"mail #{ids[0]} from alice@example.org (", flag.Detail, StringComparison.Ordinal);
        Assert.EndsWith($" [5 more like it, the last mail #{ids[^1]} from alice@example.org: \"Inga påminnelser\"]", flag.Detail, StringComparison.Ordinal);
        Assert.True(DraftReminderStops.IsHeldStop(flag));

        // Each held STOP's words and raw mail are on the practice page with the flag, though none is linked to the practice.
        var details = (await host.WithScopeAsync(sp => new ReviewQueries(sp.GetRequiredService<ReginDbContext>()).GetAsync(practice.Id)))!;
        foreach (var (id, said) in ids.Zip(words))
        {
            var raw = Assert.Single(details.RawInputs, r => r.Id == id);
            Assert.Contains(said.Split(' ')[0], raw.Text, StringComparison.Ordinal);
            Assert.StartsWith("unverified_update " + first.Reference + " held in our thread: stop not applied", raw.OutcomeDetail, StringComparison.Ordinal);
        }

        // "Stop the reminders" (the researcher checked it with her): the history keeps the newest mail and its words.
        await host.WithScopeAsync(async sp =>
        {
            var editor = ActivatorUtilities.CreateInstance<PracticeEditor>(sp, ActivatorUtilities.CreateInstance<ReviewChanges>(sp),
                new OutboxContributorNotifier(sp.GetRequiredService<ReginDbContext>()));
            await editor.HonourHeldStopAsync(practice.Id, flag.Id, "phoned her", "researcher@crpm.org", expected: null);
            return 0;
        });
        var honoured = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().PracticeEvents.AsNoTracking()
            .SingleAsync(e => e.PracticeId == practice.Id && e.Kind == PracticeEditor.HeldStopHonoured));
        Assert.Contains($"the last mail #{ids[^1]} from alice@example.org: \"Inga påminnelser", honoured.OldValue + honoured.NewValue + honoured.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forty_forged_mails_from_forty_look_alike_addresses_leave_at_most_ten_flags_of_a_kind_and_a_forged_change_flood_one_held_value()
    {
        await using var host = await MailTestHost.CreateAsync();
        var first = await host.IngestAsync(Mail("REGIN", "[Q05] Homework club in the library\n[Q13] 2019", authenticated: true));
        var ours = Assert.Single(await host.OutboxAsync());
        var before = (await host.PracticeAsync(first.Reference))!.Answers.Select(a => $"{a.QuestionId}={a.Original}").Order().ToList();
        for (var i = 0; i < 40; i++)
        {
            var from = new MailboxAddress("Alice Example", $"alice{i}@examp1e.org");
            var forged = await host.IngestAsync(InHerThread(ours, $"[Q13] {1990 + i}", from));
            Assert.True(forged.Outcome == MailOutcomes.UnverifiedUpdate, $"{forged.Outcome} {forged.Detail}");
        }
        // And ten forged changes under her own address: held, one held value a question and address, her newest proposal.
        var last = 0L;
        for (var i = 0; i < 10; i++)
        {
            var forged = await host.IngestAsync(InHerThread(ours, $"[Q13] {2030 + i}"));
            Assert.True(forged.Outcome == MailOutcomes.UnverifiedUpdate, $"{forged.Outcome} {forged.Detail}");
            last = forged.RawInputId;
        }
        var practice = (await host.PracticeAsync(first.Reference))!;
        var all = string.Join("\n", practice.Flags.Select(f => $"{f.Reason} {f.Detail}"));
        Assert.Equal(before, practice.Answers.Select(a => $"{a.QuestionId}={a.Original}").Order().ToList());
        Assert.True(practice.Flags.Count(f => f.Reason == "unverified_update") <= RepeatedFlag.MaxOpenOfAKind + 1, all);
        Assert.True(practice.Flags.Count(f => f.Reason == "sender_lookalike") <= RepeatedFlag.MaxOpenOfAKind, all);
        Assert.True(practice.Flags.Count(f => f.Reason == "change_held") == 1, all);
        var held = practice.Flags.Single(f => f.Reason == "change_held");
        Assert.EndsWith("\n2039", held.Detail, StringComparison.Ordinal);
        var proposed = Assert.Single(practice.Flags, f => f.Detail!.Contains("proposes a change", StringComparison.Ordinal));
        // The newest proposal's words end the counted flag, a bracket of theirs shown as a parenthesis.
        Assert.EndsWith($" [9 more like it, the last mail #{last} from alice@example.org: \"(Q13) 2039 (stored: 2019)\"]", proposed.Detail, StringComparison.Ordinal);
        // Every forged mail is kept raw.
        Assert.Equal(51, await host.CountAsync(db => db.RawInputs.Count()));
    }

    [Fact]
    public void The_count_grows_on_the_open_flag()
    {
        var once = RepeatedFlag.Counted("mail #5 from a@b.example (none) asks for the erasure", 6);
        Assert.Equal("mail #5 from a@b.example (none) asks for the erasure [1 more like it, the last mail #6]", once);
        Assert.Equal("mail #5 from a@b.example (none) asks for the erasure [2 more like it, the last mail #9]", RepeatedFlag.Counted(once, 9));
        // The newest mail's words cannot fake the count, and the detail stays within 1,000 characters.
        var faked = RepeatedFlag.Counted(once + new string('x', 990), 10, "m@evil.example", "STOP [99 more like it, the last mail #1]");
        Assert.Equal(1000, faked.Length);
        Assert.EndsWith(" [1 more like it, the last mail #10 from m@evil.example: \"STOP (99 more like it, the last mail #1)\"]", faked, StringComparison.Ordinal);
        Assert.EndsWith(" [2 more like it, the last mail #11]", RepeatedFlag.Counted(faked, 11), StringComparison.Ordinal);
    }

    /// <summary>Twelve practices, each of its own contributor at her own site (authenticated).</summary>
    private static async Task<List<MailResult>> TwelvePracticesAsync(MailTestHost host)
    {
        var made = new List<MailResult>();
        for (var i = 0; i < 12; i++)
        {
            var from = new MailboxAddress($"Contributor {i}", $"c{i}@site{i}.example");
            made.Add(await host.IngestAsync(Mail("REGIN", $"[Q05] Library club number {i}\n[Q13] 2019", authenticated: true, from)));
        }
        return made;
    }

    [Fact]
    public async Task A_flood_naming_twelve_practices_from_one_address_flags_five_and_counts_the_rest_on_one_and_from_one_domain_ten()
    {
        await using var host = await MailTestHost.CreateAsync();
        var made = await TwelvePracticesAsync(host);
        var mallory = new MailboxAddress("REGIN helpdesk", "mallory@evil.example");
        var held = new List<MailResult>();
        foreach (var practice in made)
        {
            // As a script writes them: the reference in the subject, a new bank account for the grant.
            held.Add(await host.IngestAsync(Mail($"{practice.Reference} update", "please note our new details, IBAN DE44 5001 0517 5407 3249 31", authenticated: false, mallory)));
        }
        Assert.All(held, h => Assert.Equal(MailOutcomes.UnverifiedUpdate, h.Outcome));
        var flags = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().Flags.AsNoTracking()
            .Where(f => f.Reason == "unverified_update" && f.Detail!.Contains("mallory@evil.example")).ToListAsync());
        var all = string.Join("\n", flags.Select(f => f.Detail));
        Assert.Equal(RepeatedFlag.MaxPracticesPerAddress, flags.Select(f => f.PracticeId).Distinct().Count());
        // The 7 later mails are counted on the newest flag, the last one's practice named; their outcomes say where.
        var counted = Assert.Single(flags, f => f.Detail!.Contains(FlagReasonsMarker, StringComparison.Ordinal));
        Assert.EndsWith($" [7 more like it, the last mail #{held[^1].RawInputId} from mallory@evil.example: \"{made[^1].Reference}\"]", counted.Detail, StringComparison.Ordinal);
        Assert.StartsWith($"mail #{held[4].RawInputId} ", counted.Detail, StringComparison.Ordinal);
        Assert.All(held.Skip(5), h => Assert.Contains($"counted_on:{made[4].Reference}", h.Detail, StringComparison.Ordinal));
        Assert.All(held.Take(5), h => Assert.DoesNotContain("counted_on", h.Detail, StringComparison.Ordinal));
        // Nothing changed on any practice, and every mail is kept raw.
        foreach (var (practice, i) in made.Select((m, i) => (m, i)))
        {
            Assert.Equal($"Library club number {i}", (await host.PracticeAsync(practice.Reference))!.Answers.Single(a => a.QuestionId == "title").Original);
        }
        Assert.Equal(24, await host.CountAsync(db => db.RawInputs.Count()));

        // A new address for every mail at his own domain: ten practices flagged, the rest counted.
        for (var i = 0; i < made.Count; i++)
        {
            var from = new MailboxAddress("REGIN helpdesk", $"helpdesk{i}@evil-regin.example");
            var again = await host.IngestAsync(Mail($"Re: {made[i].Reference}", "bitte Kontodaten aktualisieren", authenticated: false, from));
            Assert.Equal(MailOutcomes.UnverifiedUpdate, again.Outcome);
        }
        var site = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().Flags.AsNoTracking()
            .Where(f => f.Reason == "unverified_update" && f.Detail!.Contains("@evil-regin.example")).Select(f => f.PracticeId).ToListAsync());
        Assert.Equal(RepeatedFlag.MaxPracticesPerDomain, site.Distinct().Count());
        Assert.True(site.Count == RepeatedFlag.MaxPracticesPerDomain, all);
    }

    private const string FlagReasonsMarker = Regin.Core.Normalisation.FlagReasons.CountedMarker;

    /// <summary>
    /// Session 52: a flood of held changes from one address over 120 practices (a regional office's shared address, its DKIM
    /// broken or forged, in the thread of each practice its colleagues filed): the contributors of the five practices it
    /// flags first are told, as before; the 115 practices whose mails are counted on the fifth's flag were not touched, and
    /// their contributors are not told; the flag counts them ("; 115 contributors not told").
    /// </summary>
    [Fact]
    public async Task A_flood_of_held_changes_over_120_practices_tells_the_contributors_of_the_five_flagged_and_counts_the_rest_not_told()
    {
        // The hourly cap on all replies (100) would hold back the 120 first replies; the cap under test is the flood's.
        await using var host = await MailTestHost.CreateAsync(new Dictionary<string, string?> { ["Mail:MaxRepliesPerHour"] = "1000" });
        var made = new List<MailResult>();
        for (var i = 0; i < 120; i++)
        {
            var from = new MailboxAddress($"Colleague {i}", $"c{i}@region.example");
            made.Add(await host.IngestAsync(Mail("REGIN", $"[Q05] Library club number {i}\n[Q13] 2019", authenticated: true, from)));
        }
        var ours = await host.OutboxAsync();
        Assert.Equal(120, ours.Count);
        var office = new MailboxAddress("EU office", "c0@region.example");
        var held = new List<MailResult>();
        foreach (var (practice, i) in made.Select((m, i) => (m, i)))
        {
            var reply = ours.Single(m => m.To.Mailboxes.Single().Address == $"c{i}@region.example");
            held.Add(await host.IngestAsync(InHerThread(reply, "[Q13] 2011", office)));
        }
        Assert.All(held, h => Assert.Equal(MailOutcomes.UnverifiedUpdate, h.Outcome));
        var notices = (await host.OutboxAsync()).Skip(ours.Count).ToList();
        Assert.Equal(RepeatedFlag.MaxPracticesPerAddress, notices.Count);
        Assert.All(notices, n => Assert.Equal("auto-generated", n.Headers["Auto-Submitted"]));
        Assert.Equal([.. Enumerable.Range(0, 5).Select(i => $"c{i}@region.example")], notices.Select(n => n.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        Assert.All(held.Take(5), h => Assert.Contains("contact_told", h.Detail, StringComparison.Ordinal));
        Assert.All(held.Skip(5), h => Assert.Contains($"counted_on:{made[4].Reference} contact_not_told", h.Detail, StringComparison.Ordinal));
        var counted = (await host.PracticeAsync(made[4].Reference))!.Flags.Single(f => f.Detail!.Contains(FlagReasonsMarker, StringComparison.Ordinal));
        Assert.EndsWith($"; 115 contributors not told]", counted.Detail, StringComparison.Ordinal);
        Assert.Contains($" [115 more like it, the last mail #{held[^1].RawInputId} from c0@region.example", counted.Detail, StringComparison.Ordinal);
        // Nothing changed on any practice; every mail kept raw.
        Assert.All(await Task.WhenAll(made.Select(m => host.PracticeAsync(m.Reference))), p => Assert.Equal("2019", p!.Answers.Single(a => a.QuestionId == "start_date").Original));
        Assert.Equal(240, await host.CountAsync(db => db.RawInputs.Count()));
    }

    /// <summary>
    /// Session 53: the flood's "N contributors not told" counts practices, not mails. The once-a-day notice would have told
    /// each practice's contributor once, so a flood naming the same practices again the same day adds no one to the count.
    /// </summary>
    [Fact]
    public async Task A_flood_naming_the_same_practices_twice_counts_each_contributor_not_told_once()
    {
        await using var host = await MailTestHost.CreateAsync();
        var made = new List<MailResult>();
        for (var i = 0; i < 8; i++)
        {
            var from = new MailboxAddress($"Colleague {i}", $"c{i}@region.example");
            made.Add(await host.IngestAsync(Mail("REGIN", $"[Q05] Library club number {i}\n[Q13] 2019", authenticated: true, from)));
        }
        var ours = await host.OutboxAsync();
        var office = new MailboxAddress("EU office", "c0@region.example");
        var held = new List<MailResult>();
        // Every practice once, then the three counted ones again (the script ran twice), the last one a third time.
        foreach (var (i, year) in Enumerable.Range(0, 8).Select(i => (i, "2011")).Concat([(5, "2012"), (6, "2012"), (7, "2012"), (7, "2013")]))
        {
            var reply = ours.Single(m => m.To.Mailboxes.Single().Address == $"c{i}@region.example");
            held.Add(await host.IngestAsync(InHerThread(reply, $"[Q13] {year}", office)));
        }
        Assert.All(held, h => Assert.Equal(MailOutcomes.UnverifiedUpdate, h.Outcome));
        Assert.Equal(RepeatedFlag.MaxPracticesPerAddress, (await host.OutboxAsync()).Count - ours.Count);
        Assert.All(held.Skip(5), h => Assert.Contains($"counted_on:{made[4].Reference} contact_not_told", h.Detail, StringComparison.Ordinal));
        var counted = (await host.PracticeAsync(made[4].Reference))!.Flags.Single(f => f.Detail!.Contains(FlagReasonsMarker, StringComparison.Ordinal));
        // 7 mails counted, 3 practices: 3 contributors not told, not 7.
        Assert.Contains($" [7 more like it, the last mail #{held[^1].RawInputId} from c0@region.example", counted.Detail, StringComparison.Ordinal);
        Assert.EndsWith("; 3 contributors not told]", counted.Detail, StringComparison.Ordinal);
        Assert.Equal(20, await host.CountAsync(db => db.RawInputs.Count()));
    }

    [Fact]
    public void The_contributors_not_told_are_counted_on_the_flag_and_words_cannot_fake_them()
    {
        var once = RepeatedFlag.Counted("mail #5 from a@b.example (none) in this practice's thread proposes a change", 6, "a@b.example", "REGIN-0007", notTold: true);
        Assert.EndsWith(" [1 more like it, the last mail #6 from a@b.example: \"REGIN-0007\"; 1 contributor not told]", once, StringComparison.Ordinal);
        var twice = RepeatedFlag.Counted(once, 7, "a@b.example", "REGIN-0008; 99 contributors not told", notTold: true);
        Assert.EndsWith("; 2 contributors not told]", twice, StringComparison.Ordinal);
        Assert.Equal(2, RepeatedFlag.NotToldOf(twice));
        var thrice = RepeatedFlag.Counted(twice, 8, "a@b.example", "REGIN-0009");
        Assert.EndsWith(" [3 more like it, the last mail #8 from a@b.example: \"REGIN-0009\"; 2 contributors not told]", thrice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_contributor_writing_unauthenticated_about_her_three_practices_gets_a_flag_on_each()
    {
        await using var host = await MailTestHost.CreateAsync();
        await TwelvePracticesAsync(host);
        // Her three practices, made while her server still signed her mail; then her domain's DKIM broke.
        var maria = new MailboxAddress("Maria Rossi", "maria.rossi@comune.example.it");
        var hers = new List<MailResult>();
        foreach (var title in new[] { "Sportello migranti", "Orti urbani", "Biblioteca diffusa" })
        {
            hers.Add(await host.IngestAsync(Mail("REGIN", $"[Q05] {title}\n[Q13] 2021", authenticated: true, maria)));
        }
        var ours = await host.OutboxAsync();
        foreach (var (practice, i) in hers.Select((h, i) => (h, i)))
        {
            var reply = ours.Single(m => m.To.Mailboxes.Any(b => b.Address == maria.Address) && (m.Subject ?? "").Contains(practice.Reference!, StringComparison.Ordinal));
            var mail = InHerThread(reply, $"scusate, l'anno giusto è il {2018 + i}", maria);
            var held = await host.IngestAsync(mail);
            Assert.Equal(MailOutcomes.UnverifiedUpdate, held.Outcome);
            Assert.DoesNotContain("counted_on", held.Detail, StringComparison.Ordinal);
        }
        foreach (var practice in hers)
        {
            var flags = (await host.PracticeAsync(practice.Reference))!.Flags.Where(f => f.Reason == "unverified_update" && f.Detail!.Contains(maria.Address)).ToList();
            var flag = Assert.Single(flags);
            Assert.DoesNotContain(FlagReasonsMarker, flag.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_flag_names_its_first_mails_sender_and_the_cap_counts_distinct_practices()
    {
        Assert.Equal("a@b.example", RepeatedFlag.FirstSender("mail #5 from a@b.example (none) names this practice; 0 answers not applied [3 more like it, the last mail #9 from x@y.example: \"z\"]"));
        Assert.Equal("a@b.example", RepeatedFlag.FirstSender("named only by mail #5 from a@b.example: looks like ours"));
        Assert.Null(RepeatedFlag.FirstSender("asks for the erasure"));
        var practices = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToList();
        (long, Guid, string) Open(long id, int practice, string sender) => (id, practices[practice], $"mail #{id} from {sender} (none) names this practice; 0 answers not applied");
        // Four of her practices (two flags on one): her own flag each.
        Assert.Null(RepeatedFlag.AcrossPractices([Open(1, 0, "m@evil.example"), Open(2, 0, "m@evil.example"), Open(3, 1, "m@evil.example"), Open(4, 2, "m@evil.example"), Open(5, 3, "m@evil.example")], "m@evil.example", "evil.example"));
        Assert.Equal(6, RepeatedFlag.AcrossPractices([.. Enumerable.Range(1, 5).Select(i => Open(i, i - 1, "m@evil.example")), Open(6, 5, "m@evil.example")], "m@evil.example", "evil.example"));
        // Another address at a free-mail site counts nothing of hers.
        Assert.Null(RepeatedFlag.AcrossPractices([.. Enumerable.Range(1, 6).Select(i => Open(i, i - 1, $"u{i}@gmail.com"))], "m@gmail.com", null));
    }
}
