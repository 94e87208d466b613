using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Regin.MailIngest.Intake;
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
        var smtp = services.GetRequiredService<SmtpReplySender>();
        async Task One(string file)
        {
            await using var scope = services.CreateAsyncScope();
            var processor = scope.ServiceProvider.GetRequiredService<MailProcessor>();
            var result = await processor.ProcessAsync(await File.ReadAllBytesAsync(file, cancellationToken), allowReply: true, cancellationToken);
            if (result.ReplyId is not null && smtp.IsConfigured)
            {
                // Failures are kept on the reply (retried later by watch); the command goes on with the next mail.
                await scope.ServiceProvider.GetRequiredService<Outbox>().SendPendingAsync(smtp, cancellationToken);
            }
            results.Add((file, result));
        }
        if (files.Count > ProgressThreshold && !Console.IsOutputRedirected)
        {
            await AnsiConsole.Progress().StartAsync(async context =>
            {
                var task = context.AddTask("ingest", maxValue: files.Count);
                foreach (var file in files)
                {
                    await One(file);
                    task.Increment(1);
                }
            });
        }
        else
        {
            foreach (var file in files)
            {
                await One(file);
            }
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
}
