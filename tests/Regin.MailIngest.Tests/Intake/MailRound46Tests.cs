using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Session 46's round of the mail door: an answer that promises the answer ("Budget: folgt", "à venir", "lo mandiamo
/// dopo", "TBC") keeps the draft open and the reply says what we wait for, in the 8 languages; a budget stated in a
/// later mail's sentence past its third word; the reply lists the unanswered optional questions and the reader reads
/// an answer typed under one of them; a .rtf attachment read (and a deep one named); the contact phone placed by the
/// typed contact address, not the sender's; on both providers.
/// </summary>
public abstract class MailRound46Tests(string provider)
{
    static MailRound46Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    private static MimeMessage Mail(string from, string subject, string body, string? inReplyTo = null) =>
        MailRound45Tests.Mail(from, subject, body, inReplyTo: inReplyTo);

    /// <summary>Per language: the sender, the place (country, region), a sentence for every long answer, and the promise.</summary>
    internal static readonly Dictionary<string, (string From, string Name, string Organisation, string Title, string Country, string Region, string Text, string Promise)> Officials = new()
    {
        ["de"] = ("Julia Weber <j.weber@landkreis-augsburg.example>", "Julia Weber", "Landratsamt Augsburg", "Sprachpatenschaften im Landkreis", "Deutschland", "Schwaben",
            "Ehrenamtliche begleiten Neuzugewanderte ein Jahr lang.", "Budget: folgt"),
        ["fr"] = ("Claire Martin <c.martin@bretagne-region.example>", "Claire Martin", "Région Bretagne", "Accueil des primo-arrivants", "France", "Bretagne",
            "Des bénévoles accompagnent les nouveaux arrivants pendant un an.", "Budget : à venir / on vous l'envoie la semaine prochaine"),
        ["it"] = ("Giulia Rossi <g.rossi@comune-torino.example>", "Giulia Rossi", "Comune di Torino", "Sportello lavoro migranti", "Italia", "Piemonte",
            "Volontari accompagnano i nuovi arrivati per un anno.", "Bilancio: lo mandiamo dopo"),
        ["en"] = ("Siobhan Kelly <s.kelly@corkcoco.example>", "Siobhan Kelly", "Cork County Council", "Welcome desk for newcomers", "Ireland", "Munster",
            "Volunteers support newcomers for a year.", "Budget: TBC"),
        ["es"] = ("Ana Ruiz <ana.ruiz@juntadeandalucia.example>", "Ana Ruiz", "Junta de Andalucía", "Aulas de acogida", "España", "Andalucía",
            "Voluntarios acompañan a los recién llegados durante un año.", "Presupuesto: pendiente, se lo enviamos la semana que viene"),
        ["pt"] = ("João Silva <j.silva@ccdr-n.example>", "João Silva", "CCDR Norte", "Balcão de acolhimento", "Portugal", "Norte",
            "Voluntários acompanham os recém-chegados durante um ano.", "Orçamento: enviamos depois"),
        ["el"] = ("Νίκος Παπαδάκης <n.papadakis@crete-region.example>", "Νίκος Παπαδάκης", "Περιφέρεια Κρήτης", "Κέντρο ένταξης μεταναστών", "Ελλάδα", "Κρήτη",
            "Εθελοντές συνοδεύουν τους νεοαφιχθέντες για έναν χρόνο.", "Προϋπολογισμός: θα σας το στείλουμε"),
        ["sv"] = ("Anna Berg <anna.berg@malmo-stad.example>", "Anna Berg", "Malmö stad", "Språkvän Malmö", "Sverige", "Sydsverige",
            "Volontärer stöttar nyanlända under ett år.", "Budget: kommer senare"),
    };

    private static readonly Dictionary<string, string> SignOff = new()
    {
        ["de"] = "Viele Grüße", ["fr"] = "Cordialement,", ["it"] = "Cordiali saluti", ["en"] = "Kind regards,", ["es"] = "Saludos,",
        ["pt"] = "Cumprimentos,", ["el"] = "Με εκτίμηση,", ["sv"] = "Vänliga hälsningar",
    };

