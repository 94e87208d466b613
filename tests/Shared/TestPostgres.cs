using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Regin.Testing;

/// <summary>
/// The test run's PostgreSQL: the server named by REGIN_TEST_POSTGRES (test.sh starts one cluster for the whole run
/// and shares it), or else a throw-away cluster this test process starts on first use (initdb and pg_ctl from
/// Debian's postgresql package, in a temporary folder, on a free port of 127.0.0.1, as the `postgres` system user
/// when the tests run as root) and stops when the process exits. Each test or fixture gets a database of its own.
/// </summary>
public sealed class TestPostgres
{
    public const string ServerVariable = "REGIN_TEST_POSTGRES";
    private static readonly Lazy<Task<TestPostgres>> Shared = new(StartOrAttachAsync);
    private readonly string _adminConnectionString;
    private readonly Lazy<Task<string>> _template;
    private readonly Action? _stop;

    private TestPostgres(string adminConnectionString, string? serverLog = null, Action? stop = null)
    {
        _adminConnectionString = adminConnectionString;
        _template = new Lazy<Task<string>>(CreateTemplateAsync);
        ServerLog = serverLog;
        _stop = stop;
    }

    public static Task<TestPostgres> GetAsync() => Shared.Value;

    /// <summary>The server's log (every start attempt's), for a cluster this process started; null for test.sh's.</summary>
    public string? ServerLog { get; }

    /// <summary>The administrator's connection string (the postgres database).</summary>
    public string AdminConnectionString => _adminConnectionString;

    /// <summary>
    /// A cluster of the caller's own (not the run's <see cref="GetAsync"/>), started as that one is, its ports taken from
    /// <paramref name="freePorts"/> (a test of the start retry hands out a taken one, <see cref="PortsTakenAfterTheProbe"/>);
    /// stopped and removed by <see cref="Stop"/>, or when the process ends.
    /// </summary>
    public static Task<TestPostgres> StartOwnAsync(Func<int> freePorts) => Task.Run(() => StartCluster(freePorts));

    /// <summary>Stops a cluster this process started and removes its folder (once; again does nothing).</summary>
    public void Stop() => _stop?.Invoke();

