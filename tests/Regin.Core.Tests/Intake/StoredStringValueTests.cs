using System.Text.Json;
using System.Text.Json.Nodes;
using Regin.Core.Intake;

namespace Regin.Core.Tests.Intake;

/// <summary>
/// <see cref="IntakeService.StringValue"/> (the context an answer is checked against, read twice a chat turn without
/// building a JSON node) reads a stored value as <c>JsonNode.Parse(json) is JsonValue v &amp;&amp; v.TryGetValue&lt;string&gt;</c> did.
/// </summary>
public sealed class StoredStringValueTests
{
    private static string? AsNode(string json) => JsonNode.Parse(json) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static TheoryData<string> Stored =>
    [
        "\"FR\"", "\"ES-GA\"", " \"2024-05-01\" ", "\"\"", "\"caf\\u00e9 \\\"quoted\\\" \\\\ \\n\"", "\"Région Île-de-France 🇫🇷\"",
        "12", "-3.5", "true", "false", "null", "[\"a\",\"b\"]", "{\"a\":\"b\"}", "[]",
        "\"" + new string('x', 600) + "\"", "\"" + string.Concat(Enumerable.Repeat("é€", 300)) + "\"",
    ];

    [Theory]
    [MemberData(nameof(Stored))]
    public void A_stored_value_reads_as_its_json_node_read(string json) =>
        Assert.Equal(AsNode(json), IntakeService.StringValue(json));

    [Theory]
    [InlineData("\"FR\" \"ES\"")]
    [InlineData("\"FR\",")]
    [InlineData("\"unterminated")]
    [InlineData("")]
    public void What_is_no_json_is_refused_as_the_node_refused_it(string json)
    {
        Assert.ThrowsAny<JsonException>(() => AsNode(json));
        Assert.ThrowsAny<JsonException>(() => IntakeService.StringValue(json));
    }
}
