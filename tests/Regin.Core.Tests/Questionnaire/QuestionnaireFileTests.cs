using System.Text;
using System.Text.Json.Nodes;
using Regin.Core.Questionnaire;

namespace Regin.Core.Tests.Questionnaire;

public class QuestionnaireFileTests
{
    // The contract of questionnaire.md: ids, types, required flags and codes that other parts rely on.
    public static readonly TheoryData<string, string, bool> Contract = new()
    {
        { "contact_name", "text", true }, { "contact_organisation", "text", true }, { "contact_email", "email", true },
        { "contact_phone", "phone", false }, { "title", "text", true }, { "country", "country", true }, { "region", "region", true },
        { "lead_organisation", "text", true }, { "lead_organisation_type", "choice", true }, { "regional_authority_role", "multi", true },
        { "regional_authority_role_details", "longtext", false }, { "partners", "longtext", false }, { "start_date", "date", true },
        { "end_date", "date_or_ongoing", true }, { "integration_areas", "multi", true }, { "target_groups", "multi", true },
        { "description", "longtext", true }, { "objectives", "longtext", true }, { "activities", "longtext", true },
        { "results", "longtext", true }, { "beneficiaries_count", "integer", false }, { "funding_sources", "multi", false },
        { "budget_eur", "money_eur", false }, { "innovative_elements", "longtext", true }, { "challenges_solutions", "longtext", true },
        { "lessons_learned", "longtext", true }, { "transferability", "longtext", true }, { "sustainability", "longtext", false },
        { "monitoring_evaluation", "longtext", false }, { "website", "url", false }, { "consent_publish", "yesno", true },
    };

    [Theory]
    [MemberData(nameof(Contract))]
    public void The_shipped_questionnaire_follows_the_contract(string id, string type, bool required)
    {
        var question = TestCore.Questionnaire.Questions.Single(q => q.Id == id);
        Assert.Equal(type, System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(question.Type.ToString()));
        Assert.Equal(required, question.Required);
    }

    [Fact]
    public void The_shipped_questionnaire_has_exactly_the_contract_questions_in_order() =>
        Assert.Equal(Contract.Select(row => (string)row[0]), TestCore.Questionnaire.Questions.Select(q => q.Id));

    [Theory]
    [InlineData("lead_organisation_type", "regional_authority local_authority national_authority ngo migrant_organisation university_research private_sector international_organisation other")]
    [InlineData("regional_authority_role", "direct_leader direct_partner direct_coordinator indirect_funding indirect_support indirect_advisory none")]
    [InlineData("integration_areas", "labour_market education language health housing social_security culture_religion anti_discrimination political_participation other")]
    [InlineData("target_groups", "third_country_nationals international_protection asylum_seekers women children_youth unaccompanied_minors newly_arrived receiving_society public_officials other")]
    [InlineData("funding_sources", "regional_budget local_budget national_budget amif esf_plus erdf other_eu private other")]
    public void Choice_codes_follow_the_contract(string id, string codes) =>
        Assert.Equal(codes.Split(' '), TestCore.Questionnaire.Questions.Single(q => q.Id == id).ChoiceList.Select(c => c.Code));

    [Fact]
    public void The_shipped_questionnaire_is_valid_and_complete()
    {
        Assert.Empty(QuestionnaireValidator.Validate(TestCore.Questionnaire));
        Assert.True(TestCore.Questionnaire.Glossary.Count >= 15);
        Assert.Equal(7, TestCore.Questionnaire.AssessmentAspects.Count);
        Assert.Equal(Languages.All.Order(), TestCore.Questionnaire.Languages.Select(l => l.Code).Order());
    }

    [Fact]
    public void Translations_differ_from_English_where_they_should()
    {
        // A label copied from English into every language is a missing translation in disguise.
        foreach (var question in TestCore.Questionnaire.Questions)
        {
            var english = question.Help["en"];
            foreach (var language in Languages.All.Where(l => l != "en"))
            {
                Assert.NotEqual(english, question.Help[language]);
            }
        }
    }

    /// <summary>The shipped files as JSON, to be broken by a test and loaded again.</summary>
    private sealed class ShippedFiles
    {
        public JsonObject Structure { get; }
        public Dictionary<string, JsonObject> Locales { get; }

