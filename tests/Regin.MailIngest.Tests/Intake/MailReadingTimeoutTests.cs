using System.Text.RegularExpressions;
using Regin.MailIngest.Intake;
using Regin.MailIngest.Parsing;
using Xunit;

namespace Regin.MailIngest.Tests.Intake;

/// <summary>
/// A pattern's match timeout counts wall time: a plain mail read on a busy machine can run past it once (flake38 saw
/// "The Regex engine has timed out" fail the first two mails of a fresh host's batch for good). Such a mail is read again;
/// a mail whose text times a pattern out twice is the hostile case the timeouts are for, and fails as before.
/// </summary>
public sealed class MailReadingTimeoutTests
{
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
        }));
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
