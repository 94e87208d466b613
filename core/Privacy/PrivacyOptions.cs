using System.ComponentModel.DataAnnotations;

namespace Regin.Core.Privacy;

/// <summary>Settings of the contributors' privacy (section "Privacy"), read by both hosts.</summary>
public sealed class PrivacyOptions
{
    public const string SectionName = "Privacy";

    /// <summary>
    /// The privacy notice's address, linked from the chat, the templates and the mail replies (the page language is
    /// added as ?lang=xx); empty: "/privacy" on Chat:PublicBaseUrl, else on the first of Urls.
    /// </summary>
    public string NoticeUrl { get; set; } = "";

    /// <summary>Raw inputs (e-mails and chat messages as received) of approved or rejected practices are purged after this many days.</summary>
    [Range(1, 36500)]
    public int RawInputRetentionDays { get; set; } = 730;

    /// <summary>How often the bot host purges raw inputs that are due (at start, then every so many hours); 0: never.</summary>
    [Range(0, 8760)]
    public double RetentionCheckHours { get; set; } = 24;

    /// <summary>The notice in one language.</summary>
    public string NoticeUrlIn(string language) => NoticeUrl + (NoticeUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=" + language;

    /// <summary>The terms of use next to the notice ("/terms" instead of "/privacy").</summary>
    public string TermsUrlIn(string language) =>
        (NoticeUrl.EndsWith("/privacy", StringComparison.Ordinal) ? NoticeUrl[..^"/privacy".Length] + "/terms" : NoticeUrl) + "?lang=" + language;
}
