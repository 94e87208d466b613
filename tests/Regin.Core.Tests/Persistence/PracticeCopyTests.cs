using System.Reflection;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// <see cref="Practice.CopyWithAnswers(Practice)"/>: the copy kept after a write takes the earlier copy's answers, flags
/// and identities where they hold exactly the same values, and copies every other one; no property is left out of the
/// comparison (a property added later and not compared would keep a stale value in the open-draft cache).
/// </summary>
public sealed class PracticeCopyTests
{
    private static Practice Draft() => new()
    {
        Id = Guid.NewGuid(),
        Number = 7,
        Answers =
        [
            new Answer { QuestionId = "title", Original = "A title", ValueJson = "\"A title\"", UpdatedAt = DateTimeOffset.UnixEpoch, UpdatedBy = "chat" },
            new Answer { QuestionId = "country", Original = "Greece", ValueJson = "\"GR\"", UpdatedAt = DateTimeOffset.UnixEpoch, UpdatedBy = "chat" },
        ],
        Flags = [new Flag { Id = 3, Reason = "unknown_region", Detail = "x", CreatedAt = DateTimeOffset.UnixEpoch }],
        Identities = [new ContributorIdentity { Id = 4, Channel = "webchat", ExternalId = "u1" }],
    };

    [Fact]
    public void Unchanged_children_are_the_earlier_copys_and_changed_or_new_ones_are_copies()
    {
        var written = Draft();
        var current = written.CopyWithAnswers();
        current.Answers[1].Original = "Hellas";
        current.Answers.Add(new Answer { QuestionId = "region", Original = "Crete", UpdatedBy = "chat" });
        current.Events.Add(new PracticeEvent { Actor = "chat", Kind = "answer_set" });

        var kept = current.CopyWithAnswers(written);

        Assert.Same(written.Answers[0], kept.Answers[0]);
        Assert.NotSame(current.Answers[1], kept.Answers[1]);
        Assert.NotSame(written.Answers[1], kept.Answers[1]);
        Assert.Equal("Hellas", kept.Answers[1].Original);
        Assert.NotSame(current.Answers[2], kept.Answers[2]);
        Assert.Equal("Crete", kept.Answers[2].Original);
        Assert.Same(written.Flags[0], kept.Flags[0]);
        Assert.Same(written.Identities[0], kept.Identities[0]);
        Assert.Empty(kept.Events);
        Assert.NotSame(current.Answers, kept.Answers);

        // A change of the current copy afterwards touches neither kept copy.
        current.Answers[0].Original = "Another title";
        Assert.Equal("A title", kept.Answers[0].Original);
        Assert.Equal("A title", written.Answers[0].Original);
    }

    [Fact]
    public void Children_beyond_the_earlier_copys_are_copies()
    {
        var written = Draft();
        written.Answers.RemoveAt(1);
        var current = Draft();
        current.Answers[0] = written.Answers[0].Copy();
        var kept = current.CopyWithAnswers(written);
        Assert.Same(written.Answers[0], kept.Answers[0]);
        Assert.Equal(2, kept.Answers.Count);
        Assert.NotSame(current.Answers[1], kept.Answers[1]);
    }

    [Fact]
    public void Every_property_of_an_answer_a_flag_and_an_identity_is_compared()
    {
        var practice = Draft();
        practice.Answers[0].OtherText = "other";
        practice.Answers[0].PracticeId = practice.Id;
        EveryPropertyCompared(practice.Answers[0], a => a.Copy(), (a, b) => a.SameAs(b));
        EveryPropertyCompared(practice.Flags[0], f => f.Copy(), (a, b) => a.SameAs(b));
        EveryPropertyCompared(practice.Identities[0], i => i.Copy(), (a, b) => a.SameAs(b));
    }

    private static void EveryPropertyCompared<T>(T item, Func<T, T> copy, Func<T, T, bool> same) where T : class
    {
        Assert.True(same(item, copy(item)));
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        Assert.NotEmpty(properties);
        foreach (var property in properties)
        {
            var changed = copy(item);
            property.SetValue(changed, Other(property.PropertyType, property.GetValue(item)));
            Assert.False(same(item, changed), $"{typeof(T).Name}.{property.Name} is not compared.");
        }
        if (properties.FirstOrDefault(p => p.PropertyType == typeof(DateTimeOffset)) is { } time)
        {
            // The same instant with another offset is another value.
            var changed = copy(item);
            time.SetValue(changed, ((DateTimeOffset)time.GetValue(item)!).ToOffset(TimeSpan.FromHours(2)));
            Assert.False(same(item, changed), $"{typeof(T).Name}.{time.Name}'s offset is not compared.");
        }
    }

    private static object? Other(Type type, object? value) => type switch
    {
        _ when type == typeof(string) => value + "!",
        _ when type == typeof(Guid) => Guid.NewGuid(),
        _ when type == typeof(long) => (long)value! + 1,
        _ when type == typeof(int) => (int)value! + 1,
        _ when type == typeof(bool) => !(bool)value!,
        _ when type == typeof(DateTimeOffset) => ((DateTimeOffset)value!).AddTicks(1),
        _ => throw new InvalidOperationException($"No other value of {type.Name} for this test: add one."),
    };
}
