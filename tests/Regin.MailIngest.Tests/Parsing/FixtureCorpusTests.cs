using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Persistence;
using Regin.MailIngest.Intake;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// Every mail of TestData/Emails goes through the whole ingester (parse, normalise, store) and must give the outcome,
/// language and answers written beside it in *.expected.json.
/// </summary>
public sealed class FixtureCorpusTests
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "Emails");

    public static TheoryData<string> Mails()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.eml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Fact]
    public void The_corpus_has_at_least_forty_mails_in_all_eight_languages()
    {
        var files = Directory.GetFiles(Folder, "*.eml");
        Assert.True(files.Length >= 40, $"{files.Length} mails");
        var languages = Directory.GetFiles(Folder, "*.expected.json")
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!["language"]?.GetValue<string>())
            .Where(l => l is not null).Distinct().ToList();
        Assert.Equal(8, languages.Count);
    }

    [Theory]
    [MemberData(nameof(Mails))]
    public async Task Mail_gives_the_expected_outcome_and_answers(string name)
    {
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, Path.ChangeExtension(name, ".expected.json"))))!;
        await using var host = await MailTestHost.CreateAsync();
        var result = await host.IngestAsync(await File.ReadAllBytesAsync(Path.Combine(Folder, name)));

        Assert.Equal(expected["outcome"]!.GetValue<string>(), result.Outcome);
        if (expected["detail"] is { } detail)
        {
            Assert.Contains(detail.GetValue<string>(), result.Detail, StringComparison.Ordinal);
        }
        if (expected["language"] is { } language)
        {
            Assert.Equal(language.GetValue<string>(), result.Language);
        }
        var practice = await host.PracticeAsync(result.Reference);
        var answers = expected["answers"]!.AsObject();
        if (answers.Count == 0)
        {
            return;
        }
        Assert.NotNull(practice);
        foreach (var (question, value) in answers)
        {
            var stored = practice!.Answers.FirstOrDefault(a => a.QuestionId == question);
            Assert.True(stored is not null, $"{name}: no answer to {question}");
            if (value is not null)
            {
                Assert.True(JsonNode.DeepEquals(value, JsonNode.Parse(stored!.ValueJson!)), $"{name}: {question} is {stored!.ValueJson}, expected {value.ToJsonString()} (written \"{stored.Original}\")");
            }
        }
        foreach (var flag in expected["flags"]?.AsArray() ?? [])
        {
            Assert.Contains(practice!.Flags, f => f.Reason == flag!.GetValue<string>() && f.QuestionId is null);
        }
        if (expected["invalid"] is JsonArray invalid)
        {
            Assert.Equal(invalid.Count, result.Invalid);
        }
    }

    [Fact]
    public async Task The_raw_message_is_kept_whatever_the_outcome()
    {
        await using var host = await MailTestHost.CreateAsync();
        var files = Directory.GetFiles(Folder, "*.eml");
        foreach (var file in files)
        {
            await host.IngestAsync(await File.ReadAllBytesAsync(file));
        }
        var rows = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking()
            .Where(r => r.Channel == MailProcessor.Channel).Select(r => new { r.Outcome, r.Content.Length }).ToListAsync());
        Assert.Equal(files.Length, rows.Count);
        Assert.DoesNotContain(rows, r => r.Outcome == MailProcessor.RawReceived);
    }

    [Fact]
    public async Task An_everyday_mail_with_a_typo_takes_the_one_candidate_and_the_reply_says_so()
    {
        await using var host = await MailTestHost.CreateAsync();
        var result = await host.IngestAsync(await File.ReadAllBytesAsync(Path.Combine(Folder, "e05-it-everyday-style.eml")));
        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("\"ITF4\"", practice!.Answers.Single(a => a.QuestionId == "region").ValueJson);
        var reply = Assert.Single(await host.OutboxAsync());
        Assert.Contains("(inteso come Puglia (ITF4): se non è ciò che intendeva, risponda indicando la risposta corretta)", reply.TextBody, StringComparison.Ordinal);
    }
}
