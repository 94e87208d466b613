using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Conversation;
using Regin.Core.Localisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Review;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// A contributor back in the chat after a researcher asked for changes to their submitted practice (review43's researcher's
/// day, return43): the request first, as the researcher wrote it, with the question it names; the change recorded; the
/// optional questions skipped before not asked again; "send it back?" after the change, and the practice submitted again.
/// </summary>
public sealed class ChangesRequestedChatTests : IAsyncLifetime
{
    private const string Researcher = "researcher@regin.test";
    private ConversationHost _host = null!;

    private Texts Texts => _host.Services.GetRequiredService<Texts>();

    public async Task InitializeAsync() => _host = await ConversationHost.StartAsync(services => services.AddReginReviewServices());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public enum Return
    {
        /// <summary>The same conversation, two days later, with a greeting.</summary>
        Greeting,
        /// <summary>A new conversation (the web chat opened again).</summary>
        NewConversation,
        /// <summary>The same conversation, two days later, straight with "change 23".</summary>
        Command,
    }

    [Theory]
    [InlineData("el-GR", "Καλησπέρα. Στην ερώτηση 23 λείπει ο προϋπολογισμός, μπορείτε να τον συμπληρώσετε; Ευχαριστώ", Return.Greeting, "γεια σας", "αλλαγή 23", "150.000 ευρώ", "ναι")]
    [InlineData("fr-FR", "Bonjour, pourriez-vous préciser le budget (question 23) ? Merci !", Return.NewConversation, "", "modifier 23", "environ 85 000 €", "oui")]
    [InlineData("de-AT", "Hallo, bitte bei Frage 23 noch das Budget ergänzen, danke!", Return.Command, "", "ändern 23", "ca. 60.000 Euro", "ja bitte")]
    public async Task Back_after_a_request_for_changes_the_request_comes_first_the_change_is_kept_and_the_practice_goes_back(
        string locale, string request, Return back, string hello, string change, string amount, string yes)
    {
        var language = Languages.FromLocale(locale)!;
        var chat = await SubmittedWithAnOptionalSkippedAsync(locale);
        var practice = (await _host.PracticeOfAsync("sms", "user-1"))!;
        await RequestChangesAsync(practice.Id, request);
        _host.Clock.Advance(TimeSpan.FromDays(2));

        var again = back == Return.NewConversation ? _host.Chat(locale, conversation: "conv-2") : chat;
        var replies = back switch
        {
            Return.NewConversation => await again.StartAsync(),
            Return.Greeting => await again.SendAsync(hello),
            _ => await again.SendAsync(change),
        };

        // The request first, quoted as written, with the question it names; no "you stopped at question 11, 3 to go".
        var shown = string.Join("\n", again.Shown);
        Assert.Contains(request, shown, StringComparison.Ordinal);
        Assert.Contains(practice.Reference, shown, StringComparison.Ordinal);
        var budget = TestCore.Questionnaire.Questions[22];
        Assert.Equal("budget_eur", budget.Id);
        Assert.Contains("23. " + budget.Label.In(language), shown, StringComparison.Ordinal);
        var welcomeBack = Texts.Get(ConversationMessageKeys.WelcomeBack, language, ("ago", "x"), ("current", 11), ("section", "s"), ("remaining", "r"));
        Assert.DoesNotContain(welcomeBack[..welcomeBack.IndexOf("11", StringComparison.Ordinal)], shown, StringComparison.Ordinal);
        if (back == Return.Command)
        {
            Assert.Equal("budget_eur", again.AskedQuestion);
        }
        else
        {
            Assert.Null(again.AskedQuestion);
            Assert.Contains(Texts.Get(ConversationMessageKeys.ChangesRequestedNext, language), shown, StringComparison.Ordinal);
            await again.SendAsync(change);
            Assert.Equal("budget_eur", again.AskedQuestion);
        }

        // The new amount is kept and logged; then "send it back?", not the optional question skipped before.
        replies = await again.SendAsync(amount);
        Assert.Null(again.AskedQuestion);
        Assert.IsType<SubmitConfirmation>(again.Progress.Pending);
        Assert.Equal(Texts.Get(ConversationMessageKeys.ResubmitConfirm, language), Assert.IsType<ConfirmationReply>(replies[^1]).Text);
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
            var events = await db.PracticeEvents.Where(e => e.PracticeId == practice.Id).OrderBy(e => e.Id).Select(e => new { e.Kind, e.QuestionId }).ToListAsync();
            var asked = events.FindIndex(e => e.Kind == "changes_requested");
            Assert.Contains(events.Skip(asked), e => e.Kind == "answer_set" && e.QuestionId == "budget_eur");
            Assert.NotNull(await db.Answers.SingleOrDefaultAsync(a => a.PracticeId == practice.Id && a.QuestionId == "budget_eur"));
        }

