#!/usr/bin/env python3
"""The chat turn's parts against the answer check's, from `perf script -F comm,tid,ip,sym` of the bot host under
`tests/speed.sh turn` (tests/turn-profile.sh runs both). Usage: turn-stages.py SCRIPT HOST_CPU_TURN_MS HOST_CPU_CHECK_MS

A sample belongs to the turn when its stack holds ReginBotAdapter.ProcessMessageAsync, to the check when it holds
QuestionnaireApi; it is given to the deepest stage its stack reaches (stages below: each µs counted once). µs of host CPU
a turn = the stage's share of all the host's samples × (host CPU a turn + a check), as the run has one check a turn.
SQLite's native frames (no frame pointers) mostly do not join their caller's stack: counted apart, as are the idle
pool workers and Kestrel's sockets outside a handler, which the check pays as well."""
import collections
import os
import re
import sys

STAGES = [  # (stage, frame pattern); the deepest frame that matches one names the sample's stage
    ('adapter: ProcessMessageAsync, authentication, turn context', r'ReginBotAdapter\+<ProcessMessageAsync>|DeferredConnectorAuthentication|CreateTurnContext|AnonymousEndpointGuard|BotAdapter\+<RunPipelineAsync>|TurnContext::set_Locale|CloudAdapterBase'),
    ('activity read (BotJson, Newtonsoft)', r'BotJson\+<ReadActivityAsync>|BotJson::ReadActivity'),
    ('reply JSON (ExpectedRepliesWriter)', r'BotJson\+<WriteResponseAsync>|ExpectedRepliesWriter'),
    ('telemetry: span and counters', r'TurnTelemetryMiddleware|ActivitySource::|ReginTelemetry|Activity::Dispose'),
    ('conversation lock', r'ConversationLockMiddleware'),
    ('unit of work middleware (own)', r'TurnUnitOfWorkMiddleware'),
    ('unit open: scope, DbContext, kept connection', r'TurnUnitOfWork\+<OpenAsync>|TurnUnitOfWork::OpenAsync|TurnUnitOfWork::\.ctor'),
    ('unit dispose: context reset, connection back', r'TurnUnitOfWork\+<DisposeAsync>|TurnUnitOfWork\+<ReleaseAsync>|TurnUnitOfWork::DisposeAsync'),
    ('kept entry (TurnStateCache)', r'TurnStateCache::Keep|TurnUnitOfWorkMiddleware::EntryOf'),
    ('commit: checks of the kept state', r'CheckKeptAsync'),
    ('BEGIN/COMMIT through EF Core and the write gate', r'TurnUnitOfWork\+<CommitAsync>|SqliteGatedTransaction|TurnUnitOfWork\+<BeginWriteAsync>|SqliteWriteGate'),
    ('raw input: middleware (key, hash, hooks)', r'RawInputMiddleware'),
    ('raw input: store', r'RawInputStore'),
    ('bot handler (ReginBot: services, state keys)', r'ReginBot\+|ReginBot::'),
    ('chat state read', r'EfCoreStorage\+<ReadAsync>|EfCoreStorage::ReadAsync|ChatStateDocument::Read'),
    ('chat state write', r'EfCoreStorage\+<WriteAsync>|EfCoreStorage::WriteAsync|EfCoreStorage::Serialize'),
    ('rendering (cards, markdown)', r'Chat\.Rendering\.'),
    ('engine (flow, commands, confirmations)', r'ConversationEngine|ConversationFlow|CommandParser|CommandRegistry|ConfirmationResolver'),
    ('normalisation', r'AnswerNormaliser|Regin\.Core\.Normalisation\.'),
    ('storing the answer (recorder, intake, row writer)', r'AnswerRecorder|IntakeService|PracticeRowWriter|OpenDraftCache'),
    ('Npgsql: pool rent/return, connection open/close', r'PoolingDataSource|NpgsqlDataSource|NpgsqlConnection::Open|NpgsqlConnection\+<Open|NpgsqlConnection::Close|NpgsqlConnection\+<Close|NpgsqlConnector::Reset'),
    ('SQL statements (managed, and native frames that joined)', r'PreparedStatement|SqliteCommand|SqliteDataReader|sqlite3_|ModelStatements|SqlitePositionalStatement|StatementCache|RelationalCommand|\[Npgsql\] Npgsql\.|ConnectionPrelude|WriteBatch|PostgreSqlTurnTransaction'),
    ('EF Core (other)', r'Microsoft\.EntityFrameworkCore'),
    ('check endpoint (QuestionnaireApi)', r'QuestionnaireApi'),
]
TURN = re.compile(r'ReginBotAdapter\+<ProcessMessageAsync>|ReginBotAdapter::ProcessMessageAsync')
CHECK = re.compile(r'QuestionnaireApi')
SQL = re.compile(r'PreparedStatement|SqliteCommand|SqliteDataReader|sqlite3_|SqlitePositionalStatement|StatementCache|RelationalCommand|SqliteWriteGate|SqliteTransaction|SqliteConnection|\[Npgsql\] Npgsql\.')
NPGSQL = re.compile(r'\[Npgsql\] Npgsql\.')
OWN = re.compile(r'\[Regin\.|\[Microsoft\.AspNetCore|\[Microsoft\.Bot|\[Newtonsoft|\[Microsoft\.EntityFrameworkCore')
COMPILED = [(name, re.compile(pattern)) for name, pattern in STAGES]


