using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Regin.Core.Localisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;

namespace Regin.Core.Privacy;

/// <summary>What is looked for and replaced by the marker: addresses, names, phone numbers, chat ids (case ignored).</summary>
internal sealed class ErasureNeedles
{
    /// <summary>Shorter words (a first name "Al") would replace too much of the practice's text.</summary>
    private const int MinLength = 4;

    private readonly List<string> _all = [];
    private readonly List<string> _emails = [];
    private readonly List<string> _identifiers = [];

    public IReadOnlyList<string> Emails => _emails;

    /// <summary>Looked for in the whole database (not only in the practices' rows): the addresses and chat ids, lower case.</summary>
    public IReadOnlyList<string> Searchable => [.. _emails, .. _identifiers.Select(i => i.ToLowerInvariant())];

    public void AddEmails(IEnumerable<string> emails)
    {
        foreach (var email in emails)
        {
            AddEmail(email);
        }
    }

    public void AddEmail(string? email)
    {
        var address = email?.Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(address) && address.Contains('@', StringComparison.Ordinal) && address != ContributorErasure.Marker && !_emails.Contains(address))
        {
            _emails.Add(address);
            Add(address);
        }
    }

    public void AddIdentifier(string id)
    {
        if (id.Length >= MinLength && !_identifiers.Contains(id, StringComparer.Ordinal))
        {
            _identifiers.Add(id);
            Add(id);
        }
    }

    /// <summary>A name or a phone number as written (and a phone number's digits with its +).</summary>
    public void AddContact(string? text)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value) || value.StartsWith('[') || value.Length < MinLength)
        {
            return;
        }
        if (value.Contains('@', StringComparison.Ordinal))
        {
            AddEmail(value);
            return;
        }
        Add(value);
    }

    private void Add(string value)
    {
        if (!_all.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            _all.Add(value);
            // Longest first, so "maria@x.org" goes before a name that is part of it.
            _all.Sort((a, b) => b.Length.CompareTo(a.Length));
        }
    }

    public bool Contains(string? text) => text is not null && _all.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase));

    /// <summary>The text with every needle replaced by <paramref name="marker"/> (the technical marker unless people read it).</summary>
    public string? Redact(string? text, string marker = ContributorErasure.Marker)
    {
        if (text is null)
        {
            return null;
        }
        foreach (var needle in _all)
        {
            text = text.Replace(needle, marker, StringComparison.OrdinalIgnoreCase);
        }
        return text;
    }

    /// <summary>
    /// A JSON value with the needles replaced inside its strings (kept valid JSON). Its strings are compared as they read,
    /// not as they are written: the stored JSON escapes every letter beyond ASCII ("J\u00FCrgen Wei\u00DF", a Greek
    /// name entirely), so a name with one such letter is only found once the JSON is read. A text that is not JSON (a
    /// log entry's plain value) is redacted as text.
    /// </summary>
    public string? RedactJson(string? json, string marker)
    {
        if (json is null || (!Contains(json) && !json.Contains("\\u", StringComparison.Ordinal)))
        {
            return json;
        }
        try
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(json);
            return StringsOf(node).Any(Contains) ? Walk(node, marker)?.ToJsonString() ?? json : json;
        }
        catch (JsonException)
        {
            return Redact(json, marker);
        }
    }

    private static IEnumerable<string> StringsOf(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonValue value when value.TryGetValue<string>(out var text) => [text],
        System.Text.Json.Nodes.JsonArray array => array.SelectMany(StringsOf),
        System.Text.Json.Nodes.JsonObject obj => obj.SelectMany(p => StringsOf(p.Value)),
        _ => [],
    };

    private System.Text.Json.Nodes.JsonNode? Walk(System.Text.Json.Nodes.JsonNode? node, string marker)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonValue value when value.TryGetValue<string>(out var text):
                return System.Text.Json.Nodes.JsonValue.Create(Redact(text, marker));
            case System.Text.Json.Nodes.JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var item = Walk(array[i], marker);
                    if (!ReferenceEquals(item, array[i]))
                    {
                        array[i] = item;
                    }
                }
                return array;
            case System.Text.Json.Nodes.JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var item = Walk(obj[key], marker);
                    if (!ReferenceEquals(item, obj[key]))
                    {
                        obj[key] = item;
                    }
                }
                return obj;
            default:
                return node;
        }
    }

    /// <summary>Whether the bytes hold an address or id: as UTF-8, case ignored, also with quoted-printable soft line breaks and "=40" undone.</summary>
    public bool FoundIn(byte[] content)
    {
        var text = Encoding.Latin1.GetString(content);
        var unfolded = text.Replace("=\r\n", "", StringComparison.Ordinal).Replace("=\n", "", StringComparison.Ordinal).Replace("=40", "@", StringComparison.OrdinalIgnoreCase);
        return Searchable.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase) || unfolded.Contains(n, StringComparison.OrdinalIgnoreCase));
    }
}
