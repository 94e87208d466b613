using System.Text;
using System.Text.Json;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Serialization;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// Reads a POST /api/messages body into the <see cref="Activity"/> the Bot Framework's Newtonsoft reading
/// (<see cref="BotJson.ReadActivityAsync"/>'s serializer) makes of it, with <see cref="Utf8JsonReader"/> for what a chat
/// message is made of: the activity's and its accounts' (from, recipient, conversation) text fields are set straight from
/// the bytes. Every other value (channelData, entities, attachments, value, timestamps, a number where text is expected:
/// anything that is not a JSON string at a text field) is read by the same Newtonsoft serializer from its own bytes into
/// its property's type, so it is exactly what Newtonsoft gives the bot (Teams and the raw-input middleware read those).
/// Anything else unusual gives null, and the caller reads the whole body with Newtonsoft as before (the same 400 or
/// refusal): a property name the types do not know as written (Newtonsoft would match it ignoring case, or keep it among
/// the extension data), a property twice (Newtonsoft would merge into the first), a top level that is no object, nesting
/// deeper than <see cref="MaxDepth"/>, and anything <see cref="Utf8JsonReader"/> refuses (comments, single quotes,
/// trailing commas, an escaped lone surrogate, invalid UTF-8: the caller checks the bytes first).
/// Session 43 (turn43): Newtonsoft's reading of a plain message took ~0.08 ms of the host's ~0.6 ms a turn.
/// </summary>
internal static class ActivityJsonReader
{
    /// <summary>
    /// Deeper than this (System.Text.Json's count: the activity's own properties are at depth 1) is left to Newtonsoft,
    /// which refuses past <see cref="ReginBotAdapter.MaxDepth"/>: well below it, so nothing it would refuse is read here.
    /// </summary>
    public const int MaxDepth = 32;

    private sealed record Member(Newtonsoft.Json.Serialization.JsonProperty Property, int Index, Shape Shape);

    private enum Shape
    {
        /// <summary>A string property: a JSON string is set as it is; anything else goes to Newtonsoft.</summary>
        Text,

        /// <summary>A <see cref="ChannelAccount"/> or <see cref="ConversationAccount"/>, read field by field.</summary>
        Account,

        /// <summary>Anything else: read by Newtonsoft from its bytes.</summary>
        Other,
    }

    private sealed class TypeMembers(Type type, Dictionary<string, Member> members, Func<object> create)
    {
        public Type Type { get; } = type;

        public Dictionary<string, Member>.AlternateLookup<ReadOnlySpan<char>> ByName { get; } = members.GetAlternateLookup<ReadOnlySpan<char>>();

        public Func<object> Create { get; } = create;
    }

    private static readonly Dictionary<Type, TypeMembers> Types = [];

