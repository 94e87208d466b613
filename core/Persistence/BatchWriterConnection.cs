using System.Data.Common;

namespace Regin.Core.Persistence;

/// <summary>
/// A connection of one batch writer's own (the mail ingester's writer), open for as many batches as it writes and
/// readied for them once (<see cref="ReginDatabaseProvider.OpenBatchWriterAsync"/>), outside the pool the other units of
/// work borrow from: its page cache stays warm from one batch to the next, and no other unit of work ever gets its
/// settings. Disposing it gives the connection its usual settings back before it is closed (a closed connection's
/// database connection goes back to the pool); one that may not serve any more (<see cref="IsReusable"/> false: broken,
/// or left inside a transaction) is discarded instead.
/// </summary>
public sealed class BatchWriterConnection : IAsyncDisposable
{
    private readonly ReginDatabaseProvider _provider;
    private readonly string _restore;
    private bool _disposed;

    internal BatchWriterConnection(ReginDatabaseProvider provider, DbConnection connection, string restore)
    {
        _provider = provider;
        Connection = connection;
        _restore = restore;
    }

    /// <summary>The open connection (the writer's contexts use it without owning it).</summary>
    public DbConnection Connection { get; }

    /// <summary>Whether it may write the next batch: open, and in no transaction.</summary>
    public bool IsReusable => !_disposed && _provider.IsReusable(Connection);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_provider.IsReusable(Connection))
        {
            _provider.Discard(Connection);
            return;
        }
        try
        {
            await using (var command = Connection.CreateCommand())
            {
                command.CommandText = _restore;
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        catch (DbException)
        {
            // Its settings could not be given back: it is not pooled with them.
            _provider.Discard(Connection);
            return;
        }
        await Connection.DisposeAsync();
    }
}
