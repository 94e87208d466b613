using System.Security.Claims;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Rest;
using Newtonsoft.Json;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// The configured Bot Framework authentication (every request still authenticated by it), except that the clients for
/// outbound calls that the CloudAdapter makes for every turn (a ConnectorClient with its HttpClient and credentials, a
/// UserTokenClient) are made only when a turn actually calls out. A turn with deliveryMode expectReplies answers in the
/// HTTP response and never does; building the two clients was a large part of such a turn's CPU.
/// </summary>
public sealed class DeferredConnectorAuthentication(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
{
    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken);
        result.ConnectorFactory = new DeferredConnectorFactory(result.ConnectorFactory);
        return result;
    }

    public override async Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken);
        result.ConnectorFactory = new DeferredConnectorFactory(result.ConnectorFactory);
        return result;
    }

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new DeferredConnectorFactory(inner.CreateConnectorFactory(claimsIdentity));

    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken) =>
        Task.FromResult<UserTokenClient>(new DeferredUserTokenClient(token => inner.CreateUserTokenClientAsync(claimsIdentity, token)));

    public override BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    private sealed class DeferredConnectorFactory(ConnectorFactory inner) : ConnectorFactory
    {
        public override Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken = default) =>
            Task.FromResult<IConnectorClient>(new DeferredConnectorClient(() => inner.CreateAsync(serviceUrl, audience, CancellationToken.None)));
    }

    /// <summary>An IConnectorClient that makes the real one on first use (the factory's work is credentials and a constructor, no I/O).</summary>
    private sealed class DeferredConnectorClient(Func<Task<IConnectorClient>> create) : IConnectorClient
    {
        private IConnectorClient? _client;

        private IConnectorClient Client => _client ??= create().GetAwaiter().GetResult();

        public Uri BaseUri
        {
            get => Client.BaseUri;
            set => Client.BaseUri = value;
        }

        public JsonSerializerSettings SerializationSettings => Client.SerializationSettings;

        public JsonSerializerSettings DeserializationSettings => Client.DeserializationSettings;

        public ServiceClientCredentials Credentials => Client.Credentials;

        public IAttachments Attachments => Client.Attachments;

        public IConversations Conversations => Client.Conversations;

        public void Dispose() => _client?.Dispose();
    }

    /// <summary>A UserTokenClient that makes the real one on the first call (only sign-in prompts use it; Regin has none).</summary>
    private sealed class DeferredUserTokenClient(Func<CancellationToken, Task<UserTokenClient>> create) : UserTokenClient
    {
        private UserTokenClient? _client;

        private async Task<UserTokenClient> ClientAsync(CancellationToken cancellationToken) => _client ??= await create(cancellationToken);

        public override async Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
            await (await ClientAsync(cancellationToken)).GetUserTokenAsync(userId, connectionName, channelId, magicCode, cancellationToken);

        public override async Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) =>
            await (await ClientAsync(cancellationToken)).GetSignInResourceAsync(connectionName, activity, finalRedirect, cancellationToken);

        public override async Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) =>
            await (await ClientAsync(cancellationToken)).SignOutUserAsync(userId, connectionName, channelId, cancellationToken);

        public override async Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) =>
            await (await ClientAsync(cancellationToken)).GetTokenStatusAsync(userId, channelId, includeFilter, cancellationToken);

        public override async Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) =>
            await (await ClientAsync(cancellationToken)).GetAadTokensAsync(userId, connectionName, resourceUrls, channelId, cancellationToken);

        public override async Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) =>
            await (await ClientAsync(cancellationToken)).ExchangeTokenAsync(userId, connectionName, channelId, exchangeRequest, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _client?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