    private static readonly JsonReaderOptions Options = new() { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    /// <summary>Whether the serializer's contracts are plain enough to be read here (no converter of their own); else nothing is.</summary>
    private static bool? usable;

    private static readonly Lock Gate = new();

    /// <summary>The activity of <paramref name="body"/> (valid UTF-8 without a byte order mark), or null: read it with Newtonsoft.</summary>
    public static Activity? TryRead(ReadOnlySpan<byte> body, Newtonsoft.Json.JsonSerializer serializer)
    {
        if (!Usable(serializer))
        {
            return null;
        }
        try
        {
            var reader = new Utf8JsonReader(body, Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            return (Activity?)ReadObject(ref reader, body, Types[typeof(Activity)], serializer);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // A string System.Text.Json cannot give as text (an escaped lone surrogate): Newtonsoft decides.
            return null;
        }
        catch (Newtonsoft.Json.JsonException)
        {
            // A value Newtonsoft refuses in its place (text where a date is expected): it refuses the whole body alike.
            return null;
        }
    }

    private static bool Usable(Newtonsoft.Json.JsonSerializer serializer)
    {
        if (usable is { } known)
        {
            return known;
        }
        lock (Gate)
        {
            if (usable is null)
            {
                var ok = true;
                foreach (var type in new[] { typeof(Activity), typeof(ChannelAccount), typeof(ConversationAccount) })
                {
                    if (serializer.ContractResolver.ResolveContract(type) is not JsonObjectContract contract
                        || contract.Converter is not null || serializer.Converters.Any(c => c.CanConvert(type))
                        || contract.DefaultCreator is null || contract.DefaultCreatorNonPublic || contract.CreatorParameters.Count > 0
                        || contract.OnDeserializedCallbacks.Count > 0 || contract.OnDeserializingCallbacks.Count > 0 || contract.OnErrorCallbacks.Count > 0)
                    {
                        ok = false;
                        break;
                    }
                    if (contract.ItemRequired is not null || (serializer.DefaultValueHandling & Newtonsoft.Json.DefaultValueHandling.Populate) != 0)
                    {
                        ok = false;
                        break;
                    }
                    var sample = contract.DefaultCreator();
                    var members = new Dictionary<string, Member>(StringComparer.Ordinal);
                    var index = 0;
                    foreach (var property in contract.Properties)
                    {
                        if (property.Ignored || !property.Writable || property.PropertyName is null || property.ValueProvider is null || property.PropertyType is null)
                        {
                            continue;
                        }
                        if (property.Required != Newtonsoft.Json.Required.Default || property.ShouldDeserialize is not null
                            || (property.DefaultValueHandling is { } handling && handling.HasFlag(Newtonsoft.Json.DefaultValueHandling.Populate))
                            || property.ValueProvider.GetValue(sample) is not null)
                        {
                            // Newtonsoft would check, fill in or merge into it: not read here.
                            ok = false;
                            break;
                        }
                        var shape = property.PropertyType == typeof(string) && property.Converter is null && property.ItemConverter is null
                            ? Shape.Text
                            : type == typeof(Activity) && (property.PropertyType == typeof(ChannelAccount) || property.PropertyType == typeof(ConversationAccount)) && property.Converter is null
                                ? Shape.Account
                                : Shape.Other;
                        members[property.PropertyName] = new Member(property, index++, shape);
                    }
                    if (!ok || index > 128)
                    {
                        ok = false;
                        break;
                    }
                    var creator = contract.DefaultCreator;
                    Types[type] = new TypeMembers(type, members, creator);
                }
                usable = ok;
            }
            return usable.Value;
        }
    }

    /// <summary>The object whose start the reader is on, read to its end; null when Newtonsoft should read the body.</summary>
    private static object? ReadObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, TypeMembers members, Newtonsoft.Json.JsonSerializer serializer)
    {
        var target = members.Create();
        ulong seenLow = 0, seenHigh = 0;
        Span<char> name = stackalloc char[64];
        while (true)
        {
            if (!reader.Read())
            {
                return null;
            }
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return target;
            }
            // A property name (anything else throws in the reader). Escaped or longer than any known one: not known as written.
            if (reader.ValueIsEscaped || reader.ValueSpan.Length > name.Length)
            {
                return null;
            }
            var length = Encoding.UTF8.GetChars(reader.ValueSpan, name);
            if (!members.ByName.TryGetValue(name[..length], out var member))
            {
                return null;
            }
            ref var seen = ref member.Index < 64 ? ref seenLow : ref seenHigh;
            var bit = 1UL << (member.Index & 63);
            if ((seen & bit) != 0)
            {
                return null;
            }
            seen |= bit;
            if (!reader.Read())
            {
                return null;
            }
            if (reader.TokenType == JsonTokenType.Null)
            {
                // NullValueHandling.Ignore: the property keeps its default (null), as Newtonsoft leaves it.
                if ((member.Property.NullValueHandling ?? serializer.NullValueHandling) != Newtonsoft.Json.NullValueHandling.Ignore)
                {
                    return null;
                }
                continue;
            }
            object? value;
            if (member.Shape == Shape.Text && reader.TokenType == JsonTokenType.String)
            {
                value = reader.GetString();
            }
            else if (member.Shape == Shape.Account && reader.TokenType == JsonTokenType.StartObject)
            {
                value = ReadObject(ref reader, body, Types[member.Property.PropertyType!], serializer);
                if (value is null)
                {
                    return null;
                }
            }
            else if (member.Property.PropertyType == typeof(DateTimeOffset?) && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
                && IsoTimestamp(reader.ValueSpan) is { } timestamp)
            {
                value = timestamp;
            }
            else
            {
                var start = (int)reader.TokenStartIndex;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
                value = ReadByNewtonsoft(body[start..(int)reader.BytesConsumed], member.Property.PropertyType!, serializer);
            }
            member.Property.ValueProvider!.SetValue(target, value);
        }
    }

    /// <summary>
    /// A timestamp as channels write it, <c>2026-12-06T09:12:44.4510413Z</c> or <c>2026-12-06T10:12:44.123+01:00</c>
    /// (seconds, 1 to 7 digits of a fraction or none, <c>Z</c> or an offset): the value Newtonsoft's ISO reading gives
    /// (its <c>DateTimeParser</c>: the fraction in ticks, the offset kept); anything else (no zone, which Newtonsoft reads
    /// as the machine's, more digits, a value out of range) is null and left to Newtonsoft.
    /// </summary>
    internal static DateTimeOffset? IsoTimestamp(ReadOnlySpan<byte> text)
    {
        // yyyy-MM-ddTHH:mm:ss
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || !Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute) || !Digits(text.Slice(17, 2), out var second))
        {
            return null;
        }
        var at = 19;
        long fraction = 0;
        if (text[at] == '.')
        {
            var digits = 0;
            at++;
            while (at < text.Length && text[at] is >= (byte)'0' and <= (byte)'9')
            {
                fraction = (fraction * 10) + (text[at] - '0');
                digits++;
                at++;
            }
            if (digits is 0 or > 7)
            {
                return null;
            }
            for (; digits < 7; digits++)
            {
                fraction *= 10;
            }
        }
        TimeSpan offset;
        if (at == text.Length - 1 && text[at] == 'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (at == text.Length - 6 && text[at] is (byte)'+' or (byte)'-' && text[at + 3] == ':'
            && Digits(text.Slice(at + 1, 2), out var zoneHour) && Digits(text.Slice(at + 4, 2), out var zoneMinute) && zoneHour <= 13 && zoneMinute <= 59)
        {
            offset = new TimeSpan(zoneHour, zoneMinute, 0);
            if (text[at] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return null;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fraction);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return null;
        }
        return new DateTimeOffset(local, offset);

        static bool Digits(ReadOnlySpan<byte> digits, out int value)
        {
            value = 0;
            foreach (var digit in digits)
            {
                if (digit is < (byte)'0' or > (byte)'9')
                {
                    return false;
                }
                value = (value * 10) + (digit - '0');
            }
            return true;
        }
    }

    /// <summary>One value as the serializer reads it into a property of <paramref name="type"/>.</summary>
    private static object? ReadByNewtonsoft(ReadOnlySpan<byte> json, Type type, Newtonsoft.Json.JsonSerializer serializer)
    {
        using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(Encoding.UTF8.GetString(json))) { MaxDepth = ReginBotAdapter.MaxDepth, ArrayPool = BotJson.PooledChars.Instance };
        return serializer.Deserialize(reader, type);
    }
}
