using Regin.Core.Persistence.Sqlite;

namespace Regin.Core.Tests.Persistence;

/// <summary>
/// <see cref="SqliteDateText"/> writes a <see cref="DateTimeOffset"/> exactly as Microsoft.Data.Sqlite's binder does
/// (<c>ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz")</c>): the stored text is compared and ordered as text, so one character
/// apart would split a column's values in two.
/// </summary>
public sealed class SqliteDateTextTests
{
    [Fact]
    public void Every_kind_of_stamp_is_written_as_the_drivers_binder_writes_it()
    {
        var at = new DateTimeOffset(2026, 12, 7, 2, 5, 9, TimeSpan.Zero);
        DateTimeOffset[] stamps =
        [
            at, // no fraction: no point either
            at.AddTicks(1), at.AddTicks(10), at.AddTicks(1_000_000), at.AddTicks(9_999_999), at.AddTicks(5_000_000), at.AddTicks(1_234_500),
            new(2026, 3, 29, 2, 30, 0, TimeSpan.FromHours(2)),
            new(1999, 12, 31, 23, 59, 59, 999, TimeSpan.FromMinutes(-330)),
            new(2024, 2, 29, 0, 0, 0, TimeSpan.FromHours(14)),
            new(2024, 2, 29, 0, 0, 0, TimeSpan.FromHours(-14)),
            new(2024, 7, 1, 12, 0, 0, TimeSpan.FromMinutes(345)),
            new(2024, 7, 1, 12, 0, 0, TimeSpan.FromMinutes(-30)),
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new(1, 1, 1, 0, 0, 0, TimeSpan.FromHours(-1)), new(9999, 12, 31, 23, 59, 59, TimeSpan.FromHours(1)),
            DateTimeOffset.UnixEpoch,
        ];
        foreach (var stamp in stamps)
        {
            Assert.Equal(SqliteDateText.Reference(stamp), SqliteDateText.Of(stamp));
        }
    }

    [Fact]
    public void Random_stamps_and_offsets_are_written_as_the_drivers_binder_writes_them()
    {
        var random = new Random(51);
        var max = DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay;
        for (var i = 0; i < 100_000; i++)
        {
            var ticks = TimeSpan.TicksPerDay + random.NextInt64(max - TimeSpan.TicksPerDay);
            // Whole, tenths, milliseconds and any tick: fractions with and without trailing zeros.
            ticks -= ticks % ((i % 4) switch { 0 => TimeSpan.TicksPerSecond, 1 => TimeSpan.TicksPerMillisecond * 100, 2 => TimeSpan.TicksPerMillisecond, _ => 1 });
            var offset = TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1));
            var stamp = new DateTimeOffset(new DateTime(ticks, DateTimeKind.Unspecified), offset);
            Assert.Equal(SqliteDateText.Reference(stamp), SqliteDateText.Of(stamp));
        }
    }

    [Fact]
    public void Stamps_now_in_every_offset_of_the_regions_are_written_as_the_drivers_binder_writes_them()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones())
        {
            var stamp = TimeZoneInfo.ConvertTime(now, zone);
            Assert.Equal(SqliteDateText.Reference(stamp), SqliteDateText.Of(stamp));
        }
    }
}
