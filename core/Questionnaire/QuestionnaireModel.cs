namespace Regin.Core.Questionnaire;

/// <summary>The answer types of questionnaire.md; the JSON file spells them in snake_case.</summary>
public enum QuestionType
{
    Text,
    Longtext,
    Email,
    Phone,
    Url,
    Date,
    DateOrOngoing,
    Integer,
    MoneyEur,
    Country,
    Region,
    Choice,
    Multi,
    Yesno,
}

/// <summary>A text in every language of the questionnaire, keyed by language code.</summary>
public sealed class LocalizedText : Dictionary<string, string>
{
    public LocalizedText() : base(StringComparer.OrdinalIgnoreCase) { }

    /// <summary>The text in <paramref name="language"/>, else English, else the first one there is.</summary>
    public string In(string language) =>
        TryGetValue(language, out var text) ? text
        : TryGetValue(Languages.Default, out var english) ? english
        : Values.FirstOrDefault() ?? "";
}

/// <summary>Lists of words in every language (command keywords, month names, ...).</summary>
public sealed class LocalizedWords : Dictionary<string, string[]>
{
    public LocalizedWords() : base(StringComparer.OrdinalIgnoreCase) { }

    public IReadOnlyList<string> In(string language) =>
        TryGetValue(language, out var words) ? words : TryGetValue(Languages.Default, out var english) ? english : [];

    public IEnumerable<string> All => Values.SelectMany(words => words);
}

public sealed record LanguageInfo(string Code, string Name)
{
    /// <summary>The culture whose conventions show values in this language (numbers, months, currency).</summary>
    public string Culture { get; init; } = Code;
}

public sealed record Section(string Id, LocalizedText Label);

/// <summary>A name that stands for several choices of a question ("ΕΣΠΑ": esf_plus or erdf), under the id of its kind
/// ("structural_funds") in questionnaire.json, which gives the codes.</summary>
public sealed record SharedName(string Id, string Name, IReadOnlyList<string> Codes);

/// <summary>A choice: its code, its label and the other words people use for it, in every language.</summary>
public sealed record Choice(string Code, LocalizedText Label, LocalizedWords Synonyms)
{
    /// <summary>Synonyms known only as typed, a whole word in the same capitals (en "LA"; "la" is an article in fr, es, it),
    /// written with a leading <see cref="AsTypedMarker"/> in the locale file ("=LA"); not in <see cref="Synonyms"/>.</summary>
    public LocalizedWords AsTyped { get; init; } = new();

    public const char AsTypedMarker = '=';
}

