using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Regin.Core.Conversation;
using Regin.Core.Hosting;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Sqlite;

namespace Regin.Benchmarks;

/// <summary>
/// The chat engine's turns alone, in process (no HTTP, no Bot Framework): whole questionnaires typed as the speed driver
/// types them (tests/Regin.DirectLine.Load: the known answer, else the first option's label, two labels joined by the
/// language's "and" for a multi-choice, yes to the engine's own questions, the first of several candidates, then submit),
/// in four languages, through <see cref="ConversationEngine.HandleAsync"/> with its real stores: core's services as the
/// engine tests wire them (AddReginCore + AddReginConversation) on a SQLite file, each turn in a unit as the bot host's
/// (a scope, a kept connection, one transaction; <see cref="TurnAsync"/>). The baseline, in the same run: <see cref="AnswerNormaliser.Normalise"/>
/// of the same text for the same question, what POST /api/answers/check runs, timed just before each turn.
/// </summary>
internal static class EngineTurns
{
    private sealed record Language(string Code, string Locale, string Yes, string Submit, string And, IReadOnlyDictionary<string, string> Known, string Description);

    private static readonly Language[] Languages =
    [
        new("en", "en-GB", "yes", "submit", "and", Known("Siobhan O'Brien", "Cork County Council", "One-stop shop for newcomers", "Ireland", "Southern"),
            "A one-stop shop in every county guides newcomers to the services they need."),
        new("it", "it-IT", "sì", "invia", "e", Known("Maria Rossi", "Regione Puglia", "Sportello unico per i nuovi arrivati", "Italia", "Puglia"),
            "Uno sportello in ogni provincia orienta i nuovi arrivati verso i servizi di cui hanno bisogno."),
        new("de", "de-DE", "ja", "absenden", "und", Known("Anna Schmidt", "Landkreis Kassel", "Anlaufstelle für Neuzugewanderte", "Deutschland", "Kassel"),
            "Eine Anlaufstelle in jedem Landkreis begleitet Neuzugewanderte zu den Diensten, die sie brauchen."),
        new("el", "el-GR", "ναι", "υποβολή", "και", Known("Μαρία Παπαδοπούλου", "Περιφέρεια Κρήτης", "Ενιαίο σημείο για νεοαφιχθέντες", "Ελλάδα", "Κρήτη"),
            "Ένα σημείο εξυπηρέτησης σε κάθε νομό καθοδηγεί τους νεοαφιχθέντες στις υπηρεσίες που χρειάζονται."),
    ];

    private static Dictionary<string, string> Known(string name, string organisation, string title, string country, string region) => new()
    {
        ["contact_name"] = name,
        ["contact_organisation"] = organisation,
        ["contact_email"] = "contact@example.org",
        ["contact_phone"] = "+32 2 555 0100",
        ["title"] = title,
        ["country"] = country,
        ["region"] = region,
        ["lead_organisation"] = organisation,
        ["start_date"] = "03/2019",
        ["end_date"] = "2023",
        ["beneficiaries_count"] = "1200",
        ["budget_eur"] = "250000",
        ["website"] = "www.example.org",
    };

    /// <summary>
    /// One turn's figures: the engine's time (the clock's, and the thread's CPU, which other processes on a shared machine
    /// inflate far less) and bytes, and the same of the check of the same text (NaN where no question is answered).
    /// </summary>
    private readonly record struct Sample(string Language, double TurnMicroseconds, double TurnCpuMicroseconds, long TurnBytes,
        double CheckMicroseconds, double CheckCpuMicroseconds, long CheckBytes);

    private const int WarmUpRounds = 10;

