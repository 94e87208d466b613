using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Tests.Persistence;

namespace Regin.Core.Tests.Review;

/// <summary>
/// The list keys kept by the database's triggers (on SQLite the title's folding is a trigger of its own on the key,
/// migration LeanPracticeKeyTriggers): long and accented titles, keys written one at a time, other answers around them.
/// </summary>
public abstract class PracticeKeyTriggerTests(string provider)
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_title_key_is_folded_and_cut_whichever_answer_is_written_with_it()
    {
        await using var database = await StoreDatabase.CreateAsync(provider);
        var id = Guid.NewGuid();
        var longTitle = "Ÿ" + new string('é', 60) + new string('A', 60);
        await using (var db = database.NewContext())
        {
            var practice = new Practice { Id = id, Number = 1, Language = "fr", Channels = Channels.Email, CreatedAt = At, UpdatedAt = At };
            practice.Answers.Add(Answer("description", null, "Œuvre sociale"));
            practice.Answers.Add(Answer("title", null, "  Égalité ÆTHER  "));
            db.Practices.Add(practice);
            await db.SaveChangesAsync();
        }
        Assert.Equal(("egalite aether", "", ""), await KeysAsync(database, id));
        await using (var db = database.NewContext())
        {
            db.Answers.Add(Answer("country", "\"FR\"", "France", id));
            db.Answers.Add(Answer("region", "\"FR10\"", "Île-de-France", id));
            await db.SaveChangesAsync();
        }
        // Keys written one at a time leave the others as they were.
        Assert.Equal(("egalite aether", "FR", "FR10"), await KeysAsync(database, id));
        await using (var db = database.NewContext())
        {
            await db.Answers.Where(a => a.PracticeId == id && a.QuestionId == "title").ExecuteUpdateAsync(u => u.SetProperty(a => a.Original, longTitle));
        }
        var expected = ("y" + new string('e', 60) + new string('a', 39), "FR", "FR10");
        Assert.Equal(expected, await KeysAsync(database, id));
        await using (var db = database.NewContext())
        {
            await db.Answers.Where(a => a.PracticeId == id && a.QuestionId == "country").ExecuteUpdateAsync(u => u.SetProperty(a => a.ValueJson, "\"BE\""));
            await db.Answers.Where(a => a.PracticeId == id && a.QuestionId == "description").ExecuteDeleteAsync();
        }
        Assert.Equal((expected.Item1, "BE", "FR10"), await KeysAsync(database, id));
    }

    private static Answer Answer(string question, string? valueJson, string original, Guid practiceId = default) =>
        new() { PracticeId = practiceId, QuestionId = question, ValueJson = valueJson, Original = original, UpdatedAt = At, UpdatedBy = "test" };

    private static async Task<(string Title, string Country, string Region)> KeysAsync(StoreDatabase database, Guid id)
    {
        await using var db = database.NewContext();
        var practice = await db.Practices.AsNoTracking().SingleAsync(p => p.Id == id);
        return (practice.TitleKey, practice.CountryCode, practice.RegionCode);
    }
}

public sealed class PracticeKeyTriggerTestsOnSqlite() : PracticeKeyTriggerTests(Regin.Testing.TestProviders.Sqlite);

public sealed class PracticeKeyTriggerTestsOnPostgreSql() : PracticeKeyTriggerTests(Regin.Testing.TestProviders.PostgreSql);
