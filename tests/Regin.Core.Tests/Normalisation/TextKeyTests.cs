using System.Globalization;
using System.Text;
using Regin.Core.Normalisation;

namespace Regin.Core.Tests.Normalisation;

/// <summary>
/// <see cref="TextKey.Fold"/> decomposes each character once per process instead of asking ICU to normalise every text:
/// its keys must be the ones the whole-text decomposition gave, for every character and for mixed texts.
/// </summary>
public class TextKeyTests
{
    [Theory]
    [InlineData("Región de Murcia", "region de murcia")]
    [InlineData("REGION-DE-MURCIA", "region de murcia")]
    [InlineData("l'Italia, d’accord", "l italia d accord")]
    [InlineData("Straße", "strasse")]
    [InlineData("Ημερομηνία έναρξης", "ημερομηνια εναρξησ")]
    [InlineData("ΟΔΟΣ", "οδοσ")]
    [InlineData("Åtgärder för målgrupp", "atgarder for malgrupp")]
    [InlineData("  **7.  Data di inizio:** ", "7 data di inizio")]
    [InlineData("e\u0301te\u0301", "ete")]
    [InlineData("", "")]
    [InlineData("---", "")]
    public void Folds_as_documented(string text, string key) => Assert.Equal(key, TextKey.Fold(text));

    [Fact]
    public void Every_character_of_the_basic_plane_folds_as_its_whole_text_decomposition_does()
    {
        for (var c = 0; c < 0x10000; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }
            var text = "a" + (char)c + "b" + (char)c;
            Assert.Equal(Reference(text), Fold(text));
        }
    }

    [Fact]
    public void Mixed_texts_with_marks_in_any_order_fold_as_their_whole_text_decomposition_does()
    {
        // Letters with and without precomposed accents, stacked marks in both orders, Greek, Hangul, Latin ligatures,
        // separators, digits and characters outside the basic plane.
        string[] pieces = ["É", "e\u0301", "\u0323\u0302", "\u0302\u0323", "ệ", "ά", "ΐ", "ς", "ß", "한", "ﬁ", "Ω", "\u2126", "Å", "1", "٣",
            " ", "-", "'", "\u2019", "\u00A0", "**", "\U0001D400", "\U0001F600", "x", "Ǆ", "İ", "\u0345", "\u1FB3"];
        var random = new Random(12);
        for (var n = 0; n < 20_000; n++)
        {
            var builder = new StringBuilder();
            for (var i = random.Next(1, 12); i > 0; i--)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }
            var text = builder.ToString();
            Assert.Equal(Reference(text), Fold(text));
        }
    }

    [Fact]
    public void A_lone_surrogate_throws_as_before()
    {
        Assert.Equal(Reference("a\uD800b"), Fold("a\uD800b"));
    }

    /// <summary>The result, or the type of what it threw.</summary>
    private static string Fold(string text)
    {
        try
        {
            return TextKey.Fold(text);
        }
        catch (Exception e)
        {
            return "threw " + e.GetType().Name;
        }
    }

    /// <summary>The key as it was computed before: the whole text decomposed by ICU, then read character by character.</summary>
    private static string Reference(string text)
    {
        string decomposed;
        try
        {
            decomposed = Ascii.IsValid(text) ? text : text.Normalize(NormalizationForm.FormD);
        }
        catch (Exception e)
        {
            return "threw " + e.GetType().Name;
        }
        var builder = new StringBuilder();
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }
                pendingSpace = false;
                builder.Append(c == 'ß' ? "ss" : c == 'ς' ? "σ" : char.ToLowerInvariant(c).ToString());
            }
            else
            {
                pendingSpace = true;
            }
        }
        return builder.ToString();
    }
}
