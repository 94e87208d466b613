using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Regin.Bot.Chat.Hosting;
using Regin.Core.Conversation;

namespace Regin.Bot.Chat.Storage;

/// <summary>
/// The chat state documents of the engine's own state (<see cref="StoredState{T}"/> of <see cref="ConversationProgress"/>,
/// <see cref="ContributorProfile"/> and <see cref="ConversationOwner"/>), written and read by System.Text.Json with
/// metadata made at build time, without a type name on every object: <c>{"$kind":"progress","state":{...}}</c>. The kind
/// names one of these three types and a pending confirmation names its kind (<c>"$kind":"candidate"</c>); no other
/// type can be named, so nothing else can be read. Documents written before (Newtonsoft with a type on every object) and
/// any other IStorage item stay with <see cref="EfCoreStorage"/>'s Newtonsoft serializer; a document of the old form is
/// written in this one the next time its state is saved.
/// </summary>
public static class ChatStateDocument
{
    /// <summary>How every document of this form starts (a Newtonsoft document of this storage starts with "$type").</summary>
    public const string Prefix = "{\"$kind\":\"";

    private const string ProgressKind = "progress";
    private const string ProfileKind = "profile";
    private const string OwnerKind = "owner";

    /// <summary>
    /// Text as written (no \u escapes for letters outside ASCII, as Newtonsoft wrote it), so the erasure's search of the
    /// stored documents finds a contributor's words; the documents are never put into HTML.
    /// </summary>
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 64,
        TypeInfoResolver = ChatStateJsonContext.Default.WithAddedModifier(PendingKinds),
    };

    private static readonly JsonTypeInfo<ConversationProgress> Progress = (JsonTypeInfo<ConversationProgress>)Options.GetTypeInfo(typeof(ConversationProgress));
    private static readonly JsonTypeInfo<ContributorProfile> Profile = (JsonTypeInfo<ContributorProfile>)Options.GetTypeInfo(typeof(ContributorProfile));
    private static readonly JsonTypeInfo<ConversationOwner> Owner = (JsonTypeInfo<ConversationOwner>)Options.GetTypeInfo(typeof(ConversationOwner));

    private static readonly JsonEncodedText KindName = JsonEncodedText.Encode("$kind");
    private static readonly JsonEncodedText StateName = JsonEncodedText.Encode("state");

    /// <summary>Each pending confirmation by the name its documents give it (a new kind in core must be added here: the tests write every one).</summary>
    private static void PendingKinds(JsonTypeInfo info)
    {
        if (info.Type != typeof(PendingConfirmation))
        {
            return;
        }
        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = "$kind",
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
            DerivedTypes =
            {
                new JsonDerivedType(typeof(RestartConfirmation), "restart"),
                new JsonDerivedType(typeof(EraseDataConfirmation), "erase"),
                new JsonDerivedType(typeof(SubmitConfirmation), "submit"),
                new JsonDerivedType(typeof(OtherConfirmation), "other"),
                new JsonDerivedType(typeof(CandidateConfirmation), "candidate"),
                new JsonDerivedType(typeof(SkipAheadConfirmation), "ahead"),
                new JsonDerivedType(typeof(MovedOnConfirmation), "moved_on"),
                new JsonDerivedType(typeof(SlipConfirmation), "slip"),
                new JsonDerivedType(typeof(ReplaceConfirmation), "replace"),
                new JsonDerivedType(typeof(ChoiceContradictedConfirmation), "contradicted"),
            },
        };
    }

    /// <summary>The document of <paramref name="value"/> when it is one of the engine's state items; false for anything else.</summary>
    public static bool TryWrite(object value, out string document)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value)
        {
            case StoredState<ConversationProgress> progress:
                document = Write(ProgressKind, progress.State, Progress);
                return true;
            case StoredState<ContributorProfile> profile:
                document = Write(ProfileKind, profile.State, Profile);
                return true;
            case StoredState<ConversationOwner> owner:
                document = Write(OwnerKind, owner.State, Owner);
                return true;
            default:
                document = "";
                return false;
        }
    }

    /// <summary>Whether <paramref name="document"/> is of this form (else it is Newtonsoft's).</summary>
    public static bool IsOwn(string document) => document.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The state item of a document of this form; <see cref="JsonException"/> when it is not one.</summary>
    public static object Read(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var length = Encoding.UTF8.GetMaxByteCount(document.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var count = Encoding.UTF8.GetBytes(document, rented);
            var reader = new Utf8JsonReader(rented.AsSpan(0, count), new JsonReaderOptions { MaxDepth = Options.MaxDepth });
            Expect(ref reader, JsonTokenType.StartObject);
            ExpectProperty(ref reader, "$kind");
            Expect(ref reader, JsonTokenType.String);
            object item;
            if (reader.ValueTextEquals(ProgressKind))
            {
                ExpectProperty(ref reader, "state");
                item = new StoredState<ConversationProgress> { State = ReadState(ref reader, Progress) };
            }
            else if (reader.ValueTextEquals(ProfileKind))
            {
                ExpectProperty(ref reader, "state");
                item = new StoredState<ContributorProfile> { State = ReadState(ref reader, Profile) };
            }
            else if (reader.ValueTextEquals(OwnerKind))
            {
                ExpectProperty(ref reader, "state");
                item = new StoredState<ConversationOwner> { State = ReadState(ref reader, Owner) };
            }
            else
            {
                throw new JsonException($"A chat state document of an unknown kind \"{reader.GetString()}\".");
            }
            Expect(ref reader, JsonTokenType.EndObject);
            if (reader.Read())
            {
                throw new JsonException("A chat state document goes on after its end.");
            }
            return item;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static string Write<T>(string kind, T state, JsonTypeInfo<T> info)
    {
        using var buffer = new PooledBufferWriter(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Options.Encoder, MaxDepth = Options.MaxDepth }))
        {
            writer.WriteStartObject();
            writer.WriteString(KindName, kind);
            writer.WritePropertyName(StateName);
            JsonSerializer.Serialize(writer, state, info);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static T ReadState<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> info)
        where T : class
    {
        Expect(ref reader, JsonTokenType.StartObject);
        return JsonSerializer.Deserialize(ref reader, info) ?? throw new JsonException("A chat state document without its state.");
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new JsonException($"A chat state document where {type} was expected.");
        }
    }

    private static void ExpectProperty(ref Utf8JsonReader reader, string name)
    {
        Expect(ref reader, JsonTokenType.PropertyName);
        if (!reader.ValueTextEquals(name))
        {
            throw new JsonException($"A chat state document without \"{name}\" where it belongs.");
        }
    }
}

/// <summary>The metadata of the engine's state types, made at build time (no reflection when a document is read or written).</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(ConversationProgress))]
[JsonSerializable(typeof(ContributorProfile))]
[JsonSerializable(typeof(ConversationOwner))]
[JsonSerializable(typeof(RestartConfirmation))]
[JsonSerializable(typeof(EraseDataConfirmation))]
[JsonSerializable(typeof(SubmitConfirmation))]
[JsonSerializable(typeof(OtherConfirmation))]
[JsonSerializable(typeof(CandidateConfirmation))]
[JsonSerializable(typeof(SkipAheadConfirmation))]
[JsonSerializable(typeof(MovedOnConfirmation))]
[JsonSerializable(typeof(SlipConfirmation))]
[JsonSerializable(typeof(ReplaceConfirmation))]
[JsonSerializable(typeof(ChoiceContradictedConfirmation))]
internal sealed partial class ChatStateJsonContext : JsonSerializerContext;
