using Regin.Core.Normalisation.Matching;

namespace Regin.Core.Tests.Normalisation;

/// <summary>The matching rules the corpus relies on, one by one (issue 9, part 2).</summary>
public class MatchingTests
{
    [Theory]
    [InlineData("de", "Ich bin nicht einverstanden", "false")]
    [InlineData("de", "Ich bin damit nicht einverstanden", "false")]
    [InlineData("de", "Natürlich nicht", "false")]
    [InlineData("de", "Nicht ok", "false")]
    [InlineData("de", "Ich stimme zu", "true")]
    [InlineData("fr", "pas ok", "false")]
    [InlineData("fr", "Je ne suis pas d'accord", "false")]
    [InlineData("fr", "Oui, pas de problème", "true")]
    [InlineData("it", "non acconsento", "false")]
    [InlineData("it", "va bene", "true")]
    [InlineData("es", "no, no acepto", "false")]
    [InlineData("pt", "não concordo", "false")]
    [InlineData("el", "δεν συμφωνώ", "false")]
    [InlineData("el", "oxi", "false")]
    [InlineData("el", "nai", "true")]
    [InlineData("sv", "jag godkänner inte", "false")]
    [InlineData("sv", "javisst", "true")]
    [InlineData("en", "I do not agree", "false")]
    [InlineData("en", "of course", "true")]
    public void Yes_and_no_understand_negation(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("consent_publish", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
    }

    // "Why not?" agrees, in every language, though it holds a negation (it was read as no: a consent lost); only when it
    // closes its clause: "porque no quiero" is "because I do not want to".
    [Theory]
    [InlineData("en", "why not", "true")]
    [InlineData("en", "Sure, why not?", "true")]
    [InlineData("de", "Warum nicht?", "true")]
    [InlineData("de", "ja, wieso nicht", "true")]
    [InlineData("fr", "pourquoi pas ?", "true")]
    [InlineData("it", "perché no?", "true")]
    [InlineData("it", "perchè no", "true")]
    [InlineData("es", "¿Por qué no?", "true")]
    [InlineData("pt", "porque não?", "true")]
    [InlineData("pt", "Sim, por que não", "true")]
    [InlineData("sv", "varför inte", "true")]
    [InlineData("el", "γιατί όχι;", "true")]
    [InlineData("es", "porque no quiero", "false")]
    [InlineData("pt", "porque não quero", "false")]
    [InlineData("it", "no, perché non voglio", "false")]
    [InlineData("de", "nein, warum nicht anonym?", "false")]
    public void Why_not_agrees_when_it_closes_its_clause(string language, string text, string expected)
    {
        var answer = TestCore.Normalise("consent_publish", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
    }

    // A yes word that is a verb opening another request ("quero", "pretendo": vocabulary yes_alone) is a yes alone or as
    // its own clause, never inside a longer one: "quero alterar a 16" at the consent question was recorded as consent.
    [Theory]
    [InlineData("pt", "quero", "true")]
    [InlineData("pt", "Pretendo", "true")]
    [InlineData("pt", "sim, quero", "true")]
    [InlineData("pt", "confirmo", "true")]
    [InlineData("es", "confirmo", "true")]
    [InlineData("it", "confermo", "true")]
    [InlineData("fr", "je confirme", "true")]
    [InlineData("pt", "quero alterar a 16, esqueci as mulheres", null)]
    [InlineData("pt", "quero pensar", null)]
    [InlineData("pt", "pretendo falar primeiro com a minha chefe", null)]
    public void A_yes_verb_is_a_yes_only_alone(string language, string text, string? expected)
    {
        var answer = TestCore.Normalise("consent_publish", text, language);
        if (expected is null)
        {
            Assert.False(answer.Ok);
            return;
        }
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
    }

    [Theory]
    [InlineData("en", "maybe")]
    [InlineData("en", "yes and no")]
    [InlineData("de", "vielleicht")]
    [InlineData("it", "forse sì")]
    [InlineData("fr", "je ne sais pas")]
    [InlineData("sv", "kanske")]
    [InlineData("en", "blue")]
    public void Consent_is_never_recorded_from_an_unsure_answer(string language, string text)
    {
        Assert.False(TestCore.Normalise("consent_publish", text, language).Ok);
    }

    // A reservation qualifies the answer, it does not turn it round: "yes but please don't publish my phone number" was
    // stored as no (the negation in the reservation read as the answer's own).
    [Theory]
    [InlineData("en", "yes but please don't publish my phone number", "true", "please don't publish my phone number")]
    [InlineData("en", "no, but you can contact me", "false", "you can contact me")]
    [InlineData("de", "ja, aber bitte nicht meinen Namen", "true", "bitte nicht meinen Namen")]
    [InlineData("fr", "oui, mais sans mon numéro de téléphone", "true", "sans mon numéro de téléphone")]
    [InlineData("it", "sì, purché non compaia il mio nome", "true", "non compaia il mio nome")]
    [InlineData("es", "sí, pero sin mi teléfono", "true", "sin mi teléfono")]
    [InlineData("pt", "sim, mas não publiquem o meu telefone", "true", "não publiquem o meu telefone")]
    [InlineData("el", "ναι, αλλά όχι το τηλέφωνό μου", "true", "όχι το τηλέφωνό μου")]
    [InlineData("sv", "ja, men inte mitt telefonnummer", "true", "inte mitt telefonnummer")]
    public void A_yes_or_no_with_a_reservation_is_read_before_it_and_the_reservation_is_kept_for_researchers(
        string language, string text, string expected, string reservation)
    {
        var answer = TestCore.Normalise("consent_publish", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
        var flag = Assert.Single(answer.Flags);
        Assert.Equal("answer_with_condition", flag.Reason);
        Assert.Equal(reservation, flag.Detail);
        Assert.Contains(reservation, Assert.Single(answer.Warnings));
    }

    [Theory]
    [InlineData("de", "nur anonymisiert", "nur anonymisiert")]
    [InlineData("de", "Nur anonymisiert bitte.", "Nur anonymisiert bitte")]
    [InlineData("de", "sofern anonymisiert", "sofern anonymisiert")]
    [InlineData("en", "only without my name", "only without my name")]
    [InlineData("fr", "uniquement sans mon nom", "uniquement sans mon nom")]
    [InlineData("it", "solo in forma anonima", "solo in forma anonima")]
    [InlineData("es", "sólo de forma anónima", "sólo de forma anónima")]
    [InlineData("pt", "apenas de forma anónima", "apenas de forma anónima")]
    [InlineData("el", "μόνο ανώνυμα", "μόνο ανώνυμα")]
    [InlineData("sv", "endast anonymt", "endast anonymt")]
    // A condition that opens with "only", its negation inside it (read as a no before).
    [InlineData("it", "solo se non compare il mio nome", "solo se non compare il mio nome")]
    [InlineData("en", "only if my name is not shown", "only if my name is not shown")]
    [InlineData("de", "nur wenn mein Name nicht erscheint", "nur wenn mein Name nicht erscheint")]
    [InlineData("fr", "seulement si mon nom n'apparaît pas", "seulement si mon nom n'apparaît pas")]
    public void A_yes_given_only_in_part_with_no_yes_word_is_a_yes_with_that_reservation(string language, string text, string reservation)
    {
        var answer = TestCore.Normalise("consent_publish", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("true", answer.Value());
        var flag = Assert.Single(answer.Flags);
        Assert.Equal(("answer_with_condition", reservation), (flag.Reason, flag.Detail));
    }

    [Theory]
    [InlineData("de", "nur nicht öffentlich", "false")]
    [InlineData("de", "nein, nur intern", "false")]
    [InlineData("de", "nur vielleicht", null)]
    [InlineData("en", "only", null)]
    public void Only_with_a_negation_a_no_or_nothing_after_it_is_no_partial_yes(string language, string text, string? expected) =>
        Assert.Equal(expected, TestCore.Normalise("consent_publish", text, language).Value());

    [Theory]
    [InlineData("es", "sí pero no")]
    [InlineData("de", "ja, aber nein")]
    [InlineData("en", "yes but not sure")]
    [InlineData("fr", "oui mais je ne sais pas")]
    // A yes that waits for someone else's is no consent yet (session 26: each was recorded as yes with a condition).
    [InlineData("it", "sì ma prima devo chiedere al dirigente")]
    [InlineData("es", "sí, pero antes lo consulto con mi jefa")]
    [InlineData("en", "yes but first I need to ask my boss")]
    [InlineData("de", "ja, aber ich muss erst meine Chefin fragen")]
    [InlineData("sv", "ja, men jag måste kolla med min chef först")]
    [InlineData("el", "ναι, αλλά πρέπει να ρωτήσω τον προϊστάμενό μου")]
    [InlineData("fr", "oui mais je dois demander à ma directrice")]
    [InlineData("pt", "sim, mas tenho de perguntar à minha chefe")]
    public void A_reservation_that_says_the_opposite_or_doubts_is_asked_again(string language, string text) =>
        Assert.False(TestCore.Normalise("consent_publish", text, language).Ok);

    [Theory]
    [InlineData("en", "I don't mind")]
    [InlineData("de", "ich habe nichts dagegen")]
    [InlineData("it", "nessun problema")]
    [InlineData("es", "no tengo inconveniente")]
    [InlineData("el", "δεν έχω αντίρρηση")]
    [InlineData("sv", "inga invändningar")]
    // "No problem" in every language's everyday words (a "no" inside was read as the answer no).
    [InlineData("en", "no worries")]
    [InlineData("fr", "aucun problème")]
    [InlineData("it", "non ci sono problemi")]
    [InlineData("el", "δεν υπάρχει πρόβλημα")]
    [InlineData("el", "δεν έχω πρόβλημα")]
    [InlineData("es", "no hay problema")]
    // An objection denied: "non mi dispiace", "no me importa", "no hay inconveniente", "não tenho nada contra" were read
    // as no (the negation), "I have nothing against it", "je n'ai rien contre", "δεν με πειράζει", "jag har inget emot
    // det", "von mir aus" asked again.
    [InlineData("it", "non mi dispiace")]
    [InlineData("it", "Non mi dispiace affatto.")]
    [InlineData("es", "no me importa")]
    [InlineData("es", "No hay inconveniente")]
    [InlineData("es", "me parece bien")]
    [InlineData("pt", "não tenho nada contra")]
    [InlineData("pt", "por mim tudo bem")]
    [InlineData("en", "I have nothing against it")]
    [InlineData("fr", "je n'ai rien contre")]
    [InlineData("fr", "Ça ne me gêne pas")]
    [InlineData("el", "δεν με πειράζει")]
    [InlineData("sv", "jag har inget emot det")]
    [InlineData("de", "von mir aus")]
    [InlineData("de", "meinetwegen")]
    // "I am not against it" (each was a no: the negation) ...
    [InlineData("fr", "je ne suis pas contre")]
    [InlineData("es", "no me opongo")]
    [InlineData("it", "non sono contrario")]
    [InlineData("pt", "não me oponho")]
    public void No_objection_is_a_yes(string language, string text)
    {
        var answer = TestCore.Normalise("consent_publish", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("true", answer.Value());
        Assert.Empty(answer.Flags);
    }

    [Theory]
    // ... and "I am against it" a no (were asked again), also after a "no" and a comma, which is no part of "no me opongo".
    [InlineData("fr", "je suis contre")]
    [InlineData("es", "me opongo")]
    [InlineData("es", "no, me opongo")]
    [InlineData("es", "No, me importa.")]
    [InlineData("it", "sono contrario")]
    [InlineData("pt", "sou contra")]
    public void An_objection_is_a_no(string language, string text)
    {
        var answer = TestCore.Normalise("consent_publish", text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("false", answer.Value());
    }

    [Theory]
    [InlineData("sv", "samordnande", "direct_coordinator")]
    [InlineData("en", "coordinating", "direct_coordinator")]
    [InlineData("en", "antidiscrimination", "anti_discrimination")]
    [InlineData("de", "Beschaeftigung", "labour_market")]
    public void Inflected_derived_and_respelled_forms_match(string language, string text, string expected)
    {
        var question = expected is "direct_coordinator" ? "regional_authority_role" : "integration_areas";
        var answer = TestCore.Normalise(question, text, language);
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal(expected, answer.Value());
        Assert.False(answer.NeedsConfirmation);
    }

    [Fact]
    public void Extra_words_are_kept_under_other_only_when_they_say_something()
    {
        var filler = TestCore.Normalise("integration_areas", "mostly healthcare", "en");
        Assert.Equal("health", filler.Value());
        Assert.Null(filler.OtherText);
        var extra = TestCore.Normalise("integration_areas", "language, housing and some sports activities", "en");
        Assert.Equal("language,housing,other", extra.Value());
        Assert.Contains("sports", extra.OtherText);
    }

    [Fact]
    public void A_typo_in_a_choice_is_a_candidate_to_confirm()
    {
        var answer = TestCore.Normalise("integration_areas", "Helath", "en");
        Assert.True(answer.Ok, answer.Error);
        Assert.Equal("health", answer.Value());
        Assert.True(answer.NeedsConfirmation);
        Assert.Equal("Did you mean Health?", answer.Confirmation);
    }

    [Theory]
    [InlineData("el", "από τον Μάρτιο του 2019", "2019-03")]
    [InlineData("sv", "från 15:e mars 2019", "2019-03-15")]
    [InlineData("pt", "1.º de março de 2019", "2019-03-01")]
    [InlineData("fr", "1er septembre 2018", "2018-09-01")]
    [InlineData("it", "dal 15 marzo 2019", "2019-03-15")]
    public void Dates_with_fillers_ordinals_and_case_forms(string language, string text, string expected)
    {
        Assert.Equal(expected, TestCore.Normalise("start_date", text, language).Value());
    }

    [Theory]
    [InlineData("fr", "n'est plus en cours")]
    [InlineData("fr", "ne se poursuit plus")]
    [InlineData("en", "not still running")]
    public void Ongoing_turned_round_by_a_negation_is_not_ongoing(string language, string text)
    {
        Assert.NotEqual("ongoing", TestCore.Normalise("end_date", text, language).Value());
    }

    [Theory]
    [InlineData("el", "Περιφέρεια Κεντρικής Μακεδονίας", "GR", "EL52")]
    [InlineData("sv", "Västra Götalandsregionen", "SE", "SE23")]
    [InlineData("de", "Land Brandenburg", "DE", "DE40")]
    [InlineData("it", "Regione Puglia", "IT", "ITF4")]
    [InlineData("es", "Comunidad de Madrid", "ES", "ES30")]
    [InlineData("es", "Región de Murcia", "ES", "ES62")]
    // A city as a municipal official names it (were "not recognised", kept for a researcher): the city's NUTS 2 region.
    [InlineData("de", "Landeshauptstadt München", "DE", "DE21")]
    [InlineData("de", "Stadt Wien", "AT", "AT13")]
    [InlineData("de", "Landkreis Göttingen", "DE", "DE91")]
    [InlineData("it", "Comune di Bologna", "IT", "ITH5")]
    [InlineData("it", "Città di Torino", "IT", "ITC1")]
    [InlineData("fr", "Ville de Lyon", "FR", "FRK2")]
    [InlineData("fr", "Métropole de Lyon", "FR", "FRK2")]
    [InlineData("sv", "Malmö stad", "SE", "SE22")]
    [InlineData("sv", "Göteborgs stad", "SE", "SE23")]
    [InlineData("pt", "Município de Lisboa", "PT", "PT17")]
    [InlineData("el", "Δήμος Θεσσαλονίκης", "GR", "EL52")]
    [InlineData("es", "Ayuntamiento de Madrid", "ES", "ES30")]
    [InlineData("es", "Sevilla", "ES", "ES61")]
    [InlineData("en", "City of Frankfurt", "DE", "DE71")]
    public void Regions_with_administrative_prefixes_and_long_names(string language, string text, string country, string expected)
    {
        var answer = TestCore.Normalise("region", text, language, new Regin.Core.Normalisation.NormalisationContext { Country = country });
        Assert.Equal(expected, answer.Value());
        Assert.False(answer.NeedsConfirmation);
    }

    [Theory]
    // A district of a city (were "not recognised"): the city's region.
    [InlineData("de", "Berlin-Neukölln", "DE", "DE30")]
    [InlineData("de", "Hamburg-Altona", "DE", "DE60")]
    [InlineData("de", "Wien-Favoriten", "AT", "AT13")]
    [InlineData("de", "Wien 10. Bezirk", "AT", "AT13")]
    [InlineData("fr", "Lyon 8e", "FR", "FRK2")]
    [InlineData("fr", "Marseille 3e arrondissement", "FR", "FRL0")]
    [InlineData("fr", "Paris XVIIIe", "FR", "FR10")]
    [InlineData("it", "Roma Municipio VIII", "IT", "ITI4")]
    [InlineData("de", "Frankfurt-Höchst", "DE", "DE71")]
    // A hyphenated region's name inside a sentence is that region, not its last part's ("Aquitaine" is FRI1).
    [InlineData("fr", "c'est plutôt la Nouvelle-Aquitaine", "FR", "FRI")]
    [InlineData("de", "doch eher Sachsen-Anhalt", "DE", "DEE0")]
    // A level-3 area (a Kreis, an arrondissement, a regional unit): its level-2 region ("Landkreis Harburg" was "Did you
    // mean Hamburg?", the others "not recognised").
    [InlineData("de", "Rhein-Sieg-Kreis", "DE", "DEA2")]
    [InlineData("de", "Main-Kinzig-Kreis", "DE", "DE71")]
    [InlineData("de", "Kreis Mettmann", "DE", "DEA1")]
    [InlineData("de", "Ortenaukreis", "DE", "DE13")]
    [InlineData("de", "Landkreis Harburg", "DE", "DE93")]
    [InlineData("en", "Gent", "BE", "BE23")]
    [InlineData("fr", "Mons", "BE", "BE32")]
    [InlineData("el", "Πειραιάς", "GR", "EL30")]
    [InlineData("en", "Piraeus", "GR", "EL30")]
    [InlineData("pt", "Setúbal", "PT", "PT17")]
    [InlineData("sv", "Blekinge län", "SE", "SE22")]
    [InlineData("es", "Alicante / Alacant", "ES", "ES52")]
    // A city district named alone, as its district office writes it (were "not recognised"); "LK" for Landkreis; areas
    // known by everyone but not in NUTS.
    [InlineData("de", "Neukölln", "DE", "DE30")]
    [InlineData("de", "Bezirksamt Friedrichshain-Kreuzberg", "DE", "DE30")]
    [InlineData("de", "Eimsbüttel", "DE", "DE60")]
    [InlineData("de", "Ottakring", "AT", "AT13")]
    [InlineData("de", "LK Cloppenburg", "DE", "DE94")]
    [InlineData("de", "Ostfriesland", "DE", "DE94")]
    [InlineData("de", "Ruhrgebiet", "DE", "DEA")]
    [InlineData("en", "the Ruhr area", "DE", "DEA")]
    public void Districts_and_level_3_areas_are_in_their_region(string language, string text, string country, string expected)
    {
        var answer = TestCore.Normalise("region", text, language, new Regin.Core.Normalisation.NormalisationContext { Country = country });
        Assert.Equal(expected, answer.Value());
        Assert.False(answer.NeedsConfirmation);
    }

    [Theory]
    // A slip of typing in a hyphenated region is that region, not its first half's.
    [InlineData("de", "Sachsen-Anhald", "DE", "DEE0")]
    // "leer" (empty) is not Landkreis Leer; two regions side by side name none.
    [InlineData("de", "leer", "DE", null)]
    [InlineData("it", "Lombardia-Piemonte", "IT", null)]
    public void What_is_no_district_stays_as_it_was(string language, string text, string country, string? expected)
    {
        var answer = TestCore.Normalise("region", text, language, new Regin.Core.Normalisation.NormalisationContext { Country = country });
        Assert.Equal(expected, answer.Value());
    }

    [Theory]
    [InlineData("März", "maerz")]
    [InlineData("zurück", "zurueck")]
    [InlineData("Straße", "strasse")]
    public void German_letters_have_their_keyboard_spellings(string word, string expected)
    {
        var spellings = TestCore.Questionnaire.Vocabulary.Spellings["de"];
        Assert.Contains(expected, Spellings.Keys(word, spellings));
    }

    [Fact]
    public void Greek_words_have_their_latin_spellings()
    {
        var keys = Spellings.Keys("όχι", TestCore.Questionnaire.Vocabulary.Spellings["el"]);
        Assert.Contains("oxi", keys);
        Assert.Contains("ochi", keys);
    }
}
