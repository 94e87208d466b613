using Regin.Core.Intake;
using Regin.Core.Normalisation;
using Regin.Core.Persistence.Entities;
using Regin.Core.Tests.Persistence;

namespace Regin.Core.Tests.Intake;

/// <summary>Run on both providers: <see cref="IntakeServiceTestsOnSqlite"/>, <see cref="IntakeServiceTestsOnPostgreSql"/>.</summary>
public abstract class IntakeServiceTests(string provider)
{
    private static readonly ContributorKey Anna = new("msteams", "29:anna");

    [Fact]
    public async Task A_returning_contributor_continues_the_same_draft()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        Guid first;
        await using (var db = database.NewContext())
        {
            first = (await database.Intake(db).FindOrStartDraftAsync(Anna, "sv", Channels.Chat)).Id;
        }
        await using (var db = database.NewContext())
        {
            var again = await database.Intake(db).FindOrStartDraftAsync(Anna, "sv", Channels.Chat);
            Assert.Equal(first, again.Id);
            var other = await database.Intake(db).FindOrStartDraftAsync(new ContributorKey("msteams", "29:bo"), "sv", Channels.Chat);
            Assert.NotEqual(first, other.Id);
            Assert.Equal("REGIN-0002", other.Reference);
        }
    }

    [Fact]
    public async Task Many_contributors_starting_at_once_each_get_their_own_number()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var references = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            await using var db = database.NewContext();
            return (await database.Intake(db).StartDraftAsync(new ContributorKey("webchat", $"u{i}"), "en", Channels.Chat)).Reference;
        }));
        Assert.Equal(100, references.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 100).Select(Practice.FormatReference).Order(), references.Order());
    }

    [Fact]
    public async Task A_refused_answer_stores_nothing_and_says_why_in_the_language()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var intake = database.Intake(db);
        var practice = await intake.FindOrStartDraftAsync(Anna, "sv", Channels.Chat);
        await intake.UpdateAsync(practice.Id, p => intake.RecordAnswer(p, "country", "Sverige", "sv", "anna"));
        var outcome = await intake.UpdateAsync(practice.Id, p => intake.RecordAnswer(p, "region", "Puglia", "sv", "anna"));
        Assert.False(outcome.Stored);
        Assert.Contains("Sverige", outcome.Answer.Error);
        var reloaded = await intake.LoadAsync(practice.Id);
        Assert.DoesNotContain(reloaded.Answers, a => a.QuestionId == "region");
    }

    [Fact]
    public async Task An_answer_normalised_before_is_recorded_as_it_is_while_its_context_holds_and_normalised_again_once_it_changed()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        var today = new DateOnly(2026, 12, 2);
        var intake = database.Intake(db, clock);
        var practice = await intake.FindOrStartDraftAsync(Anna, "sv", Channels.Chat);
        await intake.UpdateAsync(practice.Id, p => intake.RecordAnswer(p, "country", "Sverige", "sv", "anna"));
        await intake.UpdateAsync(practice.Id, p => intake.RecordAnswer(p, "lead_organisation_type", "ideell förening", "sv", "anna"));

        // Normalised in the practice's context (Sweden): recorded as it is (the chat's check), not normalised from the text again.
        var inSweden = IntakeService.ContextOf(await intake.LoadAsync(practice.Id), "region", today);
        Assert.Equal("SE", inSweden.Country);
        Assert.Equal("ngo", inSweden.LeadOrganisationType); // whose "own funds" they are
        var skane = TestCore.Normaliser.Normalise("region", "Skåne", "sv", inSweden);
        Assert.True(skane.Ok);
        var stored = await intake.UpdateAsync(practice.Id, p => intake.RecordAnswer(p, "region", "Skåne", "sv", "anna", skane, inSweden));
        Assert.True(stored.Stored);
        Assert.Same(skane, stored.Answer);
        Assert.Equal(skane.Value!.ToJsonString(), (await intake.LoadAsync(practice.Id)).Answers.Single(a => a.QuestionId == "region").ValueJson);

        // Normalised with no country known: the practice's answers say Sweden now, so the text is normalised again, and refused there.
        var nowhere = NormalisationContext.Empty with { Today = today };
        var puglia = TestCore.Normaliser.Normalise("region", "Puglia", "sv", nowhere);
        Assert.True(puglia.Ok);
        var refused = await intake.UpdateAsync(practice.Id, p => intake.RecordAnswer(p, "region", "Puglia", "sv", "anna", puglia, nowhere));
        Assert.False(refused.Stored);
        Assert.Contains("Sverige", refused.Answer.Error);
        Assert.Equal(skane.Value!.ToJsonString(), (await intake.LoadAsync(practice.Id)).Answers.Single(a => a.QuestionId == "region").ValueJson);

        // "next year" checked on the evening of 31 December and recorded after midnight means another year: read again.
        clock.Now = new DateTimeOffset(2026, 12, 31, 23, 59, 0, TimeSpan.Zero);
        var onNewYearsEve = IntakeService.ContextOf(await intake.LoadAsync(practice.Id), "end_date", new DateOnly(2026, 12, 31));
        var nextYear = TestCore.Normaliser.Normalise("end_date", "nästa år", "sv", onNewYearsEve);
        Assert.Equal("2027", nextYear.Value());
        clock.Now = new DateTimeOffset(2027, 1, 1, 0, 0, 1, TimeSpan.Zero);
        var afterMidnight = await intake.UpdateAsync(practice.Id, p => intake.RecordAnswer(p, "end_date", "nästa år", "sv", "anna", nextYear, onNewYearsEve));
        Assert.Equal("2028", afterMidnight.Answer.Value());
    }

    [Fact]
    public async Task Answers_of_one_mail_are_checked_against_each_other_whatever_their_order()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var intake = database.Intake(db);
        var practice = await intake.StartDraftAsync(ContributorKey.ForEmail("Maria@Example.org"), "it", Channels.Email);
        KeyValuePair<string, string>[] answers = [new("region", "Skåne"), new("end_date", "2018"), new("country", "Italia"), new("start_date", "marzo 2019")];
        var outcomes = await intake.UpdateAsync(practice.Id, p => intake.RecordAnswers(p, answers, "it", "maria@example.org"));
        Assert.Equal(["region", "end_date", "country", "start_date"], outcomes.Select(o => o.Answer.QuestionId));
        Assert.False(outcomes[0].Stored);
        Assert.False(outcomes[1].Stored);
        Assert.True(outcomes[2].Stored);
        Assert.True(outcomes[3].Stored);
        Assert.Equal("maria@example.org", practice.ContributorEmail);
    }

    [Fact]
    public async Task A_one_megabyte_answer_is_refused_beside_valid_ones()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var intake = database.Intake(db);
        var practice = await intake.StartDraftAsync(ContributorKey.ForEmail("a@example.org"), "de", Channels.Email);
        var outcomes = await intake.UpdateAsync(practice.Id, p => intake.RecordAnswers(p, [new("description", new string('x', 1_000_000)), new("title", "Gesundheitslotsen")], "de", "a@example.org"));
        Assert.False(outcomes[0].Stored);
        Assert.Contains("5000", outcomes[0].Answer.Error);
        Assert.True(outcomes[1].Stored);
        Assert.Equal(["title"], (await intake.LoadAsync(practice.Id)).Answers.Select(a => a.QuestionId));
    }

    [Fact]
    public async Task A_long_Greek_description_is_stored_whole()
    {
        // 5,000 characters of Greek prose (the most a long text takes): ~9,500 UTF-8 bytes, ~30,000 as escaped JSON.
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var intake = database.Intake(db);
        var description = GreekProse.Of(5000);
        var practice = await intake.FindOrStartDraftAsync(Anna, "el", Channels.Chat);
        var outcome = await intake.UpdateAsync(practice.Id, p => intake.RecordAnswer(p, "description", description, "el", "anna"));
        Assert.True(outcome.Stored, outcome.Answer.Error);
        await using var fresh = database.NewContext();
        var stored = (await database.Intake(fresh).LoadAsync(practice.Id)).Answers.Single(a => a.QuestionId == "description");
        Assert.Equal(description, stored.Original);
        Assert.Equal(description, IntakeService.StringValue(stored.ValueJson!));
    }

    [Fact]
    public async Task Submit_is_refused_while_required_answers_are_missing_then_accepted()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var intake = database.Intake(db);
        var practice = await intake.FindOrStartDraftAsync(Anna, "en", Channels.Chat);
        var refused = await intake.UpdateAsync(practice.Id, p => intake.Submit(p, "anna"));
        Assert.False(refused.Submitted);
        Assert.Contains("title", refused.Missing);
        Assert.DoesNotContain("contact_phone", refused.Missing);

        foreach (var (question, answer) in CompleteAnswers)
        {
            var outcome = await intake.UpdateAsync(practice.Id, p => intake.RecordAnswer(p, question, answer, "en", "anna"));
            Assert.True(outcome.Stored, $"{question}: {outcome.Answer.Error}");
        }
        var submitted = await intake.UpdateAsync(practice.Id, p => intake.Submit(p, "anna"));
        Assert.True(submitted.Submitted);
        Assert.Equal("REGIN-0001", submitted.Reference);
        var reloaded = await intake.LoadAsync(practice.Id);
        Assert.Equal(PracticeStatus.Submitted, reloaded.Status);
        Assert.NotNull(reloaded.SubmittedAt);
        // A submitted practice is no longer the contributor's open draft: the next conversation starts a new one.
        Assert.NotEqual(practice.Id, (await intake.FindOrStartDraftAsync(Anna, "en", Channels.Chat)).Id);
    }

    [Fact]
    public async Task A_phone_typed_before_the_country_is_stored_in_E164_once_the_country_is_answered()
    {
        // The chat asks the phone before the country: "087 123 4567" is kept as typed (no e-mail domain says a country),
        // then the country makes it "+353871234567"; the words typed stay its original (lang44).
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var intake = database.Intake(db);
        var practice = await intake.FindOrStartDraftAsync(Anna, "en", Channels.Chat);
        await intake.UpdateAsync(practice.Id, p => intake.RecordAnswer(p, "contact_email", "anna@example.org", "en", "anna"));
        await intake.UpdateAsync(practice.Id, p => intake.RecordAnswer(p, "contact_phone", "mobile 087 123 4567", "en", "anna"));
        Assert.Equal("087 123 4567", Value(Phone(await intake.LoadAsync(practice.Id))));
        await intake.UpdateAsync(practice.Id, p => intake.RecordAnswer(p, "country", "Ireland", "en", "anna"));
        var phone = Phone(await intake.LoadAsync(practice.Id));
        Assert.Equal("+353871234567", Value(phone));
        Assert.Equal("mobile 087 123 4567", phone.Original);
        Assert.Contains(db.PracticeEvents, e => e.Kind == "answer_set" && e.QuestionId == "contact_phone" && e.NewValue != null && e.NewValue.Contains("353871234567"));

        // A number the country does not have stays as typed.
        var other = await intake.StartDraftAsync(new ContributorKey("webchat", "bo"), "de", Channels.Chat);
        await intake.UpdateAsync(other.Id, p => intake.RecordAnswer(p, "contact_phone", "0171 2345678", "de", "bo"));
        await intake.UpdateAsync(other.Id, p => intake.RecordAnswer(p, "country", "Frankreich", "de", "bo"));
        Assert.Equal("0171 2345678", Value(Phone(await intake.LoadAsync(other.Id))));

        // The e-mail's domain names the country before the country is answered.
        var third = await intake.StartDraftAsync(new ContributorKey("webchat", "cy"), "pt", Channels.Chat);
        await intake.UpdateAsync(third.Id, p => intake.RecordAnswer(p, "contact_email", "ana.silva@cm-porto.pt", "pt", "cy"));
        await intake.UpdateAsync(third.Id, p => intake.RecordAnswer(p, "contact_phone", "912 345 678", "pt", "cy"));
        Assert.Equal("+351912345678", Value(Phone(await intake.LoadAsync(third.Id))));

        static Answer Phone(Practice practice) => practice.Answers.Single(a => a.QuestionId == "contact_phone");
        static string? Value(Answer answer) => IntakeService.ValueOf(answer)?.GetValue<string>();
    }

    [Fact]
    public async Task Clearing_an_answer_is_logged()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var intake = database.Intake(db);
        var practice = await intake.FindOrStartDraftAsync(Anna, "en", Channels.Chat);
        await intake.UpdateAsync(practice.Id, p => intake.RecordAnswer(p, "contact_phone", "+46 40 123 456", "en", "anna"));
        await intake.UpdateAsync(practice.Id, p => intake.ClearAnswer(p, "contact_phone", "anna"));
        Assert.Empty((await intake.LoadAsync(practice.Id)).Answers);
        Assert.Contains(db.PracticeEvents, e => e.Kind == "answer_cleared" && e.QuestionId == "contact_phone");
    }

    [Fact]
    public async Task A_kept_draft_is_used_only_while_the_database_holds_its_version()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var drafts = new OpenDraftCache();
        static string? Original(Practice practice, string questionId) => practice.Answers.FirstOrDefault(a => a.QuestionId == questionId)?.Original;
        Guid id;
        await using (var db = database.NewContext())
        {
            var intake = database.Intake(db, drafts: drafts);
            id = (await intake.FindOrStartDraftAsync(Anna, "en", Channels.Chat)).Id;
            await intake.UpdateAsync(id, p => intake.RecordAnswer(p, "country", "Sweden", "en", "anna"));
        }
        await using (var db = database.NewContext())
        {
            // Kept from the last save: the same answers as in the database, and a change made on it is saved.
            var intake = database.Intake(db, drafts: drafts);
            var kept = await intake.FindOpenDraftAsync(Anna);
            Assert.Equal("Sweden", Original(kept!, "country"));
            await intake.UpdateAsync(id, p => intake.RecordAnswer(p, "title", "Health communicators", "en", "anna"));
        }
        await using (var db = database.NewContext())
        {
            // Someone without this process's copy (a researcher, a mail, another host) changes the practice.
            var other = database.Intake(db);
            await other.UpdateAsync(id, p => other.RecordAnswer(p, "country", "Italy", "en", "reviewer"));
        }
        await using (var db = database.NewContext())
        {
            var practice = await database.Intake(db, drafts: drafts).FindOpenDraftAsync(Anna);
            Assert.Equal("Italy", Original(practice!, "country"));
            Assert.Equal("Health communicators", Original(practice!, "title"));
        }
        await using (var db = database.NewContext())
        {
            // A change kept while its transaction was open, then rolled back: the database's version is used.
            var intake = database.Intake(db, drafts: drafts);
            await using var transaction = await db.Database.BeginTransactionAsync();
            await intake.UpdateAsync(id, p => intake.RecordAnswer(p, "region", "Lazio", "en", "anna"));
            await transaction.RollbackAsync();
        }
        await using (var db = database.NewContext())
        {
            var practice = await database.Intake(db, drafts: drafts).FindOpenDraftAsync(Anna);
            Assert.Null(Original(practice!, "region"));
            Assert.Equal("Italy", Original(practice!, "country"));
            Assert.Equal(2, practice!.Answers.Count);
        }
        await using (var db = database.NewContext())
        {
            // Submitted: no longer an open draft, whatever was kept.
            var intake = database.Intake(db, drafts: drafts);
            foreach (var (question, text) in CompleteAnswers)
            {
                await intake.UpdateAsync(id, p => intake.RecordAnswer(p, question, text, "en", "anna"));
            }
            Assert.True((await intake.UpdateAsync(id, p => intake.Submit(p, "anna"))).Submitted);
        }
        await using (var db = database.NewContext())
        {
            Assert.Null(await database.Intake(db, drafts: drafts).FindOpenDraftAsync(Anna));
        }
    }

    internal static readonly (string, string)[] CompleteAnswers =
    [
        ("contact_name", "Anna Svensson"), ("contact_organisation", "Region Skåne"), ("contact_email", "anna.svensson@skane.se"),
        ("title", "Health communicators"), ("country", "Sweden"), ("region", "Skåne"), ("lead_organisation", "Region Skåne"),
        ("lead_organisation_type", "regional authority"), ("regional_authority_role", "direct leader"), ("start_date", "2019"),
        ("end_date", "ongoing"), ("integration_areas", "health"), ("target_groups", "newly arrived migrants"),
        ("description", "Newly arrived migrants lacked health information."), ("objectives", "Better health literacy."),
        ("activities", "Peer groups led by trained communicators."), ("results", "2,000 participants."),
        ("innovative_elements", "Peers from the communities."), ("challenges_solutions", "Recruitment; solved with NGOs."),
        ("lessons_learned", "Involve communities early."), ("transferability", "Needs trained communicators."), ("consent_publish", "yes"),
    ];
}

public sealed class IntakeServiceTestsOnSqlite() : IntakeServiceTests(Regin.Testing.TestProviders.Sqlite);

public sealed class IntakeServiceTestsOnPostgreSql() : IntakeServiceTests(Regin.Testing.TestProviders.PostgreSql);
