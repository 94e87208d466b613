using System.Text;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;
using Regin.MailIngest.Tests.Integration;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// Session 59: mails in Greek, Portuguese, Swedish and Italian written byte for byte as their programs write them (headers,
/// boundaries, charsets, transfer encodings): Outlook in windows-1253 and Thunderbird in ISO-8859-7 (Greeklish answers
/// under Greek labels), Gmail's quoted-printable UTF-8 with a .docx named by RFC 2231, Apple Mail's format=flowed, Outlook
/// for Mac with the template pasted twice and a legal footer, and an Italian PEC envelope around the sender's own mail.
/// Shared by the parsing tests (<see cref="Mail59Tests"/>) and the real servers' play (ContributorPlay59Tests).
/// </summary>
internal static class MailClients59
{
    static MailClients59() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();

    /// <summary>The mail's bytes, its language, the address the reply must go to, and the answers it must hold (question, original words).</summary>
    internal sealed record Client(string Name, string Language, byte[] Raw, string ReplyTo, string Title, string Region);

    /// <summary>Header text (ASCII) and body bytes, concatenated.</summary>
    internal static byte[] Concat(params object[] pieces)
    {
        var bytes = new List<byte>();
        foreach (var piece in pieces)
        {
            bytes.AddRange(piece as byte[] ?? Encoding.Latin1.GetBytes((string)piece));
        }
        return [.. bytes];
    }

