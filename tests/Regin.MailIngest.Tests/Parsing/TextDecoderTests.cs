using System.Text;
using Regin.MailIngest.Parsing;

namespace Regin.MailIngest.Tests.Parsing;

public sealed class TextDecoderTests
{
    static TextDecoderTests() => TextDecoder.Register();

    [Theory]
    [InlineData("Łukasz Dvořák, für Geflüchtete", "iso-8859-2")]
    [InlineData("Tomáš Dvořák, März", "windows-1250")]
    [InlineData("Иван Петров, Sverige", "koi8-r")]
    [InlineData("Ελένη Παπαδοπούλου, Κέντρο υποδοχής", "iso-8859-7")]
    [InlineData("Ελένη Παπαδοπούλου, Κέντρο υποδοχής", "windows-1253")]
    [InlineData("Cœur d'accueil, 100 €", "iso-8859-15")]
    [InlineData("Niccolò Rossi, comunità", "macintosh")]
    [InlineData("Lucía Fernández – “acogida”", "windows-1252")]
    public void A_correctly_declared_legacy_charset_is_read_as_declared(string text, string charset)
    {
        var bytes = Encoding.GetEncoding(charset).GetBytes(text);
        Assert.Equal(text, TextDecoder.Decode(bytes, charset));
    }

    [Theory]
    [InlineData("Ελένη Παπαδοπούλου, Κέντρο υποδοχής και ένταξης μεταναστών", "iso-8859-7", "iso-8859-1")]
    [InlineData("Ελένη Παπαδοπούλου, Κέντρο υποδοχής και ένταξης μεταναστών", "windows-1253", "windows-1252")]
    [InlineData("Accueil des primo-arrivants à l'école, février", "iso-8859-1", "utf-8")]
    [InlineData("Sprachpatenschaften für Geflüchtete, März", "utf-8", "iso-8859-1")]
    [InlineData("Aulas de acogida lingüística, España", "windows-1252", null)]
    public void A_mislabelled_or_unlabelled_text_is_read_by_detection(string text, string actual, string? declared)
    {
        var bytes = Encoding.GetEncoding(actual).GetBytes(text);
        Assert.Equal(text, TextDecoder.Decode(bytes, declared));
    }

    [Fact]
    public void Utf16_with_a_byte_order_mark_is_read_whatever_the_label()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Siobhán – Ireland")).ToArray();
        Assert.Equal("Siobhán – Ireland", TextDecoder.Decode(bytes, "utf-16"));
        Assert.Equal("Siobhán – Ireland", TextDecoder.Decode(bytes, null));
    }

    /// <summary>UTF-7, which .NET refuses to look up by name: the whole mail failed (unreadable_content).</summary>
    [Fact]
    public void Utf7_is_decoded_and_a_charset_dotnet_refuses_is_read_as_undeclared()
    {
        Assert.Equal("Urí <b>Levi</b>", TextDecoder.Decode(Encoding.ASCII.GetBytes("Ur+AO0- +ADw-b+AD4-Levi+ADw-/b+AD4-"), "UTF-7"));
        Assert.Equal("Siobhán", TextDecoder.Decode(Encoding.UTF8.GetBytes("Siobhán"), "x-no-such-charset"));
    }

    /// <summary>
    /// Greek in windows-1253 labelled iso-8859-7: its "Ά" (0xA2) was read as iso-8859-7's closing quotation mark ("’ννα");
    /// real iso-8859-7 keeps its own "Ά" (0xB6) and its apostrophe in an elision ("σ’αγαπώ"), and in an aphaeresis ("θα ’ρθω")
    /// when the text has an "Ά" of its own.
    /// </summary>
    [Fact]
    public void Windows_1253_labelled_iso_8859_7_is_read_as_windows_1253_and_real_iso_8859_7_as_declared()
    {
        var windows1253 = Encoding.GetEncoding(1253);
        var iso = Encoding.GetEncoding("iso-8859-7");
        Assert.Equal("Άννα Αλεξίου, Δήμος Άρτας", TextDecoder.Decode(windows1253.GetBytes("Άννα Αλεξίου, Δήμος Άρτας"), "iso-8859-7"));
        // Built from bytes: .NET's iso-8859-7 encoder writes "’" as a plain apostrophe.
        byte[] Iso(params object[] pieces) => pieces.SelectMany(p => p is string text ? iso.GetBytes(text) : [(byte)(int)p]).ToArray();
        var elision = Iso("Άννα σ", 0xA2, "αγαπώ");
        Assert.Equal(iso.GetString(elision), TextDecoder.Decode(elision, "iso-8859-7"));
        var aphaeresis = Iso("Άρτα: θα ", 0xA2, "ρθω");
        Assert.Equal(iso.GetString(aphaeresis), TextDecoder.Decode(aphaeresis, "iso-8859-7"));
        Assert.DoesNotContain("Άρθω", TextDecoder.Decode(aphaeresis, "iso-8859-7"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Real iso-8859-7 whose apostrophe (0xA2) is the aphaeresis or the elision and which has no capital "Ά" (0xB6) to tell
    /// it by: it was read as windows-1253 ("θα Άρθω", "απΆ το"). Now an apostrophe after a letter or before a non-letter,
    /// an opening quote (0xA1), or a word-initial one after θα/να/που/κι/ας/μη/τι, is iso-8859-7's; windows-1253's names
    /// ("Άννα", after an article too: "το Άργος", "μου Άννα") stay "Ά".
    /// </summary>
    [Theory]
    [InlineData("θα |ρθω αύριο", "θα ’ρθω αύριο")]
    [InlineData("απ| το σπίτι", "απ’ το σπίτι")]
    [InlineData("να |ναι καλά", "να ’ναι καλά")]
    [InlineData("Κάθε καλοκαίρι που |χαμε ήλιο", "Κάθε καλοκαίρι που ’χαμε ήλιο")]
    [InlineData("το είπε: «ναι|", "το είπε: «ναι’")]
    [InlineData("από το |90", "από το ’90")]
    [InlineData("Το |χω πει στην ομάδα", "Το ’χω πει στην ομάδα")]
    [InlineData("Η Ελένη μου |πε ότι ξεκινάμε", "Η Ελένη μου ’πε ότι ξεκινάμε")]
    [InlineData("Όλοι |ναι εθελοντές", "Όλοι ’ναι εθελοντές")]
    public void Iso_8859_7_apostrophes_without_a_capital_alpha_are_read_as_declared(string pattern, string expected)
    {
        var iso = Encoding.GetEncoding("iso-8859-7");
        var bytes = pattern.Split('|').Select(iso.GetBytes).Aggregate((a, b) => [.. a, 0xA2, .. b]);
        // .NET reads iso-8859-7's 0xA2 as "ʼ" (U+02BC), the apostrophe letter.
        Assert.Equal(expected.Replace('’', 'ʼ'), TextDecoder.Decode(bytes, "iso-8859-7"));
    }

    [Theory]
    [InlineData("Άννα Αλεξίου")]
    [InlineData("[Q01] Άννα Αλεξίου\n[Q12] Δήμος Άρτας")]
    [InlineData("Ευχαριστώ, το Άργος και η Άρτα")]
    [InlineData("Αγαπητή μου Άννα,\nθα έρθω.")]
    [InlineData("Το Άχρονο και το Άδωνις")]
    public void Windows_1253_names_with_a_capital_alpha_are_read_as_windows_1253(string text)
    {
        Assert.Equal(text, TextDecoder.Decode(Encoding.GetEncoding(1253).GetBytes(text), "iso-8859-7"));
    }
}
