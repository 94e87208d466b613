namespace Regin.Core.Normalisation;

/// <summary>A date as precise as the contributor knew it: a year, a month or a day (questionnaire.md's partial ISO date).</summary>
public readonly record struct PartialDate(int Year, int? Month = null, int? Day = null) : IComparable<PartialDate>
{
    public string Iso => Day is { } d ? $"{Year:D4}-{Month:D2}-{d:D2}" : Month is { } m ? $"{Year:D4}-{m:D2}" : $"{Year:D4}";

    public override string ToString() => Iso;

    /// <summary>Orders by what is known: 2019 and 2019-03 are not before each other.</summary>
    public int CompareTo(PartialDate other)
    {
        var byYear = Year.CompareTo(other.Year);
        if (byYear != 0 || Month is null || other.Month is null)
        {
            return byYear;
        }
        var byMonth = Month.Value.CompareTo(other.Month.Value);
        if (byMonth != 0 || Day is null || other.Day is null)
        {
            return byMonth;
        }
        return Day.Value.CompareTo(other.Day.Value);
    }

    public static bool TryParseIso(string? text, out PartialDate date)
    {
        date = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var parts = text.Split('-');
        if (parts.Length is < 1 or > 3 || !int.TryParse(parts[0], out var year))
        {
            return false;
        }
        int? month = parts.Length > 1 && int.TryParse(parts[1], out var m) ? m : null;
        int? day = parts.Length > 2 && int.TryParse(parts[2], out var d) ? d : null;
        date = new PartialDate(year, month, day);
        return true;
    }
}