    public static TheoryData<string> Languages() => new(Officials.Keys);

    /// <summary>Every required question answered after its key, briefly, as an official fills the template in a hurry; then the promise.</summary>
    internal static string Complete(string language, string? promise = null)
    {
        var o = Officials[language];
        var lines = new List<string>();
        foreach (var question in Questionnaire.Questions.Where(q => q.Required && q.Id != "contact_email"))
        {
            var answer = question.Id switch
            {
                "contact_name" => o.Name,
                "contact_organisation" or "lead_organisation" => o.Organisation,
                "title" => o.Title,
                "country" => o.Country,
                "region" => o.Region,
                "start_date" => "03/2021",
                "end_date" => Questionnaire.Vocabulary.Ongoing.In(language)[0],
                "consent_publish" => Questionnaire.Vocabulary.Yes.In(language)[0],
                _ when question.Type is QuestionType.Choice or QuestionType.Multi => question.ChoiceList[0].Label.In(language),
                _ => o.Text,
            };
            if (question.Key > 23 && promise is not null)
            {
                // The budget's line where the template has it, between the objectives' and the innovation's.
                lines.Add(promise);
                promise = null;
            }
            lines.Add($"[{TemplateKeys.KeyOf(Questionnaire, question.Id)}] {answer}");
        }
        return string.Join("\n", lines) + "\n\n" + SignOff[language] + "\n" + o.Name.Split(' ')[0];
    }

    private static string Body(MimeMessage message) => (message.TextBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);

    private string Heading(MailTestHost host, string key, string language) => host.Services.GetRequiredService<Regin.Core.Localisation.Texts>().Get(key, language);

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_promised_answer_keeps_the_draft_open_the_reply_says_what_we_wait_for_and_the_answer_later_submits_it(string language)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = Officials[language];
        var first = await host.IngestAsync(Mail(o.From, "REGIN", Complete(language, o.Promise)));

