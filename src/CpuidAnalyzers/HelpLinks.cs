namespace CpuidAnalyzers;

/// <summary>Where each rule's page lives; a test checks every link has its docs/rules page.</summary>
internal static class HelpLinks
{
    public const string RulesBase = "https://github.com/cpuid-analyzers/CpuidAnalyzers/blob/main/docs/rules/";

    public static string For(string ruleId) => RulesBase + ruleId + ".md";
}
