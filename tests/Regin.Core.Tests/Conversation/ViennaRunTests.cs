using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 47, a Vienna city official's chat (MA 17, started in English, then German): at the areas' Other confirmation
/// ("Orientierung" kept under Other) he typed the target groups with one group that is no option ("EU-Bürger"): they
/// replaced the areas' Other, and the target groups and the next answers were lost at confirmations.
/// </summary>
public sealed class ViennaRunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    [Theory]
    [InlineData("de-AT", "Sprachkurse, Bildungsberatung, Arbeitsmarkt, Orientierung", "Orientierung",
        "Neuzugewanderte aus Drittstaaten und EU-Bürger, Asylberechtigte", "[\"newly_arrived\",\"third_country_nationals\",\"international_protection\",\"other\"]", "EU-Bürger")]
    [InlineData("en-IE", "language classes, jobs and orientation", "orientation",
        "third country nationals, refugees and EU citizens", "[\"third_country_nationals\",\"international_protection\",\"other\"]", "EU citizens")]
    public async Task The_target_groups_with_one_unknown_group_typed_at_the_areas_other_confirmation_answer_the_target_groups(
        string locale, string areas, string areasOther, string groups, string groupsJson, string groupsOther)
    {
        var chat = Host.Chat(locale);
        await chat.StartAsync();
        var german = locale.StartsWith("de", StringComparison.Ordinal);
        foreach (var answer in german
            ? new[] { "Lukas Gruber", "Stadt Wien MA 17", "lukas.gruber@wien.gv.at", "überspringen", "Start Wien", "Österreich", "Wien",
                "wir selbst", "Stadt Wien", "wir finanzieren und führen es selbst durch" }
            : new[] { "Aoife Byrne", "Cork City Council", "aoife.byrne@corkcity.ie", "skip", "Welcome Cork", "Ireland", "Cork",
                "we do", "city council", "the region funds it and leads it" })
        {
            await chat.SendAsync(answer);
        }
        if (chat.Progress.Pending is CandidateConfirmation)
        {
            await chat.SendAsync(german ? "ja" : "yes"); // "Did you mean Indirect: funding, Direct: leader?"
        }
        foreach (var answer in german
            ? new[] { "überspringen", "überspringen", "seit Herbst 2016", "läuft weiter" }
            : new[] { "skip", "skip", "since autumn 2016", "still running" })
        {
            await chat.SendAsync(answer);
        }
        Assert.Equal("integration_areas", chat.AskedQuestion);
        await chat.SendAsync(areas);
        Assert.IsType<OtherConfirmation>(chat.Progress.Pending);

        await chat.SendAsync(groups);

        var stored = await AnswerOfAsync("integration_areas");
        Assert.Contains("\"other\"", stored!.ValueJson, StringComparison.Ordinal);
        Assert.Equal(areasOther, stored.OtherText);
        var targets = await AnswerOfAsync("target_groups");
        Assert.Equal(groupsJson, targets!.ValueJson);
        Assert.Equal(groupsOther, targets.OtherText);
        // The target groups' own Other is asked there, not the areas'.
        Assert.Equal(new OtherConfirmation("target_groups"), chat.Progress.Pending);
    }
}
