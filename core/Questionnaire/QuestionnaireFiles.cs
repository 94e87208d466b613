using System.Text.Json.Serialization;

namespace Regin.Core.Questionnaire;

// The two shapes on disk: questionnaire.json holds the structure (ids, sections, types, required flags, choice codes),
// locales/{lang}.json holds every word of one language. QuestionnaireLoader joins them into QuestionnaireDefinition.

internal sealed class StructureFile
{
    public required string Version { get; init; }
    public string DefaultLanguage { get; init; } = Languages.Default;
    /// <summary>Display order of the languages; a locale file not listed here comes after them, by code.</summary>
    public IReadOnlyList<string> LanguageOrder { get; init; } = [];
    public required IReadOnlyList<string> Sections { get; init; }
    /// <summary>Template keys of questions that were removed: never given to a new question, so an old template cannot misfile.</summary>
    public IReadOnlyList<int> RetiredKeys { get; init; } = [];
    public required IReadOnlyList<StructureQuestion> Questions { get; init; }
    public required IReadOnlyList<string> Commands { get; init; }
    public required IReadOnlyList<string> Glossary { get; init; }
    public required IReadOnlyList<string> Guidelines { get; init; }
    public required IReadOnlyList<string> AssessmentAspects { get; init; }
    public required IReadOnlyList<string> Statuses { get; init; }
}

internal sealed class StructureQuestion
{
    public required string Id { get; init; }
    /// <summary>The question's fixed template key ([Q07] is key 7): it never changes when questions are added, moved or removed.</summary>
    public required int Key { get; init; }
    public required string Section { get; init; }
    public required QuestionType Type { get; init; }
    public bool Required { get; init; }
    public IReadOnlyList<string>? Choices { get; init; }
    /// <summary>Names that stand for several choices without saying which: an id ("structural_funds"), then the codes it
    /// may mean (esf_plus, erdf); each locale gives the names under the same id.</summary>
    public Dictionary<string, string[]>? SharedNames { get; init; }
    /// <summary>Choices whose names are verbs that take an object ("we pay the staff", "vi betalar lokalerna"): a choice
    /// named right after one of them is what it acts on, not a choice of its own.</summary>
    public IReadOnlyList<string>? TakesObject { get; init; }
    /// <summary>An open question a bare "no" answers ("How does it continue after its funding?" "No."): kept, not a skip.</summary>
    public bool NoIsAnAnswer { get; init; }
    /// <summary>Long-text questions whose sentences may hold this question's value ("the results" for the count reached).</summary>
    public IReadOnlyList<string>? ReadFrom { get; init; }
    /// <summary>The answer is a person's name: a remark in brackets after it (a role) is kept beside the name, not in it.</summary>
    public bool PersonName { get; init; }
    /// <summary>Another question whose everyday names call this one too where that one is not answered yet.</summary>
    public string? NamedLike { get; init; }
    /// <summary>An earlier choice question whose answer, when it holds only these codes, makes this one senseless: not asked.</summary>
    public SkipWhen? SkipWhen { get; init; }
}

internal sealed class LocaleFile
{
    public required LocaleLanguage Language { get; init; }
    public Dictionary<string, string> Sections { get; init; } = [];
    public Dictionary<string, LocaleQuestion> Questions { get; init; } = [];
    public Dictionary<string, string> Messages { get; init; } = [];
    public Dictionary<string, string[]> Commands { get; init; } = [];
    public Dictionary<string, LocaleGlossaryEntry> Glossary { get; init; } = [];
    public Dictionary<string, LocaleGuideline> Guidelines { get; init; } = [];
    public Dictionary<string, string> AssessmentAspects { get; init; } = [];
    public Dictionary<string, string> Statuses { get; init; } = [];
    public LocaleVocabulary Vocabulary { get; init; } = new();
}

internal sealed class LocaleLanguage
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    /// <summary>The culture whose conventions show values in this language ("pt-PT": "240 000,00 €", "março de 2019").</summary>
    public required string Culture { get; init; }
}

