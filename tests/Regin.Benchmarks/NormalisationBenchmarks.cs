using BenchmarkDotNet.Attributes;
using Regin.Core.Normalisation;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;

namespace Regin.Benchmarks;

/// <summary>
/// Normalisation cost per answer type, as a ratio to the cheapest path (a one-line text answer), measured in the
/// same run. Each benchmark normalises a batch of realistic answers in several languages.
/// </summary>
[MemoryDiagnoser]
public class NormalisationBenchmarks
{
    private AnswerNormaliser _normaliser = null!;

    private static readonly (string Lang, string Text)[] Titles =
        [("en", "Health communicators"), ("it", "Scuola e famiglie migranti"), ("el", "Οδηγός για μετανάστες"), ("sv", "Hälsokommunikatörer i Skåne")];
    private static readonly (string Lang, string Text)[] Dates =
        [("en", "15/03/2019"), ("it", "marzo 2021"), ("es", "15 de marzo de 2019"), ("el", "Μάρτιος 2019")];
    private static readonly (string Lang, string Text)[] Regions =
        [("en", "Scania"), ("es", "Región de Murcia"), ("pt", "Açores"), ("it", "Puglia")];
    private static readonly (string Lang, string Text)[] Areas =
        [("it", "istruzione e lingua"), ("en", "education, health and housing"), ("fr", "éducation et santé"), ("sv", "utbildning och hälsa")];
    private static readonly (string Lang, string Text)[] Amounts =
        [("it", "1,2 milioni di euro"), ("en", "€120k"), ("de", "120.000 Euro"), ("fr", "120 000 €")];
    private static readonly Dictionary<string, string> Countries = new() { ["Scania"] = "SE", ["Región de Murcia"] = "ES", ["Açores"] = "PT", ["Puglia"] = "IT" };

    [GlobalSetup]
    public void Setup() => _normaliser = new AnswerNormaliser(QuestionnaireLoader.LoadEmbedded(), GeoCatalog.LoadEmbedded());

    [Benchmark(Baseline = true, OperationsPerInvoke = 4)]
    public int Text() => Run("title", Titles);

    [Benchmark(OperationsPerInvoke = 4)]
    public int Date() => Run("start_date", Dates);

    [Benchmark(OperationsPerInvoke = 4)]
    public int Region()
    {
        var ok = 0;
        foreach (var (lang, text) in Regions)
        {
            ok += _normaliser.Normalise("region", text, lang, new NormalisationContext { Country = Countries[text] }).Ok ? 1 : 0;
        }
        return ok;
    }

    [Benchmark(OperationsPerInvoke = 4)]
    public int Multi() => Run("integration_areas", Areas);

    [Benchmark(OperationsPerInvoke = 4)]
    public int Money() => Run("budget_eur", Amounts);

    private int Run(string question, (string Lang, string Text)[] answers)
    {
        var ok = 0;
        foreach (var (lang, text) in answers)
        {
            ok += _normaliser.Normalise(question, text, lang).Ok ? 1 : 0;
        }
        return ok;
    }
}
