using Regin.Bot.Extensions;

namespace Regin.Bot.Review;

/// <summary>Failed sign-ins (passwords, two-step codes) per client address: after 10 within 15 minutes, 429.</summary>
public sealed class SignInThrottle(TimeProvider clock) : AddressFailureThrottle(clock, 10, TimeSpan.FromMinutes(15));
