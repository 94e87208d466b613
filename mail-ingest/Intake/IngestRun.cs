namespace Regin.MailIngest.Intake;

/// <summary>How <see cref="MailBatchIngester.IngestAsync(IAsyncEnumerable{MailSource}, Func{IReadOnlyList{IngestedMail}, CancellationToken, Task}, IngestStages, CancellationToken)"/> runs its two stages.</summary>
public sealed record IngestStages
{
    /// <summary>
    /// Read while accepting (the watcher: a mail is answered while the next ones are downloaded); false: everything is
    /// accepted first, then read (the `ingest` command, whose files are all there at once).
    /// </summary>
    public bool ReadWhileAccepting { get; init; } = true;

    /// <summary>Called after each accepting commit with its mails (the benchmark's accepted rate, the command's count).</summary>
    public Func<IReadOnlyList<AcceptedMail>, CancellationToken, Task>? Accepted { get; init; }
}

/// <summary>
/// The bookkeeping of one run of both stages: which sources wait for which accepted row, the outcomes read before their
/// source's acceptance was counted, and the hand-over of results to the caller one call at a time.
/// </summary>
internal sealed class IngestRun(Func<IReadOnlyList<IngestedMail>, CancellationToken, Task> committed)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, List<MailSource>> _waiting = [];
    private readonly Dictionary<long, IngestedMail> _readEarly = [];
    private readonly Dictionary<long, IngestedMail> _read = [];
    private readonly SemaphoreSlim _reporting = new(1);
    private readonly SemaphoreSlim _acceptedSignal = new(0);
    private volatile bool _acceptingDone;

    public bool IsAcceptingDone => _acceptingDone;

    public void AcceptingDone()
    {
        _acceptingDone = true;
        _acceptedSignal.Release();
    }

    /// <summary>Waits for the acceptor's next commit (or its end).</summary>
    public Task WaitForAcceptedAsync(CancellationToken cancellationToken) => _acceptedSignal.WaitAsync(cancellationToken);

    /// <summary>A batch accepted: the mails decided by accepting (to report now), and the ones now waiting for their row to be read.</summary>
    public List<IngestedMail> Accepted(IReadOnlyList<AcceptedMail> batch)
    {
        var report = new List<IngestedMail>();
        lock (_lock)
        {
            foreach (var mail in batch)
            {
                if (mail.Decided is { } decided)
                {
                    report.Add(new IngestedMail(mail.Source, decided));
                    continue;
                }
                if (_read.TryGetValue(mail.RawInputId, out var first))
                {
                    // Its row was read in this run for an earlier copy of it.
                    report.Add(new IngestedMail(mail.Source, SameAs(first)));
                    continue;
                }
                if (_readEarly.Remove(mail.RawInputId, out var read))
                {
                    // Read and committed before this acceptance was counted here.
                    _read[mail.RawInputId] = read with { Source = mail.Source };
                    report.Add(_read[mail.RawInputId]);
                    continue;
                }
                if (_waiting.TryGetValue(mail.RawInputId, out var sources))
                {
                    sources.Add(mail.Source);
                }
                else
                {
                    _waiting[mail.RawInputId] = [mail.Source];
                }
            }
        }
        _acceptedSignal.Release();
        return report;
    }

    /// <summary>A batch read and committed: each row's outcome goes to the first source accepted onto it; a second copy is a duplicate of it.</summary>
    public List<IngestedMail> Read(IReadOnlyList<IngestedMail> batch)
    {
        var report = new List<IngestedMail>();
        lock (_lock)
        {
            foreach (var mail in batch)
            {
                var id = mail.Source.StoredId ?? mail.Result.RawInputId;
                if (_waiting.Remove(id, out var sources))
                {
                    _read[id] = mail with { Source = sources[0] };
                    report.Add(_read[id]);
                    report.AddRange(sources.Skip(1).Select(s => new IngestedMail(s, SameAs(_read[id]))));
                }
                else
                {
                    _readEarly[id] = mail;
                }
            }
        }
        return report;
    }

    /// <summary>Once both stages are done: rows read that no source of this run accepted, and sources whose row another worker read.</summary>
    public List<IngestedMail> Leftovers()
    {
        lock (_lock)
        {
            var report = _readEarly.Values.OrderBy(m => m.Source.StoredId).ToList();
            report.AddRange(_waiting.SelectMany(w => w.Value.Select(s => new IngestedMail(s,
                new MailResult { Outcome = MailOutcomes.InProgress, RawInputId = w.Key, Detail = "read by another worker" }))));
            _readEarly.Clear();
            _waiting.Clear();
            return report;
        }
    }

    private static MailResult SameAs(IngestedMail first) => new()
    {
        Outcome = MailOutcomes.Duplicate,
        RawInputId = first.Result.RawInputId,
        Detail = $"the same mail as {first.Source.Name}: {first.Result.Outcome}",
        PreviouslyFailed = first.Result.IsFailure,
    };

    /// <summary>Hands results to the caller, one call at a time.</summary>
    public async Task ReportAsync(IReadOnlyList<IngestedMail> mails, CancellationToken cancellationToken)
    {
        if (mails.Count == 0)
        {
            return;
        }
        await _reporting.WaitAsync(cancellationToken);
        try
        {
            await committed(mails, cancellationToken);
        }
        finally
        {
            _reporting.Release();
        }
    }
}
