using System.Globalization;
using System.Text;

namespace Regin.DirectLine.Load;

/// <summary>
/// PostgreSQL's processes by role: the postmaster and each child, its role read once from its title
/// (<c>/proc/PID/cmdline</c>, "postgres: walwriter", "postgres: regin regin 127.0.0.1(40312) idle", ...), its CPU clock at
/// every reading. A call's CPU per role is each process's difference across the call: a process born during the call
/// counts its whole CPU, one that ended during it nothing (its last moments are lost; summing the totals instead would
/// take its whole life off the call). The whole run per role: each process's CPU from the first reading (or its birth)
/// to the last reading that saw it, the pauses between the calls included (the WAL writer's flush, autovacuum).
/// </summary>
internal sealed class ServerProcesses(int postmaster)
{
    /// <summary>A client's session (a backend serving a connection), as opposed to the server's own processes.</summary>
    public const string Session = "session";

    /// <summary>The session that spent the most on a call: the one that served it (a kept turn is one session's round trip).</summary>
    public const string ServingSession = "session serving the call (the busiest)";

    public const string OtherSessions = "other sessions";

    /// <summary>The server's own processes, as PostgreSQL 15 titles them (GetBackendTypeDesc).</summary>
    private static readonly string[] OwnRoles =
    [
        "autovacuum launcher", "autovacuum worker", "walwriter", "background writer", "checkpointer", "logical replication launcher",
        "logical replication worker", "parallel worker", "archiver", "logger", "stats collector", "walsender", "walreceiver", "startup",
    ];

    private sealed class Seen(string? role, long first)
    {
        public string? Role { get; set; } = role;

        /// <summary>CPU ns at the first reading that saw it (0 if born after the run's first reading: its whole life counts).</summary>
        public long First { get; } = first;

        public long Last { get; set; } = first;
    }

    private readonly Dictionary<int, Seen> _seen = [];
    private readonly HashSet<int> _serving = [];
    private int _born;
    private bool _started;

    /// <summary>The processes now: pid and CPU ns each, the postmaster first.</summary>
    public Snapshot Read(Func<int, long> cpuOf, IReadOnlyList<int> children)
    {
        var pids = new int[children.Count + 1];
        var cpu = new long[pids.Length];
        pids[0] = postmaster;
        for (var i = 0; i < children.Count; i++)
        {
            pids[i + 1] = children[i];
        }
        for (var i = 0; i < pids.Length; i++)
        {
            cpu[i] = cpuOf(pids[i]);
            if (cpu[i] == 0)
            {
                continue; // ended between the list and its clock
            }
            if (!_seen.TryGetValue(pids[i], out var seen))
            {
                _seen[pids[i]] = seen = new Seen(RoleOf(pids[i]), _started ? 0 : cpu[i]);
                _born += _started ? 1 : 0;
            }
            seen.Role ??= RoleOf(pids[i]);
            seen.Last = cpu[i];
        }
        _started = true;
        return new Snapshot(pids, cpu);
    }

    /// <summary>What each role spent between two readings, the sessions split into the busiest and the others.</summary>
    public void AddDifference(Snapshot before, Snapshot after, Dictionary<string, long> roles)
    {
        var sessions = new List<(long Spent, int Pid)>();
        for (var i = 0; i < after.Pids.Length; i++)
        {
            if (after.Cpu[i] == 0)
            {
                continue;
            }
            var at = Array.IndexOf(before.Pids, after.Pids[i]);
            var spent = at >= 0 && before.Cpu[at] > 0 ? after.Cpu[i] - before.Cpu[at] : after.Cpu[i];
            var role = RoleName(after.Pids[i]);
            if (role == Session)
            {
                sessions.Add((spent, after.Pids[i]));
                continue;
            }
            roles[role] = roles.GetValueOrDefault(role) + spent;
        }
        sessions.Sort();
        for (var i = 0; i < sessions.Count; i++)
        {
            var role = i == sessions.Count - 1 ? ServingSession : OtherSessions;
            roles[role] = roles.GetValueOrDefault(role) + sessions[i].Spent;
        }
        if (sessions.Count > 0 && sessions[^1].Spent > 0)
        {
            _serving.Add(sessions[^1].Pid);
        }
    }

