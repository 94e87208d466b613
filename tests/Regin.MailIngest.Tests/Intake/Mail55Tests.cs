using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Tests.Integration;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Session 55's round of the mail door, on both providers: an answer that points elsewhere ("s.o.", "siehe Anhang",
/// "vedi sopra", "ver anexo", "βλ. συνημμένο") is no answer (session 54), and the reply now says so under that missing
/// question, quoting what was written; when the mail carries the Word template answering that question, its answer is
/// taken from the attachment, whichever of the two pointers the body wrote.
/// </summary>
public abstract class Mail55Tests(string provider)
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    private static string Key(string id) => TemplateKeys.KeyOf(Questionnaire, id);

    private static string Body(MimeMessage message) => (message.TextBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>Per language: a "same as above" pointer and an attachment pointer, as typed in a hurry (no accents in some).</summary>
    public static TheoryData<string, string, string> Pointers() => new()
    {
        { "de", "s.o.", "siehe Anhang" },
        { "fr", "voir plus haut", "voir piece jointe" },
        { "es", "ver arriba", "ver adjunto" },
        { "it", "vedi sopra", "vedi allegato" },
        { "pt", "ver acima", "ver anexo" },
        { "el", "βλ. παραπάνω", "βλ. συνημμένο" },
        { "sv", "se ovan", "se bilaga" },
        { "en", "as above", "see attached" },
    };

    private static string WithPointers(string language, string above, string attached)
    {
        var o = MailRound46Tests.Officials[language];
        return MailRound46Tests.Complete(language)
            .Replace($"[{Key("objectives")}] {o.Text}", $"[{Key("objectives")}] {attached}", StringComparison.Ordinal)
            .Replace($"[{Key("activities")}] {o.Text}", $"[{Key("activities")}] {above}", StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Pointers))]
    public async Task The_reply_says_which_answer_pointed_elsewhere_and_asks_for_the_answer_itself(string language, string above, string attached)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = MailRound46Tests.Officials[language];
        var result = await host.IngestAsync(MailRound45Tests.Mail(o.From, "REGIN", WithPointers(language, above, attached)));
        var reply = Body(Assert.Single(await host.OutboxAsync()));
        var practice = await host.PracticeAsync(result.Reference);
        var texts = host.Services.GetRequiredService<Regin.Core.Localisation.Texts>();
        Assert.DoesNotContain(practice!.Answers, a => a.QuestionId is "objectives" or "activities");
        var missing = reply.Split(texts.Get("mail.reply_missing", language)).ElementAtOrDefault(1) ?? "";
        foreach (var (id, pointer) in new[] { ("objectives", attached), ("activities", above) })
        {
            // Under its question in the missing list: "[Q18] Objectives" then "(you wrote "see attached", …)".
            var line = missing.Split('\n').SkipWhile(l => !l.Contains($"[{Key(id)}]", StringComparison.Ordinal)).Skip(1).FirstOrDefault() ?? "";
            Assert.True(line.Trim() == texts.Get("mail.reply_points_elsewhere", language, ("text", pointer)), $"{id}: '{line}'\n{reply}");
        }
        // A question answered is not said to point anywhere.
        Assert.Equal(2, reply.Split(texts.Get("mail.reply_points_elsewhere", language).Split('{')[0]).Length - 1);
    }

    /// <summary>
    /// Outlook quotes our reply unmarked under its "Von:/Gesendet:" block; she types two answers under their keys (one
    /// right under the key, one under our note) and leaves the third: our note is never read as an answer, nor glued to one.
    /// </summary>
    [Theory]
    [InlineData("de", "Von", "Gesendet", "An", "Betreff", "Landratsamt Augsburg", "Mehr Neuzugewanderte finden eine Ausbildung.")]
    [InlineData("es", "De", "Enviado el", "Para", "Asunto", "Junta de Andalucía", "Que más recién llegados encuentren empleo.")]
    public async Task Our_note_quoted_back_by_Outlook_under_a_key_is_no_answer(string language, string from, string sent, string to, string subject, string lead, string objectives)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = MailRound46Tests.Officials[language];
        var first = await host.IngestAsync(MailRound45Tests.Mail(o.From, "REGIN", MailRound46Tests.Complete(language)
            .Replace($"[{Key("lead_organisation")}] {o.Organisation}", $"[{Key("lead_organisation")}] idem", StringComparison.Ordinal)
            .Replace($"[{Key("objectives")}] {o.Text}", $"[{Key("objectives")}] ver adjunto", StringComparison.Ordinal)
            .Replace($"[{Key("activities")}] {o.Text}", $"[{Key("activities")}] dito", StringComparison.Ordinal)));
        var ourReply = Assert.Single(await host.OutboxAsync());
        var quoted = new System.Text.StringBuilder();
        var lines = Body(ourReply).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            quoted.Append(lines[i]).Append('\n');
            if (lines[i].StartsWith($"  [{Key("lead_organisation")}]", StringComparison.Ordinal))
            {
                quoted.Append(lead).Append('\n');
            }
            if (i > 0 && lines[i - 1].StartsWith($"  [{Key("objectives")}]", StringComparison.Ordinal))
            {
                quoted.Append(objectives).Append('\n');
            }
        }
        var text = $"{language switch { "de" => "Guten Tag,\n\ndie Antworten stehen unten.", _ => "Buenas tardes:\n\nles respondo debajo." }}\n\n{o.Name}\n\n"
            + $"{from}: REGIN Integration Lab <reginproject@crpm.org>\n{sent}: Montag, 7. Dezember 2026 09:15\n{to}: {o.From}\n{subject}: {ourReply.Subject}\n\n" + quoted;
        var result = await host.IngestAsync(MailRound45Tests.Mail(o.From, "AW: " + ourReply.Subject, text, inReplyTo: ourReply.MessageId));
        var practice = await host.PracticeAsync(first.Reference);
        var said = $"{result.Outcome}: {result.Detail}\n{text}";
        Assert.True(lead == practice!.Answers.SingleOrDefault(a => a.QuestionId == "lead_organisation")?.Original, said);
        Assert.True(objectives == practice.Answers.SingleOrDefault(a => a.QuestionId == "objectives")?.Original, said);
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "activities");
    }

    public static TheoryData<string, string, string> AttachedTemplates() => new()
    {
        { "de", "s.o.", "siehe Anhang" },
        { "es", "idem", "ver adjunto" },
        { "pt", "ver acima", "segue em anexo" },
    };

    [Theory]
    [MemberData(nameof(AttachedTemplates))]
    public async Task A_pointer_beside_the_Word_template_takes_the_answer_from_the_attachment(string language, string above, string attached)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = MailRound46Tests.Officials[language];
        var objectives = language switch { "de" => "Mehr Neuzugewanderte finden eine Ausbildung.", "es" => "Que más recién llegados encuentren empleo.", _ => "Que mais recém-chegados encontrem emprego." };
        var activities = language switch { "de" => "Sprachcafé jeden Dienstag, Patenschaften", "es" => "Talleres de empleo y tutorías", _ => "Oficinas de emprego e tutorias" };
        var message = MailRound45Tests.Mail(o.From, "REGIN", WithPointers(language, above, attached));
        message.Body = new Multipart("mixed")
        {
            message.Body!,
            ContributorPlay50MailsTests.Docx(ContributorPlay50MailsTests.Filled(language, [("objectives", objectives), ("activities", activities)]), "REGIN.docx"),
        };
        var result = await host.IngestAsync(message);
        var practice = await host.PracticeAsync(result.Reference);
        var reply = Body(Assert.Single(await host.OutboxAsync()));
        Assert.True(objectives == practice!.Answers.SingleOrDefault(a => a.QuestionId == "objectives")?.Original, $"{result.Detail}\n{reply}");
        Assert.Equal(activities, practice.Answers.SingleOrDefault(a => a.QuestionId == "activities")?.Original);
        var texts = host.Services.GetRequiredService<Regin.Core.Localisation.Texts>();
        Assert.DoesNotContain(texts.Get("mail.reply_points_elsewhere", language, ("text", attached)), reply, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Base64 as real mail programs and gateways send it: decoded as MimeKit decodes it, which is what mail programs show.

    /// <summary>A raw mail from <paramref name="from"/> whose UTF-8 text part is <paramref name="base64"/>, as it stands.</summary>
    private static byte[] Raw(string from, string subject, string base64) => System.Text.Encoding.UTF8.GetBytes(
        $"Authentication-Results: {MailTestHost.PassHeader(MailboxAddress.Parse(from).Address)}\r\nFrom: {from}\r\nTo: reginproject@crpm.org\r\n"
        + $"Subject: {subject}\r\nDate: Mon, 07 Dec 2026 09:10:00 +0100\r\nMessage-ID: <{Guid.NewGuid():N}@mail.example>\r\nMIME-Version: 1.0\r\n"
        + $"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{base64}\r\n");

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal)));

    /// <summary>
    /// Per case: the language, and the base64 of the text as sent. A web-mail gateway's rewrap (lines of 100, 64, 13 and
    /// 76 characters, LF ends, trailing spaces); a mailer that encodes each paragraph on its own, each padded ("…Cg==" then
    /// the next), as PHP's chunked mail() scripts do; Thunderbird's base64 forwarded by a list that strewed "!" and a
    /// quote's "> " through it.
    /// </summary>
    public static TheoryData<string, string> DirtyBase64() => new() { { "it", "rewrapped" }, { "es", "padded-paragraphs" }, { "sv", "stray-characters" } };

    private static string Shaped(string shape, string text)
    {
        switch (shape)
        {
            case "rewrapped":
            {
                var clean = Base64(text);
                var widths = new[] { 100, 64, 13, 76 };
                var lines = new List<string>();
                for (int at = 0, i = 0; at < clean.Length; i++)
                {
                    var width = Math.Min(widths[i % widths.Length], clean.Length - at);
                    lines.Add(clean.Substring(at, width) + (i % 3 == 0 ? "  " : ""));
                    at += width;
                }
                return string.Join("\n", lines);
            }
            case "padded-paragraphs":
                return string.Join("\r\n", text.Split("\n\n").Select(p => Base64(p + "\n\n")));
            default:
            {
                var clean = Base64(text);
                var lines = Enumerable.Range(0, (clean.Length + 75) / 76).Select(i => clean.Substring(i * 76, Math.Min(76, clean.Length - (i * 76))));
                return string.Join("\r\n", lines.Select((l, i) => (i % 2 == 0 ? "> " : "") + l.Insert(l.Length / 2, "!")));
            }
        }
    }

    [Theory]
    [MemberData(nameof(DirtyBase64))]
    public async Task Base64_with_padding_inside_stray_characters_or_ragged_lines_is_read_as_mail_programs_show_it(string language, string shape)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = MailRound46Tests.Officials[language];
        var text = language switch { "it" => "Buongiorno,\n\nvi mando i dati.", "es" => "Buenos días:\n\nles envío la ficha.", _ => "Hej,\n\nhär är mallen." } + "\n\n" + MailRound46Tests.Complete(language);
        var base64 = Shaped(shape, text);
        var raw = Raw(o.From, "REGIN", base64);
        if (shape == "padded-paragraphs")
        {
            Assert.Matches("=\r\n[A-Za-z0-9+/]", base64);
            // MimeKit ends a group at its padding "=" and starts a new one after it, as Thunderbird does: the text comes back
            // whole, no NUL byte at the joins.
            using var decoded = new MemoryStream();
            ((MimePart)MimeMessage.Load(new MemoryStream(raw)).Body!).Content!.DecodeTo(decoded);
            Assert.Equal(string.Concat(text.Split("\n\n").Select(p => p + "\n\n")).Replace("\n", "\r\n", StringComparison.Ordinal), System.Text.Encoding.UTF8.GetString(decoded.ToArray()));
        }
        var result = await host.IngestAsync(raw);
        var practice = await host.PracticeAsync(result.Reference);
        var reply = Body(Assert.Single(await host.OutboxAsync()));
        Assert.True(result.Missing == 0 && result.Invalid == 0, $"{result.Outcome}: {result.Detail}\n{reply}");
        Assert.Equal(o.Title, practice!.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.Equal(o.Text, practice.Answers.Single(a => a.QuestionId == "description").Original);
        Assert.DoesNotContain(practice.Answers, a => (a.Original ?? "").Any(c => c is '\0' or '\uFFFD'));
    }
}

public sealed class Mail55TestsOnSqlite() : Mail55Tests(TestProviders.Sqlite);

public sealed class Mail55TestsOnPostgreSql() : Mail55Tests(TestProviders.PostgreSql);
