using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Regin.Core.Persistence;
using Regin.MailIngest.Commands;
using Regin.MailIngest.Intake;
using Regin.Testing;
using Xunit.Abstractions;

namespace Regin.MailIngest.Tests.Security;

/// <summary>Alone in the process while it runs: it measures what the process allocates.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasuringCollection
{
    public const string Name = "Allocation measuring (not run in parallel)";
}

/// <summary>
/// A mail of 20 MB that is one attachment and a tiny filled-in template (a scanned form, a photo, a huge Word file
/// beside the answers): read from its file as a stream, its raw bytes kept whole, its answers read, the attachment
/// refused or skipped with the reason, and the memory it takes flat: what reading it allocates does not grow with the
/// attachment (compared with the same mail with a 200 kB attachment, measured in the same run). On both providers:
/// <see cref="LargeMailMemoryTestsOnSqlite"/>, <see cref="LargeMailMemoryTestsOnPostgreSql"/> (Npgsql reads a stream
/// parameter whole before sending it: the large mail is sent through a binary COPY instead, bench46).
/// </summary>
public abstract class LargeMailMemoryTests(ITestOutputHelper output, string provider)
{
    private const string Template = "[Q01] Nora Quinn\n[Q05] Welcome desk at the town hall\n[Q06] Ireland\n";

