using static Regin.MailIngest.Tests.Integration.ContributorPlay;
using System.Text;
using MimeKit;
using MimeKit.Text;
using Regin.Core.Normalisation;
using Regin.Core.Persistence.Entities;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Tests.Intake;
using Regin.Testing;

namespace Regin.MailIngest.Tests.Integration;

/// <summary>
/// Session 52: the mail door on what contributors really send, through a real Dovecot, the watcher and smtp4dev: the
/// organisation under its everyday short label below the key lines, "I work at" and the target groups in a first mail's
/// prose, a French official's HTML-only Outlook mail with the template pasted as a table. With REGIN_PLAY_OUT set, each
/// mail in and reply out is written there.
/// </summary>
public sealed class ContributorPlay52Tests(MailServers servers) : IClassFixture<MailServers>
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 10, 0, TimeSpan.FromHours(1));

    /// <summary>
    /// Item 1. A Greek official fills the template's key lines but the organisation's, and adds it below them as she says it,
    /// "Φορέας: Δήμος Μυτιλήνης" (before: not read, quoted back as a line not read, the question asked again).
    /// </summary>
    [Fact]
    public async Task The_organisation_under_its_everyday_label_below_the_key_lines_is_read()
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "el-short-label");
        var o = MailRound46Tests.Officials["el"];
        var text = "Καλημέρα,\n\n" + string.Join("\n", MailRound46Tests.Complete("el").Split('\n').Where(l => !l.StartsWith($"[{Key("lead_organisation")}]", StringComparison.Ordinal)))
            .Replace("\n\nΜε εκτίμηση,", "\nΦορέας: Δήμος Μυτιλήνης\n\nΜε εκτίμηση,", StringComparison.Ordinal);
        var (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client("outlook", o.From, "Φόρμα REGIN", text, Monday, charset: "windows-1253"));
        await host.Host.StopAsync();
        Assert.Equal("el", Language(reply));
        Assert.Equal("Δήμος Μυτιλήνης", practice.Answers.Single(a => a.QuestionId == "lead_organisation").Original);
        Assert.DoesNotContain("> Φορέας:", Body(reply), StringComparison.Ordinal);
        Assert.DoesNotContain($"[{Key("lead_organisation")}] {Label("lead_organisation", "el")}\n", Body(reply) + "\n", StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string, string> ProseFirstMails() => new()
    {
        {
            "de", "julia.weber@graz-stadt.example",
            "Guten Tag,\n\nich arbeite bei der Stadt Graz und wir betreiben seit 2019 ein Sprachcafé. Wir unterstützen geflüchtete Frauen und ihre Kinder.\n\nViele Grüße\nJulia Weber",
            "Stadt Graz", "geflüchtete Frauen und ihre Kinder"
        },
        {
            "fr", "claire.martin@mairie-lyon.example",
            "Bonjour,\n\nje travaille à la mairie de Lyon, nous menons depuis 2020 des ateliers de français. Nous accompagnons les femmes réfugiées et leurs enfants.\n\nCordialement,\nClaire Martin",
            "mairie de Lyon", "femmes réfugiées et leurs enfants"
        },
        {
            "it", "g.rossi@comune-bari.example",
            "Buongiorno,\n\nlavoro al Comune di Bari e dal 2021 gestiamo uno sportello. Lavoriamo con donne migranti e minori non accompagnati.\n\nCordiali saluti\nGiulia Rossi",
            "Comune di Bari", "donne migranti e minori non accompagnati"
        },
        {
            "el", "m.georgiou@patras-dimos.example",
            "Καλημέρα σας,\n\nδουλεύω στον Δήμο Πατρέων και από το 2018 τρέχουμε ένα πρόγραμμα για ασυνόδευτους ανήλικους.\n\nΜε εκτίμηση,\nΜαρία Γεωργίου",
            "Δήμο Πατρέων", "ασυνόδευτους ανήλικους"
        },
    };

    /// <summary>
    /// Items 2 and 3. A first mail in prose, in her language: "I work at" names her organisation (stored for hers and, no
    /// "we" naming another, the leading one) and the sentence naming whom the practice serves gives the target groups; each
    /// kept as typed, flagged as read from a sentence, the reply lists them and attaches the template for the rest.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProseFirstMails))]
    public async Task A_first_mail_saying_where_she_works_and_whom_they_serve_keeps_both(string language, string address, string text, string organisation, string groups)
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, $"{language}-works-at");
        var (reply, practice) = await play.SendAsync(ContributorPlay49Tests.Client("gmail", address, "REGIN", text, Monday));
        await host.Host.StopAsync();
        Assert.Equal(language, Language(reply));
        Assert.Equal(organisation, practice.Answers.Single(a => a.QuestionId == "lead_organisation").Original);
        Assert.Equal(organisation, practice.Answers.Single(a => a.QuestionId == "contact_organisation").Original);
        Assert.Equal(groups, practice.Answers.Single(a => a.QuestionId == "target_groups").Original);
        foreach (var id in new[] { "lead_organisation", "target_groups", "start_date" })
        {
            Assert.Contains(practice.Flags, f => f.Reason == FlagReasons.ReadFromProse && f.QuestionId == id && !f.Resolved);
        }
        Assert.Equal(PracticeStatus.Draft, practice.Status);
        var body = Body(reply);
        Assert.Contains(Opening("mail.reply_prose_first", language), body, StringComparison.Ordinal);
        Assert.Contains(organisation, body, StringComparison.Ordinal);
        Assert.NotEmpty(reply.Attachments); // the template
    }

    /// <summary>
    /// Items 4 and 6. A French regional official answers from Outlook in HTML only (no text part, quoted-printable,
    /// windows-1252), the template pasted as a two-column table (key and label, answer), her signature with the region's
    /// logo as an inline image and two phones on one line. The table's answers are read as typed on the key lines, the
    /// first phone offered from the signature (the whole line kept in the flag), the logo is no file not read.
    /// </summary>
    [Fact]
    public async Task A_French_HTML_only_Outlook_mail_with_the_template_as_a_table_is_read()
    {
        var (host, user) = await ContributorPlay.StartAsync(servers, TestProviders.Sqlite);
        await using var _ = host;
        await using var play = new ContributorPlay(servers, host, user, "fr-outlook-html-table");
        var o = MailRound46Tests.Officials["fr"];
        var rows = new StringBuilder();
        foreach (var question in Questionnaire.Questions.Where(q => q.Required && q.Id is not ("contact_email" or "contact_phone")))
        {
            var answer = question.Id switch
            {
                "contact_name" => o.Name,
                "contact_organisation" or "lead_organisation" => o.Organisation,
                "title" => "Accueil des primo-arrivants à Rennes",
                "country" => "France",
                "region" => "Bretagne",
                "start_date" => "septembre 2021",
                "end_date" => "en cours",
                "consent_publish" => "oui",
                _ when question.Type is QuestionType.Choice or QuestionType.Multi => question.ChoiceList[0].Label.In("fr"),
                _ => "Des bénévoles accompagnent les nouveaux arrivants pendant un an (cours de français, démarches, logement).",
            };
            rows.Append("<tr style='height:15.0pt'><td width=240 valign=top style='border:solid windowtext 1.0pt;padding:0cm 5.4pt'><p class=MsoNormal><b>")
                .Append(System.Net.WebUtility.HtmlEncode($"[{Key(question.Id)}] {Label(question.Id, "fr")}")).Append("<o:p></o:p></b></p></td>")
                .Append("<td width=380 valign=top style='border:solid windowtext 1.0pt;border-left:none;padding:0cm 5.4pt'><p class=MsoNormal>")
                .Append(System.Net.WebUtility.HtmlEncode(answer)).Append("<o:p></o:p></p></td></tr>\r\n");
        }
        var html = "<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head>"
            + "<meta http-equiv=Content-Type content=\"text/html; charset=windows-1252\"><style><!-- p.MsoNormal {margin:0cm;font-size:11.0pt;font-family:\"Calibri\",sans-serif;} --></style></head>"
            + "<body lang=FR link=\"#0563C1\"><div class=WordSection1><p class=MsoNormal>Bonjour,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>"
            + "<p class=MsoNormal>Veuillez trouver ci-dessous la fiche compl&eacute;t&eacute;e pour notre dispositif d&#8217;accueil.<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>"
            + "<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none'><tbody>\r\n" + rows + "</tbody></table>"
            + "<p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Cordialement,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>"
            + "<p class=MsoNormal><b>Claire Martin</b><br>Charg&eacute;e de mission int&eacute;gration<br>R&eacute;gion Bretagne<br>"
            + "T&eacute;l. : 02 99 27 10 10 | Port. : 06 12 34 56 78<o:p></o:p></p>"
            + "<p class=MsoNormal><img width=120 height=40 style='width:1.25in;height:.4166in' id=\"Image_x0020_1\" src=\"cid:image001.png@01DB4A2C.5E3F1A20\" alt=\"Région Bretagne\"><o:p></o:p></p></div></body></html>";
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        message.To.Add(MailboxAddress.Parse($"\"REGIN Integration Lab\" <reginproject@crpm.org>"));
        message.Subject = "Fiche REGIN - accueil des primo-arrivants";
        message.Date = Monday;
        message.MessageId = $"{Guid.NewGuid():N}@EXCH01.bretagne-region.example";
        message.Headers.Add("Thread-Topic", message.Subject);
        message.Headers.Add("X-MS-Has-Attach", "yes");
        var body = new TextPart(TextFormat.Html) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        body.SetText(Encoding.GetEncoding("windows-1252"), html);
        var logo = new MimePart("image", "png")
        {
            Content = new MimeContent(new MemoryStream(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))),
            ContentId = "image001.png@01DB4A2C.5E3F1A20",
            ContentDisposition = new ContentDisposition(ContentDisposition.Inline) { FileName = "image001.png" },
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "image001.png",
        };
        message.Body = new MultipartRelated { body, logo };
        var (reply, practice) = await play.SendAsync(MailTestHost.Authenticated(message));
        await host.Host.StopAsync();
        Assert.Equal("fr", Language(reply));
        Assert.Equal("Accueil des primo-arrivants à Rennes", practice.Answers.Single(a => a.QuestionId == "title").Original);
        Assert.Equal("\"FR\"", Answer(practice, "country"));
        Assert.Equal("\"2021-09\"", Answer(practice, "start_date"));
        Assert.Equal("\"ongoing\"", Answer(practice, "end_date"));
        Assert.Equal("Région Bretagne", practice.Answers.Single(a => a.QuestionId == "lead_organisation").Original);
        // Item 4: the first of the two phones offered, the whole line kept for the researcher.
        Assert.Equal("02 99 27 10 10", practice.Answers.Single(a => a.QuestionId == "contact_phone").Original);
        var offered = Assert.Single(practice.Flags, f => f.Reason == FlagReasons.ReadFromSignature && f.QuestionId == "contact_phone");
        Assert.Contains("Port. : 06 12 34 56 78", offered.Detail, StringComparison.Ordinal);
        // The logo is the signature's, not a file the reply says it could not read.
        Assert.DoesNotContain("image001.png", Body(reply), StringComparison.Ordinal);
    }
}
