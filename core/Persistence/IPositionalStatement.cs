namespace Regin.Core.Persistence;

/// <summary>
/// A statement compiled once and run many times with its values bound by position, without the driver's command
/// (see <see cref="ReginDatabaseProvider.CompilePositional"/>); the values are the provider's (converted already).
/// </summary>
internal interface IPositionalStatement : IDisposable
{
    /// <summary>Runs it; the rows changed.</summary>
    int Execute(IReadOnlyList<object?> values);

    /// <summary>Runs it and reads the first column of its first row: null when there is no row, or its value is null.</summary>
    object? Scalar(IReadOnlyList<object?> values);
}