    /// <summary>A mail file: the template as its text, then one base64 attachment of <paramref name="attachmentBytes"/> random bytes.</summary>
    private static string WriteMail(string folder, string name, string fileName, string contentType, int attachmentBytes)
    {
        var path = Path.Combine(folder, name);
        // Each mail from a sender of its own: the same template sent again by one sender is that sender's practice again.
        var sender = $"nora.{Path.GetFileNameWithoutExtension(name)}@example.org";
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using (var text = new StreamWriter(file, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" })
        {
            text.Write($"From: {sender}\r\nTo: reginproject@crpm.org\r\nSubject: REGIN\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\n" +
                $"Message-ID: <{name}@example.org>\r\nAuthentication-Results: {MailTestHost.PassHeader(sender)}\r\nMIME-Version: 1.0\r\n" +
                "Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + Template.Replace("\n", "\r\n") +
                $"--B\r\nContent-Type: {contentType}; name=\"{fileName}\"\r\nContent-Disposition: attachment; filename=\"{fileName}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
            var random = new Random(20);
            var chunk = new byte[57 * 1024];
            for (var written = 0; written < attachmentBytes; written += chunk.Length)
            {
                random.NextBytes(chunk);
                var line = Convert.ToBase64String(chunk, Base64FormattingOptions.InsertLineBreaks);
                text.Write(line);
                text.Write("\r\n");
            }
            text.Write("--B--\r\n");
        }
        return path;
    }

    /// <summary>
    /// An HTML-only mail of 20 MB (a newsletter of inline images, or poison): more bytes than the characters HTML may have
    /// (Mail:MaxHtmlChars), so it is refused after counting, never decoded whole; its raw bytes are kept.
    /// </summary>
    [Fact]
    public async Task A_20_MB_html_body_is_refused_with_flat_memory_and_kept()
    {
        await using var host = await MailTestHost.CreateAsync(new() { ["Mail:BatchMilliseconds"] = "50" }, provider: provider);
        var folder = Directory.CreateTempSubdirectory("regin-large-html-").FullName;
        try
        {
            string Write(string name, int bytes)
            {
                var path = Path.Combine(folder, name);
                using var text = new StreamWriter(path, false, new UTF8Encoding(false), 64 * 1024) { NewLine = "\r\n" };
                text.Write($"From: olle@example.org\r\nTo: reginproject@crpm.org\r\nSubject: REGIN\r\nMessage-ID: <{name}@example.org>\r\n" +
                    $"Authentication-Results: {MailTestHost.PassHeader("olle@example.org")}\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n" +
                    "Content-Transfer-Encoding: base64\r\n\r\n");
                var html = Encoding.UTF8.GetBytes("<p>[Q05] A title</p>" + new string('x', 57 * 1024 - 21));
                for (var written = 0; written < bytes; written += html.Length)
                {
                    text.Write(Convert.ToBase64String(html, Base64FormattingOptions.InsertLineBreaks));
                    text.Write("\r\n");
                }
                return path;
            }
            var ingester = host.Services.GetRequiredService<MailBatchIngester>();
            async Task<(MailResult Result, long Allocated)> IngestAsync(string path)
            {
                var results = new List<IngestedMail>();
                GC.Collect();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                await ingester.IngestAsync(new[] { IngestCommand.FileSource(path, 50L * 1024 * 1024) }.ToAsyncEnumerable(), (batch, _) =>
                {
                    results.AddRange(batch);
                    return Task.CompletedTask;
                });
                return (Assert.Single(results).Result, GC.GetTotalAllocatedBytes(precise: true) - before);
            }
            await IngestAsync(Write("warm.eml", 1024 * 1024));
            var (_, smallAllocated) = await IngestAsync(Write("small.eml", 1024 * 1024));
            var large = Write("large.eml", 17 * 1024 * 1024);
            var (result, largeAllocated) = await IngestAsync(large);
            output.WriteLine($"html: 1 MB mail allocated {smallAllocated / 1024} kB; {new FileInfo(large).Length / 1024} kB mail allocated {largeAllocated / 1024} kB; {result.Outcome} {result.Detail}");

            Assert.Contains("html_too_deep_or_large", result.Detail, StringComparison.Ordinal);
            var stored = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking()
                .Where(r => r.Id == result.RawInputId).Select(r => r.Content).SingleAsync());
            Assert.Equal(SHA256.HashData(await File.ReadAllBytesAsync(large)), SHA256.HashData(stored));
            Assert.True(largeAllocated < 8L * 1024 * 1024, $"the 20 MB HTML mail allocated {largeAllocated / 1024} kB");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("scan.pdf", "application/pdf", "attachment_not_read")]
    [InlineData("template.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "attachment_too_large")]
    public async Task A_20_MB_attachment_beside_a_tiny_template_is_read_with_flat_memory(string fileName, string contentType, string problem)
    {
        await using var host = await MailTestHost.CreateAsync(new() { ["Mail:BatchMilliseconds"] = "50" }, provider: provider);
        var folder = Directory.CreateTempSubdirectory("regin-large-attachment-").FullName;
        try
        {
            var small = WriteMail(folder, "small.eml", fileName, contentType, 200 * 1024);
            var large = WriteMail(folder, "large.eml", fileName, contentType, 15 * 1024 * 1024);
            Assert.InRange(new FileInfo(large).Length, 20L * 1024 * 1024, 22L * 1024 * 1024);
            var ingester = host.Services.GetRequiredService<MailBatchIngester>();

            async Task<(MailResult Result, long Allocated)> IngestAsync(string path)
            {
                var results = new List<IngestedMail>();
                GC.Collect();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                await ingester.IngestAsync(new[] { IngestCommand.FileSource(path, 50L * 1024 * 1024) }.ToAsyncEnumerable(), (batch, _) =>
                {
                    results.AddRange(batch);
                    return Task.CompletedTask;
                });
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                return (Assert.Single(results).Result, allocated);
            }

            // Warm: the first mail pays for code paths met for the first time.
            await IngestAsync(WriteMail(folder, "warm.eml", fileName, contentType, 200 * 1024));
            var (smallResult, smallAllocated) = await IngestAsync(small);
            var (largeResult, largeAllocated) = await IngestAsync(large);
            output.WriteLine($"{fileName}: small mail {new FileInfo(small).Length / 1024} kB allocated {smallAllocated / 1024} kB; " +
                $"large mail {new FileInfo(large).Length / 1024} kB allocated {largeAllocated / 1024} kB; {largeResult.Outcome} {largeResult.Detail}");

            foreach (var result in new[] { smallResult, largeResult })
            {
                Assert.Equal(MailOutcomes.Created, result.Outcome);
                var practice = await host.PracticeAsync(result.Reference);
                Assert.Equal("Welcome desk at the town hall", practice!.Answers.Single(a => a.QuestionId == "title").Original);
            }
            Assert.Contains(problem, largeResult.Detail, StringComparison.Ordinal);
            // Every raw input kept: the stored bytes are the file's.
            var stored = await host.WithScopeAsync(sp => sp.GetRequiredService<ReginDbContext>().RawInputs.AsNoTracking()
                .Where(r => r.Id == largeResult.RawInputId).Select(r => r.Content).SingleAsync());
            Assert.Equal(SHA256.HashData(await File.ReadAllBytesAsync(large)), SHA256.HashData(stored));
            // Flat: 20 MB more of attachment cost less than 4 MB more of allocation (it is stored and parsed from the file,
            // never decoded whole).
            Assert.True(largeAllocated - smallAllocated < 4L * 1024 * 1024, $"the 20 MB mail allocated {(largeAllocated - smallAllocated) / 1024} kB more than the small one");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

[Collection(AllocationMeasuringCollection.Name)]
public sealed class LargeMailMemoryTestsOnSqlite(ITestOutputHelper output) : LargeMailMemoryTests(output, TestProviders.Sqlite);

[Collection(AllocationMeasuringCollection.Name)]
public sealed class LargeMailMemoryTestsOnPostgreSql(ITestOutputHelper output) : LargeMailMemoryTests(output, TestProviders.PostgreSql);