def name(frame):
    frame = re.sub(r'\+0x[0-9a-f]+.*$', '', frame)
    frame = re.sub(r'\[Optimized[^\]]*\]|\[QuickJitted\]|\[Tier\d\]|\[PreJIT\]', '', frame)
    m = re.search(r'([\w.`]+)\+<(\w+)>d__\d+(`\d+)?(\[[^\]]*\])?::MoveNext', frame)
    if m:
        return m.group(1).split('.')[-1] + '::' + m.group(2)
    m = re.search(r'\] ([\w.`+<>|]+(?:\[[^\]]*\])?)::([\w<>|`.]+)\(', frame)
    return m.group(1).split('.')[-1] + '::' + m.group(2) if m else frame.strip()[:80]


def main():
    path, cpu_turn, cpu_check = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    total = 0
    turn, check, apart, statements = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
    npgsql, inclusive = collections.Counter(), collections.Counter()
    for block in open(path, encoding='utf-8', errors='replace').read().split('\n\n'):
        lines = [l.strip() for l in block.strip().split('\n') if l.strip()]
        if len(lines) < 2:
            continue
        total += 1
        frames = [l.split(' ', 1)[1] if ' ' in l else l for l in lines[1:]]  # leaf first
        stack = '\n'.join(frames)
        stage = next((n for f in frames for n, p in COMPILED if p.search(f)), None)
        if TURN.search(stack):
            turn[stage or 'other (native leaf only)'] += 1
            hit = next((i for i, f in enumerate(frames) if SQL.search(f)), None)
            if hit is not None and not any('[Regin.' in f for f in frames[:hit]):
                caller = next((name(f) for f in frames[hit:] if '[Regin.' in f
                               and not re.search(r'Regin\.Core\.Persistence|UnitTransaction|WriteBatch', f)), '?')
                statements[caller] += 1
            npg = [i for i, f in enumerate(frames) if NPGSQL.search(f)]
            # (Not what runs inline after Npgsql's read completes: the rest of the turn's continuations, the response.)
            if npg and not any(OWN.search(f) for f in frames[:npg[0]]):
                # PostgreSQL (session 53): Npgsql's CPU by the API the host entered (its outermost frame) and who called it.
                caller = next((name(f) for f in frames[npg[-1]:] if '[Regin.' in f), '?')
                npgsql[f'{name(frames[npg[-1]])} <- {caller}'] += 1
            for method in {name(f) for f in frames if '[Regin.' in f or 'EntityFrameworkCore' in f or NPGSQL.search(f)}:
                inclusive[method] += 1
        elif CHECK.search(stack):
            check[stage or 'other (native leaf only)'] += 1
        elif re.search(r'sqlite3|walChecksum|pcache1|libe_sqlite3|fsync|btree|Vdbe', stack):
            apart['SQLite native, not joined to a request (statements, WAL, checkpoints)'] += 1
        elif re.search(r'LowLevelSpinWaiter|LowLevelLifoSemaphore|WorkerThread|PortableThreadPool', stack):
            apart['idle pool workers (spinning, going to sleep)'] += 1
        elif re.search(r'HttpProtocol|SocketConnection|SocketAsyncEngine|Sockets', stack):
            apart['Kestrel and sockets outside a handler'] += 1
        else:
            apart['other (native leaf only: futex, send, malloc, JIT, GC)'] += 1
    us = (cpu_turn + cpu_check) * 1000 / total
    print(f'{total} samples; one = {us:.3f} µs a turn (host CPU a turn {cpu_turn} ms + a check {cpu_check} ms)')
    for title, counter in (('the turn', turn), ('the check', check), ('neither (both pay)', apart)):
        print(f'-- {title}: {sum(counter.values()) * us:.1f} µs')
        for stage, n in counter.most_common():
            print(f'  {n * us:7.1f} µs  {stage}')
    print('-- the turn\'s SQL (deepest stage or not), by the statement\'s caller')
    for caller, n in statements.most_common(12):
        print(f'  {n * us:7.1f} µs  {caller}')
    if npgsql:
        print(f'-- the turn\'s Npgsql: {sum(npgsql.values()) * us:.1f} µs, by the API entered <- its caller in Regin')
        for entry, n in npgsql.most_common(20):
            print(f'  {n * us:7.1f} µs  {entry}')
    if os.environ.get('STAGES_INCLUSIVE'):
        print('-- the turn\'s methods inclusive (Regin, EF Core, Npgsql; a sample counted once a method)')
        for method, n in inclusive.most_common(int(os.environ['STAGES_INCLUSIVE'])):
            print(f'  {n * us:7.1f} µs  {method}')


if __name__ == '__main__':
    main()
