using System.Text.Json.Serialization;
using Regin.Bot.DirectLine;

namespace Regin.Bot.WebChat;

/// <summary>
/// The page's session: POST /webchat/token (a Direct Line token for a new conversation, bound to this browser's user,
/// assigned here and kept in <see cref="WebChatUsers"/>' cookie) and POST /webchat/forget ("not you? start afresh": the
/// browser forgets its user, for a shared computer).
/// </summary>
public static class WebChatSessionEndpoints
{
    public const string TokenPath = "/webchat/token";
    public const string ForgetPath = "/webchat/forget";

    public static IEndpointRouteBuilder MapWebChatSession(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(TokenPath, IssueToken);
        app.MapPost(ForgetPath, Forget);
        return app;
    }

    /// <summary>The user id travels in the token (signed) and in the answer, for Web Chat's userID; the browser never chooses it.</summary>
    public sealed record TokenResponse(
        [property: JsonPropertyName("conversationId")] string ConversationId,
        [property: JsonPropertyName("token")] string Token,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("userId")] string UserId);

    private static IResult IssueToken(HttpContext context, DirectLineTokens tokens, DirectLineRateLimits limits, WebChatUsers users)
    {
        if (!limits.TryStart(context))
        {
            return DirectLineApi.TooMany(context);
        }
        // The same browser within its days resumes as the same user (and finds its draft); otherwise a new user.
        var userId = users.Read(context.Request) ?? DirectLineApi.NewUserId();
        users.Write(context, userId);
        var conversationId = DirectLineApi.NewConversationId();
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new TokenResponse(conversationId, tokens.Issue(conversationId, userId), (int)tokens.Lifetime.TotalSeconds, userId));
    }

    private static IResult Forget(HttpContext context, WebChatUsers users)
    {
        // Only the page itself may make its browser forget (another site's form or script may not): the browser says
        // where the request comes from, in Sec-Fetch-Site or, failing that, Origin.
        if (!IsSameOrigin(context.Request))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "Only this site's page may do this.");
        }
        users.Forget(context);
        return Results.NoContent();
    }

    internal static bool IsSameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site == "same-origin";
        }
        var origin = request.Headers.Origin.ToString();
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
