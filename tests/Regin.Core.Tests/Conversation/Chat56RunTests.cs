using Regin.Core.Conversation;

namespace Regin.Core.Tests.Conversation;

/// <summary>
/// Session 56 (chat56): what people typing met. "120 par an" at the people reached was stored as 120 bare, the year lost;
/// "back" showed the question before without the answer given to it.
/// </summary>
public sealed class Chat56RunTests(ConversationClassHost classHost) : ChatRunTests(classHost)
{
    private static string Back(string locale) => locale[..2] switch
    {
        "de" => "zurück", "fr" => "retour", "it" => "indietro", "es" => "atrás", "el" => "πίσω", "pt" => "voltar", "sv" => "tillbaka", _ => "back",
    };

    private static string Keep(string locale) => locale[..2] switch
    {
        "de" => "behalten", "fr" => "garder", "it" => "mantieni", "es" => "mantener", "el" => "κράτα", "pt" => "manter", "sv" => "behåll", _ => "keep",
    };

    // 2. A count per year at the people reached: the number with the year kept beside it, as a month is.

    [Theory]
    [InlineData("en", "120 per year", "per year")]
    [InlineData("es", "120 al año", "al ano")]
    [InlineData("de", "120 pro Jahr", "pro jahr")]
    [InlineData("el", "120 το χρόνο", "το χρονο")]
    [InlineData("fr", "120 par an", "par an")]
    [InlineData("it", "120 all'anno", "all anno")]
    [InlineData("pt", "120 por ano", "por ano")]
    [InlineData("sv", "120 per år", "per ar")]
    [InlineData("es", "unas 120 personas al año", "al ano")]
    [InlineData("fr", "environ 120 jeunes par an", "par an")]
    [InlineData("de", "ca. 120 Teilnehmende jährlich", "jahrlich")]
    [InlineData("el", "περιπου 120 ατομα τον χρονο", "τον χρονο")]
    public void A_count_per_year_keeps_the_number_and_the_year_beside_it(string language, string typed, string period)
    {
        var read = TestCore.Normalise("beneficiaries_count", typed, language);

        Assert.True(read.Ok, read.Error);
        Assert.False(read.NeedsConfirmation);
        Assert.Equal("120", read.Value?.ToJsonString());
        var remark = Assert.Single(read.Flags, f => f.Reason == "answer_remark");
        Assert.Equal(period, Regin.Core.Normalisation.TextKey.Fold(remark.Detail ?? ""));
        Assert.Single(read.Warnings);
    }

    // 5. "back" shows the answer given before, and "keep" keeps it.

    [Theory]
    [InlineData("en-IE")]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    [InlineData("it-IT")]
    [InlineData("es-ES")]
    [InlineData("el-GR")]
    [InlineData("pt-PT")]
    [InlineData("sv-SE")]
    public async Task Back_shows_the_answer_given_before_and_keep_keeps_it(string locale)
    {
        var lead = Chat51RunTests.ToTheLead(locale);
        var chat = await AtAsync(locale, "contact_email", lead[0], lead[1]);

        await chat.SendAsync(Back(locale));

        var said = string.Join(" | ", chat.Shown);
        Assert.Equal("contact_organisation", chat.AskedQuestion);
        Assert.Contains(lead[1], said, StringComparison.Ordinal);
        Assert.Contains(Keep(locale), said, StringComparison.Ordinal);

        await chat.SendAsync(Keep(locale));

        said = string.Join(" | ", chat.Shown);
        Assert.True(chat.AskedQuestion == "contact_email", said);
        var organisation = await AnswerOfAsync("contact_organisation");
        Assert.Equal(lead[1], organisation?.ValueJson?.Unquoted());
    }

    [Theory]
    // The lead's Västra Götaland play (session 56): "behall det" after "tillbaka" was stored as the activities' answer.
    [InlineData("sv-SE", "behall det")]
    [InlineData("en-IE", "keep it")]
    [InlineData("de-DE", "behalten bitte")]
    [InlineData("fr-FR", "on garde")]
    public async Task Keep_typed_in_a_hurry_after_back_keeps_the_answer(string locale, string typed)
    {
        var lead = Chat51RunTests.ToTheLead(locale);
        var chat = await AtAsync(locale, "contact_email", lead[0], lead[1]);
        await chat.SendAsync(Back(locale));

        await chat.SendAsync(typed);

        var organisation = await AnswerOfAsync("contact_organisation");
        Assert.Equal(lead[1], organisation?.ValueJson?.Unquoted());
        Assert.True(chat.AskedQuestion == "contact_email", string.Join(" | ", chat.Shown));
    }

    [Theory]
    [InlineData("de-DE", "Caritas Steiermark")]
    [InlineData("es-ES", "Cruz Roja Murcia")]
    [InlineData("el-GR", "ΜΚΟ Αλληλεγγύη")]
    public async Task A_new_answer_after_back_replaces_the_one_shown(string locale, string typed)
    {
        var lead = Chat51RunTests.ToTheLead(locale);
        var chat = await AtAsync(locale, "contact_email", lead[0], lead[1]);
        await chat.SendAsync(Back(locale));

        await chat.SendAsync(typed);

        Assert.Equal(typed, (await AnswerOfAsync("contact_organisation"))?.ValueJson?.Unquoted());
        Assert.Equal("contact_email", chat.AskedQuestion);
    }

