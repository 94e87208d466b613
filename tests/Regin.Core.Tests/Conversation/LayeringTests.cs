using System.Runtime.CompilerServices;
using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>The engine is channel-neutral: core references no Bot Framework, and the engine's folder writes no Markdown.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void Core_references_no_Bot_Framework_assembly()
    {
        var references = typeof(ConversationEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "");

        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.Bot", StringComparison.Ordinal));
    }

    [Fact]
    public void The_engine_folder_has_no_Bot_Framework_using_and_no_Markdown_markup()
    {
        var folder = Path.GetFullPath(Path.Combine(SourceFolder(), "..", "..", "..", "core", "Conversation"));
        var files = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories);

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.False(text.Contains("using Microsoft.Bot", StringComparison.Ordinal), file);
            Assert.False(text.Contains("\"**", StringComparison.Ordinal) || text.Contains("$\"_", StringComparison.Ordinal), file);
        }
    }

    private static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