public sealed record Question(
    string Id,
    string Section,
    QuestionType Type,
    bool Required,
    LocalizedText Label,
    LocalizedText Hint,
    LocalizedText Help,
    IReadOnlyList<Choice>? Choices,
    int Key = 0)
{
    public IReadOnlyList<Choice> ChoiceList => Choices ?? [];

    /// <summary>Words that restate the question's own subject in an answer ("the Region", "the project"), per language:
    /// left over around a recognised choice, they are not an unrecognised choice.</summary>
    public LocalizedWords Restated { get; init; } = new();

    /// <summary>The everyday names people write before a colon instead of the label ("Website", "Consent",
    /// "Número de beneficiarios"), per language: read as the label in a mail, never shown.</summary>
    public LocalizedWords Aliases { get; init; } = new();

    /// <summary>Everyday names a chat message calls the question by ("the org", "l'ente"), per language: a chat's
    /// command or correction names the question with them; never a label in a mail (see <see cref="Aliases"/>).</summary>
    public LocalizedWords SpokenNames { get; init; } = new();

    /// <summary>The hint's earlier wordings, per language: a template sent before a locale file reworded the hint still
    /// shows them when quoted, so the mail reader knows them for our hint (never shown).</summary>
    public LocalizedWords RetiredHints { get; init; } = new();

    /// <summary>Words naming the others a choice is done for or with ("les porteurs de projet", "project promoters"),
    /// per language: matched word for word (a plural stays a plural), never read as a choice.</summary>
    public LocalizedWords Others { get; init; } = new();

    /// <summary>Words for an organisation that its own name goes with ("Stiftung", "foundation", "Υπουργείο"), per language: a
    /// name with a capital beside one ("Stiftung Mercator", "Robert Bosch Stiftung") is that organisation's, not another choice.</summary>
    public LocalizedWords NameWords { get; init; } = new();

    /// <summary>Names of a national option that a region named beside them makes the region's own, per language ("ministry":
    /// "Ministry of Social Affairs of Baden-Württemberg" is the Land's, "Ministry of Migration and Asylum" the state's).</summary>
    public LocalizedWords RegionalWhenNamed { get; init; } = new();

    /// <summary>Words of a language that name none of the choices though another language's name folds to them ("collège"
    /// is a secondary school, not the English "college"), per language: kept under "other" when written in that language.</summary>
    public LocalizedWords FalseFriends { get; init; } = new();

    /// <summary>Words naming where people come from ("Ukrainians", "afghani"), per language: also in <see cref="Restated"/>
    /// (a detail of the group named with them); a part named only by them beside groups named without one is a group of its
    /// own, kept under "other" ("IPAs and Ukrainians").</summary>
    public LocalizedWords Origins { get; init; } = new();

    /// <summary>Words that introduce the answer to a text question, per language ("my name is Siobhan O'Brien", "ich arbeite
    /// bei der Stadt Köln"): the answer is what follows them (the words as typed stay the original).</summary>
    public LocalizedWords LeadIns { get; init; } = new();
    /// <summary>"here", "här", "am Apparat": words after the answer that close it ("Karin Lindqvist här"), left out of the value.</summary>
    public LocalizedWords LeadOuts { get; init; } = new();
    /// <summary>"we are", "wir sind", "nous sommes": after the answer and a comma, a dash or a bracket, they open a description
    /// of the organisation ("Integrationshaus, wir sind eine NGO in Wien"); that and what follows are left out of the value.</summary>
    public LocalizedWords SelfDescriptions { get; init; } = new();
    /// <summary>"from", "vom", "från": after the answer, they join it to an organisation named with a capital ("Siobhán Ní
    /// Bhriain from Cork County Council"); that and what follows are left out of the value.</summary>
    public LocalizedWords OrgLinks { get; init; } = new();
    /// <summary>"da", "del", "de la", "von der": after the answer, they join it to an organisation only when the words after
    /// them open with a kind of organisation or an organisation's name word and read as one ("marta ribeiro da camara municipal
    /// de braga", "giulia ferri del comune di bologna"); "Maria da Silva", "João do Carmo" stay whole.</summary>
    public LocalizedWords KindLinks { get; init; } = new();

    /// <summary>Words after a name that join it to the place its bearer is from ("sou a marta ribeiro de braga", "ich bin Anna
    /// Keller aus Graz", "sono Giulia Rossi di Bari"): the place is left out of the name when all that follows is a place the
    /// catalogue knows; a link that is also a kind link (a name's own particle: "de", "da", "di") only after a lead-in
    /// ("Maria da Silva", "Leonardo da Vinci", "María Ponce de León" typed alone stay whole).</summary>
    public LocalizedWords PlaceLinks { get; init; } = new();

    /// <summary>Words that answer with the contributor's own organisation, per language ("we run it ourselves", "wir selbst",
    /// "same as above", "idem"): the organisation they gave is the answer.</summary>
    public LocalizedWords Ours { get; init; } = new();

    /// <summary>Words joining the contributor's own organisation to partners named after it, per language ("nous (CPAS) avec le
    /// CRIPEL", "wir mit der Caritas", "we with the ETB"): the answer is the contributor's organisation, the partners are
    /// offered at the partners.</summary>
    public LocalizedWords OursWith { get; init; } = new();

    /// <summary>Words that answer with the region itself ("the region itself", "la regione stessa", "die Region selbst"): the
    /// contributor's organisation when it reads as a regional authority ("Regione Emilia-Romagna"), else the words as typed.</summary>
    public LocalizedWords RegionItself { get; init; } = new();

    /// <summary>Words that answer with the municipality itself ("a câmara", "la mairie", "die Stadt", "il comune"): the
    /// contributor's organisation when it reads as a local authority ("Câmara Municipal do Porto"), else the words as typed.</summary>
    public LocalizedWords MunicipalityItself { get; init; } = new();

    /// <summary>Names that stand for several choices without saying which ("ΕΣΠΑ", "fondi strutturali": ESF+ or ERDF),
    /// per language: never taken as one of them, the contributor is asked which.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<SharedName>> SharedNames { get; init; } = new Dictionary<string, IReadOnlyList<SharedName>>();

    /// <summary>Choices whose names act on an object ("indirect_funding": "we pay the staff" is funding, not staff support
    /// too): a choice named right after one of them, in the same item, is that object.</summary>
    public IReadOnlyList<string> TakesObject { get; init; } = [];

    /// <summary>
    /// An optional open question that a bare "no" or "none" answers rather than declines: "Nein", "non", "όχι" to how the
    /// practice continues after its funding says it does not, "none", "nessuno", "no" to the partners says it has none
    /// (kept, with the words, for the reviewer), where "no" to a phone number, a website or the role's details says there is
    /// nothing to give (skipped).
    /// </summary>
    public bool NoIsAnAnswer { get; init; }

    /// <summary>
    /// Long-text questions whose answers may hold this question's value among their sentences (the count of people reached
    /// in the results: "environ 300 personnes par an"): offered when this question comes open, never filled in unasked.
    /// </summary>
    public IReadOnlyList<string> ReadFrom { get; init; } = [];

    /// <summary>
    /// The answer is a person's name, how the team will address them: "Ana Ruiz (investigadora)" is Ana Ruiz, her role in
    /// brackets kept beside the name for researchers (flagged <c>answer_remark</c>) and said back, never in the name.
    /// </summary>
    public bool PersonName { get; init; }

    /// <summary>
    /// Another question whose everyday names also call this one where that one is not answered yet: "sorry, the
    /// organisation is Cork City Council" typed just after the contributor's organisation ("the organisation" names the
    /// lead organisation, asked later) corrects the contributor's own.
    /// </summary>
    public string? NamedLike { get; init; }

    /// <summary>
    /// When this question makes no sense after an earlier answer ("How does the regional authority contribute?" after the
    /// role "none"): the chat does not ask it, going back passes over it, and the summary shows it as not asked. Null: always asked.
    /// </summary>
    public SkipWhen? SkipWhen { get; init; }

    /// <summary>The maximum length of a text answer, from the type (questionnaire.md).</summary>
    public int MaxLength => Type switch
    {
        QuestionType.Longtext => 5000,
        QuestionType.Text => 200,
        _ => 500,
    };

    public bool IsChoice => Type is QuestionType.Choice or QuestionType.Multi;

    /// <summary>Whether the choice offers "other", which keeps words naming no option (the regional authority's role does not).</summary>
    public bool HasOther => ChoiceList.Any(c => c.Code == "other");
}

