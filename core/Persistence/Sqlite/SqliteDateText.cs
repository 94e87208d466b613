using System.Globalization;

namespace Regin.Core.Persistence.Sqlite;

/// <summary>
/// A <see cref="DateTimeOffset"/> as SQLite stores it (TEXT, the format Microsoft.Data.Sqlite's binder and EF Core's type
/// mapping use: <c>yyyy-MM-dd HH:mm:ss.FFFFFFFzzz</c>), written digit by digit: the culture's custom-format path cost a
/// chat turn ~4 µs for its five stamps (session 51's profile, <c>DateTimeFormat.FormatCustomized</c>). The same string
/// as <c>ToString(Format, InvariantCulture)</c> for every value (SqliteDateTextTests compares them).
/// </summary>
internal static class SqliteDateText
{
    /// <summary>The format Microsoft.Data.Sqlite's <c>SqliteValueBinder</c> binds a <see cref="DateTimeOffset"/> with.</summary>
    internal const string Format = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz";

    public static string Of(DateTimeOffset value)
    {
        var clock = value.DateTime;
        var fraction = (int)(clock.Ticks % TimeSpan.TicksPerSecond);
        var digits = 7;
        if (fraction == 0)
        {
            digits = 0;
        }
        else
        {
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
        }
        var offset = (int)(value.Offset.Ticks / TimeSpan.TicksPerMinute);
        // "yyyy-MM-dd HH:mm:ss" 19, ".f…" 1 + digits when there is a fraction, "+HH:mm" 6.
        var length = 19 + (digits == 0 ? 0 : 1 + digits) + 6;
        return string.Create(length, (clock, fraction, digits, offset), static (span, state) =>
        {
            var (clock, fraction, digits, offset) = state;
            Digits(span[..4], clock.Year);
            span[4] = '-';
            Digits(span.Slice(5, 2), clock.Month);
            span[7] = '-';
            Digits(span.Slice(8, 2), clock.Day);
            span[10] = ' ';
            Digits(span.Slice(11, 2), clock.Hour);
            span[13] = ':';
            Digits(span.Slice(14, 2), clock.Minute);
            span[16] = ':';
            Digits(span.Slice(17, 2), clock.Second);
            var at = 19;
            if (digits > 0)
            {
                span[at] = '.';
                Digits(span.Slice(at + 1, digits), fraction);
                at += 1 + digits;
            }
            span[at] = offset < 0 ? '-' : '+';
            var minutes = Math.Abs(offset);
            Digits(span.Slice(at + 1, 2), minutes / 60);
            span[at + 3] = ':';
            Digits(span.Slice(at + 4, 2), minutes % 60);
        });
    }

    /// <summary>What Microsoft.Data.Sqlite's binder would make of it (the reference the tests compare with).</summary>
    internal static string Reference(DateTimeOffset value) => value.ToString(Format, CultureInfo.InvariantCulture);

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }
}
