using System.Diagnostics;
using System.Globalization;
using System.Text;
using AngleSharp.Html.Parser;
using Regin.MailIngest.Parsing;

/// <summary>
/// What reading an HTML body costs in memory, by size and by kind of HTML, in one table: the HTML as a string (the
/// baseline: what the body costs before anything reads it), AngleSharp's document of it held alive (its live size after
/// a full GC), and what <see cref="HtmlText.TryConvert(string, out bool, CancellationToken)"/> allocates and takes, or
/// "refused" when the body is beyond the limit. Kinds: Word/Outlook HTML (a paragraph and a span with styles for every
/// line, the XML of its conditional comments), a table of question and answer cells, and a short text with a pasted
/// picture (a data: address of that size).
///   dotnet run -c Release --project tests/Regin.MailIngest.Benchmarks -- --html-memory [rounds=3]
/// </summary>
internal static class HtmlMemoryBenchmark
{
    public static void Run(string[] args)
    {
        var rounds = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 3;
        Console.WriteLine($"HTML body memory, {rounds} rounds (the smallest of each), {Environment.ProcessorCount} CPUs, limit {MailLimits.MaxHtmlChars:N0} characters read");
        Console.WriteLine($"{"kind",-8} {"size",9} {"string MB",10} {"DOM live MB",12} {"DOM/string",11} {"convert alloc MB",17} {"alloc/string",13} {"ms",7}  result");
        foreach (var kind in new[] { "outlook", "table", "picture" })
        {
            foreach (var size in new[] { 100_000, 1_000_000, 3_900_000 })
            {
                var html = Make(kind, size);
                var stringMb = html.Length * 2 / 1048576.0;
                double live = double.MaxValue, allocated = double.MaxValue, ms = double.MaxValue;
                var result = "";
                for (var round = 0; round < rounds; round++)
                {
                    live = Math.Min(live, LiveDom(html));
                    GC.Collect();
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    var watch = Stopwatch.StartNew();
                    var text = HtmlText.TryConvert(html, out var hidden);
                    watch.Stop();
                    allocated = Math.Min(allocated, (GC.GetAllocatedBytesForCurrentThread() - before) / 1048576.0);
                    ms = Math.Min(ms, watch.Elapsed.TotalMilliseconds);
                    result = text is null ? "refused" : $"{text.Length:N0} chars read{(hidden ? ", hidden text" : "")}";
                }
                Console.WriteLine($"{kind,-8} {html.Length,9:N0} {stringMb,10:0.0} {live,12:0.0} {live / stringMb,10:0.0}× {allocated,17:0.0} {allocated / stringMb,12:0.0}× {ms,7:0}  {result}");
            }
        }
    }

    /// <summary>AngleSharp's document of the HTML, held: the managed heap it takes after a full collection, in MB.</summary>
    private static double LiveDom(string html)
    {
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        var before = GC.GetTotalMemory(forceFullCollection: true);
        using var document = parser.ParseDocument(html);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(document);
        return (after - before) / 1048576.0;
    }

    private static string Make(string kind, int size)
    {
        var html = new StringBuilder(size + 4096);
        html.Append("<html><head><meta charset=\"utf-8\">");
        if (kind == "outlook")
        {
            html.Append("<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]-->");
            html.Append("<style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:\"Calibri\",sans-serif;} --></style>");
        }
        html.Append("</head><body>");
        var line = 0;
        switch (kind)
        {
            case "picture":
                html.Append("<p>[Q01] Nora Quinn</p><p>[Q05] Welcome desk at the town hall</p><p><img src=\"data:image/png;base64,");
                var random = new Random(21);
                var bytes = new byte[(size - html.Length - 40) * 3 / 4];
                random.NextBytes(bytes);
                html.Append(Convert.ToBase64String(bytes)).Append("\"></p>");
                break;
            case "table":
                html.Append("<table>");
                while (html.Length < size - 200)
                {
                    html.Append("<tr><td style=\"border:1px solid #ccc;padding:4px\">[Q").Append(line % 31 + 1).Append("] Question ").Append(line)
                        .Append("</td><td style=\"border:1px solid #ccc;padding:4px\">The answer to it, in a few words, line ").Append(line++).Append("</td></tr>");
                }
                html.Append("</table>");
                break;
            default:
                while (html.Length < size - 200)
                {
                    html.Append("<p class=MsoNormal style='margin:0cm;mso-line-height-alt:12.0pt'><span lang=EN-GB style='font-size:11.0pt;mso-fareast-language:EN-US'>")
                        .Append("Our practice answers line ").Append(line++).Append(" of the template in a few words<o:p></o:p></span></p>\r\n");
                    if (line % 20 == 0)
                    {
                        html.Append("<!--[if !supportLists]--><span style='mso-list:Ignore'>·</span><!--[endif]-->\r\n");
                    }
                }
                break;
        }
        html.Append("</body></html>");
        return html.ToString();
    }
}