    /// <summary>
    /// A new database, empty or already migrated (a copy of a template migrated once per test process, much quicker
    /// than migrating each one); its connection string (pooled, with idle connections closed quickly).
    /// </summary>
    public async Task<string> CreateDatabaseAsync(bool migrated = false)
    {
        var name = "regin_" + Guid.NewGuid().ToString("N")[..16];
        var template = migrated ? " TEMPLATE " + await _template.Value : "";
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            // PostgreSQL 15 copies a template page by page through the write-ahead log unless told to copy its files
            // (what older versions always did): for the ~9 MB migrated template that took 0.26-0.33 s against 0.18 s.
            if (migrated && connection.PostgreSqlVersion.Major >= 15)
            {
                template += " STRATEGY FILE_COPY";
            }
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}{template}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(_adminConnectionString)
        {
            Database = name,
            Pooling = true,
            ConnectionIdleLifetime = 2,
            ConnectionPruningInterval = 1,
            MaxPoolSize = 30,
            // A test of 100 contributors starting at once queues 70 of them for a pooled connection while the numbers are
            // taken one at a time: on a loaded machine (load 25) that took more than Npgsql's 15 s and the pool said
            // "exhausted". The deadline is for a real wait, so it is long.
            Timeout = 120,
        }.ConnectionString;
    }

    /// <summary>A new database copied from <paramref name="sourceConnectionString"/>'s (no session may be open on it); its connection string.</summary>
    public async Task<string> CopyDatabaseAsync(string sourceConnectionString)
    {
        var source = new NpgsqlConnectionStringBuilder(sourceConnectionString);
        await using (var pooled = new NpgsqlConnection(sourceConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        var name = "regin_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            var strategy = connection.PostgreSqlVersion.Major >= 15 ? " STRATEGY FILE_COPY" : "";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {source.Database}{strategy}", connection);
            await create.ExecuteNonQueryAsync();
        }
        source.Database = name;
        return source.ConnectionString;
    }

    /// <summary>
    /// Ends every session of <paramref name="connectionString"/>'s database but the one asking (as a restart or a failover
    /// would), waiting until each has ended; how many it ended.
    /// </summary>
    public static async Task<int> EndSessionsAsync(string connectionString)
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        // With a timeout pg_terminate_backend waits for the process to end (false, and a warning, at the deadline).
        await using var terminate = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 30000)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
        return Convert.ToInt32(await terminate.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var pooled = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(pooled);
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private async Task<string> CreateTemplateAsync()
    {
        var name = $"regin_template_{Environment.ProcessId}";
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE); CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        // No pooling: a copy can only be made of a database nobody is connected to.
        var connectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = false }.ConnectionString;
        var provider = Regin.Core.Persistence.ReginDatabaseProvider.Create(Regin.Core.Persistence.ReginDatabaseProvider.PostgreSqlName, connectionString);
        await using var db = new Regin.Core.Persistence.ReginDbContext(
            (Microsoft.EntityFrameworkCore.DbContextOptions<Regin.Core.Persistence.ReginDbContext>)provider.Configure(
                new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Regin.Core.Persistence.ReginDbContext>()).Options);
        await provider.MigrateAsync(db, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                using var connection = new NpgsqlConnection(_adminConnectionString);
                connection.Open();
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                drop.ExecuteNonQuery();
            }
            catch (NpgsqlException)
            {
                // The cluster is already gone.
            }
        };
        return name;
    }

    private static async Task<TestPostgres> StartOrAttachAsync()
    {
        var shared = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(shared))
        {
            return new TestPostgres(shared);
        }
        return await Task.Run(() => StartCluster(FreePort.Next));
    }

    private static TestPostgres StartCluster(Func<int> freePorts)
    {
        var bin = FindBinaries();
        var folder = Directory.CreateTempSubdirectory("regin-pg-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // PostgreSQL refuses to run as root: the cluster belongs to the postgres system user.
            Run("chown", ["-R", "postgres", folder], asPostgres: false);
        }
        var data = Path.Combine(folder, "data");
        Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", "regin", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], asRoot);
        for (var attempt = 1; ; attempt++)
        {
            var port = freePorts();
            try
            {
                Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "300", "-o",
                    $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                    "start"], asRoot);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                continue; // the port was taken between the probe and the start
            }
            catch (InvalidOperationException)
            {
                // No cluster to hand out: stop what pg_ctl may have given up waiting for and leave no initdb'd folder
                // (~40 MB under /tmp, seen after a start that failed three times).
                try
                {
                    Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], asRoot);
                }
                catch (InvalidOperationException)
                {
                    // No server was left running.
                }
                try
                {
                    DeleteFolder(folder);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"TestPostgres: could not remove {folder}: {e.Message}");
                }
                throw;
            }
            StartWatchdog(bin, data, folder, asRoot);
            var stopped = 0;
            void Stop()
            {
                if (Interlocked.Exchange(ref stopped, 1) == 1)
                {
                    return;
                }
                try
                {
                    Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], asRoot);
                    DeleteFolder(folder);
                }
                catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"TestPostgres: could not stop the cluster in {folder}: {e.Message}");
                }
            }
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
            return new TestPostgres($"Host=127.0.0.1;Port={port};Username=regin;Database=postgres;Pooling=false", Path.Combine(folder, "server.log"), Stop);
        }
    }

    /// <summary>The cluster stopped and its folder removed once the test process is gone, even killed (<see cref="ProcessWatchdog"/>).</summary>
    private static void StartWatchdog(string bin, string data, string folder, bool asRoot)
    {
        var stop = (asRoot ? "runuser -u postgres -- " : "") + $"'{Path.Combine(bin, "pg_ctl")}' -D '{data}' -m immediate stop";
        ProcessWatchdog.RunWhenGone("regin-pg-watchdog", stop + "; rm -rf \"$1\"", folder);
    }

    // The server may still be removing its last files when pg_ctl returns: a few tries.
    private static void DeleteFolder(string folder)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 20)
            {
                Thread.Sleep(100);
            }
        }
    }

    private static string FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
            : [];
        return versions.Count > 0 ? Path.Combine(versions[0], "bin")
            : throw new InvalidOperationException("PostgreSQL is not installed: ./test.sh installs Debian's postgresql package (apt-get install postgresql).");
    }


    private static void Run(string program, string[] arguments, bool asPostgres)
    {
        var info = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var part in (string[])["-u", "postgres", "--", program])
            {
                info.ArgumentList.Add(part);
            }
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        // pg_ctl's server keeps inherited pipes open: read to the end only what the command itself printed.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(360)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} did not finish within 6 minutes");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result} {output.Result}");
        }
    }
}
