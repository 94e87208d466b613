using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Storage;

namespace Regin.Core.Persistence;

/// <summary>
/// The parameters of a connection's batches, kept on the connection for its next batch of the same statements (session 53,
/// PostgreSQL: a kept chat turn sends the same dozen statements every turn, and Npgsql resolved each new parameter's type
/// afresh, by name in its type catalogue, ~0.015 ms of the host's CPU a turn; a parameter it has sent keeps its resolved
/// type while its value keeps its CLR type). A statement's parameter is taken again only when it was made by the same type
/// mapping (or by none, the driver inferring it from the value) and its new value, converted as the mapping converts it,
/// has the same CLR type as the one it held: it is then the parameter <see cref="RelationalTypeMapping.CreateParameter"/>
/// would make, with the new value (EF Core's configuration of a parameter is the mapping's, not the value's). Anything
/// else (an enum value, another type, null after a value) gets a new parameter, as before. Only where the driver has
/// batches (Npgsql); a batch that fails gives nothing back.
/// </summary>
internal sealed class BatchParameters
{
    // At most this many statement texts kept a connection, and this many parameter sets a text (a batch may hold a
    // statement more than once).
    private const int MostTexts = 256;
    private const int MostSetsAText = 4;

    private static readonly ConditionalWeakTable<DbConnection, BatchParameters> Kept = new();

    private readonly Dictionary<string, List<Set>> _sets = new(StringComparer.Ordinal);
    private readonly List<(DbBatchCommand Command, Set Set)> _lent = [];

    private sealed class Set(DbParameter[] parameters, RelationalTypeMapping?[] mappings)
    {
        public DbParameter[] Parameters { get; } = parameters;
        public RelationalTypeMapping?[] Mappings { get; } = mappings;
    }

    /// <summary>How many parameters were taken again, and how many were made (tests).</summary>
    internal int Reused { get; private set; }

    internal int Made { get; private set; }

    /// <summary>The parameters kept on <paramref name="connection"/>, where the driver has batches; null elsewhere.</summary>
    public static BatchParameters? For(DbConnection connection) =>
        connection.CanCreateBatch ? Kept.GetOrCreateValue(connection) : null;

    /// <summary>
    /// Adds <paramref name="values"/>' parameters to <paramref name="command"/> (its text set), each made by
    /// <paramref name="mappings"/>[i] (or, with none, by the driver from the value), named by <paramref name="unnamed"/>:
    /// a kept parameter of the same statement where it fits, otherwise a new one.
    /// </summary>
    public void Add(DbBatchCommand command, DbCommand factory, bool unnamed, RelationalTypeMapping[]? mappings, IReadOnlyList<object?> values)
    {
        var kept = Take(command.CommandText, values.Count, mappings);
        var parameters = kept?.Parameters ?? new DbParameter[values.Count];
        var made = kept?.Mappings ?? new RelationalTypeMapping?[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var mapping = mappings?[i];
            if (kept is not null && ReferenceEquals(made[i], mapping) && ProviderValue(mapping, values[i], out var value)
                && parameters[i].Value?.GetType() == value.GetType())
            {
                parameters[i].Value = value;
                Reused++;
            }
            else
            {
                parameters[i] = New(factory, unnamed, i, mapping, values[i]);
                made[i] = mapping;
                Made++;
            }
            command.Parameters.Add(parameters[i]);
        }
        _lent.Add((command, kept ?? new Set(parameters, made)));
    }

    /// <summary>The batch ran: its parameters are taken off its commands and kept for the next batch of the same statements.</summary>
    public void Return()
    {
        foreach (var (command, set) in _lent)
        {
            command.Parameters.Clear();
            if (!_sets.TryGetValue(command.CommandText, out var sets))
            {
                if (_sets.Count >= MostTexts)
                {
                    continue;
                }
                sets = new List<Set>(1);
                _sets[command.CommandText] = sets;
            }
            if (sets.Count < MostSetsAText)
            {
                sets.Add(set);
            }
        }
        _lent.Clear();
    }

    /// <summary>The batch failed (or was never sent): what it took is not kept (a failed statement's parameters may be half bound).</summary>
    public void Forget() => _lent.Clear();

    /// <summary>A kept set of the statement <paramref name="text"/> made by the same mappings (taken off the shelf), or null.</summary>
    private Set? Take(string text, int count, RelationalTypeMapping[]? mappings)
    {
        if (count == 0 || !_sets.TryGetValue(text, out var sets))
        {
            return null;
        }
        for (var s = sets.Count - 1; s >= 0; s--)
        {
            var set = sets[s];
            if (set.Parameters.Length == count && SameMappings(set.Mappings, mappings))
            {
                sets.RemoveAt(s);
                return set;
            }
        }
        return null;
    }

    private static bool SameMappings(RelationalTypeMapping?[] made, RelationalTypeMapping[]? mappings)
    {
        for (var i = 0; i < made.Length; i++)
        {
            if (!ReferenceEquals(made[i], mappings?[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static DbParameter New(DbCommand factory, bool unnamed, int i, RelationalTypeMapping? mapping, object? value)
    {
        var name = StatementParameters.NameFor(unnamed, i);
        if (mapping is not null)
        {
            return mapping.CreateParameter(factory, name, value, nullable: true);
        }
        var parameter = factory.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }

    /// <summary>
    /// The value a parameter made by <paramref name="mapping"/> holds for <paramref name="value"/> (its converter applied,
    /// null as DBNull), as <see cref="RelationalTypeMapping.CreateParameter"/> sets it; false for an enum value, which EF
    /// Core may turn into its number first (a new parameter is made for it).
    /// </summary>
    private static bool ProviderValue(RelationalTypeMapping? mapping, object? value, out object provider)
    {
        provider = DBNull.Value;
        if (value is Enum)
        {
            return false;
        }
        if (mapping?.Converter is { } converter)
        {
            value = converter.ConvertToProvider(value);
        }
        provider = value ?? DBNull.Value;
        return true;
    }
}
