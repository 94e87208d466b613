using Regin.Core.Conversation.Commands;

namespace Regin.Core.Tests.Conversation;

public sealed class CommandParserTests
{
    private static readonly CommandParser Parser = new(TestCore.Questionnaire);

    [Theory]
    [InlineData("πίσω", "back")]
    [InlineData("piso", "back")]
    [InlineData("Pisw", "back")]
    [InlineData("synopsi", "summary")]
    [InlineData("sinopsi", "summary")]
    [InlineData("ypovoli", "submit")]
    [InlineData("allagi 7", "change")]
    [InlineData("übersicht", "summary")]
    [InlineData("Uebersicht", "summary")]
    public void A_command_is_understood_as_written_and_as_typed_without_the_languages_letters(string text, string command) =>
        Assert.Contains(Parser.Parse(text), m => m.Name == command);

    [Fact]
    public void Every_command_word_of_every_language_is_found_alone_and_with_an_argument()
    {
        var missed = new List<string>();
        foreach (var (name, words) in TestCore.Questionnaire.Commands)
        {
            foreach (var (language, list) in words)
            {
                foreach (var word in list)
                {
                    var alone = Parser.Parse(word);
                    if (!alone.Any(m => m.Name == name && m.Argument.Length == 0 && m.KeywordLanguages.Contains(language)))
                    {
                        missed.Add($"{language} {name}: {word}");
                    }
                    if (word.Trim() != "?" && !Parser.Parse(word.ToUpperInvariant() + " 12").Any(m => m.Name == name && m.Argument == "12"))
                    {
                        missed.Add($"{language} {name}: {word} 12");
                    }
                }
            }
        }
        Assert.Empty(missed);
    }

    [Theory]
    [InlineData("lingua e istruzione e salute e lavoro e casa e cultura e sport")]
    [InlineData("Sportello casa per rifugiati")]
    [InlineData("pisos tutelados para familias")]
    public void An_answer_is_not_a_command(string text) =>
        Assert.Empty(Parser.Parse(text));
}
