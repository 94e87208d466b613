using System.Net;

namespace Regin.Bot.Tests.Api;

public class TemplatesApiTests(ReginApplication app) : IClassFixture<ReginApplication>
{
    [Theory]
    [InlineData("it", "[Q05] Titolo della pratica *")]
    [InlineData("el", "[Q06] Χώρα *")]
    [InlineData("sv", "REGIN-TEMPLATE v")]
    public async Task The_text_template_is_served_in_the_language(string language, string expected)
    {
        var response = await app.CreateClient().GetAsync($"/templates/{language}.txt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_word_template_is_served_as_docx()
    {
        var response = await app.CreateClient().GetAsync("/templates/de.docx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'P', bytes[0]);
        Assert.Equal((byte)'K', bytes[1]);
    }

    [Theory]
    [InlineData("/templates/xx.txt")]
    [InlineData("/templates/it.pdf")]
    [InlineData("/templates/it")]
    public async Task Unknown_languages_and_formats_are_not_found(string path)
    {
        var response = await app.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
