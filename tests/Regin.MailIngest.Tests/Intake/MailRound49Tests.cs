using MimeKit;
using Regin.Core.Questionnaire;
using Regin.Core.Reminders;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Session 49's round of the mail door, on both providers, in the 8 languages: her own STOP with an invisible character
/// in it (a zero-width space inside the word, a byte-order mark before it, as pasted from a phone's or a web mail's
/// clipboard) stops her reminders; it was read as a mail of no answers and answered with the template.
/// </summary>
public abstract class MailRound49Tests(string provider)
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    public static TheoryData<string> Languages() => new("de", "fr", "it", "en", "es", "pt", "el", "sv");

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Her_own_STOP_with_invisible_characters_in_the_word_stops_her_reminders(string language)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = MailRound46Tests.Officials[language];
        var first = await host.IngestAsync(MailRound45Tests.Mail(o.From, "REGIN", MailRound46Tests.Complete(language, o.Promise)));
        Assert.True(first.Outcome == MailOutcomes.Created, $"{first.Outcome}: {first.Detail}");
        var ourReply = Assert.Single(await host.OutboxAsync());
        var practiceId = (await host.PracticeAsync(first.Reference))!.Id;
        var word = Questionnaire.Vocabulary.Stop.In(language).First(w => language == "en" || w != "stop");
        // "\uFEFFSt\u200Bopp." : what the screen shows is her stop word.
        var typed = "\uFEFF" + char.ToUpperInvariant(word[0]) + word[1..2] + "\u200B" + word[2..] + ".";

        var stop = await host.IngestAsync(MailRound45Tests.Mail(o.From, "Re: " + ourReply.Subject, $"{typed}\n\n> {ourReply.Subject}\n", inReplyTo: ourReply.MessageId));

        Assert.True(stop.Outcome == MailOutcomes.RemindersStopped, $"{typed}: {stop.Outcome}: {stop.Detail}");
        Assert.Equal(1, await host.CountAsync(db => db.PracticeEvents.Count(e => e.PracticeId == practiceId && e.Kind == DraftReminderStops.EventKind)));
    }
}

public sealed class MailRound49TestsOnSqlite() : MailRound49Tests(TestProviders.Sqlite);

public sealed class MailRound49TestsOnPostgreSql() : MailRound49Tests(TestProviders.PostgreSql);
