using Regin.MailIngest.Commands;

namespace Regin.MailIngest.Tests.Commands;

public sealed class IngestCommandTests
{
    [Fact]
    public async Task Ingest_prints_a_line_per_message_and_a_summary_and_is_idempotent()
    {
        var folder = Directory.CreateTempSubdirectory("regin-ingest-cmd-").FullName;
        try
        {
            var source = Path.Combine(AppContext.BaseDirectory, "TestData", "Emails");
            foreach (var name in new[] { "01-en-keys-complete.eml", "39-auto-reply-out-of-office.eml", "43-empty-mail.eml" })
            {
                File.Copy(Path.Combine(source, name), Path.Combine(folder, name));
            }
            await using var host = await MailTestHost.CreateAsync();
            using var first = new StringWriter();
            Assert.Equal(0, await IngestCommand.RunAsync(host.Services, [folder], first));
            var lines = first.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.StartsWith("01-en-keys-complete.eml\tsubmitted\tREGIN-0001", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("39-auto-reply-out-of-office.eml\tignored\t-", lines[1], StringComparison.Ordinal);
            Assert.StartsWith("43-empty-mail.eml\tneeds_info\t-", lines[2], StringComparison.Ordinal);
            Assert.Equal("3 messages: 1 ignored, 1 needs_info, 1 submitted", lines[3]);

            using var second = new StringWriter();
            await IngestCommand.RunAsync(host.Services, [folder], second);
            Assert.Contains("3 messages: 3 duplicate", second.ToString(), StringComparison.Ordinal);
            Assert.Equal(1, await host.CountAsync(db => db.Practices.Count()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_path_is_an_error_not_a_crash()
    {
        await using var host = await MailTestHost.CreateAsync();
        Assert.Equal(2, await IngestCommand.RunAsync(host.Services, ["/no/such/folder"], TextWriter.Null));
    }
}
