using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Options;
using Regin.MailIngest.Replies;
using Spectre.Console;

namespace Regin.MailIngest.Commands;

/// <summary>`ingest PATH...`: .eml files and folders of them, a line per message and a summary (a progress bar for big batches).</summary>
public static class IngestCommand
{
    public const int ProgressThreshold = 20;

    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new FileNotFoundException($"There is no file or folder \"{path}\".", path);
            }
        }
        return files;
    }

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> paths, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        // SQLite's log is copied into the database file beside the writer, not in its commits (see MailBatchIngester).
        var checkpointer = services.GetService<Regin.Core.Persistence.Sqlite.SqliteCheckpointer>();
        if (checkpointer is null)
        {
            return await IngestFilesAsync(services, paths, output, cancellationToken);
        }
        await checkpointer.StartAsync(cancellationToken);
        try
        {
            return await IngestFilesAsync(services, paths, output, cancellationToken);
        }
        finally
        {
            await checkpointer.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<int> IngestFilesAsync(IServiceProvider services, IReadOnlyList<string> paths, TextWriter output, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> files;
        try
        {
            files = ExpandPaths(paths);
        }
        catch (FileNotFoundException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        var results = new List<(MailSource Source, MailResult Result)>();
        await using (var resume = services.CreateAsyncScope())
        {
            // Mail a process stored but never finished (it died) is finished first, from its stored bytes, as the watcher does.
            await resume.ServiceProvider.GetRequiredService<MailProcessor>().ResumeUnfinishedAsync(cancellationToken);
        }
        var smtp = services.GetRequiredService<SmtpReplySender>();
        var maxBytes = services.GetRequiredService<IOptions<MailboxOptions>>().Value.MaxMessageBytes;
        // The files in order: first all accepted (raw bytes stored, many to a commit), then read from the stored rows in
        // the order accepted, through the same batches as the mailbox's mail.
        var sources = files.Select(file => FileSource(file, maxBytes)).ToList();
        var order = new Dictionary<MailSource, int>(ReferenceEqualityComparer.Instance);
        foreach (var (source, i) in sources.Select((source, i) => (source, i)))
        {
            order[source] = i;
        }
        var accepted = 0;
        var acceptedNew = 0;
        var stages = new IngestStages
        {
            ReadWhileAccepting = false,
            Accepted = (batch, _) =>
            {
                accepted += batch.Count;
                acceptedNew += batch.Count(m => m.IsNew);
                return Task.CompletedTask;
            },
        };
        async Task Ingest(Action<int> progress)
        {
            await services.GetRequiredService<MailBatchIngester>().IngestAsync(sources.ToAsyncEnumerable(), async (batch, token) =>
            {
                results.AddRange(batch.Select(m => (m.Source, m.Result)));
                if (batch.Any(m => m.Result.ReplyId is not null) && smtp.IsConfigured)
                {
                    // Failures are kept on the reply (retried later by watch); the command goes on with the next batch.
                    await using var scope = services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<Outbox>().SendPendingAsync(smtp, token);
                }
                progress(batch.Count(m => m.Source.StoredId is null));
            }, stages, cancellationToken);
        }
        if (files.Count > ProgressThreshold && !Console.IsOutputRedirected)
        {
            await AnsiConsole.Progress().StartAsync(async context =>
            {
                var task = context.AddTask("ingest", maxValue: files.Count);
                await Ingest(count => task.Increment(count));
            });
        }
        else
        {
            await Ingest(_ => { });
        }
        // A line per file, in the order given; then the mails accepted by an earlier run and read by this one.
        var lines = results.OrderBy(r => r.Source.StoredId is null ? 0 : 1).ThenBy(r => order.GetValueOrDefault(r.Source, int.MaxValue)).ThenBy(r => r.Source.StoredId).ToList();
        foreach (var (source, result) in lines)
        {
            var name = source.StoredId is { } id ? $"accepted before #{id}" : Path.GetFileName(source.Name);
            await output.WriteLineAsync($"{name}\t{result.Outcome}\t{result.Reference ?? "-"}\t{result.Detail}");
        }
        var summary = string.Join(", ", results.GroupBy(r => r.Result.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"));
        var read = results.Count(r => r.Result.Outcome is not (MailOutcomes.Duplicate or MailOutcomes.InProgress) && !(r.Result.Outcome == MailOutcomes.Failed && r.Result.Detail.StartsWith("too_large", StringComparison.Ordinal)));
        await output.WriteLineAsync($"{results.Count} messages: {summary}");
        await output.WriteLineAsync($"accepted {accepted} ({acceptedNew} new), read {read}");
        if (!smtp.IsConfigured && results.Any(r => r.Result.ReplyId is not null))
        {
            await output.WriteLineAsync("Replies are kept in the outbox: no SMTP server is configured (Mail:Smtp:Host).");
        }
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Regin.MailIngest").LogInformation("Ingested {Count} messages ({Accepted} accepted, {Read} read): {Summary}",
            results.Count, accepted, read, summary);
        // A failed mail is a defined outcome (recorded, raw kept), not an error of the command.
        return 0;
    }

    /// <summary>A file as a mail; one larger than Mail:MaxMessageBytes gives its headers only (it is never read whole).</summary>
    public static MailSource FileSource(string file, long maxBytes)
    {
        var size = new FileInfo(file).Length;
        if (size <= maxBytes)
        {
            // Read at once (a mail file is small: the thread pool's round trip of an asynchronous read cost more than the read).
            return new MailSource(file, _ => Task.FromResult(File.ReadAllBytes(file)))
            {
                ReadsInParallel = true,
                // A large file is stored from the file itself, a piece at a time (never whole in memory).
                OpenAsync = size >= MailSource.StreamFrom
                    ? _ => Task.FromResult<Stream>(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan))
                    : null,
            };
        }
        return new MailSource(file, async token =>
        {
            await using var stream = File.OpenRead(file);
            var head = new byte[(int)Math.Min(size, MailProcessor.MaxHeaderBytes)];
            await stream.ReadExactlyAsync(head, token);
            return MailProcessor.HeaderBytes(head);
        }, TooLargeSize: (ulong)size) { ReadsInParallel = true };
    }
}
