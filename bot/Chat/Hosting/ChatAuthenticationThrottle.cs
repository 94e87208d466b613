using Regin.Bot.Extensions;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// With MicrosoftAppId set, POST /api/messages is gated by the Bot Framework's token, not by the per-address request
/// limit: Microsoft's channel service sends every Teams and Azure Web Chat user's messages from a few addresses, which
/// that limit (Hosting:RequestsPerMinute) would refuse on a busy day. What an address is limited by instead is its
/// failed authentications: after 20 within 15 minutes it gets 429 (a forged token costs a signature check each).
/// </summary>
public sealed class ChatAuthenticationThrottle(TimeProvider clock) : AddressFailureThrottle(clock, 20, TimeSpan.FromMinutes(15));
