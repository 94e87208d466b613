using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;
using Regin.Core.Tests.Persistence;

namespace Regin.Core.Tests.Review;

/// <summary>
/// The review list's sorts in the database, and its search through each provider's full-text index (SQLite FTS5, PostgreSQL tsvector), kept in step
/// with the answers by the migrations' triggers. Run on both: <see cref="ReviewListQueryTestsOnSqlite"/>,
/// <see cref="ReviewListQueryTestsOnPostgreSql"/>.
/// </summary>
public abstract class ReviewListQueryTests(string provider)
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Finds_a_practice_by_words_of_any_of_its_answers_ignoring_case_and_accents()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            Add(db, 1, "sv", ("title", "Hälsokommunikatörer i Skåne"), ("description", "Veckovisa träffar på modersmålet."));
            Add(db, 2, "en", ("title", "Language cafés"), ("description", "Volunteers meet newcomers every week."));
            Add(db, 3, "el", ("title", "Κοινωνική ένταξη προσφύγων"), ("description", "Μαθήματα ελληνικών."));
            Add(db, 4, "fr", ("title", "Café des langues"), ("description", "Des bénévoles rencontrent les nouveaux arrivants."));
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            Assert.Equal([1], await SearchAsync(db, "halsokommunikatorer"));
            Assert.Equal([1], await SearchAsync(db, "HÄLSOKOMMUNIKATÖRER skane"));
            Assert.Equal([2], await SearchAsync(db, "cafe volunteers")); // words of two answers, accents folded
            Assert.Equal([2, 4], await SearchAsync(db, "cafe"));
            Assert.Equal([3], await SearchAsync(db, "ενταξη"));
            Assert.Equal([4], await SearchAsync(db, "benevoles arrivants"));
            Assert.Equal([2], await SearchAsync(db, "newcom")); // a word typed in part
            Assert.Empty(await SearchAsync(db, "cafe skane"));
            Assert.Empty(await SearchAsync(db, "nowhere"));
            Assert.Equal([3], await SearchAsync(db, "REGIN-0003"));
            Assert.Equal(4, (await new ReviewQueries(db).ListAsync(new PracticeListQuery { Search = "  ,;  " })).Total);
        }
    }

    [Fact]
    public async Task Words_with_digits_and_punctuation_read_the_same_in_the_answers_and_in_the_search()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            Add(db, 1, "en", ("title", "Bulk-55476335 one"), ("contact_email", "maria.rossi@example.org"));
            Add(db, 2, "en", ("title", "Bulk-3e9308f1 two"), ("description", "<script>alert('x')</script>"));
            Add(db, 3, "fr", ("title", "«Bienvenue» – l'intégration"), ("website", "https://example.org/accueil?id=7"));
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            Assert.Equal([1], await SearchAsync(db, "Bulk-55476335"));
            Assert.Equal([2], await SearchAsync(db, "Bulk-3e9308f1"));
            Assert.Equal([2], await SearchAsync(db, "3e9308f1"));
            Assert.Equal([1], await SearchAsync(db, "maria.rossi@example.org"));
            Assert.Equal([1], await SearchAsync(db, "rossi"));
            Assert.Equal([2], await SearchAsync(db, "<script>"));
            Assert.Equal([3], await SearchAsync(db, "bienvenue integration"));
            Assert.Equal([3], await SearchAsync(db, "accueil"));
        }
    }

    [Fact]
    public async Task Follows_edits_deletions_and_merges()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        Guid first, second;
        await using (var db = database.NewContext())
        {
            first = Add(db, 1, "en", ("title", "Housing first"), ("description", "Flats for families."));
            second = Add(db, 2, "en", ("title", "Youth mentoring"), ("description", "Mentors meet teenagers."));
            Add(db, 3, "en", ("title", "Robotics classes"));
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            var title = await db.Answers.SingleAsync(a => a.PracticeId == first && a.QuestionId == "title");
            title.Original = "Shelter first";
            db.Answers.Add(new Answer { PracticeId = first, QuestionId = "summary", Original = "Apartments", UpdatedAt = At, UpdatedBy = "test" });
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            Assert.Empty(await SearchAsync(db, "housing"));
            Assert.Equal([1], await SearchAsync(db, "shelter apartments"));
            // An answer removed with a set-based delete (no tracked entity) is forgotten too.
            await db.Answers.Where(a => a.PracticeId == second && a.QuestionId == "description").ExecuteDeleteAsync();
            Assert.Empty(await SearchAsync(db, "teenagers"));
            Assert.Equal([2], await SearchAsync(db, "mentoring"));

            // A practice merged into another is found through that one (and by its own reference), not by its words.
            db.PracticeReviews.Add(new PracticeReview { PracticeId = second, DuplicateOfId = first, MergedIntoId = first, UpdatedAt = At, UpdatedBy = "test" });
            await db.SaveChangesAsync();
            Assert.Empty(await SearchAsync(db, "mentoring"));
            Assert.Equal([2], await SearchAsync(db, "REGIN-0002"));

            db.Practices.Remove(await db.Practices.Include(p => p.Answers).SingleAsync(p => p.Number == 3));
            await db.SaveChangesAsync();
            Assert.Empty(await SearchAsync(db, "robotics"));
        }
    }

    [Fact]
    public async Task A_practice_whose_language_changes_is_indexed_in_the_new_language()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            Add(db, 1, "it", ("title", "Coordinating municipalities"));
            await db.SaveChangesAsync();
            (await db.Practices.SingleAsync()).Language = "en";
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            Assert.Equal([1], await SearchAsync(db, "coordinating"));
            if (!database.Database.IsSqlite)
            {
                // PostgreSQL stems with the practice's language: another form of the word finds it.
                Assert.Equal([1], await SearchAsync(db, "coordination municipality"));
            }
        }
    }

    [Fact]
    public async Task Inflected_forms_find_a_practice_where_the_language_has_a_stemmer()
    {
        if (provider != Regin.Testing.TestProviders.PostgreSql)
        {
            return; // SQLite's FTS5 matches words and their beginnings, it has no stemmer of the 8 languages.
        }
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            Add(db, 1, "en", ("title", "Volunteers teaching languages"));
            Add(db, 2, "fr", ("title", "Intégration des réfugiées"));
            Add(db, 3, "de", ("title", "Sprachkurse für Geflüchtete"));
            Add(db, 4, "es", ("title", "Mediadores interculturales"));
            Add(db, 5, "en", ("title", "People first"));
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            // Read with the practice's own language only: "peer" is 'pe' to the French stemmer, a prefix of "people".
            Assert.Empty(await SearchAsync(db, "peer"));
            Assert.Equal([5], await SearchAsync(db, "people"));
            Assert.Equal([1], await SearchAsync(db, "volunteer teaches language"));
            Assert.Equal([2], await SearchAsync(db, "refugiee integrations"));
            Assert.Equal([3], await SearchAsync(db, "Sprachkurs Geflüchteten"));
            Assert.Equal([4], await SearchAsync(db, "mediador intercultural"));
        }
    }

    [Fact]
    public async Task Sorts_by_update_status_and_reference_in_the_database()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            // Numbers in another order than the updates; fractions of a second matter; the day before and the day after
            // (PostgreSQL sorts by the day's index first, then the time within each day).
            var updates = new (int Number, double Seconds, string Status)[] { (1, 30, "submitted"), (2, 10.5, "approved"), (3, 10.25, "submitted"), (4, 10, "draft"), (5, 45, "approved"), (6, -86_000, "draft"), (7, 86_401, "approved") };
            foreach (var (number, seconds, status) in updates)
            {
                var id = Add(db, number, "en", ("title", "T" + number));
                var practice = db.Practices.Local.Single(p => p.Id == id);
                practice.UpdatedAt = At.AddSeconds(seconds);
                practice.Status = status;
            }
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            var queries = new ReviewQueries(db);
            async Task<List<int>> Sorted(string sort, bool descending, int page = 1, int size = 50) =>
                (await queries.ListAsync(new PracticeListQuery { Sort = sort, Descending = descending, Page = page, PageSize = size })).Rows.Select(r => r.Number).ToList();
            Assert.Equal([6, 4, 3, 2, 1, 5, 7], await Sorted("updated", false));
            Assert.Equal([7, 5, 1, 2, 3, 4, 6], await Sorted("updated", true));
            Assert.Equal([1, 2], await Sorted("updated", true, page: 2, size: 2));
            Assert.Equal([2, 5, 7, 4, 6, 1, 3], await Sorted("status", false));
            Assert.Equal([7, 6, 5, 4, 3, 2, 1], await Sorted("reference", true));
        }
    }

    [Fact]
    public async Task Sorts_by_title_with_case_accents_and_Greek_folded_and_by_country_code()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            AddCoded(db, 1, "Zebra crossings", "IT", "ITF4");
            AddCoded(db, 2, "école des parents", "FR", "FR10");
            AddCoded(db, 3, "Ábaco comunitario", "ES", "ES51");
            AddCoded(db, 4, "Βοήθεια στο σπίτι", "GR", "EL30");
            AddCoded(db, 5, "Άλφα ένταξη", "GR", "EL52");
            AddCoded(db, 6, "  beta Straße", "DE", "DE30");
            AddCoded(db, 7, "ECOLE ouverte", "SE", "SE22");
            Add(db, 8, "en", ("description", "No title, no country yet."));
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            var queries = new ReviewQueries(db);
            async Task<List<int>> Sorted(string sort, bool descending, int page = 1, int size = 50) =>
                (await queries.ListAsync(new PracticeListQuery { Sort = sort, Descending = descending, Page = page, PageSize = size })).Rows.Select(r => r.Number).ToList();
            // "" (no title), abaco, beta, ecole des, ecole ouverte, zebra, then Greek: αλφα, βοηθεια.
            Assert.Equal([8, 3, 6, 2, 7, 1, 5, 4], await Sorted("title", false));
            Assert.Equal([4, 5, 1, 7, 2, 6, 3, 8], await Sorted("title", true));
            Assert.Equal([6, 2], await Sorted("title", false, page: 2, size: 2));
            // Ties (two in GR) by number, in the sort's direction.
            Assert.Equal([8, 6, 3, 2, 4, 5, 1, 7], await Sorted("country", false));
            Assert.Equal([7, 1, 5, 4, 2, 3, 6, 8], await Sorted("country", true));

            var rows = (await queries.ListAsync(new PracticeListQuery { Sort = "title" })).Rows;
            Assert.Equal(("Ábaco comunitario", "ES", "ES51"), (rows[1].Title, rows[1].Country, rows[1].Region));
            Assert.Equal((null, null), (rows[0].Country, rows[0].Region));
        }
    }

    [Fact]
    public async Task Country_and_region_filters_and_the_country_menu_read_the_keys()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            AddCoded(db, 1, "One", "IT", "ITF4");
            AddCoded(db, 2, "Two", "IT", "ITF47");
            AddCoded(db, 3, "Three", "IT", "ITC1");
            AddCoded(db, 4, "Four", "FR", "FR10");
            AddCoded(db, 5, "Five", "GR", "EL30");
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            var queries = new ReviewQueries(db);
            async Task<List<int>> Found(PracticeListQuery query) => (await queries.ListAsync(query)).Rows.Select(r => r.Number).ToList();
            Assert.Equal([1, 2, 3], await Found(new PracticeListQuery { Country = "it" }));
            Assert.Equal([1, 2], await Found(new PracticeListQuery { Region = "ITF" }));
            Assert.Equal([1, 2], await Found(new PracticeListQuery { Region = "ITF4" }));
            Assert.Equal([2], await Found(new PracticeListQuery { Region = "itf47" }));
            Assert.Empty(await Found(new PracticeListQuery { Region = "ITF5" }));
            Assert.Equal([3], await Found(new PracticeListQuery { Country = "IT", Region = "ITC" }));
            // A list of codes (a name several regions share: ReviewListScreen.RegionsNamedWith), each with the codes under it.
            Assert.Equal([1, 2, 5], await Found(new PracticeListQuery { Region = "ITF4,EL30" }));
            Assert.Equal([2, 3, 4], await Found(new PracticeListQuery { Region = "itf47, ITC1,FR10,ITF47" }));
            Assert.Equal([5], await Found(new PracticeListQuery { Region = "EL30,EL51,EL52" }));
            Assert.Empty(await Found(new PracticeListQuery { Region = "EL51,EL52,EL53" }));
            Assert.Equal(["FR", "GR", "IT"], await queries.CountriesAsync());
        }
    }

    [Fact]
    public async Task The_keys_follow_every_writer_of_the_answers()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        Guid id;
        await using (var db = database.NewContext())
        {
            id = AddCoded(db, 1, "Housing first", "IT", "ITF4");
            await db.SaveChangesAsync();
        }
        async Task<(string Title, string Country, string Region)> KeysAsync()
        {
            await using var db = database.NewContext();
            var practice = await db.Practices.AsNoTracking().SingleAsync(p => p.Id == id);
            return (practice.TitleKey, practice.CountryCode, practice.RegionCode);
        }
        Assert.Equal(("housing first", "IT", "ITF4"), await KeysAsync());
        await using (var db = database.NewContext())
        {
            // A tracked edit, a removal and a set-based update (as the erasure writes).
            var practice = await db.Practices.Include(p => p.Answers).SingleAsync(p => p.Id == id);
            practice.Answers.Single(a => a.QuestionId == "title").Original = "Ωραία Σπίτια";
            practice.Answers.Single(a => a.QuestionId == "country").ValueJson = "\"ES\"";
            practice.Answers.Remove(practice.Answers.Single(a => a.QuestionId == "region"));
            practice.UpdatedAt = At.AddMinutes(1);
            await db.SaveChangesAsync();
        }
        Assert.Equal(("ωραια σπιτια", "ES", ""), await KeysAsync());
        await using (var db = database.NewContext())
        {
            await db.Answers.Where(a => a.PracticeId == id && a.QuestionId == "title").ExecuteUpdateAsync(u => u.SetProperty(a => a.Original, "[erased]"));
            db.Answers.Add(new Answer { PracticeId = id, QuestionId = "region", ValueJson = "\"ES51\"", Original = "Cataluña", UpdatedAt = At, UpdatedBy = "test" });
            await db.SaveChangesAsync();
        }
        Assert.Equal(("[erased]", "ES", "ES51"), await KeysAsync());
    }

    [Fact]
    public async Task Practices_stored_before_the_keys_existed_get_theirs_from_the_migration_which_can_be_undone()
    {
        await using var database = await Regin.Testing.TestDatabase.CreateAsync(provider, migrated: false);
        await using (var db = new ReginDbContext(database.ContextOptions()))
        {
            var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
            await migrator.MigrateAsync("ReviewSortIndexes");
            AddCoded(db, 1, "Égalité des chances", "FR", "FR10");
            Add(db, 2, "en", ("description", "No title."));
            await db.SaveChangesAsync();
            await db.Database.MigrateAsync();
            // Down and up again: SQLite drops the columns without rebuilding the table (which its search view names).
            await migrator.MigrateAsync("ReviewSortIndexes");
            await db.Database.MigrateAsync();
        }
        await using (var db = new ReginDbContext(database.ContextOptions()))
        {
            var keys = await db.Practices.AsNoTracking().OrderBy(p => p.Number).Select(p => new { p.TitleKey, p.CountryCode, p.RegionCode }).ToListAsync();
            Assert.Equal(("egalite des chances", "FR", "FR10"), (keys[0].TitleKey, keys[0].CountryCode, keys[0].RegionCode));
            Assert.Equal(("", "", ""), (keys[1].TitleKey, keys[1].CountryCode, keys[1].RegionCode));
            Assert.Equal([1], (await new ReviewQueries(db).ListAsync(new PracticeListQuery { Search = "egalite" })).Rows.Select(r => r.Number));
        }
    }

    [Fact]
    public async Task Area_and_target_group_filters_read_the_codes_of_the_answers_and_of_the_review_kept_by_every_writer()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        Guid first, second, third;
        await using (var db = database.NewContext())
        {
            first = Add(db, 1, "en", ("title", "Health mediators"), ("integration_areas", "health, language"), ("target_groups", "women"));
            second = Add(db, 2, "en", ("title", "Housing first"), ("integration_areas", "housing"));
            third = Add(db, 3, "en", ("title", "Not coded"), ("integration_areas", "whatever the contributor wrote"));
            foreach (var answer in db.Practices.Local.SelectMany(p => p.Answers).Where(a => a.QuestionId is "integration_areas" or "target_groups"))
            {
                answer.ValueJson = answer.PracticeId == third ? "not json [\"health\"" // text that is not JSON gives no code
                    : System.Text.Json.JsonSerializer.Serialize(answer.Original.Split(", "));
            }
            db.PracticeReviews.Add(new PracticeReview { PracticeId = second, IntegrationAreasJson = "[\"health\"]", UpdatedAt = At, UpdatedBy = "test" });
            await db.SaveChangesAsync();
        }
        async Task<List<int>> ListAsync(string? area = null, string? group = null, string? status = null)
        {
            await using var db = database.NewContext();
            return (await new ReviewQueries(db).ListAsync(new PracticeListQuery { Area = area, TargetGroup = group, Status = status, PageSize = 200 }))
                .Rows.Select(r => r.Number).Order().ToList();
        }
        Assert.Equal([1, 2], await ListAsync(area: "health"));
        Assert.Equal([2], await ListAsync(area: "housing"));
        Assert.Equal([1], await ListAsync(area: "language", group: "women"));
        Assert.Equal([1], await ListAsync(area: " health ", group: "women", status: PracticeStatus.Submitted));
        Assert.Empty(await ListAsync(area: "health", status: PracticeStatus.Draft));
        Assert.Empty(await ListAsync(area: "heal"));

        await using (var db = database.NewContext())
        {
            // A tracked edit of the answer, a set-based edit of the review, a removed answer.
            var practice = await db.Practices.Include(p => p.Answers).SingleAsync(p => p.Id == first);
            practice.Answers.Single(a => a.QuestionId == "integration_areas").ValueJson = "[\"housing\"]";
            practice.Answers.Remove(practice.Answers.Single(a => a.QuestionId == "target_groups"));
            await db.SaveChangesAsync();
            await db.PracticeReviews.Where(r => r.PracticeId == second).ExecuteUpdateAsync(u => u.SetProperty(r => r.IntegrationAreasJson, (string?)null).SetProperty(r => r.TargetGroupsJson, "[\"youth\"]"));
        }
        Assert.Empty(await ListAsync(area: "health"));
        Assert.Equal([1, 2], await ListAsync(area: "housing"));
        Assert.Empty(await ListAsync(group: "women"));
        Assert.Equal([2], await ListAsync(group: "youth"));

        await using (var db = database.NewContext())
        {
            // The practice removed: its answers, its review and its codes go.
            await db.PracticeReviews.Where(r => r.PracticeId == second).ExecuteDeleteAsync();
            await db.Practices.Where(p => p.Id == second).ExecuteDeleteAsync();
            Assert.Equal(0, await db.PracticeCodes.CountAsync(c => c.PracticeId == second));
        }
        Assert.Equal([1], await ListAsync(area: "housing"));
    }

    [Fact]
    public async Task An_answer_added_after_the_review_adds_its_codes_beside_the_reviews()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        Guid id;
        await using (var db = database.NewContext())
        {
            id = Add(db, 1, "en", ("title", "Coded by the researchers first"));
            db.PracticeReviews.Add(new PracticeReview { PracticeId = id, TargetGroupsJson = "[\"women\"]", UpdatedAt = At, UpdatedBy = "test" });
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            // The same code from both sources is stored once; a value that is not JSON adds nothing.
            db.Answers.Add(new Answer { PracticeId = id, QuestionId = "target_groups", ValueJson = "[\"women\",\"youth\",\"women\"]", Original = "women, youth", UpdatedAt = At, UpdatedBy = "test" });
            db.Answers.Add(new Answer { PracticeId = id, QuestionId = "integration_areas", ValueJson = "not json", Original = "whatever", UpdatedAt = At, UpdatedBy = "test" });
            await db.SaveChangesAsync();
            Assert.Equal(["group:women", "group:youth"],
                (await db.PracticeCodes.AsNoTracking().Where(c => c.PracticeId == id).ToListAsync()).Select(c => c.Kind + ":" + c.Code).Order(StringComparer.Ordinal));
            Assert.Equal([1], (await new ReviewQueries(db).ListAsync(new PracticeListQuery { TargetGroup = "youth" })).Rows.Select(r => r.Number));
        }
    }

    [Fact]
    public async Task Practices_stored_before_the_codes_existed_get_theirs_from_the_migration_which_can_be_undone()
    {
        await using var database = await Regin.Testing.TestDatabase.CreateAsync(provider, migrated: false);
        await using (var db = new ReginDbContext(database.ContextOptions()))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_PracticeCodes", StringComparison.Ordinal)) - 1];
            var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
            await migrator.MigrateAsync(before);
            var id = Add(db, 1, "en", ("title", "Coded before"), ("integration_areas", "[\"health\",\"work\"]"));
            db.Practices.Local.Single().Answers.Single(a => a.QuestionId == "integration_areas").ValueJson = "[\"health\",\"work\"]";
            db.PracticeReviews.Add(new PracticeReview { PracticeId = id, TargetGroupsJson = "[\"women\"]", UpdatedAt = At, UpdatedBy = "test" });
            await db.SaveChangesAsync();
            await db.Database.MigrateAsync();
            await migrator.MigrateAsync(before);
            await db.Database.MigrateAsync();
        }
        await using (var db = new ReginDbContext(database.ContextOptions()))
        {
            Assert.Equal(["area:health", "area:work", "group:women"],
                (await db.PracticeCodes.AsNoTracking().ToListAsync()).Select(c => c.Kind + ":" + c.Code).Order(StringComparer.Ordinal));
            Assert.Equal([1], (await new ReviewQueries(db).ListAsync(new PracticeListQuery { Area = "work", TargetGroup = "women" })).Rows.Select(r => r.Number));
        }
    }

    [Fact]
    public async Task The_count_stops_at_its_limit_and_the_pages_go_on()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            for (var number = 1; number <= 7; number++)
            {
                Add(db, number, "en", ("title", "Language cafés " + number));
            }
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            var queries = new ReviewQueries(db) { CountLimit = 3 };
            var first = await queries.ListAsync(new PracticeListQuery { PageSize = 2 });
            Assert.Equal((3, true, true), (first.Total, first.TotalCapped, first.HasNext));
            var last = await queries.ListAsync(new PracticeListQuery { PageSize = 2, Page = 4 });
            Assert.Equal([7], last.Rows.Select(r => r.Number));
            Assert.False(last.HasNext);
            var found = await queries.ListAsync(new PracticeListQuery { Search = "cafe", PageSize = 2, Page = 3 });
            Assert.Equal([5, 6], found.Rows.Select(r => r.Number));
            Assert.True(found.TotalCapped);
            var exact = await new ReviewQueries(db) { CountLimit = 7 }.ListAsync(new PracticeListQuery { PageSize = 2, Page = 9 });
            Assert.Equal((7, false, 4, false), (exact.Total, exact.TotalCapped, exact.Page, exact.HasNext));
            Assert.Equal([7], exact.Rows.Select(r => r.Number));
        }
    }

    [Fact]
    public async Task A_search_read_from_its_match_list_or_walked_along_an_index_finds_the_same_rows_in_the_same_order()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            for (var number = 1; number <= 12; number++)
            {
                var id = AddCoded(db, number, (number % 3 == 0 ? "Robotics classes " : "Language cafés ") + number, number % 2 == 0 ? "IT" : "FR", number % 2 == 0 ? "ITF4" : "FR10");
                var practice = db.Practices.Local.Single(p => p.Id == id);
                practice.UpdatedAt = At.AddMinutes(13 - number);
                practice.Status = number % 4 == 0 ? PracticeStatus.Approved : PracticeStatus.Submitted;
            }
            Add(db, 42, "en", ("title", "Peer mentors"));
            await db.SaveChangesAsync();
            var merged = db.Practices.Local.Single(p => p.Number == 5).Id;
            db.PracticeReviews.Add(new PracticeReview { PracticeId = merged, DuplicateOfId = db.Practices.Local.Single(p => p.Number == 4).Id, MergedIntoId = db.Practices.Local.Single(p => p.Number == 4).Id, UpdatedAt = At, UpdatedBy = "test" });
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            var queries = new PracticeListQuery[]
            {
                new() { Search = "cafe" },
                new() { Search = "cafe", Sort = "updated", Descending = true },
                new() { Search = "cafe", Sort = "updated", PageSize = 2, Page = 2 },
                new() { Search = "cafe", Sort = "title", Descending = true, PageSize = 3, Page = 2 },
                new() { Search = "cafe", Sort = "country" },
                new() { Search = "cafe", Sort = "status", Status = PracticeStatus.Submitted },
                new() { Search = "robot", Country = "IT" },
                new() { Search = "language 7" },
                new() { Search = "42" }, // a number: the practice and the answers holding it
                new() { Search = "REGIN-0005" }, // merged: found by its reference only
                new() { Search = "nowhere" },
            };
            foreach (var query in queries)
            {
                var listed = await new ReviewQueries(db) { CountLimit = 4 }.ListAsync(query);
                var walked = await new ReviewQueries(db) { CountLimit = 4, WalkAbove = 0 }.ListAsync(query);
                Assert.Equal(listed.Rows.Select(r => r.Number), walked.Rows.Select(r => r.Number));
                Assert.Equal((listed.Total, listed.TotalCapped), (walked.Total, walked.TotalCapped));
            }
            var found = await new ReviewQueries(db) { WalkAbove = 0 }.ListAsync(new PracticeListQuery { Search = "cafe", Sort = "updated" });
            Assert.Equal([11, 10, 8, 7, 4, 2, 1], found.Rows.Select(r => r.Number)); // 5 merged into 4
            Assert.Equal([42], (await new ReviewQueries(db) { WalkAbove = 0 }.ListAsync(new PracticeListQuery { Search = "REGIN-0042" })).Rows.Select(r => r.Number));
            Assert.Equal([5], (await new ReviewQueries(db) { WalkAbove = 0 }.ListAsync(new PracticeListQuery { Search = "REGIN-0005" })).Rows.Select(r => r.Number));
        }
    }

    [Fact]
    public async Task A_broad_search_paged_by_testing_each_practice_along_the_sort_finds_what_reading_all_its_matches_finds()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        string[] languages = ["en", "fr", "de", "it", "el", "sv"];
        await using (var db = database.NewContext())
        {
            for (var number = 1; number <= 30; number++)
            {
                // Most practices hold "cafés" (a few in other words), in six languages (each tested with its own configuration).
                var title = number % 7 == 0 ? $"Robotics classes {number}" : $"Language cafés {number} {(number % 3 == 0 ? "mentors" : "")}";
                var id = AddCoded(db, number, title, number % 2 == 0 ? "IT" : "FR", number % 2 == 0 ? "ITF4" : "FR10");
                var practice = db.Practices.Local.Single(p => p.Id == id);
                practice.Language = languages[number % languages.Length];
                practice.UpdatedAt = At.AddMinutes((number * 7) % 31);
                practice.Status = number % 4 == 0 ? PracticeStatus.Approved : number % 5 == 0 ? PracticeStatus.Rejected : PracticeStatus.Submitted;
                practice.Answers.Add(new Answer { QuestionId = "summary", Original = $"Met every week for {number * 3} months", UpdatedAt = At, UpdatedBy = "test" });
            }
            await db.SaveChangesAsync();
            var practices = db.Practices.Local;
            db.PracticeReviews.Add(new PracticeReview
            {
                PracticeId = practices.Single(p => p.Number == 5).Id, DuplicateOfId = practices.Single(p => p.Number == 4).Id,
                MergedIntoId = practices.Single(p => p.Number == 4).Id, UpdatedAt = At, UpdatedBy = "test",
            });
            await db.SaveChangesAsync();
        }
        var commands = new List<string>();
        var logged = new DbContextOptionsBuilder<ReginDbContext>(database.Database.ContextOptions())
            .LogTo(message => { lock (commands) { commands.Add(message); } }, [Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandExecuted])
            .Options;
        await using (var db = database.NewContext())
        await using (var tested = new ReginDbContext(logged))
        {
            var searches = new List<PracticeListQuery>();
            foreach (var sort in new[] { "reference", "updated", "status", "title", "country" })
            {
                foreach (var descending in new[] { false, true })
                {
                    for (var page = 1; page <= 3; page++)
                    {
                        searches.Add(new() { Search = "cafe", Sort = sort, Descending = descending, PageSize = 4, Page = page });
                    }
                }
            }
            searches.Add(new() { Search = "Language cafés", PageSize = 5 });
            searches.Add(new() { Search = "15", PageSize = 3 }); // practice 15, and the practices whose answers hold 15
            searches.Add(new() { Search = "REGIN-0005", PageSize = 3 }); // merged: found by its reference only
            searches.Add(new() { Search = "robotics", PageSize = 3 }); // fewer matches than the count's limit
            searches.Add(new() { Search = "cafe mentors", PageSize = 3 });
            foreach (var query in searches)
            {
                var all = await new ReviewQueries(db) { CountLimit = 3, PageBroadSearchesByTest = false }.ListAsync(query);
                foreach (var window in new[] { ReviewQueries.DefaultBroadSearchWindow, 6 })
                {
                    var walked = await new ReviewQueries(tested) { CountLimit = 3, BroadSearchWindow = window }.ListAsync(query);
                    Assert.Equal(all.Rows.Select(r => r.Number), walked.Rows.Select(r => r.Number));
                    Assert.Equal((all.Total, all.TotalCapped, all.Page, all.HasNext), (walked.Total, walked.TotalCapped, walked.Page, walked.HasNext));
                }
            }
            var cafes = await new ReviewQueries(db) { PageBroadSearchesByTest = false }.ListAsync(new PracticeListQuery { Search = "cafe", PageSize = 200 });
            Assert.Equal(Enumerable.Range(1, 30).Where(n => n % 7 != 0 && n != 5), cafes.Rows.Select(r => r.Number));
        }
        // PostgreSQL pages a broad search by testing each practice (SQLite reads all its matches: nothing to test).
        Assert.Equal(!database.Database.IsSqlite, commands.Any(c => c.Contains("regin_search_matches", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Language_flag_and_code_filters_find_every_matching_practice_in_each_sorts_order()
    {
        // Each filter shape the list reads from an index (the language's with the number and id, a code's practices
        // as a list, a flag looked up per practice) against the same selection made here from the data itself.
        await using var database = await StoreDatabase.CreateAsync(provider);
        var languages = new[] { "en", "sv", "el" };
        var areas = new[] { "health", "work", "housing" };
        var groups = new[] { "women", "youth" };
        var statuses = new[] { PracticeStatus.Submitted, PracticeStatus.Approved, PracticeStatus.Draft };
        var expected = new List<(int Number, string Language, string Status, string Country, DateTimeOffset Updated, HashSet<string> Areas, HashSet<string> Groups, List<(string Reason, bool Resolved)> Flags)>();
        await using (var db = database.NewContext())
        {
            for (var number = 1; number <= 36; number++)
            {
                var country = number % 4 == 0 ? "FR" : "IT";
                var id = AddCoded(db, number, $"practice {(number * 7) % 36:D2}", country, country == "FR" ? "FR10" : "ITF4");
                var practice = db.Practices.Local.Single(p => p.Id == id);
                practice.Language = languages[number % 3];
                practice.Status = statuses[number / 3 % 3];
                practice.UpdatedAt = At.AddMinutes((number * 11) % 36);
                var answered = new HashSet<string> { areas[number % 3] };
                if (number % 5 == 0)
                {
                    answered.Add(areas[(number + 1) % 3]);
                }
                practice.Answers.Add(new Answer { QuestionId = "integration_areas", ValueJson = System.Text.Json.JsonSerializer.Serialize(answered), Original = string.Join(", ", answered), UpdatedAt = At, UpdatedBy = "test" });
                var practiceGroups = new HashSet<string>();
                if (number % 2 == 0)
                {
                    practiceGroups.Add(groups[number / 2 % 2]);
                    practice.Answers.Add(new Answer { QuestionId = "target_groups", ValueJson = System.Text.Json.JsonSerializer.Serialize(practiceGroups), Original = "x", UpdatedAt = At, UpdatedBy = "test" });
                }
                var practiceAreas = new HashSet<string>(answered);
                if (number % 7 == 0)
                {
                    // The researchers' categorisation adds codes of its own.
                    db.PracticeReviews.Add(new PracticeReview { PracticeId = id, IntegrationAreasJson = "[\"work\"]", TargetGroupsJson = "[\"youth\"]", UpdatedAt = At, UpdatedBy = "test" });
                    practiceAreas.Add("work");
                    practiceGroups.Add("youth");
                }
                var flags = new List<(string Reason, bool Resolved)>();
                if (number % 3 != 1)
                {
                    flags.Add((number % 2 == 0 ? "region_unknown" : "currency_not_euro", number % 4 == 3));
                }
                foreach (var (reason, resolved) in flags)
                {
                    practice.Flags.Add(new Flag { Reason = reason, Resolved = resolved, CreatedAt = At });
                }
                expected.Add((number, practice.Language, practice.Status, country, practice.UpdatedAt, practiceAreas, practiceGroups, flags));
            }
            await db.SaveChangesAsync();
        }
        var filters = new (PracticeListQuery Query, Func<int, bool> Matches)[]
        {
            (new() { Language = "sv", TargetGroup = "women" }, n => Of(n).Language == "sv" && Of(n).Groups.Contains("women")),
            (new() { Language = "el", TargetGroup = "youth" }, n => Of(n).Language == "el" && Of(n).Groups.Contains("youth")),
            (new() { Language = "el", Flag = "any" }, n => Of(n).Language == "el" && Of(n).Flags.Any(f => !f.Resolved)),
            (new() { Language = "en", Flag = "none" }, n => Of(n).Language == "en" && !Of(n).Flags.Any(f => !f.Resolved)),
            (new() { Language = "sv", Flag = "region_unknown" }, n => Of(n).Language == "sv" && Of(n).Flags.Any(f => !f.Resolved && f.Reason == "region_unknown")),
            (new() { Country = "IT", Area = "health", Status = PracticeStatus.Approved }, n => Of(n).Country == "IT" && Of(n).Areas.Contains("health") && Of(n).Status == PracticeStatus.Approved),
            (new() { Area = "work", TargetGroup = "youth" }, n => Of(n).Areas.Contains("work") && Of(n).Groups.Contains("youth")),
            (new() { Area = "work", Language = "en", Flag = "any" }, n => Of(n).Areas.Contains("work") && Of(n).Language == "en" && Of(n).Flags.Any(f => !f.Resolved)),
            (new() { Area = "nowhere" }, _ => false),
            (new() { Area = "health", Search = "practice" }, n => Of(n).Areas.Contains("health")), // with a search's list or marks
            (new() { TargetGroup = "women", Language = "sv", Search = "practice" }, n => Of(n).Language == "sv" && Of(n).Groups.Contains("women")),
        };
        var sorts = new (string Sort, bool Descending, Func<IEnumerable<int>, IEnumerable<int>> Order)[]
        {
            ("reference", false, ns => ns.Order()),
            ("reference", true, ns => ns.OrderDescending()),
            ("updated", true, ns => ns.OrderByDescending(n => Of(n).Updated).ThenByDescending(n => n)),
            ("status", false, ns => ns.OrderBy(n => Of(n).Status, StringComparer.Ordinal).ThenBy(n => n)),
            ("status", true, ns => ns.OrderByDescending(n => Of(n).Status, StringComparer.Ordinal).ThenBy(n => n)),
            ("title", false, ns => ns.OrderBy(n => (n * 7) % 36).ThenBy(n => n)),
            ("country", true, ns => ns.OrderByDescending(n => Of(n).Country, StringComparer.Ordinal).ThenByDescending(n => n)),
        };
        await using (var db = database.NewContext())
        {
            foreach (var (query, matches) in filters)
            {
                var selected = expected.Select(e => e.Number).Where(matches).ToList();
                // A code's page seeks the practices on its list (a rare code) or walks the sort's index and looks each
                // practice up in the list (WalkAbove 0: every code counts as common).
                foreach (var ((sort, descending, order), walkAbove) in sorts.SelectMany(s => new[] { (s, ReviewQueries.DefaultWalkAbove), (s, 0) }))
                {
                    var all = await new ReviewQueries(db) { WalkAbove = walkAbove }.ListAsync(query with { Sort = sort, Descending = descending, PageSize = 200 });
                    Assert.Equal(order(selected), all.Rows.Select(r => r.Number));
                    Assert.Equal((selected.Count, false), (all.Total, all.TotalCapped));
                    var second = await new ReviewQueries(db) { CountLimit = 2, WalkAbove = walkAbove }.ListAsync(query with { Sort = sort, Descending = descending, PageSize = 2, Page = 2 });
                    // Beyond the count's limit the pages go on; within it, page 2 of one page is page 1.
                    Assert.Equal(order(selected).Skip(selected.Count > 2 ? 2 : 0).Take(2), second.Rows.Select(r => r.Number));
                    Assert.Equal((Math.Min(selected.Count, 2), selected.Count > 2), (second.Total, second.TotalCapped));
                }
            }
            Assert.Equal(["FR", "IT"], await new ReviewQueries(db).CountriesAsync());
            if (provider == Regin.Testing.TestProviders.Sqlite)
            {
                // A common code's page walks the country + status range and seeks each practice's code in the codes' key (an
                // EXISTS, which SQLite may run as a join);
                // the list of the code's practices is read by the count only (it was read again for each page).
                var italy = new PracticeListQuery { Country = "IT", Area = "health", Status = PracticeStatus.Approved };
                var paged = await PlanAsync(db, (await new ReviewQueries(db) { WalkAbove = 0 }.PagedAsync(italy)).Select(p => p.Id));
                Assert.Contains("(PracticeId=? AND Kind=? AND Code=?)", paged, StringComparison.Ordinal);
                Assert.DoesNotContain("LIST SUBQUERY", paged, StringComparison.Ordinal);
                Assert.Contains("LIST SUBQUERY", await PlanAsync(db, (await new ReviewQueries(db) { WalkAbove = 0 }.CountedAsync(italy)).Select(p => p.Id)), StringComparison.Ordinal);
            }
        }
        await using (var empty = await StoreDatabase.CreateAsync(provider))
        await using (var db = empty.NewContext())
        {
            Assert.Empty(await new ReviewQueries(db).CountriesAsync());
        }

        (int Number, string Language, string Status, string Country, DateTimeOffset Updated, HashSet<string> Areas, HashSet<string> Groups, List<(string Reason, bool Resolved)> Flags) Of(int number) =>
            expected[number - 1];
    }

    private static async Task<List<int>> SearchAsync(ReginDbContext db, string words) =>
        (await new ReviewQueries(db).ListAsync(new PracticeListQuery { Search = words, PageSize = 200 })).Rows.Select(r => r.Number).Order().ToList();

    // A practice with a title and country and region answers as the intake stores them (codes as JSON strings).
    private static Guid AddCoded(ReginDbContext db, int number, string title, string country, string region)
    {
        var id = Add(db, number, "en", ("title", title), ("country", country), ("region", region));
        foreach (var answer in db.Practices.Local.Single(p => p.Id == id).Answers.Where(a => a.QuestionId is "country" or "region"))
        {
            answer.ValueJson = System.Text.Json.JsonSerializer.Serialize(answer.Original);
        }
        return id;
    }

    [Fact]
    public async Task A_long_description_is_stored_beside_the_codes_which_the_dashboard_reads_from_the_index_of_short_values()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var description = GreekProse.Of(5000);
        await using (var db = database.NewContext())
        {
            foreach (var (number, country) in new[] { (1, "GR"), (2, "SE"), (3, "GR") })
            {
                var id = Add(db, number, "el", ("description", description));
                var practice = db.Practices.Local.Single(p => p.Id == id);
                // As the intake writes them: the value's JSON escapes every Greek letter (6 bytes each).
                practice.Answers.Single().ValueJson = System.Text.Json.Nodes.JsonValue.Create(description).ToJsonString();
                practice.Answers.Add(new Answer { QuestionId = "country", ValueJson = $"\"{country}\"", Original = country, UpdatedAt = At, UpdatedBy = "test" });
            }
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            Assert.Equal([1, 3], (await new ReviewQueries(db).ListAsync(new PracticeListQuery { Country = "GR" })).Rows.Select(r => r.Number));
            var counted = await DashboardQueries.DimensionAnswers(db).ToListAsync();
            Assert.Equal(3, counted.Count(a => a.QuestionId == "country"));
            var index = db.Model.FindEntityType(typeof(Answer))!.GetIndexes().Single(i => i.GetDatabaseName() == "IX_answers_QuestionId_ValueJson");
            Assert.Equal("length(\"ValueJson\") <= 500", index.GetFilter());
            var plan = await PlanAsync(db, DashboardQueries.DimensionAnswers(db));
            Assert.Contains("IX_answers_QuestionId_ValueJson", plan, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_filter_by_submission_date_reads_a_range_of_its_index_whole_days_included_drafts_never()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            // 31 May late evening, 1 June at midnight, 30 June just before midnight, 1 July at midnight (UTC), a draft.
            var submitted = new DateTimeOffset?[]
            {
                new DateTimeOffset(2026, 5, 31, 23, 59, 59, TimeSpan.Zero), new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 6, 30, 23, 59, 59, TimeSpan.Zero), new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero), null,
            };
            for (var i = 0; i < submitted.Length; i++)
            {
                var id = Add(db, i + 1, "fr");
                db.Practices.Local.Single(p => p.Id == id).SubmittedAt = submitted[i];
            }
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            var queries = new ReviewQueries(db);
            async Task<IEnumerable<int>> Numbers(DateOnly? from, DateOnly? to) =>
                (await queries.ListAsync(new PracticeListQuery { DateField = "submitted", From = from, To = to })).Rows.Select(r => r.Number);
            Assert.Equal([2, 3], await Numbers(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30)));
            Assert.Equal([1, 2, 3], await Numbers(null, new DateOnly(2026, 6, 30)));
            Assert.Equal([4], await Numbers(new DateOnly(2026, 7, 1), null));
            var plan = await PlanAsync(db, db.Provider().SubmittedBetween(db.Practices, new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30)).Select(p => p.Id));
            Assert.Contains("IX_practices_SubmittedAt_Number", plan, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_narrow_range_of_days_with_a_status_language_and_country_reads_the_range_a_wide_one_the_status()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            // 40 practices submitted on 40 days from 1 June, every other one approved, in French or Italian, FR or IT.
            for (var i = 0; i < 40; i++)
            {
                var id = AddCoded(db, i + 1, "Atelier " + (i + 1), i % 4 < 2 ? "FR" : "IT", i % 4 < 2 ? "FR10" : "ITF4");
                var practice = db.Practices.Local.Single(p => p.Id == id);
                practice.SubmittedAt = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero).AddDays(i);
                practice.Status = i % 2 == 0 ? PracticeStatus.Approved : PracticeStatus.Submitted;
                practice.Language = i % 4 < 2 ? "fr" : "it";
            }
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            // The week of 1–7 June holds 7 practices: narrow below a WalkAbove of 10, wide above one of 5.
            var week = new PracticeListQuery { DateField = "submitted", From = new DateOnly(2026, 6, 1), To = new DateOnly(2026, 6, 7), Status = PracticeStatus.Approved };
            foreach (var walkAbove in new[] { 10, 5 })
            {
                var queries = new ReviewQueries(db) { WalkAbove = walkAbove };
                Assert.Equal([1, 3, 5, 7], (await queries.ListAsync(week)).Rows.Select(r => r.Number));
                Assert.Equal([1, 5], (await queries.ListAsync(week with { Language = "fr", Country = "FR" })).Rows.Select(r => r.Number));
                Assert.Equal([3, 7], (await queries.ListAsync(week with { Language = " IT ", Country = "it" })).Rows.Select(r => r.Number));
                Assert.Empty((await queries.ListAsync(week with { Language = "it", Country = "FR" })).Rows);
            }
            if (provider == Regin.Testing.TestProviders.Sqlite)
            {
                // SQLite without statistics prefers an equality to a range: the status, language and country are hidden
                // from their indexes when the range is narrow (its capped count), and only then.
                var narrow = await PlanAsync(db, (await new ReviewQueries(db) { WalkAbove = 10 }.PagedAsync(week with { Language = "fr", Country = "FR" })).Select(p => p.Id));
                Assert.Contains("IX_practices_SubmittedAt_Number", narrow, StringComparison.Ordinal);
                Assert.DoesNotContain("IX_practices_Status", narrow, StringComparison.Ordinal);
                var wide = await PlanAsync(db, (await new ReviewQueries(db) { WalkAbove = 5 }.PagedAsync(week)).Select(p => p.Id));
                Assert.Contains("IX_practices_Status", wide, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Every_pair_of_indexed_filters_is_counted_by_the_narrower_one_and_paged_by_it_only_when_it_is_narrow()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            // 30 practices: 24 submitted, 6 approved (every fifth); 4 in two Greek regions (EL51, EL52), the others split
            // between Italy (ITF4) and France (FR10); in Greek, Italian or French.
            for (var i = 0; i < 30; i++)
            {
                var (country, region, language) = i switch
                {
                    < 4 => ("EL", i % 2 == 0 ? "EL51" : "EL52", "el"),
                    _ when i % 2 == 0 => ("IT", "ITF4", "it"),
                    _ => ("FR", "FR10", "fr"),
                };
                var id = AddCoded(db, i + 1, "Pratica " + (i + 1), country, region);
                var practice = db.Practices.Local.Single(p => p.Id == id);
                practice.Status = i % 5 == 0 ? PracticeStatus.Approved : PracticeStatus.Submitted;
                practice.Language = language;
            }
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            var macedonia = new PracticeListQuery { Region = "EL51, el52", Status = PracticeStatus.Submitted };
            var approvedInItaly = new PracticeListQuery { Country = "it", Status = PracticeStatus.Approved, Language = "it" };
            // The region (4) narrower than the status (24) whatever the caps; the approved (6) narrower than Italy (13).
            foreach (var (walkAbove, countLimit) in new[] { (10, 10_000), (2, 10_000), (10, 5), (0, 1) })
            {
                var queries = new ReviewQueries(db) { WalkAbove = walkAbove, CountLimit = countLimit };
                Assert.Equal([2, 3, 4], (await queries.ListAsync(macedonia with { PageSize = 200 })).Rows.Select(r => r.Number));
                Assert.Equal([2, 4], (await queries.ListAsync(macedonia with { Region = "EL52" })).Rows.Select(r => r.Number));
                Assert.Equal([11, 21], (await queries.ListAsync(approvedInItaly)).Rows.Select(r => r.Number));
                Assert.Equal([1], (await queries.ListAsync(approvedInItaly with { Country = "EL", Language = "el" })).Rows.Select(r => r.Number));
                Assert.Empty((await queries.ListAsync(macedonia with { Country = "FR" })).Rows);
                Assert.Empty((await queries.ListAsync(macedonia with { Region = " , " })).Rows);
                Assert.Equal((await queries.ListAsync(approvedInItaly)).Rows.Select(r => r.Id), await queries.IdsAsync(approvedInItaly));
                // Italy's submitted: 5, 7 … 29 but the approved 11 and 21.
                Assert.Equal([5, 7, 9, 13, 15, 17, 19, 23, 25, 27, 29], (await queries.ListAsync(approvedInItaly with { Status = PracticeStatus.Submitted, Language = null, PageSize = 200 })).Rows.Select(r => r.Number).Order());
            }
            if (provider == Regin.Testing.TestProviders.Sqlite)
            {
                // SQLite without statistics reads an equality's index before a range's: the status's, 24 practices,
                // rather than the region's 4, unless the capped counts say otherwise.
                var counted = await PlanAsync(db, (await new ReviewQueries(db) { WalkAbove = 2 }.CountedAsync(macedonia)).Select(p => p.Id));
                Assert.Contains("IX_practices_RegionCode_Number", counted, StringComparison.Ordinal);
                Assert.DoesNotContain("IX_practices_Status", counted, StringComparison.Ordinal);
                // Its page: the region's 4 read whole where at most WalkAbove, else the sort's order as SQLite walks it.
                var narrow = await PlanAsync(db, (await new ReviewQueries(db) { WalkAbove = 10 }.PagedAsync(macedonia)).Select(p => p.Id));
                Assert.Contains("IX_practices_RegionCode_Number", narrow, StringComparison.Ordinal);
                Assert.DoesNotContain("IX_practices_Status", narrow, StringComparison.Ordinal);
                var wide = await PlanAsync(db, (await new ReviewQueries(db) { WalkAbove = 2 }.PagedAsync(macedonia)).Select(p => p.Id));
                Assert.Contains("IX_practices_Status", wide, StringComparison.Ordinal);
                // Three equalities: the country and the status together (2, one range of their common index: session 56),
                // narrower than the language (13), whose index is hidden.
                var approved = await PlanAsync(db, (await new ReviewQueries(db).CountedAsync(approvedInItaly)).Select(p => p.Id));
                Assert.Contains("IX_practices_CountryCode_Status_Number", approved, StringComparison.Ordinal);
                Assert.DoesNotContain("IX_practices_Status_Number", approved, StringComparison.Ordinal);
                Assert.DoesNotContain("IX_practices_Language", approved, StringComparison.Ordinal);
                // The country and the status alone: their common index for the count and for the page in number order
                // (session 55's country + area + status read the country's 10,543 rows for ~4,000 at 100,000 practices).
                var submittedInItaly = new PracticeListQuery { Country = "IT", Status = PracticeStatus.Submitted };
                Assert.Contains("IX_practices_CountryCode_Status_Number", await PlanAsync(db, (await new ReviewQueries(db).CountedAsync(submittedInItaly)).Select(p => p.Id)), StringComparison.Ordinal);
                var paged = await PlanAsync(db, (await new ReviewQueries(db).PagedAsync(submittedInItaly)).OrderBy(p => p.Number).Select(p => p.Id));
                Assert.Contains("IX_practices_CountryCode_Status_Number", paged, StringComparison.Ordinal);
                Assert.DoesNotContain("TEMP B-TREE", paged, StringComparison.Ordinal);
            }
        }
    }

    // The plan of a query: SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's EXPLAIN with sequential scans off (a test
    // table is tiny: the planner would read it whole whatever the indexes; asked not to, it shows what it can use).
    private async Task<string> PlanAsync<T>(ReginDbContext db, IQueryable<T> query)
    {
        await db.Database.OpenConnectionAsync();
        if (provider == Regin.Testing.TestProviders.PostgreSql)
        {
            await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
        }
        await using var command = query.CreateDbCommand();
        command.CommandText = (provider == Regin.Testing.TestProviders.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + command.CommandText;
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetValue(provider == Regin.Testing.TestProviders.Sqlite ? 3 : 0).ToString()!);
        }
        return string.Join("\n", lines);
    }

    private static Guid Add(ReginDbContext db, int number, string language, params (string Question, string Original)[] answers)
    {
        var practice = new Practice
        {
            Id = Guid.NewGuid(), Number = number, Language = language, Channels = Channels.Chat, Status = PracticeStatus.Submitted,
            CreatedAt = At, UpdatedAt = At,
        };
        foreach (var (question, original) in answers)
        {
            practice.Answers.Add(new Answer { QuestionId = question, Original = original, UpdatedAt = At, UpdatedBy = "test" });
        }
        db.Practices.Add(practice);
        return practice.Id;
    }
}

public sealed class ReviewListQueryTestsOnSqlite() : ReviewListQueryTests(Regin.Testing.TestProviders.Sqlite);

public sealed class ReviewListQueryTestsOnPostgreSql() : ReviewListQueryTests(Regin.Testing.TestProviders.PostgreSql);
