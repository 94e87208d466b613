namespace Regin.Core.Localisation;

/// <summary>
/// The message keys the code uses. The texts live in the locale files, core/Questionnaire/locales/{lang}.json (never in C#); the validator
/// refuses a file that lacks one of these, so a missing text is caught at start, not in a conversation.
/// </summary>
public static class MessageKeys
{
    public const string Required = "validation.required";
    public const string RequiredUnsure = "validation.required_unsure";
    public const string Placeholder = "validation.placeholder";
    public const string OwnWords = "validation.own_words";
    public const string Declined = "validation.declined";
    public const string Empty = "validation.empty";
    public const string TooLong = "validation.too_long";
    public const string SingleLine = "validation.single_line";
    public const string Email = "validation.email";
    public const string Phone = "validation.phone";
    public const string Url = "validation.url";
    public const string UrlDeceptive = "validation.url_deceptive";
    public const string EmailDeceptive = "validation.email_deceptive";
    public const string Date = "validation.date";
    public const string DateNotExist = "validation.date_not_exist";
    public const string DateReversed = "validation.date_reversed";
    public const string MoneyPerYear = "validation.money_per_year";
    public const string DateOrOngoing = "validation.date_or_ongoing";
    public const string DateTerm = "validation.date_term";
    public const string EndBeforeStart = "validation.end_before_start";
    public const string Integer = "validation.integer";
    public const string Negative = "validation.negative";
    public const string Money = "validation.money";
    public const string MoneyCurrency = "validation.money_currency";
    public const string MoneyYearly = "validation.money_yearly";
    public const string CountPerGroup = "validation.count_per_group";
    public const string CountHouseholds = "validation.count_households";
    public const string MoneyNotStated = "validation.money_not_stated";
    public const string Country = "validation.country";
    public const string RegionCountry = "validation.region_country";
    public const string RegionUnknown = "validation.region_unknown";
    public const string RegionNoNuts = "validation.region_no_nuts";
    public const string Choice = "validation.choice";
    public const string ChoiceSeveral = "validation.choice_several";
    public const string ChoiceWhich = "validation.choice_which";
    public const string ChoiceShared = "validation.choice_shared";
    public const string ChoiceOther = "validation.choice_other";
    public const string ChoiceMostlyUnread = "validation.choice_mostly_unread";
    /// <summary>"I'd like to add our project" where the person's name is asked: a sentence about oneself, no name.</summary>
    public const string NotAName = "validation.not_a_name";
    /// <summary>A date or a number alone where an organisation is asked ("2021-01").</summary>
    public const string OrganisationNotANumber = "validation.organisation_not_a_number";
    /// <summary>"we lead it" at the regional authority's role from a contributor whose organisation is not the region: the
    /// question is about the region's role.</summary>
    public const string RoleOfTheRegion = "validation.role_of_the_region";
    /// <summary>A public body of no level said ("pubblica amministrazione") kept under Other: which level it is.</summary>
    public const string ChoiceOtherLevel = "validation.choice_other_level";
    public const string ChoiceNoneAlone = "validation.choice_none_alone";
    public const string YesNo = "validation.yesno";
    /// <summary>"not yet", "noch nicht", "όχι ακόμα" to the consent question: no refusal, a decision still to take.</summary>
    public const string YesNoUndecided = "validation.yesno_undecided";
    public const string NumberWhich = "validation.number_which";
    public const string DateWhich = "validation.date_which";
    public const string CountryWhich = "validation.country_which";
    /// <summary>A place typed at the country ("Evora, Alentejo"): its country offered to confirm.</summary>
    public const string CountryOfPlace = "validation.country_of_place";
    public const string AnswerCondition = "validation.answer_condition";
    public const string UnknownQuestion = "validation.unknown_question";
    public const string DidYouMean = "validation.did_you_mean";
    public const string DidYouMeanOneOf = "validation.did_you_mean_one_of";
    /// <summary>An end date with a renewal after it ("hasta dic 2025, luego se renueva"): still ongoing, or ended then?</summary>
    public const string DateRenewed = "validation.date_renewed";

    public static IReadOnlyList<string> All { get; } = typeof(MessageKeys)
        .GetFields()
        .Where(field => field.IsLiteral)
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToArray();
}
