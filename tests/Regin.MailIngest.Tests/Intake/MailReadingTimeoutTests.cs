using System.Text.RegularExpressions;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Parsing;
using Xunit;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// A pattern's match timeout counts wall time: a plain mail read on a busy machine can run past it (flake38 saw "The
/// Regex engine has timed out" fail the first two mails of a fresh host's batch for good). A timeout is judged by the CPU
/// time its thread used meanwhile: a thread that hardly ran (the machine's doing) reads again, while the mail's budget
/// lasts; a mail whose text times a pattern out twice while its thread worked is the hostile case the timeouts are for,
/// and fails as before. The tests give the CPU clock: <see cref="Worked"/> (the thread ran all the time) or
/// <see cref="Starved"/> (it did not run).
/// </summary>
public sealed class MailReadingTimeoutTests
{
    /// <summary>A thread that ran all the time: its CPU time is the time passed.</summary>
    private static readonly Func<TimeSpan?> Worked = () => System.Diagnostics.Stopwatch.GetElapsedTime(0);

    /// <summary>A thread that waited for a core all the time: no CPU time used.</summary>
    private static readonly Func<TimeSpan?> Starved = () => TimeSpan.FromSeconds(1);

    // Catastrophic backtracking on a string of a's with a stray end: a real timeout, not a thrown stand-in.
    private static readonly Regex Backtracking = new("^(a+)+$", RegexOptions.None, TimeSpan.FromMilliseconds(5));
    private static readonly string Hostile = new string('a', 4_000) + "!";

    [Fact]
    public void A_read_that_ran_past_a_pattern_timeout_once_is_read_again()
    {
        var reads = 0;
        var expected = new ParsedMail { Language = "el", Source = "body", Answers = [new ParsedAnswer("title", "Μαθήματα ελληνικών για πρόσφυγες", "key")] };

        var parsed = MailReader.ReadAgainOnTimeout(() =>
        {
            // The first read meets a busy machine: its pattern runs past the timeout.
            if (++reads == 1)
            {
                Backtracking.IsMatch(Hostile);
            }
            return expected;
        });

        Assert.Same(expected, parsed);
        Assert.Equal(2, reads);
    }

    [Fact]
    public void A_read_that_times_a_pattern_out_twice_fails_as_unreadable()
    {
        var reads = 0;

        Assert.Throws<RegexMatchTimeoutException>(() => MailReader.ReadAgainOnTimeout(() =>
        {
            reads++;
            Backtracking.IsMatch(Hostile);
            return new ParsedMail();
        }, cpuClock: Worked));
        Assert.Equal(2, reads);
    }

    [Fact]
    public void A_read_whose_pattern_timed_out_while_its_thread_waited_for_a_core_is_read_again_until_it_is_read()
    {
        // Session 45: a fresh process at load ~75-83 runs past a cold pattern's timeout on its first match, and a read meets
        // several cold patterns one after the other. Three timeouts the thread did not work for, then the read.
        var reads = 0;
        var expected = new ParsedMail { Language = "sv", Source = "body", Answers = [new ParsedAnswer("title", "Kulturtolkar i Malmö", "key")] };

        var parsed = MailReader.ReadAgainOnTimeout(() =>
        {
            if (++reads <= 3)
            {
                Backtracking.IsMatch(Hostile);
            }
            return expected;
        }, cpuClock: Starved);

        Assert.Same(expected, parsed);
        Assert.Equal(4, reads);
    }

    [Fact]
    public void A_hostile_pattern_on_a_starved_machine_is_still_bounded()
    {
        // Every timeout judged the machine's: read again no more than MostReads times (and the mail's budget ends it first).
        var reads = 0;

        Assert.Throws<RegexMatchTimeoutException>(() => MailReader.ReadAgainOnTimeout(() =>
        {
            reads++;
            Backtracking.IsMatch(Hostile);
            return new ParsedMail();
        }, cpuClock: Starved));
        Assert.Equal(MailReader.MostReads, reads);
    }

    [Fact]
    public void A_starved_read_stops_when_the_mails_budget_is_over()
    {
        var reads = 0;
        using var budget = new CancellationTokenSource();

        Assert.Throws<OperationCanceledException>(() => MailReader.ReadAgainOnTimeout<ParsedMail>(() =>
        {
            if (++reads == 2)
            {
                budget.Cancel();
            }
            Backtracking.IsMatch(Hostile);
            return new ParsedMail();
        }, budget.Token, Starved));
        Assert.Equal(2, reads);
    }

    [Fact]
    public void A_check_that_answers_yes_or_no_is_read_again_too()
    {
        // Session 43: the out-of-office check after the parse (MailMarkers.OpensAsOutOfOffice, a bool) ran outside the
        // guard; its timeout on a busy machine came out of the ingest. It now goes through the same guard. (The real
        // markers are not used here: a fresh MailMarkers' first match runs past its 1 s timeout by itself at load ~75,
        // which is what this guard is for, and would time this test out twice.)
        var checks = 0;

        var outOfOffice = MailReader.ReadAgainOnTimeout(() =>
        {
            if (++checks == 1)
            {
                Backtracking.IsMatch(Hostile);
            }
            return true;
        });

        Assert.Equal(2, checks);
        Assert.True(outOfOffice);
    }

    [Fact]
    public void A_read_that_fails_otherwise_is_not_read_again()
    {
        var reads = 0;

        Assert.Throws<InvalidDataException>(() => MailReader.ReadAgainOnTimeout<ParsedMail>(() =>
        {
            reads++;
            throw new InvalidDataException("not a zip archive");
        }));
        Assert.Equal(1, reads);
    }
}
