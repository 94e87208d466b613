using System.Text.RegularExpressions;
using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Normalisation.Matching;

namespace Regin.Core.Questionnaire;

/// <summary>Checks a questionnaire for the mistakes an editor of the file makes; each problem names its place.</summary>
public static partial class QuestionnaireValidator
{
    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\{[a-z_]+\}")]
    private static partial Regex PlaceholderPattern();

    public static IReadOnlyList<string> Validate(QuestionnaireDefinition q, IEnumerable<string>? extraMessageKeys = null)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(q.Version))
        {
            problems.Add("version: missing.");
        }
        var languages = q.Languages.Select(l => l.Code).ToList();
        foreach (var code in Languages.All.Except(languages, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"languages: the locale file of \"{code}\" (locales/{code}.json) is missing.");
        }

        CheckIds(problems, "sections", q.Sections.Select(s => s.Id));
        foreach (var section in q.Sections)
        {
            CheckText(problems, $"sections[{section.Id}].label", section.Label, languages);
        }

        CheckIds(problems, "questions", q.Questions.Select(x => x.Id));
        CheckTemplateKeys(problems, q);
        var sectionIds = q.Sections.Select(s => s.Id).ToHashSet();
        foreach (var question in q.Questions)
        {
            var at = $"questions[{question.Id}]";
            if (!sectionIds.Contains(question.Section))
            {
                problems.Add($"{at}.section: unknown section \"{question.Section}\".");
            }
            CheckText(problems, $"{at}.label", question.Label, languages);
            CheckText(problems, $"{at}.hint", question.Hint, languages);
            CheckText(problems, $"{at}.help", question.Help, languages);
            if (question.IsChoice)
            {
                if (question.ChoiceList.Count < 2)
                {
                    problems.Add($"{at}.choices: a {question.Type} question needs at least two choices.");
                }
                CheckIds(problems, $"{at}.choices", question.ChoiceList.Select(c => c.Code));
                foreach (var choice in question.ChoiceList)
                {
                    CheckText(problems, $"{at}.choices[{choice.Code}].label", choice.Label, languages);
                }
                CheckChoiceLabelsAreDistinct(problems, at, question);
                CheckChoiceSynonymsAreDistinct(problems, question);
                CheckAsTypedNames(problems, question);
                CheckSharedNames(problems, question);
                foreach (var code in question.TakesObject.Where(code => question.ChoiceList.All(c => c.Code != code)))
                {
                    problems.Add($"{at}.takes_object: unknown choice \"{code}\".");
                }
            }
            else if (question.Choices is not null)
            {
                problems.Add($"{at}.choices: only choice and multi questions have choices, this one is {question.Type}.");
            }
            foreach (var source in question.ReadFrom.Where(id => q.Questions.All(other => other.Id != id || other.Type != QuestionType.Longtext)))
            {
                problems.Add($"{at}.read_from: \"{source}\" is no long-text question.");
            }
            if (question.NamedLike is { } like && q.Questions.All(other => other.Id != like || other.Id == question.Id))
            {
                problems.Add($"{at}.named_like: \"{like}\" is no other question.");
            }
            if (question.SkipWhen is { } skip)
            {
                var after = q.Questions.TakeWhile(other => other.Id != question.Id).FirstOrDefault(other => other.Id == skip.Question);
                if (after is not { IsChoice: true })
                {
                    problems.Add($"{at}.skip_when: \"{skip.Question}\" is no choice question before this one.");
                }
                else
                {
                    foreach (var code in skip.Only.Where(code => after.ChoiceList.All(c => c.Code != code)))
                    {
                        problems.Add($"{at}.skip_when: unknown choice \"{code}\" of \"{skip.Question}\".");
                    }
                }
                if (skip.Only.Count == 0)
                {
                    problems.Add($"{at}.skip_when: names no choice.");
                }
                if (question.Required)
                {
                    problems.Add($"{at}.skip_when: a required question is always asked.");
                }
            }
        }

        foreach (var key in MessageKeys.All.Concat(extraMessageKeys ?? []))
        {
            if (!q.Messages.ContainsKey(key))
            {
                problems.Add($"messages.{key}: missing.");
            }
        }
        foreach (var (key, text) in q.Messages)
        {
            CheckText(problems, $"messages.{key}", text, languages);
            var expected = Placeholders(text.In(Languages.Default));
            foreach (var (language, translation) in text)
            {
                var found = Placeholders(translation);
                if (!found.SetEquals(expected))
                {
                    problems.Add($"messages.{key}.{language}: placeholders {Show(found)} differ from English {Show(expected)}.");
                }
            }
        }

        foreach (var (command, words) in q.Commands)
        {
            CheckWords(problems, $"commands.{command}", words, languages);
        }
        CheckCommandClashes(problems, q, languages);

        CheckIds(problems, "glossary", q.Glossary.Select(g => g.Id));
        foreach (var entry in q.Glossary)
        {
            CheckText(problems, $"glossary[{entry.Id}].term", entry.Term, languages);
            CheckText(problems, $"glossary[{entry.Id}].definition", entry.Definition, languages);
        }
        CheckIds(problems, "guidelines", q.Guidelines.Select(g => g.Id));
        foreach (var guideline in q.Guidelines)
        {
            CheckText(problems, $"guidelines[{guideline.Id}].title", guideline.Title, languages);
            CheckText(problems, $"guidelines[{guideline.Id}].text", guideline.Text, languages);
        }
        foreach (var (name, list) in new[] { ("assessment_aspects", q.AssessmentAspects), ("statuses", q.Statuses) })
        {
            CheckIds(problems, name, list.Select(l => l.Id));
            foreach (var item in list)
            {
                CheckText(problems, $"{name}[{item.Id}].label", item.Label, languages);
            }
        }

        var vocabulary = q.Vocabulary;
        foreach (var language in languages)
        {
            if (!vocabulary.Months.TryGetValue(language, out var months))
            {
                problems.Add($"vocabulary.months.{language}: missing.");
            }
            else if (months.Length != 12 || months.Any(m => m.Length == 0 || m.Any(string.IsNullOrWhiteSpace)))
            {
                problems.Add($"vocabulary.months.{language}: needs 12 months, each with at least one name.");
            }
        }
        foreach (var language in languages)
        {
            if (!vocabulary.PartOrdinals.TryGetValue(language, out var ordinals))
            {
                problems.Add($"vocabulary.part_ordinals.{language}: missing.");
            }
            else if (ordinals.Length != 4 || ordinals.Any(o => o.Length == 0 || o.Any(string.IsNullOrWhiteSpace)))
            {
                problems.Add($"vocabulary.part_ordinals.{language}: needs 4 lists (first to fourth), each with at least one word.");
            }
        }
        CheckWords(problems, "vocabulary.ongoing", vocabulary.Ongoing, languages);
        CheckWords(problems, "vocabulary.yes", vocabulary.Yes, languages);
        CheckWords(problems, "vocabulary.no", vocabulary.No, languages);
        CheckWords(problems, "vocabulary.and", vocabulary.And, languages);
        CheckWords(problems, "vocabulary.out_of_office", vocabulary.OutOfOffice, languages);
        CheckWords(problems, "vocabulary.question_refs", vocabulary.QuestionRefs, languages);
        CheckWords(problems, "vocabulary.correction_verbs", vocabulary.CorrectionVerbs, languages);
        CheckWords(problems, "vocabulary.instead_of", vocabulary.InsteadOf, languages);
        CheckWords(problems, "vocabulary.wrong_answer", vocabulary.WrongAnswer, languages);
        CheckWords(problems, "vocabulary.wrong_answer_then", vocabulary.WrongAnswerThen, languages);
        foreach (var (name, words) in new[]
        {
            ("date_fillers", vocabulary.DateFillers), ("date_since", vocabulary.DateSince), ("date_years_ago", vocabulary.DateYearsAgo), ("date_funding", vocabulary.DateFunding), ("date_extended", vocabulary.DateExtended), ("date_for_now", vocabulary.DateForNow), ("place_in", vocabulary.PlaceIn), ("all_options", vocabulary.AllOptions), ("all_except", vocabulary.AllExcept), ("relatives", vocabulary.Relatives), ("date_terms", vocabulary.DateTerms), ("thousands", vocabulary.Thousands), ("millions", vocabulary.Millions),
            ("billions", vocabulary.Billions), ("negative", vocabulary.Negative), ("reply_intro", vocabulary.ReplyIntro),
            ("reply_wrote", vocabulary.ReplyWrote), ("original_message", vocabulary.OriginalMessage),
            ("forward_markers", vocabulary.ForwardMarkers), ("mail_header_from", vocabulary.MailHeaderFrom),
            ("mail_header_sent", vocabulary.MailHeaderSent), ("mail_header_other", vocabulary.MailHeaderOther), ("mail_signatures", vocabulary.MailSignatures), ("mail_disclaimers", vocabulary.MailDisclaimers),
            ("sign_offs", vocabulary.SignOffs), ("greetings", vocabulary.Greetings), ("self_openers", vocabulary.SelfOpeners), ("naming_verbs", vocabulary.NamingVerbs), ("we_words", vocabulary.WeWords), ("we_are", vocabulary.WeAre), ("works_at", vocabulary.WorksAt), ("project_words", vocabulary.ProjectWords), ("leading_articles", vocabulary.LeadingArticles), ("indefinite_articles", vocabulary.IndefiniteArticles), ("organisation_words", vocabulary.OrganisationWords), ("staff_words", vocabulary.StaffWords), ("not_in_names", vocabulary.NotInNames), ("quarters", vocabulary.Quarters), ("half_years", vocabulary.HalfYears), ("halves", vocabulary.Halves), ("durations_and_shares", vocabulary.DurationsAndShares), ("per_year", vocabulary.PerYear), ("years", vocabulary.Years), ("households", vocabulary.Households), ("per_group", vocabulary.PerGroup), ("count_periods", vocabulary.CountPeriods), ("totals", vocabulary.Totals), ("subset", vocabulary.Subset), ("contact_names", vocabulary.ContactNames), ("serves", vocabulary.Serves), ("answer_labels", vocabulary.AnswerLabels),
            ("date_today", vocabulary.DateToday), ("date_year", vocabulary.DateYear), ("date_month", vocabulary.DateMonth),
            ("date_last", vocabulary.DateLast), ("date_this", vocabulary.DateThis), ("date_next", vocabulary.DateNext),
            ("date_start", vocabulary.DateStart), ("date_end", vocabulary.DateEnd), ("date_spring", vocabulary.DateSpring), ("date_summer", vocabulary.DateSummer), ("date_autumn", vocabulary.DateAutumn), ("date_winter", vocabulary.DateWinter), ("only", vocabulary.Only), ("channels", vocabulary.Channels), ("contrasts", vocabulary.Contrasts), ("contrasts_after_negation", vocabulary.ContrastsAfterNegation), ("whereas", vocabulary.Whereas), ("why_not", vocabulary.WhyNot), ("own_funds", vocabulary.OwnFunds), ("command_fillers", vocabulary.CommandFillers), ("corrections", vocabulary.Corrections), ("none", vocabulary.None), ("for_now", vocabulary.ForNow), ("at_least", vocabulary.AtLeast), ("approximately", vocabulary.Approximately), ("or", vocabulary.Or), ("person_titles", vocabulary.PersonTitles), ("person_roles", vocabulary.PersonRoles), ("language_requests", vocabulary.LanguageRequests),
        })
        {
            CheckWords(problems, $"vocabulary.{name}", words, languages);
        }
        // A verb's "we" endings are only for a language that leaves its subject unwritten (es, pt, it, el): one word each.
        foreach (var (language, endings) in vocabulary.WeVerbEndings)
        {
            if (endings.Any(ending => string.IsNullOrWhiteSpace(ending) || ending.Trim().Contains(' ')))
            {
                problems.Add($"vocabulary.we_verb_endings.{language}: an ending is one word's end, never empty.");
            }
        }
        foreach (var (language, entries) in vocabulary.NegationFrames)
        {
            if (entries.Any(entry => NegationFrame.Parse(entry) is null))
            {
                problems.Add($"vocabulary.negation_frames.{language}: each entry is a negation, \"…\", then the later word with which it is no denial.");
            }
        }
        foreach (var (language, entries) in vocabulary.OrganisationAbbreviations)
        {
            if (entries.Any(entry => entry.Length < 2 || entry.Any(string.IsNullOrWhiteSpace)))
            {
                problems.Add($"vocabulary.organisation_abbreviations.{language}: each entry is the words written out, then at least one short form.");
            }
        }
        // A language's names in other languages are optional (a ninth language is one more file; its own name is read anyway).
        foreach (var (code, names) in vocabulary.LanguageNames)
        {
            foreach (var (language, list) in names)
            {
                if (list.Any(string.IsNullOrWhiteSpace))
                {
                    problems.Add($"vocabulary.language_names.{code}.{language}: an empty word.");
                }
            }
        }
        foreach (var (language, terms) in vocabulary.DateTermMonths)
        {
            // A term of the school year, or a season ("autumn 2019": September to November).
            var known = vocabulary.DateTerms.In(language).Concat(vocabulary.DateSpring.In(language)).Concat(vocabulary.DateSummer.In(language))
                .Concat(vocabulary.DateAutumn.In(language)).Concat(vocabulary.DateWinter.In(language)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var term in terms)
            {
                if (!known.Contains(term.Term))
                {
                    problems.Add($"vocabulary.date_term_months.{language}: \"{term.Term}\" is not a word of date_terms nor a season.");
                }
                if (term.First is < 1 or > 12 || term.Last is < 1 or > 12)
                {
                    problems.Add($"vocabulary.date_term_months.{language}.{term.Term}: its first and last months are numbers from 1 to 12.");
                }
            }
        }
        foreach (var (code, names) in vocabulary.Currencies)
        {
            if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
            {
                problems.Add($"vocabulary.currencies.{code}: not an ISO 4217 code (three capital letters).");
            }
            foreach (var (language, list) in names)
            {
                if (list.Any(string.IsNullOrWhiteSpace))
                {
                    problems.Add($"vocabulary.currencies.{code}.{language}: an empty word.");
                }
            }
        }
        foreach (var language in q.Languages)
        {
            if (!IsCulture(language.Culture))
            {
                problems.Add($"language.culture.{language.Code}: \"{language.Culture}\" is not a culture name (such as fr-FR).");
            }
        }
        return problems;
    }

    /// <summary>
    /// A command word must lead to one thing only: within a language (after folding) it may not be another command's
    /// word, a yes or no word, or a choice's label or synonym, or typing that answer would run the command (or the
    /// command would be taken for the answer). Across languages two commands may not share a word either, because
    /// a command is recognised in every language.
    /// </summary>
    private static void CheckCommandClashes(List<string> problems, QuestionnaireDefinition q, IReadOnlyList<string> languages)
    {
        var commandOwners = new Dictionary<string, (string Command, string Language)>(StringComparer.Ordinal);
        foreach (var language in languages)
        {
            var file = $"locales/{language}.json";
            // Every other word of the language that an answer may be, with the path it comes from.
            var answers = new Dictionary<string, string>(StringComparer.Ordinal);
            void Answer(string word, string path)
            {
                var key = TextKey.Fold(word);
                if (key.Length > 0)
                {
                    answers.TryAdd(key, path);
                }
            }
            foreach (var word in q.Vocabulary.Yes.In(language))
            {
                Answer(word, "$.vocabulary.yes");
            }
            foreach (var word in q.Vocabulary.No.In(language))
            {
                Answer(word, "$.vocabulary.no");
            }
            foreach (var question in q.Questions.Where(x => x.IsChoice))
            {
                foreach (var choice in question.ChoiceList)
                {
                    if (choice.Label.TryGetValue(language, out var label))
                    {
                        Answer(label, $"$.questions.{question.Id}.choices.{choice.Code}.label");
                    }
                    foreach (var synonym in choice.Synonyms.TryGetValue(language, out var list) ? list : [])
                    {
                        Answer(synonym, $"$.questions.{question.Id}.choices.{choice.Code}.synonyms");
                    }
                }
            }
            foreach (var (command, words) in q.Commands)
            {
                if (!words.TryGetValue(language, out var list))
                {
                    continue;
                }
                foreach (var word in list)
                {
                    var key = TextKey.Fold(word);
                    if (key.Length == 0)
                    {
                        continue; // "?" folds to nothing; it is compared as typed by the command parser
                    }
                    var at = $"{file}: $.commands.{command}: \"{word}\"";
                    if (commandOwners.TryGetValue(key, out var owner) && owner.Command != command)
                    {
                        problems.Add(owner.Language == language
                            ? $"{at} is also a word of the command \"{owner.Command}\"."
                            : $"{at} is also a word of the command \"{owner.Command}\" in locales/{owner.Language}.json.");
                    }
                    else
                    {
                        commandOwners.TryAdd(key, (command, language));
                    }
                    if (answers.TryGetValue(key, out var path))
                    {
                        problems.Add($"{at} is also an answer: {path}.");
                    }
                }
            }
        }
    }

    private static bool IsCulture(string name)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(name) && System.Globalization.CultureInfo.GetCultureInfo(name, predefinedOnly: true).Name.Length > 0;
        }
        catch (System.Globalization.CultureNotFoundException)
        {
            return false;
        }
    }

    private static void CheckChoiceSynonymsAreDistinct(List<string> problems, Question question)
    {
        // In one language a word leads to one choice only: a synonym shared by two choices would be ignored by the matcher.
        foreach (var language in question.ChoiceList.SelectMany(c => c.Label.Keys.Concat(c.Synonyms.Keys)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var owners = new Dictionary<string, string>();
            foreach (var choice in question.ChoiceList)
            {
                var words = choice.Synonyms.TryGetValue(language, out var synonyms) ? synonyms : [];
                foreach (var word in (choice.Label.TryGetValue(language, out var label) ? [label] : Array.Empty<string>()).Concat(words))
                {
                    var key = TextKey.Fold(word);
                    if (key.Length == 0)
                    {
                        continue;
                    }
                    if (owners.TryGetValue(key, out var other) && other != choice.Code)
                    {
                        problems.Add($"locales/{language}.json: $.questions.{question.Id}.choices.{choice.Code}.synonyms: \"{word}\" is also a word of \"{other}\".");
                    }
                    owners.TryAdd(key, choice.Code);
                }
            }
        }
    }

    private static void CheckAsTypedNames(List<string> problems, Question question)
    {
        // A name read only as typed ("=LA") is there for its capitals: without one it would read a lower-case word ("=la":
        // the article of fr, es, it) in the only case it must not.
        foreach (var choice in question.ChoiceList)
        {
            foreach (var (language, names) in choice.AsTyped)
            {
                foreach (var name in names.Where(name => !name.Any(char.IsUpper) || name.Trim() != name))
                {
                    problems.Add($"locales/{language}.json: $.questions.{question.Id}.choices.{choice.Code}.synonyms: \"{Choice.AsTypedMarker}{name}\" is read only as typed, so it needs a capital letter and no spaces at its ends.");
                }
            }
        }
    }

    private static void CheckSharedNames(List<string> problems, Question question)
    {
        // A shared name is asked about: it must name real choices, at least two, and never be one choice's own word
        // (the matcher would take that choice and never ask).
        foreach (var kind in question.SharedNames.Values.SelectMany(names => names).DistinctBy(name => name.Id))
        {
            var at = $"questions[{question.Id}].shared_names.{kind.Id}";
            if (kind.Codes.Distinct().Count() < 2)
            {
                problems.Add($"{at}: a shared name stands for two choices or more.");
            }
            foreach (var code in kind.Codes.Where(code => question.ChoiceList.All(c => c.Code != code)))
            {
                problems.Add($"{at}: unknown choice \"{code}\".");
            }
        }
        foreach (var (language, names) in question.SharedNames)
        {
            var own = question.ChoiceList
                .SelectMany(c => (c.Label.TryGetValue(language, out var label) ? [label] : Array.Empty<string>()).Concat(c.Synonyms.TryGetValue(language, out var s) ? s : []))
                .Select(TextKey.Fold).ToHashSet(StringComparer.Ordinal);
            foreach (var name in names.Where(name => own.Contains(TextKey.Fold(name.Name))))
            {
                problems.Add($"locales/{language}.json: $.questions.{question.Id}.shared_names.{name.Id}: \"{name.Name}\" is also a label or synonym of a choice.");
            }
        }
    }

    private static void CheckChoiceLabelsAreDistinct(List<string> problems, string at, Question question)
    {
        // A typed label must lead to one choice only, whatever the language it is written in.
        var owners = new Dictionary<string, string>();
        foreach (var choice in question.ChoiceList)
        {
            foreach (var (language, label) in choice.Label)
            {
                var key = TextKey.Fold(label);
                if (owners.TryGetValue(key, out var other) && other != choice.Code)
                {
                    problems.Add($"{at}.choices[{choice.Code}].label.{language}: \"{label}\" is also the label of \"{other}\".");
                }
                owners[key] = choice.Code;
            }
        }
    }

    private static void CheckTemplateKeys(List<string> problems, QuestionnaireDefinition q)
    {
        // Filled-in templates name questions by key for years: a key is never shared, reused or changed.
        var owners = new Dictionary<int, string>();
        var retired = q.RetiredKeys.ToHashSet();
        foreach (var question in q.Questions)
        {
            if (question.Key is < 1 or > 999)
            {
                problems.Add($"questions[{question.Id}].key: {question.Key} is not a template key (1 to 999).");
            }
            else if (owners.TryGetValue(question.Key, out var other))
            {
                problems.Add($"questions[{question.Id}].key: {question.Key} is also the key of \"{other}\".");
            }
            else if (retired.Contains(question.Key))
            {
                problems.Add($"questions[{question.Id}].key: {question.Key} belonged to a removed question (retired_keys); give it a new one.");
            }
            owners.TryAdd(question.Key, question.Id);
        }
    }

    private static void CheckIds(List<string> problems, string at, IEnumerable<string> ids)
    {
        var seen = new HashSet<string>();
        foreach (var id in ids)
        {
            if (string.IsNullOrEmpty(id) || !IdPattern().IsMatch(id))
            {
                problems.Add($"{at}: \"{id}\" is not a valid id (snake_case: lower-case letters, digits, underscores).");
            }
            else if (!seen.Add(id))
            {
                problems.Add($"{at}: the id \"{id}\" appears more than once.");
            }
        }
    }

    private static void CheckText(List<string> problems, string at, LocalizedText? text, IReadOnlyList<string> languages)
    {
        if (text is null)
        {
            problems.Add($"{at}: missing.");
            return;
        }
        foreach (var language in languages)
        {
            if (!text.TryGetValue(language, out var value) || string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{at}.{language}: the translation is missing.");
            }
        }
        foreach (var language in text.Keys.Except(languages, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"{at}.{language}: \"{language}\" is not a language of the questionnaire.");
        }
    }

    private static void CheckWords(List<string> problems, string at, LocalizedWords? words, IReadOnlyList<string> languages)
    {
        if (words is null)
        {
            problems.Add($"{at}: missing.");
            return;
        }
        foreach (var language in languages)
        {
            if (!words.TryGetValue(language, out var list) || list.Length == 0 || list.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"{at}.{language}: the words are missing.");
            }
        }
    }

    private static HashSet<string> Placeholders(string text) =>
        PlaceholderPattern().Matches(text).Select(m => m.Value).ToHashSet();

    private static string Show(HashSet<string> set) => set.Count == 0 ? "(none)" : string.Join(" ", set.Order());
}
