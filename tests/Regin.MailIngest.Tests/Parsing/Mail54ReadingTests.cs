using Regin.Core.Localisation;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

/// <summary>
/// Session 54: the groups a prose reply's sentence names, read strictly; "acompanhamos", "acompañamos", "accompagniamo"
/// (a verb whose stem is the one of "não acompanhados"); one format-character filter for the parser and the reply.
/// </summary>
public sealed class Mail54ReadingTests
{
    private static readonly QuestionnaireDefinition Questionnaire = QuestionnaireLoader.LoadEmbedded();
    private static readonly AnswerNormaliser Normaliser = new(Questionnaire, GeoCatalog.LoadEmbedded());
    private static readonly ProseAnswers Prose = new(Questionnaire, Normaliser, new Texts(Questionnaire));
    private static readonly MailMarkers Markers = new TemplateTextParser(new QuestionCatalog(Questionnaire)).Markers;

    private static string? ReplyGroups(string text) =>
        Prose.ReadReply(text, Markers).SingleOrDefault(a => a.QuestionId == "target_groups")?.Text;

    /// <summary>
    /// Item 1. A reply to our mail in sentences, no template line: the groups after words saying whom the practice serves,
    /// each named by a group's own name, as typed.
    /// </summary>
    [Theory]
    [InlineData("Hallo,\n\nzu Ihrer Frage nach der Zielgruppe: wir unterstützen geflüchtete Frauen und ihre Kinder.\n\nViele Grüße\nJulia", "geflüchtete Frauen und ihre Kinder")]
    [InlineData("Olá,\n\nrespondendo à vossa pergunta, acompanhamos famílias refugiadas.\n\nCumprimentos,\nRita", "famílias refugiadas")]
    [InlineData("Buongiorno,\n\nscusate il ritardo, lavoriamo con donne migranti e minori non accompagnati.\n\nCordiali saluti\nGiulia", "donne migranti e minori non accompagnati")]
    [InlineData("Hello,\n\nsorry, I forgot: we mainly support refugee women and their children.\n\nKate\n\nSent from my iPhone", "refugee women and their children")]
    [InlineData("Hej,\n\nvi arbetar med nyanlanda kvinnor i Malmo.\n\nMvh\nKarin\nMalmö stad | Arbetsmarknadsförvaltningen", "nyanlanda kvinnor")]
    [InlineData("Hola:\n\nperdon por el retraso. Trabajamos con menores no acompañados en Murcia.\n\nUn saludo,\nAna", "menores no acompañados")]
    [InlineData("Bonjour,\n\npour répondre à votre question, nous accompagnons des femmes migrantes.\n\nCordialement,\nLéa", "femmes migrantes")]
    public void A_prose_reply_names_its_groups_after_whom_it_serves(string text, string words) =>
        Assert.Equal(words, ReplyGroups(text));

    /// <summary>
    /// Item 1. Sentences about something else give no groups (session 53 read "the council" as public officials): an
    /// organisation's word that is part of a group's name, people named outside a sentence saying whom the practice serves,
    /// a half list.
    /// </summary>
    [Theory]
    [InlineData("Hello, please see attached the flyer. The budget will be decided by the council in January.\n\nKate")]
    [InlineData("Hi, the title is still under discussion and the budget is not known yet. I will send the rest next week.\n\nKate")]
    [InlineData("Hello, we discussed it with the teachers in January, they liked it.\n\nKate")]
    [InlineData("Hi Kate here, the project is for refugees, the council funds it.\n\nKate")]
    [InlineData("Hallo,\n\ndas Geld kommt vom Rat, die Sozialarbeiter wissen Bescheid.\n\nJulia")]
    [InlineData("Bonjour,\n\nnous accompagnons des femmes, des demandeurs d'emploi de longue durée et des seniors isolés.\n\nLéa")]
    [InlineData("Bom dia,\n\na camara municipal decide o orçamento em janeiro, os tecnicos ja sabem.\n\nRita")]
    public void A_prose_reply_about_something_else_gives_no_groups(string text) =>
        Assert.Null(ReplyGroups(text));

    /// <summary>
    /// Item 2. "acompanhamos", "acompañamos", "accompagniamo" (we accompany) share their stem with "não acompanhados", "no
    /// acompañados", "non accompagnati": read as unaccompanied minors, the verb broke the whole list and no group was read.
    /// </summary>
    [Theory]
    [InlineData("pt", "Bom dia,\n\ndesde 2020 acompanhamos famílias refugiadas em Braga.\n\nCumprimentos,\nRita", "famílias refugiadas")]
    [InlineData("es", "Hola:\n\ndesde 2021 acompañamos a familias refugiadas en Alicante.\n\nUn saludo,\nAna", "familias refugiadas")]
    [InlineData("it", "Buongiorno,\n\ndal 2021 accompagniamo famiglie rifugiate a Bari.\n\nCordiali saluti\nGiulia", "famiglie rifugiate")]
    [InlineData("pt", "Ola,\n\nacompanhamos mulheres migrantes desde 2019 no Porto.\n\nRita", "mulheres migrantes")]
    [InlineData("fr", "Bonjour,\n\ndepuis 2020 on accompagne des familles réfugiées à Rennes.\n\nLéa", "familles réfugiées")]
    public void We_accompany_is_no_group(string language, string text, string words) =>
        Assert.Equal(words, Prose.Groups(text, Markers, language)?.Text);

    /// <summary>Item 2, in core: the verb alone names no group; the word a group's name negates is not that group alone.</summary>
    [Theory]
    [InlineData("pt", "acompanhamos famílias refugiadas", "international_protection")]
    [InlineData("es", "acompañamos a familias refugiadas", "international_protection")]
    [InlineData("it", "accompagniamo famiglie rifugiate", "international_protection")]
    [InlineData("es", "acompañados", "other")]
    [InlineData("fr", "accompagnés", "other")]
    [InlineData("it", "accompagnati", "other")]
    [InlineData("pt", "menores não acompanhados", "unaccompanied_minors")]
    public void The_normaliser_reads_the_verb_as_no_group(string language, string text, string codes)
    {
        var read = Normaliser.Normalise("target_groups", text, language);
        Assert.Equal(codes, string.Join(',', read.Value!.AsArray().Select(c => c!.GetValue<string>())));
    }

    /// <summary>
    /// Item 3. One filter of format characters (the parser's): the bidi and zero-width characters, and those beyond the
    /// first plane (the invisible tag characters, "\U000E0041"), go; a line without any is the same string.
    /// </summary>
    [Theory]
    [InlineData("Cork\u200B County\u00AD Council", "Cork County Council")]
    [InlineData("\u202EKCILC", "KCILC")]
    [InlineData("Welcome desk\U000E0041\U000E0042", "Welcome desk")]
    [InlineData("Δήμος\u2066 Πατρέων\u2069 😀", "Δήμος Πατρέων 😀")]
    [InlineData("\uFEFFTitle: Språkvän", "Title: Språkvän")]
    public void Format_characters_are_dropped_by_one_filter(string line, string shown) =>
        Assert.Equal(shown, TemplateTextParser.WithoutFormatCharacters(line));

    [Fact]
    public void A_line_without_format_characters_is_the_same_string()
    {
        const string Line = "[Q05] Welcome desk for newcomers, Cork – since 2021";
        Assert.Same(Line, TemplateTextParser.WithoutFormatCharacters(Line));
    }
}