    public static async Task RunAsync(int questionnaires, double loopSeconds)
    {
        var folder = Directory.CreateTempSubdirectory("regin-engine-bench-").FullName;
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                EnvironmentName = "Benchmark",
                Args = [$"--ConnectionStrings:Regin=Data Source={Path.Combine(folder, "regin.db")}", "--Chat:PublicBaseUrl=https://regin.test",
                    "--Mail:Mailbox=reginproject@example.org"],
            });
            builder.Logging.ClearProviders();
            builder.AddReginCore();
            builder.Services.AddReginConversation();
            using var host = builder.Build();
            await host.Services.InitialiseReginAsync();
            // The log's checkpoints off the turns, as in the bot host (kept connections leave them to it).
            var checkpointer = host.Services.GetRequiredService<SqliteCheckpointer>();
            await checkpointer.StartAsync(CancellationToken.None);
            var normaliser = host.Services.GetRequiredService<AnswerNormaliser>();

            // Warm-up: the JIT's tiers (a method is optimised after 30 calls and a pause), EF Core's model and compiled
            // statements, SQLite's pages; then the measured questionnaires, the languages in turns.
            var number = 0;
            for (var round = 0; round < WarmUpRounds; round++)
            {
                foreach (var language in Languages)
                {
                    await QuestionnaireAsync(host.Services, normaliser, language, $"warm-{number++}", samples: null);
                }
                await Task.Delay(100);
            }
            if (loopSeconds > 0)
            {
                // For a profiler: questionnaires until the time is up, nothing printed but their count.
                var clock = Stopwatch.StartNew();
                var count = 0;
                while (clock.Elapsed.TotalSeconds < loopSeconds)
                {
                    await QuestionnaireAsync(host.Services, normaliser, Languages[count % Languages.Length], $"loop-{count}", samples: null);
                    count++;
                }
                Console.WriteLine($"{count} questionnaires in {clock.Elapsed.TotalSeconds:F1} s");
                return;
            }
            var samples = new List<Sample>();
            for (var i = 0; i < questionnaires; i++)
            {
                foreach (var language in Languages)
                {
                    await QuestionnaireAsync(host.Services, normaliser, language, $"run-{number++}", samples);
                }
            }
            Print(samples, questionnaires);
            await checkpointer.StopAsync(CancellationToken.None);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The greeting, every question, the engine's own questions and the submission, until the reference is said.</summary>
    private static async Task QuestionnaireAsync(IServiceProvider services, AnswerNormaliser normaliser, Language language, string id, List<Sample>? samples)
    {
        var template = new ConversationInput("webchat", "conv-" + id, "user-" + id, null, Locale: language.Locale);
        var progress = new ConversationProgress();
        var profile = new ContributorProfile();
        var replies = await TurnAsync(services, template with { IsConversationStart = true }, progress, profile);
        for (var i = 0; i < 80; i++)
        {
            if (progress.SubmittedReference is not null)
            {
                return;
            }
            var (question, text) = NextAnswer(replies, language);
            var (checkMicroseconds, checkCpu, checkBytes) = (double.NaN, double.NaN, 0L);
            if (question is not null)
            {
                var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
                var cpuBefore = ThreadCpu.Microseconds();
                var started = Stopwatch.GetTimestamp();
                normaliser.Normalise(question, text, language.Code);
                checkMicroseconds = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                checkCpu = ThreadCpu.Microseconds() - cpuBefore;
                checkBytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            }
            // The turn stays on this thread (SQLite runs its statements synchronously, nobody else waits for its writer
            // lock): its thread's CPU clock is the turn's; a turn that moved is counted and left out of the CPU column.
            var thread = Environment.CurrentManagedThreadId;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var turnCpuBefore = ThreadCpu.Microseconds();
            var turnStarted = Stopwatch.GetTimestamp();
            replies = await TurnAsync(services, template with { Text = text }, progress, profile);
            var turnMicroseconds = Stopwatch.GetElapsedTime(turnStarted).TotalMicroseconds;
            var turnCpu = thread == Environment.CurrentManagedThreadId ? ThreadCpu.Microseconds() - turnCpuBefore : double.NaN;
            var turnBytes = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            samples?.Add(new Sample(language.Code, turnMicroseconds, turnCpu, turnBytes, checkMicroseconds, checkCpu, checkBytes));
        }
        throw new InvalidOperationException($"The {language.Code} questionnaire {id} did not end submitted; last replies: {string.Join(" | ", replies)}");
    }

    /// <summary>
    /// One turn as the bot host's turn unit (bot/Chat/Hosting/TurnUnitOfWork) runs it on SQLite, without its chat state and
    /// raw input: a scope of its own, a kept connection (its statements stay compiled) opened once, the engine's writes
    /// joined in one transaction begun by the first of them, committed at the end, the checkpointer told; the replies.
    /// </summary>
    private static async Task<IReadOnlyList<ConversationReply>> TurnAsync(IServiceProvider services, ConversationInput input, ConversationProgress progress, ContributorProfile profile)
    {
        var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReginDbContext>();
        var keptConnections = services.GetRequiredService<KeptConnections>();
        var kept = keptConnections.Rent();
        var ownConnectionString = db.Database.GetConnectionString();
        IDbContextTransaction? transaction = null;
        try
        {
            if (kept is not null)
            {
                db.Database.SetDbConnection(kept, contextOwnsConnection: false);
            }
            async Task BeginAsync(CancellationToken cancellationToken) =>
                transaction ??= db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            scope.ServiceProvider.GetRequiredService<UnitTransaction>().Join = BeginAsync;
            await db.Database.OpenConnectionAsync();
            var replies = await scope.ServiceProvider.GetRequiredService<ConversationEngine>().HandleAsync(input, progress, profile);
            if (db.ChangeTracker.HasChanges())
            {
                await BeginAsync(CancellationToken.None);
                await db.SaveChangesAsync();
            }
            if (transaction is not null)
            {
                await transaction.CommitAsync();
                services.GetRequiredService<SqliteCheckpointer>().Committed();
            }
            return replies;
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
            await db.Database.CloseConnectionAsync();
            if (kept is not null)
            {
                db.Database.SetDbConnection(null, contextOwnsConnection: true);
                db.Database.SetConnectionString(ownConnectionString);
            }
            await scope.DisposeAsync();
            if (kept is not null)
            {
                keptConnections.Return(kept);
            }
        }
    }

    /// <summary>What the speed driver answers to the last reply: the question it answers (null for the engine's own) and the text.</summary>
    private static (string? Question, string Text) NextAnswer(IReadOnlyList<ConversationReply> replies, Language language)
    {
        switch (replies.LastOrDefault())
        {
            case ConfirmationReply confirmation:
                return (null, confirmation.Options.Count > 0 ? "1" : language.Yes);
            case QuestionReply question when language.Known.TryGetValue(question.QuestionId, out var known):
                return (question.QuestionId, known);
            case QuestionReply { Kind: AnswerKind.MultiChoice, Choices.Count: > 1 } multi:
                return (multi.QuestionId, $"{multi.Choices[0].Label} {language.And} {multi.Choices[1].Label}");
            case QuestionReply { Kind: AnswerKind.SingleChoice or AnswerKind.YesNo, Choices.Count: > 0 } choice:
                return (choice.QuestionId, choice.Choices[0].Label);
            case QuestionReply text:
                return (text.QuestionId, language.Description);
            default:
                return (null, language.Submit);
        }
    }

    private static void Print(List<Sample> samples, int questionnaires)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Engine turns in process (SQLite file, a turn unit as the host's), {questionnaires} questionnaires a language; {Environment.ProcessorCount} CPUs, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}"));
        Console.WriteLine("The check: AnswerNormaliser.Normalise of the same text, timed just before each turn that answers a question.");
        Console.WriteLine();
        Console.WriteLine("CPU: the thread's CPU clock (CLOCK_THREAD_CPUTIME_ID) around the call; p50 over the turns (µs), allocated bytes p50 (KB).");
        Console.WriteLine();
        Console.WriteLine("| language | turns | turn CPU p50 | check CPU p50 | CPU ratio | turn clock p50 | check clock p50 | clock ratio | turn KB | check KB |");
        Console.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var group in samples.GroupBy(s => s.Language).Append(samples.GroupBy(_ => "all").Single()))
        {
            var turns = group.ToList();
            var checks = turns.Where(s => !double.IsNaN(s.CheckMicroseconds)).ToList();
            var turnCpu = Median(turns.Where(s => !double.IsNaN(s.TurnCpuMicroseconds)).Select(s => s.TurnCpuMicroseconds));
            var checkCpu = Median(checks.Select(s => s.CheckCpuMicroseconds));
            var turnClock = Median(turns.Select(s => s.TurnMicroseconds));
            var checkClock = Median(checks.Select(s => s.CheckMicroseconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {turns.Count} | {turnCpu:F1} | {checkCpu:F1} | {turnCpu / checkCpu:F1}× | {turnClock:F1} | {checkClock:F1} | {turnClock / checkClock:F1}× | {Median(turns.Select(s => (double)s.TurnBytes)) / 1024:F1} | {Median(checks.Select(s => (double)s.CheckBytes)) / 1024:F1} |"));
        }
        var moved = samples.Count(s => double.IsNaN(s.TurnCpuMicroseconds));
        if (moved > 0)
        {
            Console.WriteLine($"{moved} of {samples.Count} turns moved to another thread (left out of the CPU column).");
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }
}

/// <summary>The calling thread's CPU time (Linux: CLOCK_THREAD_CPUTIME_ID), in microseconds.</summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    public static double Microseconds() =>
        ClockGetTime(ClockThreadCpuTime, out var time) == 0 ? time.Seconds * 1e6 + time.Nanoseconds / 1e3 : double.NaN;
}
