using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Regin.Core;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Privacy;
using Regin.Core.Questionnaire;
using Regin.Core.ReferenceData;

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
    /// the search index built once per practice at the commit of each: 100,000 in a few minutes.
    /// </summary>
    public async Task<int> SeedAsync(int count, int? randomSeed = null, string? status = null, CancellationToken cancellationToken = default)
    {
        var random = randomSeed is null ? new Random() : new Random(randomSeed.Value);
        var next = (await db.Practices.MaxAsync(p => (int?)p.Number, cancellationToken) ?? 0) + 1;
        var regionsByCountry = Countries.ToDictionary(c => c, c => geo.Regions.Where(r => r.Country == c && r.Level == 2).ToList());
        var now = clock.GetUtcNow();
        var made = 0;
        while (made < count)
        {
            var batch = Enumerable.Range(0, Math.Min(1000, count - made)).Select(_ => Make(next++, random, regionsByCountry, now, status)).ToList();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await BulkInsert.InsertAsync(db, batch, cancellationToken);
            await BulkInsert.InsertAsync(db, batch.SelectMany(p => p.Answers.Select(a => { a.PracticeId = p.Id; return a; })).ToList(), cancellationToken);
            await BulkInsert.InsertAsync(db, batch.SelectMany(p => p.Identities.Select(i => { i.PracticeId = p.Id; return i; })).ToList(), cancellationToken);
            await BulkInsert.InsertAsync(db, batch.SelectMany(p => p.Events.Select(e => { e.PracticeId = p.Id; return e; })).ToList(), cancellationToken);
            await BulkInsert.InsertAsync(db, batch.SelectMany(p => p.Flags.Select(f => { f.PracticeId = p.Id; return f; })).ToList(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            made += batch.Count;
        }
        return made;
    }

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