    /// <summary>The whole run per role (CPU ns) and how many processes of each role it saw.</summary>
    public Dictionary<string, (long Nanoseconds, int Processes)> Run()
    {
        var run = new Dictionary<string, (long, int)>();
        foreach (var (pid, seen) in _seen)
        {
            var role = RoleName(pid);
            var (ns, count) = run.GetValueOrDefault(role);
            run[role] = (ns + seen.Last - seen.First, count + 1);
        }
        return run;
    }

    private string RoleName(int pid) => pid == postmaster ? "postmaster" : _seen.GetValueOrDefault(pid)?.Role ?? "a process not yet titled";

    /// <summary>The role in a child's title; null while it still has the postmaster's command line (just forked).</summary>
    private static string? RoleOf(int pid)
    {
        string title;
        try
        {
            title = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Replace('\0', ' ').Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (!title.StartsWith("postgres: ", StringComparison.Ordinal))
        {
            return null;
        }
        var rest = title["postgres: ".Length..];
        return OwnRoles.FirstOrDefault(role => rest.StartsWith(role, StringComparison.Ordinal)) ?? Session;
    }

    /// <summary>The processes at one reading.</summary>
    internal sealed record Snapshot(int[] Pids, long[] Cpu)
    {
        public static readonly Snapshot None = new([], []);

        public long Total => Cpu.Sum();
    }

    /// <summary>One line a role, ms: per check, per turn (in the call), and the whole run ÷ the turns.</summary>
    public void Print(IReadOnlyDictionary<string, long> check, int checks, IReadOnlyDictionary<string, long> turn, int turns)
    {
        var run = Run();
        var order = new[] { ServingSession, OtherSessions }.Concat(OwnRoles).Append("postmaster").Append("a process not yet titled").ToList();
        string Ms(long ns, int calls) => calls == 0 ? "-" : (ns / 1e6 / calls).ToString("F3", CultureInfo.InvariantCulture);
        var sessions = run.GetValueOrDefault(Session);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PostgreSQL's CPU by process role, ms (in the call: each process's CPU clock across it; whole run: from the first reading to the last, the pauses between calls included, ÷ {turns} turns); {sessions.Processes} sessions seen, {_serving.Count} of them the busiest in a call; {_born} processes started during the run:"));
        Console.WriteLine($"| {"role",-40} | {"check (in call)",15} | {"turn (in call)",15} | {"whole run ÷ turns",17} |");
        Console.WriteLine($"|{new string('-', 42)}|{new string('-', 17)}|{new string('-', 17)}|{new string('-', 19)}|");
        foreach (var role in order)
        {
            var whole = role switch
            {
                ServingSession => (sessions.Nanoseconds, sessions.Processes),
                OtherSessions => (-1, 0),
                _ => run.GetValueOrDefault(role, (-1, 0)),
            };
            if (!check.ContainsKey(role) && !turn.ContainsKey(role) && whole.Item1 < 0)
            {
                continue;
            }
            var name = role switch
            {
                ServingSession => "sessions: the one serving the call",
                OtherSessions => "sessions: the others",
                "autovacuum worker" => $"autovacuum workers ({whole.Item2} in the run)",
                _ => role,
            };
            Console.WriteLine($"| {name,-40} | {Ms(check.GetValueOrDefault(role), checks),15} | {Ms(turn.GetValueOrDefault(role), turns),15} | {(whole.Item1 < 0 ? role == OtherSessions ? "(above)" : "" : Ms(whole.Item1, turns)),17} |");
        }
        Console.WriteLine($"| {"all",-40} | {Ms(check.Values.Sum(), checks),15} | {Ms(turn.Values.Sum(), turns),15} | {Ms(run.Values.Sum(r => r.Nanoseconds), turns),17} |");
        Console.WriteLine();
    }
}
