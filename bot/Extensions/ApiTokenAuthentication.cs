using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Regin.Bot.Extensions;

/// <summary>The researchers' API tokens (Review:ApiTokens, environment Review__ApiTokens__0).</summary>
public sealed class ReviewOptions
{
    public const string SectionName = "Review";

    /// <summary>A shorter token could be guessed.</summary>
    public const int MinTokenLength = 16;

    public List<string> ApiTokens { get; set; } = [];
}

/// <summary>Accepts "Authorization: Bearer &lt;token&gt;" when the token is one of <see cref="ReviewOptions.ApiTokens"/>.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ReviewOptions> review)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var presented = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        var valid = review.CurrentValue.ApiTokens
            .Where(token => !string.IsNullOrWhiteSpace(token))
            .Any(token => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), presented));
        if (!valid)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API token is not valid."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-token")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return base.HandleChallengeAsync(properties);
    }
}