    [Theory]
    [InlineData("en-IE")]
    [InlineData("fr-FR")]
    public async Task A_question_never_answered_asked_again_by_back_says_no_answer(string locale)
    {
        var lead = Chat51RunTests.ToTheLead(locale);
        // The phone skipped: back from the title shows it without an answer said.
        var chat = await AtAsync(locale, "title", lead[0], lead[1], lead[2], locale == "fr-FR" ? lead[3] : "skip");

        await chat.SendAsync(Back(locale));

        Assert.Equal("contact_phone", chat.AskedQuestion);
        Assert.DoesNotContain(Keep(locale), string.Join(" | ", chat.Shown), StringComparison.Ordinal);
    }

    // 3. A reply past "Did you mean …?" that is no yes: the answer or a correction, never a no stored or the same ask again.

    [Theory]
    [InlineData("en-IE", "fundng", "no, I meant advice", "indirect_advisory")]
    [InlineData("en-IE", "fundng", "advice", "indirect_advisory")]
    [InlineData("fr-FR", "financemnt", "non, c'est du conseil", "indirect_advisory")]
    [InlineData("fr-FR", "financemnt", "conseil", "indirect_advisory")]
    [InlineData("de-DE", "Finanzirung", "nein, ich meinte Beratung", "indirect_advisory")]
    [InlineData("es-ES", "financiacon", "no, queria decir asesoramiento", "indirect_advisory")]
    [InlineData("it-IT", "finanziamnto", "no, intendevo consulenza", "indirect_advisory")]
    [InlineData("pt-PT", "financiamnto", "nao, queria dizer aconselhamento", "indirect_advisory")]
    [InlineData("el-GR", "χρηματοδοτιση", "οχι, εννοουσα συμβουλευτικη", "indirect_advisory")]
    [InlineData("sv-SE", "finansirering", "nej, jag menade rådgivning", "indirect_advisory")]
    public async Task Another_answer_past_did_you_mean_is_read_as_the_answer(string locale, string typo, string reply, string code)
    {
        var chat = await AtTheRoleAsync(locale);
        await chat.SendAsync(typo);
        var asked = string.Join(" | ", chat.Shown);
        Assert.True(chat.Progress.Pending is CandidateConfirmation, asked);

        await chat.SendAsync(reply);

        var said = asked + " || " + string.Join(" | ", chat.Shown);
        var role = await AnswerOfAsync("regional_authority_role");
        Assert.True(role?.ValueJson?.Contains(code, StringComparison.Ordinal) == true, said);
        Assert.DoesNotContain("indirect_funding", role!.ValueJson!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-IE", "fundng", "what do you mean?")]
    [InlineData("fr-FR", "financemnt", "c'est-à-dire ?")]
    [InlineData("de-DE", "Finanzirung", "was meinen Sie?")]
    [InlineData("es-ES", "financiacon", "que quiere decir?")]
    [InlineData("it-IT", "finanziamnto", "cosa intende?")]
    [InlineData("el-GR", "χρηματοδοτιση", "τι εννοειτε;")]
    public async Task A_question_past_did_you_mean_stores_nothing_and_asks_again(string locale, string typo, string reply)
    {
        var chat = await AtTheRoleAsync(locale);
        await chat.SendAsync(typo);
        Assert.IsType<CandidateConfirmation>(chat.Progress.Pending);
        var asked = string.Join(" | ", chat.Shown);

        await chat.SendAsync(reply);

        var said = string.Join(" | ", chat.Shown);
        Assert.True(await AnswerOfAsync("regional_authority_role") is null, said);
        Assert.NotEqual(asked, said);
    }

    // 4. The region's role split per clause: what the region does read, what "we" do left to the contributor's organisation.

    [Theory]
    [InlineData("es-ES", "la comunidad financia, nosotros lo gestionamos")]
    [InlineData("fr-FR", "la région finance, nous on gère")]
    [InlineData("it-IT", "la regione finanzia, noi gestiamo")]
    [InlineData("it-IT", "la regione finanzia e noi gestiamo")]
    [InlineData("de-DE", "das Land finanziert, wir setzen um")]
    [InlineData("pt-PT", "a região financia, nós gerimos")]
    [InlineData("el-GR", "η περιφερεια χρηματοδοτει, εμεις το υλοποιουμε")]
    [InlineData("en-IE", "the region funds it, we run it")]
    // Clauses joined by but/while/whereas (session 57, the `whereas` list).
    [InlineData("en-IE", "the region funds while we manage")]
    [InlineData("en-IE", "we run it but the region funds it")]
    [InlineData("fr-FR", "la région finance mais c'est nous qui gérons")]
    [InlineData("fr-FR", "la region finance alors que nous on gere")]
    [InlineData("de-DE", "die Region finanziert, während wir umsetzen")]
    [InlineData("de-DE", "das Land finanziert aber wir setzen um")]
    [InlineData("it-IT", "la regione finanzia mentre noi gestiamo")]
    [InlineData("es-ES", "la comunidad financia mientras que nosotros lo gestionamos")]
    [InlineData("pt-PT", "a região financia enquanto nós gerimos")]
    [InlineData("el-GR", "η περιφερεια χρηματοδοτει ενω εμεις το υλοποιουμε")]
    [InlineData("sv-SE", "regionen finansierar medan vi driver det")]
    public async Task The_region_funds_we_manage_is_the_regions_funding_only(string locale, string typed)
    {
        var chat = await AtTheRoleAsync(locale);

        await chat.SendAsync(typed);
        if (chat.Progress.Pending is not null)
        {
            await chat.SendAsync(Chat51RunTests.Yes(locale));
        }

        var said = string.Join(" | ", chat.Shown);
        var role = await AnswerOfAsync("regional_authority_role");
        Assert.True(role?.ValueJson == "[\"indirect_funding\"]", said + " :: " + role?.ValueJson);
        Assert.Equal(typed, role!.Original);
    }
}
