using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Regin.Core.Questionnaire;

/// <summary>One file of a questionnaire as read: its name for messages ("locales/fr.json") and its bytes.</summary>
public sealed record QuestionnaireFile(string Name, byte[] Content);

/// <summary>
/// Reads a questionnaire: the structure file (questionnaire.json) and one locale file per language
/// (locales/{lang}.json), from the copies embedded in Regin.Core or from a folder, joins and validates them.
/// A language is a locale file: adding one is adding a file, nothing else.
/// </summary>
public static class QuestionnaireLoader
{
    public const string StructureFileName = "questionnaire.json";
    public const string LocalesFolder = "locales";
    internal const string EmbeddedStructure = "Regin.Core.questionnaire.json";
    internal const string EmbeddedLocalePrefix = "Regin.Core.locales.";

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter<QuestionType>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The questionnaire shipped with the application.</summary>
    public static QuestionnaireDefinition LoadEmbedded()
    {
        var (structure, locales) = EmbeddedFiles();
        return Load(structure, locales, "(embedded questionnaire)");
    }

    /// <summary>The structure file at <paramref name="path"/> and the locale files in the "locales" folder beside it.</summary>
    public static QuestionnaireDefinition LoadFile(string path)
    {
        var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, LocalesFolder);
        if (!Directory.Exists(folder))
        {
            throw new QuestionnaireException(path, [$"{LocalesFolder}/: the folder of locale files is missing beside {Path.GetFileName(path)}."]);
        }
        var locales = Directory.EnumerateFiles(folder, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(file => new QuestionnaireFile($"{LocalesFolder}/{Path.GetFileName(file)}", File.ReadAllBytes(file)))
            .ToList();
        return Load(new QuestionnaireFile(StructureFileName, File.ReadAllBytes(path)), locales, path);
    }

    /// <summary>The structure file and the locale files the application ships, as bytes (tests change them to try the validator).</summary>
    public static (QuestionnaireFile Structure, IReadOnlyList<QuestionnaireFile> Locales) EmbeddedFiles()
    {
        var assembly = typeof(QuestionnaireLoader).Assembly;
        var structure = new QuestionnaireFile(StructureFileName, ReadResource(EmbeddedStructure));
        var locales = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(EmbeddedLocalePrefix, StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => new QuestionnaireFile($"{LocalesFolder}/{name[EmbeddedLocalePrefix.Length..]}", ReadResource(name)))
            .ToList();
        return (structure, locales);
    }

    public static QuestionnaireDefinition Load(QuestionnaireFile structureFile, IReadOnlyList<QuestionnaireFile> localeFiles, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(structureFile);
        ArgumentNullException.ThrowIfNull(localeFiles);
        var problems = new List<string>();
        var structure = Deserialize<StructureFile>(structureFile, problems);
        var locales = new List<(QuestionnaireFile File, JsonNode Node, LocaleFile Locale)>();
        foreach (var file in localeFiles)
        {
            var locale = Deserialize<LocaleFile>(file, problems);
            if (locale is null)
            {
                continue;
            }
            var expected = Path.GetFileNameWithoutExtension(file.Name);
            if (!string.Equals(locale.Language.Code, expected, StringComparison.Ordinal))
            {
                problems.Add($"{file.Name}: $.language.code: \"{locale.Language.Code}\" does not match the file name (\"{expected}\").");
                continue;
            }
            locales.Add((file, JsonNode.Parse(file.Content, documentOptions: DocumentOptions)!, locale));
        }
        if (structure is null)
        {
            throw new QuestionnaireException(sourceName, problems);
        }
        var reference = locales.FirstOrDefault(l => l.Locale.Language.Code == structure.DefaultLanguage);
        if (reference.File is null)
        {
            problems.Add($"{LocalesFolder}/{structure.DefaultLanguage}.json: the locale file of the default language is missing.");
        }
        else
        {
            CheckIdsAgainstStructure(problems, reference.File.Name, reference.Locale, structure);
            foreach (var (file, node, _) in locales.Where(l => l.File != reference.File))
            {
                // Every locale has the keys of the default language's file, no fewer and no more.
                CompareKeys(problems, file.Name, reference.File.Name, reference.Node, node, "$");
            }
        }
        // The joined questionnaire is checked too, so one run names every problem of every file.
        var definition = Join(structure, OrderLanguages(structure, locales.Select(l => l.Locale)));
        problems.AddRange(QuestionnaireValidator.Validate(definition));
        if (problems.Count > 0)
        {
            throw new QuestionnaireException(sourceName, problems.Distinct().ToList());
        }
        return definition;
    }