internal sealed class LocaleQuestion
{
    public string? Label { get; init; }
    /// <summary>The everyday names people write before a colon instead of the label ("Sitio web", "Consentimiento").</summary>
    public string[]? Aliases { get; init; }
    /// <summary>Everyday names a chat message calls the question by ("sorry the org is …"), never read as a label in a
    /// mail: "Organisation:" in a mail is the contact's or the leader's by its place, "the org" in a correction the leader's.</summary>
    public string[]? SpokenNames { get; init; }
    public string? Hint { get; init; }
    /// <summary>The hint's earlier wordings, as sent in templates before a locale file reworded it: a template quoted from
    /// an older mail still shows them (as <c>retired_keys</c> keeps an old template's numbers meaning what they meant).</summary>
    public string[]? RetiredHints { get; init; }
    public string? Help { get; init; }
    public Dictionary<string, LocaleChoice>? Choices { get; init; }
    /// <summary>Words a contributor repeats from the question itself around a choice ("the Region funds the project"):
    /// they name the question's subject, not another choice.</summary>
    public string[]? Restated { get; init; }
    /// <summary>Words naming the others a choice is done for or with ("la Région conseille les porteurs de projet"):
    /// matched as written (a plural stays a plural), never read as a choice.</summary>
    public string[]? Others { get; init; }
    /// <summary>Words for an organisation that its own name goes with ("Stiftung", "foundation", "ministero"): "Stiftung
    /// Mercator" is a foundation, not a foundation and an unknown "Mercator".</summary>
    public string[]? NameWords { get; init; }
    /// <summary>Names of a national option that a region named beside them makes the region's own ("ministry" in
    /// "Ministry of Social Affairs of Baden-Württemberg"): the national option then reads as its regional twin.</summary>
    public string[]? RegionalWhenNamed { get; init; }
    /// <summary>Words of this language that name none of the question's choices written alone though a choice's name reads
    /// the same once accents are dropped ("collège", a secondary school, is not the English "college") or holds them
    /// ("acogida", the reception of newcomers, is neither "centro de acogida" nor "sociedad de acogida").</summary>
    public string[]? FalseFriends { get; init; }
    /// <summary>Words naming where people come from ("Ukrainians", "afghani", "Syria"): details of the group named beside
    /// them, as <see cref="Restated"/> words are ("rifugiati ucraini e afghani"), yet a group of their own when no group
    /// beside them names an origin ("IPAs and Ukrainians").</summary>
    public string[]? Origins { get; init; }
    /// <summary>Words that introduce the answer to a text question ("my name is", "ich arbeite bei", "το έργο λέγεται"):
    /// not part of it.</summary>
    public string[]? LeadIns { get; init; }
    /// <summary>Words that close an answer to a text question and are no part of it: "Karin Lindqvist här", "Siobhan O'Brien here".</summary>
    public string[]? LeadOuts { get; init; }
    /// <summary>Words that open a description of the organisation after its name and a comma: "Integrationshaus, wir sind eine
    /// NGO in Wien" ("wir sind"), "Cork Migrant Centre - we are a small charity".</summary>
    public string[]? SelfDescriptions { get; init; }
    /// <summary>Words after a name that join it to the organisation named next, no part of it: "from", "vom", "från".</summary>
    public string[]? OrgLinks { get; init; }
    /// <summary>Words after a name that join it to an organisation only when what follows opens with an organisation's kind or
    /// name word: "da" in "marta ribeiro da câmara municipal de braga", not in "Maria da Silva".</summary>
    public string[]? KindLinks { get; init; }
    /// <summary>Words after a name that join it to the place its bearer is from: "de" in "je suis Marie Dubois de Lyon", "aus" in
    /// "ich bin Anna Keller aus Graz"; the place is left out of the name only when all that follows is a place's name.</summary>
    public string[]? PlaceLinks { get; init; }
    /// <summary>Words joining the contributor's own organisation to partners named after it: "nous (CPAS) avec le CRIPEL" ("avec"),
    /// "wir mit der Caritas" ("mit").</summary>
    public string[]? OursWith { get; init; }
    /// <summary>Words naming the contributor's own organisation as the answer ("we", "wir selbst", "same as above").</summary>
    public string[]? Ours { get; init; }
    /// <summary>Words naming the region itself as the answer ("the region itself", "la regione stessa"): the contributor's
    /// own organisation where that is a regional authority, else kept as written.</summary>
    public string[]? RegionItself { get; init; }
    /// <summary>Words naming the municipality itself as the answer ("a câmara", "la mairie", "die Stadt"): the contributor's
    /// own organisation where that is a local authority, else kept as written.</summary>
    public string[]? MunicipalityItself { get; init; }
    /// <summary>Names that stand for several choices without saying which ("ΕΣΠΑ", "structural funds"), under the id of
    /// the questionnaire's shared name that gives their codes. The contributor is asked which.</summary>
    public Dictionary<string, string[]>? SharedNames { get; init; }
}

