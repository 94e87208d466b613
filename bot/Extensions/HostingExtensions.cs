using Microsoft.AspNetCore.DataProtection;
using Regin.Core.Persistence;

namespace Regin.Bot.Extensions;

/// <summary>What makes several bot hosts behind one address behave as one: a shared key ring.</summary>
public static class HostingExtensions
{
    /// <summary>The application name in the key ring: every host of one database must use the same.</summary>
    public const string DataProtectionApplicationName = "regin";

    public static WebApplicationBuilder AddReginHosting(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Sign-in cookies, antiforgery tokens and (without DirectLine:Secret) Direct Line tokens are protected with keys
        // kept in the database, so any host reads what another wrote, and a restart signs nobody out.
        builder.Services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<ReginDbContext>();
        return builder;
    }
}
