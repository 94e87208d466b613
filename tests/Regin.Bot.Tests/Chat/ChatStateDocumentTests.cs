using Newtonsoft.Json;
using Regin.Bot.Chat.Hosting;
using Regin.Bot.Chat.Storage;
using Regin.Core.Conversation;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// The chat state's documents name the type of every object (a state item comes back as itself, a pending confirmation
/// as its own kind, a list of candidates made by a collection expression as a list), and only Regin's types are read.
/// </summary>
public sealed class ChatStateDocumentTests
{
    private static StoredState<ConversationProgress> Progress() => new()
    {
        State = new ConversationProgress
        {
            Language = "el",
            QuestionId = "region",
            Pending = new RestartConfirmation(),
            Skipped = ["website"],
            LastTurnAt = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero),
            PracticeId = Guid.Parse("6f1c2a8e-0d4b-4c55-9a51-2b7c1f0e9d11"),
        },
        ETag = "ignored",
    };

    [Fact]
    public void A_document_is_read_back_as_the_state_item_it_was_written_from()
    {
        var document = EfCoreStorage.Serialize(Progress());

        Assert.StartsWith("{\"$type\":\"Regin.Bot.Chat.Hosting.StoredState`1[[Regin.Core.Conversation.ConversationProgress, Regin.Core]], Regin.Bot\"", document, StringComparison.Ordinal);
        var read = Assert.IsType<StoredState<ConversationProgress>>(EfCoreStorage.Deserialize(document));
        Assert.Equal("el", read.State.Language);
        Assert.Equal("region", read.State.QuestionId);
        Assert.IsType<RestartConfirmation>(read.State.Pending);
        Assert.Equal(["website"], read.State.Skipped);
        Assert.Equal(Progress().State.LastTurnAt, read.State.LastTurnAt);
        Assert.Equal(Progress().State.PracticeId, read.State.PracticeId);
    }

    [Fact]
    public void A_pending_choice_between_candidates_made_by_a_collection_expression_is_read_back()
    {
        IReadOnlyList<SuggestedAnswer> candidates = [new("ITF4", "Puglia (ITF4)")];
        var stored = new StoredState<ConversationProgress> { State = { Pending = new CandidateConfirmation("region", "Pugila", candidates) } };

        var read = Assert.IsType<StoredState<ConversationProgress>>(EfCoreStorage.Deserialize(EfCoreStorage.Serialize(stored)));

        var pending = Assert.IsType<CandidateConfirmation>(read.State.Pending);
        Assert.Equal("ITF4", Assert.Single(pending.Candidates).Answer);
    }

    [Fact]
    public void A_document_written_before_with_a_type_on_every_object_is_read()
    {
        // As EfCoreStorage wrote them until session 7.
        var old = JsonConvert.SerializeObject(Progress(), new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Objects });
        Assert.Contains("\"State\":{\"$type\":\"Regin.Core.Conversation.ConversationProgress, Regin.Core\"", old, StringComparison.Ordinal);

        var read = Assert.IsType<StoredState<ConversationProgress>>(EfCoreStorage.Deserialize(old));
        Assert.Equal("el", read.State.Language);
        Assert.IsType<RestartConfirmation>(read.State.Pending);
        Assert.Equal(Progress().State.PracticeId, read.State.PracticeId);
    }

    [Fact]
    public void A_document_naming_a_type_outside_regin_is_refused()
    {
        const string hostile = "{\"$type\":\"System.IO.FileInfo, System.IO.FileSystem\",\"fileName\":\"/etc/passwd\"}";
        Assert.Throws<JsonSerializationException>(() => EfCoreStorage.Deserialize(hostile));
    }
}
