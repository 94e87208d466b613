using Regin.Core;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;

namespace Regin.MailIngest.Commands;

/// <summary>`template --lang it --format txt|docx -o FILE`: writes the e-mail template.</summary>
public static class TemplateCommand
{
    public static async Task<int> RunAsync(QuestionnaireDefinition questionnaire, string mailbox, IReadOnlyList<string> args, TextWriter output)
    {
        string language = Languages.Default, format = "txt";
        string? file = null;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--lang" or "-l" when value is not null: language = value; i++; break;
                case "--format" or "-f" when value is not null: format = value.ToLowerInvariant(); i++; break;
                case "-o" or "--output" when value is not null: file = value; i++; break;
                default:
                    await Console.Error.WriteLineAsync($"Unknown option \"{args[i]}\". usage: template --lang LANG --format txt|docx -o FILE");
                    return 2;
            }
        }
        var code = Languages.FromLocale(language);
        if (code is null)
        {
            await Console.Error.WriteLineAsync($"--lang must be one of {string.Join(", ", Languages.All)}.");
            return 2;
        }
        if (format == "docx")
        {
            if (file is null)
            {
                await Console.Error.WriteLineAsync("A .docx template needs -o FILE.");
                return 2;
            }
            await File.WriteAllBytesAsync(file, new DocxTemplate(questionnaire).Generate(code, mailbox));
        }
        else if (format == "txt")
        {
            var text = new TextTemplate(questionnaire).Generate(code, mailbox);
            if (file is null)
            {
                await output.WriteAsync(text);
            }
            else
            {
                await File.WriteAllTextAsync(file, text, new System.Text.UTF8Encoding(false));
            }
        }
        else
        {
            await Console.Error.WriteLineAsync("--format must be txt or docx.");
            return 2;
        }
        if (file is not null)
        {
            await output.WriteLineAsync($"Wrote {file} ({code}, {format}).");
        }
        return 0;
    }
}
