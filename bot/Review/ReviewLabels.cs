namespace Regin.Bot.Review;

/// <summary>
/// What the codes the review screens filter on and show are called there, in English (the REGIN team's working
/// language): flag reasons and channels. The codes stay in the addresses, the forms' values and the exports.
/// </summary>
public static class ReviewLabels
{
    /// <summary>Every reason the intake flags a practice for, in the order the flag filter lists them.</summary>
    public static readonly IReadOnlyList<(string Code, string Label)> FlagReasons =
    [
        (Regin.Core.Normalisation.FlagReasons.RegionUnknown, "region not recognised"),
        (Regin.Core.Normalisation.FlagReasons.CurrencyNotEuro, "amount not in euros"),
        (Regin.Core.Normalisation.FlagReasons.AmountPerYear, "amount per year, years not given"),
        (Regin.Core.Normalisation.FlagReasons.CountPerGroup, "count of one group or course"),
        (Regin.Core.Normalisation.FlagReasons.CountHouseholds, "count of families, not people"),
        (Regin.Core.Normalisation.FlagReasons.ChoiceUnrecognised, "answer not among the choices"),
        (Regin.Core.Normalisation.FlagReasons.AnswerWithCondition, "yes or no with a condition"),
        (Regin.Core.Normalisation.FlagReasons.AnswerRemark, "remark beside an answer"),
        (Regin.Core.Normalisation.FlagReasons.SenderNotAuthenticated, "mail sender not authenticated"),
        (Regin.Core.Normalisation.FlagReasons.UnverifiedUpdate, "unverified mail naming the practice"),
        (Regin.Core.Normalisation.FlagReasons.ChangeHeld, "change proposed by an unverified mail"),
        (Regin.Core.Normalisation.FlagReasons.ContactEmailUnconfirmed, "new contact e-mail to confirm"),
        (Regin.Core.Normalisation.FlagReasons.MailAfterSubmission, "mail after submission"),
        (Regin.Core.Normalisation.FlagReasons.HiddenText, "hidden text in the mail"),
        (Regin.Core.Normalisation.FlagReasons.SenderLookalike, "sender looks like REGIN (phishing?)"),
        (Regin.Core.Normalisation.FlagReasons.SenderNameOfContributor, "sender uses a known contributor's name"),
        (Regin.Core.Normalisation.FlagReasons.ContactNameOfContributor, "contact name of a known contributor"),
        (Regin.Core.Normalisation.FlagReasons.MessageIdReused, "Message-ID of another mail reused"),
        (Regin.Core.Normalisation.FlagReasons.AnsweredTwice, "a question answered twice in one mail"),
        (Regin.Core.Normalisation.FlagReasons.AnswerPromised, "an answer promised for later"),
        (Regin.Core.Normalisation.FlagReasons.PlaceGuessed, "place guessed from a sentence (to confirm)"),
        (Regin.Core.Normalisation.FlagReasons.ReadFromProse, "read from a sentence (to check)"),
        (Regin.Core.Normalisation.FlagReasons.ReadFromSignature, "read from the signature (to confirm)"),
    ];

    /// <summary>The channels a practice arrives by (its <c>Channels</c>), as the list's and the dashboard's filters offer them.</summary>
    public static readonly IReadOnlyList<(string Code, string Label)> Channels =
    [
        (Regin.Core.Persistence.Entities.Channels.Chat, "Chat"),
        (Regin.Core.Persistence.Entities.Channels.Email, "E-mail"),
        (Regin.Core.Persistence.Entities.Channels.Api, "API"),
    ];

    /// <summary>What a flag on no one answer is on (a mail's sender, hidden text): the practice as a whole.</summary>
    public const string PracticeWide = "Practice";

    /// <summary>A flag reason's name; a reason this list does not know yet shows as its code.</summary>
    public static string FlagReason(string reason) => FlagReasons.FirstOrDefault(r => r.Code == reason).Label ?? reason;

    /// <summary>A channel's name; an unknown one shows as its code.</summary>
    public static string Channel(string channel) => Channels.FirstOrDefault(c => c.Code == channel).Label ?? channel;

    /// <summary>A practice's channels ("chat,email") by name: "Chat, E-mail".</summary>
    public static string ChannelList(string channels) =>
        string.Join(", ", (channels ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Channel));
}