        replies = await again.SendAsync(yes);
        Assert.Equal(Texts.Get(ConversationMessageKeys.Resubmitted, language, ("reference", practice.Reference)), Assert.IsType<MessageReply>(Assert.Single(replies)).Text);
        var sent = (await _host.PracticeOfAsync("sms", "user-1"))!;
        Assert.Equal(PracticeStatus.Submitted, sent.Status);
        Assert.DoesNotContain(sent.Answers, a => a.QuestionId == "regional_authority_role_details");
    }

    [Fact]
    public async Task A_no_to_send_it_back_and_the_summary_say_how_to_change_another_answer_not_the_skipped_question()
    {
        var chat = await SubmittedWithAnOptionalSkippedAsync("it-IT");
        var practice = (await _host.PracticeOfAsync("sms", "user-1"))!;
        await RequestChangesAsync(practice.Id, "Buongiorno, può indicare anche il sito web? (domande 23 e 30) Grazie");
        _host.Clock.Advance(TimeSpan.FromDays(1));

        await chat.SendAsync("buongiorno");
        Assert.Contains("30. " + TestCore.Questionnaire.Questions[29].Label.In("it"), string.Join("\n", chat.Shown), StringComparison.Ordinal);
        await chat.SendAsync("modifica 30");
        Assert.Equal("website", chat.AskedQuestion);
        await chat.SendAsync("www.comune.bari.it/sportelli");
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);

        var replies = await chat.SendAsync("no");
        Assert.Null(chat.AskedQuestion);
        Assert.Equal(Texts.Get(ConversationMessageKeys.ChangesRequestedNext, "it"), Assert.IsType<MessageReply>(Assert.Single(replies)).Text);

        replies = await chat.SendAsync("riepilogo");
        Assert.IsType<SummaryReply>(replies[0]);
        Assert.Null(chat.AskedQuestion);
        Assert.Equal(PracticeStatus.NeedsChanges, (await _host.PracticeOfAsync("sms", "user-1"))!.Status);

        await chat.SendAsync("invia");
        Assert.IsType<SubmitConfirmation>(chat.Progress.Pending);
        await chat.SendAsync("sì");
        Assert.Equal(PracticeStatus.Submitted, (await _host.PracticeOfAsync("sms", "user-1"))!.Status);
    }

    /// <summary>Every required question answered, the optional question 11 skipped, and the practice submitted in the chat.</summary>
    private async Task<EngineChat> SubmittedWithAnOptionalSkippedAsync(string locale)
    {
        var chat = _host.Chat(locale);
        await chat.StartAsync();
        await ConversationEngineTests.AnswerEverythingRequiredAsync(chat);
        var language = chat.Progress.Language!;
        await chat.SendAsync(TestCore.Questionnaire.Commands["change"].In(language)[0] + " 11");
        Assert.Equal("regional_authority_role_details", chat.AskedQuestion);
        await chat.SendAsync(TestCore.Questionnaire.Commands["skip"].In(language)[0]);
        await chat.SendAsync(TestCore.Questionnaire.Commands["submit"].In(language)[0]);
        await chat.SendAsync(new ConfirmationSubmitted(true));
        Assert.Equal(PracticeStatus.Submitted, (await _host.PracticeOfAsync("sms", "user-1"))!.Status);
        return chat;
    }

    private async Task RequestChangesAsync(Guid practiceId, string message)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PracticeWorkflow>().RequestChangesAsync(practiceId, message, Researcher, null);
    }
}