        // Every required answer is there: before session 46 this was submitted at once, the budget lost to the promise.
        var practice = await host.PracticeAsync(first.Reference);
        var said = $"{first.Outcome}: {first.Detail}\n{Body(Assert.Single(await host.OutboxAsync()))}";
        Assert.True(first.Outcome == MailOutcomes.Created && first.Missing == 0 && first.Invalid == 0, said);
        Assert.True(first.Detail!.Contains($"{FlagReasons.AnswerPromised}=Q23", StringComparison.Ordinal), said);
        Assert.Equal(Regin.Core.Persistence.Entities.PracticeStatus.Draft, practice!.Status);
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "budget_eur");
        var flag = Assert.Single(practice.Flags, f => f.Reason == FlagReasons.AnswerPromised);
        Assert.Equal("budget_eur", flag.QuestionId);
        Assert.False(flag.Resolved);

        var reply = Body(Assert.Single(await host.OutboxAsync()));
        var budget = $"  [Q23] {Questionnaire.Questions.Single(q => q.Id == "budget_eur").Label.In(language)}\n";
        var awaiting = reply.IndexOf(Heading(host, "mail.reply_awaiting", language), StringComparison.Ordinal);
        Assert.True(awaiting >= 0, reply);
        Assert.Contains(budget, reply[awaiting..], StringComparison.Ordinal);
        Assert.DoesNotContain(Heading(host, "mail.reply_complete", language), reply, StringComparison.Ordinal);
        // The optional questions still open are listed after it, the budget not among them (it is awaited).
        var optional = reply.IndexOf(Heading(host, "mail.reply_optional_open", language), StringComparison.Ordinal);
        Assert.True(optional > awaiting, reply);
        Assert.DoesNotContain(budget, reply[optional..], StringComparison.Ordinal);
        Assert.Contains("  [Q21] ", reply[optional..], StringComparison.Ordinal);

        // The budget a few days later, after its key: read, the flag resolved, the practice submitted.
        var later = await host.IngestAsync(Mail(o.From, $"Re: {first.Reference}", $"[Q23] 95.000 €\n\n{o.Name.Split(' ')[0]}"));
        Assert.True(later.Outcome == MailOutcomes.Submitted, $"{later.Outcome}: {later.Detail}");
        Assert.Equal(first.Reference, later.Reference);
        practice = await host.PracticeAsync(first.Reference);
        Assert.Equal("95000", practice!.Answers.Single(a => a.QuestionId == "budget_eur").ValueJson);
        // The flag, an answer's, goes with the promise it stood for when the answer takes its place.
        Assert.DoesNotContain(practice.Flags, f => f.Reason == FlagReasons.AnswerPromised && !f.Resolved);
    }

    [Fact]
    public async Task A_promise_does_not_hold_a_practice_whose_answer_is_given_in_the_same_mail_nor_a_title_that_ends_like_one()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = Officials["it"];
        // "Bilancio: lo mandiamo dopo" above, the figure found below before sending: the figure wins, submitted.
        var both = await host.IngestAsync(Mail(o.From, "REGIN", Complete("it", "Bilancio: lo mandiamo dopo\n[Q23] 95.000 euro")));
        Assert.True(both.Outcome == MailOutcomes.Submitted, $"{both.Outcome}: {both.Detail}\n{Body((await host.OutboxAsync()).Last())}");
        // A title and a long answer that merely contain such words are answers: "Prima e dopo", "… segue un percorso …".
        var o2 = Officials["de"];
        var words = Complete("de").Replace("[Q05] Sprachpatenschaften im Landkreis", "[Q05] Vorher und später", StringComparison.Ordinal)
            .Replace($"[Q17] {o2.Text}", "[Q17] Die Schulung folgt einem festen Ablauf mit zwölf Terminen.", StringComparison.Ordinal);
        var plain = await host.IngestAsync(Mail("Eva Braun <eva.braun@verein-neustadt.example>", "Vorlage", words));
        Assert.True(plain.Outcome == MailOutcomes.Submitted, $"{plain.Outcome}: {plain.Detail}");
        var practice = await host.PracticeAsync(plain.Reference);
        Assert.Equal("Vorher und später", practice!.Answers.Single(a => a.QuestionId == "title").Original);
    }

    [Fact]
    public async Task A_promise_sent_again_in_a_reply_still_waits_and_a_later_prose_budget_past_the_third_word_is_read()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = Officials["de"];
        var first = await host.IngestAsync(Mail(o.From, "REGIN", Complete("de", o.Promise)));
        Assert.Equal(MailOutcomes.Created, first.Outcome);
        // A correction that says nothing of the budget: still waiting, not submitted.
        var correction = await host.IngestAsync(Mail(o.From, $"AW: REGIN: Ihr Praxisbeispiel {first.Reference}", "[Q13] 04/2021\n\nJulia"));
        Assert.True(correction.Outcome == MailOutcomes.Updated, $"{correction.Outcome}: {correction.Detail}");
        Assert.Contains($"{FlagReasons.AnswerPromised}=Q23", correction.Detail, StringComparison.Ordinal);
        // The budget in a sentence, "Budget" past nothing but the article, the figure after "für 2025 liegt bei".
        var budget = await host.IngestAsync(Mail(o.From, $"AW: REGIN: Ihr Praxisbeispiel {first.Reference}",
            "Guten Tag,\n\nwie versprochen: Das Budget für 2025 liegt bei ca. 95.000 Euro.\n\nViele Grüße\nJulia Weber"));
        Assert.True(budget.Outcome == MailOutcomes.Submitted, $"{budget.Outcome}: {budget.Detail}");
        var practice = await host.PracticeAsync(first.Reference);
        Assert.Equal("95000", practice!.Answers.Single(a => a.QuestionId == "budget_eur").ValueJson);
    }

    public static TheoryData<string, string, string, string?> BudgetSentences() => new()
    {
        // Stated plainly, the question's name past the 3rd word or a few words before its verb or colon.
        { "de", "Anna Schulz <a.schulz@kreis-lippe.example>", "Kurz noch zur Info: das Budget für 2025 liegt bei ca. 95.000 Euro.", "95000" },
        { "it", "Giulia Rossi <g.rossi@comune-torino.example>", "Come promesso vi mando il budget per la scheda: 95.000 euro", "95000" },
        { "en", "Siobhan Kelly <s.kelly@corkcoco.example>", "Quick update from finance: the budget for 2025 was about 95,000 euro.", "95000" },
        { "fr", "Claire Martin <c.martin@bretagne-region.example>", "Pour information, le budget total pour 2025 est de 95 000 €.", "95000" },
        // Not any figure near the word: a hedge, and "budget" with no verb or colon after it.
        { "de", "Anna Schulz <a.schulz@kreis-lippe.example>", "Das Budget für 2025 ist noch offen, wir rechnen mit 95.000 Euro.", null },
        { "de", "Anna Schulz <a.schulz@kreis-lippe.example>", "Der Kreistag hat im März 2025 über das Budget entschieden.", null },
    };

    [Theory]
    [MemberData(nameof(BudgetSentences))]
    public async Task A_budget_stated_in_a_later_mails_sentence_is_read_where_the_sentence_plainly_states_it(string language, string from, string sentence, string? stored)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var first = await host.IngestAsync(Mail(from, "REGIN", "[Q05] " + Officials[language].Title + "\n[Q06] " + Officials[language].Country + "\n\n" + from.Split(' ')[0]));
        Assert.Equal(MailOutcomes.Created, first.Outcome);
        var later = await host.IngestAsync(Mail(from, $"Re: REGIN: {first.Reference}", sentence + "\n\n" + from.Split(' ')[0]));
        Assert.Equal(first.Reference, later.Reference ?? first.Reference);
        var practice = await host.PracticeAsync(first.Reference);
        Assert.Equal(stored, practice!.Answers.SingleOrDefault(a => a.QuestionId == "budget_eur")?.ValueJson);
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "start_date" || a.QuestionId == "end_date");
    }

    [Fact]
    public async Task An_answer_typed_under_a_quoted_optional_question_of_our_reply_is_read()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var o = Officials["de"];
        var first = await host.IngestAsync(Mail(o.From, "REGIN", Complete("de", o.Promise)));
        var ours = Assert.Single(await host.OutboxAsync());
        // Outlook's reply: her answers typed under our quoted "> [Q21] …" and "> [Q30] …" lines, the rest of our reply quoted.
        var quoted = new StringBuilder();
        foreach (var line in Body(ours).Split('\n'))
        {
            quoted.Append("> ").Append(line).Append('\n');
            if (line.StartsWith("  [Q21] ", StringComparison.Ordinal))
            {
                quoted.Append("ca. 350\n");
            }
            else if (line.StartsWith("  [Q30] ", StringComparison.Ordinal))
            {
                quoted.Append("www.landkreis-augsburg.example/sprachpaten\n");
            }
        }
        var answer = await host.IngestAsync(Mail(o.From, "AW: " + ours.Subject, "Hallo, anbei die Ergänzungen.\n\nJulia\n\n"
            + $"Am 04.12.2026 um 10:12 schrieb REGIN <reginproject@crpm.org>:\n{quoted}", inReplyTo: ours.MessageId));
        Assert.Equal(first.Reference, answer.Reference);
        var practice = await host.PracticeAsync(first.Reference);
        Assert.Equal("350", practice!.Answers.Single(a => a.QuestionId == "beneficiaries_count").ValueJson);
        Assert.Contains("landkreis-augsburg.example/sprachpaten", practice.Answers.Single(a => a.QuestionId == "website").ValueJson, StringComparison.Ordinal);
        // Still waiting for the budget.
        Assert.Equal(Regin.Core.Persistence.Entities.PracticeStatus.Draft, practice.Status);
    }

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task A_reply_in_the_same_batch_as_its_authors_mail_under_a_reused_id_continues_his_own_draft()
    {
        await using var host = await MailTestHost.CreateAsync(new Dictionary<string, string?> { ["Mail:BatchMilliseconds"] = "60000", ["Mail:BatchSize"] = "200" }, provider: provider);
        var ingester = host.Services.GetRequiredService<MailBatchIngester>();
        const string reused = "cafe.4646@example.org";
        // Alice's mail in an earlier batch; then, in one batch, Mallory's mail under her id, his "forgot one" reply to it from
        // the phone a minute later, and Alice's own reply.
        var results = new List<IngestedMail>();
        async Task IngestAsync(int first, params MimeMessage[] mails) =>
            await ingester.IngestAsync(mails.Select((m, i) => new MailSource($"mail{first + i}", _ => Task.FromResult(Bytes(m)))).ToAsyncEnumerable(),
                (batch, _) => { results.AddRange(batch); return Task.CompletedTask; });
        await IngestAsync(0, MailRound45Tests.Mail("Alice Example <alice@example.org>", "Our practice", "Hello,\n[Q01] Alice Example\n[Q05] Language café for newcomers\n[Q06] Ireland\n\nAlice", reused));
        await IngestAsync(1,
            MailRound45Tests.Mail("Mallory Grey <mallory@evil-ngo.example>", "REGIN", "Hi,\n[Q01] Mallory Grey\n[Q05] Night shelter\n[Q06] Cyprus\n\nThanks,\nMallory", reused),
            Mail("Mallory Grey <mallory@evil-ngo.example>", "Re: REGIN", "Forgot this one:\n[Q13] 2021\n\nMallory", inReplyTo: reused),
            Mail("Alice Example <alice@example.org>", "Re: Our practice", "Sorry, one more:\n[Q13] March 2019\n\nAlice", inReplyTo: reused));
        var byName = results.ToDictionary(r => r.Source.Name, r => r.Result);
        Assert.Equal(2, await host.CountAsync(db => db.Practices.Count()));
        var alice = byName["mail0"].Reference;
        Assert.Equal(alice, byName["mail3"].Reference);
        var his = byName["mail2"].Reference;
        Assert.NotEqual(alice, his);
        Assert.Equal(his, byName["mail1"].Reference);
        var mallory = await host.PracticeAsync(his);
        Assert.Equal("Night shelter", mallory!.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.Equal("2021", mallory.Answers.Single(a => a.QuestionId == "start_date").Original);
        var alicePractice = await host.PracticeAsync(alice);
        Assert.Equal("Language café for newcomers", alicePractice!.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.Equal("March 2019", alicePractice.Answers.Single(a => a.QuestionId == "start_date").Original);
        Assert.DoesNotContain(alicePractice.Identities, i => i.ExternalId == "mallory@evil-ngo.example");
    }

    private static MimePart Rtf(string rtf, string name) => MailRound45Tests.File(Encoding.Latin1.GetBytes(rtf), name, "application", "rtf");

    [Fact]
    public async Task An_rtf_attachment_is_read_and_one_nested_too_deep_is_named_as_not_read()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        // WordPad's save of the .txt template, answers typed: ANSI code page, "\'e9" for é, "\par" line ends.
        const string wordpad = "{\\rtf1\\ansi\\ansicpg1252\\deff0\\nouicompat\\deflang1036{\\fonttbl{\\f0\\fnil\\fcharset0 Calibri;}}\r\n"
            + "{\\*\\generator Riched20 10.0.19041}\\viewkind4\\uc1 \\pard\\sa200\\sl276\\slmult1\\f0\\fs22\\lang12 "
            + "[Q05] Accueil des primo-arriv\\'e9s\\par\r\n[Q06] France\\par\r\n[Q07] Bretagne\\par\r\n}\r\n";
        var mail = Mail("Claire Martin <c.martin@bretagne-region.example>", "Fiche REGIN", "");
        mail.Body = new Multipart("mixed") { new TextPart("plain") { Text = "Bonjour,\nci-joint la fiche remplie.\nCordialement,\nClaire" }, Rtf(wordpad, "fiche.rtf") };
        var read = await host.IngestAsync(MailTestHost.Authenticated(mail));
        Assert.True(read.Outcome == MailOutcomes.Created, $"{read.Outcome}: {read.Detail}");
        Assert.DoesNotContain("attachment_not_read", read.Detail, StringComparison.Ordinal);
        var practice = await host.PracticeAsync(read.Reference);
        Assert.Equal("Accueil des primo-arrivés", practice!.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.Equal("\"FRH0\"", practice.Answers.Single(a => a.QuestionId == "region").ValueJson);
        Assert.Equal("fr", read.Language);

        var deep = Mail("Mallory Grey <mallory@evil-ngo.example>", "Form", "");
        deep.Body = new Multipart("mixed") { new TextPart("plain") { Text = "Hi, the form.\n\nMallory" }, Rtf("{\\rtf1 " + new string('{', 5000) + "[Q05] Deep" + new string('}', 5000) + "}", "form.rtf") };
        var refused = await host.IngestAsync(MailTestHost.Authenticated(deep));
        Assert.Contains("rtf_unreadable:form.rtf", refused.Detail, StringComparison.Ordinal);
        var reply = Body((await host.OutboxAsync()).Last());
        Assert.Contains("form.rtf", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("Deep", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_phone_is_placed_by_the_typed_contact_address_not_by_the_senders_domain()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        // A regional network's coordinator in Bari sends a Viennese colleague's practice: the contact, her address and her
        // number are Vienna's; placing the number by the sender's .it would make it an Italian one.
        var vienna = await host.IngestAsync(Mail("Giulia Rossi <giulia.rossi@comune.bari.it>", "Scheda",
            "Buongiorno,\n[Q01] Maria Huber\n[Q03] m.huber@wien.gv.at\n[Q04] 01 4000 8000\n[Q05] Start Wien\n\nGiulia"));
        Assert.Equal(MailOutcomes.Created, vienna.Outcome);
        Assert.Equal("+43140008000", PhoneOf(await host.PracticeAsync(vienna.Reference)));
        // A typed address of no country (gmail.com) places nothing, from a .it sender too: kept as typed, converted once the
        // country is answered.
        var gmail = await host.IngestAsync(Mail("Giulia Rossi <giulia.rossi@comune.bari.it>", "Scheda",
            "Buongiorno,\n[Q03] giulia.rossi.bari@gmail.com\n[Q04] 080 540 1111\n[Q05] Sportello migranti\n\nGiulia"));
        Assert.DoesNotContain("+39", PhoneOf(await host.PracticeAsync(gmail.Reference)) ?? "", StringComparison.Ordinal);
        await host.IngestAsync(Mail("Giulia Rossi <giulia.rossi@comune.bari.it>", $"Re: {gmail.Reference}", "[Q06] Italia\n\nGiulia"));
        Assert.Equal("+390805401111", PhoneOf(await host.PracticeAsync(gmail.Reference)));
    }

    private static string? PhoneOf(Regin.Core.Persistence.Entities.Practice? practice) =>
        practice!.Answers.Single(a => a.QuestionId == "contact_phone").ValueJson is { } json ? System.Text.Json.JsonSerializer.Deserialize<string>(json) : null;
}

public sealed class MailRound46TestsOnSqlite() : MailRound46Tests(TestProviders.Sqlite);

public sealed class MailRound46TestsOnPostgreSql() : MailRound46Tests(TestProviders.PostgreSql);
