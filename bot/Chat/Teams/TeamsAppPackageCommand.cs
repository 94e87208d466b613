using Microsoft.Extensions.Configuration;
using Regin.Bot.Extensions;
using Regin.Core.Questionnaire;

namespace Regin.Bot.Chat.Teams;

/// <summary>
/// `Regin.Bot --teams-package PATH`: writes the Teams app package from the configuration (appsettings.json, environment
/// variables, command line) and exits. The build runs it after compiling the bot (target ReginTeamsPackage).
/// </summary>
public static class TeamsAppPackageCommand
{
    public const string Switch = "--teams-package";

    public static bool TryRun(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var at = Array.IndexOf(args, Switch);
        if (at < 0)
        {
            return false;
        }
        var output = at + 1 < args.Length ? args[at + 1] : TeamsAppPackage.DefaultFileName;
        var rest = args.Where((_, i) => i != at && i != at + 1).ToArray();
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(rest)
            .Build();
        var questionnairePath = configuration["Questionnaire:Path"];
        var questionnaire = string.IsNullOrEmpty(questionnairePath) ? QuestionnaireLoader.LoadEmbedded() : QuestionnaireLoader.LoadFile(questionnairePath);
        var options = configuration.GetSection(TeamsAppOptions.SectionName).Get<TeamsAppOptions>() ?? new TeamsAppOptions();
        // The package is built once at build time: a wrong setting stops here with its name, not in Teams' upload.
        System.ComponentModel.DataAnnotations.Validator.ValidateObject(options, new System.ComponentModel.DataAnnotations.ValidationContext(options), validateAllProperties: true);
        var baseUrl = configuration["Chat:PublicBaseUrl"] is { Length: > 0 } configured ? configured
            : (configuration["Urls"] ?? ChatExtensions.DefaultBaseUrl).Split(';')[0];
        var package = TeamsAppPackage.Build(questionnaire, options, configuration["MicrosoftAppId"] ?? "", baseUrl);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllBytes(output, package);
        Console.WriteLine($"Teams app package: {Path.GetFullPath(output)}");
        return true;
    }
}
