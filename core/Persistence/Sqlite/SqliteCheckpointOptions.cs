using System.ComponentModel.DataAnnotations;

namespace Regin.Core.Persistence.Sqlite;

/// <summary>
/// When the bot host's <see cref="SqliteCheckpointer"/> copies SQLite's write-ahead log into the file (section
/// "Database:Sqlite"). Ignored on PostgreSQL and by a process that runs no checkpointer (the mail ingester).
/// </summary>
public sealed class SqliteCheckpointOptions
{
    public const string SectionName = "Database:Sqlite";

    /// <summary>How long without a commit the checkpoint waits for (a quiet moment); zero: right after the commit.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan CheckpointPause { get; set; } = SqliteCheckpointer.DefaultPause;

    /// <summary>The longest a checkpoint waits for that quiet moment after the first commit it follows (commits that never pause).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan CheckpointLongestWait { get; set; } = SqliteCheckpointer.DefaultLongestWait;
}
