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
        var results = new List<(string File, MailResult Result)>();
        await using (var resume = services.CreateAsyncScope())
        {
            // Mail a process stored but never finished (it died) is finished first, from its stored bytes, as the watcher does.
            await resume.ServiceProvider.GetRequiredService<MailProcessor>().ResumeUnfinishedAsync(cancellationToken);
        }
        var smtp = services.GetRequiredService<SmtpReplySender>();
        var maxBytes = services.GetRequiredService<IOptions<MailboxOptions>>().Value.MaxMessageBytes;
        // The files in order, through the same batches as the mailbox's mail: read in parallel, committed many at once.
        var sources = files.Select(file => FileSource(file, maxBytes)).ToAsyncEnumerable();
        async Task Ingest(Action<int> progress)
        {
            await services.GetRequiredService<MailBatchIngester>().IngestAsync(sources, async (batch, token) =>
            {
                results.AddRange(batch.Select(m => (m.Source.Name, m.Result)));
                if (batch.Any(m => m.Result.ReplyId is not null) && smtp.IsConfigured)
                {
                    // Failures are kept on the reply (retried later by watch); the command goes on with the next batch.
                    await using var scope = services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<Outbox>().SendPendingAsync(smtp, token);
                }
                progress(batch.Count);
            }, cancellationToken);
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
        foreach (var (file, result) in results)
        {
            await output.WriteLineAsync($"{Path.GetFileName(file)}\t{result.Outcome}\t{result.Reference ?? "-"}\t{result.Detail}");
        }
        var summary = string.Join(", ", results.GroupBy(r => r.Result.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"));
        await output.WriteLineAsync($"{results.Count} messages: {summary}");
        if (!smtp.IsConfigured && results.Any(r => r.Result.ReplyId is not null))
        {
            await output.WriteLineAsync("Replies are kept in the outbox: no SMTP server is configured (Mail:Smtp:Host).");
        }
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Regin.MailIngest").LogInformation("Ingested {Count} messages: {Summary}", results.Count, summary);
        // A failed mail is a defined outcome (recorded, raw kept), not an error of the command.
        return 0;
    }

    /// <summary>A file as a mail; one larger than Mail:MaxMessageBytes gives its headers only (it is never read whole).</summary>
    public static MailSource FileSource(string file, long maxBytes)
    {
        var size = new FileInfo(file).Length;
        if (size <= maxBytes)
        {
            return new MailSource(file, token => File.ReadAllBytesAsync(file, token));
        }
        return new MailSource(file, async token =>
        {
            await using var stream = File.OpenRead(file);
            var head = new byte[(int)Math.Min(size, MailProcessor.MaxHeaderBytes)];
            await stream.ReadExactlyAsync(head, token);
            return MailProcessor.HeaderBytes(head);
        }, TooLargeSize: (ulong)size);
    }
}
