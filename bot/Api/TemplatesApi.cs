using Microsoft.AspNetCore.Http.HttpResults;
using Regin.Core;
using Regin.Core.Questionnaire;
using Regin.Core.Templates;

namespace Regin.Bot.Api;

/// <summary>GET /templates/{lang}.txt and /templates/{lang}.docx: the e-mail template, generated from the questionnaire.</summary>
public static class TemplatesApi
{
    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/templates/{file}", Get);
        return app;
    }

    internal static Results<FileContentHttpResult, NotFound> Get(string file, QuestionnaireDefinition questionnaire, Microsoft.Extensions.Options.IOptions<Regin.Core.Hosting.ProjectMailboxOptions> mailbox, Microsoft.Extensions.Options.IOptions<Regin.Core.Privacy.PrivacyOptions> privacy)
    {
        var options = mailbox.Value;
        var dot = file.LastIndexOf('.');
        var language = dot > 0 ? file[..dot].ToLowerInvariant() : "";
        var format = dot > 0 ? file[(dot + 1)..].ToLowerInvariant() : "";
        if (!Languages.IsSupported(language))
        {
            return TypedResults.NotFound();
        }
        return format switch
        {
            "txt" => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(new TextTemplate(questionnaire).Generate(language, options.Mailbox, privacy.Value.NoticeUrlIn(language))),
                "text/plain; charset=utf-8", $"regin-template-{language}.txt"),
            "docx" => TypedResults.File(new DocxTemplate(questionnaire).Generate(language, options.Mailbox, privacy.Value.NoticeUrlIn(language)),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"regin-template-{language}.docx"),
            _ => TypedResults.NotFound(),
        };
    }
}
