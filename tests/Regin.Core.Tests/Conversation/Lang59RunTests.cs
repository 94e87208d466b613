namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 59 (lang59): regional words met in whole plays. A Cypriot official's district, "Επαρχία Λευκωσίας", is the place
/// asked at the region (Cyprus is one NUTS 2 region, CY00) though its administration leads practices too: with the bare word
/// "Επαρχία" among the organisation kinds, the chat took the region's answer for the leading organisation.
/// </summary>
public sealed class Lang59RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    [Theory]
    [InlineData("Επαρχια Λευκωσιας")]
    [InlineData("Επαρχία Λεμεσού")]
    public async Task A_cypriot_district_at_the_region_is_cyprus(string district)
    {
        var chat = await AtAsync("el-CY", "region", "Ανδρεας Χριστοδουλου", "Επαρχιακη Διοικηση Λευκωσιας", "achristodoulou@dis.moi.gov.cy",
            "99 123456", "Κεντρο Πληροφορησης Μεταναστων", "Κυπρος");

        await chat.SendAsync(district);

        Assert.Equal("\"CY00\"", (await AnswerOfAsync("region"))?.ValueJson);
        Assert.Null(await AnswerOfAsync("lead_organisation"));
        Assert.Equal("lead_organisation", chat.AskedQuestion);
    }
}
