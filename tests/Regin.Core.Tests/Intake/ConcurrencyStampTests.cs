using Regin.Core.Intake;

namespace Regin.Core.Tests.Intake;

public sealed class ConcurrencyStampTests
{
    [Fact]
    public async Task Stamps_made_on_many_threads_at_once_are_version_4_guids_and_never_repeat()
    {
        // As Guid.NewGuid made them before (a version-4 GUID: "xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx"), from each
        // thread's own generator: 8 threads of 20,000 stamps, as hosts answering at once make them.
        var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 20_000).Select(_ => IntakeService.NewStamp()).ToList())));
        var stamps = batches.SelectMany(batch => batch).ToList();
        Assert.Equal(stamps.Count, stamps.Distinct().Count());
        Assert.All(stamps, stamp =>
        {
            var text = stamp.ToString("D");
            Assert.Equal('4', text[14]);
            Assert.Contains(text[19], "89ab");
            Assert.Equal(4, stamp.Version);
        });
        Assert.DoesNotContain(Guid.Empty, stamps);
    }
}