    /// <summary>Text with CRLF line ends, as every mail program sends it.</summary>
    internal static string Crlf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);

    /// <summary>An RFC 2047 encoded word of <paramref name="text"/> in <paramref name="charset"/>, base64 ("B") as Outlook and Thunderbird write Greek.</summary>
    internal static string Word(string text, string charset) => $"=?{charset}?B?{Convert.ToBase64String(Encoding.GetEncoding(charset).GetBytes(text))}?=";

    /// <summary>Quoted-printable as mail programs write it: lines of at most 76 characters with soft breaks, a trailing space as =20.</summary>
    internal static string Qp(byte[] text)
    {
        var result = new StringBuilder();
        var line = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (b == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                if (line.Length > 0 && line[^1] == ' ')
                {
                    line.Length--;
                    line.Append("=20");
                }
                result.Append(line).Append("\r\n");
                line.Clear();
                i++;
                continue;
            }
            var piece = b is >= 33 and <= 126 and not (byte)'=' || b == ' ' ? ((char)b).ToString() : $"={b:X2}";
            if (line.Length + piece.Length > 75)
            {
                result.Append(line).Append("=\r\n");
                line.Clear();
            }
            line.Append(piece);
        }
        return result.Append(line).ToString();
    }

    /// <summary>Base64 in lines of 76, as every program writes an attachment.</summary>
    internal static string Base64(byte[] bytes) => string.Join("\r\n", Convert.ToBase64String(bytes).Chunk(76).Select(c => new string(c)));

    /// <summary>Greeklish as a Greek official types it on a Latin keyboard (ELOT 743-like: "Κρήτη" → "Kriti", "χ" → "ch").</summary>
    internal static string Greeklish(string greek)
    {
        var map = new Dictionary<char, string>
        {
            ['α'] = "a", ['β'] = "v", ['γ'] = "g", ['δ'] = "d", ['ε'] = "e", ['ζ'] = "z", ['η'] = "i", ['θ'] = "th", ['ι'] = "i", ['κ'] = "k", ['λ'] = "l",
            ['μ'] = "m", ['ν'] = "n", ['ξ'] = "x", ['ο'] = "o", ['π'] = "p", ['ρ'] = "r", ['σ'] = "s", ['ς'] = "s", ['τ'] = "t", ['υ'] = "y", ['φ'] = "f",
            ['χ'] = "ch", ['ψ'] = "ps", ['ω'] = "o",
        };
        var plain = string.Concat(greek.Normalize(NormalizationForm.FormD).Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark));
        var result = new StringBuilder();
        foreach (var c in plain)
        {
            var lower = char.ToLowerInvariant(c);
            var latin = map.TryGetValue(lower, out var l) ? l : c.ToString();
            result.Append(char.IsUpper(c) && latin.Length > 0 ? char.ToUpperInvariant(latin[0]) + latin[1..] : latin);
        }
        return result.ToString();
    }

    /// <summary>A line as Outlook writes it in HTML: markup characters escaped, letters as they are (in the page's charset).</summary>
    private static string Html(string line) => System.Text.RegularExpressions.Regex.Replace(System.Net.WebUtility.HtmlEncode(line), "&#(\\d+);",
        m => ((char)int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToString());

    private static string Label(string id, string language) => Questionnaire.Questions.First(q => q.Id == id).Label.In(language);

    private static string Key(string id) => TemplateKeys.KeyOf(Questionnaire, id);

    /// <summary>Outlook on Windows in a Greek locale: windows-1253 text and HTML in quoted-printable, the Subject and name as encoded words.</summary>
    internal static Client GreekOutlook()
    {
        var o = MailRound46Tests.Officials["el"];
        var text = Crlf("Καλημέρα σας,\n\nσας στέλνω συμπληρωμένο το πρότυπο για την πρακτική μας.\n\n" + MailRound46Tests.Complete("el")
            + "\nΠεριφέρεια Κρήτης\nΔιεύθυνση Κοινωνικής Μέριμνας\nτηλ. 2813 410 100\n");
        var html = "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:w=\"urn:schemas-microsoft-com:office:word\"><head>\r\n"
            + "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1253\">\r\n<meta name=\"Generator\" content=\"Microsoft Word 15 (filtered medium)\">\r\n"
            + "<style><!--p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:\"Calibri\",sans-serif;}--></style></head>\r\n<body lang=\"EL\" link=\"#0563C1\" vlink=\"#954F72\">\r\n<div class=\"WordSection1\">\r\n"
            + string.Concat(text.Split("\r\n").Select(l => l.Length == 0 ? "<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>\r\n" : $"<p class=\"MsoNormal\">{Html(l)}<o:p></o:p></p>\r\n"))
            + "</div>\r\n</body>\r\n</html>\r\n";
        var cp = Encoding.GetEncoding(1253);
        const string Boundary = "_000_AM9PR07MB7153D4C1E2F0A8B6C5D4E3F2AM9PR07MB7153eurp_";
        var raw = Concat(
            $"Authentication-Results: {MailTestHost.PassHeader("n.papadakis@crete-region.example")}\r\n",
            $"From: {Word("Νίκος Παπαδάκης", "windows-1253")} <n.papadakis@crete-region.example>\r\n",
            "To: \"reginproject@crpm.org\" <reginproject@crpm.org>\r\n",
            $"Subject: {Word("Πρότυπο REGIN - Περιφέρεια Κρήτης", "windows-1253")}\r\n",
            $"Thread-Topic: {Word("Πρότυπο REGIN - Περιφέρεια Κρήτης", "windows-1253")}\r\n",
            "Thread-Index: AdrI0c5V1QeXq3hDTfWk6m0Yp2b7Sg==\r\n",
            "Date: Mon, 7 Dec 2026 10:12:33 +0200\r\n",
            $"Message-ID: <AM9PR07MB7153{Guid.NewGuid():N}@AM9PR07MB7153.eurprd07.prod.outlook.com>\r\n",
            "Accept-Language: el-GR, en-US\r\nContent-Language: el-GR\r\nX-MS-Has-Attach: \r\nX-MS-TNEF-Correlator: \r\nX-Mailer: Microsoft Outlook 16.0\r\n",
            $"Content-Type: multipart/alternative;\r\n\tboundary=\"{Boundary}\"\r\nMIME-Version: 1.0\r\n\r\n",
            $"--{Boundary}\r\nContent-Type: text/plain; charset=\"windows-1253\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", Qp(cp.GetBytes(text)), "\r\n",
            $"--{Boundary}\r\nContent-Type: text/html; charset=\"windows-1253\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", Qp(cp.GetBytes(html)), "\r\n",
            $"--{Boundary}--\r\n");
        return new("el-outlook-1253", "el", raw, "n.papadakis@crete-region.example", o.Title, o.Region);
    }

    /// <summary>
    /// Thunderbird in ISO-8859-7, 8bit, format=flowed, the Subject an ISO-8859-7 encoded word: the template's Greek labels kept
    /// on the key lines ("[Q06] Χώρα: Ellada") and every answer typed in Greeklish, as on a laptop with a Latin keyboard.
    /// </summary>
    internal static Client GreekThunderbirdGreeklish()
    {
        var o = MailRound46Tests.Officials["el"];
        var lines = new List<string>();
        foreach (var question in Questionnaire.Questions.Where(q => q.Required && q.Id != "contact_email"))
        {
            var answer = question.Id switch
            {
                "contact_name" => "Nikos Papadakis",
                "contact_organisation" or "lead_organisation" => "Perifereia Kritis",
                "title" => "Kentro entaxis metanaston",
                "country" => "Ellada",
                "region" => "Kriti",
                "start_date" => "03/2021",
                "end_date" => "se exelixi",
                "consent_publish" => "nai",
                _ when question.Type is QuestionType.Choice or QuestionType.Multi => Greeklish(question.ChoiceList[0].Label.In("el")),
                _ => "Ethelontes synodevoun tous neoafichthentes gia enan chrono.",
            };
            lines.Add($"[{Key(question.Id)}] {Label(question.Id, "el")}: {answer}");
        }
        var text = Crlf("Kalimera sas,\n\nsas stelno to protypo symplirwmeno (sorry, apo to laptop den exw ellinika).\n\n" + string.Join("\n", lines) + "\n\nMe ektimisi,\nNikos\n");
        var raw = Concat(
            $"Authentication-Results: {MailTestHost.PassHeader("n.papadakis@crete-region.example")}\r\n",
            $"Message-ID: <{Guid.NewGuid():D}@crete-region.example>\r\n",
            "Date: Mon, 7 Dec 2026 11:40:02 +0200\r\nMIME-Version: 1.0\r\n",
            "User-Agent: Mozilla Thunderbird\r\nContent-Language: el\r\nTo: reginproject@crpm.org\r\n",
            $"From: {Word("Νίκος Παπαδάκης", "UTF-8")} <n.papadakis@crete-region.example>\r\n",
            $"Subject: {Word("Πρότυπο REGIN", "iso-8859-7")}\r\n",
            "Content-Type: text/plain; charset=ISO-8859-7; format=flowed\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
            Encoding.GetEncoding("iso-8859-7").GetBytes(text));
        return new("el-thunderbird-greeklish", "el", raw, "n.papadakis@crete-region.example", "Kentro entaxis metanaston", "Kriti");
    }

    /// <summary>The Word template of <paramref name="language"/> with <see cref="MailRound46Tests.Complete"/>'s answers in its boxes.</summary>
    internal static byte[] FilledDocx(string language) => MailRound45Tests.Word(language, document =>
    {
        foreach (var line in MailRound46Tests.Complete(language).Split('\n'))
        {
            if (System.Text.RegularExpressions.Regex.Match(line, @"^\[Q(\d+)\] (.+)$") is { Success: true } m
                && TemplateKeys.QuestionOf(Questionnaire, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) is { } question)
            {
                MailRound45Tests.Fill(document, question.Id, m.Groups[2].Value);
            }
        }
    });

    /// <summary>Gmail: multipart/mixed of a quoted-printable UTF-8 alternative and "Formulário_prática REGIN.docx", named as Gmail names it (RFC 2047 in name=, RFC 2231 in filename*=).</summary>
    internal static Client PortugueseGmailDocx()
    {
        var o = MailRound46Tests.Officials["pt"];
        var text = Crlf("Bom dia,\n\nSegue em anexo o formulário preenchido da nossa prática.\nQualquer dúvida, disponha.\n\nCumprimentos,\nJoão Silva\nCCDR Norte\n");
        var html = "<div dir=\"ltr\">" + string.Concat(text.TrimEnd().Split("\r\n").Select(l => l.Length == 0 ? "<div><br></div>" : $"<div>{l}</div>")) + "</div>\r\n";
        const string Mixed = "000000000000e1a2b3c4d5e6f7";
        const string Alternative = "000000000000e1a2b3c4d5e6f5";
        var raw = Concat(
            $"Authentication-Results: {MailTestHost.PassHeader("j.silva@ccdr-n.example")}\r\n",
            "MIME-Version: 1.0\r\nDate: Mon, 7 Dec 2026 09:31:12 +0000\r\n",
            $"Message-ID: <CAF{Guid.NewGuid():N}=x9Q@mail.gmail.com>\r\n",
            "Subject: =?UTF-8?Q?Formul=C3=A1rio_REGIN_=E2=80=93_CCDR_Norte?=\r\n",
            "From: =?UTF-8?Q?Jo=C3=A3o_Silva?= <j.silva@ccdr-n.example>\r\nTo: reginproject@crpm.org\r\n",
            $"Content-Type: multipart/mixed; boundary=\"{Mixed}\"\r\n\r\n",
            $"--{Mixed}\r\nContent-Type: multipart/alternative; boundary=\"{Alternative}\"\r\n\r\n",
            $"--{Alternative}\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", Qp(Encoding.UTF8.GetBytes(text)), "\r\n",
            $"--{Alternative}\r\nContent-Type: text/html; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", Qp(Encoding.UTF8.GetBytes(html)), "\r\n",
            $"--{Alternative}--\r\n",
            $"--{Mixed}\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; \r\n\tname=\"=?UTF-8?Q?Formul=C3=A1rio=5Fpr=C3=A1tica_REGIN=2Edocx?=\"\r\n",
            "Content-Disposition: attachment; \r\n\tfilename*=UTF-8''Formul%C3%A1rio_pr%C3%A1tica%20REGIN.docx\r\n",
            "Content-Transfer-Encoding: base64\r\nContent-ID: <f_mib3x0rk0>\r\nX-Attachment-Id: f_mib3x0rk0\r\n\r\n", Base64(FilledDocx("pt")), "\r\n",
            $"--{Mixed}--\r\n");
        return new("pt-gmail-docx", "pt", raw, "j.silva@ccdr-n.example", o.Title, o.Region);
    }

    /// <summary>The long answer of the Apple Mail mail, wrapped by format=flowed at its spaces.</summary>
    internal const string FlowedActivities = "Os voluntários acompanham os recém-chegados durante um ano, com encontros semanais na biblioteca municipal, "
        + "aulas de português e apoio na procura de emprego e de casa.";

    /// <summary>Apple Mail: quoted-printable UTF-8, format=flowed, a long answer broken by soft line breaks (a space before each break).</summary>
    internal static Client PortugueseAppleMailFlowed()
    {
        var o = MailRound46Tests.Officials["pt"];
        var complete = MailRound46Tests.Complete("pt").Replace($"[{Key("activities")}] {o.Text}", $"[{Key("activities")}] {FlowedActivities}", StringComparison.Ordinal);
        // format=flowed: a line longer than 72 ends with a space and goes on on the next line (RFC 3676 soft break).
        var flowed = string.Join("\n", complete.Split('\n').Select(Flow));
        var text = Crlf("Olá,\n\naqui vai a ficha da nossa prática.\n\n" + flowed + "\n\nEnviado do meu iPad\n");
        var raw = Concat(
            $"Authentication-Results: {MailTestHost.PassHeader("j.silva@ccdr-n.example")}\r\n",
            "Content-Type: text/plain;\r\n\tcharset=utf-8;\r\n\tformat=flowed\r\nContent-Transfer-Encoding: quoted-printable\r\n",
            "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3826.200.121\\))\r\n",
            "Subject: Ficha REGIN\r\n",
            "From: =?utf-8?Q?Jo=C3=A3o_Silva?= <j.silva@ccdr-n.example>\r\n",
            "Date: Mon, 7 Dec 2026 09:45:10 +0000\r\n",
            $"Message-Id: <{Guid.NewGuid().ToString("D").ToUpperInvariant()}@ccdr-n.example>\r\n",
            "To: reginproject@crpm.org\r\nX-Mailer: Apple Mail (2.3826.200.121)\r\n\r\n",
            Qp(Encoding.UTF8.GetBytes(text)));
        return new("pt-applemail-flowed", "pt", raw, "j.silva@ccdr-n.example", o.Title, o.Region);

        static string Flow(string line)
        {
            if (line.Length <= 72)
            {
                return line;
            }
            var cut = line.LastIndexOf(' ', 71);
            return line[..(cut + 1)] + "\n" + Flow(line[(cut + 1)..]);
        }
    }

    /// <summary>The Swedish legal footer under the signature, as a municipality's mail server adds it.</summary>
    internal const string SwedishFooter = "Malmö stad behandlar personuppgifter i enlighet med dataskyddsförordningen (GDPR). När du skickar e-post till oss "
        + "behandlar vi de personuppgifter du lämnar för att kunna hantera ditt ärende. Läs mer om hur vi behandlar personuppgifter på malmo.se/personuppgifter.\n"
        + "Detta e-postmeddelande kan innehålla information som är konfidentiell. Om du inte är rätt mottagare, vänligen meddela avsändaren och radera meddelandet. "
        + "E-post till och från Malmö stad kan komma att diarieföras och lämnas ut enligt offentlighetsprincipen.";

    /// <summary>
    /// Outlook for Mac, the text template filled in (answers typed under each question, the first choice ticked) and then
    /// the empty template pasted again under the answers; "Med vänlig hälsning", the signature and a long legal footer.
    /// </summary>
    internal static Client SwedishOutlookMacPastedTwice()
    {
        var o = MailRound46Tests.Officials["sv"];
        var template = new TextTemplate(Questionnaire).Generate("sv", "reginproject@crpm.org").Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
        var answers = MailRound46Tests.Complete("sv").Split('\n').Where(l => l.StartsWith("[Q", StringComparison.Ordinal))
            .ToDictionary(l => l[..5], l => l[6..]);
        var filled = new List<string>();
        var open = (string?)null;
        foreach (var line in template.Split('\n'))
        {
            if (open is not null && line.Length == 0)
            {
                // The answer typed on the empty line under the question (and its hint).
                filled.Add(open);
                open = null;
            }
            // The first choice of each list ticked.
            filled.Add(line.StartsWith("  [ ] 1. ", StringComparison.Ordinal) ? line.Replace("[ ]", "[x]", StringComparison.Ordinal) : line);
            if (line.Length > 6 && line[0] == '[' && answers.TryGetValue(line[..5], out var answer)
                && TemplateKeys.QuestionOf(Questionnaire, int.Parse(line[2..4], System.Globalization.CultureInfo.InvariantCulture)) is { ChoiceList.Count: 0 })
            {
                open = answer;
            }
        }
        if (open is not null)
        {
            filled.Add(open); // the last question's answer, under its hint at the template's end
        }
        var text = Crlf("Hej!\n\nHär kommer vår ifyllda mall.\n\n" + string.Join("\n", filled) + "\n\n" + template
            + "\n\nMed vänlig hälsning\n\nAnna Berg\nUtvecklingssekreterare | Malmö stad\nTel. 040-34 10 00\n\n" + SwedishFooter + "\n");
        const string Boundary = "B_3848200111_1929384756";
        var html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body lang=\"SV\" style=\"word-wrap:break-word\"><div class=\"WordSection1\">"
            + string.Concat(text.TrimEnd().Split("\r\n").Select(l => l.Length == 0 ? "<p class=\"MsoNormal\"><span style=\"font-size:11.0pt\"><o:p>&nbsp;</o:p></span></p>\r\n"
                : $"<p class=\"MsoNormal\"><span style=\"font-size:11.0pt\">{Html(l)}<o:p></o:p></span></p>\r\n"))
            + "</div></body></html>\r\n";
        var raw = Concat(
            $"Authentication-Results: {MailTestHost.PassHeader("anna.berg@malmo-stad.example")}\r\n",
            "User-Agent: Microsoft-MacOutlook/16.91.24111020\r\nDate: Mon, 07 Dec 2026 13:05:44 +0100\r\nSubject: REGIN mall - =?UTF-8?B?TWFsbcO2?= stad\r\n",
            "From: Anna Berg <anna.berg@malmo-stad.example>\r\nTo: \"reginproject@crpm.org\" <reginproject@crpm.org>\r\n",
            $"Message-ID: <{Guid.NewGuid():D}@malmo-stad.example>\r\n",
            "Thread-Topic: REGIN mall - =?UTF-8?B?TWFsbcO2?= stad\r\nMime-version: 1.0\r\nContent-Language: sv-SE\r\n",
            $"Content-type: multipart/alternative;\r\n\tboundary=\"{Boundary}\"\r\n\r\n> This message is in MIME format. Since your mail reader does not understand\r\nthis format, some or all of this message may not be legible.\r\n\r\n",
            $"--{Boundary}\r\nContent-type: text/plain;\r\n\tcharset=\"UTF-8\"\r\nContent-transfer-encoding: quoted-printable\r\n\r\n", Qp(Encoding.UTF8.GetBytes(text)), "\r\n\r\n",
            $"--{Boundary}\r\nContent-type: text/html;\r\n\tcharset=\"UTF-8\"\r\nContent-transfer-encoding: quoted-printable\r\n\r\n", Qp(Encoding.UTF8.GetBytes(html)), "\r\n\r\n",
            $"--{Boundary}--\r\n\r\n");
        return new("sv-outlookmac-pasted-twice", "sv", raw, "anna.berg@malmo-stad.example", o.Title, o.Region);
    }

    /// <summary>The PEC provider our tests' envelopes come from (in Mail:PecProviders' default list).</summary>
    internal const string PecProvider = "pec.aruba.it";

    /// <summary>
    /// An Italian PEC transport envelope as the provider writes it (DM 2 November 2005, 6.3.4): From "Per conto di: …"
    /// &lt;posta-certificata@provider&gt;, Reply-To the sender, X-Trasporto, X-Riferimento-Message-ID, "POSTA CERTIFICATA:"
    /// Subject; multipart/signed of (the notice as text and HTML, daticert.xml, postacert.eml) and the provider's smime.p7s.
    /// <paramref name="certified"/> is the sender the provider certifies; <paramref name="inner"/> the sender's own mail.
    /// </summary>
    internal static byte[] PecEnvelope(string certified, byte[] inner, string innerSubject, string innerMessageId, string? authenticatedDomain = PecProvider,
        string provider = PecProvider, string? daticert = null)
    {
        var id = $"opec21193.20261207103015.12345.67.1.{Random.Shared.Next(10, 99)}@{provider}";
        var notice = Crlf($"Messaggio di posta certificata\n\nIl giorno 07/12/2026 alle ore 10:30:15 (+0100) il messaggio\n\"{innerSubject}\" è stato inviato da \"{certified}\"\n"
            + "indirizzato a:\nreginproject@crpm.org\nIl messaggio originale è incluso in allegato.\nIdentificativo messaggio: " + id + "\n");
        daticert ??= "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<postacert tipo=\"posta-certificata\" errore=\"nessuno\">\r\n<intestazione>\r\n"
            + $"<mittente>{certified}</mittente>\r\n<destinatari tipo=\"esterno\">reginproject@crpm.org</destinatari>\r\n<risposte>{certified}</risposte>\r\n"
            + $"<oggetto>{System.Security.SecurityElement.Escape(innerSubject)}</oggetto>\r\n</intestazione>\r\n<dati>\r\n<gestore-emittente>ARUBA PEC S.p.A.</gestore-emittente>\r\n"
            + "<data zona=\"+0100\">\r\n<giorno>07/12/2026</giorno>\r\n<ora>10:30:15</ora>\r\n</data>\r\n"
            + $"<identificativo>{id}</identificativo>\r\n<msgid>&lt;{innerMessageId}&gt;</msgid>\r\n</dati>\r\n</postacert>\r\n";
        const string Signed = "----A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6";
        const string Mixed = "----F6E5D4C3B2A1F0E9D8C7B6A5F4E3D2C1";
        const string Alternative = "----0A1B2C3D4E5F6071829304A5B6C7D8E9";
        var subject = Encoding.UTF8.GetBytes("POSTA CERTIFICATA: " + innerSubject);
        return Concat(
            authenticatedDomain is null ? "" : $"Authentication-Results: {MailTestHost.PassHeader("posta-certificata@" + authenticatedDomain)}\r\n",
            $"Return-Path: <posta-certificata@{provider}>\r\n",
            $"Received: from smtpdh04.ad.aruba.it (smtpdh04.ad.aruba.it [62.149.155.163]) by mx.crpm.org with ESMTPS; Mon, 7 Dec 2026 10:30:16 +0100\r\n",
            $"Message-ID: <{id}>\r\n",
            "X-Riferimento-Message-ID: <" + innerMessageId + ">\r\n",
            "X-Trasporto: posta-certificata\r\n",
            "Date: Mon, 7 Dec 2026 10:30:15 +0100\r\n",
            $"Subject: =?UTF-8?B?{Convert.ToBase64String(subject)}?=\r\n",
            $"From: \"Per conto di: {certified}\" <posta-certificata@{provider}>\r\n",
            $"Reply-To: {certified}\r\n",
            "To: reginproject@crpm.org\r\nMIME-Version: 1.0\r\n",
            $"Content-Type: multipart/signed; protocol=\"application/x-pkcs7-signature\"; micalg=\"sha-256\"; boundary=\"{Signed}\"\r\n\r\n",
            "This is an S/MIME signed message\r\n\r\n",
            $"--{Signed}\r\nContent-Type: multipart/mixed; boundary=\"{Mixed}\"\r\n\r\n",
            $"--{Mixed}\r\nContent-Type: multipart/alternative; boundary=\"{Alternative}\"\r\n\r\n",
            $"--{Alternative}\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", Qp(Encoding.UTF8.GetBytes(notice)), "\r\n",
            $"--{Alternative}\r\nContent-Type: text/html; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
            Qp(Encoding.UTF8.GetBytes("<html><body><p>Messaggio di posta certificata</p><p>" + System.Net.WebUtility.HtmlEncode(notice).Replace("\r\n", "<br>\r\n", StringComparison.Ordinal) + "</p></body></html>\r\n")), "\r\n",
            $"--{Alternative}--\r\n\r\n",
            $"--{Mixed}\r\nContent-Type: application/xml; name=\"daticert.xml\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: inline; filename=\"daticert.xml\"\r\n\r\n",
            Base64(Encoding.UTF8.GetBytes(daticert)), "\r\n\r\n",
            $"--{Mixed}\r\nContent-Type: message/rfc822; name=\"postacert.eml\"\r\nContent-Disposition: inline; filename=\"postacert.eml\"\r\n\r\n",
            inner, "\r\n",
            $"--{Mixed}--\r\n\r\n",
            $"--{Signed}\r\nContent-Type: application/x-pkcs7-signature; name=\"smime.p7s\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"smime.p7s\"\r\n\r\n",
            Base64(RandomBytes(1800)), "\r\n\r\n",
            $"--{Signed}--\r\n");
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(59).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The mail an Italian official writes in her PEC webmail (Aruba's): its From is her PEC address.</summary>
    internal static (byte[] Raw, string Subject, string MessageId) ItalianPecMail(string from, string? body = null)
    {
        var messageId = $"{Guid.NewGuid():N}@webmail.pec.it";
        const string Subject = "Scheda REGIN - Comune di Torino";
        var text = Crlf(body ?? "Buongiorno,\n\ncon la presente si trasmette la scheda compilata.\n\n" + MailRound46Tests.Complete("it")
            + "\nComune di Torino - Divisione Servizi Sociali\nVia Giulio 22, 10122 Torino\n");
        var raw = Concat(
            $"Message-ID: <{messageId}>\r\nDate: Mon, 07 Dec 2026 10:30:02 +0100\r\n",
            $"From: \"Giulia Rossi\" <{from}>\r\nTo: reginproject@crpm.org\r\n",
            $"Subject: {Subject}\r\nMIME-Version: 1.0\r\nX-Mailer: Aruba PEC WebMail\r\n",
            "Content-Type: text/plain; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", Qp(Encoding.UTF8.GetBytes(text)), "\r\n");
        return (raw, Subject, messageId);
    }

    /// <summary>Giulia Rossi's PEC address: the Comune's certified box.</summary>
    internal const string ItalianPecAddress = "g.rossi@pec.comune.torino.it";

    internal static Client ItalianPec()
    {
        var o = MailRound46Tests.Officials["it"];
        var (inner, subject, id) = ItalianPecMail(ItalianPecAddress);
        return new("it-pec", "it", PecEnvelope(ItalianPecAddress, inner, subject, id), ItalianPecAddress, o.Title, o.Region);
    }

    internal static Client Named(string name) => name switch
    {
        "el-outlook-1253" => GreekOutlook(),
        "el-thunderbird-greeklish" => GreekThunderbirdGreeklish(),
        "pt-gmail-docx" => PortugueseGmailDocx(),
        "pt-applemail-flowed" => PortugueseAppleMailFlowed(),
        "sv-outlookmac-pasted-twice" => SwedishOutlookMacPastedTwice(),
        "it-pec" => ItalianPec(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
