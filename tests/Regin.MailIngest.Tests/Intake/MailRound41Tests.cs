using System.Text;
using MimeKit;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Session 41's round of mail as people really send it, in the 8 languages, through the ingester on both providers: a key
/// in mid-line after a word or two with no colon ("Oh and [Q06] Ireland"), two keys on one line ("[Q06] Ireland [Q13]
/// 2021"); replies from Outlook desktop ("-----Original Message-----" and its translations, the template unmarked under
/// it) and Gmail (its attribution line in each language, the template quoted "> ") with the answers typed inside the
/// quoted template; Greek in ISO-8859-7 and windows-1253; a colleague's answers forwarded. And the attacker's versions:
/// a key in mid-line inside a parenthesis, a sentence, someone else's quoted mail, an HTML comment.
/// </summary>
public abstract class MailRound41Tests(string provider)
{
    private const string Kate = "Kate Walsh <kate@corkcity.example>";
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    static MailRound41Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static MimeMessage Mail(string body, string subject = "REGIN", string? charset = null, MimeEntity? part = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(Kate));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("corkcity.example");
        if (part is null)
        {
            var text = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
            text.SetText(charset is null ? Encoding.UTF8 : Encoding.GetEncoding(charset), body);
            part = text;
        }
        message.Body = part;
        return MailTestHost.Authenticated(message);
    }

    private static string? Original(Regin.Core.Persistence.Entities.Practice practice, string questionId) =>
        practice.Answers.SingleOrDefault(a => a.QuestionId == questionId)?.Original;

    /// <summary>Ireland and a start date as each language writes them, and a lead-in a hurried hand types without a colon.</summary>
    public static TheoryData<string, string, string, string> Languages() => new()
    {
        { "en", "Ireland", "Oh and", "also" },
        { "fr", "Irlande", "Ah et", "aussi" },
        { "de", "Irland", "Ach und", "noch" },
        { "es", "Irlanda", "Ah y", "también" },
        { "it", "Irlanda", "Ah e", "anche" },
        { "el", "Ιρλανδία", "Α και", "επίσης" },
        { "pt", "Irlanda", "Ah e", "também" },
        { "sv", "Irland", "Åh och", "även" },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_key_after_a_word_or_two_with_no_colon_answers_that_question(string language, string ireland, string oh, string also)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);

        var result = await host.IngestAsync(Mail($"[Q01] Kate Walsh\n[Q05] Welcome desk for newcomers\n{oh} [Q06] {ireland}\n{also} [Q13] 2021\n"));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("\"IE\"", practice!.Answers.SingleOrDefault(a => a.QuestionId == "country")?.ValueJson);
        Assert.Equal("2021", Original(practice, "start_date"));
        Assert.Equal("Welcome desk for newcomers", Original(practice, "title"));
        _ = language;
    }

    public static TheoryData<string> TwoKeyLines() => new()
    {
        "[Q06] Ireland [Q13] 2021",
        "[Q06]: Ireland, [Q13]: 2021",
        "[Q06] Ireland; [Q13] 2021",
        "Oh and [Q06] Ireland [Q13] 2021",
        "[Q06] Irlanda  [Q13] 2021",
    };

    [Theory]
    [MemberData(nameof(TwoKeyLines))]
    public async Task Two_keys_on_one_line_answer_both_questions(string line)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);

        var result = await host.IngestAsync(Mail($"[Q01] Kate Walsh\n[Q05] Welcome desk for newcomers\n{line}\n\nSent from my iPhone\n"));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("\"IE\"", practice!.Answers.SingleOrDefault(a => a.QuestionId == "country")?.ValueJson);
        Assert.Equal("2021", Original(practice, "start_date"));
    }

    /// <summary>
    /// Guards (the attacker's round and our own words): a key in a parenthesis, inside a sentence of a long answer, after
    /// more than two words, in a colleague's quoted mail, in an HTML comment answers nothing; the text stays the answer's.
    /// </summary>
    [Fact]
    public async Task A_key_inside_a_sentence_a_parenthesis_or_someone_elses_quote_answers_nothing()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);

        var result = await host.IngestAsync(Mail("""
            [Q01] Kate Walsh
            [Q05] Welcome desk for newcomers (see [Q06] Spain [Q13] 2017)
            [Q17] Advice desk in the library, as the council wrote under [Q06] Spain is wrong.
            We answered the old form under [Q23] 900000 EUR
            Please read [Q07] Andalucía as a typo.

            On 4 Dec 2026, at 16:20, Tom Byrne <tom@galway.example> wrote:

            > Kate, for the REGIN form:
            > Oh and [Q12] Galway Library [Q20] great results
            > [Q13] 2017 [Q14] 2018
            """));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Welcome desk for newcomers (see [Q06] Spain [Q13] 2017)", Original(practice!, "title"));
        Assert.DoesNotContain(practice!.Answers, a => a.QuestionId is "country" or "region" or "budget_eur" or "start_date" or "end_date" or "partners" or "results");
    }

    [Fact]
    public async Task A_second_key_in_an_html_comment_or_hidden_span_answers_nothing()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var html = new TextPart("html")
        {
            Text = """
                <html><body><div dir="auto">[Q01] Kate Walsh<br>[Q05] Welcome desk for newcomers<!-- [Q06] Spain --><br>
                Oh and [Q06] Ireland<span style="display:none"> [Q23] 900000 EUR</span><br>
                </div></body></html>
                """,
            ContentTransferEncoding = ContentEncoding.QuotedPrintable,
        };

        var result = await host.IngestAsync(Mail("", part: html));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Welcome desk for newcomers", Original(practice!, "title"));
        Assert.Equal("\"IE\"", practice!.Answers.SingleOrDefault(a => a.QuestionId == "country")?.ValueJson);
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId is "budget_eur");
    }

    /// <summary>Outlook desktop's separator and header block, and Gmail's attribution line, as each language writes them.</summary>
    public static TheoryData<string, string, string, string> Replies() => new()
    {
        { "en", "-----Original Message-----\nFrom: REGIN <reginproject@crpm.org>\nSent: Thursday, December 3, 2026 10:12 AM\nTo: Kate Walsh <kate@corkcity.example>\nSubject: REGIN: your template", "On Thu, 3 Dec 2026 at 10:12, REGIN <reginproject@crpm.org> wrote:", "Ireland" },
        { "fr", "-----Message d'origine-----\nDe : REGIN <reginproject@crpm.org>\nEnvoyé : jeudi 3 décembre 2026 10:12\nÀ : Kate Walsh <kate@corkcity.example>\nObjet : REGIN : votre modèle", "Le jeu. 3 déc. 2026 à 10:12, REGIN <reginproject@crpm.org> a écrit :", "Irlande" },
        { "de", "-----Ursprüngliche Nachricht-----\nVon: REGIN <reginproject@crpm.org>\nGesendet: Donnerstag, 3. Dezember 2026 10:12\nAn: Kate Walsh <kate@corkcity.example>\nBetreff: REGIN: Ihre Vorlage", "Am Do., 3. Dez. 2026 um 10:12 Uhr schrieb REGIN <reginproject@crpm.org>:", "Irland" },
        { "es", "-----Mensaje original-----\nDe: REGIN <reginproject@crpm.org>\nEnviado el: jueves, 3 de diciembre de 2026 10:12\nPara: Kate Walsh <kate@corkcity.example>\nAsunto: REGIN: su plantilla", "El jue, 3 dic 2026 a las 10:12, REGIN (<reginproject@crpm.org>) escribió:", "Irlanda" },
        { "it", "-----Messaggio originale-----\nDa: REGIN <reginproject@crpm.org>\nInviato: giovedì 3 dicembre 2026 10:12\nA: Kate Walsh <kate@corkcity.example>\nOggetto: REGIN: il suo modello", "Il giorno gio 3 dic 2026 alle ore 10:12 REGIN <reginproject@crpm.org> ha scritto:", "Irlanda" },
        { "el", "-----Αρχικό μήνυμα-----\nΑπό: REGIN <reginproject@crpm.org>\nΣτάλθηκε: Πέμπτη, 3 Δεκεμβρίου 2026 10:12 πμ\nΠρος: Kate Walsh <kate@corkcity.example>\nΘέμα: REGIN: το πρότυπό σας", "Στις Πέμ 3 Δεκ 2026 στις 10:12, ο/η REGIN <reginproject@crpm.org> έγραψε:", "Ιρλανδία" },
        { "pt", "-----Mensagem original-----\nDe: REGIN <reginproject@crpm.org>\nEnviada em: quinta-feira, 3 de dezembro de 2026 10:12\nPara: Kate Walsh <kate@corkcity.example>\nAssunto: REGIN: o seu modelo", "Em qui., 3 de dez. de 2026 às 10:12, REGIN <reginproject@crpm.org> escreveu:", "Irlanda" },
        { "sv", "-----Ursprungligt meddelande-----\nFrån: REGIN <reginproject@crpm.org>\nSkickat: den 3 december 2026 10:12\nTill: Kate Walsh <kate@corkcity.example>\nÄmne: REGIN: er mall", "Den tors 3 dec. 2026 kl 10:12 skrev REGIN <reginproject@crpm.org>:", "Irland" },
    };

    /// <summary>Our template in <paramref name="language"/> with answers typed on the line under four of its keys, each line prefixed.</summary>
    private static string TemplateWithAnswers(string language, string ireland, string quote)
    {
        var typed = new Dictionary<string, string> { ["[Q01]"] = "Kate Walsh", ["[Q05]"] = "Welcome desk for newcomers", ["[Q06]"] = ireland, ["[Q13]"] = "2021" };
        var text = new StringBuilder();
        foreach (var line in new TextTemplate(Questionnaire).Generate(language, "reginproject@crpm.org").Replace("\r\n", "\n").TrimEnd().Split('\n'))
        {
            text.Append(line.Length == 0 ? quote.TrimEnd() : quote + line).Append('\n');
            if (typed.TryGetValue(line.Split(' ')[0], out var answer))
            {
                text.Append(answer).Append('\n'); // typed under the quoted key line, unquoted, as in an interleaved reply
            }
        }
        return text.ToString();
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task Answers_typed_inside_our_template_quoted_by_outlook_desktop_are_read(string language, string outlook, string gmail, string ireland)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        _ = gmail;

        var body = "Hello, the answers are in the form below.\n\nKate\n\n" + outlook + "\n\n" + TemplateWithAnswers(language, ireland, "");
        var result = await host.IngestAsync(Mail(body, "RE: REGIN", charset: language == "el" ? "windows-1253" : null));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Welcome desk for newcomers", Original(practice!, "title"));
        Assert.Equal("\"IE\"", practice!.Answers.SingleOrDefault(a => a.QuestionId == "country")?.ValueJson);
        Assert.Equal("2021", Original(practice, "start_date"));
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task Answers_typed_between_the_lines_of_our_template_quoted_by_gmail_are_read(string language, string outlook, string gmail, string ireland)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        _ = outlook;

        var body = "Answers below.\n\n" + gmail + "\n\n" + TemplateWithAnswers(language, ireland, "> ");
        var result = await host.IngestAsync(Mail(body, "Re: REGIN", charset: language == "el" ? "iso-8859-7" : null));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Welcome desk for newcomers", Original(practice!, "title"));
        Assert.Equal("\"IE\"", practice!.Answers.SingleOrDefault(a => a.QuestionId == "country")?.ValueJson);
        Assert.Equal("2021", Original(practice, "start_date"));
    }

    /// <summary>
    /// Attribution lines that open with no "On"/"Em"/"Den": Gmail in European Portuguese puts the name first, iOS Mail in
    /// Portuguese opens with "A", in Swedish with the date, Thunderbird in Portuguese with "No dia"; then Gmail in English
    /// for comparison. Each names our address or the time, and ends with its language's "wrote" and a colon.
    /// </summary>
    public static TheoryData<string, string> Attributions() => new()
    {
        { "pt", "REGIN <reginproject@crpm.org> escreveu no dia quinta, 3/12/2026 à(s) 10:12:" },
        { "pt", "A 3/12/2026, às 10:12, REGIN <reginproject@crpm.org> escreveu:" },
        { "pt", "No dia 03/12/2026 às 10:12, REGIN escreveu:" },
        { "sv", "3 dec. 2026 kl. 10:12 skrev REGIN <reginproject@crpm.org>:" },
        { "en", "On Thu, 3 Dec 2026 at 10:12, REGIN <reginproject@crpm.org> wrote:" },
    };

    /// <summary>Answers typed inside our template quoted "&gt; " (clicked into Gmail's or iOS Mail's quote): they come back quoted.</summary>
    [Theory]
    [MemberData(nameof(Attributions))]
    public async Task Answers_typed_inside_the_quote_under_any_attribution_line_are_read(string language, string attribution)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var ireland = language == "sv" ? "Irland" : language == "pt" ? "Irlanda" : "Ireland";
        var quoted = string.Join("\n", TemplateWithAnswers(language, ireland, "").Split('\n').Select(l => l.Length == 0 ? ">" : "> " + l));

        var result = await host.IngestAsync(Mail("Segue.\n\n" + attribution + "\n\n" + quoted, "Re: REGIN"));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Welcome desk for newcomers", Original(practice!, "title"));
        Assert.Equal("\"IE\"", practice!.Answers.SingleOrDefault(a => a.QuestionId == "country")?.ValueJson);
    }

    /// <summary>Gmail's forward separator and header lines in each language: the contributor forwards a colleague's answers.</summary>
    public static TheoryData<string, string> Forwards() => new()
    {
        { "---------- Forwarded message ---------\nFrom: Tom Byrne <tom@corkcity.example>\nDate: Thu, 3 Dec 2026 at 10:12\nSubject: REGIN answers\nTo: Kate Walsh <kate@corkcity.example>", "Ireland" },
        { "---------- Message transféré ---------\nDe : Tom Byrne <tom@corkcity.example>\nDate: jeu. 3 déc. 2026 à 10:12\nSubject: REGIN\nTo: Kate Walsh <kate@corkcity.example>", "Irlande" },
        { "---------- Weitergeleitete Nachricht ---------\nVon: Tom Byrne <tom@corkcity.example>\nDate: Do., 3. Dez. 2026 um 10:12 Uhr\nSubject: REGIN\nTo: Kate Walsh <kate@corkcity.example>", "Irland" },
        { "---------- Mensaje reenviado ---------\nDe: Tom Byrne <tom@corkcity.example>\nDate: jue, 3 dic 2026 a las 10:12\nSubject: REGIN\nTo: Kate Walsh <kate@corkcity.example>", "Irlanda" },
        { "---------- Messaggio inoltrato ---------\nDa: Tom Byrne <tom@corkcity.example>\nDate: gio 3 dic 2026 alle ore 10:12\nSubject: REGIN\nTo: Kate Walsh <kate@corkcity.example>", "Irlanda" },
        { "---------- Προωθημένο μήνυμα ---------\nΑπό: Tom Byrne <tom@corkcity.example>\nDate: Πέμ 3 Δεκ 2026 στις 10:12\nSubject: REGIN\nTo: Kate Walsh <kate@corkcity.example>", "Ιρλανδία" },
        { "---------- Mensagem encaminhada ---------\nDe: Tom Byrne <tom@corkcity.example>\nDate: qui., 3 de dez. de 2026 às 10:12\nSubject: REGIN\nTo: Kate Walsh <kate@corkcity.example>", "Irlanda" },
        { "---------- Vidarebefordrat meddelande ---------\nFrån: Tom Byrne <tom@corkcity.example>\nDate: tors 3 dec. 2026 kl 10:12\nSubject: REGIN\nTo: Kate Walsh <kate@corkcity.example>", "Irland" },
    };

    [Theory]
    [MemberData(nameof(Forwards))]
    public async Task A_colleagues_answers_forwarded_by_the_contributor_are_read(string header, string ireland)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);

        var body = "\n\n" + header + "\n\n[Q01] Tom Byrne\n[Q05] Welcome desk for newcomers\n[Q06] " + ireland + "\n[Q13] 2021\n";
        var result = await host.IngestAsync(Mail(body, "Fwd: REGIN answers"));

        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Welcome desk for newcomers", Original(practice!, "title"));
        Assert.Equal("\"IE\"", practice!.Answers.SingleOrDefault(a => a.QuestionId == "country")?.ValueJson);
        Assert.Equal("2021", Original(practice, "start_date"));
    }

    /// <summary>The attacker's round: a line of thousands of keys is read in bounded time and answers at most each question once.</summary>
    [Fact]
    public async Task A_line_of_thousands_of_keys_is_read_and_changes_nothing_else()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var flood = string.Concat(Enumerable.Repeat("[Q06] Spain [Q23] 900000 EUR ", 20_000));

        var result = await host.IngestAsync(Mail($"[Q01] Kate Walsh\n[Q05] Welcome desk for newcomers\n{flood}\n"));

        Assert.NotEqual(MailOutcomes.Failed, result.Outcome);
        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Welcome desk for newcomers", Original(practice!, "title"));
    }
}

public sealed class MailRound41TestsOnSqlite() : MailRound41Tests(TestProviders.Sqlite);

public sealed class MailRound41TestsOnPostgreSql() : MailRound41Tests(TestProviders.PostgreSql);