        public ShippedFiles()
        {
            var (structure, locales) = QuestionnaireLoader.EmbeddedFiles();
            Structure = JsonNode.Parse(structure.Content)!.AsObject();
            Locales = locales.ToDictionary(l => Path.GetFileNameWithoutExtension(l.Name), l => JsonNode.Parse(l.Content)!.AsObject());
        }

        public JsonObject Question(string id) => Structure["questions"]!.AsArray().Single(q => (string)q!["id"]! == id)!.AsObject();

        public QuestionnaireException LoadBroken() => Assert.Throws<QuestionnaireException>(Load);

        public QuestionnaireDefinition Load() => QuestionnaireLoader.Load(
            new QuestionnaireFile(QuestionnaireLoader.StructureFileName, Encoding.UTF8.GetBytes(Structure.ToJsonString())),
            Locales.Select(l => new QuestionnaireFile($"locales/{l.Key}.json", Encoding.UTF8.GetBytes(l.Value.ToJsonString()))).ToList(),
            "test");
    }

    [Fact]
    public void A_missing_translation_is_named_with_its_file_and_path()
    {
        var files = new ShippedFiles();
        files.Locales["el"]["questions"]!["region"]!.AsObject().Remove("label");
        var error = files.LoadBroken();
        Assert.Contains("locales/el.json: $.questions.region.label: missing (it is in locales/en.json).", error.Problems);
        Assert.Contains("questions[region].label.el: the translation is missing.", error.Problems);
    }

