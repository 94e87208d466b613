using Newtonsoft.Json;
using Regin.Bot.Chat.Hosting;
using Regin.Bot.Chat.Storage;
using Regin.Core.Conversation;

namespace Regin.Bot.Tests.Chat;

/// <summary>
/// The engine's chat state documents name their kind and no type (a state item comes back as itself, a pending
/// confirmation as its own kind, a list of candidates made by a collection expression as a list); documents written
/// before, with a type on every object, are still read, and only Regin's types are read from them.
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

        Assert.StartsWith("{\"$kind\":\"progress\",\"state\":{\"Language\":\"el\"", document, StringComparison.Ordinal);
        Assert.DoesNotContain("$type", document, StringComparison.Ordinal);
        Assert.Contains("\"Pending\":{\"$kind\":\"restart\"}", document, StringComparison.Ordinal);
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
    public void Every_kind_of_pending_confirmation_is_written_and_read_back_as_itself()
    {
        PendingConfirmation[] every =
        [
            new RestartConfirmation(), new EraseDataConfirmation(), new SubmitConfirmation(), new OtherConfirmation("region"),
            new CandidateConfirmation("funding_sources", "ΤΑΜΕ και ΕΣΠΑ", [new("amif,esf_plus", "AMIF, ESF+"), new("amif,erdf", "AMIF, ERDF")], "«ΕΣΠΑ»: ESF+, ERDF?"),
            new SkipAheadConfirmation("contact_phone", "title", "Welcome Cafés"),
            // A fact typed at another question's long text, offered where it belongs with the value read (session 41).
            new SkipAheadConfirmation("partners", "start_date", "depuis janvier 2021", "2021-01"),
            new MovedOnConfirmation("target_groups", "description", "Lotsen begleiten Neuzugewanderte bei Behördengängen."),
            new SlipConfirmation("lead_organisation", "back", "indietr"),
            // Words naming no option typed at a choice answered with some (session 43).
            new ReplaceConfirmation("target_groups", "voir la brochure"),
            // The role's details naming another role than the one stored (session 59).
            new ChoiceContradictedConfirmation("regional_authority_role_details", "regional_authority_role", "[\"indirect_advisory\"]"),
        ];
        // A kind added to core must be added to ChatStateDocument's list (writing it would fail) and here.
        var kinds = typeof(PendingConfirmation).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(PendingConfirmation)) && !t.IsAbstract);
        Assert.Equal(kinds.Select(t => t.Name).Order(), every.Select(p => p.GetType().Name).Distinct().Order());

        foreach (var pending in every)
        {
            var document = EfCoreStorage.Serialize(new StoredState<ConversationProgress> { State = { Pending = pending } });
            var read = Assert.IsType<StoredState<ConversationProgress>>(EfCoreStorage.Deserialize(document));
            Assert.IsType(pending.GetType(), read.State.Pending);
            if (pending is CandidateConfirmation candidate)
            {
                var back = (CandidateConfirmation)read.State.Pending!;
                Assert.Equal(candidate.Candidates, back.Candidates);
                Assert.Equal((candidate.QuestionId, candidate.Original, candidate.Prompt), (back.QuestionId, back.Original, back.Prompt));
                // Written as typed (the erasure searches the documents for a contributor's words).
                Assert.Contains("ΤΑΜΕ και ΕΣΠΑ", document, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(pending, read.State.Pending);
            }
        }
    }

    [Fact]
    public void The_profile_and_the_owner_are_written_and_read_back_as_themselves()
    {
        var profile = new StoredState<ContributorProfile> { State = { Language = "sv", QuestionId = "region", LastSeenAt = new DateTimeOffset(2026, 11, 2, 8, 30, 0, TimeSpan.FromHours(1)) } };
        var owner = new StoredState<ConversationOwner> { State = { UserId = "29:1Åsa-ø" } };

        var readProfile = Assert.IsType<StoredState<ContributorProfile>>(EfCoreStorage.Deserialize(EfCoreStorage.Serialize(profile)));
        var ownerDocument = EfCoreStorage.Serialize(owner);
        var readOwner = Assert.IsType<StoredState<ConversationOwner>>(EfCoreStorage.Deserialize(ownerDocument));

        Assert.Equal(("sv", "region", profile.State.LastSeenAt), (readProfile.State.Language, readProfile.State.QuestionId, readProfile.State.LastSeenAt));
        Assert.Equal(profile.State.LastSeenAt!.Value.Offset, readProfile.State.LastSeenAt!.Value.Offset);
        Assert.Equal("29:1Åsa-ø", readOwner.State.UserId);
        // ContributorErasure finds a conversation's owner row by the id as a JSON string.
        Assert.Contains(System.Text.Json.JsonSerializer.Serialize("29:1Asa"), EfCoreStorage.Serialize(new StoredState<ConversationOwner> { State = { UserId = "29:1Asa" } }), StringComparison.Ordinal);
    }

    [Fact]
    public void A_pending_choice_stored_by_an_earlier_version_is_read()
    {
        // A conversation paused at "Did you mean …?" days ago, its document as EfCoreStorage wrote it until session 10.
        const string stored = "{\"$type\":\"Regin.Bot.Chat.Hosting.StoredState`1[[Regin.Core.Conversation.ConversationProgress, Regin.Core]], Regin.Bot\","
            + "\"State\":{\"$type\":\"Regin.Core.Conversation.ConversationProgress, Regin.Core\",\"Language\":\"it\",\"AwaitingLanguage\":false,"
            + "\"QuestionId\":\"region\",\"Pending\":{\"$type\":\"Regin.Core.Conversation.CandidateConfirmation, Regin.Core\",\"QuestionId\":\"region\","
            + "\"Original\":\"Pugila\",\"Candidates\":[{\"$type\":\"Regin.Core.Conversation.SuggestedAnswer, Regin.Core\",\"Answer\":\"ITF4\",\"Display\":\"Puglia (ITF4)\"}],"
            + "\"Prompt\":null},\"ChangesRequested\":false,\"Skipped\":[\"website\"],\"Paused\":false,\"ReturnTo\":null,\"LastTurnAt\":\"2026-11-20T09:00:00+00:00\","
            + "\"SubmittedReference\":null,\"OtherLanguageHinted\":false,\"PracticeId\":\"6f1c2a8e-0d4b-4c55-9a51-2b7c1f0e9d11\",\"ErasureRequested\":false},\"ETag\":null}";

        var read = Assert.IsType<StoredState<ConversationProgress>>(EfCoreStorage.Deserialize(stored));

        var pending = Assert.IsType<CandidateConfirmation>(read.State.Pending);
        Assert.Equal(("region", "Pugila", "ITF4"), (pending.QuestionId, pending.Original, Assert.Single(pending.Candidates).Answer));
        Assert.Equal(["website"], read.State.Skipped);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), read.State.LastTurnAt);
        Assert.Equal(Guid.Parse("6f1c2a8e-0d4b-4c55-9a51-2b7c1f0e9d11"), read.State.PracticeId);
        // Written again in the new form, and read back the same.
        var again = EfCoreStorage.Serialize(read);
        Assert.StartsWith(ChatStateDocument.Prefix, again, StringComparison.Ordinal);
        Assert.Equal(again, EfCoreStorage.Serialize(EfCoreStorage.Deserialize(again)!));
    }

    [Theory]
    [InlineData("{\"$kind\":\"System.IO.FileInfo\",\"state\":{}}")]
    [InlineData("{\"$kind\":\"progress\",\"state\":{\"Pending\":{\"$kind\":\"System.IO.FileInfo\"}}}")]
    [InlineData("{\"$kind\":\"progress\",\"state\":{},\"more\":1}")]
    [InlineData("{\"$kind\":\"progress\"}")]
    public void A_document_of_an_unknown_kind_or_shape_is_refused(string document)
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => EfCoreStorage.Deserialize(document));
    }

    [Fact]
    public void A_document_naming_a_type_outside_regin_is_refused()
    {
        const string hostile = "{\"$type\":\"System.IO.FileInfo, System.IO.FileSystem\",\"fileName\":\"/etc/passwd\"}";
        Assert.Throws<JsonSerializationException>(() => EfCoreStorage.Deserialize(hostile));
    }
}