    private static T? Deserialize<T>(QuestionnaireFile file, List<string> problems) where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(file.Content, JsonOptions);
            if (value is null)
            {
                problems.Add($"{file.Name}: $: the file is empty.");
            }
            return value;
        }
        catch (JsonException e)
        {
            var path = e.Path ?? "$";
            var reason = path.EndsWith(".type", StringComparison.Ordinal)
                ? "unknown question type; the types are " + string.Join(", ", Enum.GetNames<QuestionType>().Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)) + "."
                : FirstLine(e.Message);
            problems.Add($"{file.Name}: {path}: {reason}");
            return null;
        }
    }

    private static void CompareKeys(List<string> problems, string file, string referenceFile, JsonNode reference, JsonNode node, string path)
    {
        if (reference is not JsonObject expected)
        {
            return; // values and word lists may differ in length from language to language
        }
        if (node is not JsonObject actual)
        {
            problems.Add($"{file}: {path}: should be an object, as in {referenceFile}.");
            return;
        }
        foreach (var (key, value) in expected)
        {
            if (!actual.TryGetPropertyValue(key, out var other) || other is null)
            {
                problems.Add($"{file}: {path}.{key}: missing (it is in {referenceFile}).");
            }
            else if (value is not null)
            {
                CompareKeys(problems, file, referenceFile, value, other, $"{path}.{key}");
            }
        }
        foreach (var (key, _) in actual)
        {
            if (!expected.ContainsKey(key))
            {
                problems.Add($"{file}: {path}.{key}: not a key of {referenceFile}.");
            }
        }
    }

    private static void CheckIdsAgainstStructure(List<string> problems, string file, LocaleFile locale, StructureFile structure)
    {
        void Check(string at, IEnumerable<string> keys, IEnumerable<string> ids)
        {
            var known = ids.ToHashSet(StringComparer.Ordinal);
            var present = keys.ToHashSet(StringComparer.Ordinal);
            problems.AddRange(present.Where(k => !known.Contains(k)).Select(k => $"{file}: $.{at}.{k}: not in {StructureFileName}."));
            problems.AddRange(known.Where(k => !present.Contains(k)).Select(k => $"{file}: $.{at}.{k}: missing."));
        }
        Check("sections", locale.Sections.Keys, structure.Sections);
        Check("questions", locale.Questions.Keys, structure.Questions.Select(q => q.Id));
        foreach (var question in structure.Questions)
        {
            if (locale.Questions.TryGetValue(question.Id, out var text) && (question.Choices is not null || text.Choices is not null))
            {
                Check($"questions.{question.Id}.choices", text.Choices?.Keys ?? Enumerable.Empty<string>(), question.Choices ?? []);
            }
        }
        Check("commands", locale.Commands.Keys, structure.Commands);
        Check("glossary", locale.Glossary.Keys, structure.Glossary);
        Check("guidelines", locale.Guidelines.Keys, structure.Guidelines);
        Check("assessment_aspects", locale.AssessmentAspects.Keys, structure.AssessmentAspects);
        Check("statuses", locale.Statuses.Keys, structure.Statuses);
    }

    private static List<LocaleFile> OrderLanguages(StructureFile structure, IEnumerable<LocaleFile> locales)
    {
        int Rank(string code)
        {
            if (code == structure.DefaultLanguage)
            {
                return -1;
            }
            var index = structure.LanguageOrder.ToList().IndexOf(code);
            return index < 0 ? int.MaxValue : index;
        }
        return locales.OrderBy(l => Rank(l.Language.Code)).ThenBy(l => l.Language.Code, StringComparer.Ordinal).ToList();
    }

    private static QuestionnaireDefinition Join(StructureFile structure, List<LocaleFile> locales)
    {
        LocalizedText Text(Func<LocaleFile, string?> pick)
        {
            var text = new LocalizedText();
            foreach (var locale in locales)
            {
                if (pick(locale) is { } value)
                {
                    text[locale.Language.Code] = value;
                }
            }
            return text;
        }
        LocalizedWords Words(Func<LocaleFile, string[]?> pick)
        {
            var words = new LocalizedWords();
            foreach (var locale in locales)
            {
                if (pick(locale) is { } value)
                {
                    words[locale.Language.Code] = value;
                }
            }
            return words;
        }
        static bool IsAsTyped(string synonym) => synonym.Length > 1 && synonym[0] == Choice.AsTypedMarker;
        LocaleQuestion? Q(LocaleFile locale, string id) => locale.Questions.GetValueOrDefault(id);
        LocaleChoice? C(LocaleFile locale, string id, string code) => Q(locale, id)?.Choices?.GetValueOrDefault(code);

        var messageKeys = locales.SelectMany(l => l.Messages.Keys).Distinct().ToList();
        var months = new Dictionary<string, string[][]>(StringComparer.OrdinalIgnoreCase);
        foreach (var locale in locales)
        {
            if (locale.Vocabulary.Months is { } list)
            {
                months[locale.Language.Code] = list;
            }
        }
        var spellings = new Dictionary<string, string[][]>(StringComparer.OrdinalIgnoreCase);
        foreach (var locale in locales)
        {
            spellings[locale.Language.Code] = locale.Vocabulary.Spellings ?? [];
        }
        return new QuestionnaireDefinition
        {
            Version = structure.Version,
            DefaultLanguage = structure.DefaultLanguage,
            Languages = locales.Select(l => new LanguageInfo(l.Language.Code, l.Language.Name) { Culture = l.Language.Culture }).ToList(),
            Sections = structure.Sections.Select(id => new Section(id, Text(l => l.Sections.GetValueOrDefault(id)))).ToList(),
            Questions = structure.Questions.Select(q => new Question(
                q.Id,
                q.Section,
                q.Type,
                q.Required,
                Text(l => Q(l, q.Id)?.Label),
                Text(l => Q(l, q.Id)?.Hint),
                Text(l => Q(l, q.Id)?.Help),
                q.Choices?.Select(code => new Choice(code, Text(l => C(l, q.Id, code)?.Label),
                        Words(l => C(l, q.Id, code)?.Synonyms?.Where(s => !IsAsTyped(s)).ToArray()))
                    {
                        AsTyped = Words(l => C(l, q.Id, code)?.Synonyms?.Where(IsAsTyped).Select(s => s[1..]).ToArray() is { Length: > 0 } typed ? typed : null),
                    }).ToList(),
                q.Key)
            {
                // A group's origins restate it too ("rifugiati ucraini e afghani"): read with the restated words.
                Restated = Words(l => Q(l, q.Id) is { } local && (local.Restated ?? local.Origins) is not null ? [.. local.Restated ?? [], .. local.Origins ?? []] : null),
                Origins = Words(l => Q(l, q.Id)?.Origins),
                Aliases = Words(l => Q(l, q.Id)?.Aliases),
                SpokenNames = Words(l => Q(l, q.Id)?.SpokenNames),
                RetiredHints = Words(l => Q(l, q.Id)?.RetiredHints),
                Others = Words(l => Q(l, q.Id)?.Others),
                FalseFriends = Words(l => Q(l, q.Id)?.FalseFriends),
                NameWords = Words(l => Q(l, q.Id)?.NameWords),
                RegionalWhenNamed = Words(l => Q(l, q.Id)?.RegionalWhenNamed),
                TakesObject = q.TakesObject ?? [],
                NoIsAnAnswer = q.NoIsAnAnswer,
                ReadFrom = q.ReadFrom ?? [],
                PersonName = q.PersonName,
                NamedLike = q.NamedLike,
                SkipWhen = q.SkipWhen,
                LeadIns = Words(l => Q(l, q.Id)?.LeadIns),
                LeadOuts = Words(l => Q(l, q.Id)?.LeadOuts),
                SelfDescriptions = Words(l => Q(l, q.Id)?.SelfDescriptions),
                OrgLinks = Words(l => Q(l, q.Id)?.OrgLinks),
                KindLinks = Words(l => Q(l, q.Id)?.KindLinks),
                PlaceLinks = Words(l => Q(l, q.Id)?.PlaceLinks),
                Ours = Words(l => Q(l, q.Id)?.Ours),
                OursWith = Words(l => Q(l, q.Id)?.OursWith),
                RegionItself = Words(l => Q(l, q.Id)?.RegionItself),
                MunicipalityItself = Words(l => Q(l, q.Id)?.MunicipalityItself),
                SharedNames = locales.Where(l => Q(l, q.Id)?.SharedNames is { Count: > 0 }).ToDictionary(
                    l => l.Language.Code,
                    l => (IReadOnlyList<SharedName>)[.. Q(l, q.Id)!.SharedNames!.SelectMany(pair => pair.Value.Select(name =>
                        new SharedName(pair.Key, name, q.SharedNames?.GetValueOrDefault(pair.Key) ?? [])))],
                    StringComparer.OrdinalIgnoreCase),
            }).ToList(),
            RetiredKeys = structure.RetiredKeys,
            Messages = messageKeys.ToDictionary(key => key, key => Text(l => l.Messages.GetValueOrDefault(key))),
            Commands = structure.Commands.ToDictionary(key => key, key => Words(l => l.Commands.GetValueOrDefault(key))),
            Glossary = structure.Glossary.Select(id => new GlossaryEntry(id, Text(l => l.Glossary.GetValueOrDefault(id)?.Term), Text(l => l.Glossary.GetValueOrDefault(id)?.Definition))).ToList(),
            Guidelines = structure.Guidelines.Select(id => new Guideline(id, Text(l => l.Guidelines.GetValueOrDefault(id)?.Title), Text(l => l.Guidelines.GetValueOrDefault(id)?.Text))).ToList(),
            AssessmentAspects = structure.AssessmentAspects.Select(id => new Labelled(id, Text(l => l.AssessmentAspects.GetValueOrDefault(id)))).ToList(),
            Statuses = structure.Statuses.Select(id => new Labelled(id, Text(l => l.Statuses.GetValueOrDefault(id)))).ToList(),
            Vocabulary = new Vocabulary
            {
                Months = months,
                Ongoing = Words(l => l.Vocabulary.Ongoing),
                Yes = Words(l => l.Vocabulary.Yes),
                No = Words(l => l.Vocabulary.No),
                And = Words(l => l.Vocabulary.And),
                AndLocal = Words(l => l.Vocabulary.AndLocal),
                None = Words(l => l.Vocabulary.None),
                ForNow = Words(l => l.Vocabulary.ForNow),
                AtLeast = Words(l => l.Vocabulary.AtLeast),
                Approximately = Words(l => l.Vocabulary.Approximately),
                Or = Words(l => l.Vocabulary.Or),
                PersonTitles = Words(l => l.Vocabulary.PersonTitles),
                PersonRoles = Words(l => l.Vocabulary.PersonRoles),
                LanguageNames = locales.SelectMany(l => l.Vocabulary.LanguageNames?.Keys ?? Enumerable.Empty<string>()).Distinct(StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(code => code, code => Words(l => l.Vocabulary.LanguageNames?.GetValueOrDefault(code)), StringComparer.OrdinalIgnoreCase),
                LanguageRequests = Words(l => l.Vocabulary.LanguageRequests),
                DateFillers = Words(l => l.Vocabulary.DateFillers),
                DateSince = Words(l => l.Vocabulary.DateSince),
                DateYearsAgo = Words(l => l.Vocabulary.DateYearsAgo),
                DateFunding = Words(l => l.Vocabulary.DateFunding),
                DateExtended = Words(l => l.Vocabulary.DateExtended),
                DateForNow = Words(l => l.Vocabulary.DateForNow),
                PlaceIn = Words(l => l.Vocabulary.PlaceIn),
                AllOptions = Words(l => l.Vocabulary.AllOptions),
                AllExcept = Words(l => l.Vocabulary.AllExcept),
                Relatives = Words(l => l.Vocabulary.Relatives),
                DateTerms = Words(l => l.Vocabulary.DateTerms),
                DateTermMonths = locales.Where(l => l.Vocabulary.DateTermMonths is not null)
                    .ToDictionary(l => l.Language.Code, l => l.Vocabulary.DateTermMonths!, StringComparer.OrdinalIgnoreCase),
                Thousands = Words(l => l.Vocabulary.Thousands),
                Millions = Words(l => l.Vocabulary.Millions),
                Billions = Words(l => l.Vocabulary.Billions),
                Negative = Words(l => l.Vocabulary.Negative),
                Currencies = locales.SelectMany(l => l.Vocabulary.Currencies?.Keys ?? Enumerable.Empty<string>()).Distinct(StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(code => code, code => Words(l => l.Vocabulary.Currencies?.GetValueOrDefault(code)), StringComparer.OrdinalIgnoreCase),
                ReplyIntro = Words(l => l.Vocabulary.ReplyIntro),
                ReplyWrote = Words(l => l.Vocabulary.ReplyWrote),
                OriginalMessage = Words(l => l.Vocabulary.OriginalMessage),
                ForwardMarkers = Words(l => l.Vocabulary.ForwardMarkers),
                MailHeaderFrom = Words(l => l.Vocabulary.MailHeaderFrom),
                MailHeaderSent = Words(l => l.Vocabulary.MailHeaderSent),
                MailHeaderOther = Words(l => l.Vocabulary.MailHeaderOther),
                MailSignatures = Words(l => l.Vocabulary.MailSignatures),
                MailDisclaimers = Words(l => l.Vocabulary.MailDisclaimers),
                OutOfOffice = Words(l => l.Vocabulary.OutOfOffice),
                QuestionRefs = Words(l => l.Vocabulary.QuestionRefs),
                CorrectionVerbs = Words(l => l.Vocabulary.CorrectionVerbs),
                InsteadOf = Words(l => l.Vocabulary.InsteadOf),
                WrongAnswer = Words(l => l.Vocabulary.WrongAnswer),
                WrongAnswerThen = Words(l => l.Vocabulary.WrongAnswerThen),
                NeighbourWords = Words(l => l.Vocabulary.NeighbourWords),
                SignOffs = Words(l => l.Vocabulary.SignOffs),
                Negations = Words(l => l.Vocabulary.Negations),
                NegationFrames = Words(l => l.Vocabulary.NegationFrames),
                But = Words(l => l.Vocabulary.But),
                Only = Words(l => l.Vocabulary.Only),
                Contrasts = Words(l => l.Vocabulary.Contrasts),
                ContrastsAfterNegation = Words(l => l.Vocabulary.ContrastsAfterNegation),
                Whereas = Words(l => l.Vocabulary.Whereas),
                WhyNot = Words(l => l.Vocabulary.WhyNot),
                YesAlone = Words(l => l.Vocabulary.YesAlone),
                Assent = Words(l => l.Vocabulary.Assent),
                OwnFunds = Words(l => l.Vocabulary.OwnFunds),
                ProvincialFunds = Words(l => l.Vocabulary.ProvincialFunds),
                BackBy = Words(l => l.Vocabulary.BackBy),
                ChangeTo = Words(l => l.Vocabulary.ChangeTo),
                AtQuestion = Words(l => l.Vocabulary.AtQuestion),
                PeopleWords = Words(l => l.Vocabulary.PeopleWords),
                MoneyWords = Words(l => l.Vocabulary.MoneyWords),
                CommandFillers = Words(l => l.Vocabulary.CommandFillers),
                Corrections = Words(l => l.Vocabulary.Corrections),
                Unsure = Words(l => l.Vocabulary.Unsure),
                StartWords = Words(l => l.Vocabulary.StartWords),
                ProseVerbs = Words(l => l.Vocabulary.ProseVerbs),
                Follows = Words(l => l.Vocabulary.Follows),
                Greetings = Words(l => l.Vocabulary.Greetings),
                WordPlaceholders = Words(l => l.Vocabulary.WordPlaceholders),
                SameWords = Words(l => l.Vocabulary.SameWords),
                SelfOpeners = Words(l => l.Vocabulary.SelfOpeners),
                NamingVerbs = Words(l => l.Vocabulary.NamingVerbs),
                WeWords = Words(l => l.Vocabulary.WeWords),
                WeAre = Words(l => l.Vocabulary.WeAre),
                WeVerbEndings = Words(l => l.Vocabulary.WeVerbEndings),
                NotWeVerbs = Words(l => l.Vocabulary.NotWeVerbs),
                OrganisationAbbreviations = locales.Where(l => l.Vocabulary.OrganisationAbbreviations is not null)
                    .ToDictionary(l => l.Language.Code, l => l.Vocabulary.OrganisationAbbreviations!, StringComparer.OrdinalIgnoreCase),
                WorksAt = Words(l => l.Vocabulary.WorksAt),
                ProjectWords = Words(l => l.Vocabulary.ProjectWords),
                LeadingArticles = Words(l => l.Vocabulary.LeadingArticles),
                IndefiniteArticles = Words(l => l.Vocabulary.IndefiniteArticles),
                OrganisationWords = Words(l => l.Vocabulary.OrganisationWords),
                StaffWords = Words(l => l.Vocabulary.StaffWords),
                Serves = Words(l => l.Vocabulary.Serves),
                AnswerLabels = Words(l => l.Vocabulary.AnswerLabels),
                NotInNames = Words(l => l.Vocabulary.NotInNames),
                Declines = Words(l => l.Vocabulary.Declines),
                Stop = Words(l => l.Vocabulary.Stop),
                Ordinals = Words(l => l.Vocabulary.Ordinals),
                Quarters = Words(l => l.Vocabulary.Quarters),
                HalfYears = Words(l => l.Vocabulary.HalfYears),
                PartOrdinals = locales.Where(l => l.Vocabulary.PartOrdinals is not null)
                    .ToDictionary(l => l.Language.Code, l => l.Vocabulary.PartOrdinals!, StringComparer.OrdinalIgnoreCase),
                Fillers = Words(l => l.Vocabulary.Fillers),
                PlacePrefixes = Words(l => l.Vocabulary.PlacePrefixes),
                PhonePrefixes = Words(l => l.Vocabulary.PhonePrefixes),
                PhoneExtensions = Words(l => l.Vocabulary.PhoneExtensions),
                Qualifiers = Words(l => l.Vocabulary.Qualifiers),
                Channels = Words(l => l.Vocabulary.Channels),
                DateToday = Words(l => l.Vocabulary.DateToday),
                DateYear = Words(l => l.Vocabulary.DateYear),
                DateMonth = Words(l => l.Vocabulary.DateMonth),
                DateLast = Words(l => l.Vocabulary.DateLast),
                DateThis = Words(l => l.Vocabulary.DateThis),
                DateNext = Words(l => l.Vocabulary.DateNext),
                DateStart = Words(l => l.Vocabulary.DateStart),
                DateEnd = Words(l => l.Vocabulary.DateEnd),
                DateSpring = Words(l => l.Vocabulary.DateSpring),
                DateSummer = Words(l => l.Vocabulary.DateSummer),
                DateAutumn = Words(l => l.Vocabulary.DateAutumn),
                DateWinter = Words(l => l.Vocabulary.DateWinter),
                Few = Words(l => l.Vocabulary.Few),
                DurationsAndShares = Words(l => l.Vocabulary.DurationsAndShares),
                PerYear = Words(l => l.Vocabulary.PerYear),
                Years = Words(l => l.Vocabulary.Years),
                Households = Words(l => l.Vocabulary.Households),
                PerGroup = Words(l => l.Vocabulary.PerGroup),
                Totals = Words(l => l.Vocabulary.Totals),
                CountPeriods = Words(l => l.Vocabulary.CountPeriods),
                NameParticles = Words(l => l.Vocabulary.NameParticles),
                Subset = Words(l => l.Vocabulary.Subset),
                Ones = Words(l => l.Vocabulary.Ones),
                Halves = Words(l => l.Vocabulary.Halves),
                PeriodNames = Words(l => l.Vocabulary.PeriodNames),
                ContactNames = Words(l => l.Vocabulary.ContactNames),
                NumberWords = locales.SelectMany(l => l.Vocabulary.NumberWords?.Keys ?? Enumerable.Empty<string>()).Distinct(StringComparer.Ordinal)
                    .ToDictionary(value => value, value => Words(l => l.Vocabulary.NumberWords?.GetValueOrDefault(value)), StringComparer.Ordinal),
                Spellings = spellings,
            },
        };
    }

    private static byte[] ReadResource(string name)
    {
        using var stream = typeof(QuestionnaireLoader).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The resource {name} is missing from Regin.Core.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
