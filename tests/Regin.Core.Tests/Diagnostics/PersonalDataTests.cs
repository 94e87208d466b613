using Regin.Core.Diagnostics;

namespace Regin.Core.Tests.Diagnostics;

/// <summary>What logs say of a contributor's address (security review L10).</summary>
public sealed class PersonalDataTests
{
    [Theory]
    [InlineData("maria.rossi@regione.lombardia.it", "m…@regione.lombardia.it")]
    [InlineData("email:maria.rossi@regione.lombardia.it", "email:m…@regione.lombardia.it")]
    [InlineData("reply to <maria.rossi@regione.lombardia.it>", "reply to <m…@regione.lombardia.it>")]
    [InlineData("@x.org", "@x.org")]
    [InlineData("email:@x.org", "email:@x.org")]
    [InlineData("msteams:29:1a2b3c", "msteams:29:1a2b3c")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void An_address_keeps_only_its_first_letter_and_its_domain(string? text, string logged) =>
        Assert.Equal(logged, PersonalData.Masked(text));
}
