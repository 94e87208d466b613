using Microsoft.EntityFrameworkCore;
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
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
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
            // Numbers in another order than the updates; fractions of a second matter.
            var updates = new (int Number, double Seconds, string Status)[] { (1, 30, "submitted"), (2, 10.5, "approved"), (3, 10.25, "submitted"), (4, 10, "draft"), (5, 45, "approved") };
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
            Assert.Equal([4, 3, 2, 1, 5], await Sorted("updated", false));
            Assert.Equal([5, 1, 2, 3, 4], await Sorted("updated", true));
            Assert.Equal([2, 3], await Sorted("updated", true, page: 2, size: 2));
            Assert.Equal([2, 5, 4, 1, 3], await Sorted("status", false));
            Assert.Equal([5, 4, 3, 2, 1], await Sorted("reference", true));
        }
    }

    private static async Task<List<int>> SearchAsync(ReginDbContext db, string words) =>
        (await new ReviewQueries(db).ListAsync(new PracticeListQuery { Search = words, PageSize = 200 })).Rows.Select(r => r.Number).Order().ToList();

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
