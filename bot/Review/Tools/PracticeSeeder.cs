using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Regin.Core;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Privacy;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;
using Regin.Core.Review;

namespace Regin.Bot.Review.Tools;

/// <summary>
/// Generates plausible practices (every question answered with a valid normalised value and words in the practice's
/// language, mixed statuses, channels, flags) for measuring the review screens: <c>dotnet run --project bot -- seed 10000</c>.
/// </summary>
public sealed class PracticeSeeder(ReginDbContext db, QuestionnaireDefinition questionnaire, GeoCatalog geo, TimeProvider clock)
{
    private static readonly string[] Countries = ["IT", "ES", "PT", "SE", "DE", "FR", "GR", "AT", "BE"];
    private static readonly string[] Themes = ["language cafés", "job coaching", "health peer groups", "school mediators", "housing first", "civic orientation", "women's networks", "youth mentoring", "robotics classes", "rural welcome"];
    private static readonly string[] Sentences =
    [
        "Newly arrived families needed a single place to ask about schools, health care and housing.",
        "The regional authority coordinated municipalities, NGOs and migrant associations around shared goals.",
        "Trained peer communicators met participants weekly in their own languages.",
        "Results were monitored every six months with a simple set of indicators agreed with partners.",
        "The main challenge was reaching women who rarely attend public services; outreach through schools helped.",
        "Other regions can start small, with one municipality and a local NGO, and grow from there.",
        "Funding from AMIF was later replaced by the regional budget, which secured continuity.",
        "Participants gained confidence, and several found work or training within a year.",
    ];

    /// <summary>
    /// Adds <paramref name="count"/> practices; with <paramref name="status"/> they all get it (else a realistic mix,
    /// drafts with gaps). Written in transactions of 1,000 practices with multi-row inserts (<see cref="BulkInsert"/>),
    /// the search index built once per practice at the commit of each: 100,000 in a few minutes. With
    /// <paramref name="researchersWork"/> the researchers' work is added too, as they get through a database (see
    /// <see cref="AddResearchersWork"/>), drawn from its own random sequence: the practices are the same either way.
    /// </summary>
    public Task<int> SeedAsync(int count, int? randomSeed = null, string? status = null, CancellationToken cancellationToken = default, bool researchersWork = false) =>
        SeedAsync(count, randomSeed, status, null, researchersWork, cancellationToken);

    /// <summary>
    /// One practice in <paramref name="status"/>; its id. Its number is the next free one, but another writer may be
    /// seeding the same database at the same time: the caller reads back this id, never "the highest number".
    /// </summary>
    public async Task<Guid> SeedOneAsync(int randomSeed, string status, CancellationToken cancellationToken = default)
    {
        var made = new List<Guid>(1);
        await SeedAsync(1, randomSeed, status, made, researchersWork: false, cancellationToken);
        return made[0];
    }

