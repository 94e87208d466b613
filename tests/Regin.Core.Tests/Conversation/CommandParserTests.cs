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

    [Theory]
    [InlineData("lingua e istruzione e salute e lavoro e casa e cultura e sport")]
    [InlineData("Sportello casa per rifugiati")]
    [InlineData("pisos tutelados para familias")]
    public void An_answer_is_not_a_command(string text) =>
        Assert.Empty(Parser.Parse(text));
}