    [Fact]
    public void Skip_when_names_an_earlier_choice_question_and_its_codes()
    {
        // The shipped rule: the role's details are not asked after the role "none" (session 58).
        Assert.Equal(new SkipWhen("regional_authority_role", ["none"]).Only,
            TestCore.Questionnaire.Questions.Single(q => q.Id == "regional_authority_role_details").SkipWhen?.Only);
        var files = new ShippedFiles();
        files.Question("regional_authority_role_details")["skip_when"] = new JsonObject { ["question"] = "regional_authority_role", ["only"] = new JsonArray("nobody") };
        files.Question("partners")["skip_when"] = new JsonObject { ["question"] = "website", ["only"] = new JsonArray("none") };
        files.Question("description")["skip_when"] = new JsonObject { ["question"] = "regional_authority_role", ["only"] = new JsonArray("none") };
        var error = files.LoadBroken();
        Assert.Contains(error.Problems, p => p.Contains("skip_when: unknown choice \"nobody\" of \"regional_authority_role\"", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("skip_when: \"website\" is no choice question before this one", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("skip_when: a required question is always asked", StringComparison.Ordinal));
    }

    [Fact]
    public void An_extra_key_in_a_locale_file_is_named_with_its_file_and_path()
    {
        var files = new ShippedFiles();
        files.Locales["sv"]["messages"]!["chat.welcom"] = "Välkommen";
        files.Locales["en"]["questions"]!["nickname"] = new JsonObject { ["label"] = "Nickname", ["hint"] = "", ["help"] = "" };
        var error = files.LoadBroken();
        Assert.Contains("locales/sv.json: $.messages.chat.welcom: not a key of locales/en.json.", error.Problems);
        Assert.Contains("locales/en.json: $.questions.nickname: not in questionnaire.json.", error.Problems);
    }

    [Fact]
    public void A_locale_file_whose_language_code_differs_from_its_name_is_named()
    {
        var files = new ShippedFiles();
        files.Locales["pt"]["language"]!["code"] = "pt-BR";
        var error = files.LoadBroken();
        Assert.Contains("locales/pt.json: $.language.code: \"pt-BR\" does not match the file name (\"pt\").", error.Problems);
    }

    [Fact]
    public void A_ninth_language_is_one_more_locale_file()
    {
        var folder = Directory.CreateTempSubdirectory("regin-questionnaire-");
        try
        {
            var (structure, locales) = QuestionnaireLoader.EmbeddedFiles();
            Directory.CreateDirectory(Path.Combine(folder.FullName, "locales"));
            File.WriteAllBytes(Path.Combine(folder.FullName, "questionnaire.json"), structure.Content);
            foreach (var locale in locales)
            {
                File.WriteAllBytes(Path.Combine(folder.FullName, locale.Name), locale.Content);
            }
            // Polish: a copy of en.json with its language named; a translator then replaces the texts.
            var polish = JsonNode.Parse(locales.Single(l => l.Name == "locales/en.json").Content)!.AsObject();
            polish["language"] = new JsonObject { ["code"] = "pl", ["name"] = "Polski", ["culture"] = "pl-PL" };
            polish["questions"]!["region"]!["label"] = "Region";
            File.WriteAllText(Path.Combine(folder.FullName, "locales", "pl.json"), polish.ToJsonString());

            var questionnaire = QuestionnaireLoader.LoadFile(Path.Combine(folder.FullName, "questionnaire.json"));

            Assert.Equal("Polski", questionnaire.Languages.Single(l => l.Code == "pl").Name);
            Assert.Equal("pl", questionnaire.Languages[^1].Code);
            Assert.Equal("Region", questionnaire.Questions.Single(q => q.Id == "region").Label.In("pl"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_duplicate_question_id_is_named()
    {
        var files = new ShippedFiles();
        files.Structure["questions"]![1]!["id"] = "contact_name";
        var error = files.LoadBroken();
        Assert.Contains(error.Problems, p => p.Contains("\"contact_name\" appears more than once"));
    }

    [Fact]
    public void A_malformed_choice_code_is_named()
    {
        var files = new ShippedFiles();
        files.Question("lead_organisation_type")["choices"]![0] = "Regional Authority";
        var error = files.LoadBroken();
        Assert.Contains(error.Problems, p => p.StartsWith("questions[lead_organisation_type].choices: \"Regional Authority\" is not a valid id"));
    }

    [Fact]
    public void An_unknown_type_is_named_with_its_file_and_path()
    {
        var files = new ShippedFiles();
        files.Structure["questions"]![0]!["type"] = "colour";
        var error = files.LoadBroken();
        Assert.Contains(error.Problems, p => p.StartsWith("questionnaire.json: $.questions[0].type: unknown question type"));
    }

    [Fact]
    public void An_unknown_section_and_a_missing_message_are_named()
    {
        var files = new ShippedFiles();
        files.Question("contact_name")["section"] = "nowhere";
        foreach (var locale in files.Locales.Values)
        {
            locale["messages"]!.AsObject().Remove("validation.email");
        }
        var error = files.LoadBroken();
        Assert.Contains("questions[contact_name].section: unknown section \"nowhere\".", error.Problems);
        Assert.Contains("messages.validation.email: missing.", error.Problems);
    }

    [Fact]
    public void A_translated_placeholder_is_named()
    {
        var files = new ShippedFiles();
        files.Locales["fr"]["messages"]!["validation.too_long"] = "Trop long : {longueur} caractères.";
        var error = files.LoadBroken();
        Assert.Contains(error.Problems, p => p.StartsWith("messages.validation.too_long.fr: placeholders"));
    }

    [Fact]
    public void Choices_on_a_text_question_are_named()
    {
        var files = new ShippedFiles();
        files.Question("contact_name")["choices"] = files.Question("lead_organisation_type")["choices"]!.DeepClone();
        var error = files.LoadBroken();
        Assert.Contains(error.Problems, p => p.StartsWith("questions[contact_name].choices: only choice and multi questions"));
    }

    [Fact]
    public void A_shared_name_of_unknown_choices_or_that_is_a_choice_s_own_word_is_named()
    {
        var files = new ShippedFiles();
        files.Question("funding_sources")["shared_names"]!["structural_funds"] = new JsonArray("esf_plus", "cohesion_fund");
        files.Question("lead_organisation_type")["shared_names"]!["municipal_company"] = new JsonArray("local_authority");
        files.Locales["el"]["questions"]!["funding_sources"]!["shared_names"]!["structural_funds"]!.AsArray().Add("ΕΤΠΑ");
        var error = files.LoadBroken();
        Assert.Contains("questions[funding_sources].shared_names.structural_funds: unknown choice \"cohesion_fund\".", error.Problems);
        Assert.Contains("questions[lead_organisation_type].shared_names.municipal_company: a shared name stands for two choices or more.", error.Problems);
        Assert.Contains("locales/el.json: $.questions.funding_sources.shared_names.structural_funds: \"ΕΤΠΑ\" is also a label or synonym of a choice.", error.Problems);
    }

    [Fact]
    public void A_command_word_of_another_command_in_the_same_language_is_named()
    {
        var files = new ShippedFiles();
        files.Locales["fr"]["commands"]!["summary"]!.AsArray().Add("Passer");
        var error = files.LoadBroken();
        Assert.Contains("locales/fr.json: $.commands.summary: \"Passer\" is also a word of the command \"skip\".", error.Problems);
    }

    [Fact]
    public void A_command_word_of_another_command_in_another_language_is_named()
    {
        // "resume" (en, continue) and "résumé" (fr, summary) fold to the same word, and commands work in every language.
        var files = new ShippedFiles();
        files.Locales["en"]["commands"]!["continue"]!.AsArray().Add("resume");
        var error = files.LoadBroken();
        Assert.Contains("locales/fr.json: $.commands.summary: \"résumé\" is also a word of the command \"continue\" in locales/en.json.", error.Problems);
    }

    [Fact]
    public void A_command_word_that_is_also_a_yes_word_or_a_choice_is_named()
    {
        var files = new ShippedFiles();
        files.Locales["it"]["commands"]!["submit"]!.AsArray().Add("Va bene");
        var label = files.Locales["it"]["questions"]!["integration_areas"]!["choices"]!["education"]!["label"]!.GetValue<string>();
        files.Locales["it"]["commands"]!["language"]!.AsArray().Add(label.ToUpperInvariant());
        var error = files.LoadBroken();
        Assert.Contains("locales/it.json: $.commands.submit: \"Va bene\" is also an answer: $.vocabulary.yes.", error.Problems);
        Assert.Contains($"locales/it.json: $.commands.language: \"{label.ToUpperInvariant()}\" is also an answer: $.questions.integration_areas.choices.education.label.", error.Problems);
    }

    [Fact]
    public void A_culture_that_does_not_exist_is_named()
    {
        var files = new ShippedFiles();
        files.Locales["sv"]["language"]!["culture"] = "sv-XX-nowhere";
        var error = files.LoadBroken();
        Assert.Contains("language.culture.sv: \"sv-XX-nowhere\" is not a culture name (such as fr-FR).", error.Problems);
    }

    [Fact]
    public void The_mail_and_number_words_are_read_from_every_locale_file()
    {
        var vocabulary = TestCore.Questionnaire.Vocabulary;
        foreach (var language in TestCore.Questionnaire.Languages.Select(l => l.Code))
        {
            Assert.NotEmpty(vocabulary.ReplyWrote.In(language));
            Assert.NotEmpty(vocabulary.ForwardMarkers.In(language));
            Assert.NotEmpty(vocabulary.SignOffs.In(language));
            Assert.NotEmpty(vocabulary.DateFillers.In(language));
            Assert.NotEmpty(vocabulary.Millions.In(language));
            Assert.NotEmpty(vocabulary.Currencies["EUR"].In(language));
        }
        Assert.Contains("ha scritto", vocabulary.ReplyWrote.In("it"));
        Assert.Equal("el-GR", TestCore.Questionnaire.Languages.Single(l => l.Code == "el").Culture);
    }

    [Fact]
    public void A_word_shared_by_two_choices_of_one_question_is_named()
    {
        var files = new ShippedFiles();
        files.Locales["it"]["questions"]!["funding_sources"]!["choices"]!["esf_plus"]!["synonyms"]!.AsArray().Add("FAMI");
        var error = files.LoadBroken();
        Assert.Contains(error.Problems, p => p.StartsWith("locales/it.json: $.questions.funding_sources.choices.", StringComparison.Ordinal) && p.Contains("\"FAMI\" is also a word of", StringComparison.Ordinal));
    }

    [Fact]
    public void A_synonym_read_only_as_typed_is_accepted_with_its_capitals_and_refused_without()
    {
        // "=LA" in en.json (shipped) loads; "=la" would read the article of fr, es and it only in lower case.
        Assert.Contains("LA", TestCore.Questionnaire.Questions.Single(q => q.Id == "lead_organisation_type")
            .ChoiceList.Single(c => c.Code == "local_authority").AsTyped["en"]);
        var files = new ShippedFiles();
        files.Locales["fr"]["questions"]!["lead_organisation_type"]!["choices"]!["local_authority"]!["synonyms"]!.AsArray().Add("=la");
        var error = files.LoadBroken();
        Assert.Contains("locales/fr.json: $.questions.lead_organisation_type.choices.local_authority.synonyms: \"=la\" is read only as typed, so it needs a capital letter and no spaces at its ends.", error.Problems);
    }
}
