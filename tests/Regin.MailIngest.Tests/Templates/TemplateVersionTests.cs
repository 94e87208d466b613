using System.Text;
using System.Text.Json.Nodes;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Templates;

/// <summary>A template sent out under one version of the questionnaire is read right after questions were added, moved or removed.</summary>
public sealed class TemplateVersionTests
{
    private static readonly QuestionnaireDefinition Current = QuestionnaireLoader.LoadEmbedded();

    /// <summary>
    /// The next version: a question inserted near the top (it takes the next free key, 32), "contact_phone" removed
    /// (its key retired) and "website" moved before "title".
    /// </summary>
    private static QuestionnaireDefinition NextVersion()
    {
        var (structureFile, localeFiles) = QuestionnaireLoader.EmbeddedFiles();
        var structure = JsonNode.Parse(structureFile.Content)!.AsObject();
        var questions = structure["questions"]!.AsArray();
        structure["version"] = "2027.1";
        var phone = questions.Single(q => (string)q!["id"]! == "contact_phone")!;
        structure["retired_keys"] = new JsonArray((int)phone["key"]!);
        questions.Remove(phone);
        var website = questions.Single(q => (string)q!["id"]! == "website")!;
        questions.Remove(website);
        questions.Insert(3, website);
        questions.Insert(1, new JsonObject { ["id"] = "funding_call", ["key"] = 32, ["section"] = "contributor", ["type"] = "text", ["required"] = false });
        var locales = new List<QuestionnaireFile>();
        foreach (var file in localeFiles)
        {
            var locale = JsonNode.Parse(file.Content)!.AsObject();
            locale["questions"]!.AsObject().Remove("contact_phone");
            locale["questions"]!["funding_call"] = new JsonObject { ["label"] = "Funding call", ["hint"] = "-", ["help"] = "-" };
            locales.Add(file with { Content = Encoding.UTF8.GetBytes(locale.ToJsonString()) });
        }
        return QuestionnaireLoader.Load(structureFile with { Content = Encoding.UTF8.GetBytes(structure.ToJsonString()) }, locales, "next version");
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("el")]
    [InlineData("sv")]
    public void An_old_template_files_every_answer_under_its_question_in_the_next_version(string language)
    {
        // Filled in with one line per question: "[Qnn] label" then the answer, as the old template asked.
        var template = new TextTemplate(Current).Generate(language, "reginproject@crpm.org").Replace("\r\n", "\n").Split('\n');
        var filled = new StringBuilder();
        foreach (var line in template)
        {
            filled.AppendLine(line);
            if (Current.Questions.FirstOrDefault(q => line.StartsWith($"[{TemplateKeys.KeyOf(q)}]", StringComparison.Ordinal)) is { } question)
            {
                filled.AppendLine($"answer-of-{question.Id}");
            }
        }

        var answers = new TemplateTextParser(new QuestionCatalog(NextVersion())).Parse(filled.ToString(), "body").Answers;

        Assert.NotEmpty(answers);
        Assert.All(answers, a => Assert.Equal($"answer-of-{a.QuestionId}", a.Text));
        Assert.Contains(answers, a => a.QuestionId == "website");
        Assert.Contains(answers, a => a.QuestionId == "region");
        Assert.DoesNotContain(answers, a => a.QuestionId is "funding_call" or "contact_phone");
    }

    [Fact]
    public void A_retired_key_is_never_given_to_a_new_question()
    {
        var (structureFile, localeFiles) = QuestionnaireLoader.EmbeddedFiles();
        var structure = JsonNode.Parse(structureFile.Content)!.AsObject();
        structure["retired_keys"] = new JsonArray(7);
        var error = Assert.Throws<QuestionnaireException>(() => QuestionnaireLoader.Load(
            structureFile with { Content = Encoding.UTF8.GetBytes(structure.ToJsonString()) }, localeFiles, "test"));
        Assert.Contains("questions[region].key: 7 belonged to a removed question (retired_keys); give it a new one.", error.Problems);
    }

    [Fact]
    public void Keys_are_fixed_per_question_not_per_position()
    {
        Assert.Equal("Q07", TemplateKeys.KeyOf(Current, "region"));
        Assert.Equal("region", TemplateKeys.QuestionOf(Current, 7)!.Id);
        Assert.Equal("region", TemplateKeys.QuestionOf(NextVersion(), 7)!.Id);
        Assert.Null(TemplateKeys.QuestionOf(NextVersion(), 4));
    }
}
