using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Regin.Core.Persistence;

/// <summary>
/// How the statements Regin writes itself (<see cref="PreparedStatement"/>, <see cref="WriteBatch"/>,
/// <see cref="ReadBatch"/>, <see cref="ConnectionPrelude"/>) are bound on a connection. They are written once, with
/// parameters <c>@p0</c>, <c>@p1</c>... (and <c>@statement</c>, a checked statement's number in its batch: see
/// <see cref="ReginDatabaseProvider.StatementNumberParameter"/>). SQLite binds them by those names. On PostgreSQL the same
/// text is sent with PostgreSQL's own positional placeholders (<c>$1</c>, <c>$2</c>...) and unnamed parameters: Npgsql
/// then sends it as it is, where with named parameters it parsed and rewrote every statement on every run
/// (<c>SqlQueryParser.ParseRawQuery</c>, the parameters looked up by name: a twenty-fifth of a chat turn's samples). The
/// positional text is written once per text (kept with the text itself, which the writers keep per model), not per run.
/// </summary>
internal static class StatementParameters
{
    private static readonly string[] Names = [.. Enumerable.Range(0, 64).Select(i => "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Positional texts by their named text (the same string instance: the writers keep their texts).</summary>
    private static readonly ConditionalWeakTable<string, Positional> Texts = [];

    /// <summary>A text written for positional parameters, or null when it cannot be (then it is bound by names).</summary>
    private sealed record Positional(int Parameters, string? Text);

    /// <summary>The name of parameter <paramref name="index"/> in a named text (<c>@p{index}</c>).</summary>
    public static string Name(int index) =>
        (uint)index < (uint)Names.Length ? Names[index] : "@p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="connection"/> takes Regin's statements with positional parameters (Npgsql's).</summary>
    public static bool ArePositional(DbConnection? connection) => connection is Npgsql.NpgsqlConnection;

    /// <summary>
    /// The text to send for <paramref name="sql"/> on <paramref name="connection"/>, with <paramref name="parameters"/>
    /// values (<c>@p0</c> to <c>@p{parameters - 1}</c>; <c>@statement</c> is parameter number <paramref name="parameters"/>,
    /// after them), and whether its parameters are then unnamed, in order (true) or named <c>@p{i}</c> (false).
    /// </summary>
    public static (string Text, bool Unnamed) For(DbConnection? connection, string sql, int parameters)
    {
        if (!ArePositional(connection))
        {
            return (sql, false);
        }
        if (!Texts.TryGetValue(sql, out var known) || known.Parameters != parameters)
        {
            known = new Positional(parameters, ToPositional(sql, parameters));
            Texts.AddOrUpdate(sql, known);
        }
        return known.Text is { } text ? (text, true) : (sql, false);
    }

    /// <summary>
    /// <paramref name="sql"/> with <c>@p{i}</c> written <c>${i + 1}</c> and <c>@statement</c> <c>${parameters + 1}</c>;
    /// null when the text has anything else that could be a placeholder or hide one (another <c>@name</c>, a <c>$</c>, a
    /// comment, a backslash, an unclosed quote) or a parameter beyond <paramref name="parameters"/>: such a text is bound by
    /// name, as before. Quoted strings and names are passed over; <c>@</c> before anything but a letter is an operator.
    /// </summary>
    internal static string? ToPositional(string sql, int parameters)
    {
        ArgumentNullException.ThrowIfNull(sql);
        System.Text.StringBuilder? written = null;
        var copied = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                // A doubled quote inside ends this run and starts the next at once: the pair is passed over either way.
                var end = sql.IndexOf(c, i + 1);
                if (end < 0)
                {
                    return null;
                }
                i = end + 1;
                continue;
            }
            if (c is '$' or '\\' || (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-') || (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*'))
            {
                return null;
            }
            if (c == '@' && i + 1 < sql.Length && (char.IsAsciiLetter(sql[i + 1]) || sql[i + 1] == '_'))
            {
                var start = i + 1;
                var stop = start;
                while (stop < sql.Length && (char.IsAsciiLetterOrDigit(sql[stop]) || sql[stop] == '_'))
                {
                    stop++;
                }
                var name = sql.AsSpan(start, stop - start);
                int number;
                if (name.SequenceEqual(ReginDatabaseProvider.StatementNumberParameter))
                {
                    number = parameters;
                }
                else if (name.Length >= 2 && name[0] == 'p' && (name.Length == 2 || name[1] != '0')
                    && int.TryParse(name[1..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                    && index < parameters)
                {
                    number = index;
                }
                else
                {
                    return null;
                }
                written ??= new System.Text.StringBuilder(sql.Length);
                written.Append(sql, copied, i - copied).Append('$').Append(number + 1);
                copied = stop;
                i = stop;
                continue;
            }
            i++;
        }
        return written is null ? sql : written.Append(sql, copied, sql.Length - copied).ToString();
    }

    /// <summary>The name a parameter takes: none when the text is positional, else <c>@p{index}</c>.</summary>
    public static string NameFor(bool unnamed, int index) => unnamed ? string.Empty : Name(index);
}