/// <summary>
/// A question not asked when the answer to <see cref="Question"/> (a choice question before it) holds only the codes
/// <see cref="Only"/> (questionnaire.json's <c>"skip_when": {"question": "regional_authority_role", "only": ["none"]}</c>).
/// </summary>
public sealed record SkipWhen(string Question, IReadOnlyList<string> Only)
{
    /// <summary>Whether the stored answer (its value's JSON: a code, or an array of codes) holds these codes only.</summary>
    public bool HoldsOnly(string? valueJson)
    {
        if (string.IsNullOrEmpty(valueJson))
        {
            return false;
        }
        try
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(valueJson);
            IReadOnlyList<string?> codes = node switch
            {
                System.Text.Json.Nodes.JsonArray array => [.. array.Select(item => item?.GetValueKind() == System.Text.Json.JsonValueKind.String ? item.GetValue<string>() : null)],
                System.Text.Json.Nodes.JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => [value.GetValue<string>()],
                _ => [],
            };
            return codes.Count > 0 && codes.All(code => code is not null && Only.Contains(code, StringComparer.Ordinal));
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}

public sealed record GlossaryEntry(string Id, LocalizedText Term, LocalizedText Definition);

public sealed record Guideline(string Id, LocalizedText Title, LocalizedText Text);

public sealed record Labelled(string Id, LocalizedText Label);

/// <summary>Words the parsers need in every language: month names, "ongoing", yes/no, "and", date fillers, number words, mail markers.</summary>
public sealed class Vocabulary
{
    /// <summary>Per language, twelve entries; each entry lists the spellings of one month (full, genitive, abbreviations).</summary>
    public Dictionary<string, string[][]> Months { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    public LocalizedWords Ongoing { get; init; } = new();
    public LocalizedWords Yes { get; init; } = new();
    public LocalizedWords No { get; init; } = new();
    public LocalizedWords And { get; init; } = new();
    /// <summary>
    /// "And" words of one language that are another word elsewhere: sv "o" for "och" ("utbildning o språk") is the Portuguese
    /// article ("o projeto") and the Italian "or". A multi-choice answer is split at them in their language's answers only.
    /// </summary>
    public LocalizedWords AndLocal { get; init; } = new();
    /// <summary>
    /// Words that say there is none ("none", "aucun", "néant", "keine", "nessuno", "nenhum", "we don't have any", "no
    /// funding"): declines, except where a question takes "none" as its answer (<see cref="Question.NoIsAnAnswer"/>: no
    /// partners, no monitoring). A refusal or "not applicable" is in <see cref="Declines"/>, never here.
    /// </summary>
    public LocalizedWords None { get; init; } = new();
    /// <summary>Words that say "for now" beside a none word: "none yet", "aucun pour l'instant", "bisher keine", "inga ännu".</summary>
    public LocalizedWords ForNow { get; init; } = new();
    /// <summary>"at least", "mindestens", "au moins", "pelo menos", "minst": "still running, at least until end of 2025" names
    /// no end, only the earliest one: the practice is ongoing, the date a remark.</summary>
    public LocalizedWords AtLeast { get; init; } = new();
    /// <summary>"about", "environ", "ca.", "cerca de", "ungefär", "περίπου" before a count or an amount: the number is read and
    /// stored (the contract has no approximate mark), the words stay in the original, and the value is shown with the first of
    /// them ("about 150") wherever the original is shown beside it.</summary>
    public LocalizedWords Approximately { get; init; } = new();
    /// <summary>"or", "ou", "oder", "o", "eller", "ή": two dates joined by it ("2021 o 2022", "marzo o aprile 2022") are offered
    /// to choose from, not read as a period.</summary>
    public LocalizedWords Or { get; init; } = new();
    /// <summary>Titles and forms of address before a person's name ("Dr.", "Prof. Dr.", "Dott.ssa", "Dña.", "Mme"): kept beside
    /// the name, not in it.</summary>
    public LocalizedWords PersonTitles { get; init; } = new();
    /// <summary>Words that name a post ("Officer", "Project Lead", "Sachgebietsleiter", "enhetschef"): after a comma beside a
    /// name, capitalised or not, a role kept beside the name, not in it.</summary>
    public LocalizedWords PersonRoles { get; init; } = new();
    /// <summary>
    /// Each language's names in every language, by its code ("de": "German", "Deutsch", "allemand", "γερμανικά"): a language
    /// named in a request to switch ("can we do this in German?", "auf Englisch bitte") is that request in any conversation.
    /// </summary>
    public Dictionary<string, LocalizedWords> LanguageNames { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>The words of a request to switch language, besides the request words ("switch", "wechseln", "passer", "στα").</summary>
    public LocalizedWords LanguageRequests { get; init; } = new();
    public LocalizedWords DateFillers { get; init; } = new();
    /// <summary>"since", "seit", "sedan": a date after it began a period that runs on ("seit 2024" to the end date is "ongoing").</summary>
    public LocalizedWords DateSince { get; init; } = new();
    /// <summary>"{n} years ago", "vor {n} Jahren", "för {n} år sedan", "πριν από {n} χρόνια": a date that many years before today.</summary>
    public LocalizedWords DateYearsAgo { get; init; } = new();
    /// <summary>"funding", "Förderung", "χρηματοδότηση": the money whose end (or start) a date answer may name instead of the practice's.</summary>
    public LocalizedWords DateFunding { get; init; } = new();
    /// <summary>"extended to", "verlängert bis", "förlängt till": the date after them is the period's end as extended.</summary>
    public LocalizedWords DateExtended { get; init; } = new();
    /// <summary>"for now", "vorerst", "por ahora": after "ongoing", the date after them is the end planned so far, not the end.</summary>
    public LocalizedWords DateForNow { get; init; } = new();
    /// <summary>"in", "en", "em", "i": before a country's name, where something happens ("lavoro in Italia"), not a choice.</summary>
    public LocalizedWords PlaceIn { get; init; } = new();
    /// <summary>"all of the above", "alle", "όλα": every option of a question where several may be chosen, to be confirmed.</summary>
    public LocalizedWords AllOptions { get; init; } = new();
    /// <summary>"except", "außer", "εκτός από": after <see cref="AllOptions"/>, the options left out ("all areas except housing").</summary>
    public LocalizedWords AllExcept { get; init; } = new();
    /// <summary>"who", "qui", "que", "die", "som", "που": after a choice named, they open a description of it ("women who do not
    /// speak the language"), no choice of its own.</summary>
    public LocalizedWords Relatives { get; init; } = new();
    /// <summary>Terms of a school or academic year before their year ("HT21", "VT-22", "WS 19/20", "SoSe 21"); also date fillers.</summary>
    public LocalizedWords DateTerms { get; init; } = new();
    /// <summary>Per language, the first and last month of a term of <see cref="DateTerms"/> ("vt": [1, 6], "WS": [10, 3]).</summary>
    public Dictionary<string, DateTermMonths[]> DateTermMonths { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    public LocalizedWords Thousands { get; init; } = new();
    public LocalizedWords Millions { get; init; } = new();
    public LocalizedWords Billions { get; init; } = new();
    public LocalizedWords Negative { get; init; } = new();
    /// <summary>Per ISO code, the names of the currency in every language.</summary>
    public Dictionary<string, LocalizedWords> Currencies { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    public LocalizedWords ReplyIntro { get; init; } = new();
    public LocalizedWords ReplyWrote { get; init; } = new();
    public LocalizedWords OriginalMessage { get; init; } = new();
    public LocalizedWords ForwardMarkers { get; init; } = new();
    public LocalizedWords MailHeaderFrom { get; init; } = new();
    public LocalizedWords MailHeaderSent { get; init; } = new();
    public LocalizedWords MailHeaderOther { get; init; } = new();
    /// <summary>"Sent from my *", "Von meinem * gesendet": the line a phone or a mail app puts under the text.</summary>
    public LocalizedWords MailSignatures { get; init; } = new();
    /// <summary>"intended solely for", "irrtümlich erhalten": phrases of the legal disclaimer a company's mail gateway adds.</summary>
    public LocalizedWords MailDisclaimers { get; init; } = new();
    /// <summary>"out of the office", "nicht im Büro", "εκτός γραφείου": phrases an out-of-office reply opens with.</summary>
    public LocalizedWords OutOfOffice { get; init; } = new();
    /// <summary>"Q13 should be 2020, not 2019", "Frage 5: bitte 2021", "la 12 c'est 2020": a question named, its new value, the old.</summary>
    public LocalizedWords QuestionRefs { get; init; } = new();
    public LocalizedWords CorrectionVerbs { get; init; } = new();
    public LocalizedWords InsteadOf { get; init; } = new();
    public LocalizedWords WrongAnswer { get; init; } = new();
    public LocalizedWords WrongAnswerThen { get; init; } = new();
    /// <summary>Words of a neighbouring language that this one never writes ("ikke", "og", "hvis" for Swedish): optional.</summary>
    public LocalizedWords NeighbourWords { get; init; } = new();
    public LocalizedWords SignOffs { get; init; } = new();
    /// <summary>Words that negate what follows or precedes them ("not", "pas", "nicht", "δεν", "inte").</summary>
    public LocalizedWords Negations { get; init; } = new();
    /// <summary>
    /// Negations that are no denial with a later word of their clause, "negation … word": fr "ne … que" says "only" ("la région
    /// n'a qu'un rôle de conseil", "ne fait que conseiller": refused as a denial until session 58), es "no … más que", el "δεν …
    /// παρά", it "più … che altro" ("mostly"). Not "ne … rien": "ne finance rien" would read as the funding.
    /// </summary>
    public LocalizedWords NegationFrames { get; init; } = new();
    /// <summary>Words that open a condition or a reservation after a yes or a no ("but", "mais", "aber", "purché").</summary>
    public LocalizedWords But { get; init; } = new();
    /// <summary>
    /// Words that open an answer giving a yes only in part, with no yes before them ("nur anonymisiert", "solo in forma
    /// anonima", "only without my name"): read as a yes with that reservation, as "yes, but only anonymously" is.
    /// </summary>
    public LocalizedWords Only { get; init; } = new();
    /// <summary>
    /// Words that join two items of a list in contrast ("housing but mostly jobs", "Sprachkurse, aber auch Jobcoaching",
    /// "non seulement … mais aussi"): a multi-choice answer is split at them as at "and", in the answer's language only
    /// ("ma" is Italian's "but" and French's "my").
    /// </summary>
    public LocalizedWords Contrasts { get; init; } = new();
    /// <summary>
    /// Words that join two items in contrast only after a negation in the same item: sv "utan" ("inte en ideell förening utan
    /// en kommunal stiftelse"; "språkkurser utan avgift" is "without"), en "rather", fr "plutôt", it "piuttosto".
    /// </summary>
    public LocalizedWords ContrastsAfterNegation { get; init; } = new();
    /// <summary>
    /// Words that join two clauses set against each other, one party's part and another's: "the region funds while we manage",
    /// "la regione finanzia mentre noi gestiamo" ("while", "whereas", "tandis que", "während", "mientras", "ενώ", "medan"):
    /// the region's role is read clause by clause (session 57).
    /// </summary>
    public LocalizedWords Whereas { get; init; } = new();
    /// <summary>
    /// A question that agrees ("why not?", "pourquoi pas ?", "warum nicht?", "perché no?", "γιατί όχι;"): a yes when it closes
    /// its clause, though it holds a negation; not inside a longer clause ("porque no quiero" is "because I do not want to").
    /// </summary>
    public LocalizedWords WhyNot { get; init; } = new();
    /// <summary>
    /// Words of <see cref="Yes"/> that are a yes only as a whole answer or clause: a verb that also opens another request
    /// (pt "quero", "pretendo" answer "Pretende submeter?", but "quero alterar a 16" and "quero pensar" are no consent).
    /// </summary>
    public LocalizedWords YesAlone { get; init; } = new();
    /// <summary>Words that add nothing to a yes beside them ("ok super", "ja gut", "sì dai, iniziamo"): with a yes and talk, no
    /// answer to a text question.</summary>
    public LocalizedWords Assent { get; init; } = new();
    /// <summary>
    /// An organisation's own money as a funding source ("own funds", "Eigenmittel", "fondi propri", "ίδιοι πόροι"): the budget
    /// of the owner named beside it ("... der Stadt": local), else of the lead organisation (an NGO's: private).
    /// </summary>
    public LocalizedWords OwnFunds { get; init; } = new();
    /// <summary>
    /// A province's money as a funding source ("fondi provinciali"): the regional budget where the region answered is itself
    /// a province (Bolzano ITH1, Trento ITH2), else the local budget.
    /// </summary>
    public LocalizedWords ProvincialFunds { get; init; } = new();
    /// <summary>
    /// The words that may stand between a back word and a count of questions ("go back by two", "torna indietro di due"):
    /// there, and before the back word ("two questions back"), a number is how many questions to go back, not a question's number.
    /// </summary>
    public LocalizedWords BackBy { get; init; } = new();
    /// <summary>
    /// The words between a question's number and its new value after a change word ("change 5 to just Welcome Tables",
    /// "alterar a 8 para Câmara Municipal de Braga", "ändere 8 auf Landkreis Osnabrück"): that question's new answer, typed
    /// after the summary's "change 7" (each was stored as the answer to the long text on screen).
    /// </summary>
    public LocalizedWords ChangeTo { get; init; } = new();
    /// <summary>
    /// The words before a question's number that name it with no change word, a colon after ("bei 8 bitte nur: Landkreis
    /// Osnabrück", "στο 16 μόνο: …", "na 12: …", "pour la 8 : …"): that question's new answer, as after "change 8 to".
    /// </summary>
    public LocalizedWords AtQuestion { get; init; } = new();
    /// <summary>
    /// The words that say a number typed alone is a count of people ("environ 300 personnes", "300 persone", "about 300 a
    /// year"): people, participants, a year. Typed at another long text, such a count is offered at the count of people reached.
    /// </summary>
    public LocalizedWords PeopleWords { get; init; } = new();
    /// <summary>
    /// The words that say a number is money where the budget is asked without a currency: "budget", "cost", "Kosten",
    /// "presupuesto" ("the budget is 80000"). A number in a sentence with none of these, no currency and no multiplier ("we
    /// have 3 staff and 12 volunteers") is no amount.
    /// </summary>
    public LocalizedWords MoneyWords { get; init; } = new();
    /// <summary>
    /// The words of a request around a command word ("je voudrais modifier la question 7", "kan vi ta en paus?"): pronouns,
    /// modal and light verbs, articles, "question", politeness. A message of a command word and only these is that command.
    /// </summary>
    public LocalizedWords CommandFillers { get; init; } = new();
    /// <summary>
    /// The words that open a correction of an earlier answer, typed at another question ("sorry, start was 2022 not 2021",
    /// "Korrektur: Beginn 2022", "förlåt, start var 2022", "διόρθωση: έναρξη 2022"): the question named after them is answered again.
    /// </summary>
    public LocalizedWords Corrections { get; init; } = new();
    /// <summary>Answers that say "I do not know yet" ("maybe", "not sure", "forse"): never read as yes or no.</summary>
    public LocalizedWords Unsure { get; init; } = new();

    /// <summary>
    /// "let's start", "iniziamo", "on commence", "los geht's", "vamos", "ας ξεκινήσουμε", "vi börjar" typed after the welcome:
    /// where the first question is asked and nothing is answered yet, they start; they answer nothing (one was the name).
    /// </summary>
    public LocalizedWords StartWords { get; init; } = new();

    /// <summary>
    /// "idem", "same as above", "pareil", "dito", "lo stesso", "το ίδιο", "samma" alone at a text question: the same as another
    /// answer, never stored as the word; the chat asks which (the answers just before it offered).
    /// </summary>
    public LocalizedWords SameWords { get; init; } = new();
    /// <summary>
    /// "I'd like to", "we", "ich möchte", "quiero", "vorrei", "θέλω": the opening of talk about oneself or one's wish ("I'd like to
    /// add our project" typed where the name is asked), never a person's name (read after a greeting and the name's lead-in).
    /// </summary>
    public LocalizedWords SelfOpeners { get; init; } = new();
    /// <summary>Verbs naming what follows them in a first mail's prose (see the locale files' <c>naming_verbs</c>).</summary>
    public LocalizedWords NamingVerbs { get; init; } = new();
    /// <summary>The writer's organisation as a subject (<c>we_words</c>).</summary>
    public LocalizedWords WeWords { get; init; } = new();
    /// <summary>"We are" before an organisation's name (<c>we_are</c>).</summary>
    public LocalizedWords WeAre { get; init; } = new();
    /// <summary>The endings of a verb said by "we" where the subject goes unwritten (<c>we_verb_endings</c>; optional).</summary>
    public LocalizedWords WeVerbEndings { get; init; } = new();
    /// <summary>Everyday words with a "we" verb's ending that are no verb: es/pt "últimos", "mínimos", "máximos", "próximos",
    /// "préstamos", "extremos" (<c>not_we_verbs</c>; optional).</summary>
    public LocalizedWords NotWeVerbs { get; init; } = new();
    /// <summary>Per language, an organisation's words written out and the short forms typed for them (<c>organisation_abbreviations</c>).</summary>
    public Dictionary<string, string[][]> OrganisationAbbreviations { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>"I work at" before the writer's organisation in a first mail's prose (<c>works_at</c>).</summary>
    public LocalizedWords WorksAt { get; init; } = new();
    /// <summary>What a practice is called in a sentence: the subject of a naming verb, the word before where it runs (<c>project_words</c>).</summary>
    public LocalizedWords ProjectWords { get; init; } = new();
    /// <summary>Articles that may open a name read from a sentence, not part of it (<c>leading_articles</c>).</summary>
    public LocalizedWords LeadingArticles { get; init; } = new();
    /// <summary>Indefinite articles: after "I work at", a kind of body follows, not its name (<c>indefinite_articles</c>).</summary>
    public LocalizedWords IndefiniteArticles { get; init; } = new();
    /// <summary>
    /// Words that name an organisation on their own ("council", "conseil", "Stadt", "comune", "δήμος", "câmara", "kommunen"):
    /// typed alone at a question no organisation answers (target groups, areas), they are not a word of a longer synonym
    /// ("council staff", "técnicos da câmara"), which is read whole only (<c>organisation_words</c>).
    /// </summary>
    public LocalizedWords OrganisationWords { get; init; } = new();
    /// <summary>
    /// The people who work at an organisation ("staff", "agents", "Mitarbeitende", "personal", "dipendenti", "υπάλληλοι",
    /// "funcionários", "anställda"): with organisation words only ("agents du conseil départemental", "dipendenti della
    /// provincia"), the choice whose synonyms name such staff (<c>staff_words</c>).
    /// </summary>
    public LocalizedWords StaffWords { get; init; } = new();
    /// <summary>
    /// Words saying whom a practice serves, right before its target groups: "we work with", "aimed at", "nous accompagnons",
    /// "wir begleiten", "trabajamos con", "acompanhamos" (<c>serves</c>). They add nothing to a choice answer (read as fillers),
    /// and a prose reply's sentence gives its groups only after them.
    /// </summary>
    public LocalizedWords Serves { get; init; } = new();
    /// <summary>"Svar", "Antwort", "Réponse": typed with a colon before an answer under our quoted question, not part of it (<c>answer_labels</c>).</summary>
    public LocalizedWords AnswerLabels { get; init; } = new();
    /// <summary>
    /// "für", "for", "pour", "para", "per", "för", "για": prepositions and words no person's name holds (name particles such as
    /// "von", "de", "da", "af" are not among them): "Deutschkurse für Asylwerber im Bezirk Landeck" where the name is asked is a title.
    /// </summary>
    public LocalizedWords NotInNames { get; init; } = new();
    /// <summary>
    /// "is", "was", "est", "war", "era", "ήταν", "foi", "var": the verb between a question's name and its answer in a mail's
    /// sentence ("the region is Munster, the budget was about 40k"), read by the mail's prose reader.
    /// </summary>
    public LocalizedWords ProseVerbs { get; init; } = new();
    /// <summary>
    /// "to follow", "folgt", "wird nachgereicht", "à venir", "lo mandiamo dopo", "ακολουθεί": an answer in a mail that promises
    /// the answer later. The mail reader keeps no answer for it and the draft waits for it (session 46).
    /// </summary>
    public LocalizedWords Follows { get; init; } = new();
    /// <summary>
    /// How a mail opens: "hi", "hallo", "liebe", "bonjour", "hola", "καλημέρα", "olá", "hej": with the sign-off, the language
    /// of a short mail whose only words of its own are those (<see cref="Regin.Core.Localisation.TextLanguage.GuessMail"/>).
    /// </summary>
    public LocalizedWords Greetings { get; init; } = new();
    /// <summary>
    /// Word's default placeholder texts of a content control ("Click or tap here to enter text.", "Klicken oder tippen Sie
    /// hier, um Text einzugeben."): a control flagged as showing its placeholder that shows one of them is no answer.
    /// </summary>
    public LocalizedWords WordPlaceholders { get; init; } = new();
    /// <summary>
    /// Answers that give none ("no", "n/a", "I'd rather not say", "no tengo"): on an optional question the question is
    /// skipped, on a required one the contributor is told it needs an answer. Read whole, or at the start of an answer
    /// that is not valid otherwise ("je préfère ne pas le donner" for a phone number).
    /// </summary>
    public LocalizedWords Declines { get; init; } = new();
    /// <summary>A mail reply made of one of these words alone stops the draft's reminders ("STOP", "STOPP", "basta").</summary>
    public LocalizedWords Stop { get; init; } = new();
    /// <summary>Marks of an ordinal day, written after the digits or alone ("th", "er", "º", "e").</summary>
    public LocalizedWords Ordinals { get; init; } = new();
    /// <summary>Words for a quarter of a year, written alone or before its number ("quarter", "Quartal", "trimestre", "Q", "T").</summary>
    public LocalizedWords Quarters { get; init; } = new();
    /// <summary>Words for a half of a year, used like <see cref="Quarters"/>: "H2 2019", "2. Halbjahr 2019", "1er semestre 2020".</summary>
    public LocalizedWords HalfYears { get; init; } = new();
    /// <summary>
    /// Per language, the words for the first to the fourth part of a year (4 lists: "primo/prima", "secondo/seconda" …;
    /// "first", "erstes", "α"), read as that part's number only beside a word of <see cref="Quarters"/> or
    /// <see cref="HalfYears"/>: "primo trimestre 2025", "segundo semestre 2024", "andra halvåret 2024".
    /// </summary>
    public Dictionary<string, string[][]> PartOrdinals { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Words of an answer that name nothing ("mainly", "our", "the"): never kept under "other".</summary>
    public LocalizedWords Fillers { get; init; } = new();
    /// <summary>Administrative prefixes and articles of place names ("Región de", "Regione", "Land", "Περιφέρεια").</summary>
    public LocalizedWords PlacePrefixes { get; init; } = new();
    /// <summary>What people write before a phone number ("Tel.", "τηλ.", "tfn", "móvil").</summary>
    public LocalizedWords PhonePrefixes { get; init; } = new();
    /// <summary>
    /// Words that open a detail of the choice just named ("AMIF via the ministry", "education for children", "FAMI
    /// tramite la Prefettura"): the detail stays in the contributor's words, it is not another option to put under "other".
    /// </summary>
    public LocalizedWords Qualifiers { get; init; } = new();
    /// <summary>
    /// The qualifiers that name the way a choice came, never a second one ("AMIF via the Home Office", "FAMI tramite il
    /// Ministero dell'Interno", "μέσω του Υπουργείου"): a choice named after one, right after another choice, is a detail of it.
    /// </summary>
    public LocalizedWords Channels { get; init; } = new();
    /// <summary>Words for today ("today", "heute", "σήμερα"): a date given as the day it is said.</summary>
    public LocalizedWords DateToday { get; init; } = new();
    /// <summary>Words for a year in a relative date ("year", "Jahres", "έτους"; "φέτος" is also this, "Jahresende" also end).</summary>
    public LocalizedWords DateYear { get; init; } = new();
    /// <summary>Words for a month in a relative date ("month", "mois", "Monats").</summary>
    public LocalizedWords DateMonth { get; init; } = new();
    /// <summary>Words that put a relative date one year or month back ("last", "dernier", "letzten", "scorso").</summary>
    public LocalizedWords DateLast { get; init; } = new();
    /// <summary>Words for the current year or month ("this", "cette", "dieses", "quest", "i år").</summary>
    public LocalizedWords DateThis { get; init; } = new();
    /// <summary>Words that put a relative date one year or month ahead ("next", "prochaine", "nächsten", "que viene").</summary>
    public LocalizedWords DateNext { get; init; } = new();
    /// <summary>Words for the start of a year or month in a relative date ("beginning of", "début", "Anfang").</summary>
    public LocalizedWords DateStart { get; init; } = new();
    /// <summary>Words for the end of a year or month in a relative date ("end of", "fin de", "Ende", "τέλος").</summary>
    public LocalizedWords DateEnd { get; init; } = new();
    /// <summary>
    /// The seasons in a relative date ("last spring", "im letzten Herbst", "el verano pasado", "i våras"): read as the year
    /// of the season nearest today on the side said, never as a month (a season spans two or three).
    /// </summary>
    public LocalizedWords DateSpring { get; init; } = new();
    public LocalizedWords DateSummer { get; init; } = new();
    public LocalizedWords DateAutumn { get; init; } = new();
    public LocalizedWords DateWinter { get; init; } = new();
    /// <summary>Words that make a hundred or a thousand vague: "a few hundred", "ett par hundra", "einige hundert".</summary>
    public LocalizedWords Few { get; init; } = new();
    /// <summary>
    /// Words after a number that make it a duration or a share, not the amount or count asked: "€2.5M over 3 years",
    /// "1,2 M€ sur 3 ans", "300 partecipanti, 60 per cento donne" (a "%" sign does the same in every language).
    /// </summary>
    public LocalizedWords DurationsAndShares { get; init; } = new();
    /// <summary>
    /// Words that make an amount yearly ("a year", "par an", "pro Jahr", "l'anno", "τον χρόνο"): beside a number of
    /// <see cref="Years"/> ("€45,000 a year over 3 years") the budget asked for is the amount times the years, offered to
    /// confirm.
    /// </summary>
    public LocalizedWords PerYear { get; init; } = new();
    /// <summary>The words for years after their number ("3 years", "3 ans", "3 Jahre", "3 χρόνια", "3 år").</summary>
    public LocalizedWords Years { get; init; } = new();
    /// <summary>
    /// Words that count households, not persons ("families", "familles", "Familien", "οικογένειες", "familjer"): "40 familles
    /// soit 150 personnes" at the people reached is the persons' number, offered to confirm (lang48).
    /// </summary>
    public LocalizedWords Households { get; init; } = new();
    /// <summary>
    /// Words that open a part of the people counted before them ("davon", "dont", "of whom", "di cui", "de las cuales", "das
    /// quais", "varav", "εκ των οποίων"): "ca. 150 TN, davon 60 Frauen" is 150, the number after such a word a detail of it
    /// (lang51; it was asked which number).
    /// </summary>
    public LocalizedWords Subset { get; init; } = new();
    /// <summary>
    /// Words that make a count one group's ("per course", "pro Kurs", "par session", "por grupo", "per corso", "ανά τμήμα",
    /// "por turma", "per grupp"): not the number of people reached, so it is kept as typed and flagged (lang48).
    /// </summary>
    public LocalizedWords PerGroup { get; init; } = new();
    /// <summary>A count given per period other than a year (<c>count_periods</c>).</summary>
    public LocalizedWords CountPeriods { get; init; } = new();
    /// <summary>A person's name's particles kept in lower case (<c>name_particles</c>; optional).</summary>
    public LocalizedWords NameParticles { get; init; } = new();
    /// <summary>
    /// Words that mark a count as the whole ("in total", "insgesamt", "au total", "en total", "in totale", "no total",
    /// "συνολικά", "totalt"): of several counts, the one they stand beside is the people reached ("120 a year, over 300 in
    /// total since 2022"; session 55).
    /// </summary>
    public LocalizedWords Totals { get; init; } = new();
    /// <summary>
    /// The words for one, which are articles too ("un", "a", "eine", "ett", "ένα"): a number only before a hundred, a
    /// thousand or a million ("un million d'euros", "a hundred families", "eine Million Euro", "en miljon kronor").
    /// </summary>
    public LocalizedWords Ones { get; init; } = new();
    /// <summary>
    /// The words for a half: after a number ("un million et demi", "two and a half million", "zweieinhalb") half of its
    /// scale; just before a dozen, a hundred or more ("half a million", "medio millón", "eine halbe Million") half of it.
    /// </summary>
    public LocalizedWords Halves { get; init; } = new();
    /// <summary>
    /// Names of a practice's period in a mail ("Laufzeit", "Periodo", "Duration"): the start date's answer, and the end
    /// date's too when it holds two dates ("Periodo: da gennaio 2021 a dicembre 2023").
    /// </summary>
    public LocalizedWords PeriodNames { get; init; } = new();
    /// <summary>
    /// Names of a contact block in a mail ("Kontakt", "Recapiti", "Επικοινωνία"): the contact's name, with the e-mail
    /// address and the phone number written beside it answering their own questions.
    /// </summary>
    public LocalizedWords ContactNames { get; init; } = new();
    /// <summary>What people write before a phone extension ("ext.", "poste", "Durchwahl", "εσωτ.", "ankn.").</summary>
    public LocalizedWords PhoneExtensions { get; init; } = new();
    /// <summary>
    /// Numbers written as words, by value: round cardinals and the approximate collectives officials write for a count
    /// ("une centaine", "un centinaio", "ett hundratal", "a dozen"). Read when an answer has no digits.
    /// </summary>
    public Dictionary<string, LocalizedWords> NumberWords { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Per language, pairs [letters, other spelling, ...] for letters a keyboard may lack (ä → ae, χ → ch, x).</summary>
    public Dictionary<string, string[][]> Spellings { get; init; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>The questionnaire as read: the structure file joined with every locale file.</summary>
public sealed class QuestionnaireDefinition
{
    public required string Version { get; init; }
    public string DefaultLanguage { get; init; } = Regin.Core.Languages.Default;
    public required IReadOnlyList<LanguageInfo> Languages { get; init; }
    public required IReadOnlyList<Section> Sections { get; init; }
    public required IReadOnlyList<Question> Questions { get; init; }
    /// <summary>Template keys of removed questions, never reused.</summary>
    public IReadOnlyList<int> RetiredKeys { get; init; } = [];
    public required Dictionary<string, LocalizedText> Messages { get; init; }
    public required Dictionary<string, LocalizedWords> Commands { get; init; }
    public required IReadOnlyList<GlossaryEntry> Glossary { get; init; }
    public required IReadOnlyList<Guideline> Guidelines { get; init; }
    public required IReadOnlyList<Labelled> AssessmentAspects { get; init; }
    public required IReadOnlyList<Labelled> Statuses { get; init; }
    public required Vocabulary Vocabulary { get; init; }
}
