using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Regin.Core.Normalisation;
using Regin.Core.Persistence;
using Regin.Core.Persistence.Entities;
using Regin.Core.Privacy;
using Regin.Core.Questionnaire;
using Regin.Core.Diagnostics;

namespace Regin.Core.Intake;

/// <summary>
/// What both channels do with a contributor's answers: find or start their draft, record answers (normalised,
/// validated, logged), list what is missing, submit. Nothing is stored half way: an answer is either refused with a
/// localised message, or stored with its original words, its flags and an event in the log, in one transaction.
/// </summary>
public sealed class IntakeService(ReginDbContext db, AnswerNormaliser normaliser, TimeProvider clock, ILogger<IntakeService> logger, OpenDraftCache? drafts = null,
    PracticeRowWriter? rows = null, UnitTransaction? unit = null)
{
    /// <summary>
    /// The open drafts this unit of work holds untracked (with <see cref="OpenDraftCache"/> and <see cref="PracticeRowWriter"/>:
    /// a chat turn): each as changed here and as the database holds it, so a change writes only what differs.
    /// </summary>
    private readonly Dictionary<Guid, HeldDraft> _held = [];

    // Each other writer that wins a race has committed and is gone, so a change retried once per concurrent writer
    // always lands: eight covers a draft that chat, mail, a researcher and a few more touch at the same instant.
    private const int ConflictRetries = 8;

    private QuestionnaireDefinition Questionnaire => normaliser.Questionnaire;

    /// <summary>The open draft of this contributor (draft or needs_changes), or a new one.</summary>
    public async Task<Practice> FindOrStartDraftAsync(ContributorKey contributor, string language, string channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contributor);
        var existing = await FindOpenDraftAsync(contributor, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }
        return await StartDraftAsync(contributor, language, channel, cancellationToken: cancellationToken);
    }

    public async Task<Practice?> FindOpenDraftAsync(ContributorKey contributor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contributor);
        if (drafts is not null)
        {
            // Which draft, at which stamp (one query); then the copy kept at that stamp, or the draft loaded whole.
            var version = await OpenDraftVersionAsync(contributor, cancellationToken);
            if (version is null)
            {
                return null;
            }
            if (Tracked(version.Id) is { } tracked)
            {
                return tracked;
            }
            if (rows is not null)
            {
                // Untracked: no entity attached, no change detection; UpdateAsync writes what a change made differ.
                if (_held.TryGetValue(version.Id, out var held) && held.Written.ConcurrencyStamp == version.Stamp)
                {
                    return held.Current;
                }
                return Hold(drafts.Kept(version.Id, version.Stamp) ?? await LoadWrittenAsync(version.Id, cancellationToken)).Current;
            }
            if (drafts.Attach(db, version.Id, version.Stamp) is { } kept)
            {
                return kept;
            }
            var loaded = await LoadAsync(version.Id, cancellationToken);
            drafts.Remember(loaded);
            return loaded;
        }
        var ids = db.ContributorIdentities
            .Where(i => i.Channel == contributor.Channel && i.ExternalId == contributor.ExternalId)
            .Select(i => i.PracticeId);
        // Found and loaded whole in one query (split by collection): no second look-up by id.
        return await db.Practices
            .Where(p => ids.Contains(p.Id) && (p.Status == PracticeStatus.Draft || p.Status == PracticeStatus.NeedsChanges))
            .OrderByDescending(p => p.Number)
            .Include(p => p.Answers)
            .Include(p => p.Flags)
            .Include(p => p.Identities)
            .AsSplitQuery()
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// A new draft, always (the contributor asked to start another practice, or a mail carries no reference); with
    /// <paramref name="recordContributor"/> false the sender is named in the log only: no identity that could continue
    /// it, no contact e-mail (a sender nobody authenticated may be someone else).
    /// </summary>
    public async Task<Practice> StartDraftAsync(ContributorKey contributor, string language, string channel, bool recordContributor = true, CancellationToken cancellationToken = default)
    {
        _known = null;
        _startedOrTracked = true;
        var now = clock.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            // The number is taken in the transaction that stores the draft (TakePracticeNumberAsync: under SQLite's
            // writer lock, from PostgreSQL's sequence). A caller's own transaction serves the same purpose, and so does
            // its unit of work's (a chat turn's: the new draft is stored with the rest of the turn, or not at all).
            await using var transaction = unit is not null ? await unit.BeginUnlessOpenAsync(cancellationToken)
                : !ContextTransaction.IsOpen(db) ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            var practice = NewDraft(contributor, language, channel, recordContributor, await TakePracticeNumberAsync(db, cancellationToken), now);
            db.Practices.Add(practice);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                if (transaction is not null)
                {
                    await transaction.CommitAsync(cancellationToken);
                }
                logger.LogInformation("Started draft {Reference} for {Contributor} on {Channel}", practice.Reference, PersonalData.Masked(contributor.ToString()), channel);
                return practice;
            }
            catch (DbUpdateException) when (attempt < ConflictRetries)
            {
                // A provider without serialised writers (PostgreSQL) let another writer take the number: take the next.
                ForgetPractices();
            }
        }
    }

    /// <summary>
    /// A new draft of <paramref name="contributor"/> with its first answer, as one change: the answer normalised before
    /// anything is written, then (in the unit's transaction, which the first write begins: a chat turn's, holding SQLite's
    /// writer lock from there to its commit) the number taken and the practice, its identity, its log and the answer
    /// inserted by <see cref="PracticeRowWriter"/>, untracked, and the draft held for the rest of the unit as a later
    /// answer finds it. So a chat's first answer enters the writer queue as late and holds it as briefly as a later
    /// answer does (it used to take it before the normalisation, with two saves of EF Core's change tracker). A refused
    /// answer still leaves the new draft, without answers, as before. Without a row writer: <see cref="StartDraftAsync"/>,
    /// then the answer through <see cref="UpdateAsync{T}"/>.
    /// </summary>
    public async Task<(Practice Practice, AnswerOutcome Outcome)> StartDraftWithAnswerAsync(ContributorKey contributor, string language, string channel,
        string questionId, string text, string actor, string? typed = null, CancellationToken cancellationToken = default)
    {
        _known = null;
        ArgumentNullException.ThrowIfNull(contributor);
        if (rows is null)
        {
            var started = await StartDraftAsync(contributor, language, channel, cancellationToken: cancellationToken);
            var recorded = await UpdateAsync(started.Id, p => RecordAnswer(p, questionId, text, language, actor, typed), cancellationToken);
            return (await LoadAsync(started.Id, cancellationToken), recorded);
        }
        KeyValuePair<string, string>[] answers = [new(questionId, text)];
        NormalisedAnswer[] normalised = [AsTyped(NormaliseForNewDraft(normaliser, answers, language, Today)[0], typed)];
        await using var transaction = unit is not null ? await unit.BeginUnlessOpenAsync(cancellationToken)
            : !ContextTransaction.IsOpen(db) ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        // The number is taken as StartDraftAsync takes it: on PostgreSQL with no lock held to the commit, so the first
        // answers of many chats no longer queue behind one another's turns; there in the batch of the draft's rows (the
        // draft built numbered 0 until then), not in a round trip of its own before them.
        var number = rows.TakesPracticeNumbers ? 0 : await TakePracticeNumberAsync(db, cancellationToken);
        var practice = NewDraft(contributor, language, channel, recordContributor: true, number, clock.GetUtcNow());
        var outcome = RecordAnswersUntracked(practice, answers, language, actor, normalised)[0];
        Practice? written = null;
        // Where the unit's writes may wait for its COMMIT (a chat turn on PostgreSQL), the draft's rows go with it and its
        // number is read there (nothing in the turn needs it before: a write of the draft first sends them, NumberedAsync);
        // the copy kept for the next turns is kept once it has its number.
        var waits = await rows.InsertAsync(practice, transaction is null ? () => Numbered(practice, written!, contributor, channel) : null, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        written = practice.CopyWithAnswers();
        _held[practice.Id] = new HeldDraft(practice, written);
        _started = _started is null ? (contributor, practice.Id) : null;
        _startedOrTracked |= _started is null;
        if (waits)
        {
            _numbering = practice;
            return (practice, outcome);
        }
        drafts?.Keep(written);
        logger.LogInformation("Started draft {Reference} for {Contributor} on {Channel}", practice.Reference, PersonalData.Masked(contributor.ToString()), channel);
        return (practice, outcome);
    }

    /// <summary>A new draft whose rows waited for the unit's next statement (<see cref="StartDraftWithAnswerAsync"/>), until they ran.</summary>
    private Practice? _numbering;

    /// <summary>
    /// The rows of a new draft that waited have run: its number and its rows' keys, read into <paramref name="practice"/>,
    /// go to the copy as written, which is kept for the next units.
    /// </summary>
    private void Numbered(Practice practice, Practice written, ContributorKey contributor, string channel)
    {
        written.Number = practice.Number;
        for (var i = 0; i < practice.Identities.Count && i < written.Identities.Count; i++)
        {
            written.Identities[i].Id = practice.Identities[i].Id;
        }
        for (var i = 0; i < practice.Flags.Count && i < written.Flags.Count; i++)
        {
            written.Flags[i].Id = practice.Flags[i].Id;
        }
        if (ReferenceEquals(_numbering, practice))
        {
            _numbering = null;
        }
        drafts?.Keep(written);
        logger.LogInformation("Started draft {Reference} for {Contributor} on {Channel}", practice.Reference, PersonalData.Masked(contributor.ToString()), channel);
    }

    /// <summary>
    /// Sends the rows of a new draft that wait for the unit's next statement (<see cref="StartDraftWithAnswerAsync"/>) now,
    /// before the draft is written again or its number used: its keys and number are then known.
    /// </summary>
    private async Task NumberedAsync(CancellationToken cancellationToken)
    {
        if (_numbering is not null && ReadBatch.For(db) is { } batch)
        {
            // Nothing of its own: what waits on the connection runs, its rows read.
            await batch.ExecuteAsync(cancellationToken);
        }
    }

    /// <summary>The name of the provider's lock held while a practice's number is read and taken (where <see cref="ReginDatabaseProvider.NumbersPracticesUnderLock"/>).</summary>
    public const string PracticeNumberLock = "regin:practice-number";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel, string> PracticeNumberSqls = new();

    /// <summary>The statement that takes a new practice's number on <paramref name="db"/> (<see cref="ReginDatabaseProvider.TakePracticeNumber"/>, written for its model).</summary>
    public static string PracticeNumberSql(ReginDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return PracticeNumberSqls.GetOrAdd(db.Model, _ =>
        {
            var model = new ModelStatements(db);
            return db.Provider().TakePracticeNumber(model.Table<Practice>(), model.Column<Practice>(nameof(Practice.Number)));
        });
    }

    /// <summary>
    /// The number a new practice takes, in <paramref name="db"/>'s current transaction (which must store the practice):
    /// on SQLite one more than the largest stored, under its writer lock (gapless); on PostgreSQL the next value of a
    /// sequence, with no lock held to the commit, so new drafts on any host do not wait for one another (a draft rolled
    /// back leaves a gap). The chat's first answers and the mail's new drafts all take their numbers here.
    /// </summary>
    public static async Task<int> TakePracticeNumberAsync(ReginDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var provider = db.Provider();
        if (provider.NumbersPracticesUnderLock)
        {
            await provider.SerialiseAsync(db, PracticeNumberLock, cancellationToken);
        }
        await using var take = PreparedStatement.Create(db, PracticeNumberSql(db));
        return Convert.ToInt32(await take.ScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A new draft in memory, numbered <paramref name="number"/>, with its identity (when <paramref name="recordContributor"/>)
    /// and its "created" event in <see cref="Practice.Events"/>: what <see cref="StartDraftAsync"/> saves, for a writer
    /// that stores the rows itself (the mail batch).
    /// </summary>
    public static Practice NewDraft(ContributorKey contributor, string language, string channel, bool recordContributor, int number, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(contributor);
        var practice = new Practice
        {
            Id = Guid.NewGuid(),
            Number = number,
            Language = Languages.IsSupported(language) ? language : Languages.Default,
            Channels = channel,
            CreatedAt = now,
            UpdatedAt = now,
            ContributorEmail = recordContributor && contributor.Channel == Channels.Email ? contributor.ExternalId : null,
        };
        if (recordContributor)
        {
            practice.Identities.Add(new ContributorIdentity { Channel = contributor.Channel, ExternalId = contributor.ExternalId });
        }
        practice.Events.Add(new PracticeEvent { At = now, Actor = contributor.ToString(), Kind = "created", NewValue = practice.Reference });
        return practice;
    }

    /// <summary>
    /// Which open draft of <paramref name="contributor"/>, at which stamp: one statement prepared from the model (on a
    /// connection kept across chat turns, compiled once: <see cref="StatementCache"/>), with the connection open for the
    /// unit of work (a chat turn's); EF Core's compiled query otherwise.
    /// </summary>
    private async Task<PracticeVersionKey?> OpenDraftVersionAsync(ContributorKey contributor, CancellationToken cancellationToken)
    {
        if (_known is { } known)
        {
            // Read with the unit's first statement (AddOpenDraftVersion), or here, nothing written since: a version is
            // used once; "none" holds until this service writes (a chat's first answer asks at the turn's start and again
            // when it stores the answer: once is enough).
            if (known.Version is not null)
            {
                _known = null;
            }
            if (known.Contributor == contributor)
            {
                _looked ??= (contributor, known.Version, _fromHost);
                return known.Version;
            }
        }
        PracticeVersionKey? version;
        if (db.Database.GetDbConnection().State != System.Data.ConnectionState.Open)
        {
            version = await OpenDraftVersion.For(db)(db, contributor.Channel, contributor.ExternalId, cancellationToken);
        }
        else
        {
            var query = OpenDraftVersionQueries.GetOrAdd(db.Model, _ => VersionQuery.For(db));
            await using var statement = PreparedStatement.Create(db, query.Sql, query.Mappings);
            var found = await statement.ReadAsync(r => new PracticeVersionKey { Id = r.GetFieldValue<Guid>(0), Stamp = r.GetFieldValue<Guid>(1) },
                cancellationToken, contributor.Channel, contributor.ExternalId);
            version = found.Count == 0 ? null : found[0];
        }
        if (version is null)
        {
            _known = (contributor, null);
        }
        _looked ??= (contributor, version, false);
        return version;
    }

    /// <summary>
    /// Takes <paramref name="contributor"/>'s open draft, <paramref name="practiceId"/> at <paramref name="stamp"/>, as what
    /// the unit's first <see cref="FindOpenDraftAsync"/> finds, without asking the database: the version a chat host kept
    /// from the conversation's last committed turn. Unverified: a unit that uses it checks it before its commit (its
    /// stamped write of the practice, <see cref="AddOpenDraftCheckAsync"/>), and a stale stamp met on the way fails the unit
    /// (<see cref="PracticeConflictException"/>) instead of being retried within it, so that the caller runs it again whole.
    /// </summary>
    public void KnowOpenDraftVersion(ContributorKey contributor, Guid practiceId, Guid stamp)
    {
        ArgumentNullException.ThrowIfNull(contributor);
        _known = (contributor, new PracticeVersionKey { Id = practiceId, Stamp = stamp });
        _fromHost = true;
    }

    /// <summary>Whether the unit found its contributor's open draft by a version it was given (<see cref="KnowOpenDraftVersion"/>), not read.</summary>
    public bool UsedGivenVersion => _looked is { FromHost: true };

    /// <summary>
    /// Takes it that <paramref name="contributor"/> has no open draft, as what the unit's <see cref="FindOpenDraftAsync"/>
    /// finds, without asking the database: what a chat host kept from the conversation's last committed turn (its
    /// welcome, which read it). Unverified: a unit that uses it checks before its commit that the contributor has no open
    /// draft but the one it started, if any (<see cref="AddNoOtherOpenDraftCheckAsync"/>): a draft opened meanwhile (by a
    /// mail, another conversation, another host) fails the unit, which its caller runs again whole, reading.
    /// </summary>
    public void KnowNoOpenDraft(ContributorKey contributor)
    {
        ArgumentNullException.ThrowIfNull(contributor);
        _known = (contributor, null);
        _fromHost = true;
    }

    /// <summary>Whether the unit took it that its contributor has no open draft from the host (<see cref="KnowNoOpenDraft"/>), unverified.</summary>
    public bool UsedGivenNoDraft => _looked is { FromHost: true, Version: null };

    /// <summary>
    /// Whether <paramref name="contributor"/> has no open draft once this unit's writes are committed, as far as this
    /// service can tell: it looked (or read it with the unit's first statement) and found none, and wrote no practice.
    /// </summary>
    public bool KnowsNoOpenDraftAfterUnit(ContributorKey contributor)
    {
        ArgumentNullException.ThrowIfNull(contributor);
        if (_startedOrTracked || _started is not null || _held.Count > 0)
        {
            return false;
        }
        // (Read with the unit's first statement and not asked for since: the welcome turn's.)
        var looked = _looked ?? (_known is { } known && !_fromHost ? (known.Contributor, known.Version, false) : null);
        return looked is { Version: null } found && found.Contributor == contributor;
    }

    /// <summary>
    /// The open draft of <paramref name="contributor"/> once this unit's writes are committed, when this service can tell
    /// it (the draft it found, at the stamp it wrote last, still open): false when it did not look, found none, started a
    /// draft or changed one through the tracker or out of the open states (the next unit reads it).
    /// </summary>
    public bool TryGetOpenDraftAfterUnit(ContributorKey contributor, out Guid practiceId, out Guid stamp)
    {
        practiceId = default;
        stamp = default;
        if (_startedOrTracked)
        {
            return false;
        }
        if (_started is { } started)
        {
            // The draft this unit started (held, as written): the contributor's newest, so their open one.
            if (started.Contributor != contributor || !_held.TryGetValue(started.Id, out var fresh) || !PracticeStatus.IsOpenForContributor(fresh.Written.Status))
            {
                return false;
            }
            practiceId = started.Id;
            stamp = fresh.Written.ConcurrencyStamp;
            return true;
        }
        if (_looked is not { Version: { } version } looked || looked.Contributor != contributor)
        {
            return false;
        }
        practiceId = version.Id;
        stamp = version.Stamp;
        if (_held.TryGetValue(version.Id, out var held))
        {
            if (!PracticeStatus.IsOpenForContributor(held.Written.Status))
            {
                return false;
            }
            stamp = held.Written.ConcurrencyStamp;
        }
        else if (Tracked(version.Id) is not null)
        {
            return false;
        }
        return true;
    }

    /// <summary>
    /// Checks, in the unit's transaction, that <paramref name="contributor"/>'s open draft is <paramref name="practiceId"/> at
    /// <paramref name="stamp"/> (after the unit's own writes): where the provider has batches (PostgreSQL) the check waits to
    /// go with the unit's COMMIT and the database fails it there (<see cref="ReginDatabaseProvider.ExpectingRows"/>'s
    /// SQLSTATE); otherwise it runs now. Not so: <see cref="PracticeConflictException"/>.
    /// </summary>
    public async Task AddOpenDraftCheckAsync(ContributorKey contributor, Guid practiceId, Guid stamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contributor);
        var query = OpenDraftChecks.GetOrAdd(db.Model, _ => DraftCheck.For(db));
        await AddDraftCheckAsync(query, [contributor.Channel, contributor.ExternalId, practiceId, stamp], practiceId, holds: count => count != 0, cancellationToken);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel, DraftCheck> OpenDraftChecks = new();

    /// <summary>
    /// Checks, in the unit's transaction, that <paramref name="contributor"/> has no open draft but <paramref name="started"/>
    /// (the one the unit started, if any), all of them counted, not only the newest: a draft opened by another writer
    /// before this unit's took its number is older than the unit's. As <see cref="AddOpenDraftCheckAsync"/>: with the
    /// unit's COMMIT where the provider has batches, else now. Not so: <see cref="PracticeConflictException"/>.
    /// </summary>
    public async Task AddNoOtherOpenDraftCheckAsync(ContributorKey contributor, Guid? started, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contributor);
        var query = NoOtherDraftChecks.GetOrAdd(db.Model, _ => DraftCheck.ForNoOther(db));
        var practiceId = started ?? Guid.Empty;
        await AddDraftCheckAsync(query, [contributor.Channel, contributor.ExternalId, practiceId], practiceId, holds: count => count == 0, cancellationToken);
    }

    /// <summary>
    /// One of the open-draft checks: with the unit's COMMIT where the provider has batches (its failing form gives 1 when
    /// the check holds), else its count now, which <paramref name="holds"/> judges. Not so: <see cref="PracticeConflictException"/>.
    /// </summary>
    private async Task AddDraftCheckAsync(DraftCheck query, object?[] values, Guid practiceId, Func<long, bool> holds, CancellationToken cancellationToken)
    {
        if (WriteBatch.For(db) is not null)
        {
            ConnectionPrelude.Add(db.Database.GetDbConnection(), new ConnectionPrelude.Statement(query.Failing, values, ReturnsRows: true, Mappings: query.Mappings,
                Check: found =>
                {
                    if (found == 0)
                    {
                        throw Conflict(practiceId);
                    }
                }, CheckedSql: query.FailingChecked));
            return;
        }
        await using var statement = PreparedStatement.Create(db, query.Count, query.Mappings);
        if (!holds(Convert.ToInt64(await statement.ScalarAsync(cancellationToken, values), System.Globalization.CultureInfo.InvariantCulture)))
        {
            throw Conflict(practiceId);
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel, DraftCheck> NoOtherDraftChecks = new();

    /// <summary>
    /// The check of <see cref="AddOpenDraftCheckAsync"/>: <see cref="Count"/> counts 1 where the open draft is the one given
    /// at the stamp given; <see cref="Failing"/> fails instead of counting 0 (PostgreSQL: <c>regin_expect_rows</c>), and
    /// <see cref="FailingChecked"/> is the same numbered for a batch with a COMMIT.
    /// </summary>
    private sealed record DraftCheck(string Count, string Failing, string FailingChecked, IReadOnlyList<Microsoft.EntityFrameworkCore.Metadata.IProperty> Parameters)
    {
        public const string What = "open draft";

        public Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping[] Mappings { get; } = PreparedStatement.Mappings(Parameters);

        public static DraftCheck For(ReginDbContext db)
        {
            var model = new ModelStatements(db);
            var version = OpenDraftVersionQueries.GetOrAdd(db.Model, _ => VersionQuery.For(db));
            var from = $" FROM ({version.Sql}) AS v WHERE v.{model.Column<Practice>(nameof(Practice.Id))} = @p2 AND v.{model.Column<Practice>(nameof(Practice.ConcurrencyStamp))} = @p3";
            // The failing forms are sent only where the provider has batches (PostgreSQL, which has regin_expect_rows);
            // -1: no statement's number (a failure there is found by its SQLSTATE).
            return new DraftCheck("SELECT count(*)" + from, $"SELECT regin_expect_rows(count(*), '{What}', -1)" + from,
                $"SELECT regin_expect_rows(count(*), '{What}', @{ReginDatabaseProvider.StatementNumberParameter})" + from,
                [.. version.Parameters, model.Property<Practice>(nameof(Practice.Id)), model.Property<Practice>(nameof(Practice.ConcurrencyStamp))]);
        }

        /// <summary>
        /// The check of <see cref="AddNoOtherOpenDraftCheckAsync"/>: <see cref="Count"/> counts the open drafts other than
        /// <c>@p2</c> (0 expected); the failing forms give <c>regin_expect_rows</c> 1 when there is none, 0 otherwise.
        /// </summary>
        public static DraftCheck ForNoOther(ReginDbContext db)
        {
            var model = new ModelStatements(db);
            var version = OpenDraftVersionQueries.GetOrAdd(db.Model, _ => VersionQuery.For(db));
            var from = $" FROM ({version.Open}) AS v WHERE v.{model.Column<Practice>(nameof(Practice.Id))} <> @p2";
            const string none = "CASE WHEN count(*) = 0 THEN 1 ELSE 0 END";
            return new DraftCheck("SELECT count(*)" + from, $"SELECT regin_expect_rows({none}, '{What}', -1)" + from,
                $"SELECT regin_expect_rows({none}, '{What}', @{ReginDatabaseProvider.StatementNumberParameter})" + from,
                [.. version.Parameters, model.Property<Practice>(nameof(Practice.Id))]);
        }
    }

    /// <summary>
    /// Adds the look-up of <paramref name="contributor"/>'s open draft (which one, at which stamp) to a unit's first read
    /// (a chat turn's, with its chat state, on PostgreSQL: one round trip less), so that the unit's first
    /// <see cref="FindOpenDraftAsync"/> for that contributor takes its answer instead of asking again (unless this service
    /// wrote in between); false, and nothing added, where drafts are not looked up by version (no <see cref="OpenDraftCache"/>).
    /// </summary>
    public bool AddOpenDraftVersion(ReadBatch batch, ContributorKey contributor)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(contributor);
        if (drafts is null)
        {
            return false;
        }
        var query = OpenDraftVersionQueries.GetOrAdd(db.Model, _ => VersionQuery.For(db));
        PracticeVersionKey? found = null;
        batch.AddMapped(query.Sql, query.Mappings, [contributor.Channel, contributor.ExternalId],
            r => found ??= new PracticeVersionKey { Id = r.GetFieldValue<Guid>(0), Stamp = r.GetFieldValue<Guid>(1) },
            () => _known = (contributor, found));
        return true;
    }

    /// <summary>An open draft's version read ahead (<see cref="AddOpenDraftVersion"/>), until used or until this service writes.</summary>
    private (ContributorKey Contributor, PracticeVersionKey? Version)? _known;

    /// <summary>Whether <see cref="_known"/> was given by the host (<see cref="KnowOpenDraftVersion"/>), not read.</summary>
    private bool _fromHost;

    /// <summary>The unit's first look-up of an open draft: whose, what it found, whether from a version given by the host.</summary>
    private (ContributorKey Contributor, PracticeVersionKey? Version, bool FromHost)? _looked;

    /// <summary>Whether the unit started a draft or wrote one through the tracker (what the open draft is then is not known here).</summary>
    private bool _startedOrTracked;

    /// <summary>The draft the unit started with its first answer (<see cref="StartDraftWithAnswerAsync"/>), and for whom.</summary>
    private (ContributorKey Contributor, Guid Id)? _started;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel, VersionQuery> OpenDraftVersionQueries = new();

    /// <summary>The statement of <see cref="OpenDraftVersion"/>, written from the model (names and quoting of the provider).</summary>
    /// <param name="Open">The same without its order and limit: every open draft of the contributor (id and stamp).</param>
    private sealed record VersionQuery(string Sql, string Open, IReadOnlyList<Microsoft.EntityFrameworkCore.Metadata.IProperty> Parameters)
    {
        /// <summary>The parameters' type mappings, found once (not on every turn's read).</summary>
        public Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping[] Mappings { get; } = PreparedStatement.Mappings(Parameters);

        public static VersionQuery For(ReginDbContext db)
        {
            var model = new ModelStatements(db);
            var status = model.Property<Practice>(nameof(Practice.Status)).GetRelationalTypeMapping();
            var sql = $"SELECT p.{model.Column<Practice>(nameof(Practice.Id))}, p.{model.Column<Practice>(nameof(Practice.ConcurrencyStamp))} "
                + $"FROM {model.Table<Practice>()} AS p WHERE p.{model.Column<Practice>(nameof(Practice.Id))} IN "
                + $"(SELECT i.{model.Column<ContributorIdentity>(nameof(ContributorIdentity.PracticeId))} FROM {model.Table<ContributorIdentity>()} AS i "
                + $"WHERE i.{model.Column<ContributorIdentity>(nameof(ContributorIdentity.Channel))} = @p0 AND i.{model.Column<ContributorIdentity>(nameof(ContributorIdentity.ExternalId))} = @p1) "
                + $"AND p.{model.Column<Practice>(nameof(Practice.Status))} IN ({status.GenerateSqlLiteral(PracticeStatus.Draft)}, {status.GenerateSqlLiteral(PracticeStatus.NeedsChanges)})";
            return new VersionQuery(sql + $" ORDER BY p.{model.Column<Practice>(nameof(Practice.Number))} DESC LIMIT 1", sql,
                [model.Property<ContributorIdentity>(nameof(ContributorIdentity.Channel)), model.Property<ContributorIdentity>(nameof(ContributorIdentity.ExternalId))]);
        }
    }

    private static readonly CompiledPerModel<Func<ReginDbContext, string, string, CancellationToken, Task<PracticeVersionKey?>>> OpenDraftVersion = new(() =>
        EF.CompileAsyncQuery((ReginDbContext db, string channel, string externalId, CancellationToken cancellationToken) =>
            db.Practices
                .Where(p => db.ContributorIdentities.Where(i => i.Channel == channel && i.ExternalId == externalId).Select(i => i.PracticeId).Contains(p.Id)
                    && (p.Status == PracticeStatus.Draft || p.Status == PracticeStatus.NeedsChanges))
                .OrderByDescending(p => p.Number)
                .Select(p => new PracticeVersionKey { Id = p.Id, Stamp = p.ConcurrencyStamp })
                .FirstOrDefault()));

    public async Task<Practice> LoadAsync(Guid practiceId, CancellationToken cancellationToken = default) =>
        Tracked(practiceId) ?? Held(practiceId) ?? await LoadWholeAsync(db.Practices, practiceId, cancellationToken)
        ?? throw new PracticeNotFoundException(practiceId);

    /// <summary>The practice as the database holds it, read untracked, and kept for the next units of work while it is open.</summary>
    private async Task<Practice> LoadWrittenAsync(Guid practiceId, CancellationToken cancellationToken)
    {
        var written = await LoadWholeAsync(db.Practices.AsNoTracking(), practiceId, cancellationToken) ?? throw new PracticeNotFoundException(practiceId);
        drafts?.Keep(written);
        return written;
    }

    /// <summary>A practice with its answers, flags and identities (one split query), tracked or not as <paramref name="practices"/> is.</summary>
    private static Task<Practice?> LoadWholeAsync(IQueryable<Practice> practices, Guid practiceId, CancellationToken cancellationToken) =>
        practices
            .Include(p => p.Answers)
            .Include(p => p.Flags)
            .Include(p => p.Identities)
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == practiceId, cancellationToken);

    /// <summary>Holds a practice for changes in this unit of work: a copy to change, beside <paramref name="written"/> (never changed).</summary>
    private HeldDraft Hold(Practice written)
    {
        var held = new HeldDraft(written.CopyWithAnswers(), written);
        _held[written.Id] = held;
        return held;
    }

    private Practice? Held(Guid practiceId) => _held.TryGetValue(practiceId, out var held) ? held.Current : null;

    private bool IsHeld(Practice practice) => _held.TryGetValue(practice.Id, out var held) && ReferenceEquals(held.Current, practice);

    /// <summary>Where a change's log lines go: with a held practice (written by <see cref="PracticeRowWriter"/>), or to the tracker.</summary>
    private Action<PracticeEvent> LogFor(Practice practice) => IsHeld(practice) ? practice.Events.Add : e => db.PracticeEvents.Add(e);

    /// <summary>
    /// Writes a held practice's changes (see <see cref="PracticeRowWriter"/>); false when someone else changed it since it
    /// was read (nothing written, the practice no longer held: the next look-up reads it afresh).
    /// </summary>
    private async Task<bool> WriteHeldAsync(HeldDraft held, CancellationToken cancellationToken)
    {
        await NumberedAsync(cancellationToken);
        if (!await rows!.WriteAsync(held.Written, held.Current, cancellationToken))
        {
            _held.Remove(held.Current.Id);
            return false;
        }
        // Its unchanged answers, flags and identities are the copy written before's (never changed either).
        held.Written = held.Current.CopyWithAnswers(held.Written);
        if (rows.KeysWait)
        {
            // New flags or identities whose keys come back with the unit's COMMIT (a chat turn on PostgreSQL): the copy
            // takes them there, and is kept then (a copy with a row keyed 0 would insert it again).
            var written = held.Written;
            var takeKeys = KeysOfNewRows(held.Current, written);
            rows.WhenKeysRead(() =>
            {
                takeKeys();
                drafts?.Keep(written);
            });
            return true;
        }
        // The copy now as the database holds it (in this transaction: a stamp it never commits is never asked for).
        drafts?.Keep(held.Written);
        return true;
    }

    /// <summary>
    /// What gives each new row of <paramref name="current"/> (a flag or identity keyed 0) its key in <paramref name="written"/>,
    /// the copy just made of it, once the database gave it one: found now, by place, and kept by reference (a change made
    /// before the keys are read may move the rows).
    /// </summary>
    private static Action KeysOfNewRows(Practice current, Practice written)
    {
        var flags = new List<(Flag Row, Flag Copy)>();
        for (var i = 0; i < current.Flags.Count; i++)
        {
            if (current.Flags[i].Id == 0)
            {
                flags.Add((current.Flags[i], written.Flags[i]));
            }
        }
        var identities = new List<(ContributorIdentity Row, ContributorIdentity Copy)>();
        for (var i = 0; i < current.Identities.Count; i++)
        {
            if (current.Identities[i].Id == 0)
            {
                identities.Add((current.Identities[i], written.Identities[i]));
            }
        }
        return () =>
        {
            foreach (var (row, copy) in flags)
            {
                copy.Id = row.Id;
            }
            foreach (var (row, copy) in identities)
            {
                copy.Id = row.Id;
            }
        };
    }

    private static PracticeConflictException Conflict(Guid practiceId) =>
        new(practiceId, new DbUpdateConcurrencyException("The practice's concurrency stamp is no longer the one read."));

    /// <summary>
    /// The practice when this unit of work has it loaded whole already (answers, flags, identities): a tracking query would
    /// give the same instance back, without its rows read again. A conflict clears the tracker, so a retry reads afresh.
    /// </summary>
    private Practice? Tracked(Guid practiceId)
    {
        return db.FindTracked<Practice, Guid>(practiceId, entry => entry is { State: EntityState.Unchanged or EntityState.Modified }
            && entry.Collection(p => p.Answers).IsLoaded && entry.Collection(p => p.Flags).IsLoaded && entry.Collection(p => p.Identities).IsLoaded);
    }

    public async Task<Practice?> FindByReferenceAsync(string reference, CancellationToken cancellationToken = default)
    {
        var number = Practice.ParseReference(reference);
        if (number is null)
        {
            return null;
        }
        var id = await db.Practices.Where(p => p.Number == number).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
        return id is null ? null : await LoadAsync(id.Value, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="change"/> on the practice as its own unit of work: loaded (or taken from this unit when it is
    /// loaded already), changed, saved. When someone else changed the practice in between (a researcher's edit), it is
    /// read afresh and the change made again, up to eight times, then refused with <see cref="PracticeConflictException"/>.
    /// A caller that changes more than the practice in one transaction calls the changes and <see cref="SaveAsync"/> itself.
    /// </summary>
    public async Task<T> UpdateAsync<T>(Guid practiceId, Func<Practice, T> change, CancellationToken cancellationToken = default)
    {
        _known = null;
        ArgumentNullException.ThrowIfNull(change);
        // (A change may use a new draft's number: a submit's reference.)
        await NumberedAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            if (rows is not null && Tracked(practiceId) is null)
            {
                var held = _held.TryGetValue(practiceId, out var kept) ? kept : Hold(await LoadWrittenAsync(practiceId, cancellationToken));
                var changed = change(held.Current);
                if (await WriteHeldAsync(held, cancellationToken))
                {
                    return changed;
                }
                if (attempt >= ConflictRetries || UsedGivenVersion)
                {
                    // (A version given by the host was stale: the unit decided on an old draft, and runs again whole.)
                    throw Conflict(practiceId);
                }
                logger.LogInformation("Practice {PracticeId} changed by someone else meanwhile; changing it again ({Attempt})", practiceId, attempt);
                continue;
            }
            var practice = await LoadAsync(practiceId, cancellationToken);
            var result = change(practice);
            _startedOrTracked = true;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                drafts?.Remember(practice);
                return result;
            }
            catch (Exception e) when (db.Provider().IsWriteConflict(e))
            {
                ForgetPractices();
                if (attempt >= ConflictRetries)
                {
                    throw new PracticeConflictException(practiceId, e);
                }
                logger.LogInformation("Practice {PracticeId} changed by someone else meanwhile; changing it again ({Attempt})", practiceId, attempt);
            }
        }
    }

    /// <summary>
    /// Normalises and checks one answer against the others, and records it when it is valid (saved by the caller).
    /// <paramref name="typed"/>, when given, is what the contributor wrote when <paramref name="text"/> is an option they
    /// picked for it ("Pugila", then "Puglia (ITF4)" pressed): the value is the picked one, the words kept are theirs.
    /// </summary>
    public AnswerOutcome RecordAnswer(Practice practice, string questionId, string text, string language, string actor, string? typed = null)
    {
        KeyValuePair<string, string>[] answers = [new(questionId, text)];
        if (typed is null)
        {
            return RecordAnswers(practice, answers, language, actor)[0];
        }
        ArgumentNullException.ThrowIfNull(practice);
        var normalised = AsTyped(normaliser.Normalise(questionId, text, language, ContextOf(practice, questionId, Today)), typed);
        return RecordAnswers(practice, answers, language, actor, LogFor(practice), [normalised])[0];
    }

    /// <summary>
    /// <see cref="RecordAnswer(Practice, string, string, string, string, string?)"/> with the answer the caller normalised
    /// already (the chat's "did you mean" check) against <paramref name="context"/> in <paramref name="language"/>: used as
    /// it is while the practice's answers still give that context (normalisation depends on nothing else), else the text
    /// is normalised again. A chat turn normalised every answer twice.
    /// </summary>
    public AnswerOutcome RecordAnswer(Practice practice, string questionId, string text, string language, string actor, NormalisedAnswer normalised, NormalisationContext context)
    {
        ArgumentNullException.ThrowIfNull(practice);
        ArgumentNullException.ThrowIfNull(normalised);
        if (normalised.QuestionId != questionId || ContextOf(practice, questionId, Today) != context)
        {
            return RecordAnswer(practice, questionId, text, language, actor);
        }
        return RecordAnswers(practice, [new(questionId, text)], language, actor, LogFor(practice), [normalised])[0];
    }

    /// <summary>An answer normalised from an option the contributor picked, keeping the words they typed before picking it.</summary>
    private static NormalisedAnswer AsTyped(NormalisedAnswer picked, string? typed) =>
        typed is null || !picked.Ok ? picked : picked with { Original = AnswerNormaliser.Storable(typed) };

    /// <summary>
    /// Records several answers at once (an e-mail), in the order given; country and start date come first so the
    /// region and the end date are checked against them. Valid ones are recorded; invalid ones are reported. Like every
    /// change here it works on a practice this unit of work loaded, and is stored by <see cref="SaveAsync"/> (or
    /// <see cref="UpdateAsync"/>) together with whatever else the unit changed.
    /// </summary>
    public IReadOnlyList<AnswerOutcome> RecordAnswers(Practice practice, IReadOnlyList<KeyValuePair<string, string>> answers, string language, string actor) =>
        RecordAnswers(practice, answers, language, actor, LogFor(practice), normalised: null);

    /// <summary>
    /// <see cref="RecordAnswers(Practice, IReadOnlyList{KeyValuePair{string, string}}, string, string)"/> on a practice
    /// nobody tracks (<see cref="NewDraft"/>): its events go to <see cref="Practice.Events"/>; <paramref name="normalised"/>,
    /// when given, are the answers normalised before by <see cref="NormaliseForNewDraft"/> (valid only for a practice
    /// without answers, in the same language).
    /// </summary>
    public IReadOnlyList<AnswerOutcome> RecordAnswersUntracked(Practice practice, IReadOnlyList<KeyValuePair<string, string>> answers, string language, string actor,
        IReadOnlyList<NormalisedAnswer>? normalised = null)
    {
        ArgumentNullException.ThrowIfNull(practice);
        if (normalised is not null && (practice.Answers.Count > 0 || normalised.Count != answers.Count))
        {
            throw new ArgumentException("Answers normalised before fit a practice without answers only, one for each answer.", nameof(normalised));
        }
        return RecordAnswers(practice, answers, language, actor, practice.Events.Add, normalised);
    }

    /// <summary>
    /// The answers normalised as <see cref="RecordAnswers(Practice, IReadOnlyList{KeyValuePair{string, string}}, string, string)"/>
    /// normalises them on a draft without answers (each checked against the ones valid before it, in the same order), in
    /// the order given; no database, no state: a mail's reader runs it in parallel, off the writer's path.
    /// </summary>
    public static IReadOnlyList<NormalisedAnswer> NormaliseForNewDraft(AnswerNormaliser normaliser, IReadOnlyList<KeyValuePair<string, string>> answers, string language, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(normaliser);
        ArgumentNullException.ThrowIfNull(answers);
        var scratch = new Practice();
        var results = new NormalisedAnswer[answers.Count];
        foreach (var index in Enumerable.Range(0, answers.Count).OrderBy(i => DependencyOrder(answers[i].Key)))
        {
            var (questionId, text) = answers[index];
            var result = normaliser.Normalise(questionId, text, language, ContextOf(scratch, questionId, today));
            if (result.Ok)
            {
                PracticeAnswers.Set(scratch, result, "", default);
            }
            results[index] = result;
        }
        return results;
    }

    private IReadOnlyList<AnswerOutcome> RecordAnswers(Practice practice, IReadOnlyList<KeyValuePair<string, string>> answers, string language, string actor,
        Action<PracticeEvent> log, IReadOnlyList<NormalisedAnswer>? normalised)
    {
        ArgumentNullException.ThrowIfNull(practice);
        ArgumentNullException.ThrowIfNull(answers);
        // Reported in the order the caller gave, whatever order they are checked in.
        var outcomes = new AnswerOutcome[answers.Count];
        var now = clock.GetUtcNow();
        var stored = false;
        foreach (var index in Enumerable.Range(0, answers.Count).OrderBy(i => DependencyOrder(answers[i].Key)))
        {
            var (questionId, text) = answers[index];
            var result = normalised?[index] ?? normaliser.Normalise(questionId, text, language, ContextOf(practice, questionId, Today));
            if (result.Ok)
            {
                Apply(practice, result, language, actor, now, log);
                stored = true;
            }
            outcomes[index] = new AnswerOutcome(result, Stored: result.Ok);
        }
        if (stored)
        {
            Touch(practice, now);
        }
        return outcomes;
    }

    /// <summary>Removes an answer (the contributor skipped an optional question after all, or asked to clear it); true when there was one.</summary>
    public bool ClearAnswer(Practice practice, string questionId, string actor)
    {
        ArgumentNullException.ThrowIfNull(practice);
        var answer = practice.Answers.FirstOrDefault(a => a.QuestionId == questionId);
        if (answer is null)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        practice.Answers.Remove(answer);
        practice.Flags.RemoveAll(f => f.QuestionId == questionId && !f.Resolved && f.Reason != FlagReasons.ChangeHeld);
        LogFor(practice)(new PracticeEvent { PracticeId = practice.Id, At = now, Actor = actor, Kind = "answer_cleared", QuestionId = questionId, OldValue = answer.ValueJson ?? answer.Original });
        Touch(practice, now);
        return true;
    }

    /// <summary>The required questions without an answer, in questionnaire order.</summary>
    public IReadOnlyList<Question> Missing(Practice practice)
    {
        var answered = practice.Answers.Select(a => a.QuestionId).ToHashSet();
        return Questionnaire.Questions.Where(q => q.Required && !answered.Contains(q.Id)).ToList();
    }

    /// <summary>
    /// The researchers' last request for changes to a practice (PracticeWorkflow.RequestChangesAsync logs it as
    /// "changes_requested"): their words as written and when; null when none was sent.
    /// </summary>
    public async Task<ChangeRequest?> LastChangeRequestAsync(Guid practiceId, CancellationToken cancellationToken = default)
    {
        // By id, the order the log was written in (SQLite cannot order by a DateTimeOffset).
        var last = await db.PracticeEvents.AsNoTracking()
            .Where(e => e.PracticeId == practiceId && e.Kind == ChangeRequest.EventKind && e.NewValue != null)
            .OrderByDescending(e => e.Id)
            .Select(e => new { e.NewValue, e.At })
            .FirstOrDefaultAsync(cancellationToken);
        return last is null ? null : new ChangeRequest(last.NewValue!, last.At);
    }

    /// <summary>Submits the draft for review when no required answer is missing; otherwise says which are.</summary>
    public SubmitOutcome Submit(Practice practice, string actor) => Submit(practice, actor, LogFor(practice));

    /// <summary>
    /// A line of the practice's history (the review's log), written where its changes' lines go: with a practice held or
    /// nobody tracks (<paramref name="untracked"/>, <see cref="NewDraft"/>) in <see cref="Practice.Events"/>, else by the tracker.
    /// </summary>
    public void Log(Practice practice, PracticeEvent entry, bool untracked = false)
    {
        ArgumentNullException.ThrowIfNull(practice);
        ArgumentNullException.ThrowIfNull(entry);
        entry.PracticeId = practice.Id;
        (untracked ? practice.Events.Add : LogFor(practice))(entry);
    }

    /// <summary><see cref="Submit(Practice, string)"/> on a practice nobody tracks (<see cref="NewDraft"/>): the event goes to <see cref="Practice.Events"/>.</summary>
    public SubmitOutcome SubmitUntracked(Practice practice, string actor)
    {
        ArgumentNullException.ThrowIfNull(practice);
        return Submit(practice, actor, practice.Events.Add);
    }

    private SubmitOutcome Submit(Practice practice, string actor, Action<PracticeEvent> log)
    {
        ArgumentNullException.ThrowIfNull(practice);
        var missing = Missing(practice).Select(q => q.Id).ToList();
        if (missing.Count > 0)
        {
            return new SubmitOutcome(false, practice.Reference, missing);
        }
        if (PracticeStatus.IsOpenForContributor(practice.Status))
        {
            var now = clock.GetUtcNow();
            log(new PracticeEvent { PracticeId = practice.Id, At = now, Actor = actor, Kind = "status_changed", OldValue = practice.Status, NewValue = PracticeStatus.Submitted });
            practice.Status = PracticeStatus.Submitted;
            practice.SubmittedAt = now;
            Touch(practice, now);
            logger.LogInformation("Practice {Reference} submitted by {Actor}", practice.Reference, actor);
        }
        return new SubmitOutcome(true, practice.Reference, []);
    }

    /// <summary>Lets another identity (the same person in Teams and by e-mail) continue this draft; true when something changed.</summary>
    public bool LinkIdentity(Practice practice, ContributorKey contributor, string channel)
    {
        ArgumentNullException.ThrowIfNull(practice);
        ArgumentNullException.ThrowIfNull(contributor);
        var changed = false;
        if (!practice.Identities.Any(i => i.Channel == contributor.Channel && i.ExternalId == contributor.ExternalId))
        {
            practice.Identities.Add(new ContributorIdentity { Channel = contributor.Channel, ExternalId = contributor.ExternalId });
            changed = true;
        }
        if (!practice.ChannelList.Contains(channel))
        {
            practice.AddChannel(channel);
            changed = true;
        }
        if (changed)
        {
            Touch(practice, clock.GetUtcNow());
        }
        return changed;
    }

    /// <summary>The language the practice is continued in; true when it changed.</summary>
    public bool SetLanguage(Practice practice, string language)
    {
        ArgumentNullException.ThrowIfNull(practice);
        if (Languages.IsSupported(language) && practice.Language != language)
        {
            practice.Language = language;
            Touch(practice, clock.GetUtcNow());
            return true;
        }
        return false;
    }

    /// <summary>
    /// Saves what a unit of work changed on <paramref name="practice"/> (and anything else tracked) at once; someone
    /// else's change in between is refused with <see cref="PracticeConflictException"/>.
    /// </summary>
    public async Task SaveAsync(Practice practice, CancellationToken cancellationToken = default)
    {
        _known = null;
        ArgumentNullException.ThrowIfNull(practice);
        if (IsHeld(practice))
        {
            if (!await WriteHeldAsync(_held[practice.Id], cancellationToken))
            {
                throw Conflict(practice.Id);
            }
            // Anything else the unit of work tracks is saved with it, as SaveChanges would.
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        _startedOrTracked = true;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (db.Provider().IsWriteConflict(e))
        {
            ForgetPractices();
            throw new PracticeConflictException(practice.Id, e);
        }
        if (drafts is not null && Tracked(practice.Id) == practice)
        {
            drafts.Remember(practice);
        }
    }

    public static JsonNode? ValueOf(Answer answer) => answer.ValueJson is null ? null : JsonNode.Parse(answer.ValueJson);

    /// <summary>
    /// The answers another answer is checked against (country for region, dates for each other), and the day it is given
    /// (<paramref name="today"/>: "next year" is read against it).
    /// </summary>
    public static NormalisationContext ContextOf(Practice practice, string? exceptQuestion = null, DateOnly? today = null)
    {
        ArgumentNullException.ThrowIfNull(practice);
        // One pass over the answers (asked twice a chat turn), each question's first answer, as a search per question found it.
        Answer? country = null, region = null, startDate = null, endDate = null, leadType = null, organisation = null;
        foreach (var answer in practice.Answers)
        {
            switch (answer.QuestionId)
            {
                case "country": country ??= answer; break;
                case "region": region ??= answer; break;
                case "start_date": startDate ??= answer; break;
                case "end_date": endDate ??= answer; break;
                case "lead_organisation_type": leadType ??= answer; break;
                case "contact_organisation": organisation ??= answer; break;
            }
        }
        string? Get(string id, Answer? answer) => id == exceptQuestion ? null : answer?.ValueJson is { } json ? StringValue(json) : null;
        return new NormalisationContext
        {
            Country = Get("country", country), Region = Get("region", region), StartDate = Get("start_date", startDate), EndDate = Get("end_date", endDate),
            LeadOrganisationType = Get("lead_organisation_type", leadType), ContactOrganisation = Get("contact_organisation", organisation), Today = today,
            ContactCountry = exceptQuestion is null or "contact_phone" ? AnswerNormaliser.EmailCountry(practice.ContributorEmail) : null,
        };
    }

    /// <summary>
    /// The string a stored value is (<c>"FR"</c>), else null (a number, a list, <c>null</c>), as
    /// <c>JsonNode.Parse(json) is JsonValue v &amp;&amp; v.TryGetValue&lt;string&gt;(out var s)</c> reads it; a string is
    /// read without building the node.
    /// </summary>
    internal static string? StringValue(string json)
    {
        var length = System.Text.Encoding.UTF8.GetMaxByteCount(json.Length);
        var rented = length <= 512 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> bytes = rented is null ? stackalloc byte[512] : rented;
            var count = System.Text.Encoding.UTF8.GetBytes(json, bytes);
            var reader = new Utf8JsonReader(bytes[..count]);
            if (reader.Read() && reader.TokenType == JsonTokenType.String)
            {
                var value = reader.GetString();
                // The whole text is that one string (anything after it is refused as the node's parse refuses it).
                while (reader.Read())
                {
                }
                return value;
            }
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
        return JsonNode.Parse(json) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    /// <summary>The day an answer recorded now is given, in UTC (relative dates are read against it).</summary>
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private void Apply(Practice practice, NormalisedAnswer result, string language, string actor, DateTimeOffset now, Action<PracticeEvent> log)
    {
        var old = PracticeAnswers.Set(practice, result, actor, now);
        log(AnswerSet(practice, result.QuestionId, old, PracticeAnswers.LoggedValue(result.Value?.ToJsonString(), result.Original), actor, now));
        if (result.QuestionId == Consent.QuestionId && result.Value is JsonValue consent && consent.TryGetValue<bool>(out var given))
        {
            // The consent is kept with the wording version and the language the contributor was shown, the channel and the time.
            log(Consent.Record(practice.Id, given, Consent.Version(Questionnaire), language, actor, now));
        }
        if (result.QuestionId == "country")
        {
            PhoneInCountry(practice, language, actor, now, log);
        }
    }

    /// <summary>
    /// A phone number typed without its country code before the practice's country was known (the chat asks the phone
    /// first: "087 123 4567", kept as typed) is stored in E.164 once the country is answered, when it is a valid number
    /// there ("+353871234567"); the words typed stay its original. A number valid in no country answered stays as typed.
    /// </summary>
    private void PhoneInCountry(Practice practice, string language, string actor, DateTimeOffset now, Action<PracticeEvent> log)
    {
        var phone = practice.Answers.FirstOrDefault(a => a.QuestionId == "contact_phone");
        if (phone?.ValueJson is not { } json || StringValue(json) is not { } typed || typed.StartsWith('+')
            || normaliser.Normalise(phone.QuestionId, phone.Original, language, ContextOf(practice, phone.QuestionId, Today)) is not { Ok: true, Value: JsonValue value }
            || !value.TryGetValue<string>(out var e164) || !e164.StartsWith('+'))
        {
            return;
        }
        var old = PracticeAnswers.LoggedValue(phone.ValueJson, phone.Original);
        phone.ValueJson = value.ToJsonString();
        phone.UpdatedAt = now;
        phone.UpdatedBy = actor;
        log(AnswerSet(practice, phone.QuestionId, old, PracticeAnswers.LoggedValue(phone.ValueJson, phone.Original), actor, now));
    }

    private static PracticeEvent AnswerSet(Practice practice, string questionId, string? oldValue, string? newValue, string actor, DateTimeOffset now) => new()
    {
        PracticeId = practice.Id,
        At = now,
        Actor = actor,
        Kind = "answer_set",
        QuestionId = questionId,
        OldValue = oldValue,
        NewValue = newValue,
    };

    private static void Touch(Practice practice, DateTimeOffset now)
    {
        practice.UpdatedAt = now;
        practice.ConcurrencyStamp = NewStamp();
    }

    /// <summary>
    /// A new concurrency stamp: 128 random bits from the thread's own generator (<see cref="Random.Shared"/>, seeded by the
    /// system once per thread), shaped as a version-4 GUID as <see cref="Guid.NewGuid"/> makes them. Guid.NewGuid reads
    /// /dev/urandom on every call here (a system call on every answer stored). A stamp tells the versions of one practice
    /// apart: it needs no secrecy, only no repeats (as the chat state's ETags, EfCoreStorage.NewETag).
    /// </summary>
    internal static Guid NewStamp()
    {
        Span<byte> bits = stackalloc byte[16];
        Random.Shared.NextBytes(bits);
        bits[7] = (byte)((bits[7] & 0x0F) | 0x40);
        bits[8] = (byte)((bits[8] & 0x3F) | 0x80);
        return new Guid(bits);
    }

    /// <summary>
    /// After a conflict, forgets the practices this unit of work loaded (so a retry reads them afresh), and only them:
    /// whatever else the caller's unit of work tracks (a raw input, chat state) stays as it was.
    /// </summary>
    private void ForgetPractices()
    {
        _held.Clear();
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is Practice or Answer or Flag or ContributorIdentity or PracticeEvent).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    private static int DependencyOrder(string questionId) => questionId switch
    {
        "country" => 0,
        "start_date" or "contact_email" => 1,
        _ => 2,
    };
}

/// <summary>A practice held untracked by a unit of work: as changed there, and as the database holds it (never changed).</summary>
internal sealed class HeldDraft(Practice current, Practice written)
{
    public Practice Current { get; } = current;
    public Practice Written { get; set; } = written;
}

/// <summary>A practice's id and concurrency stamp: which version of it the database holds.</summary>
internal sealed class PracticeVersionKey
{
    public Guid Id { get; init; }
    public Guid Stamp { get; init; }
}

/// <summary>A researcher's request for changes as the contributor is shown it: their message, as written, and when it was sent.</summary>
public sealed record ChangeRequest(string Message, DateTimeOffset At)
{
    /// <summary>The practice log's kind of the request (PracticeWorkflow).</summary>
    public const string EventKind = "changes_requested";
}
