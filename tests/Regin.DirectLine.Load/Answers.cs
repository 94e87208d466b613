namespace Regin.DirectLine.Load;

/// <summary>What the scripted contributor answers to the questions it knows; a description where a free text is asked.</summary>
internal static class Answers
{
    private static readonly Dictionary<string, string> KnownAnswers = new()
    {
        ["contact_name"] = "Load Tester",
        ["contact_organisation"] = "Region of Load",
        ["contact_email"] = "load@example.org",
        ["contact_phone"] = "+32 2 555 0100",
        ["title"] = "One-stop shop for newcomers",
        ["country"] = "BE",
        ["region"] = "BE10",
        ["lead_organisation"] = "Region of Load",
        ["start_date"] = "2019-03",
        ["end_date"] = "2023",
        ["beneficiaries_count"] = "1200",
        ["budget_eur"] = "250000",
        ["website"] = "www.example.org",
    };

    public const string Description = "A one-stop shop in every province guides newcomers to the services they need.";

    public static string? Known(string question) => KnownAnswers.GetValueOrDefault(question);
}