    private async Task<int> SeedAsync(int count, int? randomSeed, string? status, List<Guid>? made, bool researchersWork, CancellationToken cancellationToken)
    {
        var random = randomSeed is null ? new Random() : new Random(randomSeed.Value);
        var work = randomSeed is null ? new Random() : new Random(randomSeed.Value ^ 0x5EED);
        var next = (await db.Practices.MaxAsync(p => (int?)p.Number, cancellationToken) ?? 0) + 1;
        var regionsByCountry = Countries.ToDictionary(c => c, c => geo.Regions.Where(r => r.Country == c && r.Level == 2).ToList());
        var now = clock.GetUtcNow();
        var seeded = 0;
        while (seeded < count)
        {
            var batch = Enumerable.Range(0, Math.Min(1000, count - seeded)).Select(_ => Make(next++, random, regionsByCountry, now, status)).ToList();
            var (reviews, assessments) = researchersWork ? AddResearchersWork(batch, work) : ([], []);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await BulkInsert.InsertAsync(db, batch, cancellationToken);
            await BulkInsert.InsertAsync(db, batch.SelectMany(p => p.Answers.Select(a => { a.PracticeId = p.Id; return a; })).ToList(), cancellationToken);
            await BulkInsert.InsertAsync(db, batch.SelectMany(p => p.Identities.Select(i => { i.PracticeId = p.Id; return i; })).ToList(), cancellationToken);
            await BulkInsert.InsertAsync(db, batch.SelectMany(p => p.Events.Select(e => { e.PracticeId = p.Id; return e; })).ToList(), cancellationToken);
            await BulkInsert.InsertAsync(db, batch.SelectMany(p => p.Flags.Select(f => { f.PracticeId = p.Id; return f; })).ToList(), cancellationToken);
            await BulkInsert.InsertAsync(db, reviews, cancellationToken);
            await BulkInsert.InsertAsync(db, assessments, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            seeded += batch.Count;
            made?.AddRange(batch.Select(p => p.Id));
        }
        return seeded;
    }

    /// <summary>
    /// The researchers' work on a batch, as it stands part-way through a database: of the practices past draft, two in
    /// five categorised by them (their own integration areas and target groups, beside the contributor's: a third of
    /// all practices) and about a quarter of those past draft assessed (a fifth of all practices), each on 2 to 5 of the
    /// aspects, in the practice's language; with the "categorised" and "assessed" events the review screens write.
    /// </summary>
    private (List<PracticeReview> Reviews, List<PracticeAssessment> Assessments) AddResearchersWork(List<Practice> batch, Random random)
    {
        var areas = questionnaire.Questions.First(q => q.Id == "integration_areas").ChoiceList.Select(c => c.Code).ToList();
        var groups = questionnaire.Questions.First(q => q.Id == "target_groups").ChoiceList.Select(c => c.Code).ToList();
        var aspects = questionnaire.AssessmentAspects.Select(a => a.Id).ToList();
        // Between least and most of the codes, in the questionnaire's order.
        List<string> Some(List<string> codes, int least, int most) => codes.OrderBy(_ => random.Next()).Take(least + random.Next(most - least + 1)).OrderBy(codes.IndexOf).ToList();
        var reviews = new List<PracticeReview>();
        var assessments = new List<PracticeAssessment>();
        foreach (var practice in batch)
        {
            if (practice.Status == PracticeStatus.Draft)
            {
                continue;
            }
            var actor = $"researcher:researcher{1 + random.Next(6)}@regin.example";
            var at = practice.UpdatedAt;
            if (random.Next(5) < 2)
            {
                var areasJson = JsonSerializer.Serialize(Some(areas, 1, 3));
                var groupsJson = random.Next(4) == 0 ? null : JsonSerializer.Serialize(Some(groups, 1, 2));
                reviews.Add(new PracticeReview { PracticeId = practice.Id, IntegrationAreasJson = areasJson, TargetGroupsJson = groupsJson, UpdatedAt = at, UpdatedBy = actor });
                practice.Events.Add(new PracticeEvent { At = at, Actor = actor, Kind = "categorised", OldValue = "[] []", NewValue = $"{areasJson} {groupsJson ?? "[]"}" });
            }
            if (random.Next(100) < 24)
            {
                var (inspiring, improvement) = AssessmentWords.GetValueOrDefault(practice.Language, AssessmentWords["en"]);
                var written = Some(aspects, 2, 5);
                foreach (var aspect in written)
                {
                    var both = random.Next(3);
                    assessments.Add(new PracticeAssessment
                    {
                        PracticeId = practice.Id,
                        Aspect = aspect,
                        InspiringElements = both == 2 ? null : inspiring[random.Next(inspiring.Length)],
                        RoomForImprovement = both == 1 ? null : improvement[random.Next(improvement.Length)],
                        UpdatedAt = at,
                        UpdatedBy = actor,
                    });
                }
                practice.Events.Add(new PracticeEvent { At = at, Actor = actor, Kind = "assessed", NewValue = string.Join(", ", written) });
            }
        }
        return (reviews, assessments);
    }

    // What researchers write in an assessment (inspiring elements, room for improvement), in each practice language.
    private static readonly Dictionary<string, (string[] Inspiring, string[] Improvement)> AssessmentWords = new(StringComparer.Ordinal)
    {
        ["en"] = (
            ["Peer communicators from the communities themselves built trust quickly.", "One contact point for families instead of five offices.", "The region kept funding it after the project ended."],
            ["No data on outcomes for women; the indicators should be broken down by gender.", "Depends on one coordinator; what she knows should be written down.", "Rural municipalities are hardly reached yet."]),
        ["fr"] = (
            ["Les médiateurs pairs issus des communautés ont vite gagné la confiance des familles.", "Un guichet unique pour les familles au lieu de cinq services différents.", "La région a pris le relais du financement à la fin du projet."],
            ["Pas de données sur les résultats pour les femmes ; il faudrait ventiler les indicateurs par sexe.", "Tout repose sur une seule coordinatrice ; il faudrait formaliser le savoir-faire.", "Les communes rurales sont encore peu touchées."]),
        ["de"] = (
            ["Peer-Kommunikatorinnen aus den Communities selbst haben schnell Vertrauen aufgebaut.", "Eine Anlaufstelle für Familien statt fünf verschiedener Ämter.", "Das Land hat die Finanzierung nach Projektende übernommen."],
            ["Keine Daten zu Ergebnissen für Frauen; die Indikatoren sollten nach Geschlecht aufgeschlüsselt werden.", "Hängt an einer einzigen Koordinatorin; das Wissen sollte dokumentiert werden.", "Ländliche Gemeinden werden bisher kaum erreicht."]),
        ["es"] = (
            ["Los mediadores de las propias comunidades generaron confianza muy rápido.", "Un único punto de atención para las familias en lugar de cinco oficinas.", "La comunidad autónoma siguió financiándolo cuando terminó el proyecto."],
            ["No hay datos de resultados para las mujeres; habría que desagregar los indicadores por sexo.", "Depende de una sola coordinadora; habría que documentar lo que sabe.", "Todavía apenas llega a los municipios rurales."]),
        ["it"] = (
            ["I mediatori tra pari provenienti dalle comunità hanno conquistato presto la fiducia delle famiglie.", "Un unico sportello per le famiglie invece di cinque uffici diversi.", "La Regione ha continuato a finanziarlo dopo la fine del progetto."],
            ["Mancano dati sui risultati per le donne; gli indicatori andrebbero disaggregati per genere.", "Dipende da un'unica coordinatrice; le competenze andrebbero messe per iscritto.", "I comuni rurali sono ancora poco raggiunti."]),
        ["el"] = (
            ["Οι διαμεσολαβητές από τις ίδιες τις κοινότητες κέρδισαν γρήγορα την εμπιστοσύνη των οικογενειών.", "Ένα ενιαίο σημείο εξυπηρέτησης για τις οικογένειες αντί για πέντε υπηρεσίες.", "Η Περιφέρεια συνέχισε τη χρηματοδότηση μετά τη λήξη του έργου."],
            ["Δεν υπάρχουν στοιχεία για τα αποτελέσματα στις γυναίκες· οι δείκτες πρέπει να αναλύονται ανά φύλο.", "Στηρίζεται σε μία μόνο συντονίστρια· η τεχνογνωσία πρέπει να καταγραφεί.", "Οι αγροτικοί δήμοι δεν καλύπτονται ακόμη επαρκώς."]),
        ["pt"] = (
            ["Os mediadores vindos das próprias comunidades ganharam depressa a confiança das famílias.", "Um balcão único para as famílias em vez de cinco serviços diferentes.", "A região continuou a financiar depois do fim do projeto."],
            ["Não há dados sobre os resultados para as mulheres; os indicadores deviam ser desagregados por sexo.", "Depende de uma única coordenadora; o conhecimento devia ficar documentado.", "Os municípios rurais ainda são pouco abrangidos."]),
        ["sv"] = (
            ["Brobyggare från de egna grupperna byggde snabbt upp förtroende hos familjerna.", "En gemensam kontaktpunkt för familjerna i stället för fem olika myndigheter.", "Regionen fortsatte finansiera verksamheten när projektet tog slut."],
            ["Det saknas uppgifter om resultaten för kvinnor; indikatorerna borde redovisas per kön.", "Hänger på en enda samordnare; kunskapen borde dokumenteras.", "Landsbygdskommunerna nås fortfarande knappt."]),
    };

    private Practice Make(int number, Random random, Dictionary<string, List<Region>> regionsByCountry, DateTimeOffset now, string? fixedStatus)
    {
        var language = Languages.All[random.Next(Languages.All.Count)];
        var roll = random.Next(100);
        var status = fixedStatus ?? (roll < 15 ? PracticeStatus.Draft : roll < 55 ? PracticeStatus.Submitted : roll < 65 ? PracticeStatus.NeedsChanges : roll < 90 ? PracticeStatus.Approved : PracticeStatus.Rejected);
        var channel = random.Next(3) == 0 ? Channels.Email : Channels.Chat;
        var created = now.AddMinutes(-random.Next(60 * 24 * 365));
        var updated = created.AddMinutes(random.Next(60 * 24 * 30));
        var country = Countries[random.Next(Countries.Length)];
        var regions = regionsByCountry[country];
        var region = regions.Count == 0 ? null : regions[random.Next(regions.Count)];
        var theme = Themes[random.Next(Themes.Length)];
        var email = $"contributor{number}@example.org";
        var practice = new Practice
        {
            Id = Guid.NewGuid(),
            Number = number,
            Status = status,
            Language = language,
            Channels = channel == Channels.Email && random.Next(5) == 0 ? "email,chat" : channel,
            ContributorEmail = email,
            CreatedAt = created,
            UpdatedAt = updated,
            SubmittedAt = status == PracticeStatus.Draft ? null : updated,
        };
        practice.Identities.Add(channel == Channels.Email
            ? new ContributorIdentity { Channel = Channels.Email, ExternalId = email }
            : new ContributorIdentity { Channel = "webchat", ExternalId = $"webchat-user-{number}" });
        practice.Events.Add(new PracticeEvent { At = created, Actor = "seed", Kind = "created", NewValue = practice.Reference });
        foreach (var question in questionnaire.Questions)
        {
            if (status == PracticeStatus.Draft && random.Next(3) == 0)
            {
                continue;
            }
            var (value, original) = Answer(question, random, language, number, country, region, theme);
            practice.Answers.Add(new Answer { QuestionId = question.Id, ValueJson = value, Original = original, UpdatedAt = updated, UpdatedBy = "seed" });
            if (question.Id == Consent.QuestionId)
            {
                var identity = practice.Identities[0];
                practice.Events.Add(Consent.Record(practice.Id, value == "true", Consent.Version(questionnaire), language, $"{identity.Channel}:{identity.ExternalId}", updated));
            }
        }
        if (random.Next(10) == 0)
        {
            practice.Flags.Add(new Flag { QuestionId = "budget_eur", Reason = Regin.Core.Normalisation.FlagReasons.CurrencyNotEuro, Detail = "USD", CreatedAt = updated });
        }
        return practice;
    }

    private (string? Value, string Original) Answer(Question question, Random random, string language, int number, string country, Region? region, string theme)
    {
        string Json<T>(T value) => JsonSerializer.Serialize(value);
        string Text(int sentences) => string.Join(" ", Enumerable.Range(0, sentences).Select(_ => Sentences[random.Next(Sentences.Length)]));
        switch (question.Type)
        {
            case QuestionType.Text:
                var text = question.Id switch
                {
                    "title" => $"{char.ToUpper(theme[0], CultureInfo.InvariantCulture)}{theme[1..]} in {region?.Name ?? country} #{number}",
                    "contact_name" => $"Contributor {number}",
                    _ => $"Organisation {number % 500} of {region?.Name ?? country}",
                };
                return (Json(text), text);
            case QuestionType.Longtext:
                var longText = Text(2 + random.Next(3));
                return (Json(longText), longText);
            case QuestionType.Email:
                return (Json($"contributor{number}@example.org"), $"contributor{number}@example.org");
            case QuestionType.Phone:
                var phone = $"+39 080 {number:D6}";
                return (Json(phone), phone);
            case QuestionType.Url:
                return (Json($"https://example.org/practices/{number}"), $"example.org/practices/{number}");
            case QuestionType.Date:
                var start = $"{2015 + random.Next(9)}-{1 + random.Next(12):D2}";
                return (Json(start), start);
            case QuestionType.DateOrOngoing:
                return random.Next(2) == 0 ? (Json("ongoing"), questionnaire.Vocabulary.Ongoing.In(language).FirstOrDefault() ?? "ongoing") : (Json("2025-12"), "12/2025");
            case QuestionType.Integer:
                var people = 20 + random.Next(5000);
                return (people.ToString(CultureInfo.InvariantCulture), people.ToString(CultureInfo.InvariantCulture));
            case QuestionType.MoneyEur:
                var euros = 1000 * (10 + random.Next(900));
                return (euros.ToString(CultureInfo.InvariantCulture), euros.ToString("N0", CultureInfo.GetCultureInfo(language)) + " €");
            case QuestionType.Country:
                return (Json(country), geo.CountryByCode(country)?.NameIn(language) ?? country);
            case QuestionType.Region:
                return region is null ? (null, "somewhere") : (Json(region.Code), region.Name);
            case QuestionType.Choice:
                var one = question.ChoiceList[random.Next(question.ChoiceList.Count)];
                return (Json(one.Code), one.Label.In(language));
            case QuestionType.Multi:
                var many = question.ChoiceList.OrderBy(_ => random.Next()).Take(1 + random.Next(3)).ToList();
                many = question.ChoiceList.Where(many.Contains).ToList();
                return (Json(many.Select(c => c.Code).ToArray()), string.Join(", ", many.Select(c => c.Label.In(language))));
            case QuestionType.Yesno:
                return ("true", questionnaire.Vocabulary.Yes.In(language).FirstOrDefault() ?? "yes");
            default:
                return (Json("x"), "x");
        }
    }
}
