using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Tests.Parsing;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Session 45's round of the mail door: a reply under a Message-ID two authors used continues the replying author's own
/// draft; a label answered twice keeps the later answer and says so; Outlook's winmail.dat with only an RTF body, and
/// with the filled .docx inside it; a .docx whose answers are an altChunk (HTML, MHT, or a link outside the package); a
/// national phone number placed by the sender's domain; on both providers.
/// </summary>
public abstract class MailRound45Tests(string provider)
{
    static MailRound45Tests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    internal static MimeMessage Mail(string from, string subject, string body, string? messageId = null, string? inReplyTo = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reginproject@crpm.org"));
        message.Subject = subject;
        message.Date = new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.FromHours(1));
        message.MessageId = messageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId(message.From.Mailboxes.Single().Domain);
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }
        message.Body = new TextPart("plain") { Text = body, ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        return MailTestHost.Authenticated(message);
    }

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    private const string AliceBody = "Hello,\n[Q01] Alice Example\n[Q05] Language café for newcomers\n[Q06] Ireland\n\nKind regards,\nAlice";
    private const string MalloryBody = "Hi,\n[Q01] Mallory Grey\n[Q05] Night shelter\n[Q06] Cyprus\n\nThanks,\nMallory";
    // Sent from the phone a minute later, "In-Reply-To" his own first mail, as Apple Mail does for "forgot one".
    private const string MalloryLater = "Forgot this one:\n[Q13] 2021\n\nMallory";
    private const string AliceLater = "Sorry, one more:\n[Q13] March 2019\n\nAlice";

    [Fact]
    public async Task A_reply_under_a_message_id_two_authors_used_continues_the_replying_authors_own_draft_never_the_others()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        const string reused = "cafe.4545@example.org";
        var alice = await host.IngestAsync(Mail("Alice Example <alice@example.org>", "Our practice", AliceBody, reused));
        var mallory = await host.IngestAsync(Mail("Mallory Grey <mallory@evil-ngo.example>", "REGIN", MalloryBody, reused));
        Assert.Equal(MailOutcomes.Created, mallory.Outcome);
        Assert.NotEqual(alice.Reference, mallory.Reference);

        // Mallory answers "his" mail: In-Reply-To and References name the id both mails carry.
        var his = await host.IngestAsync(Mail("Mallory Grey <mallory@evil-ngo.example>", "Re: REGIN", MalloryLater, inReplyTo: reused));
        Assert.Equal(MailOutcomes.Updated, his.Outcome);
        Assert.Equal(mallory.Reference, his.Reference);
        // Alice answers hers under the same id: her own draft.
        var hers = await host.IngestAsync(Mail("Alice Example <alice@example.org>", "Re: Our practice", AliceLater, inReplyTo: reused));
        Assert.Equal(MailOutcomes.Updated, hers.Outcome);
        Assert.Equal(alice.Reference, hers.Reference);

        var malloryPractice = await host.PracticeAsync(mallory.Reference);
        Assert.Contains(malloryPractice!.Answers, a => a.QuestionId == "start_date" && a.Original == "2021");
        var alicePractice = await host.PracticeAsync(alice.Reference);
        Assert.Contains(alicePractice!.Answers, a => a.QuestionId == "start_date" && a.Original == "March 2019");
        Assert.Equal("Language café for newcomers", alicePractice.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.DoesNotContain(alicePractice.Identities, i => i.ExternalId == "mallory@evil-ngo.example");
        Assert.Equal(2, await host.CountAsync(db => db.Practices.Count()));

        // A third sender, who wrote nothing under that id, naming it: not Mallory's draft, not Alice's; his own.
        var eve = await host.IngestAsync(Mail("Eve Braun <eve@verein.example>", "Re: REGIN", "[Q05] Sprachcafé Neustadt\n[Q06] Deutschland\n\nEve", inReplyTo: reused));
        Assert.Equal(MailOutcomes.Created, eve.Outcome);
        Assert.NotEqual(alice.Reference, eve.Reference);
        Assert.NotEqual(mallory.Reference, eve.Reference);
    }

    [Fact]
    public async Task In_one_batch_the_reply_under_the_reused_id_continues_its_authors_draft()
    {
        await using var host = await MailTestHost.CreateAsync(new Dictionary<string, string?> { ["Mail:BatchMilliseconds"] = "60000", ["Mail:BatchSize"] = "200" }, provider: provider);
        var ingester = host.Services.GetRequiredService<MailBatchIngester>();
        const string reused = "cafe.4546@example.org";
        async Task<List<MailResult>> IngestAsync(int first, params byte[][] mails)
        {
            var results = new List<IngestedMail>();
            await ingester.IngestAsync(mails.Select((bytes, i) => new MailSource($"mail{first + i}", _ => Task.FromResult(bytes))).ToAsyncEnumerable(),
                (batch, _) => { results.AddRange(batch); return Task.CompletedTask; });
            return [.. results.OrderBy(r => int.Parse(r.Source.Name[4..], System.Globalization.CultureInfo.InvariantCulture)).Select(r => r.Result)];
        }
        // The two mails under one id in a batch (Mallory's kept as a row of its own, read after the batch's), then, in the next
        // batch, each author's reply naming the id.
        var one = await IngestAsync(0,
            Bytes(Mail("Alice Example <alice@example.org>", "Our practice", AliceBody, reused)),
            Bytes(Mail("Mallory Grey <mallory@evil-ngo.example>", "REGIN", MalloryBody, reused)));
        one.AddRange(await IngestAsync(2,
            Bytes(Mail("Mallory Grey <mallory@evil-ngo.example>", "Re: REGIN", MalloryLater, inReplyTo: reused)),
            Bytes(Mail("Alice Example <alice@example.org>", "Re: Our practice", AliceLater, inReplyTo: reused))));
        Assert.Equal(4, one.Count);
        Assert.Equal(MailOutcomes.Created, one[0].Outcome);
        Assert.Equal(MailOutcomes.Created, one[1].Outcome);
        Assert.Equal(one[1].Reference, one[2].Reference);
        Assert.Equal(one[0].Reference, one[3].Reference);
        Assert.Equal(2, await host.CountAsync(db => db.Practices.Count()));
        var alicePractice = await host.PracticeAsync(one[0].Reference);
        Assert.Contains(alicePractice!.Answers, a => a.QuestionId == "start_date" && a.Original == "March 2019");
        Assert.DoesNotContain(alicePractice.Answers, a => a.QuestionId == "start_date" && a.Original == "2021");
    }

    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    internal static MimePart File(byte[] bytes, string name, string mediaType, string subtype) => new(mediaType, subtype)
    {
        FileName = name,
        Content = new MimeContent(new MemoryStream(bytes)),
        ContentTransferEncoding = ContentEncoding.Base64,
    };

    internal static MimePart Winmail(byte[] tnef) => File(tnef, "winmail.dat", "application", "ms-tnef");

    /// <summary>The Word template in <paramref name="language"/> (nothing filled), and <paramref name="edit"/> applied to the package.</summary>
    internal static byte[] Word(string language, Action<WordprocessingDocument> edit)
    {
        using var stream = new MemoryStream();
        stream.Write(new DocxTemplate(Questionnaire).Generate(language, "reginproject@crpm.org"));
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            edit(document);
            document.MainDocumentPart!.Document!.Save();
        }
        return stream.ToArray();
    }

    /// <summary>Fills the template's content control of <paramref name="questionId"/> with <paramref name="text"/>.</summary>
    internal static void Fill(WordprocessingDocument document, string questionId, string text)
    {
        var control = document.MainDocumentPart!.Document!.Body!.Descendants<SdtElement>()
            .First(s => s.SdtProperties?.GetFirstChild<Tag>()?.Val?.Value == questionId);
        control.SdtProperties!.RemoveAllChildren<ShowingPlaceholder>();
        var runs = control.Descendants<Run>().ToList();
        foreach (var run in runs.Skip(1))
        {
            run.Remove();
        }
        runs[0].RemoveAllChildren<RunProperties>();
        runs[0].RemoveAllChildren<Text>();
        runs[0].Append(new Text(text) { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve });
    }

    /// <summary>An altChunk of <paramref name="type"/> holding <paramref name="content"/>, appended to the document's body.</summary>
    internal static void AltChunk(WordprocessingDocument document, PartTypeInfo type, byte[] content)
    {
        var id = "altChunk" + (document.MainDocumentPart!.AlternativeFormatImportParts.Count() + 1);
        var part = document.MainDocumentPart.AddAlternativeFormatImportPart(type, id);
        using (var stream = part.GetStream(FileMode.Create))
        {
            stream.Write(content);
        }
        document.MainDocumentPart.Document!.Body!.Append(new AltChunk { Id = id });
    }

    private const string DocxType = "vnd.openxmlformats-officedocument.wordprocessingml.document";

    [Fact]
    public async Task An_outlook_mail_whose_only_body_is_the_rtf_in_its_winmail_dat_is_read()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        // Exchange between two Outlooks keeps "rich text": the whole mail is the winmail.dat, its body compressed RTF.
        var rtf = "{\\rtf1\\ansi\\ansicpg1252\\deff0\\nouicompat\\deflang1031{\\fonttbl{\\f0\\fswiss\\fcharset0 Calibri;}}\r\n"
            + "{\\*\\generator Riched20 16.0.17928}\\viewkind4\\uc1 \r\n\\pard\\f0\\fs22\\lang1031 Hallo zusammen,\\par\r\n\\par\r\n"
            + "anbei unsere Angaben:\\par\r\n[Q01] J\\'fcrgen Weber\\par\r\n[Q05] Sprachcaf\\'e9 f\\'fcr Neuzugewanderte\\par\r\n[Q06] Deutschland\\par\r\n"
            + "[Q13] M\\'e4rz 2021\\par\r\n\\par\r\nViele Gr\\'fc\\'dfe\\par\r\nJ\\'fcrgen\\par\r\n}";
        var message = Mail("Jürgen Weber <j.weber@landkreis-goettingen.example>", "Vorlage", "");
        message.Body = Winmail(TnefFile.Build(rtf, plainBody: null));
        var result = await host.IngestAsync(message);
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.Equal("de", result.Language);
        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Sprachcafé für Neuzugewanderte", practice!.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.Contains(practice.Answers, a => a.QuestionId == "country" && a.ValueJson == "\"DE\"");
        Assert.Contains(practice.Answers, a => a.QuestionId == "start_date" && a.Original == "März 2021");
        Assert.Equal("de", Assert.Single(await host.OutboxAsync()).BodyParts.OfType<TextPart>().First().Headers[HeaderId.ContentLanguage]);
    }

    [Fact]
    public async Task A_filled_docx_inside_a_winmail_dat_is_read_and_its_path_like_name_is_named_by_its_file_name_only()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var docx = Word("es", d =>
        {
            Fill(d, "title", "Aula de acogida lingüística");
            Fill(d, "country", "España");
            Fill(d, "contact_name", "Ana Ruiz");
        });
        var tnef = TnefFile.Build(rtf: null, plainBody: "Adjunto la ficha.\r\n",
            [new TnefFile.File("FICHA~1.DOC", docx, "..\\..\\..\\Windows\\System32\\ficha.docx"), new TnefFile.File("INFORME.PDF", [0x25, 0x50, 0x44, 0x46], "../../informe.pdf")]);
        var message = Mail("Ana Ruiz <ana.ruiz@ayto-murcia.example>", "Ficha REGIN", "");
        message.Body = new Multipart("mixed") { new TextPart("plain") { Text = "Hola, adjunto la ficha rellenada.\n\nSaludos,\nAna" }, Winmail(tnef) };
        var result = await host.IngestAsync(message);
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.Equal("es", result.Language);
        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal("Aula de acogida lingüística", practice!.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.Contains("attachment_not_read:informe.pdf", result.Detail, StringComparison.Ordinal);
        var reply = Assert.Single(await host.OutboxAsync()).TextBody!;
        Assert.Contains("informe.pdf", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("../", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("..\\", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_docx_whose_answers_are_an_html_or_mht_altchunk_is_read_and_one_linked_outside_the_package_is_named_not_read()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        // Answers a generator wrote as HTML into the template (Word's "insert file" does the same), the controls left empty.
        var html = Word("de", d => AltChunk(d, AlternativeFormatImportPartType.Html,
            Encoding.UTF8.GetBytes("<html><head><meta charset=\"utf-8\"></head><body><p>[Q05] Sprachcafé Neustadt</p><p>[Q06] Deutschland</p>"
                + "<p style=\"color:#ffffff\">[Q23] 1.000.000 €</p></body></html>")));
        var first = await host.IngestAsync(With(Mail("Eva Braun <eva.braun@verein.example>", "Vorlage", ""), "Hallo, anbei die Vorlage.\n\nLiebe Grüße\nEva", File(html, "Vorlage.docx", "application", DocxType)));
        Assert.Equal(MailOutcomes.Created, first.Outcome);
        var practice = await host.PracticeAsync(first.Reference);
        Assert.Equal("Sprachcafé Neustadt", practice!.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.DoesNotContain(practice.Answers, a => a.QuestionId == "budget_eur");
        Assert.Contains(practice.Flags, f => f.Reason == FlagReasons.HiddenText);
        Assert.DoesNotContain("docx_embedded_not_read", first.Detail, StringComparison.Ordinal);

        // MHT, as Word saves a "web page, single file" and a generator imports it, in windows-1252.
        var mht = "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01DB\"\r\n\r\n------=_NextPart_01DB\r\n"
            + "Content-Location: file:///C:/Vorlage.htm\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset=\"windows-1252\"\r\n\r\n"
            + "<html><body><p class=3DMsoNormal>[Q05] Caf=E9 des langues</p><p class=3DMsoNormal>[Q06] France</p></body></html>\r\n------=_NextPart_01DB--\r\n";
        var fromMht = Word("fr", d => AltChunk(d, AlternativeFormatImportPartType.Mht, Encoding.Latin1.GetBytes(mht)));
        var second = await host.IngestAsync(With(Mail("Luc Martin <luc.martin@mairie-lyon.example>", "Fiche", ""), "Bonjour, voici la fiche.\n\nCordialement,\nLuc", File(fromMht, "fiche.docx", "application", DocxType)));
        Assert.Equal(MailOutcomes.Created, second.Outcome);
        Assert.Equal("Café des langues", (await host.PracticeAsync(second.Reference))!.Answers.Single(a => a.QuestionId == "title").Original);

        // An altChunk whose relationship points outside the package (a file or web address): never fetched, named as not read;
        // the answer typed into the template's own control is read.
        var external = Word("en", d =>
        {
            Fill(d, "title", "Welcome desk");
            var relationship = d.MainDocumentPart!.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk",
                new Uri("file:///etc/passwd"), "rIdOut");
            d.MainDocumentPart.Document!.Body!.Append(new AltChunk { Id = relationship.Id });
        });
        var third = await host.IngestAsync(With(Mail("Tom Ryan <tom.ryan@corkcity.example>", "Template", ""), "Hi, template attached.\n\nThanks,\nTom", File(external, "template.docx", "application", DocxType)));
        Assert.Equal(MailOutcomes.Created, third.Outcome);
        Assert.Contains("docx_embedded_not_read:template.docx (altChunk)", third.Detail, StringComparison.Ordinal);
        Assert.Equal("Welcome desk", (await host.PracticeAsync(third.Reference))!.Answers.Single(a => a.QuestionId == "title").Original);
    }

    private static MimeMessage With(MimeMessage message, string text, MimePart attachment)
    {
        message.Body = new Multipart("mixed") { new TextPart("plain") { Text = text }, attachment };
        return message;
    }

    public static TheoryData<string, string, string, string, string> Twice() => new()
    {
        // language, sender, the mail, the question answered twice, the answer kept
        { "it", "Marco Bianchi <marco.bianchi@comune.bari.example>",
            "Buongiorno,\n[Q05] Sportello migranti\n[Q06] Italia\n[Q13] 2019\n\nScusate, correggo la data:\n[Q13] marzo 2020\n\nCordiali saluti\nMarco", "start_date", "marzo 2020" },
        // The template's labels pasted twice, the second time with the title changed.
        { "en", "Tom Ryan <tom.ryan@corkcity.example>",
            "Title of the practice: Welcome desk\nCountry: Ireland\n\nTitle of the practice: Welcome desk for newcomers\nCountry: Ireland\n\nTom", "title", "Welcome desk for newcomers" },
        { "el", "Νίκος Παππάς <n.pappas@crete.example>",
            "Καλημέρα,\n[Q05] Κέντρο υποδοχής\n[Q06] Ελλάδα\n[Q05] Κέντρο υποδοχής Χανίων\n\nΦιλικά,\nΝίκος", "title", "Κέντρο υποδοχής Χανίων" },
    };

    [Theory]
    [MemberData(nameof(Twice))]
    public async Task A_question_answered_twice_in_one_mail_keeps_the_later_answer_flags_it_and_says_so(string language, string from, string body, string question, string kept)
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        var result = await host.IngestAsync(Mail(from, "REGIN", body));
        Assert.Equal(MailOutcomes.Created, result.Outcome);
        Assert.Equal(language, result.Language);
        Assert.Contains(FlagReasons.AnsweredTwice, result.Detail, StringComparison.Ordinal);
        var practice = await host.PracticeAsync(result.Reference);
        Assert.Equal(kept, practice!.Answers.Single(a => a.QuestionId == question).Original);
        var key = TemplateKeys.KeyOf(Questionnaire, question);
        var flag = Assert.Single(practice.Flags, f => f.Reason == FlagReasons.AnsweredTwice);
        Assert.Contains(key, flag.Detail, StringComparison.Ordinal);
        var texts = host.Services.GetRequiredService<Regin.Core.Localisation.Texts>();
        // The notice's words, then the question's key and label among the ones listed (the template pasted twice lists each).
        var said = texts.Get("mail.answered_twice", language, ("questions", "\u0001"));
        var reply = Assert.Single(await host.OutboxAsync()).TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains(said[..said.IndexOf('\u0001', StringComparison.Ordinal)], reply, StringComparison.Ordinal);
        Assert.Contains($"\n  [{key}] {Questionnaire.Questions.Single(q => q.Id == question).Label[language]}\n", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_national_phone_number_is_placed_by_the_senders_domain_and_not_by_a_generic_one()
    {
        await using var host = await MailTestHost.CreateAsync(provider: provider);
        // No country answered: the number as an Italian official types it, from a comune's .it address.
        var bari = await host.IngestAsync(Mail("Giulia Rossi <giulia.rossi@comune.bari.it>", "Scheda", "Buongiorno,\n[Q04] 080 540 1111\n[Q05] Sportello migranti\n\nGiulia"));
        Assert.Equal(MailOutcomes.Created, bari.Outcome);
        Assert.Equal("+390805401111", PhoneOf(await host.PracticeAsync(bari.Reference)));
        // From an .org address the number is kept as typed, then converted when the country is answered.
        var cork = await host.IngestAsync(Mail("Siobhan Kelly <siobhan@welcome-network.org>", "Template", "Hi,\n[Q04] 087 123 4567\n[Q05] Welcome desk\n\nSiobhan"));
        Assert.Equal(MailOutcomes.Created, cork.Outcome);
        Assert.DoesNotContain("+353", PhoneOf(await host.PracticeAsync(cork.Reference)) ?? "", StringComparison.Ordinal);
        var later = await host.IngestAsync(Mail("Siobhan Kelly <siobhan@welcome-network.org>", $"Re: {cork.Reference}", "[Q06] Ireland\n\nSiobhan"));
        Assert.Equal(cork.Reference, later.Reference);
        Assert.Equal("+353871234567", PhoneOf(await host.PracticeAsync(cork.Reference)));
    }

    /// <summary>The stored value of the contact phone (a JSON string; null when none).</summary>
    private static string? PhoneOf(Regin.Core.Persistence.Entities.Practice? practice) =>
        practice!.Answers.Single(a => a.QuestionId == "contact_phone").ValueJson is { } json ? System.Text.Json.JsonSerializer.Deserialize<string>(json) : null;
}

public sealed class MailRound45TestsOnSqlite() : MailRound45Tests(TestProviders.Sqlite);

public sealed class MailRound45TestsOnPostgreSql() : MailRound45Tests(TestProviders.PostgreSql);
