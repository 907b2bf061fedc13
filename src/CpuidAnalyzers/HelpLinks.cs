namespace CpuidAnalyzers;

/// <summary>
/// Where each rule's page lives; a test checks every link has its docs/rules page. The address comes
/// from the MSBuild property CpuidAnalyzersRepositoryUrl (Directory.Build.props), generated into
/// <see cref="RepositoryInfo"/> at build time, so a fork sets it once.
/// </summary>
internal static class HelpLinks
{
    public const string RulesBase = RepositoryInfo.Url + "/blob/" + RepositoryInfo.Branch + "/docs/rules/";

    public static string For(string ruleId) => RulesBase + ruleId + ".md";
}
