using System.Globalization;

namespace Regin.Bot.Review;

/// <summary>One bar of a chart: its label, its value, and an optional second value drawn over it (e.g. stopped of reached).</summary>
public sealed record ChartBar(string Label, int Value, int? Part = null);

/// <summary>
/// Bar charts drawn on the server as inline SVG (nothing loaded from elsewhere, no script), each with a title that
/// screen readers announce; the numbers are also in the table printed beside every chart.
/// </summary>
public static class SvgChart
{
    private const int Width = 720;
    private const int LabelWidth = 250;
    private const int ValueWidth = 70;
    private const int RowHeight = 22;
    private const string Bar = "#0b5cad";
    private const string PartBar = "#d9822b";
    private const string Ink = "#1d2430";

    /// <summary>
    /// Horizontal bars, one row per item; <see cref="ChartBar.Part"/> is drawn over the bar in a second colour. With
    /// <paramref name="labelledBy"/> (the id of the section's heading) a screen reader names the chart by that heading,
    /// whose label says its own language, rather than by the chart's title (review50).
    /// </summary>
    public static RawHtml Horizontal(string id, string title, IReadOnlyList<ChartBar> bars, string? valueName = null, string? partName = null, string? labelledBy = null)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var legend = partName is null ? 0 : 24;
        var height = legend + Math.Max(1, bars.Count) * RowHeight + 6;
        var max = Math.Max(1, bars.Count == 0 ? 0 : bars.Max(b => b.Value));
        var scale = (Width - LabelWidth - ValueWidth) / (double)max;
        return Html.Build(h =>
        {
            Open(h, id, title, height, labelledBy);
            if (partName is not null)
            {
                h.Add($"<rect x=\"{LabelWidth}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{Bar}\"/><text x=\"{LabelWidth + 16}\" y=\"16\" font-size=\"12\" fill=\"{Ink}\">{valueName}</text>");
                h.Add($"<rect x=\"{LabelWidth + 150}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{PartBar}\"/><text x=\"{LabelWidth + 166}\" y=\"16\" font-size=\"12\" fill=\"{Ink}\">{partName}</text>");
            }
            for (var i = 0; i < bars.Count; i++)
            {
                var bar = bars[i];
                var y = legend + i * RowHeight;
                var width = Number(bar.Value * scale);
                h.Add($"<g class=\"bar\"><title>{bar.Label}: {bar.Value}{(bar.Part is { } p ? $" / {p}" : "")}</title>");
                h.Add($"<text x=\"{LabelWidth - 6}\" y=\"{y + 15}\" font-size=\"12\" text-anchor=\"end\" fill=\"{Ink}\">{Shorten(bar.Label, 38)}</text>");
                h.Add($"<rect x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{width}\" height=\"{RowHeight - 6}\" fill=\"{Bar}\"/>");
                if (bar.Part is { } part && part > 0)
                {
                    h.Add($"<rect x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{Number(part * scale)}\" height=\"{RowHeight - 6}\" fill=\"{PartBar}\"/>");
                }
                var value = bar.Part is { } shown ? $"{bar.Value} / {shown}" : bar.Value.ToString(CultureInfo.InvariantCulture);
                h.Add($"<text x=\"{Number(LabelWidth + bar.Value * scale + 4)}\" y=\"{y + 15}\" font-size=\"12\" fill=\"{Ink}\">{value}</text></g>");
            }
            h.Add($"</svg>");
        });
    }

    /// <summary>Vertical columns (a time series): every <paramref name="labelEvery"/>th label is written under its column.</summary>
    public static RawHtml Columns(string id, string title, IReadOnlyList<ChartBar> bars, int labelEvery = 4)
    {
        ArgumentNullException.ThrowIfNull(bars);
        const int height = 220;
        const int bottom = 34;
        const int top = 16;
        var max = Math.Max(1, bars.Count == 0 ? 0 : bars.Max(b => b.Value));
        var step = (Width - 20) / (double)Math.Max(1, bars.Count);
        var scale = (height - bottom - top) / (double)max;
        return Html.Build(h =>
        {
            Open(h, id, title, height);
            h.Add($"<line x1=\"10\" y1=\"{height - bottom}\" x2=\"{Width - 10}\" y2=\"{height - bottom}\" stroke=\"#b9c1cc\"/>");
            for (var i = 0; i < bars.Count; i++)
            {
                var bar = bars[i];
                var x = 10 + i * step;
                var barHeight = bar.Value * scale;
                h.Add($"<g class=\"bar\"><title>{bar.Label}: {bar.Value}</title>");
                h.Add($"<rect x=\"{Number(x + 2)}\" y=\"{Number(height - bottom - barHeight)}\" width=\"{Number(step - 4)}\" height=\"{Number(barHeight)}\" fill=\"{Bar}\"/>");
                if (bar.Value > 0)
                {
                    h.Add($"<text x=\"{Number(x + step / 2)}\" y=\"{Number(height - bottom - barHeight - 3)}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{Ink}\">{bar.Value}</text>");
                }
                if (i % labelEvery == 0 || i == bars.Count - 1)
                {
                    h.Add($"<text x=\"{Number(x + step / 2)}\" y=\"{height - bottom + 14}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{Ink}\">{bar.Label}</text>");
                }
                h.Add($"</g>");
            }
            h.Add($"</svg>");
        });
    }

    private static void Open(Html h, string id, string title, int height, string? labelledBy = null) =>
        h.Add($"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart-{id}\" class=\"chart\" role=\"img\" aria-labelledby=\"{labelledBy ?? $"chart-{id}-title"}\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" font-family=\"system-ui, sans-serif\"><title id=\"chart-{id}-title\">{title}</title>");

    private static string Number(double value) => Math.Round(Math.Max(0, value), 1).ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