internal sealed class LocaleChoice
{
    public string? Label { get; init; }
    /// <summary>The everyday words, abbreviations and national names people use for this choice.</summary>
    public string[] Synonyms { get; init; } = [];
}

internal sealed class LocaleGlossaryEntry
{
    public string? Term { get; init; }
    public string? Definition { get; init; }
}

internal sealed class LocaleGuideline
{
    public string? Title { get; init; }
    public string? Text { get; init; }
}

internal sealed class LocaleVocabulary
{
    [JsonPropertyName("months")]
    public string[][]? Months { get; init; }
    public string[]? Ongoing { get; init; }
    public string[]? Yes { get; init; }
    public string[]? No { get; init; }
    public string[]? And { get; init; }
    /// <summary>"And" words read in this language's answers only: sv "o" (short for "och") is the Portuguese article and
    /// Italian "or".</summary>
    public string[]? AndLocal { get; init; }
    /// <summary>"or", "ou", "oder", "o": two dates joined by it are two answers to choose from ("2021 o 2022").</summary>
    public string[]? Or { get; init; }
    /// <summary>
    /// Words that say there is none: "none", "aucun", "néant", "keine", "nessuno", "we don't have any", "no funding" (an answer
    /// where the question takes it). A refusal or "not applicable" is a decline, not a none.
    /// </summary>
    public string[]? None { get; init; }
    /// <summary>Words that say "for now" beside a none word: "yet", "pour l'instant", "bisher", "per ora", "ännu".</summary>
    public string[]? ForNow { get; init; }
    /// <summary>"at least", "mindestens", "au moins", "minst": before an end date, an end not known yet.</summary>
    public string[]? AtLeast { get; init; }
    /// <summary>"about", "environ", "ca.", "περίπου": a number said as an approximation; the first is how the language shows it.</summary>
    public string[]? Approximately { get; init; }
    /// <summary>Titles and forms of address written before a person's name: "Dr.", "Prof.ssa", "Dña.", "Mme".</summary>
    public string[]? PersonTitles { get; init; }
    /// <summary>Words that name a post, alone or as the last part of a compound: "Officer", "Leiter", "chef", "responsabile".</summary>
    public string[]? PersonRoles { get; init; }
    /// <summary>The languages' names as this language writes them, by code: "en": ["Englisch"], "de": ["Deutsch"].</summary>
    public Dictionary<string, string[]>? LanguageNames { get; init; }
    /// <summary>Words around a language named in a request to switch ("auf Englisch bitte", "can we switch to German?", "en français svp").</summary>
    public string[]? LanguageRequests { get; init; }
    /// <summary>Words between or after a date's parts: "15 de marzo", "the 15th of", "since", "από", "15:e".</summary>
    public string[]? DateFillers { get; init; }
    /// <summary>Words saying a period began at the date after them and runs on: "since", "seit", "depuis", "από".</summary>
    public string[]? DateSince { get; init; }
    /// <summary>"{n} years ago", "vor {n} Jahren", "desde hace {n} años": a start given as a number of years before today.</summary>
    public string[]? DateYearsAgo { get; init; }
    /// <summary>Words for the funding whose end or start a date answer names: "funding", "Förderung", "χρηματοδότηση".</summary>
    public string[]? DateFunding { get; init; }
    /// <summary>Words saying a period was extended to the date after them: "extended to", "verlängert bis", "παρατάθηκε".</summary>
    public string[]? DateExtended { get; init; }
    /// <summary>Words saying the date after them is the end planned so far: "for now", "vorerst", "por ahora", "προς το παρόν".</summary>
    public string[]? DateForNow { get; init; }
    /// <summary>Words saying where, before a country's name: "in", "en", "em", "στην" ("lavoro in Italia").</summary>
    public string[]? PlaceIn { get; init; }
    /// <summary>Answers naming every option at once: "all of the above", "alle Bereiche", "όλα".</summary>
    public string[]? AllOptions { get; init; }
    /// <summary>Words after "all" that leave options out: "except", "außer", "εκτός από".</summary>
    public string[]? AllExcept { get; init; }
    /// <summary>Words opening a description of the choice before them: "who", "qui", "que", "die", "som", "που".</summary>
    public string[]? Relatives { get; init; }
    /// <summary>Terms of a school or academic year written before their year, also glued to two digits: "HT21", "WS 19/20".</summary>
    public string[]? DateTerms { get; init; }
    /// <summary>The months a term of <see cref="DateTerms"/> runs, first and last ("vt": [1, 6], "WS": [10, 3]): "vt 2021" is
    /// January 2021 as a start, June 2021 as an end; "WS 2021/22" October 2021 and March 2022. A term without months ("FY")
    /// gives its years only.</summary>
    public DateTermMonths[]? DateTermMonths { get; init; }
    public string[]? Thousands { get; init; }
    public string[]? Millions { get; init; }
    public string[]? Billions { get; init; }
    /// <summary>Words that make a number negative ("minus").</summary>
    public string[]? Negative { get; init; }
    /// <summary>Names of currencies by ISO code ("USD": ["dollar", "dollars"]); symbols and ISO codes are not words and stay in code.</summary>
    public Dictionary<string, string[]>? Currencies { get; init; }
    /// <summary>The first word of a mail program's quote header: "On" (… wrote:), "Le" (… a écrit :).</summary>
    public string[]? ReplyIntro { get; init; }
    /// <summary>The verb of a quote header: "wrote", "a écrit", "ha scritto".</summary>
    public string[]? ReplyWrote { get; init; }
    /// <summary>"----- Original Message -----" in the mail programs of this language.</summary>
    public string[]? OriginalMessage { get; init; }
    /// <summary>The line above a forwarded mail: "Forwarded message", "Message transféré".</summary>
    public string[]? ForwardMarkers { get; init; }
    /// <summary>Header names of a quoted or forwarded mail (Outlook's block): sender, date, and the others.</summary>
    public string[]? MailHeaderFrom { get; init; }
    public string[]? MailHeaderSent { get; init; }
    public string[]? MailHeaderOther { get; init; }
    /// <summary>The line a phone or a mail app puts under the text ("Sent from my iPhone"); "*" stands for its name.</summary>
    public string[]? MailSignatures { get; init; }
    /// <summary>Phrases of a gateway's legal disclaimer ("intended solely for", "irrtümlich erhalten"): no part of an answer.</summary>
    public string[]? MailDisclaimers { get; init; }
    /// <summary>Phrases of an out-of-office reply ("out of the office", "nicht im Büro"), told by them when its headers say nothing.</summary>
    public string[]? OutOfOffice { get; init; }
    /// <summary>A correction typed in prose: words naming a question before its number ("question", "Frage", "Ερ.", "la").</summary>
    public string[]? QuestionRefs { get; init; }
    /// <summary>Words between a question's number and its new value ("should be", "c'est", "bitte", "ska vara"), or after it ("sein").</summary>
    public string[]? CorrectionVerbs { get; init; }
    /// <summary>Words before the value a correction replaces ("not", "statt", "au lieu de", "όχι").</summary>
    public string[]? InsteadOf { get; init; }
    /// <summary>Words after a question's name that say its answer is wrong ("is wrong", "ist falsch", "está errado").</summary>
    public string[]? WrongAnswer { get; init; }
    /// <summary>Words between those and the right value ("it's just", "nur", "c'est juste", "é só").</summary>
    public string[]? WrongAnswerThen { get; init; }
    /// <summary>Optional: common words of a neighbouring language this one never writes (Danish, Norwegian "ikke", "og" for Swedish).</summary>
    public string[]? NeighbourWords { get; init; }
    /// <summary>Closing lines after the answers ("Kind regards", "Cordiali saluti"): the signature starts there.</summary>
    public string[]? SignOffs { get; init; }
    // Matching: the words that turn a yes into a no, the answers that say "not sure", the words around a date,
    // the marks of an ordinal day, the words of an answer that name nothing, the administrative prefixes of place
    // names, and how people spell a letter their keyboard lacks (ä as ae, Greek in Latin letters).
    public string[]? Negations { get; init; }
    /// <summary>
    /// A negation that is no denial with a later word of its clause: "ne … que" says "only" ("la région n'a qu'un rôle de
    /// conseil"): each entry the negation, "…", then that word (session 58). Optional per language.
    /// </summary>
    public string[]? NegationFrames { get; init; }
    /// <summary>Words that open a condition or a reservation: "yes, but not my phone number" ("but", "aber", "purché").</summary>
    public string[]? But { get; init; }
    /// <summary>Words that give a consent only in part, with no yes before them: "only anonymously" ("only", "nur", "solo").</summary>
    public string[]? Only { get; init; }
    /// <summary>Words that join two items of a list in contrast: "housing but mostly jobs" ("but", "aber", "mais", "αλλά").</summary>
    public string[]? Contrasts { get; init; }
    /// <summary>Words that join in contrast only after a negation: sv "utan" ("inte … utan …"; "without" otherwise).</summary>
    public string[]? ContrastsAfterNegation { get; init; }
    /// <summary>Words that join two clauses set against each other: "while", "whereas", "während", "mentre", "ενώ" (session 57).</summary>
    public string[]? Whereas { get; init; }
    /// <summary>A question that agrees when it closes its clause: "why not", "pourquoi pas", "warum nicht", "γιατί όχι".</summary>
    public string[]? WhyNot { get; init; }
    /// <summary>Yes words that are a yes only as the whole answer or clause (pt "quero", "pretendo": "quero alterar a 16" is no yes).</summary>
    public string[]? YesAlone { get; init; }
    /// <summary>Words that add nothing to a yes beside it: "super", "gut", "let's start", "venga" ("ok super", "ja gut").</summary>
    public string[]? Assent { get; init; }
    /// <summary>Words for an organisation's own money: "own funds", "Eigenmittel", "fonds propres", "egna medel".</summary>
    public string[]? OwnFunds { get; init; }
    /// <summary>Words for a province's money: "fondi provinciali", "bilancio provinciale".</summary>
    public string[]? ProvincialFunds { get; init; }
    /// <summary>Words between a back word and a count of questions: "by" ("go back by two"), "di" ("torna indietro di due").</summary>
    public string[]? BackBy { get; init; }
    /// <summary>Words between a question's number and its new value after a change word: "to" ("change 5 to Welcome Tables"), "para", "auf".</summary>
    public string[]? ChangeTo { get; init; }
    /// <summary>Words before a question's number naming it, a colon after: "bei" ("bei 8 bitte nur: …"), "na", "στο", "pour (la)".</summary>
    public string[]? AtQuestion { get; init; }
    /// <summary>Words that make a number alone a count of people: "people", "personnes", "a year" ("about 300 a year").</summary>
    public string[]? PeopleWords { get; init; }
    /// <summary>Words that make a number without a currency money: "budget", "cost", "Kosten", "presupuesto".</summary>
    public string[]? MoneyWords { get; init; }
    /// <summary>Words around a command asked for in a sentence: "I", "can", "please", "the", "question" ("can I skip this one?").</summary>
    public string[]? CommandFillers { get; init; }
    /// <summary>Words that open a correction of an earlier answer: "sorry", "Korrektur", "förlåt", "διόρθωση".</summary>
    public string[]? Corrections { get; init; }
    /// <summary>Words that say "let's start" after the welcome: "let's start", "iniziamo", "los geht's", "ας ξεκινήσουμε".</summary>
    public string[]? StartWords { get; init; }
    /// <summary>Words joining a question's name and its answer in a sentence: "is", "was", "ist", "était", "ήταν" ("the region is Munster").</summary>
    public string[]? ProseVerbs { get; init; }
    /// <summary>An answer that promises the answer later: "to follow", "folgt", "à venir", "lo mandiamo dopo", "ακολουθεί".</summary>
    public string[]? Follows { get; init; }
    /// <summary>How a mail opens in the language: "hi", "dear", "hallo", "liebe", "bonjour".</summary>
    public string[]? Greetings { get; init; }
    /// <summary>Word's default placeholder texts of a content control in the language: "Click or tap here to enter text.".</summary>
    public string[]? WordPlaceholders { get; init; }
    /// <summary>"idem", "same as above", "pareil", "dito", "lo stesso": an answer that points at another one.</summary>
    public string[]? SameWords { get; init; }
    /// <summary>"I'd like to", "wir möchten", "quiero", "vorrei": words that open talk about oneself, never a person's name.</summary>
    public string[]? SelfOpeners { get; init; }
    /// <summary>"heter", "se llama", "ονομάζεται": a verb naming what comes after it (a first mail's "projektet heter Språkvän").</summary>
    public string[]? NamingVerbs { get; init; }
    /// <summary>"vi", "nous", "ο φορέας μας": the writer's own organisation as a sentence's subject ("vi heter Umeå kommun").</summary>
    public string[]? WeWords { get; init; }
    /// <summary>"vi är", "somos", "είμαστε": "we are" before the organisation's name ("somos a Câmara Municipal de Braga").</summary>
    public string[]? WeAre { get; init; }
    /// <summary>"amos", "iamo", "ουμε": the endings of a verb said by "we" in a language that leaves its subject unwritten
    /// ("lideramos", "coordiniamo", "συντονίζουμε"); none where the subject is always written (en, fr, de, sv: <c>we_words</c>).</summary>
    public string[]? WeVerbEndings { get; init; }
    /// <summary>"últimos", "mínimos", "próximos", "préstamos": words with a "we" verb's ending that are no verb (<c>not_we_verbs</c>).</summary>
    public string[]? NotWeVerbs { get; init; }
    /// <summary>An organisation's words written out, then the short forms people type for them: ["Ayuntamiento de", "ayto",
    /// "aymto"], ["Câmara Municipal do", "cm do", "c.m. do"], ["Landkreis", "lk", "lkr"] (an offer shows the words written out).</summary>
    public string[][]? OrganisationAbbreviations { get; init; }
    /// <summary>"ich arbeite bei", "je travaille à la", "δουλεύω στον": "I work at" before the writer's organisation ("ich arbeite bei der Stadt Graz").</summary>
    public string[]? WorksAt { get; init; }
    /// <summary>"projet", "Projekt", "πρόγραμμα": what a practice is called in a sentence ("ett projekt i Malmö", "projektet heter Språkvän").</summary>
    public string[]? ProjectWords { get; init; }
    /// <summary>"der", "la", "ο": articles that may open a name after "we are" ("somos a Câmara …"), not part of it.</summary>
    public string[]? LeadingArticles { get; init; }
    /// <summary>"einem", "une", "una", "a": an indefinite article, after "I work at" a kind of body, not its name ("ich arbeite bei einem Verein").</summary>
    public string[]? IndefiniteArticles { get; init; }
    /// <summary>"council", "Stadt", "comune", "δήμος", "kommunen": a word that names an organisation on its own, no people (<c>organisation_words</c>).</summary>
    public string[]? OrganisationWords { get; init; }
    /// <summary>"staff", "agents", "Mitarbeitende", "dipendenti", "υπάλληλοι": the people who work at an organisation (<c>staff_words</c>).</summary>
    public string[]? StaffWords { get; init; }
    /// <summary>"we work with", "nous accompagnons", "wir begleiten", "acompanhamos": words saying whom a practice serves, before its groups.</summary>
    public string[]? Serves { get; init; }
    /// <summary>"Svar:", "Antwort:", "Réponse :": a word a contributor types before her answer under our quoted question.</summary>
    public string[]? AnswerLabels { get; init; }
    /// <summary>"für", "for", "pour", "για": words no person's name holds (a title or a sentence typed where the name is asked).</summary>
    public string[]? NotInNames { get; init; }
    public string[]? Unsure { get; init; }
    public string[]? Declines { get; init; }
    public string[]? Stop { get; init; }
    public string[]? Ordinals { get; init; }
    public string[]? Quarters { get; init; }
    public string[]? HalfYears { get; init; }
    /// <summary>The words for first, second, third and fourth before a quarter or a half ("primo trimestre", "andra halvåret").</summary>
    public string[][]? PartOrdinals { get; init; }
    public string[]? Fillers { get; init; }
    public string[]? PlacePrefixes { get; init; }
    public string[]? PhonePrefixes { get; init; }
    public string[]? PhoneExtensions { get; init; }
    public string[]? Qualifiers { get; init; }
    public string[]? Channels { get; init; }
    public string[]? DateToday { get; init; }
    public string[]? DateYear { get; init; }
    public string[]? DateMonth { get; init; }
    public string[]? DateLast { get; init; }
    public string[]? DateThis { get; init; }
    public string[]? DateNext { get; init; }
    public string[]? DateStart { get; init; }
    public string[]? DateEnd { get; init; }
    public string[]? DateSpring { get; init; }
    public string[]? DateSummer { get; init; }
    public string[]? DateAutumn { get; init; }
    public string[]? DateWinter { get; init; }
    public string[]? Few { get; init; }
    public string[]? DurationsAndShares { get; init; }
    public string[]? PerYear { get; init; }
    public string[]? Years { get; init; }
    public string[]? Households { get; init; }
    public string[]? PerGroup { get; init; }
    public string[]? Totals { get; init; }
    /// <summary>"per termin", "a month", "pro Semester", "al mes": a count given per period shorter or other than the practice's
    /// whole run, kept beside the number at the people reached (a year's is <c>per_year</c>).</summary>
    public string[]? CountPeriods { get; init; }
    /// <summary>"dos", "de", "van", "von": a person's name's particles, kept in lower case where a name typed all in lower case is
    /// given its capitals ("maria dos santos" is "Maria dos Santos"); optional, none in el.</summary>
    public string[]? NameParticles { get; init; }
    public string[]? Subset { get; init; }
    public string[]? Ones { get; init; }
    public string[]? Halves { get; init; }
    public string[]? PeriodNames { get; init; }
    public string[]? ContactNames { get; init; }
    public Dictionary<string, string[]>? NumberWords { get; init; }
    public string[][]? Spellings { get; init; }
}

/// <summary>A term of a school or academic year, or a season, and the months it runs, first and last ("WS": October to March,
/// "autumn": September to November).</summary>
public sealed class DateTermMonths
{
    public string Term { get; init; } = "";
    public int First { get; init; }
    public int Last { get; init; }
    /// <summary>A year alone is the one the term begins in, and one running over the new year ends in the next ("winter 2019":
    /// December 2019 to February 2020); otherwise both months fall in that year ("fin de l'année scolaire 2025": July 2025).</summary>
    public bool StartsInYear { get; init; }
}
