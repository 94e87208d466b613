using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Bot.Schema;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// The text of a Teams message as the contributor typed it. Teams sends a message's text as HTML (its textFormat still
/// "plain"): paragraphs in <c>&lt;p&gt;</c>, spaces as <c>&amp;nbsp;</c>, bold, lists, an at-mention of the bot in a group
/// chat. chatplay49: "&lt;p&gt;Aoife&amp;nbsp;Byrne&lt;/p&gt;" was stored as the name, tags and entity included, and a
/// greeting in a paragraph was taken as the name. The bot's own mention is removed, then the markup: paragraphs, line
/// breaks and list items become lines (a list item a bullet, as a pasted list is split), other tags are dropped with their
/// text kept (a colleague's mention is her name), an emoji image is its alt text, entities are decoded, no-break spaces are
/// spaces. A text with no Teams tag or entity is left as it is ("a &lt; b", "3 <5 years").
/// </summary>
internal static partial class TeamsText
{
    /// <summary>The text the engine reads: on Teams without the bot's mention and the markup, elsewhere the activity's text.</summary>
    public static string? Of(Activity activity) =>
        activity.ChannelId == Microsoft.Bot.Connector.Channels.Msteams ? Plain(activity.RemoveRecipientMention() ?? activity.Text) : activity.Text;

    /// <summary>The plain text of Teams' HTML <paramref name="text"/>; unchanged when it holds no Teams markup.</summary>
    public static string? Plain(string? text)
    {
        if (string.IsNullOrEmpty(text) || !Markup().IsMatch(text))
        {
            return text;
        }
        var plain = Paragraph().Replace(text, "\n\n");
        plain = Line().Replace(plain, "\n");
        plain = ListItem().Replace(plain, "\n• ");
        plain = Picture().Replace(plain, m => " " + m.Groups["alt"].Value + " ");
        plain = AnyTag().Replace(plain, "");
        plain = WebUtility.HtmlDecode(plain).Replace('\u00A0', ' ');
        plain = Spaces().Replace(plain, " ");
        plain = SpacesAroundLineBreaks().Replace(plain, "\n");
        plain = BlankLines().Replace(plain, "\n\n");
        return plain.Trim();
    }

    private const string Tags = "p|div|br|span|at|b|strong|i|em|u|s|strike|del|ins|ol|ul|li|a|blockquote|pre|code|h[1-6]|img|emoji|table|thead|tbody|tr|td|th|hr|sup|sub|font|attachment|systemtag";

    [GeneratedRegex(@"</?(?:" + Tags + @")\b[^>]*>|&(?:nbsp|amp|lt|gt|quot|apos|#\d{1,6}|#x[0-9a-f]{1,5});", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Markup();

    [GeneratedRegex(@"</(?:p|h[1-6]|blockquote|pre|table|ol|ul)\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Paragraph();

    [GeneratedRegex(@"<br\b[^>]*>|</(?:div|tr)\s*>|<hr\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Line();

    [GeneratedRegex(@"<li\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ListItem();

    [GeneratedRegex(@"<(?:img|emoji)\b[^>]*?\balt=""(?<alt>[^""]*)""[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Picture();

    [GeneratedRegex(@"</?(?:" + Tags + @")\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[ \t]*\n[ \t]*")]
    private static partial Regex SpacesAroundLineBreaks();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
